// Account queries, already filtered by the actor's scope: whatever they do not return does not
// exist for the actor (a 404). A page is always two queries: the users, then all their roles.
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Actor } from '../access/actor.js';
import { scopeOf } from '../access/scope.js';
import type { Database } from '../db/database.js';
import type { DB, Role, Sex } from '../db/schema.js';
import { fetchPage, likePattern, type PageRequest } from '../http/pagination.js';

export type AccountRow = {
  id: number;
  login: string;
  lastName: string;
  firstName: string;
  middleName: string | null;
  email: string | null;
  mustChangePassword: boolean;
  blockedAt: Date | null;
  createdAt: Date;
  organizationName: string | null;
  sex: Sex | null;
};

/** A role held, with its scope's names; a head's or manager's row carries the department's provider. */
export type AccountRoleRow = {
  userId: number;
  role: Role;
  territoryId: number | null;
  territoryName: string | null;
  providerId: number | null;
  providerName: string | null;
  departmentId: number | null;
  departmentName: string | null;
};

export type AccountFilters = {
  q?: string | undefined;
  role?: Role | undefined;
  territoryId?: number | undefined;
  providerId?: number | undefined;
  departmentId?: number | undefined;
  blocked?: 'true' | 'false' | undefined;
};

type UsersEb = ExpressionBuilder<DB & { u: DB['users'] }, 'u'>;

/**
 * The scope of accounts an actor sees, as a WHERE on `users as u` (mirrors policy.ts `account.view`):
 * the operator all; a provider admin the heads and managers of their provider's departments and
 * its administrators; a head the heads and managers of their department(s); anyone else nothing.
 */
export function visibleTo(eb: UsersEb, actor: Actor): Expression<SqlBool> {
  const scope = scopeOf(actor);
  if (scope.all) return sql<boolean>`true`;
  const heads = scope.departments('head');
  const admins = scope.providers('provider_admin');
  if (heads.length === 0 && admins.length === 0) return sql<boolean>`false`;
  return eb.exists(
    eb
      .selectFrom('userRoles as r')
      .leftJoin('departments as d', 'd.id', 'r.departmentId')
      .whereRef('r.userId', '=', 'u.id')
      .where((e) => {
        const staff = e('r.role', 'in', ['head', 'manager']);
        return e.or([
          ...(heads.length ? [e.and([staff, e('r.departmentId', 'in', heads)])] : []),
          ...(admins.length
            ? [
                e.and([staff, e('d.providerId', 'in', admins)]),
                e.and([e('r.role', '=', 'provider_admin'), e('r.providerId', 'in', admins)]),
              ]
            : []),
        ]);
      })
      .select(sql.lit(1).as('one')),
  );
}

function accounts(db: Database, actor: Actor) {
  return db
    .selectFrom('users as u')
    .leftJoin('teacherProfiles as tp', 'tp.userId', 'u.id')
    .leftJoin('organizations as o', 'o.id', 'tp.organizationId')
    .where((eb) => visibleTo(eb, actor))
    .select([
      'u.id',
      'u.login',
      'u.lastName',
      'u.firstName',
      'u.middleName',
      'u.email',
      'u.mustChangePassword',
      'u.blockedAt',
      'u.createdAt',
      'o.name as organizationName',
      'tp.sex',
    ]);
}

