// Groups over HTTP: forming the first group starts the course and ends the rest; a chosen set
// splits a big course into groups; each chosen learner is checked; numbers are unique per provider
// and year; each role sees its part; results after the end date finish the course.
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import {
  buildApplication,
  buildCourse,
  buildDepartment,
  buildMarks,
  buildOrganization,
  buildProvider,
  buildTerritory,
  buildUser,
} from '../../../test/factories.js';
import type { ApplicationStatus } from '../../contract/applications.js';
import type { CourseStatus } from '../../contract/catalog.js';

const t = await testApp();
let dept: number;
let providerId: number;
let territoryA: number;
let territoryB: number;
const as = {} as Record<
  | 'manager'
  | 'head'
  | 'methodistA'
  | 'methodistB'
  | 'operator'
  | 'providerAdmin'
  | 'otherManager'
  | 'teacher',
  Session
>;
let teacherId: number;

beforeAll(async () => {
  providerId = (await buildProvider(t.db)).id;
  dept = (await buildDepartment(t.db, { providerId })).id;
  territoryA = (await buildTerritory(t.db)).id;
  territoryB = (await buildTerritory(t.db)).id;
  const login = async (roles: Parameters<typeof buildUser>[1]) =>
    t.login((await buildUser(t.db, roles)).login);
  as.manager = await login({ roles: [{ role: 'manager', departmentId: dept }] });
  as.head = await login({ roles: [{ role: 'head', departmentId: dept }] });
  as.methodistA = await login({ roles: [{ role: 'methodist', territoryId: territoryA }] });
  as.methodistB = await login({ roles: [{ role: 'methodist', territoryId: territoryB }] });
  as.operator = await login({ roles: [{ role: 'operator' }] });
  as.providerAdmin = await login({ roles: [{ role: 'provider_admin', providerId }] });
  as.otherManager = await login({
    roles: [{ role: 'manager', departmentId: (await buildDepartment(t.db, { providerId })).id }],
  });
  const teacher = await buildUser(t.db, {
    organizationId: (await buildOrganization(t.db, { territoryId: territoryA })).id,
  });
  teacherId = teacher.id;
  as.teacher = await t.login(teacher.login);
});

/** Today in the tests is 2026-11-25 (region). A course whose first day is today, or `dates`. */
async function course(
  status: CourseStatus = 'closed',
  dates: Partial<Record<'startsOn' | 'endsOn', string>> = {},
) {
  return buildCourse(t.db, {
    departmentId: dept,
    status,
    applyUntil: '2026-11-18',
    startsOn: dates.startsOn ?? '2026-11-25',
    endsOn: dates.endsOn ?? '2026-11-27',
  });
}

const app = (courseId: number, status: ApplicationStatus, territoryId = territoryA) =>
  buildApplication(t.db, { courseId, status, territoryId });

const form = (who: Session, courseId: number, payload: object = {}) =>
  t.request(who, { method: 'POST', url: `/api/v1/courses/${courseId}/groups`, payload });
const list = (who: Session, courseId: number) =>
  t.request(who, { method: 'GET', url: `/api/v1/courses/${courseId}/groups` });

async function statusOf(id: number) {
  return t.db
    .selectFrom('applications')
    .where('id', '=', id)
    .select(['status', 'groupId', 'reason'])
    .executeTakeFirstOrThrow();
}
const courseStatus = async (id: number) =>
  (await t.db.selectFrom('courses').where('id', '=', id).select('status').executeTakeFirstOrThrow()).status;

