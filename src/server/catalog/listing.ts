// The public catalog's search in the process. Every visitor searches the same thousand or so listed
// courses, which change a few times a day, while a search in the database matched and ranked all of
// them on every request (most of a search's cost, see docs/benchmarks.md). So each process keeps a
// copy of the listed courses (their filters, vectors and the fixed part of their items' JSON) and
// finds, ranks and pages in it; each page then asks the database one small statement: the catalog's
// version (migration 0034, moved at the commit of every change to what a list shows) and its
// courses' kept counts (places left, learners). A page found in a copy older than the version it
// read is answered by the database's statement instead, while a fresh copy is read in the
// background, so a page never shows what was changed before it was asked and nobody waits for a
// reading. The answers are the database's own, byte for byte (listing.test.ts compares the two).
//
// The user's words are still parsed and stemmed by the database, once per distinct text in a
// process (a pure function of the text); matching and ranking follow PostgreSQL's (tsquery.ts).
// A search for free places of a territory, or words the copy cannot match as the database would,
// is answered by the database's statement (queries.ts): `findListed` answers undefined.
import { CompiledQuery, sql } from 'kysely';
import type { Database } from '../db/database.js';
import { type CatalogFilter, itemFixed, LISTED_STATUSES } from './queries.js';
import { meaningless, searchQuery } from './search.js';
import {
  matchAll,
  type Postings,
  parseQuery,
  type QueryNode,
  queryWords,
  rankAll,
  rankedAsOr,
  wordRank,
} from './tsquery.js';

/** The listed courses, by start date then id (the catalog's order without words), column by column. */
type Copy = {
  version: string;
  count: number;
  id: Int32Array;
  status: string[];
  startsOn: string[];
  endsOn: string[];
  applyUntil: string[];
  form: string[];
  kind: string[];
  distance: boolean[];
  departmentId: Int32Array;
  providerId: Int32Array;
  capacity: Int32Array;
  positionIds: number[][];
  positionNames: string[][];
  /** The item's JSON up to its capacity, without the closing brace. */
  item: string[];
  /** Place of each course in the order of the nearest last day of applying (then start, id). */
  soonOrder: Int32Array;
  words: Map<string, Postings>;
  ranks: Map<string, { docs: Int32Array; rank: Float64Array }>;
};

type LoadedRow = {
  version: string;
  id: number | null;
  status: string;
  startsOn: string;
  endsOn: string;
  applyUntil: string;
  form: string;
  kind: string;
  distance: boolean;
  departmentId: number;
  providerId: number;
  capacity: number;
  positions: [number, string][];
  words: [string, number[]][];
  ranks: [string, string[]][];
  item: string;
};

const listed = sql.join(LISTED_STATUSES.map((s) => sql.lit(s)));

