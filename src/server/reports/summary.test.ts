// The summary by territory read from the month tables (summary.ts) against the live count
// (queries.ts, the reference), after changes of every kind that moves a month's figures: the two
// must agree for the operator and a methodist, for a year and for periods with partial months at
// either end, and for the CPD share; a change marks its month stale and the next summary shows it.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import {
  buildApplication,
  buildCertificate,
  buildCourse,
  buildDepartment,
  buildGroup,
  buildOrganization,
  buildProgram,
  buildTerritory,
  buildUser,
} from '../../../test/factories.js';
import type { Summary } from '../../contract/reports.js';
import type { Actor, Grant } from '../access/actor.js';
import type { ApplicationStatus } from '../db/schema.js';
import { recountSummariesJob } from '../jobs/definitions/recount-summaries.js';
import { runDueJobs } from '../jobs/worker.js';
import { type FactCounts, factCounts, type TeacherCounts, teacherCounts } from './queries.js';
import { summaryFacts, summaryTeachers, wholeMonths } from './summary.js';

const t = await testApp();
const db = t.db;

const actor = (grants: Partial<Grant>[]): Actor => ({
  userId: 1,
  login: 'x',
  grants: grants.map((g) => ({
    role: 'operator',
    territoryId: null,
    providerId: null,
    departmentId: null,
    ...g,
  })),
  mustChangePassword: false,
  sessionId: '',
  csrfToken: '',
});

const PERIODS = [
  ['2026-01-01', '2026-12-31'], // the year: whole months only
  ['2026-01-15', '2026-05-31'], // a partial month first
  ['2026-02-10', '2026-06-10'], // partial months at both ends
  ['2026-02-01', '2026-02-28'], // one whole month
  ['2026-03-02', '2026-03-30'], // no whole month: counted live
] as const;
const SINCE = ['2023-11-25', '2026-02-10', '2026-03-01'];

let world: {
  a: number;
  b: number;
  orgA: number;
  orgB: number;
  orgA2: number;
  courses: Record<string, number>;
  program: number;
};
let operator: Actor;
let methodist: Actor;
let methodistSession: Session;
let operatorSession: Session;

const sorted = <T extends { key: string | null; total: boolean; name: string | null }>(rows: T[]) =>
  rows
    .map((r) => (r.total ? { ...r, name: null } : r))
    .sort((x, y) => Number(x.total) - Number(y.total) || String(x.key).localeCompare(String(y.key)));

/** Every period, both actors: the table-backed figures equal the live ones. */
async function expectSameAsLive() {
  for (const who of [operator, methodist]) {
    for (const [from, to] of PERIODS) {
      const live = await factCounts(db, who, { kind: 'live', from, to, cpdSince: SINCE[0] as string }, [
        'territory',
      ]);
      const tabled = await summaryFacts(db, who, from, to);
      if (!wholeMonths(from, to)) {
        expect(tabled).toBeNull();
        continue;
      }
      expect(sorted(tabled as FactCounts[]), `${from}…${to}`).toEqual(sorted(live));
    }
    for (const since of SINCE) {
      const live = await teacherCounts(db, who, { kind: 'live', from: '', to: '', cpdSince: since }, [
        'territory',
      ]);
      const tabled = await summaryTeachers(db, who, since);
      expect(sorted(tabled as TeacherCounts[]), since).toEqual(sorted(live as TeacherCounts[]));
    }
  }
}

const stale = async () =>
  (
    await sql<{
      month: string;
    }>`SELECT DISTINCT month::text AS month FROM summary_facts_stale ORDER BY 1`.execute(db)
  ).rows.map((r) => r.month);
const staleTeachers = async () =>
  (
    await sql<{
      month: string;
    }>`SELECT DISTINCT month::text AS month FROM summary_teachers_stale ORDER BY 1`.execute(db)
  ).rows.map((r) => r.month);

