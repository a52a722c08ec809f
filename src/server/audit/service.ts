// Browsing the audit log: the operator's only (policy.ts).
import type { AuditExportQuery, AuditListQuery } from '../../contract/audit.js';
import type { Actor, Who } from '../access/actor.js';
import type { Ctx } from '../context.js';
import { XLSX_MAX_ROWS } from '../http/xlsx.js';
import { recordAudit } from './audit.js';
import { auditPolicy } from './policy.js';
import * as q from './queries.js';

type Signed = Who & { actor: Actor };

export function findAuditEvents(ctx: Ctx, who: Signed, filters: AuditListQuery) {
  auditPolicy.authorize(who.actor, 'audit.view', null);
  return q.findAuditEvents(ctx.db, filters);
}

/**
 * The filtered log as a spreadsheet's rows, in batches (at most XLSX_MAX_ROWS). It carries logins,
 * names and addresses, so the export is itself recorded, before its first row is read. The names of
 * the territories, providers and departments its changes refer to come with it.
 */
export async function exportAuditEvents(ctx: Ctx, who: Signed, filters: AuditExportQuery) {
  auditPolicy.authorize(who.actor, 'audit.view', null);
  await recordAudit(ctx.db, ctx.now(), who, {
    action: 'audit.exported',
    entityType: 'audit_event',
    after: { filters },
  });
  return { names: await q.recordNames(ctx.db), batches: q.allAuditEvents(ctx.db, filters, XLSX_MAX_ROWS) };
}
