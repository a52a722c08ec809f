// Kysely queries of applications. Lists and cards are filtered by the actor's scope here (the same
// rule as policy.ts `sees`), so that what a query does not return does not exist for the actor.
// Places are read (places/) under the course's row lock that every place-changing transition takes first.
import { type Expression, type ExpressionBuilder, type Insertable, type SqlBool, sql } from 'kysely';
import {
  ACTIVE_STATUSES,
  APPLICATION_STATUSES,
  type ApplicationExportQuery,
  type ApplicationListQuery,
  type ApplicationSortField,
  type ApplicationStatus,
  PROVIDER_STATUSES,
} from '../../contract/applications.js';
import type { CourseStatus } from '../../contract/catalog.js';
import type { Actor } from '../access/actor.js';
import { scopeOf } from '../access/scope.js';
import { learnersOf } from '../catalog/card.js';
import { programSnapshotSql } from '../catalog/snapshot.js';
import type { Database } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { fullName } from '../db/sql.js';
import { compiledOnce } from '../db/statement.js';
import { likePattern } from '../http/pagination.js';

const none = sql<SqlBool>`false`;
const all = sql<SqlBool>`true`;

type Eb = ExpressionBuilder<DB & { a: DB['applications'] }, 'a'>;

// The states as constants, the same in every plan of a prepared statement (see `opaque`).
const reachedProvider = sql<SqlBool>`a.status IN (${sql.join(PROVIDER_STATUSES.map((s) => sql.lit(s)))})`;

/**
 * A value of a list's statement that the planner estimates as an unknown parameter even when it
 * plans for the values at hand. A prepared statement is planned for its values (a custom plan) as
 * long as that plan is estimated cheaper than its generic one; the values of a basket's page (its
 * territory, its offset) made it so on every run, and planning the page's statement cost more
 * than running it. With every value opaque both plans are estimated alike, so PostgreSQL keeps the
 * generic plan after its first five runs. An init plan, read once per run; indexes take it.
 */
const opaque = (value: number) => sql<number>`(SELECT ${value}::integer)`;
const opaqueText = <T extends string>(value: T) => sql<T>`(SELECT ${value}::text)`;
/** `column IN (ids)`, opaque: one id is `=`, since `IN ((SELECT …))` is a subquery the planner pulls up. */
const amongIds = (column: string, ids: number[]) =>
  ids.length === 1
    ? sql<SqlBool>`${sql.ref(column)} = ${opaque(ids[0] ?? 0)}`
    : sql<SqlBool>`${sql.ref(column)} IN (${sql.join(ids.map((id) => opaque(id)))})`;

/**
 * Whom a list of applications is read for, as its statement's parameters: the actor's scope
 * (access/scope.ts) and the actor's own id. Only whether `all` and `teacherId` are given and how
 * many ids each list holds shape a statement (db/statement.ts).
 */
export type Reach = {
  /** The operator's: every application. */
  all?: true | undefined;
  /** A teacher's own applications. */
  teacherId?: number | undefined;
  me: number;
  territories: number[];
  departments: number[];
  providers: number[];
};

export function reachOf(actor: Actor): Reach {
  const scope = scopeOf(actor);
  return {
    all: scope.all ? true : undefined,
    teacherId: scope.teacherId ?? undefined,
    me: actor.userId,
    territories: scope.territories('methodist'),
    departments: scope.departments('head', 'manager'),
    providers: scope.providers('provider_admin'),
  };
}

/**
 * Applications the actor sees (policy.ts `sees`, as SQL). It reads the application's own columns
 * only (a provider's departments through a subquery), so that a basket's page is picked from
 * `applications` and its indexes without joining every course first.
 */
function scopeCondition(eb: Eb, reach: Reach): Expression<SqlBool> {
  if (reach.all) return all;
  const { territories, departments, providers } = reach;
  const either = [
    ...(reach.teacherId !== undefined ? [eb('a.teacherId', '=', opaque(reach.teacherId))] : []),
    ...(territories.length ? [amongIds('a.territoryId', territories)] : []),
    ...(departments.length ? [eb.and([amongIds('a.departmentId', departments), reachedProvider])] : []),
    ...(providers.length
      ? [
          eb.and([
            eb(
              'a.departmentId',
              'in',
              eb.selectFrom('departments as sd').where(amongIds('sd.providerId', providers)).select('sd.id'),
            ),
            reachedProvider,
          ]),
        ]
      : []),
  ];
  return either.length ? eb.or(either) : none;
}

export const applicationScope = (eb: Eb, actor: Actor) => scopeCondition(eb, reachOf(actor));

/**
 * A basket: the methodist's (her territories), the provider's (reached the provider), the teacher's
 * own. The working baskets leave out archived courses' applications (the teacher keeps hers).
 */
