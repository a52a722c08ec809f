// Applications through the API: applying, the two baskets and their scope, transitions one by one
// and in bulk, places and the waitlist, promotion, a cancelled course, notifications and audit.
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import {
  buildApplication,
  buildCourse,
  buildDepartment,
  buildOrganization,
  buildProvider,
  buildTerritory,
  buildUser,
} from '../../../test/factories.js';
import { expectOverlap, lockWaited } from '../../../test/overlap.js';

const t = await testApp();

let territoryA: number;
let territoryB: number;
let orgA: number;
let orgB: number;
let dept: number;
let otherDept: number;
const s = {} as Record<
  'teacher' | 'teacher2' | 'teacherB' | 'methodistA' | 'methodistB' | 'manager' | 'otherManager' | 'operator',
  Session
>;
const ids = {} as Record<keyof typeof s, number>;

beforeAll(async () => {
  territoryA = (await buildTerritory(t.db)).id;
  territoryB = (await buildTerritory(t.db)).id;
  orgA = (await buildOrganization(t.db, { territoryId: territoryA })).id;
  orgB = (await buildOrganization(t.db, { territoryId: territoryB })).id;
  const provider = await buildProvider(t.db);
  dept = (await buildDepartment(t.db, { providerId: provider.id })).id;
  otherDept = (await buildDepartment(t.db, { providerId: provider.id })).id;
  const users = {
    teacher: await buildUser(t.db, { organizationId: orgA, lastName: 'Учителева' }),
    teacher2: await buildUser(t.db, { organizationId: orgA, lastName: 'Второва' }),
    teacherB: await buildUser(t.db, { organizationId: orgB, lastName: 'Бэшкина' }),
    methodistA: await buildUser(t.db, { roles: [{ role: 'methodist', territoryId: territoryA }] }),
    methodistB: await buildUser(t.db, { roles: [{ role: 'methodist', territoryId: territoryB }] }),
    manager: await buildUser(t.db, { roles: [{ role: 'manager', departmentId: dept }] }),
    otherManager: await buildUser(t.db, { roles: [{ role: 'manager', departmentId: otherDept }] }),
    operator: await buildUser(t.db, { roles: [{ role: 'operator' }] }),
  };
  for (const [name, user] of Object.entries(users)) {
    s[name as keyof typeof s] = await t.login(user.login);
    ids[name as keyof typeof s] = user.id;
  }
});

const post = (who: Session, url: string, payload: unknown = {}) =>
  t.request(who, { method: 'POST', url: `/api/v1${url}`, payload: payload as object });
const get = (who: Session | null, url: string) => t.request(who, { method: 'GET', url: `/api/v1${url}` });
const act = (who: Session, id: string | number, action: string, reason?: string) =>
  post(who, `/applications/${id}/actions/${action}`, reason ? { reason } : {});
const course = (over: Parameters<typeof buildCourse>[1] = {}) =>
  buildCourse(t.db, { departmentId: dept, status: 'published', managerId: null, ...over });
const statusOf = async (id: number | string) =>
  (
    await t.db
      .selectFrom('applications')
      .where('id', '=', Number(id))
      .select('status')
      .executeTakeFirstOrThrow()
  ).status;

