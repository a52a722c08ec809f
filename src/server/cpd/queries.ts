// The SQL of CPD histories and the overdue list. A teacher's last completed course is
// `teacher_profiles.last_cpd_on`, kept by the database's triggers (migration 0013) whoever records
// a result or a record; the overdue list reads it through its index and applies the rule of
// rule.ts in SQL with the same date arithmetic (a date plus three years, 29 February → 28 February).
import { type RawBuilder, sql } from 'kysely';
import type { ApplicationStatus } from '../../contract/applications.js';
import type { CpdRule, OverdueExportQuery, OverdueSort } from '../../contract/cpd.js';
import type { Actor } from '../access/actor.js';
import { scopeOf } from '../access/scope.js';
import type { Database } from '../db/database.js';
import { fullName } from '../db/sql.js';

/** The teacher's card: who and where (undefined: no such teacher). */
export const teacherOf = (db: Database, teacherId: number) =>
  db
    .selectFrom('teacherProfiles as tp')
    .innerJoin('users as u', 'u.id', 'tp.userId')
    .innerJoin('organizations as o', 'o.id', 'tp.organizationId')
    .innerJoin('territories as t', 't.id', 'o.territoryId')
    .where('tp.userId', '=', teacherId)
    .select([
      'tp.userId as id',
      fullName('u').as('fullName'),
      'o.name as organizationName',
      'o.territoryId',
      't.name as territoryName',
      'tp.position',
      'tp.lastCpdOn',
    ])
    .executeTakeFirst();

export type CpdRow = {
  courseId: number | null;
  recordId: number | null;
  programTitle: string;
  providerName: string;
  hours: number;
  startsOn: string;
  endsOn: string;
  status: ApplicationStatus;
  /** The Bank's valid document of the application, if issued. */
  certificateId: number | null;
  documentKind: string | null;
  documentSeries: string | null;
  documentNumber: string | null;
  issuedOn: string | null;
};

/**
 * The teacher's courses: the Bank's she learned on (in a group, completed or not), with the
 * program as the course showed it, and the records of courses before the Bank; the latest first.
 */
export async function historyOf(db: Database, teacherId: number): Promise<CpdRow[]> {
  const { rows } = await sql<CpdRow>`
    SELECT c.id AS "courseId", NULL::integer AS "recordId",
           coalesce(c.program_snapshot->>'title', p.title) AS "programTitle",
           pr.name AS "providerName",
           coalesce((c.program_snapshot->>'hours')::integer, p.hours) AS hours,
           c.starts_on AS "startsOn", c.ends_on AS "endsOn", a.status,
           ct.id AS "certificateId", ct.kind AS "documentKind", ct.blank_series AS "documentSeries",
           ct.registration_number AS "documentNumber", ct.issued_on AS "issuedOn"
      FROM applications a
      LEFT JOIN certificates ct ON ct.application_id = a.id AND ct.revoked_at IS NULL
      JOIN courses c ON c.id = a.course_id
      JOIN programs p ON p.id = c.program_id
      JOIN departments d ON d.id = c.department_id
      JOIN providers pr ON pr.id = d.provider_id
     WHERE a.teacher_id = ${teacherId} AND a.status IN ('enrolled', 'completed', 'not_completed')
    UNION ALL
    SELECT NULL, e.id, e.program_title, e.provider_name, e.hours, e.starts_on, e.ends_on, 'completed',
           NULL, e.document_kind, e.document_series, e.document_number, e.issued_on
      FROM external_cpd e
     WHERE e.teacher_id = ${teacherId}
     ORDER BY "endsOn" DESC, "startsOn" DESC, "courseId" DESC NULLS LAST, "recordId" DESC`.execute(db);
  return rows;
}

export const externalRecord = (db: Database, teacherId: number, recordId: number) =>
  db
    .selectFrom('externalCpd')
    .where('teacherId', '=', teacherId)
    .where('id', '=', recordId)
    .selectAll()
    .executeTakeFirst();

// --- the overdue list

export type OverdueRow = {
  teacherId: number;
  fullName: string;
  organizationId: number;
  organizationName: string;
  territoryName: string;
  position: string;
  lastCompletedOn: string | null;
  dueOn: string | null;
  rule: Exclude<CpdRule, 'ok'>;
};

const ORDER: Record<OverdueSort, RawBuilder<unknown>> = {
  dueOn: sql`k.due_on ASC NULLS FIRST, k.user_id`,
  name: sql`(SELECT concat_ws(' ', u.last_name, u.first_name, u.middle_name) FROM users u WHERE u.id = k.user_id),
            k.user_id`,
  organization: sql`(SELECT o.name FROM organizations o WHERE o.id = k.organization_id),
                    k.due_on ASC NULLS FIRST, k.user_id`,
};

