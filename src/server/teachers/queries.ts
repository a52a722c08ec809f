// The SQL of the teachers' list and card. The CPD state is the three-year rule of cpd/rule.ts
// applied in SQL to `teacher_profiles.last_cpd_on` with the same date arithmetic the cpd module's
// overdue list uses (a date plus three years; `today` and the warning limit come from rule.ts), so
// that the list filters and sorts by it; the rows themselves are presented through rule.ts.
import { type RawBuilder, sql } from 'kysely';
import { ACTIVE_STATUSES } from '../../contract/applications.js';
import type { AccountState, TeacherExportQuery, TeacherSortField } from '../../contract/teachers.js';
import type { Actor } from '../access/actor.js';
import { scopeOf } from '../access/scope.js';
import type { Database } from '../db/database.js';
import { likePattern } from '../http/pagination.js';

export type TeacherListRow = {
  id: number;
  fullName: string;
  position: string;
  organizationId: number;
  organizationName: string;
  territoryId: number;
  territoryName: string;
  email: string | null;
  emailConfirmed: boolean;
  account: AccountState;
  activeApplications: number;
  totalApplications: number;
  lastCpdOn: string | null;
};

const NAME = sql`x.last_name, x.first_name, x.middle_name`;
const ORDER: Record<TeacherSortField, RawBuilder<unknown>> = {
  name: NAME,
  organization: sql`x.organization_name`,
  position: sql`x.position`,
  emailConfirmed: sql`x.email_confirmed`,
  account: sql`x.account`,
  applications: sql`x.active_applications`,
  lastCpdOn: sql`x.last_cpd_on`,
};

const orderOf = (sort: TeacherExportQuery['sort']) => {
  const field = (sort?.replace(/^-/, '') ?? 'name') as TeacherSortField;
  const dir = sort?.startsWith('-') ? sql`DESC` : sql`ASC`;
  // Empty dates (no CPD) read as the oldest: first when ascending, as the overdue list puts them.
  const nulls = sort?.startsWith('-') ? sql`NULLS LAST` : sql`NULLS FIRST`;
  return field === 'name'
    ? sql`x.last_name ${dir}, x.first_name ${dir}, x.middle_name ${dir} ${nulls}, x.id`
    : sql`${ORDER[field]} ${dir} ${nulls}, ${NAME}, x.id`;
};

/** The scope of the actor in SQL: a methodist's territories, everything for the operator. */
function scopeCondition(actor: Actor): RawBuilder<unknown> {
  const scope = scopeOf(actor);
  if (scope.all) return sql`true`;
  const territories = scope.territories('methodist');
  return territories.length ? sql`o.territory_id IN (${sql.join(territories)})` : sql`false`;
}

/**
 * The teachers the actor sees, filtered and sorted: one page and the total (an export asks for
 * one long page).
 */