describe('applying', () => {
  it('a teacher applies once per course; the application waits in the methodist basket', async () => {
    const c = await course();
    const res = await post(s.teacher, '/applications', { courseId: c.id });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      status: 'submitted',
      course: { id: String(c.id) },
      territory: { id: String(territoryA) },
      organization: { id: String(orgA) },
      abilities: { withdraw: true, forward: false },
    });
    expect(body.history).toEqual([expect.objectContaining({ from: null, to: 'submitted', action: 'apply' })]);
    // The answer is composed from what applying read: it is what reading the application gives.
    expect((await get(s.teacher, `/applications/${body.id}`)).json()).toEqual(body);
    const again = await post(s.teacher, '/applications', { courseId: c.id });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toMatch(/уже есть действующая заявка/);

    const basket = (await get(s.methodistA, `/applications?basket=methodist&courseId=${c.id}`)).json();
    expect(basket.items.map((i: { id: string }) => i.id)).toEqual([body.id]);
    expect(basket.items[0].abilities).toMatchObject({ forward: true, reject: true, withdraw: true });
    const audit = await t.db
      .selectFrom('auditEvents')
      .where('action', '=', 'application.apply')
      .where('entityId', '=', body.id)
      .select(['actorId', 'after', 'login'])
      .executeTakeFirst();
    expect(audit).toMatchObject({
      actorId: ids.teacher,
      after: { courseId: c.id, teacherId: ids.teacher, territoryId: territoryA, status: 'submitted' },
      login: expect.any(String),
    });
    // Refused twice: nothing more was written.
    expect(
      await t.db
        .selectFrom('applicationHistory as h')
        .innerJoin('applications as a', 'a.id', 'h.applicationId')
        .where('a.courseId', '=', c.id)
        .select(['h.action', 'h.byId'])
        .execute(),
    ).toEqual([{ action: 'apply', byId: ids.teacher }]);
  });

  it('refuses a course not open for applications, and staff or strangers applying', async () => {
    const closed = await course({ status: 'closed' });
    expect((await post(s.teacher, '/applications', { courseId: closed.id })).statusCode).toBe(409);
    const late = await course({ applyUntil: '2026-11-24', startsOn: '2026-12-14' });
    const res = await post(s.teacher, '/applications', { courseId: late.id });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toMatch(/Приём заявок на курс закончился/);
    const draft = await course({ status: 'draft' });
    expect((await post(s.teacher, '/applications', { courseId: draft.id })).statusCode).toBe(404);
    expect((await post(s.manager, '/applications', { courseId: late.id })).statusCode).toBe(403);
    expect((await post(s.teacher, '/applications', { courseId: 'x' })).statusCode).toBe(400);
    expect(
      await t.db
        .selectFrom('applications')
        .where('courseId', 'in', [closed.id, late.id, draft.id])
        .select('id')
        .execute(),
    ).toEqual([]);
  });

  it('a methodist applies for a teacher of her territory only, and the teacher is told', async () => {
    const c = await course();
    const res = await post(s.methodistA, '/applications', { courseId: c.id, teacherId: ids.teacher2 });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().teacher.id).toBe(String(ids.teacher2));
    expect(res.json().history[0].by.id).toBe(String(ids.methodistA));
    expect((await get(s.methodistA, `/applications/${res.json().id}`)).json()).toEqual(res.json());
    const notice = await t.db
      .selectFrom('notifications')
      .where('userId', '=', ids.teacher2)
      .where('entityId', '=', res.json().id)
      .select('title')
      .executeTakeFirst();
    expect(notice?.title).toMatch(/Методист подал\(а\) за вас заявку/);
    expect(
      (await post(s.methodistB, '/applications', { courseId: c.id, teacherId: ids.teacher })).statusCode,
    ).toBe(404);
    // Another teacher lies outside what a teacher sees: not found, as for the other territory's methodist.
    expect(
      (await post(s.teacher, '/applications', { courseId: c.id, teacherId: ids.teacher2 })).statusCode,
    ).toBe(404);
  });
});

