// The cabinet's dashboards over generated data: every figure equals a count the test makes itself
// from what it built, and each role sees its own scope only (the other territory's, department's
// or manager's data is absent).
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import {
  buildApplication,
  buildCourse,
  buildDepartment,
  buildExternalCpd,
  buildMarks,
  buildOrganization,
  buildProvider,
  buildTerritory,
  buildUser,
} from '../../../test/factories.js';
import type { ApplicationStatus } from '../../contract/applications.js';
import type {
  HeadDashboard,
  ManagerDashboard,
  MethodistDashboard,
  RegionDashboard,
} from '../../contract/dashboards.js';

const t = await testApp();
const get = (who: Session | null, url: string) => t.request(who, { method: 'GET', url: `/api/v1${url}` });

// A small deterministic generator: the same data on every run, yet not hand-picked.
let seed = 20261125;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

type Built = {
  courseId: number;
  teacherId: number;
  territoryId: number;
  status: ApplicationStatus;
  id: number;
};
const built: Built[] = [];
const marks: { applicationId: number; courseId: number; mark: 'present' | 'absent' | 'excused' }[] = [];
const s = {} as Record<
  'managerA' | 'managerA2' | 'headA' | 'headB' | 'methodistA' | 'methodistB' | 'operator' | 'teacher',
  Session
>;
const territory = { a: 0, b: 0 };
const teachersOf = { a: [] as number[], b: [] as number[] };
const course = {} as Record<'open' | 'running' | 'otherManager' | 'otherDept' | 'finished', number>;
/** Each teacher's last completed course (Bank or before it), for the three-year rule. */
const lastCpd = new Map<number, string>();

const OPEN: ApplicationStatus[] = ['submitted', 'forwarded', 'rejected', 'waitlisted', 'withdrawn'];
const RUNNING: ApplicationStatus[] = ['enrolled', 'enrolled', 'no_show', 'declined', 'withdrawn'];
const FINISHED: ApplicationStatus[] = ['completed', 'completed', 'not_completed'];

