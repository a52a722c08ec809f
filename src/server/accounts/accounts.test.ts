// Account management through the HTTP surface, on a real database: per endpoint 401, 400, 403,
// 404 out of scope and the happy paths, and the journeys a head and an operator go through.
import type { KyselyPlugin } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import { buildAccountsCast, buildOrganization, buildUser, TEST_PASSWORD } from '../../../test/factories.js';
import { findUsers } from './service.js';

const t = await testApp();
let cast: Awaited<ReturnType<typeof buildAccountsCast>>;
const sessions: Record<string, Session> = {};
/** Every response body of this file: none may carry a password or a hash. */
const bodies: string[] = [];
/** Passwords typed or issued in this file. */
const secrets = new Set<string>([TEST_PASSWORD]);

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';
async function call(as: string | Session | null, method: Method, url: string, payload?: unknown) {
  const session = typeof as === 'string' ? await sessionOf(as) : as;
  const res = await t.request(session, {
    method,
    url: `/api/v1${url}`,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  bodies.push(res.body);
  return res;
}

async function sessionOf(name: string): Promise<Session> {
  const user = cast.users[name as keyof typeof cast.users];
  sessions[name] ??= await t.login(user.login);
  return sessions[name];
}

/** The account-management audit rows of one account (sign-ins are audited too, as `auth.*`). */
const auditOf = (entityId: number | string, action?: string) =>
  t.db
    .selectFrom('auditEvents')
    .where('entityType', '=', 'user')
    .where('action', 'like', 'user.%')
    .where('entityId', '=', String(entityId))
    .$if(action !== undefined, (q) => q.where('action', '=', action as string))
    .selectAll()
    .execute();

const ids = (res: { json(): { items: { id: string }[] } }) => res.json().items.map((u) => u.id);

let loginSeq = 0;
const newLogin = (prefix: string) => `${prefix}.${Date.now().toString(36)}.${++loginSeq}@example.ru`;

beforeAll(async () => {
  cast = await buildAccountsCast(t.db);
});

describe('GET /users', () => {
  it('needs a signed-in user, valid filters and an account-managing role', async () => {
    expect((await call(null, 'GET', '/users')).statusCode).toBe(401);
    expect((await call('operator', 'GET', '/users?limit=0')).statusCode).toBe(400);
    expect((await call('operator', 'GET', '/users?role=boss')).statusCode).toBe(400);
    expect((await call('operator', 'GET', '/users?departmentId=abc')).statusCode).toBe(400);
    for (const name of ['managerA', 'methodist', 'teacher']) {
      const res = await call(name, 'GET', '/users');
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('shows a head the heads and managers of their department only', async () => {
    const res = await call('headA', 'GET', '/users?limit=200');
    expect(res.statusCode).toBe(200);
    const { users } = cast;
    expect(ids(res)).toEqual(expect.arrayContaining([String(users.headA.id), String(users.managerA.id)]));
    for (const other of [users.managerB, users.headB, users.managerC, users.adminX, users.operator])
      expect(ids(res)).not.toContain(String(other.id));
    for (const item of res.json().items)
      expect(
        item.roles.some((r: { departmentId?: string }) => r.departmentId === String(cast.deptA.id)),
      ).toBe(true);
  });

  it('shows a provider admin the heads, managers and admins of their provider only', async () => {
    const res = await call('adminX', 'GET', '/users?limit=200');
    const { users } = cast;
    expect(ids(res)).toEqual(
      expect.arrayContaining(
        [users.adminX, users.headA, users.headB, users.managerA, users.managerB].map((u) => String(u.id)),
      ),
    );
    for (const other of [users.adminY, users.headC, users.managerC, users.operator, users.methodist])
      expect(ids(res)).not.toContain(String(other.id));
  });

  it('shows the operator everyone, with roles, scope names and abilities', async () => {
    const res = await call('operator', 'GET', `/users?limit=200&departmentId=${cast.deptA.id}&role=manager`);
    expect(res.statusCode).toBe(200);
    const manager = res.json().items.find((u: { id: string }) => u.id === String(cast.users.managerA.id));
    expect(manager).toMatchObject({
      login: cast.users.managerA.login,
      fullName: 'Курсова Мария Петровна',
      blocked: false,
      mustChangePassword: false,
      organizationName: null,
      workplace: `${cast.deptA.name} (${cast.providerX.name})`,
      sex: null,
      roles: [
        {
          role: 'manager',
          departmentId: String(cast.deptA.id),
          departmentName: cast.deptA.name,
          providerId: String(cast.providerX.id),
          providerName: cast.providerX.name,
        },
      ],
      abilities: { update: true, block: true, unblock: false, resetPassword: true, editRoles: true },
    });
    expect(res.json().items.every((u: { roles: { role: string }[] }) => u.roles[0]?.role === 'manager')).toBe(
      true,
    );
    const teachers = await call(
      'operator',
      'GET',
      `/users?role=teacher&q=${encodeURIComponent('учителева')}`,
    );
    const teacher = teachers.json().items.find((u: { id: string }) => u.id === String(cast.users.teacher.id));
    expect(teacher.organizationName).toMatch(/Средняя школа/);
    expect(teacher.workplace).toBe(teacher.organizationName);
    // A methodist's workplace is her territory; a teacher's sex comes from her profile.
    const methodists = await call(
      'operator',
      'GET',
      `/users?role=methodist&q=${encodeURIComponent('методистова')}`,
    );
    const methodist = methodists
      .json()
      .items.find((u: { id: string }) => u.id === String(cast.users.methodist.id));
    expect(methodist.workplace).toBe(methodist.roles[0].territoryName);
    await t.db
      .updateTable('teacherProfiles')
      .set({ sex: 'female' })
      .where('userId', '=', cast.users.teacher.id)
      .execute();
    const again = await call('operator', 'GET', `/users?role=teacher&q=${encodeURIComponent('учителева')}`);
    expect(again.json().items.find((u: { id: string }) => u.id === String(cast.users.teacher.id)).sex).toBe(
      'female',
    );
  });

  it('filters by search words, provider, territory and state', async () => {
    const { users } = cast;
    // Case-insensitive in Cyrillic and Latin, any order of words.
    const byName = await call('operator', 'GET', `/users?q=${encodeURIComponent('МАРИЯ методистова')}`);
    expect(ids(byName)).toContain(String(users.methodist.id));
    expect(ids(byName)).not.toContain(String(users.teacher.id));
    const byLogin = await call(
      'operator',
      'GET',
      `/users?q=${encodeURIComponent(users.adminY.login.toUpperCase())}`,
    );
    expect(ids(byLogin)).toEqual([String(users.adminY.id)]);
    const byProvider = await call('operator', 'GET', `/users?providerId=${cast.providerY.id}&limit=200`);
    expect(ids(byProvider).sort()).toEqual(
      [users.adminY, users.headC, users.managerC].map((u) => String(u.id)).sort(),
    );
    const byTerritory = await call('operator', 'GET', `/users?territoryId=${cast.territory.id}`);
    expect(ids(byTerritory)).toEqual([String(users.methodist.id)]);
    const blocked = await buildUser(t.db, {
      roles: [{ role: 'manager', departmentId: cast.deptC.id }],
      blocked: true,
    });
    const onlyBlocked = await call('adminY', 'GET', '/users?blocked=true');
    expect(ids(onlyBlocked)).toEqual([String(blocked.id)]);
    expect(onlyBlocked.json().items[0].abilities).toMatchObject({ block: false, unblock: true });
    const notBlocked = await call('adminY', 'GET', '/users?blocked=false&limit=1&offset=1');
    expect(notBlocked.json().items).toHaveLength(1);
    expect(notBlocked.json().total).toBe(3);
  });

  it('reads a page in a fixed number of queries, however long the page', async () => {
    let queries = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        queries++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const ctx = { ...t.ctx, db: t.db.withPlugin(counter) };
    const actor = {
      userId: cast.users.operator.id,
      login: cast.users.operator.login,
      grants: [{ role: 'operator' as const, territoryId: null, providerId: null, departmentId: null }],
      mustChangePassword: false,
      sessionId: 's',
      csrfToken: 'c',
    };
    const who = { actor, meta: { ip: '127.0.0.1', userAgent: null } };
    const small = await findUsers(ctx, who, { limit: 2, offset: 0 });
    const smallQueries = queries;
    queries = 0;
    const large = await findUsers(ctx, who, { limit: 200, offset: 0 });
    expect(small.items).toHaveLength(2);
    expect(large.items.length).toBeGreaterThan(10);
    expect(smallQueries).toBe(2);
    expect(queries).toBe(2);
  });
});

describe('GET /users/{id}', () => {
  it('answers 401, 400, 403 and 404 out of scope', async () => {
    const { users } = cast;
    expect((await call(null, 'GET', `/users/${users.managerA.id}`)).statusCode).toBe(401);
    expect((await call('operator', 'GET', '/users/abc')).statusCode).toBe(400);
    expect((await call('operator', 'GET', '/users/0')).statusCode).toBe(400);
    expect((await call('managerA', 'GET', `/users/${users.managerA.id}`)).statusCode).toBe(403);
    expect((await call('headA', 'GET', `/users/${users.managerB.id}`)).statusCode).toBe(404);
    expect((await call('adminX', 'GET', `/users/${users.headC.id}`)).statusCode).toBe(404);
    expect((await call('operator', 'GET', '/users/999999999')).statusCode).toBe(404);
  });

  it('shows an account in scope with the actor’s abilities on it', async () => {
    const { users } = cast;
    const manager = await call('headA', 'GET', `/users/${users.managerA.id}`);
    expect(manager.statusCode).toBe(200);
    expect(manager.json().abilities).toEqual({
      update: true,
      block: true,
      unblock: false,
      resetPassword: true,
      editRoles: false,
    });
    const head = await call('headA', 'GET', `/users/${users.headA.id}`);
    expect(head.json().abilities).toEqual({
      update: false,
      block: false,
      unblock: false,
      resetPassword: false,
      editRoles: false,
    });
    expect((await call('adminX', 'GET', `/users/${users.headB.id}`)).json().abilities.resetPassword).toBe(
      true,
    );
  });
});

describe('POST /users', () => {
  const body = (over: Record<string, unknown> = {}) => ({
    login: newLogin('new'),
    password: 'Начало2026',
    lastName: 'Новикова',
    firstName: 'Ольга',
    roles: [{ role: 'manager', departmentId: String(cast.deptA.id) }],
    ...over,
  });

  it('answers 401 to a visitor and 400 to a malformed body', async () => {
    expect((await call(null, 'POST', '/users', body())).statusCode).toBe(401);
    const weak = await call('operator', 'POST', '/users', body({ password: 'short' }));
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0]).toMatchObject({ field: 'password' });
    expect((await call('operator', 'POST', '/users', body({ login: 'Иван Иванов' }))).statusCode).toBe(400);
    expect((await call('operator', 'POST', '/users', body({ roles: [] }))).statusCode).toBe(400);
    expect((await call('operator', 'POST', '/users', body({ roles: [{ role: 'head' }] }))).statusCode).toBe(
      400,
    );
    expect((await call('operator', 'POST', '/users', body({ isAdmin: true }))).statusCode).toBe(400);
    expect((await call('operator', 'POST', '/users', { login: 'x' })).statusCode).toBe(400);
  });

  it('refuses a role beyond the creator’s rights with 403, and creates nothing', async () => {
    const { deptA, deptB, deptC, providerX, territory } = cast;
    const attempts: [string, unknown][] = [
      ['managerA', [{ role: 'manager', departmentId: deptA.id }]],
      ['methodist', [{ role: 'teacher' }]],
      ['headA', [{ role: 'head', departmentId: deptA.id }]],
      ['headA', [{ role: 'manager', departmentId: deptB.id }]],
      [
        'headA',
        [
          { role: 'manager', departmentId: deptA.id },
          { role: 'methodist', territoryId: territory.id },
        ],
      ],
      ['adminX', [{ role: 'manager', departmentId: deptC.id }]],
      ['adminX', [{ role: 'provider_admin', providerId: providerX.id }]],
      ['adminX', [{ role: 'operator' }]],
    ];
    for (const [who, roles] of attempts) {
      const payload = body({ roles });
      const res = await call(who, 'POST', '/users', payload);
      expect(res.statusCode, `${who} ${JSON.stringify(roles)}`).toBe(403);
      const row = await t.db
        .selectFrom('users')
        .where('login', '=', payload.login)
        .select('id')
        .executeTakeFirst();
      expect(row).toBeUndefined();
    }
  });

  it('answers 422 with field errors for unknown directory ids and incomplete teachers', async () => {
    const unknown = await call(
      'operator',
      'POST',
      '/users',
      body({
        roles: [
          { role: 'manager', departmentId: 999999 },
          { role: 'methodist', territoryId: 999999 },
          { role: 'provider_admin', providerId: 999999 },
        ],
      }),
    );
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'roles.0.departmentId',
      'roles.1.territoryId',
      'roles.2.providerId',
    ]);
    const headUnknown = await call(
      'headA',
      'POST',
      '/users',
      body({ roles: [{ role: 'manager', departmentId: 999999 }] }),
    );
    expect(headUnknown.statusCode).toBe(422);
    const teacher = await call('operator', 'POST', '/users', body({ roles: [{ role: 'teacher' }] }));
    expect(teacher.statusCode).toBe(422);
    expect(teacher.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'organizationId',
      'position',
    ]);
    const organization = await buildOrganization(t.db);
    const badPosition = await call(
      'operator',
      'POST',
      '/users',
      body({ roles: [{ role: 'teacher' }], organizationId: organization.id, position: 'космонавт' }),
    );
    expect(badPosition.statusCode).toBe(422);
    expect(badPosition.json().errors).toEqual([
      { field: 'position', message: 'Выберите должность из списка' },
    ]);
    const twice = await call(
      'operator',
      'POST',
      '/users',
      body({ roles: [{ role: 'operator' }, { role: 'operator' }] }),
    );
    expect(twice.statusCode).toBe(422);
  });

  it('answers 409 on a taken login, naming the field', async () => {
    const res = await call(
      'operator',
      'POST',
      '/users',
      body({ login: cast.users.managerB.login.toUpperCase() }),
    );
    expect(res.statusCode).toBe(409);
    expect(res.json().errors).toEqual([{ field: 'login', message: 'Этот логин уже занят' }]);
  });

  it('lets the operator create a teacher with a profile and consent, and a methodist', async () => {
    const organization = await buildOrganization(t.db);
    const res = await call(
      'operator',
      'POST',
      '/users',
      body({
        roles: [{ role: 'teacher' }],
        organizationId: String(organization.id),
        position: 'учитель',
        email: 'Teacher@School.RU',
        middleName: '',
      }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      organizationName: organization.name,
      email: 'teacher@school.ru',
      middleName: null,
      mustChangePassword: true,
      roles: [{ role: 'teacher' }],
    });
    const profile = await t.db
      .selectFrom('teacherProfiles')
      .where('userId', '=', Number(res.json().id))
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(profile).toMatchObject({ organizationId: organization.id, position: 'учитель' });
    expect(profile.personalDataConsentAt).toEqual(t.ctx.now());
    const methodist = await call(
      'operator',
      'POST',
      '/users',
      body({ roles: [{ role: 'methodist', territoryId: cast.territory.id }] }),
    );
    expect(methodist.statusCode).toBe(201);
    expect(methodist.json().roles).toEqual([
      { role: 'methodist', territoryId: String(cast.territory.id), territoryName: cast.territory.name },
    ]);
  });

  it('lets a provider admin create a head of their department', async () => {
    const res = await call(
      'adminX',
      'POST',
      '/users',
      body({ roles: [{ role: 'head', departmentId: cast.deptB.id }] }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json().roles[0]).toMatchObject({ role: 'head', departmentId: String(cast.deptB.id) });
    const audit = await auditOf(res.json().id, 'user.created');
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actorId).toBe(cast.users.adminX.id);
  });
});

