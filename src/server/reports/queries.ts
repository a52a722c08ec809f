// The statistics' SQL. Every summary is aggregated from facts: one row per application of a course
// whose first day lies in the period, with each dimension's key and name and each measure's inputs.
// The facts are read live, or — for a closed period — from the snapshot taken at closing
// (reporting_facts), through the same aggregation, so the two never count differently.
//
// Scope is here, on the facts: a methodist counts her territory's teachers' applications, the
// department's staff the applications that reached their department, a provider's administrator
// those that reached the provider, the operator all. Teachers (the CPD share) are counted for the
// operator and the methodists only: a provider does not see a territory's teachers.
import { type RawBuilder, sql } from 'kysely';
import { PROVIDER_STATUSES } from '../../contract/applications.js';
import { APPLICATION_STATUSES, type Dimension } from '../../contract/reports.js';
import type { Actor } from '../access/actor.js';
import { scopeOf } from '../access/scope.js';
import type { Database } from '../db/database.js';
import type { ApplicationStatus, PeriodKind } from '../db/schema.js';

/**
 * The facts of a period, live: the columns of reporting_facts without the period. What a summary
 * does not ask for costs nothing: the names of the application's territory and organization and
 * the teacher's position are left joins on primary keys, which PostgreSQL drops when the
 * aggregation reads none of their columns (a summary by territory joins only the territories).
 * The course's own columns (the program snapshot's title, form and hours) are worked out once per
 * course (OFFSET 0 keeps that subquery from being flattened into the per-application rows), and the
 * applications are read from applications_course_idx alone, whose INCLUDE holds every column used
 * here (migration 0025): an index-only scan of the period's courses instead of the whole table.
 * A valid document is at most one per application (certificates_valid_key), found among the
 * certificates of the same courses.
 */
export const liveFacts = (from: string, to: string) => sql`
  SELECT a.id AS application_id, a.status, a.course_id, c.course_name,
         a.group_id, a.territory_id, t.name AS territory_name, a.organization_id, o.name AS organization_name,
         coalesce(tp.position, '') AS position, c.provider_id, c.provider_name,
         c.department_id, c.department_name, c.program_id, c.program_title, c.form, c.funding, c.hours,
         (ce.application_id IS NOT NULL)::integer AS documents
    FROM (SELECT c.id, c.department_id, d.name AS department_name, d.provider_id, pr.name AS provider_name,
                 c.program_id, c.funding,
                 coalesce(c.program_snapshot->>'title', p.title) || ' (' || to_char(c.starts_on, 'DD.MM.YYYY') || ')'
                   AS course_name,
                 coalesce(c.program_snapshot->>'title', p.title) AS program_title,
                 coalesce(c.program_snapshot->>'form', p.form) AS form,
                 coalesce((c.program_snapshot->>'hours')::integer, p.hours) AS hours
            FROM courses c
            JOIN programs p ON p.id = c.program_id
            JOIN departments d ON d.id = c.department_id
            JOIN providers pr ON pr.id = d.provider_id
           WHERE c.starts_on >= ${from} AND c.starts_on <= ${to}
          OFFSET 0) c
    JOIN applications a ON a.course_id = c.id
    LEFT JOIN territories t ON t.id = a.territory_id
    LEFT JOIN organizations o ON o.id = a.organization_id
    LEFT JOIN teacher_profiles tp ON tp.user_id = a.teacher_id
    LEFT JOIN (SELECT ce.application_id
                 FROM courses cc JOIN certificates ce ON ce.course_id = cc.id
                WHERE cc.starts_on >= ${from} AND cc.starts_on <= ${to} AND ce.revoked_at IS NULL) ce
      ON ce.application_id = a.id`;

const snapshotFacts = (periodId: number) => sql`
  SELECT application_id, status, course_id, course_name, group_id, territory_id, territory_name,
         organization_id, organization_name, position, provider_id, provider_name, department_id,
         department_name, program_id, program_title, form, funding, hours, documents
    FROM reporting_facts WHERE period_id = ${periodId}`;

/**
 * The teachers, live, by organization and position: how many, and how many whose last CPD ended on
 * or after `since`. The profiles are grouped by their organization first — a number — and by the
 * position only when the summary shows positions (`byPosition`; otherwise the position is left
 * empty): hashing every profile's position text had cost as much as the rest of the count. The
 * organization's territory and the names are joined to the groups afterwards (the names as left
 * joins, dropped when the summary reads none). A methodist's territories (`territories`) are picked
 * before the grouping, so her count reads only their organizations' profiles, through
 * teacher_profiles_organization_cpd_idx.
 */
