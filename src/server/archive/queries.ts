// The archive's SQL. Scope is here: the department's staff find their department's courses, a
// provider's administrator the provider's, a methodist the courses her territory's teachers learned
// on, the operator all. A page is picked from archived courses alone (their partial index, in the
// order asked), and names and counts are read for the page's rows only.
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { PROVIDER_STATUSES } from '../../contract/applications.js';
import type { ArchiveExportQuery, ArchiveSort } from '../../contract/archive.js';
import type { Actor } from '../access/actor.js';
import { scopeOf } from '../access/scope.js';
import type { Database } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { fullName } from '../db/sql.js';
import { likePattern } from '../http/pagination.js';

/** Applications whose teacher learned on the course: in its group, with a result or not yet. */
export const LEARNER_STATUSES = ['enrolled', 'completed', 'not_completed'] as const;

type Eb = ExpressionBuilder<DB & { c: DB['courses']; d: DB['departments'] }, 'c' | 'd'>;

const title = sql<string>`coalesce(c.program_snapshot->>'title', p.title)`;
// The search reads only the archive's indexes (migration 0028), which carry the titles a course
// finished with; the program's title is looked up only for a course without a snapshot.
/** The title in lower case: kept on the course once it has finished (see migration 0019). */
const searchTitle = sql<string>`coalesce(c.search_title,
  (SELECT lower(p.title) FROM programs p WHERE p.id = c.program_id))`;
/** The same value as `title`, from the index. */
const sortTitle = sql<string>`coalesce(c.snapshot_title,
  (SELECT p.title FROM programs p WHERE p.id = c.program_id))`;

function courseScope(eb: Eb, actor: Actor): Expression<SqlBool> {
  const scope = scopeOf(actor);
  if (scope.all) return sql<SqlBool>`true`;
  const departments = scope.departments('head', 'manager');
  const providers = scope.providers('provider_admin');
  const territories = scope.territories('methodist');
  const either = [
    ...(departments.length ? [eb('c.departmentId', 'in', departments)] : []),
    ...(providers.length ? [eb('d.providerId', 'in', providers)] : []),
    ...(territories.length ? [taughtIn(eb, territories)] : []),
  ];
  return either.length ? eb.or(either) : sql<SqlBool>`false`;
}

/**
 * The course had learners of these territories: read from the territory's learners' index
 * (migration 0035), whose condition the states, written as literals, match in a prepared plan too.
 */
const taughtIn = (eb: Eb, territories: number[]) =>
  eb.exists(
    eb
      .selectFrom('applications as la')
      .whereRef('la.courseId', '=', 'c.id')
      .where('la.territoryId', 'in', territories)
      .where(sql<SqlBool>`la.status IN (${sql.join(LEARNER_STATUSES.map((s) => sql.lit(s)))})`)
      .select(sql`1`.as('one')),
  );

const ORDER: Record<ArchiveSort, (qb: Ordered) => Ordered> = {
  '-endsOn': (qb) => qb.orderBy('c.endsOn', 'desc').orderBy('c.id', 'desc'),
  endsOn: (qb) => qb.orderBy('c.endsOn', 'asc').orderBy('c.id', 'asc'),
  title: (qb) => qb.orderBy(sortTitle).orderBy('c.id', 'desc'),
  provider: (qb) => qb.orderBy(sql`pr.name`).orderBy('c.endsOn', 'desc').orderBy('c.id', 'desc'),
};

function matching(db: Database, actor: Actor, f: ArchiveExportQuery) {
  return (
    db
      .selectFrom('courses as c')
      .innerJoin('departments as d', 'd.id', 'c.departmentId')
      // The provider's name to order by is joined (a hash of a few rows), not looked up per course.
      .$if(f.sort === 'provider', (qb) => qb.innerJoin('providers as pr', 'pr.id', 'd.providerId'))
      // A constant, not a parameter: the condition of the archive's partial indexes, which the
      // generic plan of a prepared statement (db/database.ts) can only use if it sees the same
      // constant. As a parameter the plan read every archived course's wide row instead.
      .where(sql<SqlBool>`c.status = 'archived'`)
      .where((eb) => courseScope(eb, actor))
      .$if(Boolean(f.q), (qb) => qb.where(searchTitle, 'like', sql<string>`lower(${likePattern(f.q ?? '')})`))
      .$if(f.year !== undefined, (qb) =>
        qb.where('c.startsOn', '>=', `${f.year}-01-01`).where('c.startsOn', '<=', `${f.year}-12-31`),
      )
      .$if(f.providerId !== undefined, (qb) => qb.where('d.providerId', '=', f.providerId ?? 0))
      .$if(f.departmentId !== undefined, (qb) => qb.where('c.departmentId', '=', f.departmentId ?? 0))
      .$if(f.programId !== undefined, (qb) => qb.where('c.programId', '=', f.programId ?? 0))
      .$if(f.territoryId !== undefined, (qb) =>
        qb.where((eb) => taughtIn(eb as unknown as Eb, [f.territoryId ?? 0])),
      )
  );
}
type Ordered = ReturnType<typeof matching>;

export type ArchivedCourseRow = {
  id: number;
  programId: number;
  programTitle: string;
  providerId: number;
  providerName: string;
  departmentId: number;
  departmentName: string;
  startsOn: string;
  endsOn: string;
  place: string;
  hours: number;
  learners: number;
  completed: number;
  notCompleted: number;
  archivedAt: Date | null;
};

