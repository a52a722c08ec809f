// Who may change the directories. Reading them is public (sign-up needs territories and
// organizations); every change is the operator's, except a provider's own card and its
// departments, which the provider's administrator keeps.
import { type ActionOf, definePolicy, rule } from '../access/policy.js';
import { isOperator, isProviderAdminOf } from '../access/predicates.js';

/** A new row has no row yet to judge: creation rules take `null`. */
const operatorOnly = rule<null | { id: number }>(['operator']);
const providerKeepers = rule<{ providerId: number }>(
  ['operator', 'provider_admin'],
  (actor, row) => isOperator(actor) || isProviderAdminOf(actor, row.providerId),
);

export const directoryPolicy = definePolicy({
  'territory.create': operatorOnly,
  'territory.update': operatorOnly,
  'organization.create': operatorOnly,
  'organization.update': operatorOnly,
  'provider.create': operatorOnly,
  'provider.update': rule<{ id: number }>(
    ['operator', 'provider_admin'],
    (actor, row) => isOperator(actor) || isProviderAdminOf(actor, row.id),
  ),
  /** The row is the provider the department belongs (or will belong) to. */
  'department.create': providerKeepers,
  'department.update': providerKeepers,
  'position.create': operatorOnly,
  'position.update': operatorOnly,
});

export type DirectoryAction = ActionOf<typeof directoryPolicy>;