describe('forming the first group', () => {
  it('enrols those present, starts the course, ends the absent as no-shows and the waiting with «Курс начался»', async () => {
    const c = await course();
    const present = [await app(c.id, 'forwarded'), await app(c.id, 'forwarded', territoryB)];
    const absent = await app(c.id, 'forwarded');
    const excused = await app(c.id, 'forwarded');
    const unmarked = await app(c.id, 'forwarded');
    const submitted = await app(c.id, 'submitted');
    const waitlisted = await app(c.id, 'waitlisted');
    const rejected = await app(c.id, 'rejected');
    // A mark on another day does not count for the first day.
    await buildMarks(t.db, {
      courseId: c.id,
      day: '2026-11-26',
      marks: [{ applicationId: unmarked.id, mark: 'present' }],
    });
    await buildMarks(t.db, {
      courseId: c.id,
      day: c.startsOn,
      marks: [
        ...present.map((a) => ({ applicationId: a.id, mark: 'present' as const })),
        { applicationId: absent.id, mark: 'absent' },
        { applicationId: excused.id, mark: 'excused' },
      ],
    });

    const res = await form(as.manager, c.id);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.number).toBe(`П${dept}-2026-1`);
    expect([...body.applicationIds].sort()).toEqual(present.map((a) => String(a.id)).sort());

    for (const a of present)
      expect(await statusOf(a.id)).toMatchObject({ status: 'enrolled', groupId: Number(body.id) });
    for (const a of [absent, excused, unmarked])
      expect(await statusOf(a.id)).toMatchObject({ status: 'no_show', groupId: null });
    for (const a of [submitted, waitlisted])
      expect(await statusOf(a.id)).toEqual({ status: 'withdrawn', groupId: null, reason: 'Курс начался' });
    expect((await statusOf(rejected.id)).status).toBe('rejected');

    expect(await courseStatus(c.id)).toBe('running');
    const history = await t.db
      .selectFrom('courseHistory')
      .where('courseId', '=', c.id)
      .select(['fromStatus', 'toStatus', 'action', 'byId'])
      .execute();
    expect(history).toEqual([{ fromStatus: 'closed', toStatus: 'running', action: 'start', byId: null }]);

    // Every move has its history row (the manager's for the enrolment, the system's for the rest).
    const moves = await t.db
      .selectFrom('applicationHistory')
      .where(
        'applicationId',
        'in',
        [...present, absent, submitted, waitlisted].map((a) => a.id),
      )
      .where('action', '<>', 'apply')
      .select(['applicationId', 'action', 'toStatus', 'byId', 'reason'])
      .orderBy('applicationId')
      .execute();
    expect(moves).toEqual([
      ...present.map((a) => ({
        applicationId: a.id,
        action: 'enrol',
        toStatus: 'enrolled',
        byId: Number(as.manager.userId),
        reason: null,
      })),
      { applicationId: absent.id, action: 'no_show', toStatus: 'no_show', byId: null, reason: null },
      {
        applicationId: submitted.id,
        action: 'start',
        toStatus: 'withdrawn',
        byId: null,
        reason: 'Курс начался',
      },
      {
        applicationId: waitlisted.id,
        action: 'start',
        toStatus: 'withdrawn',
        byId: null,
        reason: 'Курс начался',
      },
    ]);
    // The teachers are told, the waiting ones with the reason.
    const notice = await t.db
      .selectFrom('notifications')
      .where('entityType', '=', 'application')
      .where('entityId', '=', String(submitted.id))
      .select(['title', 'body'])
      .executeTakeFirstOrThrow();
    expect(notice.body).toBe('Причина: Курс начался');
    expect(notice.title).toMatch(/Отозвана/);
    const audit = await t.db
      .selectFrom('auditEvents')
      .where('entityType', '=', 'study_group')
      .where('entityId', '=', String(body.id))
      .select('action')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['group.formed']);
  });

  it('a chosen set splits the course: the others present stay forwarded for the next group', async () => {
    const c = await course();
    const [a, b, d] = [
      await app(c.id, 'forwarded'),
      await app(c.id, 'forwarded'),
      await app(c.id, 'forwarded'),
    ];
    const gone = await app(c.id, 'forwarded');
    await buildMarks(t.db, {
      courseId: c.id,
      day: c.startsOn,
      marks: [a, b, d].map((x) => ({ applicationId: x.id, mark: 'present' as const })),
    });
    const first = await form(as.head, c.id, { applicationIds: [String(a.id)], number: 'ОП-1' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ number: 'ОП-1', applicationIds: [String(a.id)] });
    expect((await statusOf(b.id)).status).toBe('forwarded');
    expect((await statusOf(d.id)).status).toBe('forwarded');
    expect((await statusOf(gone.id)).status).toBe('no_show');

    const second = await form(as.manager, c.id);
    expect(second.statusCode, second.body).toBe(201);
    expect([...second.json().applicationIds].sort()).toEqual([String(b.id), String(d.id)].sort());
    expect(second.json().number).toMatch(new RegExp(`^П${dept}-2026-\\d+$`));
    // Nobody left: a clear 422; and a learner already in a group may not join another.
    const third = await form(as.manager, c.id);
    expect(third.statusCode).toBe(422);
    expect(third.json().errors[0].message).toMatch(/Нет слушателей/);
    const again = await form(as.manager, c.id, { applicationIds: [String(a.id)] });
    expect(again.statusCode).toBe(422);
    expect(again.json().errors).toEqual([
      { field: 'applicationIds.0', message: expect.stringMatching(/уже в группе/) },
    ]);
    const groups = await t.db.selectFrom('studyGroups').where('courseId', '=', c.id).select('id').execute();
    expect(groups).toHaveLength(2);
  });

  it('checks each chosen learner: 422 naming each, nothing changed', async () => {
    const c = await course();
    const ok = await app(c.id, 'forwarded');
    const absent = await app(c.id, 'forwarded');
    const waiting = await app(c.id, 'waitlisted');
    const elsewhere = await app((await course()).id, 'forwarded');
    await buildMarks(t.db, {
      courseId: c.id,
      day: c.startsOn,
      marks: [
        { applicationId: ok.id, mark: 'present' },
        { applicationId: absent.id, mark: 'absent' },
        { applicationId: waiting.id, mark: 'present' },
      ],
    });
    const res = await form(as.manager, c.id, {
      applicationIds: [ok, absent, waiting, elsewhere].map((x) => String(x.id)),
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().errors).toEqual([
      { field: 'applicationIds.1', message: expect.stringMatching(/не отмечен присутствующим/) },
      { field: 'applicationIds.2', message: expect.stringMatching(/переданные поставщику/) },
      { field: 'applicationIds.3', message: expect.stringMatching(/не относится к этому курсу/) },
    ]);
    expect(await courseStatus(c.id)).toBe('closed');
    for (const [x, s] of [
      [ok, 'forwarded'],
      [absent, 'forwarded'],
      [waiting, 'waitlisted'],
    ] as const)
      expect((await statusOf(x.id)).status).toBe(s);
    expect(await t.db.selectFrom('studyGroups').where('courseId', '=', c.id).select('id').execute()).toEqual(
      [],
    );
  });

  it.each([
    [
      'before the first day',
      'closed',
      { startsOn: '2026-11-26', endsOn: '2026-11-27' },
      /с первого дня курса \(2026-11-26\)/,
    ],
    ['a published course', 'published', {}, /Идёт приём заявок/],
    ['an archived course', 'archived', { startsOn: '2026-11-10', endsOn: '2026-11-12' }, /Курс в архиве/],
    ['a cancelled course', 'cancelled', {}, /Отменён/],
  ] as const)('refuses %s with 409', async (_name, status, dates, message) => {
    const c = await course(status, dates);
    const a = await app(c.id, 'forwarded');
    await buildMarks(t.db, {
      courseId: c.id,
      day: c.startsOn,
      marks: [{ applicationId: a.id, mark: 'present' }],
    });
    const res = await form(as.manager, c.id);
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().detail).toMatch(message);
    expect((await statusOf(a.id)).status).toBe('forwarded');
    expect(await courseStatus(c.id)).toBe(status);
  });

  it('only the staff of the department form groups', async () => {
    const c = await course();
    const a = await app(c.id, 'forwarded');
    await buildMarks(t.db, {
      courseId: c.id,
      day: c.startsOn,
      marks: [{ applicationId: a.id, mark: 'present' }],
    });
    expect((await form(as.otherManager, c.id)).statusCode).toBe(404);
    expect((await form(as.methodistA, c.id)).statusCode).toBe(403);
    expect((await form(as.operator, c.id)).statusCode).toBe(403);
    expect((await form(as.providerAdmin, c.id)).statusCode).toBe(403);
    expect((await form(as.teacher, c.id)).statusCode).toBe(403);
    expect((await form(as.manager, 999_999)).statusCode).toBe(404);
    expect((await statusOf(a.id)).status).toBe('forwarded');
  });
});

