// Who hears what (contract/notifications.ts NOTICE_SETTINGS): each kind of notice reaches exactly
// its people and nobody else, e-mail follows the user's choice, the methodist's daily letter goes
// once a day, and a teacher who moves to another territory leaves her applications where they were.
import { describe, expect, it } from 'vitest';
import { TEST_NOW, testApp } from '../../../test/app.js';
import {
  buildApplication,
  buildCourse,
  buildDepartment,
  buildOrganization,
  buildTerritory,
  buildUser,
} from '../../../test/factories.js';
import { NOTICE_SETTING_KEYS, NOTICE_SETTINGS, settingOfKind } from '../../contract/notifications.js';
import { noticesDigestJob } from '../jobs/definitions/notices-digest.js';
import { runDue } from '../jobs/queue.js';
import { digestDay, sendDigests } from './digest.js';

const t = await testApp();

/** Two territories with a methodist each, two departments with a manager and a head each. */
async function cast() {
  const [territoryA, territoryB] = [await buildTerritory(t.db), await buildTerritory(t.db)];
  const [orgA, orgB] = [
    await buildOrganization(t.db, { territoryId: territoryA.id }),
    await buildOrganization(t.db, { territoryId: territoryB.id }),
  ];
  const methodistA = await buildUser(t.db, { roles: [{ role: 'methodist', territoryId: territoryA.id }] });
  const methodistB = await buildUser(t.db, { roles: [{ role: 'methodist', territoryId: territoryB.id }] });
  const [dept, otherDept] = [await buildDepartment(t.db), await buildDepartment(t.db)];
  const manager = await buildUser(t.db, { roles: [{ role: 'manager', departmentId: dept.id }] });
  const head = await buildUser(t.db, { roles: [{ role: 'head', departmentId: dept.id }] });
  const otherManager = await buildUser(t.db, { roles: [{ role: 'manager', departmentId: otherDept.id }] });
  const otherHead = await buildUser(t.db, { roles: [{ role: 'head', departmentId: otherDept.id }] });
  return {
    territoryA,
    territoryB,
    orgA,
    orgB,
    methodistA,
    methodistB,
    dept,
    manager,
    head,
    otherManager,
    otherHead,
  };
}

const noticesOf = (userId: number, kind?: string) =>
  t.db
    .selectFrom('notifications')
    .selectAll()
    .where('userId', '=', userId)
    .$if(kind !== undefined, (qb) => qb.where('kind', '=', kind as string))
    .orderBy('id')
    .execute();
const mailTo = (address: string | null) =>
  t.db
    .selectFrom('outboxEmails')
    .selectAll()
    .where('toAddress', '=', address as string)
    .orderBy('id')
    .execute();