const liveTeachers = (since: string, byPosition: boolean, territories: number[] | null) => sql`
  SELECT og.territory_id, t.name AS territory_name, g.organization_id, o.name AS organization_name,
         g.position, g.teachers, g.with_cpd
    FROM (SELECT tp.organization_id, ${byPosition ? sql`tp.position` : sql`''::text`} AS position,
                 count(*)::integer AS teachers,
                 count(*) FILTER (WHERE tp.last_cpd_on >= ${since})::integer AS with_cpd
            FROM teacher_profiles tp
           ${
             territories
               ? sql`WHERE tp.organization_id IN (SELECT id FROM organizations WHERE territory_id IN (${ids(territories)}))`
               : sql``
           }
           GROUP BY tp.organization_id${byPosition ? sql`, tp.position` : sql``}) g
    JOIN organizations og ON og.id = g.organization_id
    LEFT JOIN organizations o ON o.id = g.organization_id
    LEFT JOIN territories t ON t.id = og.territory_id`;

const snapshotTeachers = (periodId: number) => sql`
  SELECT territory_id, territory_name, organization_id, organization_name, position, teachers, with_cpd
    FROM reporting_teachers WHERE period_id = ${periodId}`;

export type Source =
  | { kind: 'live'; from: string; to: string; cpdSince: string }
  | { kind: 'snapshot'; periodId: number };

const ids = (list: number[]) => sql.join(list.map((i) => sql`${i}`));
const PROVIDER_SIDE = sql.join(PROVIDER_STATUSES.map((s) => sql`${s}`));

/** The facts the actor may count (alias f). */
function factScope(actor: Actor): RawBuilder<boolean> {
  const scope = scopeOf(actor);
  if (scope.all) return sql<boolean>`true`;
  const departments = scope.departments('head', 'manager');
  const providers = scope.providers('provider_admin');
  const territories = scope.territories('methodist');
  const either = [
    ...(territories.length ? [sql`f.territory_id IN (${ids(territories)})`] : []),
    ...(departments.length
      ? [sql`(f.department_id IN (${ids(departments)}) AND f.status IN (${PROVIDER_SIDE}))`]
      : []),
    ...(providers.length
      ? [sql`(f.provider_id IN (${ids(providers)}) AND f.status IN (${PROVIDER_SIDE}))`]
      : []),
  ];
  return either.length ? sql<boolean>`(${sql.join(either, sql` OR `)})` : sql<boolean>`false`;
}

/** The teachers the actor may count (alias f), or null when the actor counts none. */
function teacherScope(actor: Actor): RawBuilder<boolean> | null {
  const scope = scopeOf(actor);
  if (scope.all) return sql<boolean>`true`;
  const territories = scope.territories('methodist');
  return territories.length ? sql<boolean>`f.territory_id IN (${ids(territories)})` : null;
}

/**
 * Each dimension's key and name over the facts (alias f); form and funding are named by the
 * presenter. The rows are grouped by the key as it is stored (a number, or text compared byte by
 * byte), and turned to text only in the answer: grouping and sorting tens of thousands of facts by
 * text in the database's collation had cost more than counting them. A group's name is the same
 * on all its facts; its min() compares bytes too, for the same reason.
 */
const DIMENSION_SQL: Record<Dimension, { key: RawBuilder<unknown>; name: RawBuilder<string> }> = {
  territory: { key: sql`f.territory_id`, name: sql`f.territory_name` },
  provider: { key: sql`f.provider_id`, name: sql`f.provider_name` },
  department: { key: sql`f.department_id`, name: sql`f.department_name` },
  program: { key: sql`f.program_id`, name: sql`f.program_title` },
  course: { key: sql`f.course_id`, name: sql`f.course_name` },
  organization: { key: sql`f.organization_id`, name: sql`f.organization_name` },
  position: { key: sql`(f.position COLLATE "C")`, name: sql`f.position` },
  form: { key: sql`(f.form COLLATE "C")`, name: sql`f.form` },
  funding: { key: sql`(f.funding COLLATE "C")`, name: sql`f.funding` },
};