describe('numbers', () => {
  async function ready() {
    const c = await course();
    const apps = [await app(c.id, 'forwarded'), await app(c.id, 'forwarded')];
    await buildMarks(t.db, {
      courseId: c.id,
      day: c.startsOn,
      marks: apps.map((a) => ({ applicationId: a.id, mark: 'present' as const })),
    });
    return { c, apps };
  }

  it("open with the department's code and count on per provider and year; a taken number is a 409", async () => {
    const coded = (await buildDepartment(t.db, { providerId })).id;
    // The department's card takes its code (letters and digits only).
    const setCode = (code: string) =>
      t.request(as.operator, {
        method: 'PATCH',
        url: `/api/v1/departments/${coded}`,
        payload: { name: `Кафедра ${coded}`, code },
      });
    expect((await setCode('И Р О')).statusCode).toBe(400);
    const named = await setCode('ИРО');
    expect(named.statusCode, named.body).toBe(200);
    expect(named.json()).toMatchObject({ code: 'ИРО' });
    const staff = await t.login(
      (await buildUser(t.db, { roles: [{ role: 'manager', departmentId: coded }] })).login,
    );
    const numbers: string[] = [];
    for (let i = 0; i < 2; i++) {
      const c = await buildCourse(t.db, {
        departmentId: coded,
        status: 'closed',
        applyUntil: '2026-11-18',
        startsOn: '2026-11-25',
        endsOn: '2026-11-27',
      });
      const a = await app(c.id, 'forwarded');
      await buildMarks(t.db, {
        courseId: c.id,
        day: c.startsOn,
        marks: [{ applicationId: a.id, mark: 'present' }],
      });
      const res = await form(staff, c.id);
      expect(res.statusCode, res.body).toBe(201);
      numbers.push(res.json().number);
    }
    expect(numbers).toEqual(['ИРО-2026-1', 'ИРО-2026-2']);

    const { c, apps } = await ready();
    const taken = await form(as.manager, c.id, { number: 'ИРО-2026-2' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().detail).toMatch(/«ИРО-2026-2» уже есть/);
    expect((await statusOf(apps[0]!.id)).status).toBe('forwarded');
    expect(await courseStatus(c.id)).toBe('closed');
  });

  it('are edited by the staff (audited) until the course is archived', async () => {
    const { c } = await ready();
    const id = (await form(as.manager, c.id, { number: 'Н-1' })).json().id;
    const other = await ready();
    await form(as.manager, other.c.id, { number: 'Н-2' });
    const patch = (who: Session, number: string) =>
      t.request(who, { method: 'PATCH', url: `/api/v1/groups/${id}`, payload: { number } });

    const res = await patch(as.head, 'Н-10');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ id, number: 'Н-10', courseId: String(c.id) });
    const audit = await t.db
      .selectFrom('auditEvents')
      .where('entityType', '=', 'study_group')
      .where('entityId', '=', id)
      .where('action', '=', 'group.renumbered')
      .select(['before', 'after'])
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ before: { number: 'Н-1' }, after: { number: 'Н-10' } });

    expect((await patch(as.manager, 'Н-2')).statusCode).toBe(409);
    expect((await patch(as.manager, '')).statusCode).toBe(400);
    expect((await patch(as.otherManager, 'Н-11')).statusCode).toBe(404);
    expect((await patch(as.methodistA, 'Н-11')).statusCode).toBe(403);
    await t.db.updateTable('courses').set({ status: 'archived' }).where('id', '=', c.id).execute();
    const archived = await patch(as.manager, 'Н-12');
    expect(archived.statusCode).toBe(409);
    expect(archived.json().detail).toMatch(/архиве/);
    const stored = await t.db
      .selectFrom('studyGroups')
      .where('id', '=', Number(id))
      .select('number')
      .executeTakeFirstOrThrow();
    expect(stored.number).toBe('Н-10');
  });
});