function basketFilter(eb: Eb, reach: Reach, basket: ApplicationListQuery['basket']): Expression<SqlBool> {
  switch (basket) {
    case 'methodist':
      return reach.territories.length
        ? eb.and([amongIds('a.territoryId', reach.territories), eb('a.archivedAt', 'is', null)])
        : none;
    case 'provider':
      return eb.and([reachedProvider, eb('a.archivedAt', 'is', null)]);
    case 'mine':
      return eb('a.teacherId', '=', opaque(reach.me));
    case 'region':
      // The operator's region-wide view (the policy lets no one else ask): the working list.
      return reach.all ? eb('a.archivedAt', 'is', null) : none;
    case undefined:
      return all;
  }
}

// Names come from scalar subqueries rather than joins: a card joins three tables only, which keeps
// planning (paid on every request) small; the scope's columns (c, d) stay joinable.
const base = (db: Database) =>
  db
    .selectFrom('applications as a')
    .innerJoin('courses as c', 'c.id', 'a.courseId')
    .innerJoin('departments as d', 'd.id', 'c.departmentId')
    .select([
      'a.id',
      'a.status',
      'a.courseId',
      sql<string>`coalesce(c.program_snapshot->>'title', (SELECT p.title FROM programs p WHERE p.id = c.program_id))`.as(
        'courseTitle',
      ),
      'c.status as courseStatus',
      'c.startsOn',
      'c.endsOn',
      'c.applyUntil',
      'c.departmentId',
      'd.name as departmentName',
      'd.providerId',
      sql<string>`(SELECT pr.name FROM providers pr WHERE pr.id = d.provider_id)`.as('providerName'),
      'a.teacherId',
      sql<string>`(SELECT ${fullName('u')} FROM users u WHERE u.id = a.teacher_id)`.as('teacherName'),
      sql<string>`coalesce((SELECT tp.position FROM teacher_profiles tp WHERE tp.user_id = a.teacher_id), '')`.as(
        'position',
      ),
      'a.organizationId',
      sql<string>`(SELECT o.name FROM organizations o WHERE o.id = a.organization_id)`.as('organizationName'),
      'a.territoryId',
      sql<string>`(SELECT t.name FROM territories t WHERE t.id = a.territory_id)`.as('territoryName'),
      'a.reason',
      sql<number | null>`${waitlistPosition}`.as('waitlistPosition'),
      'a.createdAt',
      'a.updatedAt',
    ]);

/** A waitlisted application's 1-based place in its course's waitlist (null for any other). */
const waitlistPosition = sql<number | null>`CASE WHEN a.status = 'waitlisted' THEN (
        SELECT count(*)::integer FROM applications w
         WHERE w.course_id = a.course_id AND w.status = 'waitlisted'
           AND (w.waitlisted_at, w.id) <= (a.waitlisted_at, a.id)) END`;

export type ApplicationRow = {
  id: number;
  status: ApplicationStatus;
  courseId: number;
  courseTitle: string;
  courseStatus: CourseStatus;
  startsOn: string;
  endsOn: string;
  applyUntil: string;
  departmentId: number;
  departmentName: string;
  providerId: number;
  providerName: string;
  teacherId: number;
  teacherName: string;
  position: string;
  organizationId: number;
  organizationName: string;
  territoryId: number;
  territoryName: string;
  reason: string | null;
  waitlistPosition: number | null;
  createdAt: Date;
  updatedAt: Date;
};

/**
 * What a list's statements are built from: whom for, the basket and the order (which choose the
 * statement), the filters given (the position and name as LIKE patterns) — each a parameter.
 */
type ListArgs = Reach & {
  basket?: ApplicationListQuery['basket'];
  sort?: ApplicationExportQuery['sort'];
  courseId?: number | undefined;
  status?: ApplicationStatus | undefined;
  territoryId?: number | undefined;
  organizationId?: number | undefined;
  positionPattern?: string | undefined;
  namePattern?: string | undefined;
  /**
   * The state's rank when the list is of one state but the waitlist, in the default order: that
   * order is then the newest first (only the waitlisted have a place in it, a check of the table
   * says), read from the index by state, where the state's entries are together, rather than
   * stepping over every other state's entries up to the page. Given or not, it shapes the statement.
   */
  stateRank?: number | undefined;
  /**
   * Given when the list is of the submitted state: the condition is then written as a constant
   * too, which lets the planner read the index of the submitted alone (migration 0039).
   */
  submitted?: true | undefined;
};

function listArgs(actor: Actor, filter: ApplicationExportQuery): ListArgs {
  const { basket, sort, courseId, status, territoryId, organizationId, position, q } = filter;
  return {
    ...reachOf(actor),
    basket,
    sort,
    courseId,
    status,
    territoryId,
    organizationId,
    positionPattern: position ? likePattern(position) : undefined,
    namePattern: q ? likePattern(q) : undefined,
    stateRank:
      status !== undefined && status !== 'waitlisted' && sort === undefined
        ? APPLICATION_STATUSES.indexOf(status) + 1
        : undefined,
    submitted: status === 'submitted' ? true : undefined,
  };
}