describe('applying while the course changes', () => {
  it('a course cancelled while a teacher applies ends with no application on it', async () => {
    const c = await course();
    // A cancel in progress holds the course row, as a course's change does (catalog lockCourse).
    const cancel = await t.db.startTransaction().execute();
    await cancel.selectFrom('courses').where('id', '=', c.id).select('id').forUpdate().execute();
    await cancel
      .updateTable('courses')
      .set({ status: 'cancelled', cancelReason: 'Болезнь лектора' })
      .where('id', '=', c.id)
      .execute();
    // PGlite serializes transactions: on its one connection the request waits for the cancel's
    // transaction before it reads anything, so it sees the course cancelled. Only on PostgreSQL do
    // the two meet: the request reaches the course's row lock while the cancel holds it, and waits.
    const order: string[] = [];
    const applying = post(s.teacher, '/applications', { courseId: c.id }).then((res) => {
      order.push('answered');
      return res;
    });
    const overlap = await lockWaited(t.ctx);
    order.push('cancel commits');
    await cancel.commit().execute();
    const res = await applying;
    expectOverlap(overlap);
    expect(order).toEqual(['cancel commits', 'answered']);
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().detail).toMatch(/не принимает заявки|Заявки не принимаются/);
    expect(await t.db.selectFrom('applications').where('courseId', '=', c.id).select('id').execute()).toEqual(
      [],
    );
  });
});

describe('teachers a methodist may apply for', () => {
  it('are those of her territory, by name; nobody else lists them', async () => {
    const res = await get(s.methodistA, '/teachers?q=Учителева&limit=200');
    expect(res.statusCode).toBe(200);
    const found = res.json().items.map((i: { id: string }) => Number(i.id));
    expect(found).toContain(ids.teacher);
    expect(res.json().items[0]).toMatchObject({
      organization: { id: String(orgA) },
      territory: { id: String(territoryA) },
    });
    expect(res.json().items[0]).not.toHaveProperty('snils');
    const b = (await get(s.methodistB, '/teachers?limit=200'))
      .json()
      .items.map((i: { id: string }) => Number(i.id));
    expect(b).toContain(ids.teacherB);
    expect(b).not.toContain(ids.teacher);
    expect((await get(s.teacher, '/teachers')).statusCode).toBe(403);
    expect((await get(s.manager, '/teachers')).statusCode).toBe(403);
  });
});

describe('scope', () => {
  it("another territory's methodist and another department's manager see nothing: 404, or 403 for an action no role of theirs takes", async () => {
    const c = await course();
    const a = await buildApplication(t.db, { courseId: c.id, teacherId: ids.teacher, status: 'forwarded' });
    const list = async (who: Session, query: string) =>
      (await get(who, `/applications?${query}&courseId=${c.id}`))
        .json()
        .items.map((i: { id: string }) => Number(i.id));
    expect(await list(s.methodistA, 'basket=methodist')).toEqual([a.id]);
    expect(await list(s.manager, 'basket=provider')).toEqual([a.id]);
    expect(await list(s.teacher, 'basket=mine')).toEqual([a.id]);
    expect(await list(s.operator, '')).toEqual([a.id]);
    expect(await list(s.methodistB, '')).toEqual([]);
    expect(await list(s.otherManager, 'basket=provider')).toEqual([]);
    expect(await list(s.teacher2, '')).toEqual([]);
    // Out of scope is 404 for an action their role takes; an action no role of theirs takes is 403.
    for (const [who, own] of [
      [s.methodistB, 'recall'],
      [s.otherManager, 'decline'],
      [s.teacher2, 'withdraw'],
    ] as const) {
      expect((await get(who, `/applications/${a.id}`)).statusCode).toBe(404);
      expect((await act(who, a.id, own, 'Нет мест')).statusCode).toBe(404);
    }
    for (const who of [s.otherManager, s.teacher2])
      expect((await act(who, a.id, 'recall')).statusCode).toBe(403);
    expect(await statusOf(a.id)).toBe('forwarded');
    // A submitted application has not reached the provider: the manager does not see it.
    const submitted = await buildApplication(t.db, { courseId: c.id, teacherId: ids.teacher2 });
    expect((await get(s.manager, `/applications/${submitted.id}`)).statusCode).toBe(404);
    expect((await get(null, '/applications')).statusCode).toBe(401);
  });
});