const send = async (who: { login: string }, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.request(await t.login(who.login), { method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });

describe('the table of who hears what', () => {
  it('puts each kind in one group only, and the conversation notices in theirs', () => {
    const kinds = NOTICE_SETTING_KEYS.flatMap((key) => [...NOTICE_SETTINGS[key].kinds]);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(settingOfKind('conversation_message')).toBe('conversation.messages');
    expect(settingOfKind('application.declined')).toBe('teacher.applications');
    expect(settingOfKind('application.recall')).toBe('manager.left');
  });
});

describe('a methodist hears of her territory', () => {
  it('a new application: at once in the Bank, by e-mail only in the daily letter; the other territory hears nothing', async () => {
    const c = await cast();
    const course = await buildCourse(t.db, {
      departmentId: c.dept.id,
      status: 'published',
      managerId: c.manager.id,
    });
    const teacher = await buildUser(t.db, { organizationId: c.orgA.id });
    const res = await send(teacher, 'POST', '/applications', { courseId: course.id });
    expect(res.statusCode).toBe(201);
    const [notice] = await noticesOf(c.methodistA.id);
    expect(notice).toMatchObject({
      kind: 'application.new',
      title: `Новая заявка: Иванова Мария Петровна — «${course.program.title}»`,
      link: `/applications/${res.json().id}`,
    });
    expect(await noticesOf(c.methodistA.id)).toHaveLength(1);
    expect(await mailTo(c.methodistA.email)).toEqual([]);
    for (const other of [c.methodistB, c.manager, c.head, c.otherManager])
      expect(await noticesOf(other.id)).toEqual([]);
  });

  it("the provider's decline and the promotion it gives a waiting application reach the territories' methodists only", async () => {
    const c = await cast();
    const course = await buildCourse(t.db, {
      departmentId: c.dept.id,
      status: 'published',
      managerId: c.manager.id,
      capacity: 1,
    });
    const held = await buildApplication(t.db, {
      courseId: course.id,
      territoryId: c.territoryA.id,
      status: 'forwarded',
    });
    const waiting = await buildApplication(t.db, {
      courseId: course.id,
      territoryId: c.territoryB.id,
      status: 'waitlisted',
    });
    const res = await send(c.manager, 'POST', `/applications/${held.id}/actions/decline`, {
      reason: 'Не подходит по должности',
    });
    expect(res.statusCode).toBe(200);
    expect(await noticesOf(c.methodistA.id)).toEqual([
      expect.objectContaining({
        kind: 'application.provider_declined',
        body: 'Причина: Не подходит по должности',
        link: `/applications/${held.id}`,
      }),
    ]);
    expect(await noticesOf(c.methodistB.id)).toEqual([
      expect.objectContaining({ kind: 'application.provider_promoted', link: `/applications/${waiting.id}` }),
    ]);
    // Both on by default: mailed at once.
    expect(await mailTo(c.methodistA.email)).toHaveLength(1);
    expect(await mailTo(c.methodistB.email)).toHaveLength(1);
  });
});

describe("a course's manager hears of his courses", () => {
  it('a bulk forward of 40 is one notice per course; 90 % and full are told once each; other departments hear nothing', async () => {
    const c = await cast();
    const course = await buildCourse(t.db, {
      departmentId: c.dept.id,
      status: 'published',
      managerId: c.manager.id,
      capacity: 44,
    });
    const apps: { id: number }[] = [];
    for (let i = 0; i < 46; i++)
      apps.push(await buildApplication(t.db, { courseId: course.id, territoryId: c.territoryA.id }));
    const forward = (from: number, to: number) =>
      send(c.methodistA, 'POST', '/applications/actions/forward', {
        ids: apps.slice(from, to).map((a) => a.id),
      });

    expect((await forward(0, 40)).statusCode).toBe(200);
    expect(await noticesOf(c.manager.id, 'course.forwarded')).toEqual([
      expect.objectContaining({
        title: `Курс «${course.program.title}»: передано 40 заявок`,
        link: `/baskets/provider?courseId=${course.id}`,
      }),
    ]);
    expect(await noticesOf(c.manager.id, 'course.places_filling')).toEqual([
      expect.objectContaining({ title: `Курс «${course.program.title}»: занято 40 мест из 44` }),
    ]);

    await forward(40, 43);
    expect(await noticesOf(c.manager.id, 'course.forwarded')).toHaveLength(2);
    expect(await noticesOf(c.manager.id, 'course.places_filling')).toHaveLength(1);
    expect(await noticesOf(c.manager.id, 'course.places_full')).toEqual([]);

    await forward(43, 46);
    const [last] = (await noticesOf(c.manager.id, 'course.forwarded')).slice(-1);
    expect(last?.body).toBe('Методист передал(а) 3 заявки; мест не хватило 2 — они в резерве курса.');
    expect(await noticesOf(c.manager.id, 'course.places_full')).toHaveLength(1);
    expect(await noticesOf(c.manager.id, 'course.places_filling')).toHaveLength(1);

    // The head hears nothing of a course that has its manager; the other department nothing at all.
    for (const other of [c.head, c.otherManager, c.otherHead, c.methodistB])
      expect(await noticesOf(other.id)).toEqual([]);
    // By default forwards are not mailed; places running out are.
    const mail = await mailTo(c.manager.email);
    expect(mail.map((m) => m.subject)).toEqual([
      `Курс «${course.program.title}»: занято 40 мест из 44`,
      `Курс «${course.program.title}»: все места заняты`,
    ]);
  });

  it("a course without a manager: its department's heads hear instead", async () => {
    const c = await cast();
    const course = await buildCourse(t.db, { departmentId: c.dept.id, status: 'published', capacity: 10 });
    const app = await buildApplication(t.db, { courseId: course.id, territoryId: c.territoryA.id });
    await send(c.methodistA, 'POST', `/applications/${app.id}/actions/forward`);
    expect(await noticesOf(c.head.id, 'course.forwarded')).toHaveLength(1);
    for (const other of [c.manager, c.otherHead, c.otherManager])
      expect(await noticesOf(other.id)).toEqual([]);
  });
});

describe('e-mail settings', () => {
  it('lists the groups of the user’s roles; off means in the Bank but no e-mail; each change is audited', async () => {
    const c = await cast();
    const got = (await send(c.methodistA, 'GET', '/me/notification-settings')).json();
    expect(got.items.map((i: { key: string }) => i.key)).toEqual([
      'methodist.new_application',
      'methodist.provider_decision',
      'methodist.teacher_moved',
      'conversation.messages',
    ]);
    expect(got.items[0]).toEqual({
      key: 'methodist.new_application',
      delivery: 'digest',
      email: true,
      emailByDefault: true,
    });

    const put = await send(c.methodistA, 'PUT', '/me/notification-settings', {
      email: { 'methodist.provider_decision': false },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().items[1]).toMatchObject({ key: 'methodist.provider_decision', email: false });
    const audit = await t.db
      .selectFrom('auditEvents')
      .selectAll()
      .where('action', '=', 'notification.settings_updated')
      .where('actorId', '=', c.methodistA.id)
      .execute();
    expect(audit).toEqual([
      expect.objectContaining({
        before: { email: [{ setting: 'methodist.provider_decision', email: true }] },
        after: { email: [{ setting: 'methodist.provider_decision', email: false }] },
      }),
    ]);
    // The same choice again changes nothing and writes no audit row.
    await send(c.methodistA, 'PUT', '/me/notification-settings', {
      email: { 'methodist.provider_decision': false },
    });
    expect(
      await t.db
        .selectFrom('auditEvents')
        .select('id')
        .where('action', '=', 'notification.settings_updated')
        .where('actorId', '=', c.methodistA.id)
        .execute(),
    ).toHaveLength(1);

    const course = await buildCourse(t.db, {
      departmentId: c.dept.id,
      status: 'published',
      managerId: c.manager.id,
    });
    const held = await buildApplication(t.db, {
      courseId: course.id,
      territoryId: c.territoryA.id,
      status: 'forwarded',
    });
    await send(c.manager, 'POST', `/applications/${held.id}/actions/decline`, {
      reason: 'Группа укомплектована',
    });
    expect(await noticesOf(c.methodistA.id, 'application.provider_declined')).toHaveLength(1);
    expect(await mailTo(c.methodistA.email)).toEqual([]);
  });

  it('refuses a group that does not reach the user, in Russian, changing nothing', async () => {
    const c = await cast();
    const res = await send(c.methodistA, 'PUT', '/me/notification-settings', {
      email: { 'methodist.provider_decision': false, 'manager.places': false },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      { field: 'email.manager.places', message: 'Уведомления этого вида вам не приходят' },
    ]);
    expect(
      await t.db
        .selectFrom('notificationSettings')
        .selectAll()
        .where('userId', '=', c.methodistA.id)
        .execute(),
    ).toEqual([]);
  });
});

describe("the methodist's daily letter", () => {
  it('the day is the one whose hour has come in the region', () => {
    expect(digestDay(new Date('2026-11-26T07:59:00+05:00'))).toEqual({
      day: '2026-11-25',
      from: new Date('2026-11-24T08:00:00+05:00'),
      until: new Date('2026-11-25T08:00:00+05:00'),
    });
    expect(digestDay(new Date('2026-11-26T08:00:00+05:00')).day).toBe('2026-11-26');
  });

  it("one letter per methodist with her day's applications, nothing without any, never twice for a day", async () => {
    const c = await cast();
    const quiet = await buildUser(t.db, { roles: [{ role: 'methodist', territoryId: c.territoryB.id }] });
    const course = await buildCourse(t.db, { departmentId: c.dept.id, status: 'published' });
    const teachers = [
      await buildUser(t.db, { organizationId: c.orgA.id, lastName: 'Петрова' }),
      await buildUser(t.db, { organizationId: c.orgA.id, lastName: 'Сидорова' }),
    ];
    for (const teacher of teachers) await send(teacher, 'POST', '/applications', { courseId: course.id });
    // The applications of the day before the window are not the day's.
    await t.db
      .insertInto('notifications')
      .values({
        userId: c.methodistA.id,
        at: new Date(TEST_NOW.getTime() - 86_400_000),
        kind: 'application.new',
        title: 'Новая заявка: вчерашняя',
        body: '',
        link: null,
        entityType: null,
        entityId: null,
        readAt: null,
      })
      .execute();

    const at = new Date('2026-11-26T08:30:00+05:00');
    t.clock.set(at);
    try {
      expect((await runDue(t.ctx, [noticesDigestJob])).map((r) => r.ok)).toEqual([true]);
      // The same slot again, and the sender called for the day again: nothing more.
      expect(await runDue(t.ctx, [noticesDigestJob])).toEqual([]);
      await sendDigests(t.db, at, undefined);
    } finally {
      t.clock.set(TEST_NOW);
    }
    const letters = await mailTo(c.methodistA.email);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      notificationId: null,
      subject: 'Новые заявки педагогов вашей территории: 2 (сводка на 26.11.2026)',
    });
    expect(letters[0]?.body).toContain(`1. Новая заявка: Петрова Мария Петровна — «${course.program.title}»`);
    expect(letters[0]?.body).toContain(
      `2. Новая заявка: Сидорова Мария Петровна — «${course.program.title}»`,
    );
    expect(letters[0]?.body).not.toContain('вчерашняя');
    expect(await mailTo(quiet.email)).toEqual([]);
    expect(await mailTo(c.methodistB.email)).toEqual([]);
  });

  it('after days without letters (the Bank stopped through the hour), the next letter carries those days too, at most a week', async () => {
    const c = await cast();
    // Her last letter went on 22.11; the Bank was stopped through the hours of 23.11–25.11.
    await t.db
      .insertInto('notificationDigests')
      .values({
        userId: c.methodistA.id,
        day: '2026-11-22',
        items: 1,
        sentAt: new Date('2026-11-22T08:00:00+05:00'),
      })
      .execute();
    const notice = (at: string, title: string) => ({
      userId: c.methodistA.id,
      at: new Date(at),
      kind: 'application.new',
      title,
      body: '',
      link: null,
      entityType: null,
      entityId: null,
      readAt: null,
    });
    await t.db
      .insertInto('notifications')
      .values([
        notice('2026-11-22T07:00:00+05:00', 'Новая заявка: уже в письме 22.11'),
        notice('2026-11-22T10:00:00+05:00', 'Новая заявка: 22.11 днём'),
        notice('2026-11-24T12:00:00+05:00', 'Новая заявка: 24.11'),
        notice('2026-11-26T07:30:00+05:00', 'Новая заявка: 26.11 утром'),
        notice('2026-11-26T08:10:00+05:00', 'Новая заявка: после часа сводки'),
      ])
      .execute();
    const methodistB2 = await buildUser(t.db, {
      roles: [{ role: 'methodist', territoryId: c.territoryB.id }],
    });
    // Another methodist, whose last letter was long ago: a week back at most.
    await t.db
      .insertInto('notificationDigests')
      .values({
        userId: methodistB2.id,
        day: '2026-11-01',
        items: 1,
        sentAt: new Date('2026-11-01T08:00:00+05:00'),
      })
      .execute();
    await t.db
      .insertInto('notifications')
      .values([
        { ...notice('2026-11-15T10:00:00+05:00', 'Новая заявка: давняя'), userId: methodistB2.id },
        { ...notice('2026-11-20T10:00:00+05:00', 'Новая заявка: в пределах недели'), userId: methodistB2.id },
      ])
      .execute();

    expect(await sendDigests(t.db, new Date('2026-11-26T08:30:00+05:00'), undefined)).toEqual({
      day: '2026-11-26',
      sent: 2,
    });
    const [letter] = await mailTo(c.methodistA.email);
    expect(letter?.subject).toBe('Новые заявки педагогов вашей территории: 3 (сводка на 26.11.2026)');
    expect(letter?.body).toContain('С 8:00 22.11.2026 до 8:00 26.11.2026 поступили новые заявки (3)');
    expect(letter?.body).toContain(
      '1. Новая заявка: 22.11 днём\n2. Новая заявка: 24.11\n3. Новая заявка: 26.11 утром',
    );
    expect(letter?.body).not.toContain('уже в письме');
    expect(letter?.body).not.toContain('после часа сводки');
    const [other] = await mailTo(methodistB2.email);
    expect(other?.body).toContain('С 8:00 19.11.2026 до 8:00 26.11.2026 поступили новые заявки (1)');
    expect(other?.body).not.toContain('давняя');
  });

  it('is not sent to a methodist who turned it off, who still sees each application in the Bank', async () => {
    const c = await cast();
    await send(c.methodistA, 'PUT', '/me/notification-settings', {
      email: { 'methodist.new_application': false },
    });
    const course = await buildCourse(t.db, { departmentId: c.dept.id, status: 'published' });
    await send(await buildUser(t.db, { organizationId: c.orgA.id }), 'POST', '/applications', {
      courseId: course.id,
    });
    expect(await noticesOf(c.methodistA.id, 'application.new')).toHaveLength(1);
    expect((await sendDigests(t.db, new Date('2026-11-26T09:00:00+05:00'), undefined)).day).toBe(
      '2026-11-26',
    );
    expect(await mailTo(c.methodistA.email)).toEqual([]);
  });
});

