// What of an account leaves the server: names, roles with their scopes' names, state, and the
// abilities the actor has on it. Never the password hash.

import type { User } from '../../contract/accounts.js';
import type { RoleGrant } from '../../contract/auth.js';
import type { Actor, Grant } from '../access/actor.js';
import { fullName } from '../auth/present.js';
import { type AccountTarget, accountsPolicy } from './policy.js';
import type { AccountRoleRow, AccountRow } from './queries.js';

/** An account with its roles: what services return and the presenter turns into a `User`. */
export type Account = { row: AccountRow; roles: AccountRoleRow[] };

export const grantsOf = (roles: AccountRoleRow[]): Grant[] =>
  roles.map((r) => ({
    role: r.role,
    territoryId: r.territoryId,
    providerId: r.providerId,
    departmentId: r.departmentId,
  }));

export const targetOf = ({ row, roles }: Account): AccountTarget => ({
  userId: row.id,
  blocked: row.blockedAt !== null,
  grants: grantsOf(roles),
});

const presentRole = (r: AccountRoleRow): RoleGrant => ({
  role: r.role,
  ...(r.territoryId ? { territoryId: String(r.territoryId), territoryName: r.territoryName ?? '' } : {}),
  ...(r.providerId ? { providerId: String(r.providerId), providerName: r.providerName ?? '' } : {}),
  ...(r.departmentId ? { departmentId: String(r.departmentId), departmentName: r.departmentName ?? '' } : {}),
});

/** Where the person works, from the first of their roles that says: see `user.workplace`. */
function workplaceOf(row: AccountRow, roles: AccountRoleRow[]): string | null {
  for (const r of roles) {
    if (r.role === 'teacher' && row.organizationName) return row.organizationName;
    if ((r.role === 'head' || r.role === 'manager') && r.departmentName)
      return r.providerName ? `${r.departmentName} (${r.providerName})` : r.departmentName;
    if (r.role === 'provider_admin' && r.providerName) return r.providerName;
    if (r.role === 'methodist' && r.territoryName) return r.territoryName;
  }
  return null;
}

export function presentUser(account: Account, actor: Actor): User {
  const { row, roles } = account;
  const can = accountsPolicy.abilities(actor, targetOf(account), [
    'account.update',
    'account.block',
    'account.unblock',
    'account.resetPassword',
    'account.editRoles',
  ]);
  const isTeacher = roles.some((r) => r.role === 'teacher');
  return {
    id: String(row.id),
    login: row.login,
    lastName: row.lastName,
    firstName: row.firstName,
    middleName: row.middleName,
    fullName: fullName(row),
    email: row.email,
    roles: roles.map(presentRole),
    organizationName: isTeacher ? row.organizationName : null,
    workplace: workplaceOf(row, roles),
    sex: row.sex,
    blocked: row.blockedAt !== null,
    mustChangePassword: row.mustChangePassword,
    createdAt: row.createdAt.toISOString(),
    abilities: {
      update: can['account.update'],
      block: can['account.block'],
      unblock: can['account.unblock'],
      resetPassword: can['account.resetPassword'],
      editRoles: can['account.editRoles'],
    },
  };
}

export const presentUserPage = (page: { items: Account[]; total: number }, actor: Actor) => ({
  items: page.items.map((a) => presentUser(a, actor)),
  total: page.total,
});
