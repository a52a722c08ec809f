// Who may do what to programs (ДПП). The department's staff (its manager and head) keep its
// programs; the provider's administrator and the operator read them (provider-wide and
// everywhere) but change nothing. Rules are data of the one mechanism (access/policy.ts): a
// program outside what the actor sees is a 404, a role that may never act is a 403.
import { type ActionOf, definePolicy, rule } from '../access/policy.js';
import { isOperator, isProviderAdminOf, isStaffOf } from '../access/predicates.js';

/** A program as the policy sees it. */
export type ProgramTarget = { departmentId: number; providerId: number };

const READERS = ['operator', 'provider_admin', 'head', 'manager'] as const;
const staff = rule<{ departmentId: number }>(['head', 'manager'], (actor, row) =>
  isStaffOf(actor, row.departmentId),
);

export const programPolicy = definePolicy({
  'program.view': rule<ProgramTarget>(
    READERS,
    (actor, row) =>
      isStaffOf(actor, row.departmentId) || isProviderAdminOf(actor, row.providerId) || isOperator(actor),
  ),
  /**
   * The row is the department the program is created in. Any department exists for the asking
   * (it is chosen from the directory): another department's is refused, not hidden.
   */
  'program.create': rule<{ departmentId: number }>(
    ['head', 'manager'],
    (actor, row) => isStaffOf(actor, row.departmentId),
    { sees: () => true, denied: 'Программы создаются только в своём подразделении' },
  ),
  'program.update': staff,
  'program.files': staff,
});

export type ProgramPolicyAction = ActionOf<typeof programPolicy>;