describe('a teacher who moves to an organization of another territory', () => {
  it('keeps her applications with the territory they were made in; both methodists hear; the audit names both places', async () => {
    const c = await cast();
    const course = await buildCourse(t.db, { departmentId: c.dept.id, status: 'published' });
    const teacher = await buildUser(t.db, { organizationId: c.orgA.id });
    const applied = await send(teacher, 'POST', '/applications', { courseId: course.id });
    const appId = applied.json().id as string;

    const res = await send(teacher, 'PUT', '/me/profile', { organizationId: String(c.orgB.id) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ territoryId: String(c.territoryB.id) });

    const [audit] = await t.db
      .selectFrom('auditEvents')
      .selectAll()
      .where('action', '=', 'profile.updated')
      .where('actorId', '=', teacher.id)
      .execute();
    expect(audit).toMatchObject({
      before: {
        organizationId: c.orgA.id,
        organizationName: c.orgA.name,
        territoryId: c.territoryA.id,
        territoryName: c.territoryA.name,
      },
      after: {
        organizationId: c.orgB.id,
        organizationName: c.orgB.name,
        territoryId: c.territoryB.id,
        territoryName: c.territoryB.name,
      },
    });
    for (const methodist of [c.methodistA, c.methodistB])
      expect(await noticesOf(methodist.id, 'teacher.moved')).toEqual([
        expect.objectContaining({
          title: `Иванова Мария Петровна сменил(а) место работы: ${c.territoryA.name} → ${c.territoryB.name}`,
        }),
      ]);

    const basketOf = async (methodist: { login: string }) =>
      (await send(methodist, 'GET', `/applications?basket=methodist&courseId=${course.id}`))
        .json()
        .items.map((i: { id: string }) => i.id);
    expect(await basketOf(c.methodistA)).toEqual([appId]);
    expect(await basketOf(c.methodistB)).toEqual([]);
    expect((await send(c.methodistA, 'GET', `/applications/${appId}`)).statusCode).toBe(200);
  });

  it('a move within the territory tells no methodist', async () => {
    const c = await cast();
    const teacher = await buildUser(t.db, { organizationId: c.orgA.id });
    const sameTerritory = await buildOrganization(t.db, { territoryId: c.territoryA.id });
    expect(
      (await send(teacher, 'PUT', '/me/profile', { organizationId: String(sameTerritory.id) })).statusCode,
    ).toBe(200);
    expect(await noticesOf(c.methodistA.id)).toEqual([]);
  });
});