describe('the methodist basket', () => {
  it("filters by teacher's name, position, organization and state, pages, and counts past the last page", async () => {
    const c = await course();
    const mine = await buildApplication(t.db, { courseId: c.id, teacherId: ids.teacher });
    const other = await buildApplication(t.db, {
      courseId: c.id,
      teacherId: ids.teacher2,
      status: 'forwarded',
    });
    const page = async (query: string) =>
      (await get(s.methodistA, `/applications?basket=methodist&courseId=${c.id}&${query}`)).json() as {
        items: { id: string }[];
        total: number;
      };
    const idsOf = async (query: string) => (await page(query)).items.map((i) => Number(i.id));
    expect(await idsOf('q=учител')).toEqual([mine.id]);
    expect(await idsOf('q=Втор')).toEqual([other.id]);
    expect(await idsOf('position=учит')).toEqual([other.id, mine.id]);
    expect(await idsOf('position=воспитатель')).toEqual([]);
    expect(await idsOf(`organizationId=${orgA}&status=forwarded`)).toEqual([other.id]);
    expect(await page('limit=1')).toMatchObject({ items: [{ id: String(other.id) }], total: 2 });
    expect(await page('limit=1&offset=1')).toMatchObject({ items: [{ id: String(mine.id) }], total: 2 });
    expect(await page('limit=1&offset=5')).toMatchObject({ items: [], total: 2 });
  });
});

