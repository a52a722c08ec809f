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
