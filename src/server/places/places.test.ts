// The places rule with places taken (which applications will hold from the next module on): the
// same SQL the catalog runs, fed a relation of taken counts.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/db.js';
import { buildCourse, buildTerritory } from '../../../test/factories.js';
import { placesSummary, quotasJson, type Taken } from './places.js';

const handle = await testDatabase();
const db = handle.db;
afterAll(() => handle.close());
let course: Awaited<ReturnType<typeof buildCourse>>;
let a: number;
let b: number;
let c: number;

beforeAll(async () => {
  a = (await buildTerritory(db)).id;
  b = (await buildTerritory(db)).id;
  c = (await buildTerritory(db)).id;
  course = await buildCourse(db, {
    capacity: 10,
    quotaReleaseOn: '2026-12-01',
    quotas: [
      { territoryId: a, places: 4 },
      { territoryId: b, places: 3 },
    ],
  });
});

/** Territory a took 5 (one beyond its quota), b took 1, c (no quota) took 2. */
const taken = (): Taken => sql`(SELECT * FROM (VALUES
  (${course.id}::integer, ${a}::integer, 5::integer),
  (${course.id}::integer, ${b}::integer, 1::integer),
  (${course.id}::integer, ${c}::integer, 2::integer)) v(course_id, territory_id, taken))`;

async function summary(today: string, territoryId?: number) {
  const { rows } = await sql<{ placesLeft: number; commonLeft: number; territoryQuotaLeft: number | null }>`
    SELECT pl.places_left, pl.common_left, pl.territory_quota_left
      FROM courses c CROSS JOIN LATERAL ${placesSummary('c', today, territoryId, taken())} pl
     WHERE c.id = ${course.id}`.execute(db);
  return rows[0]!;
}

/** The quotas a course page reads with its places, in one pass over the same rows. */
async function pageQuotas(today: string) {
  const { rows } = await sql<{ quotas: { territoryId: number; places: number; placesLeft: number }[] }>`
    SELECT pl.quotas FROM courses c CROSS JOIN LATERAL ${placesSummary('c', today, undefined, taken(), true)} pl
     WHERE c.id = ${course.id}`.execute(db);
  return Object.fromEntries((rows[0]?.quotas ?? []).map((r) => [r.territoryId, [r.places, r.placesLeft]]));
}

const quotas = async (today: string) =>
  Object.fromEntries(
    (
      await db
        .selectFrom('courses as c')
        .where('c.id', '=', course.id)
        .select(quotasJson('c', today, taken()).as('quotas'))
        .executeTakeFirstOrThrow()
    ).quotas.map((r) => [r.territoryId, [r.places, r.placesLeft]]),
  );

describe('places left', () => {
  it('before the release date: quotas first, then common places, overflow taking common ones', async () => {
    expect(await summary('2026-11-30')).toEqual({ placesLeft: 2, commonLeft: 0, territoryQuotaLeft: null });
    expect((await summary('2026-11-30', b)).territoryQuotaLeft).toBe(2);
    expect((await summary('2026-11-30', a)).territoryQuotaLeft).toBe(0);
    expect((await summary('2026-11-30', c)).territoryQuotaLeft).toBe(0);
    expect(await quotas('2026-11-30')).toEqual({ [a]: [4, 0], [b]: [3, 2] });
    expect(await pageQuotas('2026-11-30')).toEqual({ [a]: [4, 0], [b]: [3, 2] });
  });

  it('from the release date every unused quota place is common', async () => {
    expect(await summary('2026-12-01', c)).toEqual({ placesLeft: 2, commonLeft: 2, territoryQuotaLeft: 0 });
    expect(await quotas('2026-12-01')).toEqual({ [a]: [4, 0], [b]: [3, 0] });
    expect(await pageQuotas('2026-12-01')).toEqual({ [a]: [4, 0], [b]: [3, 0] });
  });
});