describe('a head manages the managers of their department', () => {
  it('creates a manager who must change the password, resets it, and the old sessions end', async () => {
    const login = newLogin('kursova');
    const typed = 'Выдан2026пароль';
    secrets.add(typed);
    const created = await call('headA', 'POST', '/users', {
      login,
      password: typed,
      lastName: 'Курсова',
      firstName: 'Анна',
      middleName: 'Ильинична',
      email: login,
      roles: [{ role: 'manager', departmentId: cast.deptA.id }],
    });
    expect(created.statusCode).toBe(201);
    const userId = created.json().id;
    expect(created.json()).toMatchObject({ login, mustChangePassword: true, blocked: false });
    const createdAudit = await auditOf(userId);
    expect(createdAudit).toHaveLength(1);
    expect(createdAudit[0]).toMatchObject({ action: 'user.created', actorId: cast.users.headA.id });
    expect(createdAudit[0]?.after).toMatchObject({
      login,
      roles: [{ role: 'manager', departmentId: cast.deptA.id }],
      mustChangePassword: true,
    });

    // The manager signs in and is held at the password change.
    const first = await t.login(login, typed);
    const me = await call(first, 'GET', '/me');
    expect(me.json().mustChangePassword).toBe(true);
    const write = await call(first, 'PATCH', `/users/${userId}`, { lastName: 'Сама' });
    expect(write.statusCode).toBe(403);
    expect(write.json().detail).toBe('Сначала смените временный пароль');
    const own = 'Свой2026пароль';
    secrets.add(own);
    const changed = await call(first, 'POST', '/auth/password', { currentPassword: typed, newPassword: own });
    expect(changed.statusCode).toBe(200);
    const session = {
      ...first,
      cookie: `ebppk_session=${changed.cookies.find((c) => c.name === 'ebppk_session')?.value}`,
      csrfToken: changed.json().csrfToken,
    };
    expect((await call(session, 'GET', '/me')).json().mustChangePassword).toBe(false);

    // The head resets it: a temporary password, shown once; every session of the manager ends.
    const reset = await call('headA', 'POST', `/users/${userId}/password-reset`);
    expect(reset.statusCode).toBe(200);
    const temporary: string = reset.json().temporaryPassword;
    secrets.add(temporary);
    expect(temporary).toMatch(/^[A-Za-z]{4}-\d{4}-[A-Za-z]{4}$/);
    expect(reset.json().user).toMatchObject({ id: userId, mustChangePassword: true });
    expect((await call(session, 'GET', '/me')).statusCode).toBe(401);
    await expect(t.login(login, own)).rejects.toThrow(/401/);
    const resetAudit = await auditOf(userId, 'user.password_reset');
    expect(resetAudit).toHaveLength(1);
    expect(resetAudit[0]?.actorId).toBe(cast.users.headA.id);

    // The temporary password opens the door once, to the password change; then it is gone.
    const withTemporary = await t.login(login, temporary);
    expect((await call(withTemporary, 'GET', '/me')).json().mustChangePassword).toBe(true);
    expect((await call(withTemporary, 'GET', '/users')).statusCode).toBe(403);
    const next = 'Другой2026пароль';
    secrets.add(next);
    const changedAgain = await call(withTemporary, 'POST', '/auth/password', {
      currentPassword: temporary,
      newPassword: next,
    });
    expect(changedAgain.statusCode).toBe(200);
    await expect(t.login(login, temporary)).rejects.toThrow(/401/);
    expect((await t.login(login, next)).userId).toBe(userId);
  });

  it('cannot reach managers of another department or other heads', async () => {
    const { users } = cast;
    expect((await call('headA', 'POST', `/users/${users.managerB.id}/password-reset`)).statusCode).toBe(404);
    expect((await call('headA', 'POST', `/users/${users.managerB.id}/block`)).statusCode).toBe(404);
    expect(
      (await call('headA', 'PATCH', `/users/${users.managerB.id}`, { lastName: 'Чужая' })).statusCode,
    ).toBe(404);
    expect((await call('adminX', 'POST', `/users/${users.headC.id}/password-reset`)).statusCode).toBe(404);
    const otherHead = await buildUser(t.db, { roles: [{ role: 'head', departmentId: cast.deptA.id }] });
    expect((await call('headA', 'POST', `/users/${otherHead.id}/password-reset`)).statusCode).toBe(403);
    expect((await call('headA', 'POST', `/users/${otherHead.id}/block`)).statusCode).toBe(403);
    expect(await auditOf(otherHead.id)).toHaveLength(0);
  });
});