/** The copy, read in one statement: the version in the same snapshot as the courses. */
async function load(db: Database): Promise<Copy> {
  const { rows } = await sql<LoadedRow>`
    SELECT v.version, c.id, c.status, c.starts_on::text AS "startsOn", c.ends_on::text AS "endsOn",
           c.apply_until::text AS "applyUntil",
           c.program_form AS "form", c.program_kind AS "kind", c.program_distance AS "distance",
           c.department_id AS "departmentId", d.provider_id AS "providerId", c.capacity,
           (SELECT coalesce(json_agg(json_build_array(pp.position_id, lower(pos.name))), '[]')
              FROM program_positions pp JOIN positions pos ON pos.id = pp.position_id
             WHERE pp.program_id = c.program_id) AS "positions",
           (SELECT coalesce(json_agg(json_build_array(u.lexeme, u.positions)), '[]')
              FROM unnest(c.search_vector) u) AS "words",
           (SELECT coalesce(json_agg(json_build_array(u.lexeme, u.weights)), '[]')
              FROM unnest(c.rank_vector) u) AS "ranks",
           row_to_json(item)::text AS "item"
      FROM (SELECT coalesce((SELECT version FROM catalog_version), 0)::text AS version) v
      LEFT JOIN (courses c
        JOIN programs p ON p.id = c.program_id
        JOIN departments d ON d.id = c.department_id
        JOIN providers pr ON pr.id = d.provider_id
        CROSS JOIN LATERAL (SELECT ${itemFixed}) item)
        ON c.status IN (${listed})
     ORDER BY c.starts_on, c.id`.execute(db);
  const courses = rows.filter((r) => r.id !== null);
  const count = courses.length;
  const words = new Map<string, { docs: number[]; positions: Int16Array[] }>();
  const ranks = new Map<string, { docs: number[]; rank: number[] }>();
  courses.forEach((r, doc) => {
    for (const [word, positions] of r.words) {
      const p = words.get(word) ?? { docs: [], positions: [] };
      words.set(word, p);
      p.docs.push(doc);
      p.positions.push(Int16Array.from(positions));
    }
    for (const [word, weights] of r.ranks) {
      const p = ranks.get(word) ?? { docs: [], rank: [] };
      ranks.set(word, p);
      p.docs.push(doc);
      p.rank.push(wordRank(weights));
    }
  });
  const soon = courses.map((_, doc) => doc);
  // Courses are in (start, id) order, so a tie of the last day keeps it.
  soon.sort((a, b) => compare(courses[a]?.applyUntil, courses[b]?.applyUntil) || a - b);
  const soonOrder = new Int32Array(count);
  soon.forEach((doc, place) => {
    soonOrder[doc] = place;
  });
  return {
    version: rows[0]?.version ?? '0',
    count,
    id: Int32Array.from(courses, (r) => r.id ?? 0),
    status: courses.map((r) => r.status),
    startsOn: courses.map((r) => r.startsOn),
    endsOn: courses.map((r) => r.endsOn),
    applyUntil: courses.map((r) => r.applyUntil),
    form: courses.map((r) => r.form),
    kind: courses.map((r) => r.kind),
    distance: courses.map((r) => r.distance),
    departmentId: Int32Array.from(courses, (r) => r.departmentId),
    providerId: Int32Array.from(courses, (r) => r.providerId),
    capacity: Int32Array.from(courses, (r) => r.capacity),
    positionIds: courses.map((r) => r.positions.map(([id]) => id)),
    positionNames: courses.map((r) => r.positions.map(([, name]) => name)),
    item: courses.map((r) => r.item.slice(0, -1)),
    soonOrder,
    words: new Map(
      [...words].map(([w, p]) => [w, { docs: Int32Array.from(p.docs), positions: p.positions }]),
    ),
    ranks: new Map(
      [...ranks].map(([w, p]) => [w, { docs: Int32Array.from(p.docs), rank: Float64Array.from(p.rank) }]),
    ),
  };
}

const compare = (a: string | undefined, b: string | undefined) =>
  a === b ? 0 : (a ?? '') < (b ?? '') ? -1 : 1;

/** Per database: the copy and the reading of its successor, one for all who ask. */
type Held = { copy?: Copy; reading?: Promise<Copy> };
const copies = new WeakMap<Database, Held>();

function heldOf(db: Database) {
  const held = copies.get(db) ?? {};
  copies.set(db, held);
  return held;
}

function read(db: Database, held: Held) {
  held.reading ??= load(db).then(
    (copy) => {
      held.copy = copy;
      held.reading = undefined;
      return copy;
    },
    (error: unknown) => {
      held.reading = undefined;
      throw error;
    },
  );
  return held.reading;
}

/** The copy held; the first is waited for (a process's first searches). */
function copyOf(db: Database): Promise<Copy> {
  const held = heldOf(db);
  return held.copy ? Promise.resolve(held.copy) : read(db, held);
}

/**
 * Reads a successor of `stale` in the background, unless one is held or being read. A failed reading
 * is tried again by the next page that finds the copy stale.
 */
function readAgain(db: Database, stale: Copy) {
  const held = heldOf(db);
  if (held.copy === stale) read(db, held).catch(() => {});
}

/** The user's words as the database parses them, and a position's name as it lowers it. */
type Words = {
  query: QueryNode | undefined;
  /** The query's distinct words in the order ts_rank sums them. */
  ranked: string[];
  empty: boolean;
  supported: boolean;
  position: string | undefined;
};
const parsed = new Map<string, Words>();
const PARSED_KEPT = 10_000;

