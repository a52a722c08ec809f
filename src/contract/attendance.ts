// The attendance journal of a course: its schedule days × its learners, a mark per learner and day
// (present, absent, excused with a reason), who marked it and when, and days the staff confirmed.
// The first day's marks decide who joins the group. Methodists see their territory's learners.
import { applicationStatus } from './applications.js';
import { courseDate, courseStatus } from './catalog.js';
import { id, idFilter, idParam, isoDate, optionalText, refId, sortParam } from './common.js';
import { z } from './zod.js';

export const ATTENDANCE_MARKS = ['present', 'absent', 'excused'] as const;
export const attendanceMark = z.enum(ATTENDANCE_MARKS);
export type AttendanceMark = z.infer<typeof attendanceMark>;

/** Russian names of the marks: the journal's legend, the list's filter, the messages. */
export const ATTENDANCE_MARK_LABEL: Record<AttendanceMark, string> = {
  present: 'Присутствовал(а)',
  absent: 'Отсутствовал(а)',
  excused: 'Отсутствовал(а) по уважительной причине',
};

/** One letter of a mark in the journal's cell: П, Н, У. */
export const ATTENDANCE_MARK_LETTER: Record<AttendanceMark, string> = {
  present: 'П',
  absent: 'Н',
  excused: 'У',
};

/** The course states in which the journal is kept; an archived course's journal is read-only. */
export const JOURNAL_COURSE_STATUSES = ['closed', 'running', 'finished'] as const;

export const journalParams = z.object({ id: idParam });
export const journalDayParams = z.object({ id: idParam, date: isoDate });

/** One learner's mark of the day; `present: true|false` is accepted as a shorthand for the mark. */
export const markInput = z.object({
  applicationId: refId,
  mark: attendanceMark.optional(),
  present: z.boolean().optional(),
  reason: optionalText(500),
});
export type MarkInput = z.infer<typeof markInput>;

const MAX_MARKS = 1000;
const markList = z.array(markInput).max(MAX_MARKS, `Не больше ${MAX_MARKS} отметок за раз`);

/**
 * A day's marks: the list alone, or `{marks, reason}` where `reason` explains a change to a day the
 * staff has already confirmed (it is recorded in the history).
 */
export const dayInput = z.union([markList, z.object({ marks: markList, reason: optionalText(500) })]);
export type DayInput = z.infer<typeof dayInput>;

export const confirmInput = z.strictObject({}).nullish();

const attribution = z.object({ by: z.string().nullable(), at: z.string() });

export const journalMark = z.object({
  day: z.string(),
  mark: attendanceMark,
  reason: z.string().nullable(),
  markedBy: z.string().nullable(),
  markedAt: z.string(),
});
export type JournalMark = z.infer<typeof journalMark>;

const counts = z.object({ present: z.number(), absent: z.number(), excused: z.number() });
export type MarkCounts = z.infer<typeof counts>;

export const journalDay = z.object({
  date: z.string(),
  topic: z.string(),
  /** The first schedule day: its marks decide who joins the group. */
  first: z.boolean(),
  /** After the Bank's today: nothing to mark yet. */
  future: z.boolean(),
  confirmed: attribution.nullable(),
  totals: counts.extend({ unmarked: z.number() }),
});
export type JournalDay = z.infer<typeof journalDay>;

export const journalLearner = z.object({
  applicationId: id,
  name: z.string(),
  organization: z.string(),
  territoryId: id,
  territory: z.string(),
  status: applicationStatus,
  /** A no-show of the first day stays in the journal but takes no more marks. */
  readOnly: z.boolean(),
  marks: z.array(journalMark),
});
export type JournalLearner = z.infer<typeof journalLearner>;

export const journal = z.object({
  course: z.object({
    id,
    title: z.string(),
    status: courseStatus,
    startsOn: z.string(),
    endsOn: z.string(),
  }),
  /** The Bank's date (its clock, in the region's time zone). */
  today: z.string(),
  days: z.array(journalDay),
  learners: z.array(journalLearner),
  /** Per territory and day: the marks of its learners (a methodist: her territory alone). */
  territories: z.array(
    z.object({
      territoryId: id,
      name: z.string(),
      learners: z.number(),
      days: z.array(counts.extend({ date: z.string() })),
    }),
  ),
  can: z.object({
    /** Mark and save days (schedule days up to today, while the course is kept). */
    mark: z.boolean(),
    confirm: z.boolean(),
    /** Change a confirmed day without giving a reason (the head). */
    changeConfirmed: z.boolean(),
  }),
  /** Why nothing can be changed now (an archived course, a course not closed yet), if so. */
  readOnlyReason: z.string().nullable(),
});
export type Journal = z.infer<typeof journal>;

/**
 * What saving or confirming a day answers: that day as the journal shows it (its totals and
 * confirmation, the marks of the learners the actor sees, each territory's counts), not the whole
 * journal again: a day of 100 marks is a small part of a journal of 100 learners × 40 days.
 */
