// Places under concurrency and over random sequences of actions: the database decides, so no
// course goes over its capacity, no territory over its quota and the common places it took, the
// waitlist never waits while a place it may take is free, and history always matches the state.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import {
  buildApplication,
  buildCourse,
  buildDepartment,
  buildMarks,
  buildProvider,
  buildTerritory,
  buildUser,
} from '../../../test/factories.js';
import { atOnce, expectOverlap } from '../../../test/overlap.js';

const t = await testApp();
let dept: number;
let territoryA: number;
let territoryB: number;
let methodistA: Session;
let methodistB: Session;
let manager: Session;

beforeAll(async () => {
  territoryA = (await buildTerritory(t.db)).id;
  territoryB = (await buildTerritory(t.db)).id;
  dept = (await buildDepartment(t.db, { providerId: (await buildProvider(t.db)).id })).id;
  methodistA = await t.login(
    (await buildUser(t.db, { roles: [{ role: 'methodist', territoryId: territoryA }] })).login,
  );
  methodistB = await t.login(
    (await buildUser(t.db, { roles: [{ role: 'methodist', territoryId: territoryB }] })).login,
  );
  manager = await t.login(
    (await buildUser(t.db, { roles: [{ role: 'manager', departmentId: dept }] })).login,
  );
});

const act = (who: Session, id: number, action: string) =>
  t.request(who, {
    method: 'POST',
    url: `/api/v1/applications/${id}/actions/${action}`,
    payload: action === 'decline' ? { reason: 'Нет мест в аудитории' } : {},
  });

async function counts(courseId: number) {
  const rows = await t.db
    .selectFrom('applications')
    .where('courseId', '=', courseId)
    .select(['territoryId', 'status'])
    .execute();
  const held = (territoryId?: number) =>
    rows.filter(
      (r) =>
        ['forwarded', 'enrolled'].includes(r.status) &&
        (territoryId === undefined || r.territoryId === territoryId),
    ).length;
  const waiting = (territoryId: number) =>
    rows.filter((r) => r.status === 'waitlisted' && r.territoryId === territoryId).length;
  return { held, waiting };
}

/**
 * The places held and learners the course keeps (migration 0030) are what a count of its
 * applications gives, after whatever transition came last.
 */
async function expectKeptCounts(courseId: number) {
  const kept = await t.db
    .selectFrom('courseCounts')
    .where('courseId', '=', courseId)
    .select(['placesHeld', 'learnersEnrolled', 'learnersCompleted'])
    .executeTakeFirstOrThrow();
  const statuses = (
    await t.db.selectFrom('applications').where('courseId', '=', courseId).select('status').execute()
  ).map((r) => r.status);
  const count = (of: string[]) => statuses.filter((s) => of.includes(s)).length;
  expect(kept).toEqual({
    placesHeld: count(['forwarded', 'enrolled']),
    learnersEnrolled: count(['enrolled', 'completed', 'not_completed']),
    learnersCompleted: count(['completed']),
  });
}