/** The applications of a list, filtered (scope, basket, filters) — as ids, before any name is joined. */
function matchingApplications(db: Database, a: ListArgs, withStatus: boolean) {
  return (
    db
      .selectFrom('applications as a')
      // The methodist's basket is her territories' applications, within her scope by definition.
      // Stated twice, the territory condition was estimated as if the two were independent (a
      // square of its selectivity): a prepared statement's generic plan then expected a handful
      // of rows where the basket has thousands, and chose its plans for that.
      .$if(a.basket !== 'methodist', (qb) => qb.where((eb) => scopeCondition(eb, a)))
      .where((eb) => basketFilter(eb, a, a.basket))
      .$if(a.courseId !== undefined, (qb) => qb.where('a.courseId', '=', opaque(a.courseId ?? 0)))
      .$if(withStatus && a.status !== undefined, (qb) =>
        qb.where('a.status', '=', opaqueText<ApplicationStatus>(a.status ?? 'submitted')),
      )
      .$if(withStatus && a.submitted !== undefined, (qb) => qb.where('a.status', '=', sql.lit('submitted')))
      .$if(a.territoryId !== undefined, (qb) => qb.where('a.territoryId', '=', opaque(a.territoryId ?? 0)))
      .$if(a.organizationId !== undefined, (qb) =>
        qb.where('a.organizationId', '=', opaque(a.organizationId ?? 0)),
      )
      .$if(a.positionPattern !== undefined, (qb) =>
        qb.where(({ exists, selectFrom }) =>
          exists(
            selectFrom('teacherProfiles as tp')
              .whereRef('tp.userId', '=', 'a.teacherId')
              .where('tp.position', 'ilike', opaqueText(a.positionPattern ?? ''))
              .select('tp.userId'),
          ),
        ),
      )
      .$if(a.namePattern !== undefined, (qb) =>
        qb.where(({ exists, selectFrom }) =>
          exists(
            selectFrom('users as u')
              .whereRef('u.id', '=', 'a.teacherId')
              .where(fullName('u'), 'ilike', opaqueText(a.namePattern ?? ''))
              .select('u.id'),
          ),
        ),
      )
  );
}

/**
 * Kept counts read by a condition on their rows (`k`), and whether it names the rows' territories
 * and departments: the totals are read at its grain, a dimension it does not name from its sums
 * (0 there, migration 0037); the deltas not yet folded by the condition alone.
 */
type KeptCounts = { where: () => Expression<SqlBool>; byTerritory: boolean; byDepartment: boolean };

/**
 * Which kept counts (migration 0032) a list's count by state is, when it is one: a working basket
 * read whole or by territory, for a reach of one kind. The kept counts are by territory,
 * department and state, so a filter by course, organization, position or name is counted live
 * (such lists are a course's or an organization's, or a search), and so is a provider's basket of
 * an actor who also sees it otherwise (a teacher's own applications, a territory), whose count is
 * not a sum of kept rows.
 */
function keptCountsOf(a: ListArgs): KeptCounts | undefined {
  if (
    a.courseId !== undefined ||
    a.organizationId !== undefined ||
    a.positionPattern !== undefined ||
    a.namePattern !== undefined
  )
    return undefined;
  const filtered = a.territoryId === undefined ? [] : [amongIds('k.territoryId', [a.territoryId])];
  const kept = (parts: Expression<SqlBool>[], byTerritory: boolean, byDepartment: boolean): KeptCounts => ({
    where: () => (parts.length ? sql<SqlBool>`(${sql.join(parts, sql` AND `)})` : all),
    byTerritory: byTerritory || filtered.length > 0,
    byDepartment,
  });
  const reached = sql<SqlBool>`k.status IN (${sql.join(PROVIDER_STATUSES.map((s) => sql.lit(s)))})`;
  switch (a.basket) {
    case 'methodist':
      return a.territories.length
        ? kept([amongIds('k.territoryId', a.territories), ...filtered], true, false)
        : undefined;
    case 'provider': {
      const kinds = [a.all, a.teacherId, a.territories.length, a.departments.length, a.providers.length];
      if (kinds.filter(Boolean).length !== 1) return undefined;
      if (a.all) return kept([reached, ...filtered], false, false);
      if (a.departments.length)
        return kept([amongIds('k.departmentId', a.departments), reached, ...filtered], false, true);
      if (a.providers.length)
        return kept(
          [
            sql<SqlBool>`k.department_id IN (SELECT sd.id FROM departments sd WHERE ${amongIds('sd.providerId', a.providers)})`,
            reached,
            ...filtered,
          ],
          false,
          true,
        );
      return undefined;
    }
    case 'region':
      return a.all ? kept(filtered, false, false) : undefined;
    default:
      return undefined;
  }
}

/** Deltas a page may read before it folds them into the totals (`foldCounts`). */
const FOLD_AT = 64;

