// The catalog: programs (ДПП) of departments, courses with schedules, quotas and files, their
// lifecycle, and the public catalog with the course page.
import {
  id,
  idFilter,
  isoDate,
  optionalText,
  pageQuery,
  patchText,
  refId,
  searchText,
  sortParam,
  text,
} from './common.js';
import { z } from './zod.js';

export const PROGRAM_KINDS = ['qualification', 'retraining'] as const;
/** A program's kind as the UI and the audit log name it. */
export const PROGRAM_KIND_LABEL: Record<string, string> = {
  qualification: 'повышение квалификации',
  retraining: 'профессиональная переподготовка',
};
export const programKind = z.enum(PROGRAM_KINDS);
export type ProgramKind = z.infer<typeof programKind>;

export const PROGRAM_FORMS = ['full_time', 'mixed', 'extramural'] as const;
export const programForm = z.enum(PROGRAM_FORMS);
export type ProgramForm = z.infer<typeof programForm>;

export const COURSE_STATUSES = [
  'draft',
  'published',
  'closed',
  'running',
  'finished',
  'archived',
  'cancelled',
] as const;
export const courseStatus = z.enum(COURSE_STATUSES);
export type CourseStatus = z.infer<typeof courseStatus>;

/** A course that has started: its places are spent, what counts is who studies and who finished. */
export const STARTED_COURSE_STATUSES: readonly CourseStatus[] = ['running', 'finished', 'archived'];

/**
 * Learners of a started course (null before it starts): `enrolled` — everyone who joined a group,
 * whatever the result since; `completed` — those who completed it.
 */
export const courseLearners = z.object({ enrolled: z.number(), completed: z.number() }).nullable();
export type CourseLearners = z.infer<typeof courseLearners>;

/** What a department's staff may do to a course through the API (`POST /courses/{id}/actions/{action}`). */
export const COURSE_ACTIONS = ['publish', 'close', 'cancel', 'archive'] as const;
export const courseAction = z.enum(COURSE_ACTIONS);
export type CourseAction = z.infer<typeof courseAction>;

/** The lifecycle's actions: the staff's and the system's own, taken as the course's dates pass. */
export type CourseLifecycleAction = CourseAction | 'start' | 'finish';

/**
 * Russian names of the course states, one source for the server's messages and the UI's badges
 * and filters: a state without a name does not compile.
 */
export const COURSE_STATUS_LABEL: Record<CourseStatus, string> = {
  draft: 'Черновик',
  published: 'Идёт приём заявок',
  closed: 'Приём заявок закрыт',
  running: 'Идёт обучение',
  finished: 'Завершён',
  archived: 'В архиве',
  cancelled: 'Отменён',
};

/** A running course past its last day, its results not yet recorded, as its staff read it (page and spreadsheet). */
export const AWAITING_RESULTS_LABEL = 'Ждёт итогов';

/** Why every change of an archived course, its applications and its thread is refused (409). */
export const ARCHIVED_READ_ONLY = 'Курс в архиве: его данные доступны только для чтения';

/** What each lifecycle action does, as a verb: «нельзя …» in messages, a button capitalised. */
export const COURSE_ACTION_LABEL: Record<CourseLifecycleAction, string> = {
  publish: 'опубликовать',
  close: 'закрыть приём заявок',
  cancel: 'отменить',
  archive: 'перенести в архив',
  start: 'начать обучение',
  finish: 'завершить',
};

/** The least hours of a program by its kind (Federal Law 273-ФЗ, order No. 499 of 2013). */
export const MIN_HOURS: Record<ProgramKind, number> = { qualification: 16, retraining: 250 };

// --- field types

// Multi-line text (an annotation, planned results): line breaks and tabs are fine, other control
// characters are not (NUL cannot even be stored).
const hasControl = (v: string) => /\p{Cc}/u.test(v.replace(/[\n\r\t]/g, ''));
export const longText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((v) => !hasControl(v), 'Уберите непечатаемые символы');

