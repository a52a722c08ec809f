import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testApp } from '../../../test/app.js';
import { testDatabase } from '../../../test/db.js';
import type { Database } from '../db/database.js';
import type { Role } from '../db/schema.js';
import {
  DEMO_COUNTS,
  DEMO_LOGINS,
  DEMO_PASSWORD,
  printDemoLogins,
  resetDemoDatabase,
  seedDemo,
} from './seed.js';

const t = await testApp();
const other = await testDatabase();
afterAll(() => other.close());

async function names(db: Database) {
  return {
    users: await db
      .selectFrom('users')
      .select(['login', 'lastName', 'firstName', 'middleName'])
      .orderBy('login')
      .execute(),
    organizations: await db
      .selectFrom('organizations')
      .select(['name', 'territoryId', 'inn'])
      .orderBy('name')
      .execute(),
    profiles: await db
      .selectFrom('teacherProfiles')
      .innerJoin('users', 'users.id', 'teacherProfiles.userId')
      .select(['users.login', 'position', 'subject'])
      .orderBy('users.login')
      .execute(),
  };
}

const countRole = async (role: Role) =>
  Number(
    (
      await t.db
        .selectFrom('userRoles')
        .where('role', '=', role)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('demo data', () => {
  beforeAll(async () => {
    const started = performance.now();
    await seedDemo(t.ctx);
    console.log(`seedDemo: ${Math.round(performance.now() - started)} ms (${t.ctx.engine})`);
  }, 120_000);

  it('produces the stated counts', async () => {
    const count = async (table: 'organizations' | 'providers' | 'departments' | 'teacherProfiles') =>
      Number(
        (
          await t.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count('organizations')).toBe(DEMO_COUNTS.organizations);
    expect(await count('providers')).toBe(DEMO_COUNTS.providers);
    expect(await count('departments')).toBe(DEMO_COUNTS.departments);
    expect(await count('teacherProfiles')).toBe(DEMO_COUNTS.teachers);
    expect(await countRole('teacher')).toBe(DEMO_COUNTS.teachers);
    expect(await countRole('operator')).toBe(DEMO_COUNTS.operators);
    expect(await countRole('provider_admin')).toBe(DEMO_COUNTS.providerAdmins);
    expect(await countRole('head')).toBe(DEMO_COUNTS.heads);
    expect(await countRole('manager')).toBe(DEMO_COUNTS.managers);
    expect(await countRole('methodist')).toBe(DEMO_COUNTS.methodists);
    expect(DEMO_COUNTS).toMatchObject({ organizations: 150, teachers: 500, methodists: 8 });
  });

  it('looks like Perm Krai: the institute, its departments, organizations over many territories', async () => {
    const iro = await t.db
      .selectFrom('providers')
      .where('shortName', '=', 'ИРО ПК')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(iro.name).toBe('ГАУ ДПО «Институт развития образования Пермского края»');
    expect(iro.licenseNumber).toBeTruthy();
    expect(iro.licenseDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const departments = await t.db
      .selectFrom('departments')
      .where('providerId', '=', iro.id)
      .select('name')
      .execute();
    expect(departments.map((d) => d.name)).toEqual(
      expect.arrayContaining(['Отдел дошкольного образования', 'Кафедра общего образования']),
    );
    expect(departments).toHaveLength(4);

    const orgs = await t.db.selectFrom('organizations').select(['name', 'territoryId', 'inn']).execute();
    expect(new Set(orgs.map((o) => o.territoryId)).size).toBe(43);
    expect(orgs.map((o) => o.name)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^МАОУ «Средняя общеобразовательная школа № \d+» г\. Перми$/),
        expect.stringMatching(/^МА(ДОУ|ДОУ) «Детский сад № \d+»|^МБДОУ «Детский сад № \d+»/),
        expect.stringMatching(/^МАОУ «Гимназия № \d+» г\. Перми$/),
        expect.stringMatching(/^МАОУ «Лицей № \d+» г\. Перми$/),
        expect.stringMatching(/^МА?Б?У ДО «/),
        'ГБПОУ «Пермский педагогический колледж»',
      ]),
    );
    const inns = orgs.map((o) => o.inn).filter((i): i is string => i !== null);
    expect(inns.length).toBeGreaterThan(50);
    for (const value of inns) {
      expect(value).toMatch(/^59\d{8}$/);
      const d = value.split('').map(Number);
      const check = ([2, 4, 10, 3, 5, 9, 4, 6, 8].reduce((s, w, i) => s + w * d[i]!, 0) % 11) % 10;
      expect(d[9]).toBe(check);
    }
  });

  it('gives teachers gender-agreeing Russian names, e-mail logins, positions and consent', async () => {
    const teachers = await t.db
      .selectFrom('teacherProfiles')
      .innerJoin('users', 'users.id', 'teacherProfiles.userId')
      .select([
        'users.login',
        'users.email',
        'users.lastName',
        'users.firstName',
        'users.middleName',
        'users.mustChangePassword',
        'position',
        'personalDataConsentAt',
      ])
      .execute();
    const positions = new Set(
      (await t.db.selectFrom('positions').select('name').execute()).map((p) => p.name),
    );
    for (const teacher of teachers) {
      expect(teacher.login).toMatch(/^[a-z0-9._@+-]+@demo\.ebppk\.ru$/);
      expect(teacher.email).toBe(teacher.login);
      expect(positions.has(teacher.position)).toBe(true);
      expect(teacher.mustChangePassword).toBe(false);
      expect(teacher.personalDataConsentAt.getTime()).toBeLessThanOrEqual(t.clock().getTime());
      const female = /на$/.test(teacher.middleName!);
      expect(/(а|я)$/.test(teacher.firstName) || teacher.firstName === 'Любовь').toBe(female);
      if (/(ов|ев|ёв|ин|ский)$/.test(teacher.lastName)) expect(female).toBe(false);
    }
    expect(teachers.filter((x) => /на$/.test(x.middleName!)).length).toBeGreaterThan(350);
  });

  it('has a demo account for every role that logs in through the API with the printed password', async () => {
    for (const [role, login] of Object.entries(DEMO_LOGINS)) {
      const session = await t.login(login, DEMO_PASSWORD);
      const me = await t.request(session, { method: 'GET', url: '/api/v1/me' });
      expect(me.statusCode).toBe(200);
      expect(me.json().roles.map((r: { role: string }) => r.role)).toContain(role);
    }
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    printDemoLogins('http://localhost:3000');
    const printed = log.mock.calls.map((c) => c.join(' ')).join('\n');
    log.mockRestore();
    expect(printed).toContain('http://localhost:3000');
    expect(printed).toContain(DEMO_PASSWORD);
    for (const login of Object.values(DEMO_LOGINS)) expect(printed).toContain(login);
    console.log(printed);
  });

  it('writes one audit row and leaves a seeded database as it is', async () => {
    await seedDemo(t.ctx);
    const rows = await t.db
      .selectFrom('auditEvents')
      .where('action', '=', 'system.demo_seeded')
      .selectAll()
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.at).toEqual(t.clock());
    expect(await countRole('teacher')).toBe(DEMO_COUNTS.teachers);
  });

  it('is deterministic: a second fresh database gets the same names, and so does a reset one', async () => {
    await seedDemo({ ...t.ctx, db: other.db });
    const expected = await names(t.db);
    expect(await names(other.db)).toEqual(expected);

    // `ebppk demo` reuses its PGlite directory: emptied and migrated again, then seeded again.
    await resetDemoDatabase(other.db);
    expect(await other.db.selectFrom('users').select('id').execute()).toEqual([]);
    expect(await other.db.selectFrom('territories').select('id').execute()).toHaveLength(43);
    await seedDemo({ ...t.ctx, db: other.db });
    expect(await names(other.db)).toEqual(expected);
  }, 120_000);

  it('refuses a database that holds other data', async () => {
    const third = await testDatabase();
    try {
      await sql`INSERT INTO users (login, password_hash, last_name, first_name, password_changed_at, created_at, updated_at)
        VALUES ('someone', 'x', 'Иванов', 'Иван', now(), now(), now())`.execute(third.db);
      await expect(seedDemo({ ...t.ctx, db: third.db })).rejects.toThrow(/только в пустую базу данных/);
    } finally {
      await third.close();
    }
  }, 120_000);
});