async function parseWords(db: Database, search: string | undefined, position: string | undefined) {
  const key = `${search ?? ''}\u0000${position ?? ''}`;
  const known = parsed.get(key);
  if (known) return known;
  const row = (
    await sql<{ query: string | null; empty: boolean | null; position: string | null }>`
      SELECT ${search === undefined ? sql`NULL` : sql`(${searchQuery(search)})::text`} AS query,
             ${search === undefined ? sql`NULL` : meaningless(search)} AS empty,
             lower(${position ?? null}::text) AS position`.execute(db)
  ).rows[0];
  const empty = row?.empty === true;
  const read = search !== undefined && !empty ? parseQuery(row?.query ?? '') : undefined;
  // The two readings of words with no place in them (search.ts) are the same: `x | x` matches as x.
  const query =
    read?.op === 'or' && JSON.stringify(read.left) === JSON.stringify(read.right) ? read.left : read;
  const words: Words = {
    query,
    ranked: read ? queryWords(read) : [],
    empty,
    // Ranked here only as `calc_rank_or` ranks: the query's top is never `&` (search.ts joins two readings).
    supported: search === undefined || empty || (read !== undefined && rankedAsOr(read)),
    position: row?.position ?? undefined,
  };
  if (parsed.size >= PARSED_KEPT) parsed.clear();
  parsed.set(key, words);
  return words;
}

/** The filters besides the words and the position, which `Words` carries as the database read them. */
type Args = Omit<CatalogFilter, 'q' | 'position' | 'open' | 'sort'> & {
  openOnly?: boolean;
  soonest?: boolean;
  byStart?: boolean;
};

/** Whether the copy's course takes applications on `today`, as card.ts `applicationsOpen` says. */
const takesApplications = (copy: Copy, doc: number, today: string) =>
  copy.status[doc] === 'published' && (copy.applyUntil[doc] ?? '') >= today;

/** Whether the copy's course is running past its last day on `today`, as card.ts `studyEnded` says. */
const studyOver = (copy: Copy, doc: number, today: string) =>
  copy.status[doc] === 'running' && (copy.endsOn[doc] ?? '') < today;

/** Courses of the copy matching the filters, ordered, a page's worth after the offset. */
function pageOf(copy: Copy, a: Args, words: Words, today: string) {
  const n = copy.count;
  const found = words.query ? matchAll(words.query, n, (w) => copy.words.get(w)) : undefined;
  const open = (doc: number) => takesApplications(copy, doc, today);
  // Only the filters given are checked, each a test of one course.
  const { form, kind, distance, providerId, departmentId, from, to, positionId } = a;
  const position = words.position;
  const tests: ((doc: number) => boolean)[] = [];
  if (form !== undefined) tests.push((doc) => copy.form[doc] === form);
  if (kind !== undefined) tests.push((doc) => copy.kind[doc] === kind);
  if (distance !== undefined) tests.push((doc) => copy.distance[doc] === distance);
  if (a.openOnly) tests.push(open);
  if (providerId !== undefined) tests.push((doc) => copy.providerId[doc] === providerId);
  if (departmentId !== undefined) tests.push((doc) => copy.departmentId[doc] === departmentId);
  if (from !== undefined) tests.push((doc) => (copy.startsOn[doc] ?? '') >= from);
  if (to !== undefined) tests.push((doc) => (copy.startsOn[doc] ?? '') <= to);
  if (positionId !== undefined) tests.push((doc) => copy.positionIds[doc]?.includes(positionId) === true);
  if (position !== undefined) tests.push((doc) => copy.positionNames[doc]?.includes(position) === true);
  const matches: number[] = [];
  for (let doc = 0; doc < n; doc++) {
    if (found && !found[doc]) continue;
    if (tests.every((test) => test(doc))) matches.push(doc);
  }
  // The order as a number per course, smaller first: the copy is already by (start, id).
  let key: (doc: number) => number;
  if (a.soonest) key = (doc) => (open(doc) ? 0 : n) + (copy.soonOrder[doc] as number);
  else if (words.query && !a.byStart) {
    const relevance = rankAll(words.ranked, n, (w) => copy.ranks.get(w));
    // By relevance descending, then (start, id). A rank is a non-negative single-precision number,
    // whose bits order as integers do, so the key is exact: (largest bits - bits) · n + place.
    const bits = new Int32Array(relevance.buffer);
    key = (doc) => (0x7f800000 - (bits[doc] as number)) * n + doc;
  } else key = (doc) => doc;
  return { total: matches.length, docs: firstOf(matches, key, a.offset + a.limit).slice(a.offset) };
}