/** The kept counts of these rows by state: the totals plus the deltas not yet folded, and how many deltas were read. */
const keptByStatus = (db: Database, { where, byTerritory, byDepartment }: KeptCounts) =>
  db
    .selectFrom(
      db
        .selectFrom('applicationCountTotals as k')
        .where(where())
        .$if(!byTerritory, (qb) => qb.where('k.territoryId', '=', sql.lit(0)))
        .$if(!byDepartment, (qb) => qb.where('k.departmentId', '=', sql.lit(0)))
        .select(['k.status', 'k.n', sql<number>`0`.as('delta')])
        .unionAll(
          db
            .selectFrom('applicationCountDeltas as k')
            .where(where())
            .select(['k.status', 'k.n', sql<number>`1`.as('delta')]),
        )
        .as('k'),
    )
    .select([
      'k.status',
      sql<number>`sum(k.n)::integer`.as('count'),
      sql<number>`sum(k.delta)::integer`.as('deltas'),
    ])
    .groupBy('k.status')
    // A state whose applications have all left it keeps its row, at zero: a live count has no such row.
    .having(sql<number>`sum(k.n)`, '<>', 0);

/**
 * The working applications of these territories by state (the methodist's dashboard), from the
 * kept counts as her basket reads them, folding their deltas as a page does when many are read.
 */
export async function territoryCounts(db: Database, territories: number[]) {
  if (territories.length === 0) return [];
  const rows = await keptByStatus(db, {
    where: () => amongIds('k.territoryId', territories),
    byTerritory: true,
    byDepartment: false,
  }).execute();
  if (rows.reduce((n, r) => n + r.deltas, 0) > FOLD_AT) await foldCounts(db);
  return rows.map(({ status, count }) => ({ status, count }));
}

/**
 * Folds the kept counts' deltas into their totals and their sums (a territory's, a department's,
 * the region's: 0 for the dimension summed). Each delta is deleted by the fold that adds it, so it
 * is added once whatever folds at the same time (a delta another fold holds is skipped, not waited
 * for), and the totals are written in key order, so that two folds never wait for each other in a
 * cycle. Applying never waits for a fold: it only appends deltas.
 */
export async function foldCounts(db: Database) {
  await sql`
    WITH gone AS (
      DELETE FROM application_count_deltas
       WHERE ctid = ANY (ARRAY(SELECT ctid FROM application_count_deltas FOR UPDATE SKIP LOCKED))
      RETURNING territory_id, department_id, status, n
    )
    INSERT INTO application_count_totals AS t (territory_id, department_id, status, n)
    SELECT coalesce(territory_id, 0), coalesce(department_id, 0), status, sum(n)::integer FROM gone
     GROUP BY GROUPING SETS ((territory_id, department_id, status), (territory_id, status), (department_id, status), (status))
     ORDER BY 1, 2, 3
    ON CONFLICT (territory_id, department_id, status) DO UPDATE SET n = t.n + excluded.n`.execute(db);
}

/**
 * The states in the workflow's order: how a list sorted by state reads. The rank is the expression
 * of the baskets' indexes by state (migration 0033), written as it is there.
 */
const statusOrder = sql.raw(`ARRAY[${APPLICATION_STATUSES.map((s) => `'${s}'`).join(', ')}]::text[]`);
const statusRank = sql<number>`array_position(${statusOrder}, a.status)`;

/**
 * The list's applications in the order asked for, the id breaking ties in the same direction
 * (`backwards`: the same order read from its end). Without an order: the waitlist in its order,
 * then the newest first. Names and the course's dates are the application's own sort keys
 * (migrations 0019, 0033) and the state's rank is an index's expression, so every order is read
 * from a basket's index in order, no join of every course, user or organization.
 */
function orderedApplications(db: Database, a: ListArgs, backwards = false) {
  const matching = matchingApplications(db, a, true);
  const ascending = !a.sort?.startsWith('-') !== backwards;
  const dir = ascending ? 'asc' : 'desc';
  const field = a.sort?.replace(/^-/, '') as ApplicationSortField | undefined;
  switch (field) {
    case undefined:
      if (a.stateRank !== undefined)
        return matching
          .where(statusRank, '=', opaque(a.stateRank))
          .orderBy(statusRank, backwards ? 'asc' : 'desc')
          .orderBy('a.id', backwards ? 'asc' : 'desc');
      return matching
        .orderBy('a.waitlistedAt', (ob) => (backwards ? ob.desc().nullsFirst() : ob.asc().nullsLast()))
        .orderBy('a.id', backwards ? 'asc' : 'desc');
    case 'appliedAt':
      return matching.orderBy('a.createdAt', dir).orderBy('a.id', dir);
    case 'status':
      return matching.orderBy(statusRank, dir).orderBy('a.id', dir);
    case 'startsOn':
    case 'applyUntil':
      return matching
        .orderBy(field === 'startsOn' ? 'a.courseStartsOn' : 'a.courseApplyUntil', dir)
        .orderBy('a.id', dir);
    case 'teacher':
    case 'organization':
      return matching
        .orderBy(field === 'teacher' ? 'a.teacherKey' : 'a.organizationKey', dir)
        .orderBy('a.id', dir);
  }
}

/** The rows of these ids, in their order. */
async function rowsOf(db: Database, ids: number[]): Promise<ApplicationRow[]> {
  if (ids.length === 0) return [];
  // A statement of its own for the page's rows, so that the planner never joins a whole basket first.
  const order = new Map(ids.map((id, i) => [id, i]));
  const rows = (await base(db).where('a.id', 'in', ids).execute()) as ApplicationRow[];
  return rows.sort((x, y) => (order.get(x.id) ?? 0) - (order.get(y.id) ?? 0));
}

