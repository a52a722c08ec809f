// `ebppk create-user`, called as the command line calls it.
import { describe, expect, it } from 'vitest';
import { TEST_NOW, testApp } from '../../../test/app.js';
import { buildDepartment, buildTerritory } from '../../../test/factories.js';
import { createUserFromCli } from './cli.js';

const t = await testApp();
const create = (values: Record<string, string | undefined>) => createUserFromCli(t.db, values, TEST_NOW);

describe('createUserFromCli', () => {
  it('creates an operator who may sign in at once, audited with no actor', async () => {
    const user = await create({ login: 'Admin', password: 'Сирень-над-Камой-7', role: 'operator' });
    expect(user.login).toBe('admin');
    const session = await t.login('admin', 'Сирень-над-Камой-7');
    const me = await t.request(session, { method: 'GET', url: '/api/v1/me' });
    expect(me.json()).toMatchObject({ mustChangePassword: false, roles: [{ role: 'operator' }] });
    expect(me.json().fullName).toBe('Оператор admin');
    const audit = await t.db
      .selectFrom('auditEvents')
      .where('action', '=', 'user.created')
      .where('entityId', '=', String(user.id))
      .selectAll()
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: null, entityType: 'user', at: TEST_NOW });
    expect(JSON.stringify(audit[0])).not.toMatch(/Сирень-над-Камой-7|argon2/);
  });

  it('creates a methodist of a territory, with names and e-mail', async () => {
    const territory = await buildTerritory(t.db);
    const user = await create({
      login: 'metod@perm.ru',
      password: 'Сирень-над-Камой-8',
      role: 'methodist',
      territory: String(territory.id),
      'last-name': 'Петрова',
      'first-name': 'Анна',
      'middle-name': 'Сергеевна',
      email: 'Metod@Perm.ru',
    });
    const row = await t.db
      .selectFrom('users')
      .where('id', '=', user.id)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      lastName: 'Петрова',
      firstName: 'Анна',
      middleName: 'Сергеевна',
      email: 'metod@perm.ru',
      mustChangePassword: false,
    });
    const roles = await t.db.selectFrom('userRoles').where('userId', '=', user.id).selectAll().execute();
    expect(roles).toMatchObject([{ role: 'methodist', territoryId: territory.id }]);
  });

  it('creates a manager of a department', async () => {
    const department = await buildDepartment(t.db);
    const user = await create({
      login: 'kurs',
      password: 'Сирень-над-Камой-9',
      role: 'manager',
      department: String(department.id),
    });
    const roles = await t.db.selectFrom('userRoles').where('userId', '=', user.id).selectAll().execute();
    expect(roles).toMatchObject([{ role: 'manager', departmentId: department.id, providerId: null }]);
  });

  it('explains in Russian what is wrong, and creates nothing', async () => {
    const count = async () =>
      Number(
        (
          await t.db
            .selectFrom('users')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    await expect(create({ login: 'x1x', password: 'Сирень-над-Камой-7', role: 'boss' })).rejects.toThrow(
      'Неизвестная роль «boss». Допустимые роли: operator, provider_admin, head, manager, methodist, teacher',
    );
    await expect(create({ login: 'x1x', password: 'Сирень-над-Камой-7' })).rejects.toThrow(/Укажите роль/);
    await expect(create({ login: 'x1x', password: 'Сирень-над-Камой-7', role: 'methodist' })).rejects.toThrow(
      'Для роли «методист» укажите --territory ID',
    );
    await expect(
      create({ login: 'x1x', password: 'Сирень-над-Камой-7', role: 'methodist', territory: '999999' }),
    ).rejects.toThrow('Территория с id 999999 не найдена');
    await expect(
      create({ login: 'x1x', password: 'Сирень-над-Камой-7', role: 'methodist', territory: 'пермь' }),
    ).rejects.toThrow(/--territory/);
    await expect(
      create({ login: 'x1x', password: 'Сирень-над-Камой-7', role: 'operator', department: '1' }),
    ).rejects.toThrow('Параметр --department не нужен для роли «оператор»');
    await expect(create({ login: 'x1x', password: 'short', role: 'operator' })).rejects.toThrow(
      /--password: Не короче 10 символов/,
    );
    await expect(create({ login: 'x1x', password: 'Сирень-над-Камой-7', role: 'teacher' })).rejects.toThrow(
      /Педагоги регистрируются сами/,
    );
    await expect(create({ password: 'Сирень-над-Камой-7', role: 'operator' })).rejects.toThrow(/--login/);
    expect(await count()).toBe(before);
    await create({ login: 'twice', password: 'Сирень-над-Камой-7', role: 'operator' });
    await expect(
      create({ login: 'TWICE', password: 'Сирень-над-Камой-7', role: 'operator' }),
    ).rejects.toThrow('Логин «twice» уже занят');
    expect(await count()).toBe(before + 1);
  });
});
