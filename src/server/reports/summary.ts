// The summary by territory of an open period, read from the month tables of migration 0031
// instead of counted from every application of the period — the operator's (the whole region) and
// a methodist's of one territory. Anything else (another dimension, two dimensions, a provider's or
// a department's scope, a methodist of several territories, whose total of distinct courses is not
// a sum of her territories' rows) is counted live by queries.ts, which stays the reference: the
// tests compare the two.
//
// A period is cut into its whole months, read from summary_facts, and the days before the first
// and after the last whole month, counted live as before; the courses of the two are disjoint (a
// course belongs to the month of its first day), so even the distinct counts add up. The submitted
// applications of the whole months are counted live too, from applications_course_idx (keys: the
// course, then the state), so that applying writes nothing to the tables; a submitted application
// is in no group and has no document, so all it adds is itself.
//
// Freshness. The triggers of migration 0031 append the months a change touches to
// summary_facts_stale / summary_teachers_stale, in the transaction of the change. A job recounts
// every stale month each minute (`recountStaleMonths`), and before a summary is read, each of its
// months still stale is recounted in a short transaction of its own that
//   1. takes pg_advisory_xact_lock(key, month) — only recounts take it, so two recounts of one
//      month run one after the other, and writers never wait for it; then
//   2. in ONE statement (one snapshot: data-modifying CTEs) deletes the month's marks visible to it,
//      counts the month live and upserts its rows (only if it deleted a mark: a recount that waited
//      for another one finds the marks gone and does nothing).
// A change committed before that snapshot is seen by the count and its mark is deleted with it; a
// change whose transaction commits after it is not seen, and neither is its mark, which is not
// deleted, so the month stays stale and the next summary recounts it. A mark is never deleted
// without its change having been counted. Hence the marks table needs no unique index (which would
// make two writers of one month wait for each other) and the writers take no lock at all.
import { type RawBuilder, sql } from 'kysely';
import { APPLICATION_STATUSES } from '../../contract/reports.js';
import type { Actor } from '../access/actor.js';
import { scopeOf } from '../access/scope.js';
import { shiftDate } from '../clock.js';
import type { Database } from '../db/database.js';
import type { ApplicationStatus } from '../db/schema.js';
import { type FactCounts, liveFacts, type TeacherCounts } from './queries.js';

/** The first argument of the recounts' advisory locks (the second is the month). */
const FACTS_LOCK = 30_301;
const TEACHERS_LOCK = 30_302;
/** summary_teachers' month of the teachers with no CPD. */
const NO_CPD = '-infinity';

const addDays = (day: string, n: number) => shiftDate(day, n, 'day');
const monthStart = (day: string) => `${day.slice(0, 7)}-01`;
const nextMonth = (day: string) => shiftDate(monthStart(day), 1, 'month');
const monthLock = (month: string) =>
  month === NO_CPD ? 0 : Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));

/** The whole months of [from, to]: the first one's first day and the last one's last day, or null. */
export function wholeMonths(from: string, to: string) {
  const first = from.endsWith('-01') ? from : nextMonth(from);
  const last = addDays(nextMonth(to), -1) === to ? to : addDays(monthStart(to), -1);
  return first <= last ? { first, last } : null;
}

/**
 * The one territory whose facts the actor counts, 'all' for the operator, or null when the summary
 * table cannot answer (a provider's or a department's scope, several territories).
 */
function tableScope(actor: Actor): 'all' | number | null {
  const scope = scopeOf(actor);
  if (scope.all) return 'all';
  const territories = scope.territories('methodist');
  if (scope.departments('head', 'manager').length || scope.providers('provider_admin').length) return null;
  return territories.length === 1 ? (territories[0] as number) : null;
}

const ids = (list: number[]) => sql.join(list.map((i) => sql`${i}`));
const STATES = APPLICATION_STATUSES.filter((s) => s !== 'submitted');

