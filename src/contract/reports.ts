// Statistics for a reporting period: the operator's periods (a closed one is frozen: its figures
// are read from the snapshot taken at closing) and the summary by one or two dimensions, each
// figure limited to what the viewer sees.
import { APPLICATION_STATUSES, type ApplicationStatus } from './applications.js';
import type { PROGRAM_FORMS } from './catalog.js';
import { id, idFilter, idParam, isoDate, sortParam, text } from './common.js';
import { z } from './zod.js';

export const PERIOD_KINDS = ['year', 'half', 'quarter', 'month', 'custom'] as const;
export const periodKind = z.enum(PERIOD_KINDS, { message: 'Выберите вид периода' });
export type PeriodKind = z.infer<typeof periodKind>;
export const PERIOD_KIND_LABEL: Record<PeriodKind, string> = {
  year: 'Год',
  half: 'Полугодие',
  quarter: 'Квартал',
  month: 'Месяц',
  custom: 'Произвольный',
};

export { FUNDING_LABEL, FUNDINGS, type Funding } from './catalog.js';

/** The form of study, as a summary names it. */
export const FORM_LABEL: Record<(typeof PROGRAM_FORMS)[number], string> = {
  full_time: 'Очная',
  mixed: 'Очно-заочная',
  extramural: 'Заочная',
};

export const DIMENSIONS = [
  'territory',
  'provider',
  'department',
  'program',
  'course',
  'organization',
  'position',
  'form',
  'funding',
] as const;
export const dimension = z.enum(DIMENSIONS);
export type Dimension = z.infer<typeof dimension>;
export const DIMENSION_LABEL: Record<Dimension, string> = {
  territory: 'Территория',
  provider: 'Поставщик',
  department: 'Подразделение',
  program: 'Программа',
  course: 'Курс',
  organization: 'Образовательная организация',
  position: 'Должность',
  form: 'Форма обучения',
  funding: 'Источник финансирования',
};
/** Dimensions about teachers: only by them is the share of teachers with CPD in three years counted. */
export const TEACHER_DIMENSIONS: readonly Dimension[] = ['territory', 'organization', 'position'];

/** The longest span a summary covers: ten years. */
export const MAX_SPAN_DAYS = 3660;

const dayDiff = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

const MONTHS_OF: Record<Exclude<PeriodKind, 'custom'>, number> = { year: 12, half: 6, quarter: 3, month: 1 };

/**
 * The last day of a calendar period of `kind` that starts on `startsOn`, or null when a period of
 * that kind cannot start then (a quarter starts on the 1st of January, April, July or October).
 */
export function calendarEnd(kind: PeriodKind, startsOn: string): string | null {
  if (kind === 'custom') return null;
  const [y, m, d] = startsOn.split('-').map(Number) as [number, number, number];
  const months = MONTHS_OF[kind];
  if (d !== 1 || (m - 1) % months !== 0) return null;
  const end = new Date(Date.UTC(y, m - 1 + months, 0));
  return end.toISOString().slice(0, 10);
}

const STARTS: Record<Exclude<PeriodKind, 'custom'>, string> = {
  year: 'Год начинается 1 января',
  half: 'Полугодие начинается 1 января или 1 июля',
  quarter: 'Квартал начинается 1 января, 1 апреля, 1 июля или 1 октября',
  month: 'Месяц начинается с 1-го числа',
};

export const periodInput = z
  .strictObject({
    name: text(100),
    kind: periodKind,
    startsOn: isoDate,
    endsOn: isoDate,
  })
  .superRefine((p, ctx) => {
    if (p.kind !== 'custom') {
      const end = calendarEnd(p.kind, p.startsOn);
      if (end === null)
        ctx.addIssue({
          code: 'custom',
          path: ['startsOn'],
          message: STARTS[p.kind],
        });
      else if (end !== p.endsOn)
        ctx.addIssue({
          code: 'custom',
          path: ['endsOn'],
          message: `Конец периода — ${end.split('-').reverse().join('.')}`,
        });
      return;
    }
    if (p.endsOn < p.startsOn)
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'Конец периода раньше его начала' });
    else if (dayDiff(p.startsOn, p.endsOn) > MAX_SPAN_DAYS)
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'Период не длиннее десяти лет' });
  });
export type PeriodInput = z.input<typeof periodInput>;
export type PeriodData = z.output<typeof periodInput>;

export const periodReopen = z.strictObject({ reason: text(500) });

export const periodParams = z.object({ id: idParam });

export const reportingPeriod = z.object({
  id,
  name: z.string(),
  kind: periodKind,
  startsOn: z.string(),
  endsOn: z.string(),
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
});
export type ReportingPeriod = z.infer<typeof reportingPeriod>;
export const periodList = z.object({ items: z.array(reportingPeriod) });

