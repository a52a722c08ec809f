// Who may do what to a course's groups. The department's staff (its manager and head) form groups
// and edit their numbers; they, the provider's administrator, the operator and methodists read
// them — a methodist only her territory's learners (the queries' scope). Rules are data of the one mechanism
// (access/policy.ts); which course states allow what is the service's.
import { definePolicy, type MaybeActor, rule } from '../access/policy.js';
import { hasRole, isOperator, isProviderAdminOf, isStaffOf } from '../access/predicates.js';

/** A course as the groups' rules see it: its department, and whether it has been published. */
export type GroupCourse = { departmentId: number; providerId: number; published: boolean };

const staff = rule<GroupCourse>(['head', 'manager'], (actor, row) => isStaffOf(actor, row.departmentId), {
  missing: 'Курс не найден',
  denied: 'Группы формирует руководитель курса или начальник подразделения',
});

export const groupsPolicy = definePolicy({
  /** A methodist reads the groups of any published course, seeing only her territory's learners. */
  'group.view': rule<GroupCourse>(
    ['operator', 'provider_admin', 'head', 'manager', 'methodist'],
    (actor, row) =>
      isStaffOf(actor, row.departmentId) ||
      (row.published &&
        (isOperator(actor) || isProviderAdminOf(actor, row.providerId) || hasRole(actor, 'methodist'))),
    { missing: 'Курс не найден' },
  ),
  'group.form': staff,
  'group.update': staff,
});

/**
 * Whose learners of the course the actor sees: all (its staff, the provider's administrator, the
 * operator) or her territories' (a methodist).
 */
export const learnersView = (actor: MaybeActor, course: GroupCourse): 'all' | 'own' =>
  isStaffOf(actor, course.departmentId) || isProviderAdminOf(actor, course.providerId) || isOperator(actor)
    ? 'all'
    : 'own';