/** A date of a course's life: a real calendar day within a sane range (else 400, never a database error). */
export const courseDate = isoDate.refine(
  (v) => v >= '2000-01-01' && v <= '2100-12-31',
  'Дата должна быть между 2000 и 2100 годом',
);

export const clockTime = z
  .string()
  .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'Время в формате ЧЧ:ММ, например 09:30');

const webLink = z
  .string()
  .trim()
  .max(1000)
  .pipe(z.url({ protocol: /^https?$/, error: 'Ссылка должна начинаться с http:// или https://' }));

/** Place: an address, or a word such as «дистанционно» when the course runs through `distanceUrl`. */
const place = z
  .string()
  .trim()
  .max(500)
  .refine((v) => !/\p{Cc}/u.test(v), 'Уберите непечатаемые символы');

// --- programs

const hoursOf = z.number().int('Целое число часов').min(1).max(5000);

export const programCreate = z
  .strictObject({
    departmentId: refId,
    title: text(500),
    annotation: longText(20_000),
    hours: hoursOf,
    kind: programKind,
    form: programForm,
    distance: z.boolean(),
    targetPositionIds: z.array(refId).max(50).default([]),
    subjects: z.array(text(200)).max(30).default([]),
    plannedResults: longText(20_000).default(''),
  })
  .superRefine((p, ctx) => {
    if (p.hours < MIN_HOURS[p.kind])
      ctx.addIssue({ code: 'custom', path: ['hours'], message: hoursMessage(p.kind) });
  });
export type ProgramCreate = z.input<typeof programCreate>;
export type ProgramCreateInput = z.output<typeof programCreate>;

export function hoursMessage(kind: ProgramKind) {
  return kind === 'qualification'
    ? `Программа повышения квалификации — не менее ${MIN_HOURS.qualification} часов`
    : `Программа профессиональной переподготовки — не менее ${MIN_HOURS.retraining} часов`;
}

/** Absent fields stay as they are; arrays are replaced whole. A program never changes department. */
export const programUpdate = z.strictObject({
  title: text(500).optional(),
  annotation: longText(20_000).optional(),
  hours: hoursOf.optional(),
  kind: programKind.optional(),
  form: programForm.optional(),
  distance: z.boolean().optional(),
  targetPositionIds: z.array(refId).max(50).optional(),
  subjects: z.array(text(200)).max(30).optional(),
  plannedResults: longText(20_000).optional(),
});
export type ProgramUpdate = z.input<typeof programUpdate>;
export type ProgramUpdateInput = z.output<typeof programUpdate>;

export const programListQuery = z.object({
  departmentId: idFilter,
  q: searchText,
  ...pageQuery,
});
export type ProgramListQuery = z.output<typeof programListQuery>;

const namedRef = z.object({ id, name: z.string() });

export const fileInfo = z.object({
  id,
  name: z.string(),
  title: z.string().nullable(),
  contentType: z.string(),
  size: z.number(),
  createdAt: z.string(),
  /** Where to download it: `GET /api/v1/files/{id}`. */
  url: z.string(),
});
export type FileInfo = z.infer<typeof fileInfo>;

export const programSummary = z.object({
  id,
  departmentId: id,
  departmentName: z.string(),
  providerId: id,
  providerName: z.string(),
  title: z.string(),
  hours: z.number(),
  kind: programKind,
  form: programForm,
  distance: z.boolean(),
  targetPositions: z.array(namedRef),
  coursesCount: z.number(),
  updatedAt: z.string(),
  abilities: z.object({ update: z.boolean(), createCourse: z.boolean(), editFiles: z.boolean() }),
});
export type ProgramSummary = z.infer<typeof programSummary>;

export const program = programSummary.extend({
  annotation: z.string(),
  subjects: z.array(z.string()),
  plannedResults: z.string(),
  files: z.array(fileInfo),
  createdAt: z.string(),
});
export type Program = z.infer<typeof program>;

