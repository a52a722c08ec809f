// Who may do what to a course's attendance journal, as rules of the one mechanism
// (access/policy.ts). The course's department (its manager and head) keeps the journal; the head
// alone changes a day already confirmed without giving a reason. The provider's administrator and
// the operator read it; a territory's methodist reads the marks of her territory's learners on a
// course her teachers applied to (the queries keep the rest of the journal from her).
import { type ActionOf, definePolicy, rule } from '../access/policy.js';
import { isHeadOf, isMethodistOf, isOperator, isProviderAdminOf, isStaffOf } from '../access/predicates.js';

/** A course's journal as the policy sees it. */
export type JournalTarget = {
  departmentId: number;
  providerId: number;
  /** The course has been in the catalog (a draft exists only for its department). */
  published: boolean;
  /** Territories of the actor (as a methodist) whose teachers applied to the course. */
  methodistTerritories: number[];
};

const staff = rule<{ departmentId: number }>(['head', 'manager'], (actor, row) =>
  isStaffOf(actor, row.departmentId),
);

export const attendancePolicy = definePolicy({
  'attendance.view': rule<JournalTarget>(
    ['operator', 'provider_admin', 'head', 'manager', 'methodist'],
    (actor, row) =>
      isStaffOf(actor, row.departmentId) ||
      (row.published && (isOperator(actor) || isProviderAdminOf(actor, row.providerId))) ||
      row.methodistTerritories.some((t) => isMethodistOf(actor, t)),
    { missing: 'Курс не найден' },
  ),
  'attendance.mark': {
    ...staff,
    missing: 'Курс не найден',
    denied: 'Отмечать посещаемость может руководитель курсов или начальник подразделения',
  },
  'attendance.confirm': {
    ...staff,
    missing: 'Курс не найден',
    denied: 'Подтвердить день может руководитель курсов или начальник подразделения',
  },
  /** Changing a confirmed day without a reason: the head; a manager gives a reason. */
  'attendance.changeConfirmed': rule<{ departmentId: number }>(['head'], (actor, row) =>
    isHeadOf(actor, row.departmentId),
  ),
  /** The methodist's learners across courses (her territory), the operator's of any territory. */
  'attendance.territory': rule(['methodist', 'operator'], undefined, {
    denied: 'Посещаемость по территории доступна методисту и оператору',
  }),
});

export type AttendancePolicyAction = ActionOf<typeof attendancePolicy>;
