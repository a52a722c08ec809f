// Who may do what to programs and courses. The department's staff (its manager and head) keep
// its programs and courses; the head alone reassigns a course's responsible manager; the
// provider's administrator and the operator read (provider-wide and everywhere) but change
// nothing; a course that was never published (a draft) exists only for its department.
// The lifecycle (which action in which state) is lifecycle.ts; this file answers only "who".
import type { Actor, Role } from '../access/actor.js';
import { hasRole, isHeadOf, isOperator, isProviderAdminOf, isStaffOf } from '../access/predicates.js';

type MaybeActor = Actor | null | undefined;

/** A program as the policy sees it. */
export type ProgramTarget = { departmentId: number; providerId: number };
/** A course as the policy sees it: `published` = it has been in the catalog (drafts have not). */
export type CourseTarget = { departmentId: number; providerId: number; published: boolean };

type Rule<Row> = { roles: readonly Role[]; allow: (actor: MaybeActor, row: Row) => boolean };
const rule = <Row>(roles: readonly Role[], allow: (actor: MaybeActor, row: Row) => boolean): Rule<Row> => ({
  roles,
  allow,
});

const READERS = ['operator', 'provider_admin', 'head', 'manager'] as const;
const STAFF = ['head', 'manager'] as const;

const staff = rule<{ departmentId: number }>(STAFF, (actor, row) => isStaffOf(actor, row.departmentId));

const rules = {
  'program.view': rule<ProgramTarget>(
    READERS,
    (actor, row) =>
      isStaffOf(actor, row.departmentId) || isProviderAdminOf(actor, row.providerId) || isOperator(actor),
  ),
  /** The row is the department the program is created in. */
  'program.create': staff,
  'program.update': staff,
  'program.files': staff,
  'course.view': rule<CourseTarget>(
    READERS,
    (actor, row) =>
      isStaffOf(actor, row.departmentId) ||
      (row.published && (isProviderAdminOf(actor, row.providerId) || isOperator(actor))),
  ),
  /** The row is the program's department. */
  'course.create': staff,
  'course.update': staff,
  'course.transition': staff,
  'course.quotas': staff,
  'course.files': staff,
  'course.reassign': rule<{ departmentId: number }>(['head'], (actor, row) =>
    isHeadOf(actor, row.departmentId),
  ),
};

export type CatalogAction = keyof typeof rules;
export type RowOf<A extends CatalogAction> = Parameters<(typeof rules)[A]['allow']>[1];
export const CATALOG_ACTIONS = Object.keys(rules) as CatalogAction[];

/** Whether the actor may do `action` to `row`. Unknown actions and anonymous visitors: no. */
export function can<A extends CatalogAction>(actor: MaybeActor, action: A, row: RowOf<A>): boolean {
  const r = rules[action] as Rule<RowOf<A>> | undefined;
  return r !== undefined && hasRole(actor, ...r.roles) && r.allow(actor, row);
}

/** Whether some role of the actor could do `action` to some row: tells a 403 from a 404. */
export function mayAttempt(actor: MaybeActor, action: CatalogAction): boolean {
  const r = rules[action] as Rule<never> | undefined;
  return r !== undefined && hasRole(actor, ...r.roles);
}
