// The attendance journal of a course: reading it (scoped to what the actor sees), saving a day's
// marks and confirming a day. Each change is one transaction with its audit row; a refused request
// changes nothing. Marks are taken on the course's schedule days, from the first day up to the
// Bank's today (its clock), while the course is closed for applications, running or finished; an
// archived course is read-only. A confirmed day is changed by the head, or by a manager who says why.
import {
  type DayInput,
  JOURNAL_COURSE_STATUSES,
  type MarkInput,
  type TerritoryQuery,
} from '../../contract/attendance.js';
import type { CourseStatus } from '../../contract/catalog.js';
import type { Actor, Who } from '../access/actor.js';
import { auditRow, recordAudit } from '../audit/audit.js';
import { regionDate } from '../clock.js';
import type { Ctx } from '../context.js';
import type { Database } from '../db/database.js';
import { Conflict, type FieldError, Invalid } from '../http/errors.js';
import { attendancePolicy } from './policy.js';
import * as q from './queries.js';

type Signed = Who & { actor: Actor };

const { authorize, authorizeAttempt, can } = attendancePolicy;

const today = (ctx: Ctx) => regionDate(ctx.now());

/** Why the journal of a course in this state takes no marks; null when it does. */
export function readOnlyReason(status: CourseStatus): string | null {
  if ((JOURNAL_COURSE_STATUSES as readonly string[]).includes(status)) return null;
  switch (status) {
    case 'archived':
      return 'Курс в архиве: изменения невозможны';
    case 'cancelled':
      return 'Курс отменён: посещаемость не отмечается';
    default:
      return 'Посещаемость отмечается, когда приём заявок закрыт и начались занятия';
  }
}

export type JournalData = {
  course: q.JournalCourse;
  today: string;
  schedule: { date: string; topic: string }[];
  learners: Awaited<ReturnType<typeof q.learnersOf>>;
  marks: Awaited<ReturnType<typeof q.marksOf>>;
  confirmed: Awaited<ReturnType<typeof q.confirmedDaysOf>>;
  actor: Actor;
};

/** The journal as the actor sees it. */
async function loadJournal(db: Database, actor: Actor, course: q.JournalCourse, day: string) {
  const [schedule, learners, marks, confirmed] = await Promise.all([
    q.scheduleOf(db, course.id),
    q.learnersOf(db, actor, course.id),
    q.marksOf(db, actor, course.id),
    q.confirmedDaysOf(db, course.id),
  ]);
  return { course, today: day, schedule, learners, marks, confirmed, actor } satisfies JournalData;
}

export type DayData = {
  day: { date: string; topic: string; first: boolean; future: boolean };
  learners: Omit<q.DayLearner, 'visible'>[];
  confirmed: q.ScheduledDay['confirmed'];
};

/**
 * The day as the actor sees it after a change (see `journalDayUpdate` in the contract): the
 * learners read with the course, the marks just written laid over them, no second read.
 */
function dayAnswer(
  course: q.JournalCourse,
  scheduled: q.ScheduledDay,
  date: string,
  now: string,
  written: { marks: Map<number, q.MarkRow>; at: Date } | null,
  confirmed: q.ScheduledDay['confirmed'],
): DayData {
  return {
    day: { date, topic: scheduled.topic, first: scheduled.first, future: date > now },
    learners: course.learners
      .filter((l) => l.visible)
      .map(({ visible: _, ...l }) => {
        const mark = written?.marks.get(l.applicationId);
        return mark
          ? { ...l, mark: mark.mark, reason: mark.reason, markedAt: written?.at ?? null, markedBy: course.me }
          : l;
      }),
    confirmed,
  };
}

export async function getJournal(ctx: Ctx, who: Signed, courseId: number): Promise<JournalData> {
  authorizeAttempt(who.actor, 'attendance.view');
  const course = authorize(who.actor, 'attendance.view', await q.journalCourse(ctx.db, who.actor, courseId));
  return loadJournal(ctx.db, who.actor, course, today(ctx));
}

/**
 * The checks every change of a day shares: the course keeps its journal and `day` may be marked.
 * Returns the day as the schedule has it, with its confirmation (read with the course).
 */
function checkDay(course: q.JournalCourse, day: string, now: string): q.ScheduledDay {
  const locked = readOnlyReason(course.status);
  if (locked) throw new Conflict(locked);
  if (!course.scheduled)
    throw new Invalid('Проверьте дату', [
      { field: 'date', message: 'В расписании курса нет занятия в этот день' },
    ]);
  if (day > now)
    throw new Invalid('Проверьте дату', [
      { field: 'date', message: 'Этот день ещё не наступил: посещаемость отмечается в день занятия и позже' },
    ]);
  return course.scheduled;
}

const normalize = (input: DayInput) =>
  Array.isArray(input) ? { marks: input, reason: null } : { marks: input.marks, reason: input.reason };

const markOf = (m: MarkInput) =>
  m.mark ?? (m.present === undefined ? undefined : m.present ? 'present' : 'absent');