export async function findAccounts(
  db: Database,
  actor: Actor,
  filters: AccountFilters,
  page: PageRequest,
): Promise<{ items: AccountRow[]; total: number }> {
  const terms = (filters.q ?? '').split(/\s+/).filter(Boolean).slice(0, 5);
  const { role, territoryId, providerId, departmentId } = filters;
  const query = accounts(db, actor)
    // Each word of the search matches the login or a part of the name.
    .$if(terms.length > 0, (qb) =>
      qb.where((eb) =>
        eb.and(
          terms.map((term) => {
            const pattern = likePattern(term);
            return eb.or([
              eb('u.login', 'ilike', pattern),
              eb('u.lastName', 'ilike', pattern),
              eb('u.firstName', 'ilike', pattern),
              eb('u.middleName', 'ilike', pattern),
            ]);
          }),
        ),
      ),
    )
    // The role and scope filters hold together on one role row: "a manager of department D".
    .$if(Boolean(role || territoryId || providerId || departmentId), (qb) =>
      qb.where((eb) =>
        eb.exists(
          eb
            .selectFrom('userRoles as fr')
            .leftJoin('departments as fd', 'fd.id', 'fr.departmentId')
            .leftJoin('teacherProfiles as ftp', (j) =>
              j.onRef('ftp.userId', '=', 'fr.userId').on('fr.role', '=', 'teacher'),
            )
            .leftJoin('organizations as fo', 'fo.id', 'ftp.organizationId')
            .whereRef('fr.userId', '=', 'u.id')
            .$if(Boolean(role), (sq) => sq.where('fr.role', '=', role as Role))
            .$if(Boolean(departmentId), (sq) => sq.where('fr.departmentId', '=', departmentId as number))
            .$if(Boolean(providerId), (sq) =>
              sq.where((e) => e(e.fn.coalesce('fr.providerId', 'fd.providerId'), '=', providerId as number)),
            )
            .$if(Boolean(territoryId), (sq) =>
              sq.where((e) =>
                e(e.fn.coalesce('fr.territoryId', 'fo.territoryId'), '=', territoryId as number),
              ),
            )
            .select(sql.lit(1).as('one')),
        ),
      ),
    )
    .$if(filters.blocked === 'true', (qb) => qb.where('u.blockedAt', 'is not', null))
    .$if(filters.blocked === 'false', (qb) => qb.where('u.blockedAt', 'is', null))
    .orderBy('u.lastName')
    .orderBy('u.firstName')
    .orderBy('u.id');
  return fetchPage(query, page);
}

/** One account, if the actor sees it. */
export function findAccount(db: Database, actor: Actor, userId: number): Promise<AccountRow | undefined> {
  return accounts(db, actor).where('u.id', '=', userId).executeTakeFirst();
}

/** The roles of a set of accounts, in one query, grouped by user. */
export async function rolesOf(db: Database, userIds: number[]): Promise<Map<number, AccountRoleRow[]>> {
  const byUser = new Map<number, AccountRoleRow[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const rows = await db
    .selectFrom('userRoles as r')
    .leftJoin('territories as t', 't.id', 'r.territoryId')
    .leftJoin('departments as d', 'd.id', 'r.departmentId')
    .leftJoin('providers as p', (j) =>
      j.on((eb) => eb('p.id', '=', eb.fn.coalesce('r.providerId', 'd.providerId'))),
    )
    .where('r.userId', 'in', userIds)
    .orderBy('r.userId')
    .orderBy('r.id')
    .select([
      'r.userId',
      'r.role',
      'r.territoryId',
      't.name as territoryName',
      'p.id as providerId',
      'p.name as providerName',
      'r.departmentId',
      'd.name as departmentName',
    ])
    .execute();
  for (const row of rows) byUser.get(row.userId)?.push(row);
  return byUser;
}

/** Whether a login is taken (logins are stored lower-case). */
export async function loginTaken(db: Database, login: string): Promise<boolean> {
  const row = await db.selectFrom('users').where('login', '=', login).select('id').executeTakeFirst();
  return row !== undefined;
}

/** Which of the given ids exist in each directory a role may point to; departments with their provider. */
export async function existingScopes(
  db: Database,
  ids: { territoryIds: number[]; providerIds: number[]; departmentIds: number[] },
) {
  const [territories, providers, departments] = await Promise.all([
    ids.territoryIds.length
      ? db.selectFrom('territories').where('id', 'in', ids.territoryIds).select('id').execute()
      : [],
    ids.providerIds.length
      ? db.selectFrom('providers').where('id', 'in', ids.providerIds).select('id').execute()
      : [],
    ids.departmentIds.length
      ? db
          .selectFrom('departments')
          .where('id', 'in', ids.departmentIds)
          .select(['id', 'providerId'])
          .execute()
      : [],
  ]);
  return {
    territories: new Set(territories.map((t) => t.id)),
    providers: new Set(providers.map((p) => p.id)),
    departmentProvider: new Map(departments.map((d) => [d.id, d.providerId])),
  };
}

export async function organizationExists(db: Database, organizationId: number): Promise<boolean> {
  const row = await db
    .selectFrom('organizations')
    .where('id', '=', organizationId)
    .select('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function positionExists(db: Database, name: string): Promise<boolean> {
  const row = await db.selectFrom('positions').where('name', '=', name).select('id').executeTakeFirst();
  return row !== undefined;
}

export async function hasTeacherProfile(db: Database, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom('teacherProfiles')
    .where('userId', '=', userId)
    .select('userId')
    .executeTakeFirst();
  return row !== undefined;
}