/** The measures of facts (alias f) by territory (0: all of them), as summary_facts holds them. */
const measures = (facts: RawBuilder<unknown>, where: RawBuilder<unknown>) => sql`
  SELECT CASE WHEN grouping(f.territory_id) <> 0 THEN 0 ELSE f.territory_id END AS territory_id,
         count(DISTINCT f.course_id) FILTER (WHERE f.group_id IS NOT NULL)::integer AS courses,
         count(DISTINCT f.group_id)::integer AS groups,
         count(*)::integer AS applications,
         count(*) FILTER (WHERE f.status = 'submitted')::integer AS submitted,
         ${sql.join(STATES.map((s) => sql`count(*) FILTER (WHERE f.status = ${s})::integer AS ${sql.ref(s)}`))},
         count(*) FILTER (WHERE f.group_id IS NOT NULL)::integer AS in_group,
         coalesce(sum(f.hours) FILTER (WHERE f.status = 'completed'), 0)::bigint AS person_hours,
         coalesce(sum(f.documents), 0)::integer AS documents
    FROM (${facts}) f
   WHERE ${where}
   GROUP BY GROUPING SETS ((f.territory_id), ())`;

const COLUMNS = ['courses', 'groups', 'applications', ...STATES, 'in_group', 'person_hours', 'documents'];

async function recountFacts(db: Database, month: string) {
  const end = addDays(nextMonth(month), -1);
  const cols = sql.raw(COLUMNS.join(', '));
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${FACTS_LOCK}::integer, ${monthLock(month)}::integer)`.execute(
      trx,
    );
    await sql`
      WITH gone AS (DELETE FROM summary_facts_stale WHERE month = ${month}::date RETURNING 1),
           live AS (${measures(liveFacts(month, end), sql`f.status <> 'submitted'`)}),
           keys AS (SELECT territory_id FROM live
                    UNION SELECT territory_id FROM summary_facts WHERE month = ${month}::date)
      INSERT INTO summary_facts (month, territory_id, ${cols})
      SELECT ${month}::date, k.territory_id,
             ${sql.join(COLUMNS.map((c) => sql`coalesce(l.${sql.ref(c)}, 0)`))}
        FROM keys k LEFT JOIN live l ON l.territory_id = k.territory_id
       WHERE EXISTS (SELECT 1 FROM gone)
      ON CONFLICT (month, territory_id) DO UPDATE
        SET ${sql.join(COLUMNS.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`))}`.execute(trx);
  });
}