export async function saveDay(ctx: Ctx, who: Signed, courseId: number, day: string, input: DayInput) {
  authorizeAttempt(who.actor, 'attendance.mark');
  const { marks, reason } = normalize(input);
  const at = ctx.now();
  const now = regionDate(at);
  return ctx.db.transaction().execute(async (trx) => {
    const course = authorize(
      who.actor,
      'attendance.mark',
      await q.journalCourse(trx, who.actor, courseId, { lock: true, day, learners: true }),
    );
    const scheduled = checkDay(course, day, now);

    // The course's learners with their marks of the day, read once with the course: they check
    // the marks given and, with the marks written over them, are the answer (no second read).
    const { learners } = course;
    const found = new Map(learners.map((l) => [l.applicationId, l]));
    const errors: FieldError[] = [];
    const seen = new Set<number>();
    const rows: q.MarkRow[] = [];
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    marks.forEach((m, i) => {
      const application = found.get(m.applicationId);
      const mark = markOf(m);
      if (seen.has(m.applicationId)) {
        errors.push({ field: `marks.${i}.applicationId`, message: 'Слушатель указан дважды' });
        return;
      }
      seen.add(m.applicationId);
      if (!application || !(q.LEARNER_STATUSES as readonly string[]).includes(application.status)) {
        errors.push({ field: `marks.${i}.applicationId`, message: 'Это не слушатель курса' });
        return;
      }
      if (!(q.MARKED_STATUSES as readonly string[]).includes(application.status)) {
        errors.push({
          field: `marks.${i}.applicationId`,
          message: 'Слушатель не явился в первый день: отметки больше не ставятся',
        });
        return;
      }
      if (!mark) {
        errors.push({
          field: `marks.${i}.mark`,
          message: 'Выберите отметку: присутствовал, отсутствовал или уважительная причина',
        });
        return;
      }
      if (mark === 'excused' && !m.reason) {
        errors.push({ field: `marks.${i}.reason`, message: 'Укажите уважительную причину отсутствия' });
        return;
      }
      const markReason = mark === 'present' ? null : (m.reason ?? null);
      if (application.mark === mark && (application.reason ?? null) === markReason) return;
      rows.push({ applicationId: m.applicationId, mark, reason: markReason });
      before[m.applicationId] = application.mark
        ? { mark: application.mark, reason: application.reason }
        : null;
      after[m.applicationId] = { mark, reason: markReason };
    });
    if (errors.length) throw new Invalid('Проверьте отметки', errors);

    // Saving marks never confirms or unconfirms a day: its confirmation is read with the day.
    const { confirmed } = scheduled;
    if (rows.length > 0 && confirmed) {
      if (!can(who.actor, 'attendance.changeConfirmed', course) && !reason)
        throw new Invalid('День уже подтверждён', [
          { field: 'reason', message: 'День подтверждён: укажите причину изменения отметок' },
        ]);
    }
    if (rows.length > 0) {
      await q.writeMarks(
        trx,
        course.id,
        day,
        rows,
        who.actor.userId,
        at,
        auditRow(at, who, {
          action: 'attendance.marked',
          entityType: 'course',
          entityId: course.id,
          before: { day, marks: before },
          after: { day, marks: after, ...(reason ? { reason } : {}) },
        }),
      );
    }
    const written = new Map(rows.map((r) => [r.applicationId, r]));
    return dayAnswer(course, scheduled, day, now, { marks: written, at }, confirmed);
  });
}

export async function confirmDay(ctx: Ctx, who: Signed, courseId: number, day: string) {
  authorizeAttempt(who.actor, 'attendance.confirm');
  const at = ctx.now();
  const now = regionDate(at);
  return ctx.db.transaction().execute(async (trx) => {
    const course = authorize(
      who.actor,
      'attendance.confirm',
      await q.journalCourse(trx, who.actor, courseId, { lock: true, day, learners: true }),
    );
    const scheduled = checkDay(course, day, now);
    const unmarked = await q.unmarkedCount(trx, course.id, day);
    if (unmarked > 0)
      throw new Conflict(
        `Не все слушатели отмечены: без отметки ${unmarked}. Отметьте всех и сохраните день`,
      );
    if (!(await q.confirmDay(trx, course.id, day, who.actor.userId, at)))
      return dayAnswer(course, scheduled, day, now, null, scheduled.confirmed);
    await recordAudit(trx, at, who, {
      action: 'attendance.confirmed',
      entityType: 'course',
      entityId: course.id,
      after: { day },
    });
    return dayAnswer(course, scheduled, day, now, null, { day, confirmedAt: at, confirmedBy: course.me });
  });
}

export function territoryAttendance(ctx: Ctx, who: Signed, query: TerritoryQuery) {
  authorizeAttempt(who.actor, 'attendance.territory');
  return q.territoryAttendance(ctx.db, who.actor, today(ctx), query);
}

/** The same rows for a spreadsheet; the export of people's names is audited. */
export async function exportTerritoryAttendance(ctx: Ctx, who: Signed, query: TerritoryQuery) {
  authorizeAttempt(who.actor, 'attendance.territory');
  const result = await q.territoryAttendance(ctx.db, who.actor, today(ctx), query);
  await recordAudit(ctx.db, ctx.now(), who, {
    action: 'attendance.exported',
    entityType: 'attendance',
    after: { ...query, rows: result.items.length },
  });
  return result;
}