// At once: on PGlite (one connection) these requests are serialized by the database and the tests
// check the outcome only; on PostgreSQL they are held at the course's row until several wait for
// it together (test/overlap.ts), and the tests assert that they did.
describe('parallel forwards', () => {
  it('40 forwards at once over a quota of 10 end with exactly 10 forwarded and 30 in the waitlist', async () => {
    const course = await buildCourse(t.db, {
      departmentId: dept,
      status: 'published',
      capacity: 10,
      quotas: [{ territoryId: territoryA, places: 10 }],
    });
    const apps: { id: number }[] = [];
    for (let i = 0; i < 40; i++)
      apps.push(await buildApplication(t.db, { courseId: course.id, territoryId: territoryA }));
    const [answers, overlap] = await atOnce(t.ctx, { table: 'courses', id: course.id }, () =>
      Promise.all(apps.map((a) => act(methodistA, a.id, 'forward'))),
    );
    expectOverlap(overlap);
    expect(answers.map((a) => a.statusCode)).toEqual(Array(40).fill(200));
    const statuses = answers.map((a) => a.json().status);
    expect(statuses.filter((s) => s === 'forwarded')).toHaveLength(10);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(30);
    expect((await counts(course.id)).held()).toBe(10);
    // Forwards at once each add their place to the course's kept count: none is lost.
    await expectKeptCounts(course.id);
  });

  it('two territories racing for a quota each and the common places never exceed any of them', async () => {
    const course = await buildCourse(t.db, {
      departmentId: dept,
      status: 'published',
      capacity: 10,
      quotas: [
        { territoryId: territoryA, places: 3 },
        { territoryId: territoryB, places: 2 },
      ],
    });
    const apps: { app: { id: number }; who: Session }[] = [];
    for (let i = 0; i < 30; i++)
      apps.push({
        app: await buildApplication(t.db, {
          courseId: course.id,
          territoryId: i % 2 ? territoryB : territoryA,
        }),
        who: i % 2 ? methodistB : methodistA,
      });
    const [, forwards] = await atOnce(t.ctx, { table: 'courses', id: course.id }, () =>
      Promise.all(apps.map(({ app, who }) => act(who, app.id, 'forward'))),
    );
    expectOverlap(forwards);
    const c = await counts(course.id);
    expect(c.held()).toBe(10);
    // Five common places, shared: each territory holds its quota plus some of them.
    expect(c.held(territoryA)).toBeGreaterThanOrEqual(3);
    expect(c.held(territoryB)).toBeGreaterThanOrEqual(2);
    // A second wave of recalls and forwards at once still leaves exactly the capacity held.
    const forwarded = await t.db
      .selectFrom('applications')
      .where('courseId', '=', course.id)
      .where('status', '=', 'forwarded')
      .select(['id', 'territoryId'])
      .execute();
    const [, recalls] = await atOnce(t.ctx, { table: 'courses', id: course.id }, () =>
      Promise.all(
        forwarded
          .slice(0, 4)
          .map((a) => act(a.territoryId === territoryA ? methodistA : methodistB, a.id, 'recall')),
      ),
    );
    expectOverlap(recalls);
    expect((await counts(course.id)).held()).toBe(10);
    // Forwards at once each add their place to the course's kept count: none is lost.
    await expectKeptCounts(course.id);
  });
});

describe('random sequences of actions', () => {
  const step = fc.record({
    app: fc.nat({ max: 7 }),
    action: fc.constantFrom('forward', 'forward', 'recall', 'withdraw', 'decline'),
  });
  it('keep capacity, quotas, the waitlist and history consistent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          capacity: fc.integer({ min: 1, max: 5 }),
          quotaA: fc.integer({ min: 0, max: 3 }),
          quotaB: fc.integer({ min: 0, max: 2 }),
          released: fc.boolean(),
          steps: fc.array(step, { minLength: 1, maxLength: 25 }),
        }),
        async ({ capacity, quotaA, quotaB, released, steps }) => {
          const quotaOf = { [territoryA]: Math.min(quotaA, capacity), [territoryB]: 0 };
          quotaOf[territoryB] = Math.min(quotaB, capacity - (quotaOf[territoryA] ?? 0));
          const course = await buildCourse(t.db, {
            departmentId: dept,
            status: 'published',
            capacity,
            quotaReleaseOn: released ? '2026-11-20' : '2026-12-01',
            quotas: Object.entries(quotaOf)
              .filter(([, places]) => places > 0)
              .map(([territoryId, places]) => ({ territoryId: Number(territoryId), places })),
          });
          const apps = [];
          for (let i = 0; i < 8; i++) {
            const territoryId = i % 2 ? territoryB : territoryA;
            apps.push({
              ...(await buildApplication(t.db, { courseId: course.id, territoryId })),
              territoryId,
            });
          }
          for (const s of steps) {
            const app = apps[s.app]!;
            const who =
              s.action === 'decline' ? manager : app.territoryId === territoryA ? methodistA : methodistB;
            const res = await act(who, app.id, s.action);
            expect([200, 404, 409]).toContain(res.statusCode);

            const c = await counts(course.id);
            expect(c.held()).toBeLessThanOrEqual(capacity);
            await expectKeptCounts(course.id);
            const common = capacity - (quotaOf[territoryA] ?? 0) - (quotaOf[territoryB] ?? 0);
            const beyond = [territoryA, territoryB].map((tid) =>
              Math.max(c.held(tid) - (quotaOf[tid] ?? 0), 0),
            );
            if (!released) expect(beyond[0]! + beyond[1]!).toBeLessThanOrEqual(common);
            // Nobody waits while a place they may take is free.
            for (const tid of [territoryA, territoryB]) {
              if (c.waiting(tid) === 0) continue;
              const free = released
                ? capacity - c.held()
                : Math.max(common - beyond[0]! - beyond[1]!, 0) +
                  Math.max((quotaOf[tid] ?? 0) - c.held(tid), 0);
              expect(free).toBe(0);
            }
          }
          // History: a chain from nothing to the current state, for every application.
          for (const app of apps) {
            const history = await t.db
              .selectFrom('applicationHistory')
              .where('applicationId', '=', app.id)
              .select(['fromStatus', 'toStatus'])
              .orderBy('id')
              .execute();
            const status = (
              await t.db
                .selectFrom('applications')
                .where('id', '=', app.id)
                .select('status')
                .executeTakeFirstOrThrow()
            ).status;
            expect(history[0]?.fromStatus).toBeNull();
            expect(history.slice(1).map((h) => h.fromStatus)).toEqual(
              history.slice(0, -1).map((h) => h.toStatus),
            );
            expect(history.at(-1)?.toStatus).toBe(status);
          }
        },
      ),
      { numRuns: 20 },
    );
  }, 120_000);
});