// --- courses

export const scheduleDayInput = z
  .strictObject({
    date: courseDate,
    startsAt: clockTime,
    endsAt: clockTime,
    topic: text(500),
    room: optionalText(200),
    teacher: optionalText(300),
  })
  .refine((d) => d.startsAt < d.endsAt, { path: ['endsAt'], message: 'Окончание должно быть позже начала' });
export type ScheduleDayInput = z.input<typeof scheduleDayInput>;

/** The schedule is sent and stored whole; two sessions of one day may not overlap. */
const schedule = z
  .array(scheduleDayInput)
  .max(400)
  .superRefine((days, ctx) => {
    const byDate = new Map<string, { startsAt: string; endsAt: string; index: number }[]>();
    days.forEach((d, index) => {
      const list = byDate.get(d.date) ?? [];
      for (const other of list)
        if (d.startsAt < other.endsAt && other.startsAt < d.endsAt)
          ctx.addIssue({
            code: 'custom',
            path: [index, 'startsAt'],
            message: `Занятие пересекается с другим занятием ${d.date}`,
          });
      list.push({ ...d, index });
      byDate.set(d.date, list);
    });
  });

/** Who pays for the learners: the region's budget (the default) or the learners themselves. */
export const FUNDINGS = ['budget', 'paid'] as const;
export const funding = z.enum(FUNDINGS, { message: 'Выберите источник финансирования' });
export type Funding = z.infer<typeof funding>;
export const FUNDING_LABEL: Record<Funding, string> = {
  budget: 'Бюджет',
  paid: 'Платное обучение',
};

const capacity = z.number().int('Целое число мест').min(0).max(10_000);

export const courseCreate = z.strictObject({
  programId: refId,
  startsOn: courseDate,
  endsOn: courseDate,
  applyUntil: courseDate,
  capacity,
  place,
  distanceUrl: webLink.nullish(),
  schedule,
  quotaReleaseOn: courseDate.nullish(),
  funding: funding.default('budget'),
  /** The responsible manager; by default the creator when they are a manager of the department. */
  managerId: refId.optional(),
});
export type CourseCreate = z.input<typeof courseCreate>;
export type CourseCreateInput = z.output<typeof courseCreate>;

/** Absent fields stay as they are; `schedule` is replaced whole; null clears `distanceUrl`, `quotaReleaseOn`. */
export const courseUpdate = z.strictObject({
  startsOn: courseDate.optional(),
  endsOn: courseDate.optional(),
  applyUntil: courseDate.optional(),
  capacity: capacity.optional(),
  place: place.optional(),
  distanceUrl: webLink.nullish(),
  schedule: schedule.optional(),
  quotaReleaseOn: courseDate.nullish(),
  funding: funding.optional(),
  /** Why the lessons of a running course move: required then, kept in the course's history. */
  reason: patchText(1000).optional(),
});
export type CourseUpdate = z.input<typeof courseUpdate>;
export type CourseUpdateInput = z.output<typeof courseUpdate>;

export const quotasInput = z
  .array(z.strictObject({ territoryId: refId, places: z.number().int().min(1).max(10_000) }))
  .max(100)
  .superRefine((quotas, ctx) => {
    const seen = new Set<number>();
    quotas.forEach((q, i) => {
      if (seen.has(q.territoryId))
        ctx.addIssue({
          code: 'custom',
          path: [i, 'territoryId'],
          message: 'Квота этой территории уже указана',
        });
      seen.add(q.territoryId);
    });
  });
export type QuotasInput = z.output<typeof quotasInput>;

export const managerInput = z.strictObject({ managerId: refId });

export const transitionInput = z
  .strictObject({
    /** Required to cancel: the teachers who applied are told why. */
    reason: patchText(1000),
  })
  .nullish();
export type TransitionInput = z.output<typeof transitionInput>;

