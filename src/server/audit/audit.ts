// The append-only audit log: who, when, what, before → after. Every use case writes its row
// inside its own transaction with an explicit call, so a change and its record commit together.
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Actor, RequestMeta } from '../access/actor.js';
import type { DB } from '../db/schema.js';

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
  /** The login name tried, for failed logins (no actor yet). */
  login?: string | null;
  /** Who acted when there is no session yet: the user who just signed in or signed up. */
  actorId?: number;
};

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

/** The row `recordAudit` writes: for use cases that write many rows, or one inside a larger statement. */
export function auditRow(
  at: Date,
  who: { actor: Actor | null; meta: RequestMeta | null },
  entry: AuditEntry,
): Insertable<DB['auditEvents']> {
  return {
    at,
    actorId: who.actor?.userId ?? entry.actorId ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
    before: json(entry.before),
    after: json(entry.after),
    login: entry.login ?? who.actor?.login ?? null,
    ip: who.meta?.ip ?? null,
  };
}

export async function recordAudit(
  db: Kysely<DB> | Transaction<DB>,
  at: Date,
  who: { actor: Actor | null; meta: RequestMeta | null },
  entry: AuditEntry | AuditEntry[],
): Promise<void> {
  const entries = Array.isArray(entry) ? entry : [entry];
  if (entries.length === 0) return;
  await db
    .insertInto('auditEvents')
    .values(entries.map((e) => auditRow(at, who, e)))
    .execute();
}

/** Only the fields that changed, on both sides: what the audit row keeps of an update. */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    const old = before[key];
    // Lists and objects (a schedule, target positions) are compared by their content.
    const same =
      old instanceof Date && value instanceof Date
        ? old.getTime() === value.getTime()
        : JSON.stringify(old) === JSON.stringify(value);
    if (!same && value !== undefined) {
      b[key] = old;
      a[key] = value;
    }
  }
  return { before: b, after: a, changed: Object.keys(a).length > 0 };
}