/**
 * One page of a list in one statement: its count by state as JSON text (the state filter aside, so
 * that the list shows how many wait in each), its total, and the page's applications as
 * JSON text in the contract's shape (`applicationSummary`, its keys in its order) but for their
 * abilities, which are the workflow's and the policy's to decide (present.ts adds them). The count
 * reads the basket's rows from an index of `applications`; the page's ids are picked from it in
 * their order (scope and filters read its own columns), from whichever end of the list is nearer;
 * each item is the text its application keeps (migrations 0036, 0038), read for the page's rows
 * alone. Built and compiled once per shape (db/statement.ts), prepared by the pool
 * (db/database.ts): the process neither builds the statement nor parses, presents and serializes
 * rows for each page.
 */
const listPage = compiledOnce(
  (db: Database, a: ListArgs & { limit: number; offset: number }) => {
    const kept = keptCountsOf(a);
    const counted = kept
      ? keptByStatus(db, kept).as('n')
      : matchingApplications(db, a, false)
          .select(['a.status', sql<number>`count(*)::integer`.as('count'), sql<number>`0`.as('deltas')])
          .groupBy('a.status')
          .as('n');
    const counts = db
      .selectFrom(counted)
      // Each state's row is its element of `byStatus` ({"status", "count"}), in the workflow's order.
      .select([
        sql<string>`coalesce(string_agg(concat('{"status":"', n.status, '","count":', n.count, '}'), ',' ORDER BY array_position(${statusOrder}, n.status)), '')`.as(
          'byStatus',
        ),
        (a.status === undefined
          ? sql<number>`coalesce(sum(n.count), 0)::integer`
          : sql<number>`coalesce(sum(n.count) FILTER (WHERE n.status = ${a.status}), 0)::integer`
        ).as('total'),
        sql<number>`coalesce(sum(n.deltas), 0)::integer`.as('deltas'),
      ]);
    // A page's ids cost the index entries read up to it, so a page in the list's second half is
    // read from its end, in the reverse order (the same index read backwards), and turned round:
    // no page reads more than half of the list. The total is the list's in the page's own snapshot.
    const limit = opaque(a.limit);
    const offset = opaque(a.offset);
    const backwards = sql<boolean>`(2 * ${offset} + ${limit} > s.total)`;
    const forward = orderedApplications(db, a).select('a.id').limit(limit).offset(offset);
    const backward = orderedApplications(db, a, true)
      .select('a.id')
      .limit(sql<number>`greatest(least(${limit}, s.total - ${offset}), 0)`)
      .offset(sql<number>`greatest(s.total - ${offset} - ${limit}, 0)`);
    // The page's ids as an array in their order, numbered by unnesting it: a window numbering
    // them had to number every row the offset skips too.
    const page = sql<{
      id: number;
      pos: number;
    }>`(SELECT u.id, CASE WHEN ${backwards} THEN -u.pos ELSE u.pos END AS pos
        FROM unnest(CASE WHEN ${backwards} THEN ARRAY(${backward}) ELSE ARRAY(${forward}) END) WITH ORDINALITY AS u(id, pos))`;
    // Each item is its application's kept text (migrations 0036, 0038) and its waitlist place,
    // what its abilities depend on before it (present.ts `abilitiesOf` adds them, and the closing
    // brace), the items apart by chr(1), which JSON text never holds unescaped. The application's
    // row is read for the waitlisted alone (their state is what the kept text begins with): a
    // page in a name's order is fifty rows far apart, and reading each again cost a fifth of it.
    const items = db
      .selectFrom(page.as('m'))
      .innerJoin('applicationItems as t', 't.applicationId', 'm.id')
      .select(
        sql<string | null>`string_agg(concat(t.list_abilities, chr(2), t.list_json,
            ',"waitlistPosition":', coalesce(CASE WHEN starts_with(t.list_abilities, 'waitlisted,') THEN (
              SELECT (${waitlistPosition})::text FROM applications a WHERE a.id = m.id) END, 'null')), chr(1) ORDER BY m.pos)`.as(
          'items',
        ),
      );
    return db
      .selectFrom(counts.as('s'))
      .innerJoinLateral(items.as('i'), (join) => join.onTrue())
      .select(['s.byStatus', 's.total', 's.deltas', 'i.items']);
  },
  ['basket', 'sort'],
);

/** A list's page as the database writes it (see `listPage`); present.ts makes it the answer. */
export type PageText = {
  /** The items apart by chr(1), each what its abilities depend on, chr(2) and its JSON text without its closing brace. */
  items: string | null;
  total: number;
  /** The count by state as the JSON array's elements. */
  byStatus: string;
};

/** A list's page as the actor may see it (scope, basket, filters, order, page). */
export async function findApplications(
  db: Database,
  actor: Actor,
  filter: ApplicationListQuery,
): Promise<PageText> {
  const [found] = await listPage(db, {
    ...listArgs(actor, filter),
    limit: filter.limit,
    offset: filter.offset,
  });
  if (!found) return { items: null, total: 0, byStatus: '' };
  const { deltas, ...page } = found;
  if (deltas > FOLD_AT) await foldCounts(db);
  return page;
}

