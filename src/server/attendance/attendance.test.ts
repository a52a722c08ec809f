// The attendance journal through the API: who sees which learners, saving a day (rules, per-row
// errors, nothing changed on a refusal, attribution and audit), confirming a day and changing it
// afterwards, an archived course, the learners after a group, and the methodist's territory view.
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import {
  buildApplication,
  buildCourse,
  buildDepartment,
  buildGroup,
  buildMarks,
  buildOrganization,
  buildProvider,
  buildTerritory,
  buildUser,
} from '../../../test/factories.js';
import { type JournalDayUpdate, withDay } from '../../contract/attendance.js';

const t = await testApp();

// The Bank's today is 2026-11-25 (test/app.ts): the course below runs 23–27 November.
const DAYS = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'] as const;

let territoryA: number;
let territoryB: number;
let orgA: number;
let orgB: number;
let dept: number;
const s = {} as Record<
  'manager' | 'head' | 'otherManager' | 'methodistA' | 'methodistB' | 'methodistC' | 'operator' | 'teacher',
  Session
>;

beforeAll(async () => {
  territoryA = (await buildTerritory(t.db, { name: 'Кунгурский округ' })).id;
  territoryB = (await buildTerritory(t.db, { name: 'Чайковский округ' })).id;
  const territoryC = (await buildTerritory(t.db)).id;
  orgA = (await buildOrganization(t.db, { territoryId: territoryA, name: 'Школа № 1 г. Кунгура' })).id;
  orgB = (await buildOrganization(t.db, { territoryId: territoryB, name: 'Гимназия г. Чайковского' })).id;
  const provider = await buildProvider(t.db);
  dept = (await buildDepartment(t.db, { providerId: provider.id })).id;
  const otherDept = (await buildDepartment(t.db, { providerId: provider.id })).id;
  const users = {
    manager: await buildUser(t.db, {
      roles: [{ role: 'manager', departmentId: dept }],
      lastName: 'Отметкина',
    }),
    head: await buildUser(t.db, { roles: [{ role: 'head', departmentId: dept }], lastName: 'Начальникова' }),
    otherManager: await buildUser(t.db, { roles: [{ role: 'manager', departmentId: otherDept }] }),
    methodistA: await buildUser(t.db, { roles: [{ role: 'methodist', territoryId: territoryA }] }),
    methodistB: await buildUser(t.db, { roles: [{ role: 'methodist', territoryId: territoryB }] }),
    methodistC: await buildUser(t.db, { roles: [{ role: 'methodist', territoryId: territoryC }] }),
    operator: await buildUser(t.db, { roles: [{ role: 'operator' }] }),
    teacher: await buildUser(t.db, { organizationId: orgA }),
  };
  for (const [name, user] of Object.entries(users)) s[name as keyof typeof s] = await t.login(user.login);
});

const url = (courseId: number, rest = '') => `/api/v1/courses/${courseId}/attendance${rest}`;
const get = (who: Session, path: string) => t.request(who, { method: 'GET', url: path });
const put = (who: Session, courseId: number, day: string, payload: unknown) =>
  t.request(who, { method: 'PUT', url: url(courseId, `/${day}`), payload: payload as object });
const confirm = (who: Session, courseId: number, day: string) =>
  t.request(who, { method: 'POST', url: url(courseId, `/${day}/confirm`) });

type Learner = { applicationId: string; name: string; territory: string; readOnly: boolean; marks: Mark[] };
type Mark = { day: string; mark: string; reason: string | null; markedBy: string | null; markedAt: string };