export const journalDayUpdate = z.object({
  day: journalDay,
  marks: z.array(journalMark.extend({ applicationId: id })),
  territories: z.array(counts.extend({ territoryId: id })),
});
export type JournalDayUpdate = z.infer<typeof journalDayUpdate>;

/** The journal with one day replaced by what saving or confirming it answered. */
export function withDay(journal: Journal, update: JournalDayUpdate): Journal {
  const date = update.day.date;
  const marks = new Map(update.marks.map(({ applicationId, ...mark }) => [applicationId, mark]));
  const counts = new Map(
    update.territories.map(({ territoryId, present, absent, excused }) => [
      territoryId,
      { present, absent, excused },
    ]),
  );
  return {
    ...journal,
    days: journal.days.map((d) => (d.date === date ? update.day : d)),
    learners: journal.learners.map((l) => {
      const mark = marks.get(l.applicationId);
      const others = l.marks.filter((m) => m.day !== date);
      return {
        ...l,
        marks: mark ? [...others, mark].sort((a, b) => a.day.localeCompare(b.day)) : others,
      };
    }),
    territories: journal.territories.map((t) => ({
      ...t,
      days: t.days.map((d) =>
        d.date === date
          ? { date, ...(counts.get(t.territoryId) ?? { present: 0, absent: 0, excused: 0 }) }
          : d,
      ),
    })),
  };
}

/** The first day's mark to filter by; `none`: not marked. */
export const firstDayFilter = z.enum([...ATTENDANCE_MARKS, 'none']);
export type FirstDayFilter = z.infer<typeof firstDayFilter>;

/**
 * The orders of a territory's learners (`-` before one for descending): by course (its first day,
 * then its title), by learner, by organization, by the first day's mark.
 */
export const TERRITORY_SORTS = ['course', 'teacher', 'organization', 'mark'] as const;
export type TerritorySortField = (typeof TERRITORY_SORTS)[number];
export const territorySort = sortParam(TERRITORY_SORTS);
export type TerritorySort = z.infer<typeof territorySort>;
/** The courses started last first, as the server picks them. */
export const TERRITORY_DEFAULT_SORT: TerritorySort = '-course';

type TerritorySortable = {
  startsOn: string;
  courseTitle: string;
  teacherName: string;
  organization: string;
  firstDayMark: AttendanceMark | null;
};
const byName = (a: string, b: string) => a.localeCompare(b, 'ru');
const TERRITORY_ORDER: Record<TerritorySortField, (a: TerritorySortable, b: TerritorySortable) => number> = {
  course: (a, b) => a.startsOn.localeCompare(b.startsOn) || byName(a.courseTitle, b.courseTitle),
  teacher: (a, b) => byName(a.teacherName, b.teacherName),
  organization: (a, b) => byName(a.organization, b.organization),
  mark: (a, b) => (a.firstDayMark ?? 'z').localeCompare(b.firstDayMark ?? 'z'),
};

/**
 * A territory's learners in a list's order (a stable sort: rows equal in it keep the server's
 * order). The page sorts what it shows with it and the server writes the spreadsheet with it, so
 * the two read alike.
 */
export function sortTerritoryRows<R extends TerritorySortable>(
  rows: readonly R[],
  sort: TerritorySort = TERRITORY_DEFAULT_SORT,
): R[] {
  const compare = TERRITORY_ORDER[sort.replace(/^-/, '') as TerritorySortField];
  const sign = sort.startsWith('-') ? -1 : 1;
  return [...rows].sort((a, b) => sign * compare(a, b));
}

export const territoryQuery = z.object({
  territoryId: idFilter,
  courseId: idFilter,
  organizationId: idFilter,
  mark: firstDayFilter.optional(),
  /** Courses whose first day falls within the period. */
  from: courseDate.optional(),
  to: courseDate.optional(),
  sort: territorySort.optional(),
});
export type TerritoryQuery = z.infer<typeof territoryQuery>;

/** One learner of the methodist's territory on a course that has started. */
export const territoryRow = z.object({
  applicationId: id,
  courseId: id,
  courseTitle: z.string(),
  courseStatus,
  startsOn: z.string(),
  endsOn: z.string(),
  teacherName: z.string(),
  organizationId: id,
  organization: z.string(),
  territory: z.string(),
  status: applicationStatus,
  firstDayMark: attendanceMark.nullable(),
  firstDayReason: z.string().nullable(),
  present: z.number(),
  absent: z.number(),
  excused: z.number(),
  /** Schedule days of the course up to today. */
  daysSoFar: z.number(),
});
export type TerritoryRow = z.infer<typeof territoryRow>;

export const territoryAttendance = z.object({
  items: z.array(territoryRow),
  /** More rows exist than the answer holds: the courses started last are listed (narrow by period or territory). */
  truncated: z.boolean(),
});
export type TerritoryAttendance = z.infer<typeof territoryAttendance>;