describe('bulk actions', () => {
  // A bulk call moves a course's applications together; it must end where the same actions taken
  // one by one, in the same order, end: the same answers, the same states, the same waitlist.
  const step = fc.record({
    action: fc.constantFrom('forward', 'forward', 'recall', 'withdraw', 'decline', 'reject'),
    territory: fc.constantFrom('A', 'B'),
    apps: fc.uniqueArray(fc.nat({ max: 7 }), { minLength: 1, maxLength: 8 }),
  });
  it('end where the same actions one by one end', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          capacity: fc.integer({ min: 1, max: 5 }),
          quotaA: fc.integer({ min: 0, max: 3 }),
          released: fc.boolean(),
          steps: fc.array(step, { minLength: 1, maxLength: 8 }),
        }),
        async ({ capacity, quotaA, released, steps }) => {
          const twin = async () => {
            const course = await buildCourse(t.db, {
              departmentId: dept,
              status: 'published',
              capacity,
              quotaReleaseOn: released ? '2026-11-20' : '2026-12-01',
              quotas: quotaA > 0 ? [{ territoryId: territoryA, places: Math.min(quotaA, capacity) }] : [],
            });
            const apps: number[] = [];
            for (let i = 0; i < 8; i++)
              apps.push(
                (
                  await buildApplication(t.db, {
                    courseId: course.id,
                    territoryId: i % 2 ? territoryB : territoryA,
                  })
                ).id,
              );
            return { courseId: course.id, apps };
          };
          const [{ courseId: bulkCourse, apps: bulk }, { courseId: singleCourse, apps: single }] = [
            await twin(),
            await twin(),
          ];
          const reasonOf = (action: string) =>
            ['decline', 'reject'].includes(action) ? 'Причина' : undefined;
          for (const s of steps) {
            const who = s.action === 'decline' ? manager : s.territory === 'A' ? methodistA : methodistB;
            const res = await t.request(who, {
              method: 'POST',
              url: `/api/v1/applications/actions/${s.action}`,
              payload: { ids: s.apps.map((i) => bulk[i]), reason: reasonOf(s.action) },
            });
            expect(res.statusCode, res.body).toBe(200);
            const answers = [];
            for (const i of s.apps) {
              const one = await t.request(who, {
                method: 'POST',
                url: `/api/v1/applications/${single[i]}/actions/${s.action}`,
                payload: reasonOf(s.action) ? { reason: reasonOf(s.action) } : {},
              });
              answers.push(one.statusCode === 200 ? { ok: true, status: one.json().status } : { ok: false });
            }
            expect(
              res
                .json()
                .results.map((r: { ok: boolean; status?: string }) =>
                  r.ok ? { ok: true, status: r.status } : { ok: false },
                ),
            ).toEqual(answers);
            const states = async (ids: number[]) => {
              const rows = await t.db
                .selectFrom('applications')
                .where('id', 'in', ids)
                .select(['id', 'status', 'waitlistedAt'])
                .execute();
              const byId = new Map(rows.map((r) => [r.id, r]));
              const waitlist = rows
                .filter((r) => r.status === 'waitlisted')
                .sort((x, y) => Number(x.waitlistedAt) - Number(y.waitlistedAt) || x.id - y.id)
                .map((r) => ids.indexOf(r.id));
              return { status: ids.map((id) => byId.get(id)?.status), waitlist };
            };
            expect(await states(bulk)).toEqual(await states(single));
            await expectKeptCounts(bulkCourse);
            await expectKeptCounts(singleCourse);
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 180_000);
});