/** A course of the department on 23–27 November with learners of two territories. */
async function journalCourse(
  status: 'closed' | 'running' | 'finished' | 'archived' | 'published' = 'closed',
) {
  const course = await buildCourse(t.db, {
    departmentId: dept,
    status,
    startsOn: DAYS[0],
    endsOn: DAYS[4],
    applyUntil: '2026-11-20',
  });
  const teacher = async (organizationId: number, lastName: string) =>
    (await buildUser(t.db, { organizationId, lastName })).id;
  const a1 = await buildApplication(t.db, {
    courseId: course.id,
    teacherId: await teacher(orgA, 'Алексеева'),
    status: 'forwarded',
  });
  const a2 = await buildApplication(t.db, {
    courseId: course.id,
    teacherId: await teacher(orgA, 'Борисова'),
    status: 'forwarded',
  });
  const b1 = await buildApplication(t.db, {
    courseId: course.id,
    teacherId: await teacher(orgB, 'Васильева'),
    status: 'forwarded',
  });
  const submitted = await buildApplication(t.db, {
    courseId: course.id,
    teacherId: await teacher(orgA, 'Григорьева'),
    status: 'submitted',
  });
  return { course, a1, a2, b1, submitted };
}

const marksCount = async (courseId: number) =>
  Number(
    (
      await t.db
        .selectFrom('attendanceMarks')
        .where('courseId', '=', courseId)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const auditOf = (courseId: number, action: string) =>
  t.db
    .selectFrom('auditEvents')
    .where('entityType', '=', 'course')
    .where('entityId', '=', String(courseId))
    .where('action', '=', action)
    .selectAll()
    .orderBy('id')
    .execute();

describe('the journal', () => {
  it('shows the staff every forwarded learner by the schedule days, future days marked as such', async () => {
    const { course, a1, b1 } = await journalCourse();
    const res = await get(s.manager, url(course.id));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.today).toBe('2026-11-25');
    expect(body.days.map((d: { date: string }) => d.date)).toEqual(DAYS);
    expect(body.days.map((d: { future: boolean }) => d.future)).toEqual([false, false, false, true, true]);
    expect(body.days[0].first).toBe(true);
    // The submitted application is not a learner.
    expect(body.learners.map((l: Learner) => l.name.split(' ')[0])).toEqual([
      'Алексеева',
      'Борисова',
      'Васильева',
    ]);
    expect(body.learners[0]).toMatchObject({
      applicationId: String(a1.id),
      organization: 'Школа № 1 г. Кунгура',
      territory: 'Кунгурский округ',
      readOnly: false,
      marks: [],
    });
    expect(body.learners[2].applicationId).toBe(String(b1.id));
    expect(body.can).toEqual({ mark: true, confirm: true, changeConfirmed: false });
    expect(body.readOnlyReason).toBeNull();
    expect(body.days[0].totals).toEqual({ present: 0, absent: 0, excused: 0, unmarked: 3 });
  });

  it('shows a methodist her territory’s learners only, with her territory’s summary', async () => {
    const { course, a1, a2, b1 } = await journalCourse();
    await buildMarks(t.db, {
      courseId: course.id,
      day: DAYS[0],
      marks: [
        { applicationId: a1.id, mark: 'present' },
        { applicationId: a2.id, mark: 'absent' },
        { applicationId: b1.id, mark: 'present' },
      ],
    });
    const a = (await get(s.methodistA, url(course.id))).json();
    expect(a.learners.map((l: Learner) => l.applicationId)).toEqual([String(a1.id), String(a2.id)]);
    expect(a.territories).toEqual([expect.objectContaining({ name: 'Кунгурский округ', learners: 2 })]);
    expect(a.territories[0].days[0]).toEqual({ date: DAYS[0], present: 1, absent: 1, excused: 0 });
    expect(a.days[0].totals).toMatchObject({ present: 1, absent: 1 });
    expect(a.can).toEqual({ mark: false, confirm: false, changeConfirmed: false });
    const b = (await get(s.methodistB, url(course.id))).json();
    expect(b.learners.map((l: Learner) => l.applicationId)).toEqual([String(b1.id)]);
    // The staff's summary holds both territories.
    const staff = (await get(s.manager, url(course.id))).json();
    expect(staff.territories.map((x: { name: string }) => x.name)).toEqual([
      'Кунгурский округ',
      'Чайковский округ',
    ]);
  });

  it('is hidden (404) from another department and from a methodist with no learners on it; a teacher is refused (403)', async () => {
    const { course } = await journalCourse();
    expect((await get(s.otherManager, url(course.id))).statusCode).toBe(404);
    expect((await get(s.methodistC, url(course.id))).statusCode).toBe(404);
    expect((await get(s.teacher, url(course.id))).statusCode).toBe(403);
    expect((await get(s.manager, url(999_999))).statusCode).toBe(404);
    const operator = await get(s.operator, url(course.id));
    expect(operator.statusCode).toBe(200);
    expect(operator.json().learners).toHaveLength(3);
    expect(operator.json().can.mark).toBe(false);
  });
});

describe('saving a day', () => {
  it('saves the whole day in one request, attributes each mark and audits the change', async () => {
    const { course, a1, a2, b1 } = await journalCourse();
    const res = await put(s.manager, course.id, DAYS[0], [
      { applicationId: String(a1.id), present: true },
      { applicationId: a2.id, mark: 'excused', reason: 'Больничный лист' },
      { applicationId: b1.id, present: false },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    // The answer is the day itself; the journal read afterwards shows the same.
    const day: JournalDayUpdate = res.json();
    expect(day.day).toMatchObject({ date: DAYS[0], first: true, future: false, confirmed: null });
    expect(day.day.totals).toEqual({ present: 1, absent: 1, excused: 1, unmarked: 0 });
    const learners: Learner[] = (await get(s.manager, url(course.id))).json().learners;
    expect(learners.map((l) => l.marks[0]?.mark)).toEqual(['present', 'excused', 'absent']);
    expect(learners[1]?.marks[0]).toMatchObject({ reason: 'Больничный лист', day: DAYS[0] });
    expect(learners[0]?.marks[0]?.markedBy).toMatch(/^Отметкина /);
    expect(learners[0]?.marks[0]?.markedAt).toBe('2026-11-25T04:00:00.000Z');
    expect(day.marks.find((m) => m.applicationId === String(a2.id))).toEqual({
      applicationId: String(a2.id),
      ...learners[1]?.marks[0],
    });
    const [audit] = await auditOf(course.id, 'attendance.marked');
    expect(audit?.after).toEqual({
      day: DAYS[0],
      marks: {
        [a1.id]: { mark: 'present', reason: null },
        [a2.id]: { mark: 'excused', reason: 'Больничный лист' },
        [b1.id]: { mark: 'absent', reason: null },
      },
    });
    // Saving the same marks again changes nothing and writes no history.
    await put(s.manager, course.id, DAYS[0], [{ applicationId: a1.id, mark: 'present' }]);
    expect(await auditOf(course.id, 'attendance.marked')).toHaveLength(1);
    // A changed mark keeps its former value in the audit row.
    await put(s.head, course.id, DAYS[0], { marks: [{ applicationId: b1.id, mark: 'present' }] });
    const rows = await auditOf(course.id, 'attendance.marked');
    expect(rows).toHaveLength(2);
    expect(rows[1]?.before).toEqual({
      day: DAYS[0],
      marks: { [b1.id]: { mark: 'absent', reason: null } },
    });
  });

  it('answers with the day, which merged into the journal gives the journal read afterwards', async () => {
    const { course, a1, a2, b1 } = await journalCourse('running');
    const save = async (who: Session, day: string, marks: object[]) => {
      const before = (await get(s.manager, url(course.id))).json();
      const res = await put(who, course.id, day, marks);
      expect(res.statusCode, res.body).toBe(200);
      const after = (await get(s.manager, url(course.id))).json();
      expect(withDay(before, res.json())).toEqual(after);
      return after;
    };
    await save(s.manager, DAYS[0], [
      { applicationId: a1.id, present: true },
      { applicationId: a2.id, present: false },
      { applicationId: b1.id, present: true },
    ]);
    const after = await save(s.head, DAYS[1], [
      { applicationId: a1.id, mark: 'excused', reason: 'Командировка' },
      { applicationId: b1.id, present: false },
    ]);
    expect(after.days[1].totals).toEqual({ present: 0, absent: 1, excused: 1, unmarked: 1 });
    // A changed mark replaces the former one of its day and leaves the other days alone.
    const changed = await save(s.manager, DAYS[0], [{ applicationId: a2.id, present: true }]);
    expect(changed.learners.map((l: Learner) => l.marks.map((m) => m.mark))).toEqual([
      ['present', 'excused'],
      ['present'],
      ['present', 'absent'],
    ]);
    const confirmed = (await get(s.manager, url(course.id))).json();
    const res = await confirm(s.manager, course.id, DAYS[0]);
    expect(withDay(confirmed, res.json())).toEqual((await get(s.manager, url(course.id))).json());
  });

  it('refuses a day off the schedule, a day to come, and bad rows — with per-row errors and nothing changed', async () => {
    const { course, a1, a2, submitted } = await journalCourse();
    const stranger = await buildApplication(t.db, {
      courseId: (await journalCourse()).course.id,
      territoryId: territoryA,
      status: 'forwarded',
    });
    const offSchedule = await put(s.manager, course.id, '2026-11-22', [
      { applicationId: a1.id, present: true },
    ]);
    expect(offSchedule.statusCode).toBe(422);
    expect(offSchedule.json().errors).toEqual([
      { field: 'date', message: 'В расписании курса нет занятия в этот день' },
    ]);
    const future = await put(s.manager, course.id, DAYS[3], [{ applicationId: a1.id, present: true }]);
    expect(future.statusCode).toBe(422);
    expect(future.json().errors[0].message).toMatch(/ещё не наступил/);
    const rows = await put(s.manager, course.id, DAYS[1], [
      { applicationId: a1.id, mark: 'present' },
      { applicationId: a2.id, mark: 'excused' },
      { applicationId: stranger.id, mark: 'present' },
      { applicationId: submitted.id, mark: 'present' },
      { applicationId: a1.id, mark: 'absent' },
      { applicationId: a2.id + 100_000 },
    ]);
    expect(rows.statusCode).toBe(422);
    expect(rows.json().errors).toEqual([
      { field: 'marks.1.reason', message: 'Укажите уважительную причину отсутствия' },
      { field: 'marks.2.applicationId', message: 'Это не слушатель курса' },
      { field: 'marks.3.applicationId', message: 'Это не слушатель курса' },
      { field: 'marks.4.applicationId', message: 'Слушатель указан дважды' },
      { field: 'marks.5.applicationId', message: 'Это не слушатель курса' },
    ]);
    expect(await marksCount(course.id)).toBe(0);
    expect(await auditOf(course.id, 'attendance.marked')).toHaveLength(0);
  });

  it('is the staff’s: a methodist and the operator are refused (403), another department gets 404', async () => {
    const { course, a1 } = await journalCourse();
    const body = [{ applicationId: a1.id, present: true }];
    expect((await put(s.methodistA, course.id, DAYS[0], body)).statusCode).toBe(403);
    expect((await put(s.operator, course.id, DAYS[0], body)).statusCode).toBe(403);
    expect((await put(s.otherManager, course.id, DAYS[0], body)).statusCode).toBe(404);
    expect(await marksCount(course.id)).toBe(0);
  });

  it('answers 409 for an archived course and for one still taking applications', async () => {
    const archived = await journalCourse('archived');
    const res = await put(s.manager, archived.course.id, DAYS[0], [
      { applicationId: archived.a1.id, present: true },
    ]);
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toBe('Курс в архиве: изменения невозможны');
    expect((await confirm(s.head, archived.course.id, DAYS[0])).statusCode).toBe(409);
    const journal = (await get(s.manager, url(archived.course.id))).json();
    expect(journal.can.mark).toBe(false);
    expect(journal.readOnlyReason).toBe('Курс в архиве: изменения невозможны');
    const published = await journalCourse('published');
    expect(
      (
        await put(s.manager, published.course.id, DAYS[0], [
          { applicationId: published.a1.id, present: true },
        ])
      ).statusCode,
    ).toBe(409);
    expect(await marksCount(archived.course.id)).toBe(0);
    expect(await marksCount(published.course.id)).toBe(0);
  });
});

describe('confirming a day', () => {
  it('needs every learner marked; confirming twice is harmless', async () => {
    const { course, a1, a2, b1 } = await journalCourse('running');
    await put(s.manager, course.id, DAYS[0], [{ applicationId: a1.id, present: true }]);
    const early = await confirm(s.manager, course.id, DAYS[0]);
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toMatch(/без отметки 2/);
    await put(s.manager, course.id, DAYS[0], [
      { applicationId: a2.id, present: true },
      { applicationId: b1.id, present: false },
    ]);
    const res = await confirm(s.manager, course.id, DAYS[0]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().day.confirmed).toEqual({
      by: expect.stringMatching(/^Отметкина /),
      at: '2026-11-25T04:00:00.000Z',
    });
    expect((await confirm(s.head, course.id, DAYS[0])).json().day.confirmed.by).toMatch(/^Отметкина /);
    expect(await auditOf(course.id, 'attendance.confirmed')).toHaveLength(1);
    expect((await confirm(s.methodistA, course.id, DAYS[0])).statusCode).toBe(403);
    expect((await confirm(s.manager, course.id, DAYS[3])).statusCode).toBe(422);
  });

  it('is changed afterwards by the head, or by a manager who gives a reason recorded in the history', async () => {
    const { course, a1, a2, b1 } = await journalCourse('running');
    await put(s.manager, course.id, DAYS[0], [
      { applicationId: a1.id, present: true },
      { applicationId: a2.id, present: true },
      { applicationId: b1.id, present: false },
    ]);
    await confirm(s.manager, course.id, DAYS[0]);
    const refused = await put(s.manager, course.id, DAYS[0], [{ applicationId: b1.id, present: true }]);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([
      { field: 'reason', message: 'День подтверждён: укажите причину изменения отметок' },
    ]);
    const unchanged = (await get(s.manager, url(course.id))).json().learners as Learner[];
    expect(unchanged.find((l) => l.applicationId === String(b1.id))?.marks[0]?.mark).toBe('absent');
    const withReason = await put(s.manager, course.id, DAYS[0], {
      marks: [{ applicationId: b1.id, present: true }],
      reason: 'Слушатель опоздал, отмечен по ошибке',
    });
    expect(withReason.statusCode, withReason.body).toBe(200);
    const audit = await auditOf(course.id, 'attendance.marked');
    expect(audit.at(-1)?.after).toMatchObject({ reason: 'Слушатель опоздал, отмечен по ошибке' });
    const byHead = await put(s.head, course.id, DAYS[0], [{ applicationId: a2.id, present: false }]);
    expect(byHead.statusCode, byHead.body).toBe(200);
    expect(byHead.json().day.totals).toMatchObject({ present: 2, absent: 1 });
    // Saving unchanged marks of a confirmed day asks for nothing.
    expect(
      (await put(s.manager, course.id, DAYS[0], [{ applicationId: a1.id, present: true }])).statusCode,
    ).toBe(200);
  });
});

describe('after the group', () => {
  it('shows the group’s learners and the first day’s no-shows, read-only', async () => {
    const { course, a1, a2, b1 } = await journalCourse('running');
    await buildMarks(t.db, {
      courseId: course.id,
      day: DAYS[0],
      marks: [
        { applicationId: a1.id, mark: 'present' },
        { applicationId: a2.id, mark: 'present' },
        { applicationId: b1.id, mark: 'absent' },
      ],
    });
    await buildGroup(t.db, { courseId: course.id, applicationIds: [a1.id, a2.id] });
    await t.db.updateTable('applications').set({ status: 'no_show' }).where('id', '=', b1.id).execute();
    const journal = (await get(s.manager, url(course.id))).json();
    expect(journal.learners.map((l: Learner) => [l.applicationId, l.readOnly])).toEqual([
      [String(a1.id), false],
      [String(a2.id), false],
      [String(b1.id), true],
    ]);
    const res = await put(s.manager, course.id, DAYS[1], [
      { applicationId: a1.id, present: true },
      { applicationId: b1.id, present: true },
    ]);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].field).toBe('marks.1.applicationId');
    expect(
      (await put(s.manager, course.id, DAYS[1], [{ applicationId: a1.id, present: true }])).statusCode,
    ).toBe(200);
  });
});

describe('the territory’s attendance', () => {
  it('lists a methodist’s learners on started courses with their first-day mark and totals', async () => {
    const { course, a1, a2 } = await journalCourse('running');
    await buildMarks(t.db, {
      courseId: course.id,
      day: DAYS[0],
      marks: [
        { applicationId: a1.id, mark: 'present' },
        { applicationId: a2.id, mark: 'excused', reason: 'Больничный лист' },
      ],
    });
    await buildMarks(t.db, {
      courseId: course.id,
      day: DAYS[1],
      marks: [{ applicationId: a1.id, mark: 'absent' }],
    });
    const notStarted = await buildCourse(t.db, { departmentId: dept, status: 'closed' });
    await buildApplication(t.db, { courseId: notStarted.id, territoryId: territoryA, status: 'forwarded' });
    const res = await get(s.methodistA, '/api/v1/attendance/territory');
    expect(res.statusCode, res.body).toBe(200);
    const mine = res.json().items.filter((r: { courseId: string }) => r.courseId === String(course.id));
    expect(mine).toEqual([
      expect.objectContaining({
        applicationId: String(a1.id),
        firstDayMark: 'present',
        present: 1,
        absent: 1,
        excused: 0,
        daysSoFar: 3,
        territory: 'Кунгурский округ',
      }),
      expect.objectContaining({
        applicationId: String(a2.id),
        firstDayMark: 'excused',
        firstDayReason: 'Больничный лист',
      }),
    ]);
    const all = res.json().items as { territory: string; courseId: string }[];
    expect(all.every((r) => r.territory === 'Кунгурский округ')).toBe(true);
    expect(all.some((r) => r.courseId === String(notStarted.id))).toBe(false);
    const operator = (await get(s.operator, `/api/v1/attendance/territory?territoryId=${territoryB}`)).json();
    expect(operator.items.length).toBeGreaterThan(0);
    expect(operator.items.every((r: { territory: string }) => r.territory === 'Чайковский округ')).toBe(true);
    // Another territory asked for by a methodist: nothing of it.
    const other = (await get(s.methodistA, `/api/v1/attendance/territory?territoryId=${territoryB}`)).json();
    expect(other.items).toEqual([]);
    expect((await get(s.manager, '/api/v1/attendance/territory')).statusCode).toBe(403);
  });

  it('lists the learners of the courses that started within a period, the list and its export alike', async () => {
    const { course } = await journalCourse('running');
    const spring = await buildCourse(t.db, {
      departmentId: dept,
      status: 'finished',
      startsOn: '2026-03-02',
      endsOn: '2026-03-06',
      applyUntil: '2026-02-20',
    });
    await buildApplication(t.db, {
      courseId: spring.id,
      teacherId: (await buildUser(t.db, { organizationId: orgA, lastName: 'Весенняя' })).id,
      status: 'completed',
    });
    const courses = async (query: string) => {
      const res = await get(s.methodistA, `/api/v1/attendance/territory?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return new Set(res.json().items.map((i: { courseId: string }) => i.courseId));
    };
    const both = await courses('');
    expect(both.has(String(course.id)) && both.has(String(spring.id))).toBe(true);
    // The bounds are the course's first day, both included.
    expect(await courses('from=2026-03-02&to=2026-03-02')).toEqual(new Set([String(spring.id)]));
    const november = await courses('from=2026-11-01&to=2026-11-30');
    expect(november.has(String(course.id))).toBe(true);
    expect(november.has(String(spring.id))).toBe(false);
    expect(await courses('from=2026-03-03&to=2026-03-31')).toEqual(new Set());

    const xlsx = await get(s.methodistA, '/api/v1/attendance/territory.xlsx?from=2026-03-01&to=2026-03-31');
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets[0]?.rowCount).toBe(2);
    expect(book.worksheets[0]?.getRow(2).getCell(5).value).toMatch(/^Весенняя /);
    const audit = await t.db
      .selectFrom('auditEvents')
      .where('action', '=', 'attendance.exported')
      .select('after')
      .execute();
    expect(audit.map((a) => a.after)).toContainEqual(
      expect.objectContaining({ from: '2026-03-01', rows: 1 }),
    );

    const wrong = await get(s.methodistA, '/api/v1/attendance/territory?from=2026-13-01');
    expect(wrong.statusCode).toBe(400);
    expect(JSON.stringify(wrong.json().errors)).toMatch(/from.*ГГГГ-ММ-ДД/);
  });

  it('sorts the list and its spreadsheet alike, by any column either way', async () => {
    const { course, a1, a2 } = await journalCourse('running');
    await buildMarks(t.db, {
      courseId: course.id,
      day: DAYS[0],
      marks: [{ applicationId: a2.id, mark: 'present' }],
    });
    const list = async (sort: string) => {
      const res = await get(s.methodistA, `/api/v1/attendance/territory?courseId=${course.id}&sort=${sort}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items.map((i: { applicationId: string }) => i.applicationId) as string[];
    };
    expect(await list('teacher')).toEqual([String(a1.id), String(a2.id)]);
    expect(await list('-teacher')).toEqual([String(a2.id), String(a1.id)]);
    // The marked first, the unmarked last.
    expect(await list('mark')).toEqual([String(a2.id), String(a1.id)]);
    const xlsx = await get(
      s.methodistA,
      `/api/v1/attendance/territory.xlsx?courseId=${course.id}&sort=-teacher`,
    );
    expect(xlsx.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect([sheet?.getRow(2).getCell(5).value, sheet?.getRow(3).getCell(5).value]).toEqual([
      expect.stringMatching(/^Борисова /),
      expect.stringMatching(/^Алексеева /),
    ]);
    // An order the list does not know is refused, in Russian, for the list and its export alike.
    for (const path of ['/api/v1/attendance/territory', '/api/v1/attendance/territory.xlsx']) {
      const wrong = await get(s.methodistA, `${path}?sort=name`);
      expect(wrong.statusCode, path).toBe(400);
      expect(JSON.stringify(wrong.json().errors)).toMatch(/sort.*[а-я]{4}/);
    }
  });

  it('filters by course, organization and first-day mark, and exports the same rows to Excel (audited)', async () => {
    const { course, a1, a2 } = await journalCourse('running');
    await buildMarks(t.db, {
      courseId: course.id,
      day: DAYS[0],
      marks: [{ applicationId: a1.id, mark: 'present' }],
    });
    const list = (query: string) =>
      get(s.methodistA, `/api/v1/attendance/territory?courseId=${course.id}${query}`).then(
        (r) => r.json().items.map((i: { applicationId: string }) => i.applicationId) as string[],
      );
    expect(await list('')).toEqual([String(a1.id), String(a2.id)]);
    expect(await list('&mark=present')).toEqual([String(a1.id)]);
    expect(await list('&mark=none')).toEqual([String(a2.id)]);
    expect(await list(`&organizationId=${orgB}`)).toEqual([]);
    const exported = () =>
      t.db
        .selectFrom('auditEvents')
        .where('action', '=', 'attendance.exported')
        .orderBy('id')
        .selectAll()
        .execute();
    const earlier = (await exported()).length;
    const xlsx = await get(
      s.methodistA,
      `/api/v1/attendance/territory.xlsx?courseId=${course.id}&mark=present`,
    );
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.headers['content-disposition']).toContain('.xlsx');
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet?.rowCount).toBe(2);
    expect(sheet?.getRow(2).getCell(5).value).toMatch(/^Алексеева /);
    expect(sheet?.getRow(2).getCell(9).value).toBe('Присутствовал(а)');
    const audit = (await exported()).slice(earlier);
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ rows: 1, mark: 'present' });
    expect((await get(s.teacher, '/api/v1/attendance/territory.xlsx')).statusCode).toBe(403);
  });
});
