// Browsing the audit log: the operator's only (policy.ts).
import type { AuditListQuery } from '../../contract/audit.js';
import type { Actor, Who } from '../access/actor.js';
import type { Ctx } from '../context.js';
import { auditPolicy } from './policy.js';
import * as q from './queries.js';

type Signed = Who & { actor: Actor };

export function findAuditEvents(ctx: Ctx, who: Signed, filters: AuditListQuery) {
  auditPolicy.authorize(who.actor, 'audit.view', null);
  return q.findAuditEvents(ctx.db, filters);
}