describe('random sequences through the first day, the groups and the results', () => {
  // The course's days are over (today is 2026-11-25): groups may be formed and results recorded.
  const step = fc.oneof(
    fc.record({
      action: fc.constantFrom('forward', 'forward', 'recall', 'withdraw', 'decline', 'complete', 'fail'),
      app: fc.nat({ max: 7 }),
    }),
    fc.record({ action: fc.constant('mark'), app: fc.nat({ max: 7 }) }),
    fc.record({
      action: fc.constant('form'),
      chosen: fc.option(fc.uniqueArray(fc.nat({ max: 7 }), { minLength: 1, maxLength: 4 }), {
        nil: undefined,
      }),
    }),
  );
  it('keep capacity, one group per learner, the ends of the first group and history consistent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          capacity: fc.integer({ min: 1, max: 5 }),
          steps: fc.array(step, { minLength: 1, maxLength: 25 }),
        }),
        async ({ capacity, steps }) => {
          const course = await buildCourse(t.db, {
            departmentId: dept,
            status: 'closed',
            capacity,
            applyUntil: '2026-11-10',
            startsOn: '2026-11-16',
            endsOn: '2026-11-20',
          });
          const apps: { id: number; territoryId: number }[] = [];
          for (let i = 0; i < 8; i++) {
            const territoryId = i % 2 ? territoryB : territoryA;
            apps.push({
              ...(await buildApplication(t.db, { courseId: course.id, territoryId })),
              territoryId,
            });
          }
          const marked = new Set<number>();
          let formed = false;
          for (const s of steps) {
            if (s.action === 'mark') {
              const app = apps[s.app]!;
              if (marked.has(app.id)) continue;
              marked.add(app.id);
              await buildMarks(t.db, {
                courseId: course.id,
                day: course.startsOn,
                marks: [{ applicationId: app.id, mark: 'present' }],
              });
              continue;
            }
            if (s.action === 'form') {
              const res = await t.request(manager, {
                method: 'POST',
                url: `/api/v1/courses/${course.id}/groups`,
                payload: s.chosen ? { applicationIds: s.chosen.map((i) => String(apps[i]!.id)) } : {},
              });
              expect([201, 409, 422], res.body).toContain(res.statusCode);
              if (res.statusCode === 201) formed = true;
            } else {
              const app = apps[s.app]!;
              const staffAction = ['decline', 'complete', 'fail'].includes(s.action);
              const who = staffAction ? manager : app.territoryId === territoryA ? methodistA : methodistB;
              const res = await t.request(who, {
                method: 'POST',
                url: `/api/v1/applications/${app.id}/actions/${s.action}`,
                payload: ['decline', 'fail'].includes(s.action) ? { reason: 'Причина' } : {},
              });
              expect([200, 404, 409], res.body).toContain(res.statusCode);
            }
            const rows = await t.db
              .selectFrom('applications')
              .where('courseId', '=', course.id)
              .select(['id', 'status', 'groupId'])
              .execute();
            const held = rows.filter((r) => ['forwarded', 'enrolled'].includes(r.status)).length;
            expect(held).toBeLessThanOrEqual(capacity);
            await expectKeptCounts(course.id);
            // A learner is in a group exactly when enrolled or with a result; never two.
            for (const r of rows)
              expect(r.groupId !== null, `${r.id} ${r.status}`).toBe(
                ['enrolled', 'completed', 'not_completed'].includes(r.status),
              );
            const status = (
              await t.db
                .selectFrom('courses')
                .where('id', '=', course.id)
                .select('status')
                .executeTakeFirstOrThrow()
            ).status;
            if (formed) {
              // The first group ended whatever still waited; the course runs until every result is in.
              expect(rows.filter((r) => ['submitted', 'waitlisted'].includes(r.status))).toEqual([]);
              expect(status).toBe(rows.some((r) => r.status === 'enrolled') ? 'running' : 'finished');
            } else expect(status).toBe('closed');
          }
          for (const app of apps) {
            const history = await t.db
              .selectFrom('applicationHistory')
              .where('applicationId', '=', app.id)
              .select(['fromStatus', 'toStatus'])
              .orderBy('id')
              .execute();
            const { status } = await t.db
              .selectFrom('applications')
              .where('id', '=', app.id)
              .select('status')
              .executeTakeFirstOrThrow();
            expect(history[0]?.fromStatus).toBeNull();
            expect(history.slice(1).map((h) => h.fromStatus)).toEqual(
              history.slice(0, -1).map((h) => h.toStatus),
            );
            expect(history.at(-1)?.toStatus).toBe(status);
          }
        },
      ),
      { numRuns: 20 },
    );
  }, 180_000);
});