export type FactCounts = {
  /** Null on the totals row. */
  key: string | null;
  name: string | null;
  key2: string | null;
  name2: string | null;
  total: boolean;
  courses: number;
  groups: number;
  applications: number;
  byState: Record<ApplicationStatus, number>;
  enrolled: number;
  completed: number;
  notCompleted: number;
  noShow: number;
  personHours: number;
  documents: number;
};

const dims = (by: Dimension[]) => {
  const [first, second] = by.map((d) => DIMENSION_SQL[d]);
  if (!first) throw new Error('a summary needs a dimension');
  return {
    k1: first.key,
    n1: sql`${first.name} COLLATE "C"`,
    k2: second ? second.key : sql<string>`NULL::text`,
    n2: second ? sql`${second.name} COLLATE "C"` : sql<string>`NULL::text`,
  };
};

/**
 * The measures by the dimensions and their totals, in one pass: the totals are their own grouping
 * set, so a count of distinct things (courses, groups) is distinct in the total too, never a sum.
 */
export async function factCounts(db: Database, actor: Actor, source: Source, by: Dimension[]) {
  const facts = source.kind === 'live' ? liveFacts(source.from, source.to) : snapshotFacts(source.periodId);
  const { k1, n1, k2, n2 } = dims(by);
  // Aliases the case plugin leaves as they are: s0, s1… in the order of APPLICATION_STATUSES.
  const states = APPLICATION_STATUSES.map(
    (s, i) => sql`count(*) FILTER (WHERE f.status = ${s})::integer AS ${sql.raw(`"s${i}"`)}`,
  );
  const { rows } = await sql<Record<string, unknown>>`
    WITH f AS (${facts})
    SELECT (${k1})::text AS k1, min(${n1}) AS n1, (${k2})::text AS k2, min(${n2}) AS n2,
           grouping(${k1}, ${k2}) <> 0 AS "isTotal",
           count(DISTINCT f.course_id) FILTER (WHERE f.group_id IS NOT NULL)::integer AS courses,
           count(DISTINCT f.group_id)::integer AS groups,
           count(*)::integer AS applications,
           ${sql.join(states)},
           count(*) FILTER (WHERE f.group_id IS NOT NULL)::integer AS enrolled,
           count(*) FILTER (WHERE f.status = 'completed')::integer AS completed,
           count(*) FILTER (WHERE f.status = 'not_completed')::integer AS "notCompleted",
           count(*) FILTER (WHERE f.status = 'no_show')::integer AS "noShow",
           coalesce(sum(f.hours) FILTER (WHERE f.status = 'completed'), 0)::bigint AS "personHours",
           coalesce(sum(f.documents), 0)::bigint AS documents
      FROM f
     WHERE ${factScope(actor)}
     GROUP BY GROUPING SETS ((${k1}, ${k2}), ())`.execute(db);
  return rows.map(
    (r): FactCounts => ({
      key: r.k1 as string | null,
      name: r.n1 as string | null,
      key2: r.k2 as string | null,
      name2: r.n2 as string | null,
      total: Boolean(r.isTotal),
      courses: Number(r.courses),
      groups: Number(r.groups),
      applications: Number(r.applications),
      byState: Object.fromEntries(APPLICATION_STATUSES.map((s, i) => [s, Number(r[`s${i}`])])) as Record<
        ApplicationStatus,
        number
      >,
      enrolled: Number(r.enrolled),
      completed: Number(r.completed),
      notCompleted: Number(r.notCompleted),
      noShow: Number(r.noShow),
      personHours: Number(r.personHours),
      documents: Number(r.documents),
    }),
  );
}

export type TeacherCounts = {
  key: string | null;
  name: string | null;
  key2: string | null;
  name2: string | null;
  total: boolean;
  teachers: number;
  withCpd: number;
};