/** The whole list in its order, in batches (an export); at most `max` rows. */
export async function* allApplications(
  db: Database,
  actor: Actor,
  filter: ApplicationExportQuery,
  max: number,
  batch = 1000,
): AsyncGenerator<ApplicationRow[]> {
  const ordered = orderedApplications(db, listArgs(actor, filter)).select('a.id');
  for (let offset = 0; offset < max; offset += batch) {
    const ids = (
      await ordered
        .limit(Math.min(batch, max - offset))
        .offset(offset)
        .execute()
    ).map((r) => r.id);
    if (ids.length === 0) return;
    yield await rowsOf(db, ids);
    if (ids.length < batch) return;
  }
}

export const getApplication = (db: Database, actor: Actor, id: number) =>
  base(db)
    .where('a.id', '=', id)
    .where((eb) => applicationScope(eb, actor))
    .executeTakeFirst() as Promise<ApplicationRow | undefined>;

export const historyOf = (db: Database, applicationId: number) =>
  db
    .selectFrom('applicationHistory as h')
    .leftJoin('users as u', 'u.id', 'h.byId')
    .where('h.applicationId', '=', applicationId)
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

/** What the policy and a transition need of applications (read before their course is locked). */
export const targetsOf = (db: Database, ids: number[]) =>
  db
    .selectFrom('applications as a')
    .innerJoin('departments as d', 'd.id', 'a.departmentId')
    .where('a.id', 'in', ids)
    .select([
      'a.id',
      'a.courseId',
      'a.teacherId',
      'a.territoryId',
      'a.departmentId',
      'd.providerId',
      'a.status',
    ])
    .execute();
export type Target = Awaited<ReturnType<typeof targetsOf>>[number];

/**
 * Locks the course for a change of its applications. Every transition that may take or free a
 * place locks its course first, so that they happen one after another per course; NO KEY keeps
 * new applications (which only reference the course) from waiting.
 */
export const lockCourse = (db: Database, courseId: number) =>
  db
    .selectFrom('courses as c')
    .innerJoin('programs as p', 'p.id', 'c.programId')
    .where('c.id', '=', courseId)
    .select([
      'c.id',
      'c.status',
      'c.applyUntil',
      'c.startsOn',
      'c.endsOn',
      'c.managerId',
      'c.departmentId',
      sql<string>`coalesce(c.program_snapshot->>'title', p.title)`.as('title'),
    ])
    .forNoKeyUpdate('c')
    .executeTakeFirst();
export type LockedCourse = NonNullable<Awaited<ReturnType<typeof lockCourse>>>;

/** Locks applications of a locked course for a change (in id order, like every other taker). */
export const lockApplications = (db: Database, ids: number[]) =>
  db
    .selectFrom('applications')
    .where('id', 'in', ids)
    .select(['id', 'status', 'teacherId', 'territoryId'])
    .orderBy('id')
    .forUpdate()
    .execute();

export type Move = {
  id: number;
  from: ApplicationStatus;
  to: ApplicationStatus;
  action: string;
  reason: string | null;
};

/**
 * Moves each application from its `from` to its `to` state if it is still in `from`, writing the
 * history row of each; returns how many moved. Those joining the waitlist join it at its end, in
 * the order given, a microsecond apart (under the course's lock, whatever the clocks of servers say).
 */
export async function moveApplications(db: Database, moves: Move[], byId: number | null, at: Date) {
  if (moves.length === 0) return 0;
  const column = <T>(pick: (m: Move) => T) => moves.map(pick);
  const { rows } = await sql<{ id: number }>`
    WITH moves AS (
      SELECT * FROM unnest(${column((m) => m.id)}::int[], ${column((m) => m.from)}::text[],
                           ${column((m) => m.to)}::text[], ${column((m) => m.action)}::text[],
                           ${column((m) => m.reason)}::text[])
             WITH ORDINALITY AS m (id, from_status, to_status, action, reason, ord)
    ), moved AS (
      UPDATE applications a
         SET status = m.to_status,
             waitlisted_at = CASE WHEN m.to_status = 'waitlisted' THEN
               greatest(${at}::timestamptz, (SELECT max(w.waitlisted_at) FROM applications w
                                              WHERE w.course_id = a.course_id AND w.status = 'waitlisted'))
               + m.ord * interval '1 microsecond' END,
             reason = m.reason,
             updated_at = ${at}::timestamptz
        FROM moves m
       WHERE a.id = m.id AND a.status = m.from_status
      RETURNING a.id
    ), history AS (
      INSERT INTO application_history (application_id, from_status, to_status, action, by_id, at, reason)
      SELECT m.id, m.from_status, m.to_status, m.action, ${byId}::integer, ${at}::timestamptz, m.reason
        FROM moves m JOIN moved USING (id)
       ORDER BY m.ord
    )
    SELECT id FROM moved`.execute(db);
  return rows.length;
}