beforeAll(async () => {
  territory.a = (await buildTerritory(t.db, { name: 'Аа-тестовый округ' })).id;
  territory.b = (await buildTerritory(t.db, { name: 'Бб-тестовый округ' })).id;
  for (const [key, count] of [
    ['a', 7],
    ['b', 5],
  ] as const) {
    const org = await buildOrganization(t.db, { territoryId: territory[key] });
    for (let i = 0; i < count; i++)
      teachersOf[key].push(
        (await buildUser(t.db, { organizationId: org.id, lastName: `Учитель${key}${i}` })).id,
      );
  }
  const provider = await buildProvider(t.db);
  const deptA = await buildDepartment(t.db, { providerId: provider.id });
  const deptB = await buildDepartment(t.db, { providerId: provider.id });
  const user = (roles: NonNullable<Parameters<typeof buildUser>[1]>['roles']) => buildUser(t.db, { roles });
  const managerA = await user([{ role: 'manager', departmentId: deptA.id }]);
  const managerA2 = await user([{ role: 'manager', departmentId: deptA.id }]);
  const roles = {
    headA: [{ role: 'head', departmentId: deptA.id }],
    headB: [{ role: 'head', departmentId: deptB.id }],
    methodistA: [{ role: 'methodist', territoryId: territory.a }],
    methodistB: [{ role: 'methodist', territoryId: territory.b }],
    operator: [{ role: 'operator' }],
    teacher: [{ role: 'teacher' }],
  } as const;
  for (const [name, grants] of Object.entries(roles))
    s[name as keyof typeof roles] = await t.login((await user([...grants])).login);
  s.managerA = await t.login(managerA.login);
  s.managerA2 = await t.login(managerA2.login);

  const make = (over: Parameters<typeof buildCourse>[1]) => buildCourse(t.db, over).then((c) => c.id);
  course.open = await make({ departmentId: deptA.id, status: 'published', managerId: managerA.id });
  course.running = await make({
    departmentId: deptA.id,
    status: 'running',
    managerId: managerA.id,
    startsOn: '2026-11-23',
    endsOn: '2026-11-27',
    applyUntil: '2026-11-16',
  });
  course.otherManager = await make({ departmentId: deptA.id, status: 'closed', managerId: managerA2.id });
  course.otherDept = await make({
    departmentId: deptB.id,
    status: 'running',
    startsOn: '2026-11-24',
    endsOn: '2026-11-26',
    applyUntil: '2026-11-17',
  });
  course.finished = await make({
    departmentId: deptA.id,
    status: 'finished',
    managerId: managerA.id,
    startsOn: '2026-10-05',
    endsOn: '2026-10-09',
    applyUntil: '2026-09-28',
  });

  const plan: [number, readonly ApplicationStatus[], ('a' | 'b')[]][] = [
    [course.open, OPEN, ['a', 'b']],
    [course.running, RUNNING, ['a', 'b']],
    [course.otherManager, OPEN, ['a', 'b']],
    // Only the other territory learns on the other department's course.
    [course.otherDept, RUNNING, ['b']],
    [course.finished, FINISHED, ['a', 'b']],
  ];
  for (const [courseId, statuses, where] of plan)
    for (const key of where)
      for (const teacherId of teachersOf[key]) {
        if (random() < 0.25) continue;
        const status = pick(statuses);
        const app = await buildApplication(t.db, { courseId, teacherId, status });
        built.push({ courseId, teacherId, territoryId: territory[key], status, id: app.id });
        if (status === 'completed' && courseId === course.finished) lastCpd.set(teacherId, '2026-10-09');
      }
  // An archived course's application counts in no working basket; a state changed after applying
  // counts in its new state only.
  const archived = await make({
    departmentId: deptA.id,
    status: 'archived',
    startsOn: '2025-01-27',
    endsOn: '2025-01-31',
    applyUntil: '2025-01-20',
  });
  const gone = await buildApplication(t.db, {
    courseId: archived,
    teacherId: teachersOf.a[0] as number,
    status: 'declined',
  });
  await t.db.updateTable('applications').set({ archivedAt: new Date() }).where('id', '=', gone.id).execute();
  const moved = built.find((b) => b.territoryId === territory.a && b.status === 'submitted');
  if (moved) {
    await t.db.updateTable('applications').set({ status: 'forwarded' }).where('id', '=', moved.id).execute();
    moved.status = 'forwarded';
  }
  // The first days' marks of the running courses' learners.
  for (const courseId of [course.running, course.otherDept]) {
    const learners = built.filter(
      (b) => b.courseId === courseId && ['enrolled', 'no_show'].includes(b.status),
    );
    for (const day of courseId === course.running ? ['2026-11-23', '2026-11-24'] : ['2026-11-24']) {
      const dayMarks = learners.map((b) => ({
        applicationId: b.id,
        mark:
          b.status === 'no_show'
            ? ('absent' as const)
            : pick(['present', 'present', 'absent', 'excused'] as const),
      }));
      if (!dayMarks.length) continue;
      await buildMarks(t.db, { courseId, day, marks: dayMarks });
      for (const m of dayMarks) marks.push({ ...m, courseId });
    }
  }
  // Courses before the Bank: one long past the three years, one ending within six months of them.
  const school = await t.db
    .selectFrom('teacherProfiles')
    .where('userId', '=', teachersOf.a[0] ?? 0)
    .select('organizationId')
    .executeTakeFirstOrThrow();
  for (const endsOn of ['2022-01-10', '2023-12-20']) {
    const teacherId = (await buildUser(t.db, { organizationId: school.organizationId })).id;
    teachersOf.a.push(teacherId);
    await buildExternalCpd(t.db, { teacherId, endsOn });
    lastCpd.set(teacherId, endsOn);
  }
});

const countBy = <K>(rows: Built[], key: (b: Built) => K) => {
  const by = new Map<K, number>();
  for (const r of rows) by.set(key(r), (by.get(key(r)) ?? 0) + 1);
  return by;
};
const statusesOf = (rows: Built[]) =>
  Object.fromEntries([...countBy(rows, (b) => b.status)].sort()) as Record<string, number>;
const asRecord = (rows: { status: string; count: number }[]) =>
  Object.fromEntries(rows.map((r) => [r.status, r.count]).sort());
const LEARNERS: ApplicationStatus[] = ['enrolled', 'completed', 'not_completed'];