describe('who sees which learners', () => {
  it('staff and the operator see all, a methodist her territory, others nothing', async () => {
    const c = await course();
    const a = await app(c.id, 'forwarded', territoryA);
    const b = await app(c.id, 'forwarded', territoryB);
    const late = await app(c.id, 'forwarded', territoryB);
    await buildMarks(t.db, {
      courseId: c.id,
      day: c.startsOn,
      marks: [a, b, late].map((x) => ({ applicationId: x.id, mark: 'present' as const })),
    });
    const before = (await list(as.manager, c.id)).json();
    expect(before.abilities).toEqual({ form: true, complete: false, fail: false });
    expect(before.waiting.map((l: { firstDay: string }) => l.firstDay)).toEqual([
      'present',
      'present',
      'present',
    ]);
    await form(as.manager, c.id, { applicationIds: [String(a.id), String(b.id)] });

    const ids = (body: {
      groups: { learners: { applicationId: string }[] }[];
      waiting: { applicationId: string }[];
    }) => ({
      grouped: body.groups.flatMap((g) => g.learners.map((l) => l.applicationId)).sort(),
      waiting: body.waiting.map((l) => l.applicationId).sort(),
    });
    for (const who of ['manager', 'head', 'operator', 'providerAdmin'] as const) {
      const res = await list(as[who], c.id);
      expect(res.statusCode, who).toBe(200);
      expect(ids(res.json()), who).toEqual({
        grouped: [String(a.id), String(b.id)].sort(),
        waiting: [String(late.id)],
      });
    }
    const mine = (await list(as.methodistA, c.id)).json();
    expect(ids(mine)).toEqual({ grouped: [String(a.id)], waiting: [] });
    expect(mine.abilities).toEqual({ form: false, complete: false, fail: false });
    expect(mine.groups[0].learners[0]).toMatchObject({
      status: 'enrolled',
      territoryName: expect.any(String),
    });
    const theirs = (await list(as.methodistB, c.id)).json();
    expect(ids(theirs)).toEqual({ grouped: [String(b.id)], waiting: [String(late.id)] });
    const stranger = await t.login(
      (
        await buildUser(t.db, {
          roles: [{ role: 'methodist', territoryId: (await buildTerritory(t.db)).id }],
        })
      ).login,
    );
    const none = (await list(stranger, c.id)).json();
    expect(ids(none)).toEqual({ grouped: [], waiting: [] });
    expect(none.groups).toEqual([]);

    expect((await list(as.otherManager, c.id)).statusCode).toBe(404);
    expect((await list(as.teacher, c.id)).statusCode).toBe(403);
    // A draft exists only for its department.
    const draft = await course('draft');
    expect((await list(as.methodistA, draft.id)).statusCode).toBe(404);
    expect((await list(as.manager, draft.id)).statusCode).toBe(200);
  });
});