type Parties = {
  actorName: string;
  teacherId: number | null;
  teacherName: string | null;
  position: string | null;
  organizationId: number | null;
  organizationName: string | null;
  territoryId: number | null;
  territoryName: string | null;
  courseId: number | null;
  courseStatus: CourseStatus | null;
  courseTitle: string | null;
  startsOn: string | null;
  endsOn: string | null;
  applyUntil: string | null;
  departmentId: number | null;
  departmentName: string | null;
  providerId: number | null;
  providerName: string | null;
};

// Applying's two statements are written as SQL: in a registration rush they are most of what the
// server does, and SQL text costs nothing to build (its prepared plan is reused).

/**
 * Applying's one read: the teacher as the application records them (organization, its territory,
 * the names the answer shows), the course as applying checks it, and the name of the one acting
 * (the history's author). Either side is null when it does not exist (or the teacher is blocked or
 * not a teacher, the course not published).
 */
export async function applyingParties(db: Database, actorId: number, teacherId: number, courseId: number) {
  const { rows } = await sql<Parties>`
    SELECT ${fullName('me')} AS actor_name,
           t.id AS teacher_id, t.name AS teacher_name, t.position, t.organization_id, t.organization_name,
           t.territory_id, t.territory_name,
           c.id AS course_id, c.status AS course_status, c.title AS course_title, c.starts_on, c.ends_on,
           c.apply_until, c.department_id, c.department_name, c.provider_id, c.provider_name
      FROM users me
      LEFT JOIN LATERAL (
        SELECT u.id, ${fullName('u')} AS name, tp.position,
               tp.organization_id, o.name AS organization_name, o.territory_id, tt.name AS territory_name
          FROM users u
          JOIN user_roles r ON r.user_id = u.id AND r.role = 'teacher'
          JOIN teacher_profiles tp ON tp.user_id = u.id
          JOIN organizations o ON o.id = tp.organization_id
          JOIN territories tt ON tt.id = o.territory_id
         WHERE u.id = ${teacherId} AND u.blocked_at IS NULL
         LIMIT 1) t ON true
      LEFT JOIN LATERAL (
        SELECT c.id, c.status, coalesce(c.program_snapshot->>'title', p.title) AS title, c.starts_on,
               c.ends_on, c.apply_until, c.department_id, d.name AS department_name, d.provider_id,
               pr.name AS provider_name
          FROM courses c
          JOIN programs p ON p.id = c.program_id
          JOIN departments d ON d.id = c.department_id
          JOIN providers pr ON pr.id = d.provider_id
         WHERE c.id = ${courseId} AND c.published_at IS NOT NULL) c ON true
     WHERE me.id = ${actorId}`.execute(db);
  // A LEFT JOIN LATERAL's columns are all null or none.
  const { actorName, teacherId: foundTeacher, courseId: foundCourse, ...r } = rows[0] as Parties;
  type Present<T> = { [K in keyof T]: NonNullable<T[K]> };
  const all = r as Present<typeof r>;
  return {
    actorName,
    teacher:
      foundTeacher === null
        ? null
        : {
            id: foundTeacher,
            name: all.teacherName,
            position: all.position,
            organizationId: all.organizationId,
            organizationName: all.organizationName,
            territoryId: all.territoryId,
            territoryName: all.territoryName,
          },
    course:
      foundCourse === null
        ? null
        : {
            id: foundCourse,
            status: all.courseStatus,
            title: all.courseTitle,
            startsOn: all.startsOn,
            endsOn: all.endsOn,
            applyUntil: all.applyUntil,
            departmentId: all.departmentId,
            departmentName: all.departmentName,
            providerId: all.providerId,
            providerName: all.providerName,
          },
  };
}

/**
 * A new application with its history row and its audit row, in one statement (so one transaction
 * however it is called), if the course still takes applications. The course row is read with
 * FOR KEY SHARE: a change of the course (cancelling it, editing it) holds it FOR UPDATE, so
 * applying waits for that change and sees its outcome, and a course cancelled meanwhile ends with
 * no application left on it. `open` is false when the course no longer takes applications; `id` is
 * undefined when it does not or the teacher already has an active application for it (the partial
 * unique index decides, whatever arrives at once; its predicate is written out as constants, so
 * that the database matches the index when the statement is prepared, before any value is bound).
 * The course's dates are written as the baskets' sort keys (migration 0033) from that same read: a
 * change of them, holding the course, is either waited for or waits for this application.
 */