describe('the manager', () => {
  it('sees his open and running courses with their applications by state and by territory', async () => {
    const res = await get(s.managerA, '/dashboards/manager');
    expect(res.statusCode).toBe(200);
    const body = res.json() as ManagerDashboard;
    expect(body.courses.map((c) => Number(c.id))).toEqual([course.running, course.open]);
    for (const c of body.courses) {
      const rows = built.filter((b) => b.courseId === Number(c.id));
      expect(asRecord(c.byStatus)).toEqual(statusesOf(rows));
      expect(c.applications).toBe(rows.length);
      expect(Object.fromEntries(c.byTerritory.map((x) => [Number(x.territoryId), x.count]))).toEqual(
        Object.fromEntries(countBy(rows, (b) => b.territoryId)),
      );
    }
    expect(asRecord(body.byStatus)).toEqual(
      statusesOf(built.filter((b) => b.courseId === course.open || b.courseId === course.running)),
    );
  });

  it("never shows another manager's courses", async () => {
    const body = (await get(s.managerA2, '/dashboards/manager')).json() as ManagerDashboard;
    expect(body.courses.map((c) => Number(c.id))).toEqual([course.otherManager]);
  });
});

describe('the methodist', () => {
  it("sees her territory's applications, attendance on running courses and overdue teachers", async () => {
    const res = await get(s.methodistA, '/dashboards/methodist');
    expect(res.statusCode).toBe(200);
    const body = res.json() as MethodistDashboard;
    expect(body.territories).toEqual([{ id: String(territory.a), name: 'Аа-тестовый округ' }]);
    const mine = built.filter((b) => b.territoryId === territory.a);
    expect(asRecord(body.byStatus)).toEqual(statusesOf(mine));
    // The other department's running course has no learner of hers: it is absent.
    expect(body.attendance.map((c) => Number(c.id))).toEqual([course.running]);
    const [running] = body.attendance;
    const learners = mine.filter(
      (b) => b.courseId === course.running && ['forwarded', ...LEARNERS, 'no_show'].includes(b.status),
    );
    const herMarks = marks.filter((m) => learners.some((l) => l.id === m.applicationId));
    expect(running).toMatchObject({
      learners: learners.length,
      present: herMarks.filter((m) => m.mark === 'present').length,
      absent: herMarks.filter((m) => m.mark === 'absent').length,
      excused: herMarks.filter((m) => m.mark === 'excused').length,
    });
    // Today 2026-11-25: overdue when the last course ended before 2023-11-25 or never; due until 2027-05-25.
    const dueOn = (id: number) => {
      const last = lastCpd.get(id);
      return last ? `${Number(last.slice(0, 4)) + 3}${last.slice(4)}` : null;
    };
    const overdue = teachersOf.a.filter((id) => {
      const due = dueOn(id);
      return due === null || due < '2026-11-25';
    });
    const due = teachersOf.a.filter((id) => {
      const d = dueOn(id);
      return d !== null && d >= '2026-11-25' && d <= '2027-05-25';
    });
    expect(overdue.length).toBeGreaterThan(0);
    expect(due).toHaveLength(1);
    expect({ overdue: body.overdue, due: body.due }).toEqual({ overdue: overdue.length, due: due.length });
  });

  it("never counts the other territory's teachers", async () => {
    const body = (await get(s.methodistB, '/dashboards/methodist')).json() as MethodistDashboard;
    const theirs = built.filter((b) => b.territoryId === territory.b);
    expect(asRecord(body.byStatus)).toEqual(statusesOf(theirs));
    expect(body.attendance.map((c) => Number(c.id)).sort()).toEqual(
      [course.running, course.otherDept]
        .filter((id) =>
          theirs.some((b) => b.courseId === id && b.status !== 'declined' && b.status !== 'withdrawn'),
        )
        .sort(),
    );
    expect(body.overdue + body.due).toBeLessThanOrEqual(teachersOf.b.length);
  });
});