/** Names, hours and counts of archived courses: a query to narrow to the courses wanted. */
const detailsQuery = (db: Database) =>
  db
    .selectFrom('courses as c')
    .innerJoin('departments as d', 'd.id', 'c.departmentId')
    .innerJoin('providers as pr', 'pr.id', 'd.providerId')
    .innerJoin('programs as p', 'p.id', 'c.programId')
    .select([
      'c.id',
      'c.programId',
      title.as('programTitle'),
      'd.providerId',
      'pr.name as providerName',
      'c.departmentId',
      'd.name as departmentName',
      'c.startsOn',
      'c.endsOn',
      'c.place',
      sql<number>`coalesce((c.program_snapshot->>'hours')::integer, p.hours)`.as('hours'),
      sql<number>`(SELECT count(*)::integer FROM applications a WHERE a.course_id = c.id
        AND a.status IN ('enrolled', 'completed', 'not_completed'))`.as('learners'),
      sql<number>`(SELECT count(*)::integer FROM applications a WHERE a.course_id = c.id
        AND a.status = 'completed')`.as('completed'),
      sql<number>`(SELECT count(*)::integer FROM applications a WHERE a.course_id = c.id
        AND a.status = 'not_completed')`.as('notCompleted'),
      sql<Date | null>`(SELECT max(h.at) FROM course_history h WHERE h.course_id = c.id
        AND h.to_status = 'archived')`.as('archivedAt'),
    ]);

/** Names, hours and counts of the given archived courses, in the order given. */
async function details(db: Database, ids: number[]): Promise<ArchivedCourseRow[]> {
  if (ids.length === 0) return [];
  const rows = await detailsQuery(db).where('c.id', 'in', ids).execute();
  const order = new Map(ids.map((id, i) => [id, i]));
  return rows.sort((x, y) => (order.get(x.id) ?? 0) - (order.get(y.id) ?? 0));
}

export async function findArchived(
  db: Database,
  actor: Actor,
  f: ArchiveExportQuery & { limit: number; offset: number },
): Promise<{ items: ArchivedCourseRow[]; total: number }> {
  const all = matching(db, actor, f);
  // One statement: the count of every match, the page's ids in the order asked (an array keeps
  // the order of its query) and the names and counts of those courses only. A page past the end
  // is the count alone.
  const page = ORDER[f.sort](all).select('c.id').limit(f.limit).offset(f.offset);
  const items = detailsQuery(db)
    .innerJoin(
      sql<{ id: number; n: number }>`(SELECT * FROM unnest(ARRAY(${page})) WITH ORDINALITY AS u (id, n))`.as(
        'pg',
      ),
      'pg.id',
      'c.id',
    )
    .select('pg.n');
  const rows = await db
    .selectFrom(all.select((eb) => eb.fn.countAll<number>().as('total')).as('m'))
    .leftJoin(items.as('x'), (join) => join.onTrue())
    .selectAll('x')
    .select('m.total')
    .orderBy('x.n')
    .execute();
  return {
    items: rows.flatMap(({ total: _, n: __, ...row }) => (row.id === null ? [] : [row as ArchivedCourseRow])),
    total: Number(rows[0]?.total ?? 0),
  };
}

/** Every archived course the filters find, in the order asked (at most `max`). */
export async function exportArchived(db: Database, actor: Actor, f: ArchiveExportQuery, max: number) {
  const ids = (
    await ORDER[f.sort](matching(db, actor, f))
      .select(['c.id'])
      .limit(max)
      .execute()
  ).map((r) => r.id);
  const rows: ArchivedCourseRow[] = [];
  for (let i = 0; i < ids.length; i += 1000) rows.push(...(await details(db, ids.slice(i, i + 1000))));
  return rows;
}

/** One archived course the actor finds in the archive, or undefined. */
export async function getArchived(db: Database, actor: Actor, id: number) {
  const found = await matching(db, actor, { sort: '-endsOn' })
    .where('c.id', '=', id)
    .select('c.id')
    .executeTakeFirst();
  return found ? (await details(db, [id]))[0] : undefined;
}

/**
 * The course's applications as they ended, those the actor sees: a methodist her territory's,
 * the course's staff, its provider's administrator and the operator every one that reached the provider.
 */
export function applicationsOf(db: Database, actor: Actor, courseId: number) {
  const scope = scopeOf(actor);
  const territories = scope.territories('methodist');
  const provider =
    scope.all ||
    scope.departments('head', 'manager').length > 0 ||
    scope.providers('provider_admin').length > 0;
  return db
    .selectFrom('applications as a')
    .innerJoin('users as u', 'u.id', 'a.teacherId')
    .innerJoin('organizations as o', 'o.id', 'a.organizationId')
    .innerJoin('territories as t', 't.id', 'a.territoryId')
    .leftJoin('studyGroups as g', 'g.id', 'a.groupId')
    .where('a.courseId', '=', courseId)
    .where((eb) =>
      eb.or([
        ...(scope.all ? [sql<SqlBool>`true`] : []),
        ...(territories.length ? [eb('a.territoryId', 'in', territories)] : []),
        ...(provider ? [eb('a.status', 'in', PROVIDER_STATUSES)] : []),
        sql<SqlBool>`false`,
      ]),
    )
    .select([
      'a.id',
      fullName('u').as('teacherName'),
      'o.name as organizationName',
      't.name as territoryName',
      'a.status',
      'a.reason',
      'g.number as groupNumber',
    ])
    .orderBy('u.lastName')
    .orderBy('u.firstName')
    .orderBy('a.id')
    .execute();
}

export const historyOf = (db: Database, courseId: number) =>
  db
    .selectFrom('courseHistory as h')
    .leftJoin('users as u', 'u.id', 'h.byId')
    .where('h.courseId', '=', courseId)
    .select([
      'h.fromStatus',
      'h.toStatus',
      'h.action',
      'h.byId',
      fullName('u').as('byName'),
      'h.at',
      'h.reason',
    ])
    .orderBy('h.id')
    .execute();
