// The three-year rule of 273-ФЗ art. 47 (a teacher's CPD at least once in three years), by the
// Bank's clock: three years after the end of the last completed course (the Bank's, or one before
// the Bank) the next is due. `overdue` once that day has passed (or when there is no completed
// course at all), `due` when it comes within six months, `ok` otherwise. The overdue list applies
// the same rule in SQL (queries.ts `overdueTeachers`), with the same date arithmetic.
import { CPD_PERIOD_YEARS, CPD_WARNING_MONTHS, type CpdRule } from '../../contract/cpd.js';
import { shiftDate } from '../clock.js';

/** The last day the rule still counts as met: three years after the course ended. */
export const dueOnOf = (lastCompletedOn: string | null): string | null =>
  lastCompletedOn === null ? null : shiftDate(lastCompletedOn, CPD_PERIOD_YEARS, 'year');

/** The latest due date that is already `due` today: six months ahead. */
export const warningLimit = (today: string) => shiftDate(today, CPD_WARNING_MONTHS, 'month');

export function ruleOf(
  lastCompletedOn: string | null,
  today: string,
): { rule: CpdRule; dueOn: string | null } {
  const dueOn = dueOnOf(lastCompletedOn);
  if (dueOn === null || dueOn < today) return { rule: 'overdue', dueOn };
  if (dueOn <= warningLimit(today)) return { rule: 'due', dueOn };
  return { rule: 'ok', dueOn };
}

/** Hours count towards the period when the course ended within the last three years. */
export const periodStart = (today: string) => shiftDate(today, -CPD_PERIOD_YEARS, 'year');
