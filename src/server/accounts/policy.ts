// Who may do what to an account, as rules of the one mechanism (access/policy.ts). The same rules
// give the `abilities` the presenter sends to the client.
//
// Visibility (what exists for the actor; anything else is a 404 — the queries' `visibleTo`):
//   operator — every account;
//   provider admin of P — heads and managers of P's departments, and P's other administrators;
//   head of D — managers and heads of D.
// Management (update, block, unblock, reset the password): the actor must be able to grant every
// role the account holds — so a head manages D's managers, a provider admin the heads and
// managers of P, the operator anyone. An account holding one more role beyond the actor's reach
// (say a manager who is also a teacher or a methodist) is managed by the operator only.
import type { Actor, Grant, Role } from '../access/actor.js';
import { type ActionOf, definePolicy, type MaybeActor, rule } from '../access/policy.js';
import { isHeadOf, isOperator, isProviderAdminOf } from '../access/predicates.js';

/** An account as the policy sees it; for `account.create`, only the roles to grant. */
export type AccountTarget = { userId?: number; blocked?: boolean; grants: Grant[] };

/** Roles that manage accounts at all: anyone else gets a 403, not an empty list. */
const MANAGERS: readonly Role[] = ['operator', 'provider_admin', 'head'];

const NOT_YOURS = 'Управление учётными записями вам недоступно';
const MISSING = 'Учётная запись не найдена';

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

const sees = (actor: Actor, target: AccountTarget) =>
  isOperator(actor) || target.grants.some((g) => seesGrant(actor, g));

const isSelf = (actor: Actor, target: AccountTarget) => target.userId === actor.userId;

const grantsAll = (actor: Actor, target: AccountTarget) =>
  target.grants.length > 0 && target.grants.every((g) => canGrant(actor, g));

const manages = (actor: Actor, target: AccountTarget) => isOperator(actor) || grantsAll(actor, target);

/** A management rule: judged on an account the actor sees (a 404 otherwise), a 403 if not theirs to manage. */
const management = (allow: (actor: Actor, target: AccountTarget) => boolean) =>
  rule<AccountTarget>(MANAGERS, allow, { sees, denied: NOT_YOURS, missing: MISSING });

export const accountsPolicy = definePolicy({
  'account.view': rule<AccountTarget>(MANAGERS, sees, { denied: NOT_YOURS, missing: MISSING }),
  /** The target holds only the roles to grant: a role beyond the actor's reach is a 403, never a 404. */
  'account.create': rule<AccountTarget>(MANAGERS, grantsAll, {
    sees: () => true,
    denied: 'Вы не можете назначить такую роль: она вне ваших полномочий',
  }),
  'account.update': management(manages),
  'account.block': management((a, t) => !isSelf(a, t) && t.blocked === false && manages(a, t)),
  'account.unblock': management((a, t) => !isSelf(a, t) && t.blocked === true && manages(a, t)),
  // One's own password is changed with the current one (POST /auth/password), never reset.
  'account.resetPassword': management((a, t) => !isSelf(a, t) && manages(a, t)),
  // Nobody edits their own roles: an operator cannot lock the Bank out of its last operator.
  'account.editRoles': rule<AccountTarget>(['operator'], (a, t) => !isSelf(a, t) && isOperator(a), {
    sees,
    denied: 'Роли назначает только оператор',
    missing: MISSING,
  }),
});

export type AccountAction = ActionOf<typeof accountsPolicy>;