/** The `k` items of smallest key, in order, without sorting them all. */
function firstOf(items: number[], key: (item: number) => number, k: number): number[] {
  if (k >= items.length / 4)
    return items
      .map((i) => [key(i), i] as const)
      .sort((x, y) => x[0] - y[0])
      .slice(0, k)
      .map(([, i]) => i);
  const best: [number, number][] = [];
  for (const item of items) {
    const kv = key(item);
    if (best.length === k && kv >= (best[k - 1]?.[0] as number)) continue;
    let at = best.length === k ? k - 1 : best.length;
    if (best.length === k) best.pop();
    while (at > 0 && (best[at - 1]?.[0] as number) > kv) at--;
    best.splice(at, 0, [kv, item]);
  }
  return best.map(([, i]) => i);
}

/** The version and the page's courses' kept counts, in one statement (the same text for every page). */
const COUNTS = `SELECT coalesce((SELECT version FROM catalog_version), 0)::text AS version,
  (SELECT coalesce(json_agg(json_build_array(k.course_id, k.places_held, k.learners_enrolled, k.learners_completed)), '[]')::text
     FROM course_counts k WHERE k.course_id = ANY($1::int[])) AS counts`;

/**
 * One page of the public catalog, as the JSON text of the answer, from the process's copy; undefined
 * when the database's statement must answer (free places of a territory; words the copy cannot
 * match as the database would; a copy older than the catalog).
 */
export async function findListed(
  db: Database,
  today: string,
  filter: CatalogFilter,
): Promise<string | undefined> {
  const { q, position, open, sort, territoryId, ...rest } = filter;
  if (territoryId !== undefined) return undefined;
  const search = q?.trim() ? q.trim() : undefined;
  const words = await parseWords(db, search, position || undefined);
  if (!words.supported) return undefined;
  const a: Args = {
    ...rest,
    openOnly: open === true,
    soonest: sort === 'applyUntil',
    byStart: sort === 'startsOn',
  };
  const copy = await copyOf(db);
  const { total, docs } = pageOf(copy, a, words, today);
  const ids = docs.map((doc) => copy.id[doc] as number);
  const { rows } = await db.executeQuery(
    CompiledQuery.raw(COUNTS, [ids]) as CompiledQuery<{ version: string; counts: string }>,
  );
  const row = rows[0];
  if (row && row.version === copy.version) return answer(copy, docs, row.counts, total, today);
  // The catalog changed since the copy was read: the database's statement answers while a fresh
  // copy is read (some 150 ms of Node's CPU regionally), so that no visitor waits for the reading.
  readAgain(db, copy);
  return undefined;
}

function answer(copy: Copy, docs: number[], countsText: string, total: number, today: string) {
  const counts = new Map<number, [number, number, number]>();
  for (const [id, held, enrolled, completed] of JSON.parse(countsText) as [number, number, number, number][])
    counts.set(id, [held, enrolled, completed]);
  const items = docs.map((doc) => {
    const k = counts.get(copy.id[doc] as number);
    // As queries.ts writes them: no counts row leaves no place (greatest(NULL, 0)) and no learners.
    const placesLeft = k ? Math.max((copy.capacity[doc] as number) - k[0], 0) : 0;
    const learners =
      copy.status[doc] === 'running' && k ? `{"enrolled":${k[1]},"completed":${k[2]}}` : 'null';
    const open = takesApplications(copy, doc, today);
    return `${copy.item[doc]},"placesLeft":${placesLeft},"learners":${learners},"applicationsOpen":${open},"studyEnded":${studyOver(copy, doc, today)}}`;
  });
  return `{"items":[${items.join(',')}],"total":${total}}`;
}