async function recountTeachers(db: Database, month: string) {
  const which =
    month === NO_CPD
      ? sql`tp.last_cpd_on IS NULL`
      : sql`tp.last_cpd_on >= ${month}::date AND tp.last_cpd_on < ${nextMonth(month)}::date`;
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${TEACHERS_LOCK}::integer, ${monthLock(month)}::integer)`.execute(
      trx,
    );
    await sql`
      WITH gone AS (DELETE FROM summary_teachers_stale WHERE month = ${month}::date RETURNING 1),
           live AS (SELECT o.territory_id, count(*)::integer AS teachers
                      FROM teacher_profiles tp JOIN organizations o ON o.id = tp.organization_id
                     WHERE ${which}
                     GROUP BY o.territory_id),
           keys AS (SELECT territory_id FROM live
                    UNION SELECT territory_id FROM summary_teachers WHERE month = ${month}::date)
      INSERT INTO summary_teachers (month, territory_id, teachers)
      SELECT ${month}::date, k.territory_id, coalesce(l.teachers, 0)
        FROM keys k LEFT JOIN live l ON l.territory_id = k.territory_id
       WHERE EXISTS (SELECT 1 FROM gone)
      ON CONFLICT (month, territory_id) DO UPDATE SET teachers = excluded.teachers`.execute(trx);
  });
}

/** Recounts the stale months of facts among [first, last] (first days of months), or all of them. */
async function freshFacts(db: Database, first?: string, last?: string) {
  const among = first && last ? sql`WHERE month >= ${first}::date AND month <= ${last}::date` : sql``;
  const { rows } = await sql<{ month: string }>`
    SELECT DISTINCT month::text AS month FROM summary_facts_stale ${among} ORDER BY 1`.execute(db);
  for (const { month } of rows) await recountFacts(db, month);
}

async function freshTeachers(db: Database) {
  const { rows } = await sql<{ month: string }>`
    SELECT DISTINCT month::text AS month FROM summary_teachers_stale ORDER BY 1`.execute(db);
  for (const { month } of rows) await recountTeachers(db, month);
}

/**
 * Recounts every stale month of both tables: the periodic job's work (jobs/definitions), so that
 * a summary seldom finds a month to recount — after a day of bulk changes (an import, a year's
 * archive) the first reader would otherwise pay for all of them (nationally about 8 s).
 */
export async function recountStaleMonths(db: Database) {
  await freshFacts(db);
  await freshTeachers(db);
}

/**
 * The facts by territory and their total for [from, to] live, from the month table where it can,
 * or null when the table cannot answer for this actor or period (the caller counts live then).
 * Stale months are recounted first.
 */
export async function summaryFacts(
  db: Database,
  actor: Actor,
  from: string,
  to: string,
): Promise<FactCounts[] | null> {
  const scope = tableScope(actor);
  const whole = wholeMonths(from, to);
  if (scope === null || !whole) return null;
  await freshFacts(db, whole.first, monthStart(whole.last));
  const mine = (column: RawBuilder<unknown>) => (scope === 'all' ? sql`true` : sql`${column} = ${scope}`);
  const cols = sql.raw(COLUMNS.join(', '));
  // The table's rows: the operator's with the all-territory rows as the total; a methodist's
  // territory's rows twice, as the territory and as the total.
  const months = sql`month >= ${whole.first}::date AND month <= ${whole.last}::date`;
  const stored =
    scope === 'all'
      ? sql`SELECT territory_id, ${cols}, 0 AS submitted FROM summary_facts WHERE ${months}`
      : sql`SELECT territory_id, ${cols}, 0 AS submitted FROM summary_facts WHERE ${months} AND territory_id = ${scope}
            UNION ALL
            SELECT 0, ${cols}, 0 FROM summary_facts WHERE ${months} AND territory_id = ${scope}`;
  const partial = [
    ...(from < whole.first ? [liveFacts(from, addDays(whole.first, -1))] : []),
    ...(whole.last < to ? [liveFacts(addDays(whole.last, 1), to)] : []),
  ];
  const live = partial.length
    ? sql`UNION ALL SELECT territory_id, ${cols}, submitted FROM (${measures(
        sql.join(partial, sql` UNION ALL `),
        mine(sql`f.territory_id`),
      )}) p`
    : sql``;
  const zeros = sql.raw(
    COLUMNS.map((c) => (c === 'applications' ? 'count(*)::integer' : `0 AS ${c}`)).join(', '),
  );
  // Per course of the whole months, its submitted applications of the territory from
  // applications_course_idx (course, state, territory). The lateral subquery (OFFSET 0 keeps it
  // one) fixes that path: as a join, the generic plan of a methodist's summary read her whole
  // territory from the basket's index and dropped all but the submitted ones (nationally the
  // capital's million applications, 2.4 s, against 0.15 s by course).
  const submitted = sql`
    UNION ALL
    SELECT CASE WHEN grouping(a.territory_id) <> 0 THEN 0 ELSE a.territory_id END, ${zeros},
           count(*)::integer AS submitted
      FROM courses c
     CROSS JOIN LATERAL (SELECT a.territory_id FROM applications a
                          WHERE a.course_id = c.id AND a.status = 'submitted' AND ${mine(sql`a.territory_id`)}
                         OFFSET 0) a
     WHERE c.starts_on >= ${whole.first} AND c.starts_on <= ${whole.last}
     GROUP BY GROUPING SETS ((a.territory_id), ())`;
  const { rows } = await sql<Record<string, number | string | null>>`
    WITH parts AS (${stored} ${live} ${submitted})
    SELECT p.territory_id AS k, min(t.name) AS name,
           ${sql.join(
             [...COLUMNS, 'submitted'].map(
               (c, i) => sql`coalesce(sum(p.${sql.ref(c)}), 0)::bigint AS ${sql.raw(`"c${i}"`)}`,
             ),
           )}
      FROM parts p LEFT JOIN territories t ON t.id = p.territory_id
     GROUP BY p.territory_id
    HAVING p.territory_id = 0 OR sum(p.applications) > 0`.execute(db);
  // The total (territory 0) is always there: the submitted part's empty grouping set gives a row
  // even when there is nothing to count, as the live count's does.
  return rows.map((r): FactCounts => {
    // Aliases the case plugin leaves as they are: c0, c1… in the order of COLUMNS, then submitted.
    const n = (c: string) => Number(r[`c${[...COLUMNS, 'submitted'].indexOf(c)}`] ?? 0);
    const total = Number(r.k) === 0;
    return {
      key: total ? null : String(r.k),
      name: total ? null : (r.name as string),
      key2: null,
      name2: null,
      total,
      courses: n('courses'),
      groups: n('groups'),
      applications: n('applications'),
      byState: Object.fromEntries(APPLICATION_STATUSES.map((s) => [s, n(s)])) as Record<
        ApplicationStatus,
        number
      >,
      enrolled: n('in_group'),
      completed: n('completed'),
      notCompleted: n('not_completed'),
      noShow: n('no_show'),
      personHours: n('person_hours'),
      documents: n('documents'),
    };
  });
}

/**
 * The teachers by territory and their total, and those whose last CPD is on or after `since`,
 * from the month table; null when the actor counts no teachers. The month `since` falls in is
 * counted live (teacher_profiles_last_cpd_idx), the later ones read from the table.
 */
export async function summaryTeachers(
  db: Database,
  actor: Actor,
  since: string,
): Promise<TeacherCounts[] | null> {
  const scope = scopeOf(actor);
  const territories = scope.all ? null : scope.territories('methodist');
  if (territories && !territories.length) return null;
  await freshTeachers(db);
  const mine = (column: RawBuilder<unknown>) =>
    territories ? sql`${column} IN (${ids(territories)})` : sql`true`;
  const after = nextMonth(since);
  const { rows } = await sql<{ k: number | null; name: string | null; teachers: number; withCpd: number }>`
    WITH parts AS (
      SELECT territory_id, teachers, CASE WHEN month >= ${after}::date THEN teachers ELSE 0 END AS with_cpd
        FROM summary_teachers WHERE ${mine(sql`territory_id`)}
      UNION ALL
      SELECT o.territory_id, 0, 1
        FROM teacher_profiles tp JOIN organizations o ON o.id = tp.organization_id
       WHERE tp.last_cpd_on >= ${since}::date AND tp.last_cpd_on < ${after}::date AND ${mine(sql`o.territory_id`)})
    SELECT p.territory_id AS k, CASE WHEN grouping(p.territory_id) = 0 THEN min(t.name) END AS name,
           coalesce(sum(p.teachers), 0)::bigint AS teachers, coalesce(sum(p.with_cpd), 0)::bigint AS "withCpd"
      FROM parts p LEFT JOIN territories t ON t.id = p.territory_id
     GROUP BY GROUPING SETS ((p.territory_id), ())
    HAVING grouping(p.territory_id) <> 0 OR sum(p.teachers) > 0`.execute(db);
  return rows.map((r) => ({
    key: r.k === null ? null : String(r.k),
    name: r.name,
    key2: null,
    name2: null,
    total: r.k === null,
    teachers: Number(r.teachers),
    withCpd: Number(r.withCpd),
  }));
}