/** Teachers and those with CPD in three years, by teacher dimensions; null when the actor counts none. */
export async function teacherCounts(
  db: Database,
  actor: Actor,
  source: Source,
  by: Dimension[],
): Promise<TeacherCounts[] | null> {
  const scope = teacherScope(actor);
  if (scope === null) return null;
  const scoped = scopeOf(actor);
  const teachers =
    source.kind === 'live'
      ? liveTeachers(
          source.cpdSince,
          by.includes('position'),
          scoped.all ? null : scoped.territories('methodist'),
        )
      : snapshotTeachers(source.periodId);
  const { k1, n1, k2, n2 } = dims(by);
  const { rows } = await sql<Record<string, unknown>>`
    WITH f AS (${teachers})
    SELECT (${k1})::text AS k1, min(${n1}) AS n1, (${k2})::text AS k2, min(${n2}) AS n2,
           grouping(${k1}, ${k2}) <> 0 AS "isTotal",
           coalesce(sum(f.teachers), 0)::bigint AS teachers, coalesce(sum(f.with_cpd), 0)::bigint AS "withCpd"
      FROM f
     WHERE ${scope}
     GROUP BY GROUPING SETS ((${k1}, ${k2}), ())`.execute(db);
  return rows.map((r) => ({
    key: r.k1 as string | null,
    name: r.n1 as string | null,
    key2: r.k2 as string | null,
    name2: r.n2 as string | null,
    total: Boolean(r.isTotal),
    teachers: Number(r.teachers),
    withCpd: Number(r.withCpd),
  }));
}

/** Copies a period's facts and teachers into its snapshot (the period is being closed). */
export async function takeSnapshot(
  db: Database,
  period: { id: number; startsOn: string; endsOn: string },
  cpdSince: string,
) {
  await sql`
    INSERT INTO reporting_facts (period_id, application_id, status, course_id, course_name, group_id,
      territory_id, territory_name, organization_id, organization_name, position, provider_id,
      provider_name, department_id, department_name, program_id, program_title, form, funding, hours,
      documents)
    SELECT ${period.id}, f.* FROM (${liveFacts(period.startsOn, period.endsOn)}) f`.execute(db);
  await sql`
    INSERT INTO reporting_teachers (period_id, territory_id, territory_name, organization_id,
      organization_name, position, teachers, with_cpd)
    SELECT ${period.id}, f.* FROM (${liveTeachers(cpdSince, true, null)}) f`.execute(db);
}

export async function dropSnapshot(db: Database, periodId: number) {
  await db.deleteFrom('reportingFacts').where('periodId', '=', periodId).execute();
  await db.deleteFrom('reportingTeachers').where('periodId', '=', periodId).execute();
}

export type PeriodRow = {
  id: number;
  name: string;
  kind: PeriodKind;
  startsOn: string;
  endsOn: string;
  closedAt: Date | null;
  closedBy: number | null;
  closedByName: string | null;
};

const periods = (db: Database) =>
  db
    .selectFrom('reportingPeriods as rp')
    .leftJoin('users as u', 'u.id', 'rp.closedBy')
    .select([
      'rp.id',
      'rp.name',
      'rp.kind',
      'rp.startsOn',
      'rp.endsOn',
      'rp.closedAt',
      'rp.closedBy',
      sql<string | null>`u.last_name || ' ' || u.first_name`.as('closedByName'),
    ]);

export const listPeriods = (db: Database): Promise<PeriodRow[]> =>
  periods(db).orderBy('rp.startsOn', 'desc').orderBy('rp.endsOn', 'asc').orderBy('rp.id').execute();

export const periodById = (db: Database, id: number): Promise<PeriodRow | undefined> =>
  periods(db).where('rp.id', '=', id).executeTakeFirst();

/** The period row locked for a change (closing, reopening, editing). */
export const lockPeriod = (db: Database, id: number) =>
  db.selectFrom('reportingPeriods').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

/** A closed period with exactly these dates: a summary of them reads its snapshot. */
export const closedPeriodOf = (db: Database, from: string, to: string): Promise<PeriodRow | undefined> =>
  periods(db)
    .where('rp.startsOn', '=', from)
    .where('rp.endsOn', '=', to)
    .where('rp.closedAt', 'is not', null)
    .orderBy('rp.closedAt')
    .executeTakeFirst();

export const periodNamed = (db: Database, name: string) =>
  db.selectFrom('reportingPeriods').select('id').where('name', '=', name).executeTakeFirst();

/** The names of what the actor's statistics cover, for the head of a spreadsheet and the page. */
export async function scopeNames(db: Database, actor: Actor) {
  const scope = scopeOf(actor);
  const names = async (table: 'territories' | 'departments' | 'providers', list: number[]) =>
    list.length
      ? (await db.selectFrom(table).select('name').where('id', 'in', list).orderBy('name').execute()).map(
          (r) => r.name,
        )
      : [];
  return {
    all: scope.all,
    territories: await names('territories', scope.territories('methodist')),
    departments: await names('departments', scope.departments('head', 'manager')),
    providers: await names('providers', scope.providers('provider_admin')),
  };
}
