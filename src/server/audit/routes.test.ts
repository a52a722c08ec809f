// Browsing the audit log: operator only, newest first, filters by action, actor, entity, dates
// (inclusive calendar days) and a search over the login and the actor's name.
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, TEST_NOW, testApp } from '../../../test/app.js';
import { xlsxRows } from '../../../test/documents.js';
import { buildAccountsCast, buildUser } from '../../../test/factories.js';

const t = await testApp();
let cast: Awaited<ReturnType<typeof buildAccountsCast>>;
let managerId: string;

type Event = {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  login: string | null;
};

const list = async (session: Session | null, query = '') => {
  const res = await t.request(session, { method: 'GET', url: `/api/v1/audit${query}` });
  return { res, items: (res.statusCode === 200 ? res.json().items : []) as Event[] };
};
let operator: () => Promise<Session>;

beforeAll(async () => {
  cast = await buildAccountsCast(t.db);
  operator = () => t.login(cast.users.operator.login);
  // 20 November, late in the (UTC) day: the head creates a manager.
  t.clock.set(new Date('2026-11-20T23:30:00Z'));
  const head = await t.login(cast.users.headA.login);
  const created = await t.request(head, {
    method: 'POST',
    url: '/api/v1/users',
    payload: {
      login: 'audit.manager',
      password: 'Начало2026',
      lastName: 'Журналова',
      firstName: 'Вера',
      roles: [{ role: 'manager', departmentId: cast.deptA.id }],
    },
  });
  expect(created.statusCode).toBe(201);
  managerId = created.json().id;
  // 22 November: the operator blocks the manager.
  t.clock.set(new Date('2026-11-22T06:00:00Z'));
  const blocked = await t.request(await operator(), {
    method: 'POST',
    url: `/api/v1/users/${managerId}/block`,
  });
  expect(blocked.statusCode).toBe(200);
  t.clock.set(TEST_NOW);
});

describe('GET /audit', () => {
  it('is for the operator only', async () => {
    expect((await list(null)).res.statusCode).toBe(401);
    for (const name of ['headA', 'adminX', 'managerA', 'methodist', 'teacher'] as const) {
      const { res } = await list(await t.login(cast.users[name].login));
      expect(res.statusCode).toBe(403);
      expect(res.json().title).toBe('Недостаточно прав');
    }
    const temporary = await buildUser(t.db, { roles: [{ role: 'operator' }], mustChangePassword: true });
    expect((await list(await t.login(temporary.login))).res.statusCode).toBe(403);
  });

  it('refuses malformed filters with 400', async () => {
    const s = await operator();
    for (const query of ['?from=2026-13-40', '?to=вчера', '?actorId=abc', '?limit=1000', '?offset=-1']) {
      const { res } = await list(s, query);
      expect(res.statusCode, query).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('lists events newest first, with the actor’s name and before → after', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: 'nobody@example.ru', password: 'x' },
    });
    const { res, items } = await list(await operator(), '?limit=200');
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBeGreaterThanOrEqual(items.length);
    const times = items.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    const blocked = items.find((e) => e.action === 'user.blocked' && e.entityId === managerId);
    expect(blocked).toMatchObject({
      actorId: String(cast.users.operator.id),
      actorName: 'Операторова Мария Петровна',
      entityType: 'user',
      before: { blockedAt: null },
      after: { blockedAt: '2026-11-22T06:00:00.000Z' },
      at: '2026-11-22T06:00:00.000Z',
    });
    // A sign-in is attributed to the person who signed in; a failed one has no actor.
    const login = items.find(
      (e) => e.action === 'auth.login' && e.actorId === String(cast.users.operator.id),
    );
    expect(login?.actorName).toBe('Операторова Мария Петровна');
    const anonymous = items.filter((e) => e.actorId === null);
    expect(anonymous.map((e) => e.action)).toContain('auth.login_failed');
    expect(anonymous.every((e) => e.actorName === null)).toBe(true);
  });

  it('filters by action, actor and entity', async () => {
    const s = await operator();
    const blocked = await list(s, '?action=user.blocked');
    expect(blocked.items.length).toBeGreaterThan(0);
    expect(blocked.items.every((e) => e.action === 'user.blocked')).toBe(true);
    const byHead = await list(s, `?actorId=${cast.users.headA.id}`);
    const headChanges = byHead.items.filter((e) => !e.action.startsWith('auth.'));
    expect(headChanges.map((e) => e.action)).toEqual(['user.created']);
    expect(headChanges[0]).toMatchObject({ entityId: managerId, actorName: 'Начальникова Мария Петровна' });
    const entity = await list(s, `?entityType=user&entityId=${managerId}`);
    expect(entity.items.map((e) => e.action)).toEqual(['user.blocked', 'user.created']);
    expect((await list(s, '?entityType=course')).items).toEqual([]);
  });

  it('filters by inclusive calendar days', async () => {
    const s = await operator();
    const actions = async (query: string) =>
      (await list(s, `?entityId=${managerId}&${query}`)).items.map((e) => e.action);
    expect(await actions('from=2026-11-20&to=2026-11-20')).toEqual(['user.created']);
    expect(await actions('to=2026-11-21')).toEqual(['user.created']);
    expect(await actions('from=2026-11-21')).toEqual(['user.blocked']);
    expect(await actions('from=2026-11-22&to=2026-11-22')).toEqual(['user.blocked']);
    expect(await actions('from=2026-11-23')).toEqual([]);
  });

  it('searches the login and the actor’s name', async () => {
    const s = await operator();
    const byName = await list(s, `?q=${encodeURIComponent('НАЧАЛЬНИКОВА')}&limit=200`);
    expect(byName.items.length).toBeGreaterThan(0);
    expect(byName.items.every((e) => e.actorName?.startsWith('Начальникова'))).toBe(true);
    expect(byName.items.some((e) => e.action === 'user.created' && e.entityId === managerId)).toBe(true);
    expect(byName.items.some((e) => e.action === 'user.blocked')).toBe(false);
    // Sign-ins carry the login even without an actor.
    const byLogin = await list(s, `?q=${encodeURIComponent(cast.users.adminX.login)}`);
    expect(byLogin.items.length).toBeGreaterThan(0);
    expect(byLogin.items.every((e) => e.login === cast.users.adminX.login)).toBe(true);
    expect(byLogin.items.map((e) => e.action)).toContain('auth.login');
    const paged = await list(s, '?limit=1&offset=1');
    expect(paged.items).toHaveLength(1);
    expect(paged.res.json().total).toBeGreaterThan(1);
  });
});

