// Browsing the audit log (who may is policy.ts, checked by service.ts before this query runs).
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import type { AuditExportQuery, AuditListQuery } from '../../contract/audit.js';
import type { AuditNames } from '../../contract/audit-labels.js';
import type { Database } from '../db/database.js';
import { fetchPage, likePattern } from '../http/pagination.js';

export type AuditRow = {
  id: number;
  at: Date;
  actorId: number | null;
  actorLastName: string | null;
  actorFirstName: string | null;
  actorMiddleName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  login: string | null;
  ip: string | null;
};

dayjs.extend(utc);

/** The instant a calendar date (YYYY-MM-DD) begins, UTC. */
const dayStart = (date: string) => dayjs.utc(date);

/** Events newest first, filtered; `from`/`to` are inclusive calendar days (UTC bounds). */
function auditEvents(db: Database, filters: AuditExportQuery) {
  const terms = (filters.q ?? '').split(/\s+/).filter(Boolean).slice(0, 5);
  const query = db
    .selectFrom('auditEvents as e')
    .leftJoin('users as u', 'u.id', 'e.actorId')
    .$if(filters.actorId !== undefined, (qb) => qb.where('e.actorId', '=', filters.actorId as number))
    .$if(Boolean(filters.action), (qb) => qb.where('e.action', '=', filters.action as string))
    .$if(Boolean(filters.entityType), (qb) => qb.where('e.entityType', '=', filters.entityType as string))
    .$if(Boolean(filters.entityId), (qb) => qb.where('e.entityId', '=', filters.entityId as string))
    .$if(Boolean(filters.from), (qb) => qb.where('e.at', '>=', dayStart(filters.from as string).toDate()))
    .$if(Boolean(filters.to), (qb) =>
      qb.where(
        'e.at',
        '<',
        dayStart(filters.to as string)
          .add(1, 'day')
          .toDate(),
      ),
    )
    // Each word matches the login recorded on the event, the actor's login or a part of their name.
    .$if(terms.length > 0, (qb) =>
      qb.where((eb) =>
        eb.and(
          terms.map((term) => {
            const pattern = likePattern(term);
            return eb.or([
              eb('e.login', 'ilike', pattern),
              eb('u.login', 'ilike', pattern),
              eb('u.lastName', 'ilike', pattern),
              eb('u.firstName', 'ilike', pattern),
              eb('u.middleName', 'ilike', pattern),
            ]);
          }),
        ),
      ),
    )
    .select([
      'e.id',
      'e.at',
      'e.actorId',
      'u.lastName as actorLastName',
      'u.firstName as actorFirstName',
      'u.middleName as actorMiddleName',
      'e.action',
      'e.entityType',
      'e.entityId',
      'e.before',
      'e.after',
      'e.login',
      'e.ip',
    ])
    .orderBy('e.at', 'desc')
    .orderBy('e.id', 'desc');
  return query;
}

export function findAuditEvents(
  db: Database,
  filters: AuditListQuery,
): Promise<{ items: AuditRow[]; total: number }> {
  return fetchPage(auditEvents(db, filters), filters);
}

/** The whole filtered log, newest first, in batches (an export); at most `max` events. */
export async function* allAuditEvents(
  db: Database,
  filters: AuditExportQuery,
  max: number,
  batch = 1000,
): AsyncGenerator<AuditRow[]> {
  for (let offset = 0; offset < max; offset += batch) {
    const rows = (await auditEvents(db, filters)
      .limit(Math.min(batch, max - offset))
      .offset(offset)
      .execute()) as AuditRow[];
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batch) return;
  }
}

/** The names of the records a change refers to by number (the directory's small tables, read whole). */
export async function recordNames(db: Database): Promise<AuditNames> {
  const [territories, providers, departments] = await Promise.all(
    (['territories', 'providers', 'departments'] as const).map((table) =>
      db.selectFrom(table).select(['id', 'name']).execute(),
    ),
  );
  const byId = (rows: { id: number; name: string }[] = []) =>
    new Map(rows.map((r) => [String(r.id), r.name]));
  return { territoryId: byId(territories), providerId: byId(providers), departmentId: byId(departments) };
}