/**
 * Teachers whose rule is `overdue` or `due` today, those the actor sees (a methodist her
 * territories', the operator all), filtered; one statement gives the page, its total and the
 * count of each state. `page` null: every row (an export).
 */
export async function overdueTeachers(
  db: Database,
  actor: Actor,
  f: OverdueExportQuery,
  days: { today: string; limit: string },
  page: { limit: number; offset: number } | null,
) {
  const scope = scopeOf(actor);
  const territories = scope.territories('methodist');
  const conditions: RawBuilder<unknown>[] = [];
  if (!scope.all)
    conditions.push(
      territories.length
        ? sql`tp.organization_id IN (SELECT so.id FROM organizations so
                WHERE so.territory_id IN (${sql.join(territories)}))`
        : sql`false`,
    );
  if (f.territoryId !== undefined)
    conditions.push(
      sql`tp.organization_id IN (SELECT fo.id FROM organizations fo WHERE fo.territory_id = ${f.territoryId})`,
    );
  if (f.organizationId !== undefined) conditions.push(sql`tp.organization_id = ${f.organizationId}`);
  if (f.positionId !== undefined)
    conditions.push(sql`tp.position = (SELECT ps.name FROM positions ps WHERE ps.id = ${f.positionId})`);
  // Never completed, or completed long enough ago: two ranges of the index, each read from the index alone.
  const where = conditions.length ? sql`AND ${sql.join(conditions, sql` AND `)}` : sql``;
  const ruleFilter = f.rule ? sql`k.rule = ${f.rule}` : sql`true`;
  const window = page ? sql`LIMIT ${page.limit} OFFSET ${page.offset}` : sql``;
  const { rows } = await sql<{
    overdue: number;
    due: number;
    total: number;
    teacherId: number | null;
    fullName: string;
    organizationId: number;
    organizationName: string;
    territoryName: string;
    position: string;
    lastCompletedOn: string | null;
    dueOn: string | null;
    rule: Exclude<CpdRule, 'ok'>;
  }>`
    WITH r AS (
      SELECT tp.user_id, tp.organization_id, tp.position, tp.last_cpd_on, NULL::date AS due_on
        FROM teacher_profiles tp
       WHERE tp.last_cpd_on IS NULL ${where}
      UNION ALL
      SELECT tp.user_id, tp.organization_id, tp.position, tp.last_cpd_on,
             (tp.last_cpd_on + interval '3 years')::date
        FROM teacher_profiles tp
       WHERE tp.last_cpd_on < (${days.limit}::date - interval '3 years')::date + 3 ${where}
    ), k AS (
      SELECT r.*, CASE WHEN r.due_on IS NULL OR r.due_on < ${days.today}::date THEN 'overdue' ELSE 'due' END AS rule
        FROM r
       WHERE r.due_on IS NULL OR r.due_on <= ${days.limit}::date
    )
    SELECT n.overdue::integer AS overdue, n.due::integer AS due, n.total::integer AS total,
           pg.user_id AS "teacherId", ${fullName('u')} AS "fullName",
           pg.organization_id AS "organizationId", o.name AS "organizationName",
           t.name AS "territoryName", pg.position, pg.last_cpd_on AS "lastCompletedOn",
           pg.due_on AS "dueOn", pg.rule
      FROM (SELECT count(*) FILTER (WHERE k.rule = 'overdue') AS overdue,
                   count(*) FILTER (WHERE k.rule = 'due') AS due,
                   count(*) FILTER (WHERE ${ruleFilter}) AS total
              FROM k) n
      LEFT JOIN LATERAL (
        SELECT k.*, row_number() OVER (ORDER BY ${ORDER[f.sort]}) AS ord
          FROM k
         WHERE ${ruleFilter}
         ORDER BY ${ORDER[f.sort]}
         ${window}
      ) pg ON true
      LEFT JOIN users u ON u.id = pg.user_id
      LEFT JOIN organizations o ON o.id = pg.organization_id
      LEFT JOIN territories t ON t.id = o.territory_id
     ORDER BY pg.ord`.execute(db);
  const first = rows[0];
  return {
    counts: { overdue: first?.overdue ?? 0, due: first?.due ?? 0 },
    total: first?.total ?? 0,
    items: rows.flatMap(({ overdue: _o, due: _d, total: _t, teacherId, ...rest }) =>
      teacherId === null ? [] : [{ teacherId, ...rest } as OverdueRow],
    ),
  };
}
