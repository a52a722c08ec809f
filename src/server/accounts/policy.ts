// Who may do what to an account. Deny by default; every rule is built from the predicates of
// access/predicates.ts. The same rules give the `abilities` the presenter sends to the client.
//
// Visibility (what exists for the actor; anything else is a 404):
//   operator — every account;
//   provider admin of P — heads and managers of P's departments, and P's other administrators;
//   head of D — managers and heads of D.
// Management (update, block, unblock, reset the password): the actor must be able to grant every
// role the account holds — so a head manages D's managers, a provider admin the heads and
// managers of P, the operator anyone. An account holding one more role beyond the actor's reach
// (say a manager who is also a teacher or a methodist) is managed by the operator only.
import type { Actor, Grant } from '../access/actor.js';
import { hasRole, isHeadOf, isOperator, isProviderAdminOf } from '../access/predicates.js';

export type AccountAction =
  | 'view'
  | 'update'
  | 'block'
  | 'unblock'
  | 'resetPassword'
  | 'editRoles'
  | 'create';

/** An account as the policy sees it; for `create`, only the roles to grant. */
export type AccountTarget = { userId?: number; blocked?: boolean; grants: Grant[] };

type MaybeActor = Actor | null | undefined;

/** Roles that manage accounts at all: anyone else gets a 403, not an empty list. */
export const managesAccounts = (actor: MaybeActor): boolean =>
  hasRole(actor, 'operator', 'provider_admin', 'head');

/** Whether the actor may grant this one role (and so manage an account that holds it). */
export function canGrant(actor: MaybeActor, grant: Grant): boolean {
  if (isOperator(actor)) return true;
  switch (grant.role) {
    case 'head':
      return grant.providerId !== null && isProviderAdminOf(actor, grant.providerId);
    case 'manager':
      return (
        (grant.providerId !== null && isProviderAdminOf(actor, grant.providerId)) ||
        (grant.departmentId !== null && isHeadOf(actor, grant.departmentId))
      );
    case 'operator':
    case 'provider_admin':
    case 'methodist':
    case 'teacher':
      return false;
  }
}

/** Whether the actor sees an account holding this role (a superset of what they may grant). */
function seesGrant(actor: MaybeActor, grant: Grant): boolean {
  if (isOperator(actor)) return true;
  switch (grant.role) {
    case 'head':
    case 'manager':
      return (
        (grant.providerId !== null && isProviderAdminOf(actor, grant.providerId)) ||
        (grant.departmentId !== null && isHeadOf(actor, grant.departmentId))
      );
    case 'provider_admin':
      return grant.providerId !== null && isProviderAdminOf(actor, grant.providerId);
    case 'operator':
    case 'methodist':
    case 'teacher':
      return false;
  }
}

const isSelf = (actor: MaybeActor, target: AccountTarget) =>
  actor !== null && actor !== undefined && target.userId === actor.userId;

const manages = (actor: MaybeActor, target: AccountTarget) =>
  isOperator(actor) || (target.grants.length > 0 && target.grants.every((g) => canGrant(actor, g)));

export function can(actor: MaybeActor, action: AccountAction, target: AccountTarget): boolean {
  switch (action) {
    case 'view':
      return isOperator(actor) || target.grants.some((g) => seesGrant(actor, g));
    case 'create':
      return target.grants.length > 0 && target.grants.every((g) => canGrant(actor, g));
    case 'update':
      return manages(actor, target);
    case 'block':
      return !isSelf(actor, target) && target.blocked === false && manages(actor, target);
    case 'unblock':
      return !isSelf(actor, target) && target.blocked === true && manages(actor, target);
    case 'resetPassword':
      // One's own password is changed with the current one (POST /auth/password), never reset.
      return !isSelf(actor, target) && manages(actor, target);
    case 'editRoles':
      // Nobody edits their own roles: an operator cannot lock the Bank out of its last operator.
      return !isSelf(actor, target) && isOperator(actor);
  }
}
