// The course states as everyone sees them: which of them the public catalog lists, and their
// Russian names. Below courses/ and applications/ alike, which both quote a course's state in
// their messages (the lifecycle itself, what moves a course from state to state, is
// courses/lifecycle.ts).
import type { CourseStatus } from '../../contract/catalog.js';

/** States in which the public catalog lists a course. */
export const LISTED_STATUSES: readonly CourseStatus[] = ['published', 'closed', 'running'];

/** Russian names of the states, for error messages. */
export const STATUS_LABEL: Record<CourseStatus, string> = {
  draft: 'черновик',
  published: 'опубликован',
  closed: 'приём заявок закрыт',
  running: 'идёт обучение',
  finished: 'завершён',
  archived: 'в архиве',
  cancelled: 'отменён',
};
