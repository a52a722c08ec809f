// The places rule with places taken (which applications will hold from the next module on): the
// same SQL the catalog runs, fed a relation of taken counts.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/db.js';
import { buildApplication, buildCourse, buildTerritory } from '../../../test/factories.js';
import { APPLICATION_STATUSES } from '../../contract/applications.js';
import type { ApplicationStatus } from '../db/schema.js';
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

describe('places held and learners kept on the course', () => {
  /** The course's kept figures against a count of its applications. */
  async function expectKept(courseId: number) {
    const { rows } = await sql<{ kept: number[]; counted: number[] }>`
      SELECT ARRAY[k.places_held, k.learners_enrolled, k.learners_completed] AS kept,
             ARRAY[count(a.id) FILTER (WHERE a.status IN ('forwarded', 'enrolled')),
                   count(a.id) FILTER (WHERE a.status IN ('enrolled', 'completed', 'not_completed')),
                   count(a.id) FILTER (WHERE a.status = 'completed')]::integer[] AS counted
        FROM courses c LEFT JOIN course_counts k ON k.course_id = c.id
             LEFT JOIN applications a ON a.course_id = c.id
       WHERE c.id = ${courseId} GROUP BY c.id, k.course_id`.execute(db);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.kept).toEqual(rows[0]?.counted);
  }
  const setStatus = (id: number, status: ApplicationStatus) =>
    db
      .updateTable('applications')
      .set({ status, waitlistedAt: status === 'waitlisted' ? new Date() : null })
      .where('id', '=', id)
      .execute();

  it('equal a count after every change of state, whoever writes it', async () => {
    const kept = await buildCourse(db, { capacity: 30 });
    // Others already there: the figures add to them.
    for (const status of ['forwarded', 'enrolled', 'completed', 'submitted'] as const)
      await buildApplication(db, { courseId: kept.id, status });
    await expectKept(kept.id);
    const { id } = await buildApplication(db, { courseId: kept.id, status: 'submitted' });
    for (const from of APPLICATION_STATUSES)
      for (const to of APPLICATION_STATUSES) {
        if (from === to) continue;
        await setStatus(id, from);
        await expectKept(kept.id);
        await setStatus(id, to);
        await expectKept(kept.id);
      }
  });

  it('follow an application to another course and out of the database', async () => {
    const from = await buildCourse(db, { capacity: 30 });
    const to = await buildCourse(db, { capacity: 30 });
    for (const status of APPLICATION_STATUSES) {
      const app = await buildApplication(db, { courseId: from.id, status });
      await expectKept(from.id);
      await db.updateTable('applications').set({ courseId: to.id }).where('id', '=', app.id).execute();
      await expectKept(from.id);
      await expectKept(to.id);
      // Moved and changed at once.
      await db
        .updateTable('applications')
        .set({
          courseId: from.id,
          status: status === 'completed' ? 'enrolled' : 'completed',
          waitlistedAt: null,
        })
        .where('id', '=', app.id)
        .execute();
      await expectKept(from.id);
      await expectKept(to.id);
      await db.deleteFrom('applicationHistory').where('applicationId', '=', app.id).execute();
      await db.deleteFrom('applications').where('id', '=', app.id).execute();
      await expectKept(from.id);
    }
  });

  it('equal a count after one statement changes many applications of several courses', async () => {
    const one = await buildCourse(db, { capacity: 30 });
    const two = await buildCourse(db, { capacity: 30 });
    const ids: number[] = [];
    for (const courseId of [one.id, two.id])
      for (const status of ['submitted', 'submitted', 'forwarded', 'enrolled', 'waitlisted'] as const)
        ids.push((await buildApplication(db, { courseId, status })).id);
    // A bulk forward, then a bulk enrolment and a bulk result, each one statement over both courses.
    for (const [from, to] of [
      ['submitted', 'forwarded'],
      ['forwarded', 'enrolled'],
      ['enrolled', 'completed'],
    ] as const) {
      await db
        .updateTable('applications')
        .set({ status: to })
        .where('id', 'in', ids)
        .where('status', '=', from)
        .execute();
      await expectKept(one.id);
      await expectKept(two.id);
    }
    // A statement that changes neither a status nor a course leaves the figures as they are.
    await db.updateTable('applications').set({ updatedAt: new Date() }).where('id', 'in', ids).execute();
    await expectKept(one.id);
    await expectKept(two.id);
  });

  it('come with a course written anew (a restore) and go with a deleted one', async () => {
    const course = await buildCourse(db, { capacity: 30 });
    await buildApplication(db, { courseId: course.id, status: 'enrolled' });
    // A restore writes the course first, then its applications, which add themselves.
    const { rows } = await sql<{ id: number }>`
      INSERT INTO courses (program_id, department_id, starts_on, ends_on, apply_until, capacity, status,
                           published_at, created_at, updated_at)
      SELECT program_id, department_id, starts_on, ends_on, apply_until, capacity, status,
             published_at, created_at, updated_at FROM courses WHERE id = ${course.id}
      RETURNING id`.execute(db);
    const restored = rows[0]?.id as number;
    await expectKept(restored);
    for (const status of ['forwarded', 'enrolled', 'completed', 'not_completed', 'submitted'] as const)
      await buildApplication(db, { courseId: restored, status });
    await expectKept(restored);
    const counts = () => db.selectFrom('courseCounts').where('courseId', '=', restored).select('placesHeld');
    expect(await counts().execute()).toEqual([{ placesHeld: 2 }]);
    await db
      .deleteFrom('applicationHistory')
      .where('applicationId', 'in', (q) =>
        q.selectFrom('applications').where('courseId', '=', restored).select('id'),
      )
      .execute();
    await db.deleteFrom('applications').where('courseId', '=', restored).execute();
    await db.deleteFrom('courses').where('id', '=', restored).execute();
    expect(await counts().execute()).toEqual([]);
  });
});