describe('POST /users/{id}/password-reset', () => {
  it('answers 401, 400, 403 and refuses one’s own account', async () => {
    const { users } = cast;
    expect((await call(null, 'POST', `/users/${users.managerA.id}/password-reset`)).statusCode).toBe(401);
    expect((await call('operator', 'POST', '/users/x1/password-reset')).statusCode).toBe(400);
    expect((await call('managerA', 'POST', `/users/${users.managerA.id}/password-reset`)).statusCode).toBe(
      403,
    );
    expect((await call('methodist', 'POST', `/users/${users.teacher.id}/password-reset`)).statusCode).toBe(
      403,
    );
    expect((await call('operator', 'POST', `/users/${users.operator.id}/password-reset`)).statusCode).toBe(
      422,
    );
  });

  it('lets a provider admin reset a head of their provider', async () => {
    const head = await buildUser(t.db, { roles: [{ role: 'head', departmentId: cast.deptB.id }] });
    const res = await call('adminX', 'POST', `/users/${head.id}/password-reset`);
    expect(res.statusCode).toBe(200);
    secrets.add(res.json().temporaryPassword);
    const stored = await t.db
      .selectFrom('users')
      .where('id', '=', head.id)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(stored.mustChangePassword).toBe(true);
    expect(stored.passwordHash).not.toBe(head.passwordHash);
  });
});