async function yearTotals(who: Session, query = '?from=2026-01-01&to=2026-12-31&by=territory') {
  const res = await t.request(who, { method: 'GET', url: `/api/v1/reports/summary${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Summary;
}

/** A submitted application of the course (of the territory, when given). */
const submittedOn = (courseId: number, territoryId?: number) =>
  db
    .selectFrom('applications')
    .select('id')
    .where('courseId', '=', courseId)
    .where('status', '=', 'submitted')
    .$if(territoryId !== undefined, (qb) => qb.where('territoryId', '=', territoryId as number))
    .limit(1)
    .executeTakeFirstOrThrow();

async function apply(courseId: number, organizationId: number, status: ApplicationStatus) {
  const teacher = await buildUser(db, { organizationId });
  return buildApplication(db, { courseId, teacherId: teacher.id, status });
}

beforeAll(async () => {
  const a = (await buildTerritory(db, { name: 'Аметистовый район' })).id;
  const b = (await buildTerritory(db, { name: 'Берёзовский район' })).id;
  const orgA = (await buildOrganization(db, { territoryId: a })).id;
  const orgA2 = (await buildOrganization(db, { territoryId: a })).id;
  const orgB = (await buildOrganization(db, { territoryId: b })).id;
  const department = (await buildDepartment(db)).id;
  const program = (await buildProgram(db, { departmentId: department, hours: 36 })).id;
  const other = (await buildProgram(db, { departmentId: department, hours: 72 })).id;
  const courses: Record<string, number> = {};
  for (const [name, startsOn, programId] of [
    ['jan', '2026-01-20', program],
    ['feb1', '2026-02-01', program],
    ['feb28', '2026-02-28', other],
    ['mar', '2026-03-15', other],
    ['may', '2026-05-31', program],
    ['jun', '2026-06-05', other],
  ] as const)
    courses[name] = (
      await buildCourse(db, {
        programId,
        startsOn,
        endsOn: startsOn,
        applyUntil: startsOn,
        status: 'published',
      })
    ).id;
  world = { a, b, orgA, orgA2, orgB, courses, program };
  // Applications of every state, in groups, with documents, over both territories.
  const states: ApplicationStatus[] = [
    'submitted',
    'forwarded',
    'waitlisted',
    'rejected',
    'withdrawn',
    'declined',
  ];
  for (const [i, courseId] of Object.values(courses).entries()) {
    const learners = [];
    for (const [j, status] of states.entries()) await apply(courseId, j % 2 ? orgB : orgA, status);
    for (let j = 0; j < 4 + i; j++)
      learners.push((await apply(courseId, j % 3 ? orgA : orgB, 'submitted')).id);
    await buildGroup(db, { courseId, applicationIds: learners });
    await db
      .updateTable('applications')
      .set({ status: 'completed' })
      .where('id', '=', learners[0] as number)
      .execute();
    await db
      .updateTable('applications')
      .set({ status: 'not_completed', reason: 'Не сдал' })
      .where('id', '=', learners[1] as number)
      .execute();
    await db
      .updateTable('applications')
      .set({ status: 'no_show' })
      .where('id', '=', learners[2] as number)
      .execute();
    await buildCertificate(db, { applicationId: learners[0] as number });
  }
  // The last CPD is kept by triggers of its own; set here as a bulk change of profiles would be.
  await sql`UPDATE teacher_profiles SET last_cpd_on = '2026-02-20' WHERE organization_id = ${orgB}`.execute(
    db,
  );
  operator = actor([{ role: 'operator' }]);
  methodist = actor([{ role: 'methodist', territoryId: a }]);
  const op = await buildUser(db, { login: 'op-summary@example.ru', roles: [{ role: 'operator' }] });
  const me = await buildUser(db, {
    login: 'me-summary@example.ru',
    roles: [{ role: 'methodist', territoryId: a }],
  });
  operatorSession = await t.login(op.login);
  methodistSession = await t.login(me.login);
});

describe('the summary by territory from the month tables', () => {
  it('equals the live count, for the operator and a methodist, whole and partial months, and the CPD share', async () => {
    await expectSameAsLive();
    const year = await yearTotals(operatorSession);
    expect(year.totals.applications).toBeGreaterThan(50);
    expect(year.totals.documents).toBe(6);
    // Recounted: nothing is stale any more.
    expect(await stale()).not.toContain('2026-02-01');
    expect(await staleTeachers()).toEqual([]);
  });

  it('applying (a submitted application) marks nothing, and the summary counts it at once', async () => {
    const before = await yearTotals(operatorSession);
    await apply(world.courses.feb1 as number, world.orgA, 'submitted');
    expect(await stale()).toEqual([]);
    const after = await yearTotals(operatorSession);
    expect(after.totals.applications).toBe(before.totals.applications + 1);
    expect(after.totals.byState.submitted).toBe(before.totals.byState.submitted + 1);
  });

  it('a change of state marks its month stale, and the next summary shows it', async () => {
    const before = await yearTotals(methodistSession);
    const { id } = await submittedOn(world.courses.mar as number, world.a);
    await db.updateTable('applications').set({ status: 'forwarded' }).where('id', '=', id).execute();
    expect(await stale()).toEqual(['2026-03-01']);
    const after = await yearTotals(methodistSession);
    expect(after.totals.byState.forwarded).toBe(before.totals.byState.forwarded + 1);
    expect(after.totals.byState.submitted).toBe(before.totals.byState.submitted - 1);
    expect(await stale()).toEqual([]);
    await expectSameAsLive();
  });

  it('the periodic job recounts the months changes marked stale before anyone reads them', async () => {
    const before = await yearTotals(operatorSession);
    const { id } = await submittedOn(world.courses.feb1 as number);
    await db.updateTable('applications').set({ status: 'forwarded' }).where('id', '=', id).execute();
    await sql`UPDATE teacher_profiles SET last_cpd_on = '2026-03-10' WHERE organization_id = ${world.orgA}`.execute(
      db,
    );
    expect(await stale()).toEqual(['2026-02-01']);
    expect(await staleTeachers()).not.toEqual([]);
    const results = await runDueJobs(t.ctx, { definitions: [recountSummariesJob] });
    expect(results).toEqual([expect.objectContaining({ kind: 'reports.recount_summaries', ok: true })]);
    expect(await stale()).toEqual([]);
    expect(await staleTeachers()).toEqual([]);
    // The table alone now holds the change: the summary recounts nothing and shows it.
    const after = await yearTotals(operatorSession);
    expect(after.totals.byState.forwarded).toBe(before.totals.byState.forwarded + 1);
    await expectSameAsLive();
  });

  it('follows every kind of change that moves the figures', async () => {
    const { courses } = world;
    const changes: [string, () => Promise<unknown>][] = [
      [
        'completed (and so a new last CPD)',
        () =>
          db
            .updateTable('applications')
            .set({ status: 'completed' })
            .where('courseId', '=', courses.feb28 as number)
            .where('status', '=', 'enrolled')
            .execute(),
      ],
      [
        'a new group',
        async () => {
          const ids = (
            await db
              .selectFrom('applications')
              .select('id')
              .where('courseId', '=', courses.may as number)
              .where('status', '=', 'forwarded')
              .execute()
          ).map((r) => r.id);
          await buildGroup(db, { courseId: courses.may as number, applicationIds: ids });
        },
      ],
      [
        'another territory',
        () =>
          db
            .updateTable('applications')
            .set({ territoryId: world.a })
            .where('courseId', '=', courses.jan as number)
            .where('status', '=', 'rejected')
            .execute(),
      ],
      [
        'another course, in another month',
        () =>
          db
            .updateTable('applications')
            .set({ courseId: courses.jun as number })
            .where('courseId', '=', courses.feb1 as number)
            .where('status', '=', 'waitlisted')
            .execute(),
      ],
      [
        'a document issued',
        async () => {
          const a = await db
            .selectFrom('applications')
            .select('id')
            .where('courseId', '=', courses.feb28 as number)
            .where('status', '=', 'completed')
            .orderBy('id', 'desc')
            .limit(1)
            .executeTakeFirstOrThrow();
          await buildCertificate(db, { applicationId: a.id });
        },
      ],
      [
        'a document revoked',
        () =>
          db
            .updateTable('certificates')
            .set({ revokedAt: new Date(), revokeReason: 'Ошибка' })
            .where('courseId', '=', courses.jan as number)
            .execute(),
      ],
      [
        'a course moved to another month',
        () =>
          db
            .updateTable('courses')
            .set({ startsOn: '2026-04-10', endsOn: '2026-04-10' })
            .where('id', '=', courses.mar as number)
            .execute(),
      ],
      [
        "the snapshot's hours",
        () =>
          db
            .updateTable('courses')
            .set({ programSnapshot: JSON.stringify({ hours: 108 }) })
            .where('id', '=', courses.feb28 as number)
            .execute(),
      ],
      [
        "a program's hours",
        () => db.updateTable('programs').set({ hours: 40 }).where('id', '=', world.program).execute(),
      ],
      [
        'an application deleted',
        async () => {
          const a = await db
            .selectFrom('applications')
            .select('id')
            .where('courseId', '=', courses.may as number)
            .where('status', '=', 'withdrawn')
            .executeTakeFirstOrThrow();
          await db.deleteFrom('applicationHistory').where('applicationId', '=', a.id).execute();
          await db.deleteFrom('applications').where('id', '=', a.id).execute();
        },
      ],
      ['an application entered past submission', () => apply(courses.jun as number, world.orgA2, 'declined')],
      [
        'a certificate deleted',
        () =>
          db
            .deleteFrom('certificates')
            .where('courseId', '=', courses.may as number)
            .execute(),
      ],
      [
        'a teacher moved to another school',
        () =>
          db
            .updateTable('teacherProfiles')
            .set({ organizationId: world.orgB })
            .where('organizationId', '=', world.orgA2)
            .execute(),
      ],
      [
        'a last CPD moved',
        () =>
          sql`UPDATE teacher_profiles SET last_cpd_on = '2026-03-03' WHERE organization_id = ${world.orgB}`.execute(
            db,
          ),
      ],
      ['a new teacher', () => buildUser(db, { organizationId: world.orgA2 })],
      [
        'a school moved to another territory',
        () =>
          db
            .updateTable('organizations')
            .set({ territoryId: world.b })
            .where('id', '=', world.orgA)
            .execute(),
      ],
    ];
    for (const [what, change] of changes) {
      await change();
      expect((await stale()).length + (await staleTeachers()).length, what).toBeGreaterThan(0);
      await expectSameAsLive();
    }
  });

  it('a closed period keeps its figures while the open ones follow the change', async () => {
    const quarter = '?from=2026-01-01&to=2026-03-31&by=territory';
    const created = await t.request(operatorSession, {
      method: 'POST',
      url: '/api/v1/reports/periods',
      payload: { name: 'Квартал сводки', kind: 'quarter', startsOn: '2026-01-01', endsOn: '2026-03-31' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const closed = await t.request(operatorSession, {
      method: 'POST',
      url: `/api/v1/reports/periods/${created.json().id}/close`,
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const before = await yearTotals(operatorSession, quarter);
    const year = await yearTotals(operatorSession);
    await apply(world.courses.jan as number, world.orgB, 'forwarded');
    expect((await yearTotals(operatorSession, quarter)).totals).toEqual(before.totals);
    expect((await yearTotals(operatorSession)).totals.byState.forwarded).toBe(
      year.totals.byState.forwarded + 1,
    );
  });
});
