// Who may change the directories. Reading them is public (sign-up needs territories and
// organizations); every change is the operator's, except a provider's own card and its
// departments, which the provider's administrator keeps.
import type { Actor, Role } from '../access/actor.js';
import { hasRole, isOperator, isProviderAdminOf } from '../access/predicates.js';

type MaybeActor = Actor | null | undefined;

/**
 * `roles`: who may attempt the action at all (anyone else gets 403); `allow`: whether this actor
 * may do it to this row (a row outside the actor's scope is a 404, as if it did not exist).
 */
type Rule<Row> = { roles: readonly Role[]; allow: (actor: MaybeActor, row: Row) => boolean };

const rule = <Row>(roles: readonly Role[], allow: (actor: MaybeActor, row: Row) => boolean): Rule<Row> => ({
  roles,
  allow,
});

/** A new row has no row yet to judge: creation rules take `null`. */
const operatorCreates = rule<null>(['operator'], (actor) => isOperator(actor));
const operatorUpdates = rule<{ id: number }>(['operator'], (actor) => isOperator(actor));
const providerKeepers = rule<{ providerId: number }>(
  ['operator', 'provider_admin'],
  (actor, row) => isOperator(actor) || isProviderAdminOf(actor, row.providerId),
);

const rules = {
  'territory.create': operatorCreates,
  'territory.update': operatorUpdates,
  'organization.create': operatorCreates,
  'organization.update': operatorUpdates,
  'provider.create': operatorCreates,
  'provider.update': rule<{ id: number }>(
    ['operator', 'provider_admin'],
    (actor, row) => isOperator(actor) || isProviderAdminOf(actor, row.id),
  ),
  /** The row is the provider the department belongs (or will belong) to. */
  'department.create': providerKeepers,
  'department.update': providerKeepers,
  'position.create': operatorCreates,
  'position.update': operatorUpdates,
};

export type DirectoryAction = keyof typeof rules;
export type RowOf<A extends DirectoryAction> = Parameters<(typeof rules)[A]['allow']>[1];
export const DIRECTORY_ACTIONS = Object.keys(rules) as DirectoryAction[];

/** Whether the actor may do `action` to `row`. Unknown actions and anonymous visitors: no. */
export function can<A extends DirectoryAction>(actor: MaybeActor, action: A, row: RowOf<A>): boolean {
  const r = rules[action] as Rule<RowOf<A>> | undefined;
  return r !== undefined && hasRole(actor, ...r.roles) && r.allow(actor, row);
}

/** Whether some role of the actor could do `action` to some row: tells a 403 from a 404. */
export function mayAttempt(actor: MaybeActor, action: DirectoryAction): boolean {
  const r = rules[action] as Rule<never> | undefined;
  return r !== undefined && hasRole(actor, ...r.roles);
}