describe('PATCH /users/{id}', () => {
  it('answers 401, 400, 403 and 404', async () => {
    const { users } = cast;
    expect((await call(null, 'PATCH', `/users/${users.managerA.id}`, { lastName: 'Х' })).statusCode).toBe(
      401,
    );
    expect((await call('headA', 'PATCH', `/users/${users.managerA.id}`, { lastName: '' })).statusCode).toBe(
      400,
    );
    expect((await call('headA', 'PATCH', `/users/${users.managerA.id}`, { login: 'root' })).statusCode).toBe(
      400,
    );
    expect(
      (await call('headA', 'PATCH', `/users/${users.managerA.id}`, { email: 'not-an-email' })).statusCode,
    ).toBe(400);
    expect((await call('headA', 'PATCH', `/users/${users.headA.id}`, { lastName: 'Сама' })).statusCode).toBe(
      403,
    );
    expect(
      (await call('managerA', 'PATCH', `/users/${users.managerA.id}`, { lastName: 'Сама' })).statusCode,
    ).toBe(403);
    expect(
      (await call('headA', 'PATCH', `/users/${users.managerC.id}`, { lastName: 'Чужая' })).statusCode,
    ).toBe(404);
  });

  it('changes only the fields sent, with one audit row holding what changed', async () => {
    const manager = await buildUser(t.db, { roles: [{ role: 'manager', departmentId: cast.deptA.id }] });
    const res = await call('headA', 'PATCH', `/users/${manager.id}`, {
      lastName: 'Смирнова',
      email: 'A@B.RU',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      lastName: 'Смирнова',
      firstName: 'Мария',
      middleName: 'Петровна',
      email: 'a@b.ru',
    });
    const audit = await auditOf(manager.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'user.updated',
      before: { lastName: 'Иванова', email: manager.email },
      after: { lastName: 'Смирнова', email: 'a@b.ru' },
    });
    // Sending the same values changes nothing and writes nothing.
    const same = await call('headA', 'PATCH', `/users/${manager.id}`, { lastName: 'Смирнова' });
    expect(same.statusCode).toBe(200);
    expect(await auditOf(manager.id)).toHaveLength(1);
    const cleared = await call('headA', 'PATCH', `/users/${manager.id}`, { middleName: null, email: '' });
    expect(cleared.json()).toMatchObject({ middleName: null, email: null, lastName: 'Смирнова' });
    expect(await auditOf(manager.id)).toHaveLength(2);
  });
});

