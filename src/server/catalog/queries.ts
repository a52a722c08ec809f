// Kysely queries of the public catalog: the courses that have been published, searched and
// filtered, a page at a time (the process answers most searches from its copy, listing.ts; this
// statement answers the rest, and the copy's answers are held to it), and one course's page. Every page is a fixed number of queries,
// whatever its size: lists carry their names, counts and places in one statement.
import { type QueryCreator, type SqlBool, sql } from 'kysely';
import type { CatalogSort, CourseStatus } from '../../contract/catalog.js';
import type { Database } from '../db/database.js';
import type { DB, ProgramForm, ProgramKind } from '../db/schema.js';
import { compiledOnce } from '../db/statement.js';
import type { PageRequest } from '../http/pagination.js';
import { placesLeft, placesSummary } from '../places/places.js';
import { applicationsOpen, cardParts, courseCardBase, learnersOf, studyEnded, withParts } from './card.js';
import { matches, meaningless, rank } from './search.js';

/** States in which the public catalog lists a course. */
export const LISTED_STATUSES: readonly CourseStatus[] = ['published', 'closed', 'running'];

/** A course of the public catalog: one that has been published (its state says what became of it). */
const publicCourse = compiledOnce((db: Database, { today, id }: { today: string; id: number }) =>
  courseCardBase(db, today, true)
    .select(cardParts(today, 'page'))
    .where('c.id', '=', id)
    .where('c.publishedAt', 'is not', null),
);

/**
 * One statement, the same text for every course, so it is prepared and planned once per connection;
 * built and compiled once per process too (db/statement.ts), the page being read on every uncached visit.
 */
export const getPublicCourse = async (db: Database, id: number, today: string) =>
  withParts((await publicCourse(db, { today, id }))[0]);

// --- the public catalog

export type CatalogFilter = {
  q?: string | undefined;
  providerId?: number | undefined;
  departmentId?: number | undefined;
  form?: ProgramForm | undefined;
  kind?: ProgramKind | undefined;
  distance?: boolean | undefined;
  from?: string | undefined;
  to?: string | undefined;
  position?: string | undefined;
  positionId?: number | undefined;
  territoryId?: number | undefined;
  /** Only courses taking applications today. */
  open?: boolean | undefined;
  sort?: CatalogSort | undefined;
} & PageRequest;

/**
 * What the page statement is built from: the filters given, the words if any, today and the page.
 * Only whether an argument is given shapes a statement (db/statement.ts), so the order and the open
 * filter come as flags given or not: `soonest` — by the last day of applying, `byStart` — by start
 * date even when searching.
 */
type PageArgs = Omit<CatalogFilter, 'q' | 'open' | 'sort'> & {
  search?: string | undefined;
  today: string;
  openOnly?: true | undefined;
  soonest?: true | undefined;
  byStart?: true | undefined;
};

/**
 * Listed courses matching every filter (and the words, ranked, when searching), as (id, starts_on,
 * relevance): from `courses` alone, the vector, the states and the program's form, kind and
 * distance being kept on the course.
 */
function matchingCourses(db: QueryCreator<DB>, a: PageArgs) {
  // The listed states as constants, not parameters: the condition of the partial search index
  // (migration 0010), which a generic plan can only use if it sees the same constants.
  let matching = db
    .selectFrom('courses as c')
    .where(sql<SqlBool>`c.status IN (${sql.join(LISTED_STATUSES.map((s) => sql.lit(s)))})`);
  // The program's form, kind and distance as the course keeps them (search.ts): no lookup of the
  // program for every course the words match.
  if (a.form !== undefined) matching = matching.where('c.programForm', '=', a.form);
  if (a.kind !== undefined) matching = matching.where('c.programKind', '=', a.kind);
  if (a.distance !== undefined) matching = matching.where('c.programDistance', '=', a.distance);
  if (a.openOnly !== undefined) matching = matching.where(applicationsOpen(a.today));
  if (a.providerId !== undefined)
    matching = matching.where('c.departmentId', 'in', (eb) =>
      eb
        .selectFrom('departments as d')
        .where('d.providerId', '=', a.providerId ?? 0)
        .select('d.id'),
    );
  if (a.departmentId !== undefined) matching = matching.where('c.departmentId', '=', a.departmentId);
  if (a.from !== undefined) matching = matching.where('c.startsOn', '>=', a.from);
  if (a.to !== undefined) matching = matching.where('c.startsOn', '<=', a.to);
  if (a.positionId !== undefined || a.position !== undefined)
    matching = matching.where((eb) =>
      eb.exists(
        eb
          .selectFrom('programPositions as pp')
          .innerJoin('positions as pos', 'pos.id', 'pp.positionId')
          .whereRef('pp.programId', '=', 'c.programId')
          .$if(a.positionId !== undefined, (qb) => qb.where('pp.positionId', '=', a.positionId ?? 0))
          .$if(a.position !== undefined, (qb) =>
            qb.where(sql<SqlBool>`lower(pos.name) = lower(${a.position ?? ''})`),
          )
          .select(sql.lit(1).as('one')),
      ),
    );
  if (a.territoryId !== undefined)
    matching = matching.where(({ exists, selectFrom }) =>
      exists(
        selectFrom(placesSummary('c', a.today, a.territoryId).as('pl'))
          .where(sql<SqlBool>`pl.common_left + pl.territory_quota_left > 0`)
          .select(sql.lit(1).as('one')),
      ),
    );
  const keys = ['c.id', 'c.startsOn', 'c.applyUntil', applicationsOpen(a.today).as('open')] as const;
  return a.search !== undefined && a.soonest === undefined && a.byStart === undefined
    ? matching
        .where(matches('c.searchVector', a.search))
        .select([...keys, rank('c.rankVector', a.search).as('relevance')])
    : (a.search !== undefined ? matching.where(matches('c.searchVector', a.search)) : matching).select([
        ...keys,
        sql<number>`0::real`.as('relevance'),
      ]);
}

