// Who an application concerns and who may see it. The teacher who applied; the methodists of the
// territory it belongs to; the staff (manager, head) of the course's department and the
// provider's administrator once it reached the provider; the operator. Which action in which
// state is workflow.ts; this file answers only "who".
import { type ApplicationStatus, PROVIDER_STATUSES } from '../../contract/applications.js';
import type { Actor, Role } from '../access/actor.js';
import {
  hasRole,
  isMethodistOf,
  isOperator,
  isProviderAdminOf,
  isStaffOf,
  isTeacher,
} from '../access/predicates.js';
import { type By, TRANSITIONS, type WorkflowAction } from './workflow.js';

type MaybeActor = Actor | null | undefined;

/** An application as the policy sees it. */
export type ApplicationTarget = {
  teacherId: number;
  territoryId: number;
  departmentId: number;
  providerId: number;
  status: ApplicationStatus;
};

/** Whether the actor is the `by` party of this application. */
export function actsAs(
  actor: MaybeActor,
  by: By,
  row: Omit<ApplicationTarget, 'status' | 'providerId'>,
): boolean {
  switch (by) {
    case 'teacher':
      return isTeacher(actor) && actor?.userId === row.teacherId;
    case 'methodist':
      return isMethodistOf(actor, row.territoryId);
    case 'staff':
      return isStaffOf(actor, row.departmentId);
    case 'system':
      return false;
  }
}

/** Whether the actor sees the application (the same rule as the queries' scope). */
export function sees(actor: MaybeActor, row: ApplicationTarget): boolean {
  if (isOperator(actor) || actsAs(actor, 'teacher', row) || actsAs(actor, 'methodist', row)) return true;
  const reachedProvider = PROVIDER_STATUSES.includes(row.status);
  return reachedProvider && (isStaffOf(actor, row.departmentId) || isProviderAdminOf(actor, row.providerId));
}

/** Whether some role of the actor could see some application: tells a 403 from a 404. */
export const mayView = (actor: MaybeActor) =>
  hasRole(actor, 'operator', 'teacher', 'methodist', 'manager', 'head', 'provider_admin');

/** The parties who may take `action` in some state. */
export const partiesOf = (action: WorkflowAction): By[] => [
  ...new Set(TRANSITIONS.filter((t) => t.action === action).flatMap((t) => t.by)),
];

const ROLES_OF: Record<Exclude<By, 'system'>, Role[]> = {
  teacher: ['teacher'],
  methodist: ['methodist'],
  staff: ['manager', 'head'],
};

/** Whether some role of the actor could take `action` on some application: tells a 403 from a 404. */
export const mayAttempt = (actor: MaybeActor, action: WorkflowAction) =>
  partiesOf(action).some((by) => by !== 'system' && hasRole(actor, ...ROLES_OF[by]));

/** Whether the actor is a party who may take `action` on this application in some state. */
export const mayTake = (actor: MaybeActor, action: WorkflowAction, row: ApplicationTarget) =>
  partiesOf(action).some((by) => actsAs(actor, by, row));

/**
 * How much of a published course's places the actor sees: every territory (its staff, the
 * provider's administrator, the operator), her territories' lines and the totals (a methodist).
 */
export function placesView(
  actor: MaybeActor,
  course: { departmentId: number; providerId: number },
): 'all' | 'own' | undefined {
  if (
    isStaffOf(actor, course.departmentId) ||
    isProviderAdminOf(actor, course.providerId) ||
    isOperator(actor)
  )
    return 'all';
  return hasRole(actor, 'methodist') ? 'own' : undefined;
}
