// The course lifecycle as data: (state, action) → next state, who may take it, and its guard.
// The service takes transitions from here, the presenter derives the lifecycle buttons from it,
// the jobs module moves courses on dates by its `system` rows, and tests enumerate it.
//
//   draft → published → closed → running (the first group formed) → finished (every result in) → archived
//   draft | published | closed → cancelled (with a reason)
import {
  ARCHIVED_READ_ONLY,
  COURSE_ACTION_LABEL,
  COURSE_STATUS_LABEL,
  type CourseLifecycleAction,
  type CourseStatus,
} from '../../contract/catalog.js';
import { Conflict, type FieldError } from '../http/errors.js';
import { ruDate } from '../http/xlsx.js';

/**
 * Staff: a manager or the head of the course's department. System: the periodic job, on dates, or
 * the consequence of another change (the first group formed starts the course).
 */
export type Actor = 'staff' | 'system';

/** Actions of the lifecycle: the staff's (the API's) and the system's own. */
export type LifecycleAction = CourseLifecycleAction;

/**
 * A date rule of a system transition: the region's today compared with one of the course's dates.
 * `after`: once the day has passed (today > date); `on`: from that day on (today ≥ date).
 */
export type DateRule = { date: 'applyUntil' | 'startsOn' | 'endsOn'; when: 'after' | 'on' };

/** What the guards look at: the course with its schedule and its program's annotation. */
export type CourseFacts = {
  startsOn: string;
  endsOn: string;
  applyUntil: string;
  capacity: number;
  place: string;
  distanceUrl: string | null;
  annotation: string;
  schedule: { date: string; startsAt: string; endsAt: string }[];
};

export type Transition = {
  from: CourseStatus;
  action: LifecycleAction;
  to: CourseStatus;
  by: Actor;
  /** Reasons the transition may not happen now (none: it may). */
  guard?: (course: CourseFacts) => FieldError[];
  /** System transitions: the date that triggers them. */
  due?: DateRule;
  /** The staff must say why (cancel). */
  needsReason?: true;
  /** Only when every enrolled learner has a result (none is still `enrolled`). */
  needsResults?: true;
};

/** Lessons outside the course's dates, each with its dates as a Russian reader writes them. */
export function lessonsOutsideDates(c: Pick<CourseFacts, 'startsOn' | 'endsOn' | 'schedule'>): FieldError[] {
  return c.schedule.flatMap((day, i) =>
    day.date < c.startsOn || day.date > c.endsOn
      ? [
          {
            field: `schedule.${i}.date`,
            message: `Занятие ${ruDate(day.date)} вне дат курса (${ruDate(c.startsOn)} — ${ruDate(c.endsOn)})`,
          },
        ]
      : [],
  );
}

/** Everything a course must have before the catalog shows it; also kept while it stays published. */
export function completenessProblems(c: CourseFacts): FieldError[] {
  const problems: FieldError[] = [];
  if (c.schedule.length === 0) problems.push({ field: 'schedule', message: 'Заполните расписание курса' });
  problems.push(...lessonsOutsideDates(c));
  if (c.endsOn < c.startsOn) problems.push({ field: 'endsOn', message: 'Дата окончания раньше даты начала' });
  if (c.applyUntil >= c.startsOn)
    problems.push({ field: 'applyUntil', message: 'Приём заявок должен закончиться до начала курса' });
  if (c.capacity <= 0) problems.push({ field: 'capacity', message: 'Укажите число мест' });
  if (!c.place.trim() && !c.distanceUrl)
    problems.push({
      field: 'place',
      message: 'Укажите место проведения или ссылку на дистанционное занятие',
    });
  if (!c.annotation.trim())
    problems.push({ field: 'program.annotation', message: 'Заполните аннотацию программы' });
  return problems;
}

export const TRANSITIONS: readonly Transition[] = [
  { from: 'draft', action: 'publish', to: 'published', by: 'staff', guard: completenessProblems },
  // A manager may stop taking applications early; otherwise the deadline does it.
  { from: 'published', action: 'close', to: 'closed', by: 'staff' },
  {
    from: 'published',
    action: 'close',
    to: 'closed',
    by: 'system',
    due: { date: 'applyUntil', when: 'after' },
  },
  // Not on a date: forming the course's first group (from the first day on) starts it (groups/).
  { from: 'closed', action: 'start', to: 'running', by: 'system' },
  // After the last day, once every learner has a result: by the periodic job, or at once when the
  // last result is recorded (applications/).
  {
    from: 'running',
    action: 'finish',
    to: 'finished',
    by: 'system',
    due: { date: 'endsOn', when: 'after' },
    needsResults: true,
  },
  { from: 'finished', action: 'archive', to: 'archived', by: 'staff' },
  { from: 'draft', action: 'cancel', to: 'cancelled', by: 'staff', needsReason: true },
  { from: 'published', action: 'cancel', to: 'cancelled', by: 'staff', needsReason: true },
  { from: 'closed', action: 'cancel', to: 'cancelled', by: 'staff', needsReason: true },
];

/** The transition `by` may take with `action` from `from`, if the table has one. */
export function transitionOf(from: CourseStatus, action: LifecycleAction, by: Actor): Transition | undefined {
  return TRANSITIONS.find((t) => t.from === from && t.action === action && t.by === by);
}

/** The system's transitions due on dates, in the order a job applies them, so that one run may chain them. */
export const SYSTEM_TRANSITIONS = TRANSITIONS.filter(
  (t): t is Transition & { due: DateRule } => t.by === 'system' && t.due !== undefined,
);

/** What may be changed in each state (besides the lifecycle actions). */
/** `reschedule`: moving lessons within the course's dates (once it runs, with a reason and nothing else). */
export type Edit = 'update' | 'quotas' | 'files' | 'reassign' | 'reschedule';
export const EDITS: Record<CourseStatus, readonly Edit[]> = {
  draft: ['update', 'quotas', 'files', 'reassign', 'reschedule'],
  published: ['update', 'quotas', 'files', 'reassign', 'reschedule'],
  // Dates, place and schedule may still change until the course starts; quotas no longer matter.
  closed: ['update', 'files', 'reassign', 'reschedule'],
  running: ['files', 'reassign', 'reschedule'],
  finished: ['files', 'reassign'],
  archived: [],
  cancelled: [],
};

export const mayEdit = (status: CourseStatus, edit: Edit) => EDITS[status].includes(edit);

/** A 409 saying `what` cannot be done, unless the course's state allows the edit. */
export function checkEditable(status: CourseStatus, edit: Edit, what: string): void {
  if (status === 'archived') throw new Conflict(`${what}. ${ARCHIVED_READ_ONLY}`);
  if (!mayEdit(status, edit))
    throw new Conflict(`${what}: курс в состоянии «${COURSE_STATUS_LABEL[status]}»`);
}

export { COURSE_ACTION_LABEL as ACTION_LABEL };

/** The audit action of each lifecycle action. */
export const AUDIT_ACTION: Record<LifecycleAction, string> = {
  publish: 'course.published',
  close: 'course.closed',
  cancel: 'course.cancelled',
  archive: 'course.archived',
  start: 'course.started',
  finish: 'course.finished',
};