export async function insertApplication(
  db: Database,
  a: {
    courseId: number;
    departmentId: number;
    teacherId: number;
    territoryId: number;
    organizationId: number;
    createdBy: number;
    createdAt: Date;
    today: string;
  },
  audit: Insertable<DB['auditEvents']>,
  notice: { title: string; body: string },
): Promise<{ open: boolean; id: number | undefined }> {
  const active = sql.join(ACTIVE_STATUSES.map((status) => sql.lit(status)));
  // The territory's methodists (but the one applying) hear of the application in the statement
  // that makes it: in-app only, since notices.ts mails `application.new` in the daily digest
  // alone. One statement, not a transaction of four, keeps a registration rush's rate.
  const kind = 'application.new';
  const { rows } = await sql<{ open: boolean; id: number | null }>`
    WITH course AS (
      SELECT id, starts_on, apply_until FROM courses
       WHERE id = ${a.courseId} AND status = 'published' AND apply_until >= ${a.today}::date
         FOR KEY SHARE
    ), created AS (
      INSERT INTO applications (course_id, department_id, teacher_id, territory_id, organization_id, status,
                                created_by, created_at, updated_at, course_starts_on, course_apply_until)
      SELECT course.id, ${a.departmentId}::integer, ${a.teacherId}::integer, ${a.territoryId}::integer,
             ${a.organizationId}::integer, 'submitted', ${a.createdBy}::integer, ${a.createdAt}::timestamptz,
             ${a.createdAt}::timestamptz, course.starts_on, course.apply_until
        FROM course
      ON CONFLICT (course_id, teacher_id) WHERE status IN (${active}) DO NOTHING
      RETURNING id
    ), history AS (
      INSERT INTO application_history (application_id, to_status, action, by_id, at)
      SELECT id, 'submitted', 'apply', ${a.createdBy}::integer, ${a.createdAt}::timestamptz FROM created
    ), audited AS (
      INSERT INTO audit_events (at, actor_id, action, entity_type, entity_id, after, login, ip)
      SELECT ${audit.at}::timestamptz, ${audit.actorId ?? null}::integer, ${audit.action}::text,
             ${audit.entityType}::text, id::text, ${audit.after ?? null}::jsonb, ${audit.login ?? null}::text,
             ${audit.ip ?? null}::text
        FROM created
    ), noticed AS (
      INSERT INTO notifications (user_id, at, kind, title, body, link, entity_type, entity_id)
      SELECT r.user_id, ${a.createdAt}::timestamptz, ${kind}::text, ${notice.title}::text, ${notice.body}::text,
             '/applications/' || created.id, 'application', created.id::text
        FROM created
        JOIN user_roles r ON r.role = 'methodist' AND r.territory_id = ${a.territoryId}::integer
        JOIN users u ON u.id = r.user_id AND u.blocked_at IS NULL
       WHERE r.user_id <> ${a.createdBy}::integer
    )
    SELECT EXISTS (SELECT 1 FROM course) AS open, (SELECT id FROM created) AS id`.execute(db);
  const row = rows[0];
  return { open: row?.open ?? false, id: row?.id ?? undefined };
}

/** A published course's department and provider: whose places view the actor may have. */
export const publishedCourseOwner = (db: Database, courseId: number) =>
  db
    .selectFrom('courses as c')
    .innerJoin('departments as d', 'd.id', 'c.departmentId')
    .where('c.id', '=', courseId)
    .where('c.publishedAt', 'is not', null)
    .select(['c.departmentId', 'd.providerId', learnersOf.as('learners')])
    .executeTakeFirst();

/**
 * What the first group formed ends, of a locked course: applications still waiting (submitted,
 * waitlisted) and forwarded ones not marked present on the first day (the course's start date).
 */
export const endedByStart = (db: Database, courseId: number) =>
  db
    .selectFrom('applications as a')
    .innerJoin('courses as c', 'c.id', 'a.courseId')
    .where('a.courseId', '=', courseId)
    .where(({ eb, or, and, not, exists, selectFrom }) =>
      or([
        eb('a.status', 'in', ['submitted', 'waitlisted']),
        and([
          eb('a.status', '=', 'forwarded'),
          not(
            exists(
              selectFrom('attendanceMarks as m')
                .whereRef('m.applicationId', '=', 'a.id')
                .whereRef('m.day', '=', 'c.startsOn')
                .where('m.mark', '=', 'present')
                .select('m.applicationId'),
            ),
          ),
        ]),
      ]),
    )
    .select(['a.id', 'a.status', 'a.teacherId'])
    .orderBy('a.id')
    .forUpdate('a')
    .execute();

/** Puts enrolled applications into their group. */
export const joinGroup = (db: Database, groupId: number, ids: number[]) =>
  db.updateTable('applications').set({ groupId }).where('id', 'in', ids).execute();

/**
 * Finishes a running course whose last day has passed and whose every learner has a result (none
 * still enrolled), with its history row and the program frozen as it showed; true if it moved.
 */
export async function finishCourse(db: Database, courseId: number, today: string, now: Date) {
  const moved = await db
    .updateTable('courses')
    .set({ status: 'finished', updatedAt: now, programSnapshot: programSnapshotSql })
    .where('id', '=', courseId)
    .where('status', '=', 'running')
    .where('endsOn', '<', today)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('applications as a')
            .whereRef('a.courseId', '=', 'courses.id')
            .where('a.status', '=', 'enrolled')
            .select('a.id'),
        ),
      ),
    )
    .returning('id')
    .executeTakeFirst();
  if (!moved) return false;
  await db
    .insertInto('courseHistory')
    .values({ courseId, fromStatus: 'running', toStatus: 'finished', action: 'finish', byId: null, at: now })
    .execute();
  return true;
}