/**
 * The page's order as SQL over matching rows aliased `alias`: the nearest last day of applying
 * (those still taking applications first), else by relevance (0 when not searching), then start date.
 */
const pageOrder = (a: PageArgs, alias: 'f' | 'm') => {
  const t = sql.raw(alias);
  return a.soonest !== undefined
    ? sql`${t}.open DESC, ${t}.apply_until, ${t}.starts_on, ${t}.id`
    : sql`${t}.relevance DESC, ${t}.starts_on, ${t}.id`;
};

/**
 * A catalog item's columns (`catalogItem` of contract/catalog.ts, its keys in its order) up to its
 * capacity, of course `c`, program `p`, department `d` and provider `pr`: what changes only with a
 * write of the catalog. Places left, learners, whether applications are open and whether the study
 * is over follow. Raw SQL: the CamelCasePlugin would rename the camelCase keys of the contract.
 */
export const itemFixed = sql`c.id::text AS "id", c.status AS "status", p.title AS "title",
      left(p.annotation, 300) AS "annotation", p.hours AS "hours", p.kind AS "kind", p.form AS "form",
      p.distance AS "distance", c.starts_on AS "startsOn", c.ends_on AS "endsOn",
      c.apply_until AS "applyUntil", c.place AS "place", d.provider_id::text AS "providerId",
      pr.name AS "providerName", c.department_id::text AS "departmentId", d.name AS "departmentName",
      c.capacity AS "capacity"`;

/**
 * One page of the public catalog in one statement, as JSON text in the contract's shape
 * (`catalogItem` of contract/catalog.ts, its keys in its order). The matches are gathered once (a
 * materialized CTE) and read twice: counted, and the page's rows taken by a top-N sort; so a page
 * past the last one still carries the count, with no second statement. Names and places are read for the page's rows only, not for every
 * match (unless places are the filter: free places for a territory). The database writes the
 * items' JSON, so the process neither parses rows nor presents and serializes them: on every
 * uncached search that had cost more than the database's own work. `catalog.test.ts` holds the text to the contract.
 */
const catalogPage = compiledOnce((db: Database, a: PageArgs) => {
  const item = sql`(SELECT ${itemFixed}, ${placesLeft('c')} AS "placesLeft", ${learnersOf} AS "learners",
      ${applicationsOpen(a.today)} AS "applicationsOpen", ${studyEnded(a.today)} AS "studyEnded")`;
  return db
    .with(
      (cte) => cte('f').materialized(),
      (db) => matchingCourses(db, a),
    )
    .selectFrom((db) =>
      db
        .selectFrom('f')
        .selectAll()
        .orderBy(sql`${pageOrder(a, 'f')}`)
        .limit(a.limit)
        .offset(a.offset)
        .as('m'),
    )
    .innerJoin('courses as c', 'c.id', 'm.id')
    .innerJoin('programs as p', 'p.id', 'c.programId')
    .innerJoin('departments as d', 'd.id', 'c.departmentId')
    .innerJoin('providers as pr', 'pr.id', 'd.providerId')
    .innerJoinLateral(item.as('item'), (join) => join.onTrue())
    .select([
      sql<string>`coalesce(string_agg(row_to_json(item)::text, ',' ORDER BY ${pageOrder(a, 'm')}), '')`.as(
        'items',
      ),
      sql<number>`count(*)::integer`.as('shown'),
      sql<number>`(SELECT count(*) FROM f)::integer`.as('total'),
    ]);
});

/**
 * One page of the public catalog in one statement, as the
 * JSON text of the answer (`page(catalogItem)`): listed courses matching every filter, ranked by
 * relevance when searching, else by start date. The statement is the same text for every search
 * (the words are a parameter), so it is prepared and planned once per connection: planning it was
 * most of its cost; and it is built and compiled once per process (db/statement.ts). Hence no
 * condition that a generic plan could not take to an index (see `searchQuery`), and the empty
 * query's case apart.
 */
export async function findCatalogCourses(
  db: Database,
  today: string,
  filter: CatalogFilter,
): Promise<string> {
  const { q, position, open, sort, ...rest } = filter;
  const search = q?.trim() ? q.trim() : undefined;
  // Only what is given shapes the statement: an empty position is no filter.
  const args: PageArgs = {
    ...rest,
    position: position || undefined,
    search,
    today,
    openOnly: open ? true : undefined,
    soonest: sort === 'applyUntil' ? true : undefined,
    byStart: sort === 'startsOn' ? true : undefined,
  };
  const [found] = await catalogPage(db, args);
  const shown = found?.shown ?? 0;
  // Words that carry no meaning on their own (only stop words such as «и», «по») make an empty
  // query, which matches everything instead of nothing. Asked only when nothing matched, so that
  // the search itself has no condition a generic plan could not take to the index.
  if (shown === 0 && search) {
    const { empty } = await db.selectNoFrom(meaningless(search).as('empty')).executeTakeFirstOrThrow();
    if (empty) return findCatalogCourses(db, today, { ...filter, q: undefined });
  }
  return `{"items":[${found?.items ?? ''}],"total":${Number(found?.total ?? 0)}}`;
}