describe('PUT /users/{id}/roles', () => {
  it('is for the operator only, and not on their own account', async () => {
    const { users } = cast;
    const roles = { roles: [{ role: 'manager', departmentId: cast.deptA.id }] };
    expect((await call(null, 'PUT', `/users/${users.managerB.id}/roles`, roles)).statusCode).toBe(401);
    expect(
      (await call('operator', 'PUT', `/users/${users.managerB.id}/roles`, { roles: [] })).statusCode,
    ).toBe(400);
    expect(
      (await call('operator', 'PUT', `/users/${users.managerB.id}/roles`, { roles: [{ role: 'king' }] }))
        .statusCode,
    ).toBe(400);
    expect((await call('headB', 'PUT', `/users/${users.managerB.id}/roles`, roles)).statusCode).toBe(403);
    expect((await call('adminX', 'PUT', `/users/${users.managerB.id}/roles`, roles)).statusCode).toBe(403);
    expect((await call('operator', 'PUT', '/users/999999999/roles', roles)).statusCode).toBe(404);
    expect((await call('operator', 'PUT', `/users/${users.operator.id}/roles`, roles)).statusCode).toBe(422);
  });

  it('refuses unknown scopes and a teacher role without a teacher profile', async () => {
    const manager = await buildUser(t.db, { roles: [{ role: 'manager', departmentId: cast.deptB.id }] });
    const unknown = await call('operator', 'PUT', `/users/${manager.id}/roles`, {
      roles: [{ role: 'methodist', territoryId: 999999 }],
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0].field).toBe('roles.0.territoryId');
    const teacher = await call('operator', 'PUT', `/users/${manager.id}/roles`, {
      roles: [{ role: 'teacher' }],
    });
    expect(teacher.statusCode).toBe(422);
    expect(await auditOf(manager.id)).toHaveLength(0);
  });

  it('replaces the roles and audits before → after once', async () => {
    const manager = await buildUser(t.db, { roles: [{ role: 'manager', departmentId: cast.deptB.id }] });
    const res = await call('operator', 'PUT', `/users/${manager.id}/roles`, {
      roles: [
        { role: 'head', departmentId: String(cast.deptB.id) },
        { role: 'methodist', territoryId: cast.territory.id },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().roles.map((r: { role: string }) => r.role)).toEqual(['head', 'methodist']);
    const audit = await auditOf(manager.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'user.roles_changed',
      before: { roles: [{ role: 'manager', departmentId: cast.deptB.id }] },
      after: {
        roles: [
          { role: 'head', departmentId: cast.deptB.id },
          { role: 'methodist', territoryId: cast.territory.id },
        ],
      },
    });
    // The same roles again: no change, no audit row.
    await call('operator', 'PUT', `/users/${manager.id}/roles`, {
      roles: [
        { role: 'methodist', territoryId: cast.territory.id },
        { role: 'head', departmentId: cast.deptB.id },
      ],
    });
    expect(await auditOf(manager.id)).toHaveLength(1);
    // The new head now manages the department's managers.
    const s = await t.login(manager.login);
    expect((await call(s, 'GET', `/users/${cast.users.managerB.id}`)).statusCode).toBe(200);
  });
});

describe('block and unblock', () => {
  it('answers 401, 400, 403, 404 and 422 on oneself', async () => {
    const { users } = cast;
    expect((await call(null, 'POST', `/users/${users.managerA.id}/block`)).statusCode).toBe(401);
    expect((await call('operator', 'POST', '/users/-1/block')).statusCode).toBe(400);
    expect((await call('teacher', 'POST', `/users/${users.managerA.id}/block`)).statusCode).toBe(403);
    expect((await call('headA', 'POST', `/users/${users.headA.id}/block`)).statusCode).toBe(422);
    expect((await call('operator', 'POST', `/users/${users.operator.id}/block`)).statusCode).toBe(422);
    expect((await call('adminY', 'POST', `/users/${users.managerA.id}/block`)).statusCode).toBe(404);
    expect((await call(null, 'POST', `/users/${users.managerA.id}/unblock`)).statusCode).toBe(401);
    expect((await call('adminY', 'POST', `/users/${users.managerA.id}/unblock`)).statusCode).toBe(404);
  });

  it('blocks: sessions end at once, login fails; unblock lets the user back in', async () => {
    const manager = await buildUser(t.db, { roles: [{ role: 'manager', departmentId: cast.deptA.id }] });
    const session = await t.login(manager.login);
    expect((await call(session, 'GET', '/me')).statusCode).toBe(200);
    const blocked = await call('headA', 'POST', `/users/${manager.id}/block`);
    expect(blocked.statusCode).toBe(200);
    expect(blocked.json()).toMatchObject({ blocked: true, abilities: { block: false, unblock: true } });
    expect((await call(session, 'GET', '/me')).statusCode).toBe(401);
    await expect(t.login(manager.login)).rejects.toThrow(/403/);
    const open = await t.db
      .selectFrom('sessions')
      .where('userId', '=', manager.id)
      .where('revokedAt', 'is', null)
      .select('id')
      .execute();
    expect(open).toHaveLength(0);
    expect((await call('headA', 'POST', `/users/${manager.id}/block`)).statusCode).toBe(409);
    expect(await auditOf(manager.id, 'user.blocked')).toHaveLength(1);

    const unblocked = await call('headA', 'POST', `/users/${manager.id}/unblock`);
    expect(unblocked.statusCode).toBe(200);
    expect(unblocked.json().blocked).toBe(false);
    expect((await call('headA', 'POST', `/users/${manager.id}/unblock`)).statusCode).toBe(409);
    expect(await auditOf(manager.id, 'user.unblocked')).toHaveLength(1);
    expect(await auditOf(manager.id)).toHaveLength(2);
    expect((await t.login(manager.login)).userId).toBe(String(manager.id));
  });

  it('has no way to delete an account', async () => {
    const res = await t.request(await sessionOf('operator'), {
      method: 'DELETE',
      url: `/api/v1/users/${cast.users.managerA.id}`,
    });
    expect(res.statusCode).toBe(404);
  });
});

describe('secrets', () => {
  it('never leave the server in a response (but the one temporary password) or reach the audit log', async () => {
    expect(secrets.size).toBeGreaterThan(4);
    for (const body of bodies) {
      expect(body).not.toMatch(/argon2|passwordHash|password_hash/i);
      for (const secret of secrets) {
        if (body.includes(`"temporaryPassword":"${secret}"`)) continue;
        expect(body).not.toContain(secret);
      }
    }
    const audit = JSON.stringify(await t.db.selectFrom('auditEvents').selectAll().execute());
    expect(audit).not.toMatch(/argon2|passwordHash|"password"/i);
    for (const secret of secrets) expect(audit).not.toContain(secret);
  });

  it('documents every endpoint in the OpenAPI description', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const path of [
      '/api/v1/users',
      '/api/v1/users/{id}',
      '/api/v1/users/{id}/roles',
      '/api/v1/users/{id}/block',
      '/api/v1/users/{id}/unblock',
      '/api/v1/users/{id}/password-reset',
      '/api/v1/audit',
    ])
      expect(paths).toContain(path);
  });
});