const byList = z
  .string()
  .max(100)
  .default('territory')
  .transform((v, ctx) => {
    const parts = v.split(',').map((p) => p.trim());
    const bad = parts.filter((p) => !(DIMENSIONS as readonly string[]).includes(p));
    if (bad.length || parts.length > 2 || new Set(parts).size !== parts.length) {
      ctx.addIssue({
        code: 'custom',
        message: `Группировка — одно или два разных измерения из: ${DIMENSIONS.join(', ')}`,
      });
      return z.NEVER;
    }
    return parts as Dimension[];
  });

/** What the rows may be ordered by: the first dimension's name or a measure; '-' for descending. */
export const SUMMARY_SORT_FIELDS = [
  'name',
  'courses',
  'groups',
  'applications',
  'enrolled',
  'completed',
  'notCompleted',
  'noShow',
  'personHours',
  'documents',
  'cpdShare',
] as const;
export type SummarySortField = (typeof SUMMARY_SORT_FIELDS)[number];
export const summarySort = sortParam(SUMMARY_SORT_FIELDS).default('name');

export const summaryQuery = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    /** A saved period instead of from/to: a closed one's figures come from its snapshot. */
    periodId: idFilter,
    by: byList,
    /** The rows' order: the screen's, so that the spreadsheet lists them the same way. */
    sort: summarySort,
  })
  .superRefine((q, ctx) => {
    if (q.periodId !== undefined) {
      if (q.from !== undefined || q.to !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['periodId'],
          message: 'Укажите период или даты, но не то и другое',
        });
      return;
    }
    if (q.from === undefined)
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'Укажите начало периода' });
    if (q.to === undefined) ctx.addIssue({ code: 'custom', path: ['to'], message: 'Укажите конец периода' });
    if (q.from !== undefined && q.to !== undefined) {
      if (q.to < q.from)
        ctx.addIssue({ code: 'custom', path: ['to'], message: 'Конец периода раньше его начала' });
      else if (dayDiff(q.from, q.to) > MAX_SPAN_DAYS)
        ctx.addIssue({ code: 'custom', path: ['to'], message: 'Период не длиннее десяти лет' });
    }
  });
export type SummaryQuery = z.input<typeof summaryQuery>;
export type SummaryQueryInput = z.output<typeof summaryQuery>;

const byState = z.object(
  Object.fromEntries(APPLICATION_STATUSES.map((s) => [s, z.number()])) as Record<
    ApplicationStatus,
    z.ZodNumber
  >,
);

const measures = {
  /** Courses held: distinct courses with learners in a group. A total counts each course once. */
  courses: z.number(),
  /** Distinct groups formed. A total counts each group once. */
  groups: z.number(),
  applications: z.number(),
  byState,
  /** Every learner who joined a group, whatever the result since. */
  enrolled: z.number(),
  completed: z.number(),
  notCompleted: z.number(),
  noShow: z.number(),
  /** Program hours × completed. */
  personHours: z.number(),
  /** Valid (not revoked) documents issued. */
  documents: z.number(),
  /** Teachers of the row (teacher dimensions only, for the operator and methodists; null otherwise). */
  teachers: z.number().nullable(),
  /** Of them, with a completed CPD course in the last three years. */
  teachersWithCpd: z.number().nullable(),
  /** teachersWithCpd / teachers, 0…1, rounded to 3 places; null when not counted or no teachers. */
  cpdShare: z.number().nullable(),
};

export const summaryRow = z.object({
  key: z.string(),
  name: z.string(),
  /** The second dimension's key and name, when grouped by two. */
  key2: z.string().nullable(),
  name2: z.string().nullable(),
  ...measures,
});
export type SummaryRow = z.infer<typeof summaryRow>;

export const summaryTotals = z.object(measures);
export type SummaryTotals = z.infer<typeof summaryTotals>;

export const summary = z.object({
  period: z.object({
    from: z.string(),
    to: z.string(),
    /** The saved period asked for (or the closed one with exactly these dates). */
    periodId: z.string().nullable(),
    name: z.string().nullable(),
    /** Whether the figures come from the snapshot of a closed period. */
    frozen: z.boolean(),
    closedAt: z.string().nullable(),
  }),
  by: z.array(dimension),
  /** What the viewer sees, in words: «Весь край», «Территория: …», «Подразделение: …». */
  scope: z.string(),
  /** The day the CPD share is counted at: today, or the day a closed period was closed. */
  cpdAsOf: z.string(),
  rows: z.array(summaryRow),
  totals: summaryTotals,
});
export type Summary = z.infer<typeof summary>;

export { APPLICATION_STATUSES };
