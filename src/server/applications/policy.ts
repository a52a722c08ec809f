// Who may do what to an application, as rules of the one mechanism (access/policy.ts). Who an
// application concerns: the teacher who applied; the methodists of the territory it belongs to;
// the staff (manager, head) of the course's department and the provider's administrator once it
// reached the provider; the operator. The workflow actions' rules are read off workflow.ts: the
// roles of a transition's parties may attempt it, a party of this application may take it, and
// whoever sees the application is told 403 rather than 404. Which action in which state is
// workflow.ts alone (a 409 otherwise).
import {
  APPLICATION_ACTIONS,
  type ApplicationAction,
  type ApplicationStatus,
  PROVIDER_STATUSES,
} from '../../contract/applications.js';
import type { Actor, Role } from '../access/actor.js';
import { ANY_ROLE, definePolicy, type MaybeActor, type Rule, rule } from '../access/policy.js';
import {
  hasRole,
  isMethodistOf,
  isOperator,
  isProviderAdminOf,
  isStaffOf,
  isTeacher,
} from '../access/predicates.js';
import { ACTION_LABEL, type By, TRANSITIONS, type WorkflowAction } from './workflow.js';

/**
 * Who an application is (or would be) for and where: the teacher, their territory, the course's
 * department. Applying judges the teacher alone, before the course is looked at.
 */
export type Parties = {
  teacherId: number;
  /** Null for someone applying for themselves with no teacher's profile in the Bank. */
  territoryId: number | null;
  departmentId?: number;
};

/** An application as the policy sees it. */
export type ApplicationTarget = {
  teacherId: number;
  territoryId: number;
  departmentId: number;
  providerId: number;
  status: ApplicationStatus;
};

/** Whether the actor is the `by` party of this application. */
export function actsAs(actor: MaybeActor, by: By, row: Parties): boolean {
  switch (by) {
    case 'teacher':
      return isTeacher(actor) && actor?.userId === row.teacherId;
    case 'methodist':
      return row.territoryId !== null && isMethodistOf(actor, row.territoryId);
    case 'staff':
      return row.departmentId !== undefined && isStaffOf(actor, row.departmentId);
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

/**
 * How the actor stands to an application's parties — all of the application the policy reads
 * besides its state — as a key: applications with the same key and states get the same answers
 * for this actor (a basket's page computes its abilities once per key, present.ts).
 */
export const standingOf = (actor: Actor, row: Omit<ApplicationTarget, 'status'>): string =>
  [
    actor.userId === row.teacherId,
    isMethodistOf(actor, row.territoryId),
    isStaffOf(actor, row.departmentId),
    isProviderAdminOf(actor, row.providerId),
  ].join();

/** The parties who take each action (workflow.ts), read off the table once. */
const PARTIES = new Map<WorkflowAction, By[]>();
for (const t of TRANSITIONS) PARTIES.set(t.action, [...new Set([...(PARTIES.get(t.action) ?? []), ...t.by])]);

/** The parties who take `action` (workflow.ts). */
export const partiesOf = (action: WorkflowAction): By[] => PARTIES.get(action) ?? [];

const ROLES_OF: Record<Exclude<By, 'system'>, Role[]> = {
  teacher: ['teacher'],
  methodist: ['methodist'],
  staff: ['manager', 'head'],
};

const rolesOf = (action: WorkflowAction): Role[] => [
  ...new Set(partiesOf(action).flatMap((by) => (by === 'system' ? [] : ROLES_OF[by]))),
];

/** Whether the actor is a party who takes `action` on this application (in some state). */
const isPartyOf = (action: WorkflowAction) => (actor: Actor, row: Parties) =>
  partiesOf(action).some((by) => actsAs(actor, by, row));

const MISSING = 'Заявка не найдена';

/** The rule of one workflow action, read off the table. */
const workflowRule = (action: ApplicationAction): Rule<ApplicationTarget> =>
  rule<ApplicationTarget>(rolesOf(action), isPartyOf(action), {
    sees,
    denied: `Вам недоступно действие «${ACTION_LABEL[action]}»`,
    missing: MISSING,
  });

const workflowRules = Object.fromEntries(
  APPLICATION_ACTIONS.map((action) => [`application.${action}`, workflowRule(action)]),
) as Record<`application.${ApplicationAction}`, Rule<ApplicationTarget>>;

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

export const applicationsPolicy = definePolicy({
  'application.view': rule<ApplicationTarget>(ANY_ROLE, sees, { missing: MISSING }),
  /**
   * Applying judges the teacher applied for: one sees oneself and a methodist her territory's
   * teachers (anyone else is a 404); a teacher applies for themselves with their profile, a
   * methodist for a teacher of her territory.
   */
  'application.apply': rule<Parties>(
    rolesOf('apply'),
    (actor, row) => row.territoryId !== null && isPartyOf('apply')(actor, row),
    {
      sees: (actor, row) =>
        row.teacherId === actor.userId || (row.territoryId !== null && isMethodistOf(actor, row.territoryId)),
      denied: 'Подать заявку может учитель (педагог) с профилем в Банке',
      missing: 'Учитель не найден среди педагогов вашей территории',
    },
  ),
  ...workflowRules,
  /** The region-wide view of every application: the operator's, read-only. */
  'application.region': rule(['operator']),
  'course.places': rule<{ departmentId: number; providerId: number }>(
    ['operator', 'provider_admin', 'head', 'manager', 'methodist'],
    (actor, course) => placesView(actor, course) !== undefined,
    { missing: 'Курс не найден' },
  ),
});

/** The policy's key of a workflow action. */
export const ruleOf = (action: ApplicationAction) => `application.${action}` as const;