describe('the head', () => {
  it("sees his department's courses with applications, learners and completers", async () => {
    const res = await get(s.headA, '/dashboards/head');
    expect(res.statusCode).toBe(200);
    const body = res.json() as HeadDashboard;
    const ids = [course.open, course.running, course.otherManager, course.finished];
    expect(body.courses.map((c) => Number(c.id)).sort()).toEqual([...ids].sort());
    for (const c of body.courses) {
      const rows = built.filter((b) => b.courseId === Number(c.id));
      expect(asRecord(c.byStatus)).toEqual(statusesOf(rows));
      expect(c.learners).toBe(rows.filter((b) => LEARNERS.includes(b.status)).length);
      expect(c.completed).toBe(rows.filter((b) => b.status === 'completed').length);
    }
    const ours = built.filter((b) => ids.includes(b.courseId));
    expect(asRecord(body.byStatus)).toEqual(statusesOf(ours));
    expect(body.learners).toBe(ours.filter((b) => LEARNERS.includes(b.status)).length);
    expect(body.completed).toBe(ours.filter((b) => b.status === 'completed').length);
  });

  it("never shows another department's courses", async () => {
    const body = (await get(s.headB, '/dashboards/head')).json() as HeadDashboard;
    expect(body.courses.map((c) => Number(c.id))).toEqual([course.otherDept]);
  });
});

describe('the operator', () => {
  it('sees every territory of the region with figures that add up, on screen and in the spreadsheet', async () => {
    const res = await get(s.operator, '/dashboards/region?sort=applications&order=desc');
    expect(res.statusCode).toBe(200);
    const body = res.json() as RegionDashboard;
    expect(body.year).toBe(2026);
    // Every territory: the 43 of the reference data and those the factories built.
    const all = await t.db
      .selectFrom('territories')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(body.rows).toHaveLength(Number(all.n));
    expect(body.rows.length).toBeGreaterThanOrEqual(45);
    const apps = body.rows.map((r) => r.applications);
    expect(apps).toEqual([...apps].sort((x, y) => y - x));
    for (const key of ['a', 'b'] as const) {
      const row = body.rows.find((r) => Number(r.territoryId) === territory[key]);
      const theirs = built.filter((b) => b.territoryId === territory[key]);
      const within = teachersOf[key].filter((id) => {
        const last = lastCpd.get(id);
        return last !== undefined && `${Number(last.slice(0, 4)) + 3}${last.slice(4)}` >= '2026-11-25';
      });
      expect(row).toEqual({
        territoryId: String(territory[key]),
        name: key === 'a' ? 'Аа-тестовый округ' : 'Бб-тестовый округ',
        teachers: teachersOf[key].length,
        applications: theirs.length,
        enrolled: theirs.filter((b) => LEARNERS.includes(b.status)).length,
        completed: theirs.filter((b) => b.status === 'completed').length,
        withCpd: within.length,
        cpdShare: Math.round((within.length / teachersOf[key].length) * 1000) / 10,
        overdue: teachersOf[key].length - within.length,
      });
    }
    for (const key of ['teachers', 'applications', 'enrolled', 'completed', 'withCpd', 'overdue'] as const)
      expect(body.totals[key]).toBe(body.rows.reduce((sum, r) => sum + r[key], 0));

    const xlsx = await get(s.operator, '/dashboards/region.xlsx?sort=applications&order=desc');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain('attachment');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    const values = (n: number) =>
      Array.from({ length: 8 }, (_, j) => sheet?.getRow(n).getCell(j + 1).value ?? null);
    expect(values(1)[0]).toBe('Территория');
    for (const [i, r] of body.rows.entries())
      expect(values(i + 2)).toEqual([
        r.name,
        r.teachers,
        r.applications,
        r.enrolled,
        r.completed,
        r.withCpd,
        r.cpdShare,
        r.overdue,
      ]);
    expect(values(body.rows.length + 2).slice(0, 2)).toEqual(['Итого по региону', body.totals.teachers]);
  });

  it('refuses a year out of range with a Russian message', async () => {
    const res = await get(s.operator, '/dashboards/region?year=1900');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Год');
  });
});

it('lets each role open its own dashboard only', async () => {
  const routes = {
    '/dashboards/manager': ['managerA', 'managerA2'],
    '/dashboards/methodist': ['methodistA', 'methodistB'],
    '/dashboards/head': ['headA', 'headB'],
    '/dashboards/region': ['operator'],
    '/dashboards/region.xlsx': ['operator'],
  } as const;
  for (const [url, allowed] of Object.entries(routes)) {
    expect((await get(null, url)).statusCode, url).toBe(401);
    for (const who of Object.keys(s) as (keyof typeof s)[])
      expect((await get(s[who], url)).statusCode, `${who} ${url}`).toBe(
        (allowed as readonly string[]).includes(who) ? 200 : 403,
      );
  }
});
