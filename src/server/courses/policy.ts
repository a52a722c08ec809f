// Who may do what to courses. The department's staff (its manager and head) keep its courses;
// the head alone reassigns a course's responsible manager; the provider's administrator and the
// operator read (provider-wide and everywhere) but change nothing; a course that was never
// published (a draft) exists only for its department. Rules are data of the one mechanism
// (access/policy.ts). Which action in which state is lifecycle.ts; this file answers only "who".
import { type ActionOf, definePolicy, rule } from '../access/policy.js';
import { isHeadOf, isOperator, isProviderAdminOf, isStaffOf } from '../access/predicates.js';

/** A course as the policy sees it: `published` = it has been in the catalog (drafts have not). */
export type CourseTarget = { departmentId: number; providerId: number; published: boolean };

const staff = rule<{ departmentId: number }>(['head', 'manager'], (actor, row) =>
  isStaffOf(actor, row.departmentId),
);

export const coursePolicy = definePolicy({
  'course.view': rule<CourseTarget>(
    ['operator', 'provider_admin', 'head', 'manager'],
    (actor, row) =>
      isStaffOf(actor, row.departmentId) ||
      (row.published && (isProviderAdminOf(actor, row.providerId) || isOperator(actor))),
  ),
  /** The row is the program's department. */
  'course.create': rule<{ departmentId: number }>(
    ['head', 'manager'],
    (actor, row) => isStaffOf(actor, row.departmentId),
    { missing: 'Программа не найдена' },
  ),
  'course.update': staff,
  'course.transition': staff,
  'course.quotas': staff,
  'course.files': staff,
  'course.reassign': rule<{ departmentId: number }>(['head'], (actor, row) =>
    isHeadOf(actor, row.departmentId),
  ),
});

export type CoursePolicyAction = ActionOf<typeof coursePolicy>;

/** What the policy needs of a course row: its owner and whether it has ever been published. */
export const courseTarget = (row: {
  departmentId: number;
  providerId: number;
  publishedAt: Date | null;
}): CourseTarget => ({
  departmentId: row.departmentId,
  providerId: row.providerId,
  published: row.publishedAt !== null,
});