describe('GET /audit.xlsx', () => {
  it('gives the filtered log as a workbook, newest first, for the operator alone, and records the export', async () => {
    const head = await t.login(cast.users.headA.login);
    expect((await t.request(head, { method: 'GET', url: '/api/v1/audit.xlsx' })).statusCode).toBe(403);
    const s = await operator();
    const res = await t.request(s, { method: 'GET', url: `/api/v1/audit.xlsx?entityId=${managerId}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const { rows, worksheet } = await xlsxRows(res.rawPayload);
    expect(rows[0]).toEqual([
      'Время (Пермь)',
      'Кто',
      'Логин',
      'Действие',
      'Объект',
      'Номер',
      'Было',
      'Стало',
      'IP',
    ]);
    // In the words of the operator's page, not codes or JSON.
    expect(rows.slice(1).map((r) => r.slice(3, 6))).toEqual([
      ['Учётная запись заблокирована', 'Учётная запись', managerId],
      ['Создана учётная запись', 'Учётная запись', managerId],
    ]);
    const created = rows[2]?.[7] ?? '';
    expect(created).toContain('Логин: audit.manager');
    expect(created).toContain(`Роли: Руководитель курсов (${cast.deptA.name})`);
    expect(created.split('\n')).toContain('Фамилия: Журналова');
    expect(created).not.toMatch(/[{}"]|departmentId|"role"/);
    expect(worksheet.getRow(3).getCell(8).alignment?.wrapText).toBe(true);
    // 22 November 06:00 UTC is 11:00 in Perm.
    expect(rows[1]?.[0]).toBe('22.11.2026 11:00:00');
    expect(worksheet.getRow(2).getCell(1).type).toBe(ExcelJS.ValueType.Date);
    expect(rows[2]?.[1]).toMatch(/^Начальникова/);
    const exported = await list(s, '?action=audit.exported');
    expect(exported.items[0]).toMatchObject({
      actorId: String(cast.users.operator.id),
      after: { filters: { entityId: managerId } },
    });
  });
});