/**
 * The workspace's course list's orders (`-` before one for descending): by program title, first
 * day, last day of applying, state (in the lifecycle's order), responsible manager. Without one:
 * the newest first (`-startsOn`).
 */
export const COURSE_SORTS = ['program', 'startsOn', 'applyUntil', 'status', 'manager'] as const;
export type CourseSortField = (typeof COURSE_SORTS)[number];
export const courseSort = sortParam(COURSE_SORTS);

const courseFilters = {
  departmentId: idFilter,
  programId: idFilter,
  status: courseStatus.optional(),
  /** Courses starting within the period. */
  from: courseDate.optional(),
  to: courseDate.optional(),
  q: searchText,
  sort: courseSort.optional(),
};
export const courseListQuery = z.object({ ...courseFilters, ...pageQuery });
export type CourseListQuery = z.output<typeof courseListQuery>;
/** The list as a spreadsheet: the same filters and order, every row. */
export const courseExportQuery = z.object(courseFilters);
export type CourseExportQuery = z.output<typeof courseExportQuery>;

export const scheduleDay = z.object({
  date: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  topic: z.string(),
  room: z.string().nullable(),
  teacher: z.string().nullable(),
});
export type ScheduleDay = z.infer<typeof scheduleDay>;

export const quotaOut = z.object({
  territoryId: id,
  territoryName: z.string(),
  places: z.number(),
  /** Quota places still free; 0 after the quota release date (they have become common). */
  placesLeft: z.number(),
});

const person = z.object({ id, fullName: z.string() });

const courseAbilities = z.object({
  update: z.boolean(),
  /** Move the lessons of a running course within its dates (`PATCH` with `schedule` and `reason`). */
  reschedule: z.boolean(),
  publish: z.boolean(),
  close: z.boolean(),
  cancel: z.boolean(),
  archive: z.boolean(),
  editQuotas: z.boolean(),
  reassign: z.boolean(),
  editFiles: z.boolean(),
});
export type CourseAbilities = z.infer<typeof courseAbilities>;

export const courseSummary = z.object({
  id,
  status: courseStatus,
  programId: id,
  programTitle: z.string(),
  departmentId: id,
  departmentName: z.string(),
  providerId: id,
  providerName: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  applyUntil: z.string(),
  capacity: z.number(),
  placesLeft: z.number(),
  learners: courseLearners,
  /** A running course past its last day by the Bank's clock in the region: its study is over, its results not yet recorded. */
  studyEnded: z.boolean(),
  manager: person.nullable(),
  updatedAt: z.string(),
  abilities: courseAbilities,
});
export type CourseSummary = z.infer<typeof courseSummary>;

const programBrief = z.object({
  id,
  title: z.string(),
  annotation: z.string(),
  hours: z.number(),
  kind: programKind,
  form: programForm,
  distance: z.boolean(),
  targetPositions: z.array(z.string()),
  subjects: z.array(z.string()),
  plannedResults: z.string(),
});

export const course = courseSummary.extend({
  /** The program as the course shows it: as it was when the course finished, live before that. */
  program: programBrief,
  place: z.string(),
  distanceUrl: z.string().nullable(),
  quotaReleaseOn: z.string().nullable(),
  funding,
  commonPlacesLeft: z.number(),
  quotas: z.array(quotaOut),
  schedule: z.array(scheduleDay),
  files: z.array(fileInfo),
  cancelReason: z.string().nullable(),
  publishedAt: z.string().nullable(),
  /** What keeps a draft from being published (empty when it is complete). */
  publishProblems: z.array(z.object({ field: z.string(), message: z.string() })),
  createdAt: z.string(),
});
export type Course = z.infer<typeof course>;

export const historyEntry = z.object({
  from: courseStatus.nullable(),
  to: courseStatus,
  action: z.string(),
  /** null: changed by the system (a date passed). */
  by: person.nullable(),
  at: z.string(),
  reason: z.string().nullable(),
});
export type HistoryEntry = z.infer<typeof historyEntry>;