export async function teacherList(
  db: Database,
  actor: Actor,
  f: TeacherExportQuery,
  days: { today: string; limit: string },
  page: { limit: number; offset: number },
) {
  const conditions: RawBuilder<unknown>[] = [scopeCondition(actor)];
  if (f.territoryId !== undefined) conditions.push(sql`o.territory_id = ${f.territoryId}`);
  if (f.organizationId !== undefined) conditions.push(sql`tp.organization_id = ${f.organizationId}`);
  if (f.position) conditions.push(sql`tp.position = ${f.position}`);
  if (f.q)
    conditions.push(sql`concat_ws(' ', u.last_name, u.first_name, u.middle_name) ILIKE ${likePattern(f.q)}`);
  const account = f.account ?? null;
  if (account === null) conditions.push(sql`u.blocked_at IS NULL`);
  else if (account === 'blocked') conditions.push(sql`u.blocked_at IS NOT NULL`);
  else if (account === 'invited') conditions.push(sql`u.blocked_at IS NULL AND u.invited_at IS NOT NULL`);
  else if (account === 'active') conditions.push(sql`u.blocked_at IS NULL AND u.invited_at IS NULL`);
  const due = sql`(tp.last_cpd_on + interval '3 years')::date`;
  const rule = sql`CASE WHEN tp.last_cpd_on IS NULL OR ${due} < ${days.today}::date THEN 'overdue'
                        WHEN ${due} <= ${days.limit}::date THEN 'due' ELSE 'ok' END`;
  if (f.cpd) conditions.push(sql`${rule} = ${f.cpd}`);
  const { rows } = await sql<TeacherListRow & { total: number }>`
    SELECT x.*, count(*) OVER ()::integer AS total FROM (
      SELECT u.id, u.last_name, u.first_name, u.middle_name,
             concat_ws(' ', u.last_name, u.first_name, u.middle_name) AS "fullName",
             tp.position, tp.organization_id AS "organizationId", o.name AS "organizationName",
             o.name AS organization_name, o.territory_id AS "territoryId", t.name AS "territoryName",
             u.email, (u.email_confirmed_at IS NOT NULL) AS "emailConfirmed",
             (u.email_confirmed_at IS NOT NULL) AS email_confirmed,
             CASE WHEN u.blocked_at IS NOT NULL THEN 'blocked'
                  WHEN u.invited_at IS NOT NULL THEN 'invited' ELSE 'active' END AS account,
             coalesce(n.active, 0)::integer AS "activeApplications",
             coalesce(n.active, 0)::integer AS active_applications,
             coalesce(n.total, 0)::integer AS "totalApplications",
             tp.last_cpd_on AS "lastCpdOn", tp.last_cpd_on
        FROM teacher_profiles tp
        JOIN users u ON u.id = tp.user_id
        JOIN organizations o ON o.id = tp.organization_id
        JOIN territories t ON t.id = o.territory_id
        LEFT JOIN LATERAL (
          SELECT count(*) FILTER (WHERE a.status IN (${sql.join([...ACTIVE_STATUSES])})) AS active,
                 count(*) AS total
            FROM applications a WHERE a.teacher_id = tp.user_id
        ) n ON true
       WHERE ${sql.join(conditions, sql` AND `)}
    ) x
    ORDER BY ${orderOf(f.sort)}
    LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db);
  return {
    total: rows[0]?.total ?? 0,
    items: rows.map(
      (r): TeacherListRow => ({
        id: r.id,
        fullName: r.fullName,
        position: r.position,
        organizationId: r.organizationId,
        organizationName: r.organizationName,
        territoryId: r.territoryId,
        territoryName: r.territoryName,
        email: r.email,
        emailConfirmed: r.emailConfirmed,
        account: r.account,
        activeApplications: r.activeApplications,
        totalApplications: r.totalApplications,
        lastCpdOn: r.lastCpdOn,
      }),
    ),
  };
}

/** One teacher as her card shows her (undefined: no such teacher). Never СНИЛС, birth date or diploma. */
export const teacherById = (db: Database, id: number) =>
  db
    .selectFrom('teacherProfiles as tp')
    .innerJoin('users as u', 'u.id', 'tp.userId')
    .innerJoin('organizations as o', 'o.id', 'tp.organizationId')
    .innerJoin('territories as t', 't.id', 'o.territoryId')
    .where('tp.userId', '=', id)
    .select([
      'u.id',
      'u.login',
      'u.lastName',
      'u.firstName',
      'u.middleName',
      'u.email',
      'u.emailConfirmedAt',
      'u.blockedAt',
      'u.invitedAt',
      'tp.position',
      'tp.subject',
      'tp.lastCpdOn',
      'o.id as organizationId',
      'o.name as organizationName',
      'o.territoryId',
      't.name as territoryName',
    ])
    .executeTakeFirst();

export type TeacherRecord = NonNullable<Awaited<ReturnType<typeof teacherById>>>;

export const applicationsOf = (db: Database, teacherId: number) =>
  db
    .selectFrom('applications as a')
    .innerJoin('courses as c', 'c.id', 'a.courseId')
    .innerJoin('programs as p', 'p.id', 'c.programId')
    .where('a.teacherId', '=', teacherId)
    .select(['a.id', 'a.status', 'c.id as courseId', 'p.title', 'c.startsOn', 'c.endsOn', 'a.createdAt'])
    .orderBy('a.createdAt', 'desc')
    .orderBy('a.id', 'desc')
    .execute();

export const applicationCounts = async (db: Database, teacherId: number) => {
  const row = await db
    .selectFrom('applications')
    .where('teacherId', '=', teacherId)
    .select([
      sql<number>`count(*) FILTER (WHERE status IN (${sql.join([...ACTIVE_STATUSES])}))::integer`.as(
        'active',
      ),
      sql<number>`count(*)::integer`.as('total'),
    ])
    .executeTakeFirst();
  return { active: row?.active ?? 0, total: row?.total ?? 0 };
};

export const organizationOf = (db: Database, id: number) =>
  db
    .selectFrom('organizations')
    .where('id', '=', id)
    .select(['id', 'territoryId', 'name'])
    .executeTakeFirst();

export const positionNamed = (db: Database, name: string) =>
  db.selectFrom('positions').where('name', '=', name).select('name').executeTakeFirst();

/** Whether an account already uses the address, as its login or its e-mail. */
export const emailTaken = async (db: Database, email: string) =>
  Boolean(
    await db
      .selectFrom('users')
      .where((eb) => eb.or([eb('login', '=', email), sql<boolean>`lower(btrim(email)) = ${email}`]))
      .select('id')
      .executeTakeFirst(),
  );
