// The application workflow as data: (state, action) → next state, who may take it, in which
// states of the course, and whether a reason is required. The service takes transitions from
// here, the presenter derives each application's buttons from it, and a test enumerates it.
//
//   apply → submitted → forwarded (a place was free) | waitlisted (none was) → enrolled → completed
//   submitted → rejected;  forwarded | waitlisted → submitted (recall) | declined;  waitlisted → forwarded
//   submitted | forwarded | waitlisted → withdrawn;  forwarded → no_show;  enrolled → not_completed
//   submitted | waitlisted → withdrawn («Курс начался», when the first group is formed)
import type { ApplicationStatus, WorkflowAction } from '../../contract/applications.js';
import type { CourseStatus } from '../../contract/catalog.js';

/**
 * Who takes a transition: the teacher who applied, a methodist of the application's territory,
 * the staff (manager or head) of the course's department, or the system (as a consequence).
 */
export type By = 'teacher' | 'methodist' | 'staff' | 'system';

export type { WorkflowAction };

export type Transition = {
  from: ApplicationStatus | null;
  action: WorkflowAction;
  to: ApplicationStatus;
  /** Forwarding with no free place ends here instead. */
  noPlace?: ApplicationStatus;
  by: readonly By[];
  /** The course states in which it may happen. */
  courseIn: readonly CourseStatus[];
  /** The person must say why: the teacher is told. */
  needsReason?: true;
  /** Only once the course's last day has passed (the region's today > its end date). */
  afterEnd?: true;
};

/** Until the group is formed the basket is open: applications move between the two baskets. */
const OPEN: readonly CourseStatus[] = ['published', 'closed'];
const STUDY: readonly CourseStatus[] = ['running', 'finished'];

export const TRANSITIONS: readonly Transition[] = [
  { from: null, action: 'apply', to: 'submitted', by: ['teacher', 'methodist'], courseIn: ['published'] },
  {
    from: 'submitted',
    action: 'forward',
    to: 'forwarded',
    noPlace: 'waitlisted',
    by: ['methodist'],
    courseIn: OPEN,
  },
  {
    from: 'submitted',
    action: 'reject',
    to: 'rejected',
    by: ['methodist'],
    courseIn: OPEN,
    needsReason: true,
  },
  { from: 'forwarded', action: 'recall', to: 'submitted', by: ['methodist'], courseIn: OPEN },
  { from: 'waitlisted', action: 'recall', to: 'submitted', by: ['methodist'], courseIn: OPEN },
  ...(['submitted', 'forwarded', 'waitlisted'] as const).map(
    (from): Transition => ({
      from,
      action: 'withdraw',
      to: 'withdrawn',
      by: ['teacher', 'methodist'],
      courseIn: OPEN,
    }),
  ),
  ...(['forwarded', 'waitlisted'] as const).map(
    (from): Transition => ({
      from,
      action: 'decline',
      to: 'declined',
      by: ['staff'],
      courseIn: [...OPEN, 'running'],
      needsReason: true,
    }),
  ),
  { from: 'waitlisted', action: 'promote', to: 'forwarded', by: ['system'], courseIn: OPEN },
  // First-day attendance and group formation: the staff form a group of those present; the first
  // group formed ends the rest (the absent as no-shows, those still waiting with «Курс начался»).
  { from: 'forwarded', action: 'enrol', to: 'enrolled', by: ['staff'], courseIn: ['closed', 'running'] },
  { from: 'forwarded', action: 'no_show', to: 'no_show', by: ['system'], courseIn: ['running'] },
  ...(['submitted', 'waitlisted'] as const).map(
    (from): Transition => ({
      from,
      action: 'start',
      to: 'withdrawn',
      by: ['system'],
      courseIn: ['running'],
      needsReason: true,
    }),
  ),
  // Results: completion after the last day; expulsion (with a reason) during the course too.
  { from: 'enrolled', action: 'complete', to: 'completed', by: ['staff'], courseIn: STUDY, afterEnd: true },
  {
    from: 'enrolled',
    action: 'fail',
    to: 'not_completed',
    by: ['staff'],
    courseIn: STUDY,
    needsReason: true,
  },
  // A cancelled course ends its active applications, with the course's reason.
  ...(['submitted', 'forwarded', 'waitlisted'] as const).map(
    (from): Transition => ({
      from,
      action: 'cancel',
      to: 'declined',
      by: ['system'],
      courseIn: ['cancelled'],
      needsReason: true,
    }),
  ),
];

/** The transition of `action` from `from`, if the table has one. */
export const transitionOf = (from: ApplicationStatus | null, action: WorkflowAction) =>
  TRANSITIONS.find((t) => t.from === from && t.action === action);

/** States that hold a place of the course: leaving one frees it for the waitlist. */
export const HOLDS_PLACE: readonly ApplicationStatus[] = ['forwarded', 'enrolled'];
export const holdsPlace = (status: ApplicationStatus | null) =>
  status !== null && HOLDS_PLACE.includes(status);

// Russian names of the states and actions, for messages and notifications: the contract's, shared with the UI.
export {
  APPLICATION_ACTION_LABEL as ACTION_LABEL,
  APPLICATION_STATUS_LABEL as STATUS_LABEL,
} from '../../contract/applications.js';