// --- the public catalog

/**
 * The catalog's orders: `applyUntil` — the nearest last day of applying first (courses taking
 * applications before the rest), `startsOn` — by start date, `relevance` — the best match first.
 */
export const CATALOG_SORTS = ['applyUntil', 'startsOn', 'relevance'] as const;
export type CatalogSort = (typeof CATALOG_SORTS)[number];

export const catalogQuery = z.object({
  /** Russian full-text search over the program's title, annotation, subjects and the schedule's topics. */
  q: searchText,
  providerId: idFilter,
  departmentId: idFilter,
  form: programForm.optional(),
  kind: programKind.optional(),
  distance: z.enum(['true', 'false']).optional(),
  /** Courses starting on or after this day. */
  from: courseDate.optional(),
  /** Courses starting on or before this day. */
  to: courseDate.optional(),
  /** A target position, by name (as in a teacher's profile). */
  position: searchText,
  positionId: idFilter,
  /** Only courses with a free place for this territory (its quota or common places). */
  territoryId: idFilter,
  /** Only courses taking applications today (the region's date). */
  open: z.enum(['true', 'false']).optional(),
  /** Without it: by relevance when searching, else by start date. */
  sort: z.enum(CATALOG_SORTS).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: pageQuery.offset,
});
export type CatalogQuery = z.output<typeof catalogQuery>;

export const catalogItem = z.object({
  id,
  status: courseStatus,
  title: z.string(),
  /** The beginning of the annotation, for a card. */
  annotation: z.string(),
  hours: z.number(),
  kind: programKind,
  form: programForm,
  distance: z.boolean(),
  startsOn: z.string(),
  endsOn: z.string(),
  applyUntil: z.string(),
  place: z.string(),
  providerId: id,
  providerName: z.string(),
  departmentId: id,
  departmentName: z.string(),
  capacity: z.number(),
  placesLeft: z.number(),
  learners: courseLearners,
  /** Whether the course takes applications today: published and its last day not past, by the Bank's clock in the region. */
  applicationsOpen: z.boolean(),
  /** A running course past its last day by the Bank's clock in the region: its study is over, its results not yet recorded. */
  studyEnded: z.boolean(),
});
export type CatalogItem = z.infer<typeof catalogItem>;

export const catalogCourse = z.object({
  id,
  status: courseStatus,
  program: programBrief,
  startsOn: z.string(),
  endsOn: z.string(),
  applyUntil: z.string(),
  place: z.string(),
  distanceUrl: z.string().nullable(),
  provider: namedRef,
  department: namedRef,
  schedule: z.array(scheduleDay),
  files: z.array(fileInfo),
  capacity: z.number(),
  placesLeft: z.number(),
  learners: courseLearners,
  /** Places any territory may take: unreserved ones, and every unused quota place after `quotaReleaseOn`. */
  commonPlacesLeft: z.number(),
  quotaReleaseOn: z.string().nullable(),
  quotas: z.array(quotaOut),
  cancelReason: z.string().nullable(),
  /** The schedule as iCalendar: `GET /api/v1/catalog/{id}/schedule.ics`. */
  calendarUrl: z.string(),
  /** Whether the course takes applications today: published and its last day not past, by the Bank's clock in the region. */
  applicationsOpen: z.boolean(),
  /** A running course past its last day by the Bank's clock in the region: its study is over, its results not yet recorded. */
  studyEnded: z.boolean(),
});
export type CatalogCourse = z.infer<typeof catalogCourse>;

/** Uploads: at most this many bytes, of these kinds (checked by the name's extension and the content). */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const FILE_EXTENSIONS = [
  'pdf',
  'doc',
  'docx',
  'xls',
  'xlsx',
  'pptx',
  'odt',
  'jpg',
  'jpeg',
  'png',
  'zip',
] as const;