describe('transitions', () => {
  it('forwarding takes the quota of the territory, then common places, then joins the waitlist in order', async () => {
    const c = await course({ capacity: 3, quotas: [{ territoryId: territoryA, places: 1 }] });
    const apps = [];
    for (let i = 0; i < 4; i++)
      apps.push(await buildApplication(t.db, { courseId: c.id, territoryId: territoryA }));
    const b = await buildApplication(t.db, { courseId: c.id, territoryId: territoryB });
    const res = await post(s.methodistA, '/applications/actions/forward', { ids: apps.map((a) => a.id) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().results.map((r: { status: string }) => r.status)).toEqual([
      'forwarded',
      'forwarded',
      'forwarded',
      'waitlisted',
    ]);
    expect((await act(s.methodistB, b.id, 'forward')).json()).toMatchObject({
      status: 'waitlisted',
      waitlistPosition: 2,
    });
    const places = (await get(s.manager, `/courses/${c.id}/places`)).json();
    expect(places).toMatchObject({ capacity: 3, placesLeft: 0, commonPlacesLeft: 0 });
    expect(places.territories).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          territory: expect.objectContaining({ id: String(territoryA) }),
          quota: 1,
          forwarded: 3,
          waitlisted: 1,
          free: 0,
        }),
        expect.objectContaining({
          territory: expect.objectContaining({ id: String(territoryB) }),
          quota: 0,
          forwarded: 0,
          waitlisted: 1,
        }),
      ]),
    );
    // The methodist sees her own line only.
    expect((await get(s.methodistB, `/courses/${c.id}/places`)).json().territories).toHaveLength(1);

    // A freed place goes to the first waitlisted application, whoever is first in the queue.
    const withdrawn = await t.login(
      (
        await t.db
          .selectFrom('users')
          .where('id', '=', apps[0]!.teacherId)
          .select('login')
          .executeTakeFirstOrThrow()
      ).login,
    );
    expect((await act(withdrawn, apps[0]!.id, 'withdraw')).json().status).toBe('withdrawn');
    expect(await statusOf(apps[3]!.id)).toBe('forwarded');
    expect(await statusOf(b.id)).toBe('waitlisted');
    const promoted = (await get(s.methodistA, `/applications/${apps[3]!.id}`)).json();
    expect(promoted.history.at(-1)).toMatchObject({
      from: 'waitlisted',
      to: 'forwarded',
      action: 'promote',
      by: null,
    });
    const notice = await t.db
      .selectFrom('notifications')
      .where('userId', '=', apps[3]!.teacherId)
      .select('body')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    expect(notice?.body).toMatch(/переведена из резерва/);
  });

  it("the course's manager hears of an application withdrawn from the provider's basket", async () => {
    const c = await course({ managerId: ids.manager });
    const a = await buildApplication(t.db, { courseId: c.id, teacherId: ids.teacher, status: 'forwarded' });
    expect((await act(s.teacher, a.id, 'withdraw')).json().status).toBe('withdrawn');
    const notice = await t.db
      .selectFrom('notifications')
      .where('userId', '=', ids.manager)
      .where('entityId', '=', String(a.id))
      .select('title')
      .executeTakeFirst();
    expect(notice?.title).toMatch(/заявка отозвана/);
  });

  it('a quota place freed before the release date waits for its own territory', async () => {
    const c = await course({ capacity: 2, quotas: [{ territoryId: territoryA, places: 1 }] });
    const a = await buildApplication(t.db, { courseId: c.id, territoryId: territoryA, status: 'forwarded' });
    await buildApplication(t.db, { courseId: c.id, territoryId: territoryB, status: 'forwarded' });
    const bWaiting = await buildApplication(t.db, {
      courseId: c.id,
      territoryId: territoryB,
      status: 'waitlisted',
    });
    const aWaiting = await buildApplication(t.db, {
      courseId: c.id,
      territoryId: territoryA,
      status: 'waitlisted',
      at: new Date(Date.now() + 1000),
    });
    expect((await act(s.manager, a.id, 'decline', 'Нет документа об образовании')).statusCode).toBe(200);
    expect(await statusOf(bWaiting.id)).toBe('waitlisted');
    expect(await statusOf(aWaiting.id)).toBe('forwarded');
    expect((await get(s.methodistA, `/applications/${a.id}`)).json()).toMatchObject({
      status: 'declined',
      reason: 'Нет документа об образовании',
    });
  });

  it('needs a reason to reject and decline, refuses actions of another party and from another state', async () => {
    const c = await course();
    const a = await buildApplication(t.db, { courseId: c.id, territoryId: territoryA });
    const noReason = await act(s.methodistA, a.id, 'reject');
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().errors[0].field).toBe('reason');
    expect((await act(s.manager, a.id, 'decline', 'x')).statusCode).toBe(404); // not in the provider's basket yet
    expect((await act(s.methodistA, a.id, 'complete')).statusCode).toBe(403);
    const recall = await act(s.methodistA, a.id, 'recall');
    expect(recall.statusCode).toBe(409);
    expect(recall.json().detail).toMatch(/в состоянии «Подана»/);
    expect(await statusOf(a.id)).toBe('submitted');
    expect((await act(s.methodistA, a.id, 'reject', 'Не та категория')).json()).toMatchObject({
      status: 'rejected',
      reason: 'Не та категория',
    });
    const bulk = (await post(s.methodistA, '/applications/actions/forward', { ids: [a.id, 999999] })).json();
    expect(bulk.results).toEqual([
      expect.objectContaining({
        id: String(a.id),
        ok: false,
        error: expect.stringMatching(/Отклонена методистом/),
      }),
      expect.objectContaining({ id: '999999', ok: false, error: 'Заявка не найдена' }),
    ]);
  });

  it('a cancelled course ends its active applications and tells the teachers why', async () => {
    const head = await buildUser(t.db, { roles: [{ role: 'head', departmentId: dept }] });
    const headSession = await t.login(head.login);
    const c = await course();
    const a = await buildApplication(t.db, { courseId: c.id, territoryId: territoryA, status: 'forwarded' });
    const w = await buildApplication(t.db, { courseId: c.id, territoryId: territoryA, status: 'waitlisted' });
    const res = await post(headSession, `/courses/${c.id}/actions/cancel`, { reason: 'Болезнь лектора' });
    expect(res.statusCode, res.body).toBe(200);
    for (const id of [a.id, w.id]) {
      const card = (await get(s.methodistA, `/applications/${id}`)).json();
      expect(card).toMatchObject({ status: 'declined', reason: 'Курс отменён: Болезнь лектора' });
    }
  });
});