describe('results', () => {
  const act = (who: Session, id: number, action: string, reason?: string) =>
    t.request(who, {
      method: 'POST',
      url: `/api/v1/applications/${id}/actions/${action}`,
      payload: reason ? { reason } : {},
    });
  const bulk = (who: Session, ids: number[], action: string, reason?: string) =>
    t.request(who, {
      method: 'POST',
      url: `/api/v1/applications/actions/${action}`,
      payload: { ids: ids.map(String), ...(reason ? { reason } : {}) },
    });

  async function grouped(dates: { startsOn: string; endsOn: string }, n = 3) {
    const c = await course('closed', dates);
    const apps = [];
    for (let i = 0; i < n; i++) apps.push(await app(c.id, 'forwarded'));
    await buildMarks(t.db, {
      courseId: c.id,
      day: c.startsOn,
      marks: apps.map((a) => ({ applicationId: a.id, mark: 'present' as const })),
    });
    expect((await form(as.manager, c.id)).statusCode).toBe(201);
    return { c, apps };
  }

  it('during the course: expulsion with a reason, no completion, no withdrawal', async () => {
    const own = await course('closed');
    const mine = await buildApplication(t.db, { courseId: own.id, teacherId, status: 'forwarded' });
    await buildMarks(t.db, {
      courseId: own.id,
      day: own.startsOn,
      marks: [{ applicationId: mine.id, mark: 'present' }],
    });
    expect((await form(as.manager, own.id)).statusCode).toBe(201);
    const withdraw = await act(as.teacher, mine.id, 'withdraw');
    expect(withdraw.statusCode).toBe(409);
    expect((await statusOf(mine.id)).status).toBe('enrolled');

    const { c, apps } = await grouped({ startsOn: '2026-11-25', endsOn: '2026-11-27' });
    const early = await act(as.manager, apps[0]!.id, 'complete');
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toMatch(/после последнего дня курса \(2026-11-27\)/);
    const card = (
      await t.request(as.manager, { method: 'GET', url: `/api/v1/applications/${apps[0]!.id}` })
    ).json();
    expect(card.abilities).toMatchObject({ complete: false, fail: true, withdraw: false });
    expect((await act(as.manager, apps[0]!.id, 'fail')).statusCode).toBe(422);
    const fail = await act(as.manager, apps[0]!.id, 'fail', 'Не посещает занятия');
    expect(fail.statusCode, fail.body).toBe(200);
    expect(fail.json()).toMatchObject({ status: 'not_completed', reason: 'Не посещает занятия' });
    expect((await list(as.manager, c.id)).json().abilities).toEqual({
      form: true,
      complete: false,
      fail: true,
    });
    expect(await courseStatus(c.id)).toBe('running');
  });

  it('after the end date: recorded in bulk; the last result finishes the course in the same transaction', async () => {
    const { c, apps } = await grouped({ startsOn: '2026-11-20', endsOn: '2026-11-24' }, 4);
    expect((await list(as.manager, c.id)).json().abilities).toMatchObject({ complete: true, fail: true });
    const [x, y, z, w] = apps.map((a) => a.id) as [number, number, number, number];
    const first = await bulk(as.manager, [x, y], 'complete');
    expect(first.json().results).toEqual([
      { id: String(x), ok: true, status: 'completed' },
      { id: String(y), ok: true, status: 'completed' },
    ]);
    const failed = await bulk(as.manager, [z], 'fail', 'Не выполнил(а) итоговую работу');
    expect(failed.json().results[0]).toMatchObject({ ok: true, status: 'not_completed' });
    expect(await courseStatus(c.id)).toBe('running');
    // Another department's manager cannot touch them; the last result finishes the course.
    expect((await bulk(as.otherManager, [w], 'complete')).json().results[0].ok).toBe(false);
    expect((await act(as.head, w, 'complete')).statusCode).toBe(200);
    expect(await courseStatus(c.id)).toBe('finished');
    const history = await t.db
      .selectFrom('courseHistory')
      .where('courseId', '=', c.id)
      .orderBy('id')
      .select(['action', 'toStatus', 'byId'])
      .execute();
    expect(history).toEqual([
      { action: 'start', toStatus: 'running', byId: null },
      { action: 'finish', toStatus: 'finished', byId: null },
    ]);
    const snapshot = await t.db
      .selectFrom('courses')
      .where('id', '=', c.id)
      .select('programSnapshot')
      .executeTakeFirstOrThrow();
    expect(snapshot.programSnapshot).not.toBeNull();
    // A finished course's result stays as recorded.
    expect((await act(as.manager, x, 'fail', 'Передумали')).statusCode).toBe(409);
  });
});
