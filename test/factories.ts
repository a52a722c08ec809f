// Factories: each builds a row with realistic defaults and creates the parents it needs.
import type { Kysely } from 'kysely';
import { hashPassword } from '../src/server/auth/passwords.js';
import type { DB, Role } from '../src/server/db/schema.js';
import { TEST_NOW } from './app.js';

export const TEST_PASSWORD = 'Пароль-2026';
let counter = 0;
const seq = () => ++counter + Math.floor(Math.random() * 1e6) * 1000;
let passwordHash: Promise<string> | undefined;
const now = () => TEST_NOW;

export async function buildTerritory(db: Kysely<DB>, over: { name?: string } = {}) {
  return db
    .insertInto('territories')
    .values({
      name: over.name ?? `Тестовый муниципальный округ ${seq()}`,
      kind: 'municipal_okrug',
      createdAt: now(),
      updatedAt: now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildOrganization(db: Kysely<DB>, over: { territoryId?: number; name?: string } = {}) {
  const territoryId = over.territoryId ?? (await buildTerritory(db)).id;
  return db
    .insertInto('organizations')
    .values({
      territoryId,
      name: over.name ?? `МАОУ «Средняя школа № ${seq()}»`,
      createdAt: now(),
      updatedAt: now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildProvider(db: Kysely<DB>, over: { name?: string } = {}) {
  return db
    .insertInto('providers')
    .values({
      name: over.name ?? `Поставщик ${seq()}`,
      licenseNumber: `59Л01 ${seq()}`,
      licenseDate: '2016-03-01',
      createdAt: now(),
      updatedAt: now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildDepartment(db: Kysely<DB>, over: { providerId?: number; name?: string } = {}) {
  const providerId = over.providerId ?? (await buildProvider(db)).id;
  return db
    .insertInto('departments')
    .values({ providerId, name: over.name ?? `Отдел ${seq()}`, createdAt: now(), updatedAt: now() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export type RoleSpec =
  | { role: 'operator' | 'teacher' }
  | { role: 'provider_admin'; providerId: number }
  | { role: 'head' | 'manager'; departmentId: number }
  | { role: 'methodist'; territoryId: number };

export async function buildUser(
  db: Kysely<DB>,
  over: {
    login?: string;
    roles?: RoleSpec[];
    organizationId?: number;
    lastName?: string;
    mustChangePassword?: boolean;
    blocked?: boolean;
  } = {},
) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const n = seq();
  const user = await db
    .insertInto('users')
    .values({
      login: over.login ?? `user${n}@example.ru`,
      email: over.login ?? `user${n}@example.ru`,
      passwordHash: await passwordHash,
      lastName: over.lastName ?? 'Иванова',
      firstName: 'Мария',
      middleName: 'Петровна',
      mustChangePassword: over.mustChangePassword ?? false,
      blockedAt: over.blocked ? now() : null,
      passwordChangedAt: now(),
      createdAt: now(),
      updatedAt: now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const roles = over.roles ?? [{ role: 'teacher' }];
  for (const spec of roles) {
    await db
      .insertInto('userRoles')
      .values({
        userId: user.id,
        role: spec.role as Role,
        territoryId: 'territoryId' in spec ? spec.territoryId : null,
        providerId: 'providerId' in spec ? spec.providerId : null,
        departmentId: 'departmentId' in spec ? spec.departmentId : null,
      })
      .execute();
    if (spec.role === 'teacher') {
      const organizationId = over.organizationId ?? (await buildOrganization(db)).id;
      await db
        .insertInto('teacherProfiles')
        .values({
          userId: user.id,
          organizationId,
          position: 'учитель',
          subject: 'математика',
          personalDataConsentAt: now(),
          createdAt: now(),
          updatedAt: now(),
        })
        .execute();
    }
  }
  return user;
}

export async function buildPosition(db: Kysely<DB>, over: { name?: string; sortOrder?: number } = {}) {
  return db
    .insertInto('positions')
    .values({ name: over.name ?? `Должность ${seq()}`, sortOrder: over.sortOrder ?? 100_000 })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A signed-in user for each role a directory test needs to tell apart, with their scopes. */
export async function buildDirectoryCast(db: Kysely<DB>) {
  const territory = await buildTerritory(db);
  const provider = await buildProvider(db);
  const department = await buildDepartment(db, { providerId: provider.id });
  const otherProvider = await buildProvider(db);
  const otherDepartment = await buildDepartment(db, { providerId: otherProvider.id });
  const user = (roles: RoleSpec[]) => buildUser(db, { roles }).then((u) => u.login);
  return {
    territory,
    provider,
    department,
    otherProvider,
    otherDepartment,
    logins: {
      operator: await user([{ role: 'operator' }]),
      teacher: await user([{ role: 'teacher' }]),
      methodist: await user([{ role: 'methodist', territoryId: territory.id }]),
      manager: await user([{ role: 'manager', departmentId: department.id }]),
      head: await user([{ role: 'head', departmentId: department.id }]),
      providerAdmin: await user([{ role: 'provider_admin', providerId: provider.id }]),
    },
  };
}

/**
 * The account-management cast: provider X with departments A and B, provider Y with department C,
 * and an account at each level (operator, provider admins, heads, managers, a methodist, a teacher).
 */
export async function buildAccountsCast(db: Kysely<DB>) {
  const territory = await buildTerritory(db);
  const providerX = await buildProvider(db);
  const providerY = await buildProvider(db);
  const deptA = await buildDepartment(db, { providerId: providerX.id });
  const deptB = await buildDepartment(db, { providerId: providerX.id });
  const deptC = await buildDepartment(db, { providerId: providerY.id });
  const user = (roles: RoleSpec[], lastName?: string) =>
    buildUser(db, { roles, ...(lastName ? { lastName } : {}) });
  return {
    territory,
    providerX,
    providerY,
    deptA,
    deptB,
    deptC,
    users: {
      operator: await user([{ role: 'operator' }], 'Операторова'),
      adminX: await user([{ role: 'provider_admin', providerId: providerX.id }], 'Админова'),
      adminY: await user([{ role: 'provider_admin', providerId: providerY.id }], 'Админова'),
      headA: await user([{ role: 'head', departmentId: deptA.id }], 'Начальникова'),
      headB: await user([{ role: 'head', departmentId: deptB.id }], 'Начальникова'),
      headC: await user([{ role: 'head', departmentId: deptC.id }], 'Начальникова'),
      managerA: await user([{ role: 'manager', departmentId: deptA.id }], 'Курсова'),
      managerB: await user([{ role: 'manager', departmentId: deptB.id }], 'Курсова'),
      managerC: await user([{ role: 'manager', departmentId: deptC.id }], 'Курсова'),
      methodist: await user([{ role: 'methodist', territoryId: territory.id }], 'Методистова'),
      teacher: await user([{ role: 'teacher' }], 'Учителева'),
    },
  };
}

/**
 * One row or more in every table of the schema, each role included: what a backup must carry.
 * Returns the users by role.
 */
export async function fillEveryTable(db: Kysely<DB>) {
  const territory = await buildTerritory(db);
  const organization = await buildOrganization(db, { territoryId: territory.id });
  const provider = await buildProvider(db);
  const department = await buildDepartment(db, { providerId: provider.id });
  const users = {
    operator: await buildUser(db, { roles: [{ role: 'operator' }] }),
    providerAdmin: await buildUser(db, { roles: [{ role: 'provider_admin', providerId: provider.id }] }),
    head: await buildUser(db, { roles: [{ role: 'head', departmentId: department.id }] }),
    manager: await buildUser(db, {
      roles: [{ role: 'manager', departmentId: department.id }],
      blocked: true,
    }),
    methodist: await buildUser(db, { roles: [{ role: 'methodist', territoryId: territory.id }] }),
    teacher: await buildUser(db, { organizationId: organization.id, lastName: 'Ёлкина' }),
  };
  await db
    .insertInto('sessions')
    .values({
      id: `session-${seq()}`,
      userId: users.teacher.id,
      csrfToken: `csrf-${seq()}`,
      createdAt: now(),
      expiresAt: new Date(now().getTime() + 3600_000),
      revokedAt: null,
      ip: '192.0.2.7',
      userAgent: 'Mozilla/5.0',
    })
    .execute();
  await db
    .insertInto('auditEvents')
    .values([
      {
        at: now(),
        actorId: users.operator.id,
        action: 'directory.organization_updated',
        entityType: 'organization',
        entityId: String(organization.id),
        before: JSON.stringify({ name: 'Старое «имя»' }),
        after: JSON.stringify({ name: organization.name, list: [1, null, true] }),
        login: users.operator.login,
        ip: '192.0.2.1',
      },
      {
        at: now(),
        actorId: null,
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: null,
        before: null,
        after: JSON.stringify({ reason: 'unknown_login' }),
        login: 'nobody@example.ru',
        ip: '192.0.2.2',
      },
    ])
    .execute();
  return { territory, organization, provider, department, users };
}
