// The demo's data, read from `data/*.json` and checked once at load: a typo in a file (a misspelt
// field, a form that does not exist, a department no provider has) stops `ebppk demo` with the
// file and the place in it, not with a half-filled database. The code beside this file only
// reads these values and inserts rows; dates are offsets from the clock's today.
import { z } from 'zod';
import { APPLICATION_STATUSES } from '../../contract/applications.js';
import { courseStatus, programForm, programKind } from '../../contract/catalog.js';
import applicationsJson from './data/applications.json' with { type: 'json' };
import conversationsJson from './data/conversations.json' with { type: 'json' };
import coursesJson from './data/courses.json' with { type: 'json' };
import methodistsJson from './data/methodists.json' with { type: 'json' };
import namesJson from './data/names.json' with { type: 'json' };
import organizationsJson from './data/organizations.json' with { type: 'json' };
import programsJson from './data/programs.json' with { type: 'json' };
import providersJson from './data/providers.json' with { type: 'json' };
import studyJson from './data/study.json' with { type: 'json' };
import teachersJson from './data/teachers.json' with { type: 'json' };

const text = z.string().min(1);
const login = z.string().regex(/^[a-z0-9.@-]+$/, 'логин: строчные латинские буквы, цифры, «.», «@», «-»');
const count = z.number().int().nonnegative();
const share = z.number().min(0).max(1);
const day = z.iso.date();

export const ORGANIZATION_KINDS = [
  'school',
  'gymnasium',
  'lyceum',
  'kindergarten',
  'extra',
  'college',
] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];
const organizationKind = z.enum(ORGANIZATION_KINDS);
const townSize = z.enum(['capital', 'city', 'large', 'medium']);
const positionWeights = z.array(z.strictObject({ position: text, weight: count }));

const names = z.strictObject({
  femaleFirst: z.array(text).min(1),
  maleFirst: z.array(text).min(1),
  /** Patronymics from the same father's name. */
  patronymics: z.array(z.strictObject({ male: text, female: text })).min(1),
  /** Surnames in the male form; the female form is derived. */
  surnames: z.array(text).min(1),
});

const organizations = z.strictObject({
  count,
  /** Towns by territory, in the genitive of official names («г. Перми»), with how many organizations. */
  towns: z.array(z.strictObject({ territory: text, town: text, size: townSize })),
  /** How many organizations of each kind a town of that size has. */
  mix: z.record(townSize, z.partialRecord(organizationKind, count)),
  colleges: z.array(z.strictObject({ territory: text, name: text, shortName: text })),
  extraEducation: z.array(z.strictObject({ name: text, shortName: text })),
  kindergartenNames: z.array(text).min(1),
});

const teachers = z.strictObject({
  count: count.min(1),
  /** How likely a teacher works at an organization of the kind, relative to the others. */
  workplaceWeights: z.record(organizationKind, count),
  /** Positions by kind of organization; gymnasiums and lyceums staff as schools do. */
  positions: z.strictObject({
    school: positionWeights,
    kindergarten: positionWeights,
    extra: positionWeights,
    college: positionWeights,
  }),
  /** Subjects by position, for the positions that have one. */
  subjects: z.record(text, z.array(z.strictObject({ subject: text, weight: count }))),
});

const providers = z
  .array(
    z.strictObject({
      code: text,
      name: text,
      shortName: text,
      licenseNumber: text,
      licenseDate: day,
      address: text,
      /** Who signs its documents (certificates and справки print them). */
      signatories: z.array(z.strictObject({ position: text, name: text })).min(1),
      admin: login,
      /** Where the provider's courses meet, and the prefix of its webinar links. */
      places: z.array(text).min(1),
      webinarUrl: z.url(),
      departments: z
        .array(
          z.strictObject({
            code: text,
            /** Opens the department's group numbers (`<groupCode>-<year>-<n>`). */
            groupCode: text,
            name: text,
            head: login,
            managers: z.array(login).min(1),
          }),
        )
        .min(1),
    }),
  )
  .min(1);

const methodists = z.array(z.strictObject({ territory: text, login }));

const programs = z.array(
  z.strictObject({
    /** A department's code in providers.json. */
    department: text,
    title: text,
    kind: programKind,
    hours: z.number().int().positive(),
    form: programForm,
    distance: z.boolean(),
    targetPositions: z.array(text).min(1),
    subjects: z.array(text),
    annotation: text,
    plannedResults: text,
    topics: z.array(text).min(1),
  }),
);

/** A pinned course starts `startInDays` from today, moved by up to `spreadDays` more (seeded). */
const pinnedDates = z.strictObject({
  startInDays: z.number().int(),
  spreadDays: z.number().int(),
  /** Applications close this many days from today… */
  applyUntilInDays: z.number().int().optional(),
  /** …or this many days before the start. */
  applyUntilDaysBeforeStart: z.number().int().positive().optional(),
});
/**
 * A course state, or a moment of the course's own: `first_day` — closed, starting today, its
 * learners not yet marked; `ended` — running after its last day, its results not yet recorded.
 */
const pinnedStatus = z.enum([
  'finished',
  'running',
  'closed',
  'published',
  'draft',
  'cancelled',
  'first_day',
  'ended',
]);

const courses = z.strictObject({
  perProgram: count.min(1),
  /** The memorable manager: every course of their department is theirs. */
  soleManager: login,
  /** Courses (by index, program by program) in a given state whatever the calendar says. */
  pinned: z.array(z.strictObject({ course: count, status: pinnedStatus, why: text.optional() })),
  pinnedDates: z.record(pinnedStatus, pinnedDates),
  /** A session's hours; the first two are for courses in a room. */
  sessions: z.array(z.strictObject({ startsAt: z.iso.time(), endsAt: z.iso.time() })).min(3),
  /** Whose courses may reserve places for territories (a provider's code), and for which. */
  quotaProvider: text,
  quotaTerritories: z.array(text).min(4),
  cancelReason: text,
});

const side = z.enum(['methodist', 'manager']);
const conversations = z.strictObject({
  methodist: login,
  manager: login,
  territory: text,
  department: text,
  threads: z.array(
    z.strictObject({
      /** About the first of the department's published courses in this state. */
      courseStatus: courseStatus,
      /** How many of the messages each side has read (its own always count as read). */
      read: z.record(side, count),
      /** Oldest first. */
      messages: z.array(z.strictObject({ from: side, hoursAgo: z.number().positive(), text })).min(1),
    }),
  ),
});

const applications = z.strictObject({
  /** Teachers who apply in the Bank at all; the others' CPD is older or elsewhere (study.json). */
  applicantShare: share,
  /** Reasons given for the states that need one. */
  reasons: z.partialRecord(z.enum(APPLICATION_STATUSES), z.array(text).min(1)),
});

const study = z.strictObject({
  /** Archived courses of earlier years: the teachers' CPD in the Bank. */
  archive: z.strictObject({
    yearsBack: count.min(1),
    coursesPerYear: count.min(1),
    /** Each year's courses start up to this many days either side of the same day that year. */
    spreadDays: count.max(170),
  }),
  /** Journal marks of the days that have passed. */
  attendance: z.strictObject({
    presentShare: share,
    excusedShare: share,
    /** How often a learner who did not complete missed a later day. */
    expelledAbsentShare: share,
    /** How many of those absent on the first day brought an excuse. */
    noShowExcusedShare: share,
    excuseReasons: z.array(text).min(1),
  }),
  /** Learners per group: a larger course forms several. */
  groupSize: count.min(5),
  /** CPD completed before the Bank, as the methodists entered it from the teachers' documents. */
  external: z.strictObject({
    share,
    monthsBack: z.strictObject({ min: count, max: count }),
    providers: z.array(text).min(1),
    programs: z.array(z.strictObject({ title: text, hours: count.min(16) })).min(1),
  }),
});

const SCHEMAS = {
  'names.json': names,
  'organizations.json': organizations,
  'teachers.json': teachers,
  'providers.json': providers,
  'methodists.json': methodists,
  'programs.json': programs,
  'courses.json': courses,
  'conversations.json': conversations,
  'applications.json': applications,
  'study.json': study,
};
export type DemoDataFile = keyof typeof SCHEMAS;
export const DEMO_DATA_FILES = Object.keys(SCHEMAS) as DemoDataFile[];

/** A file's contents checked against its schema; the error names the file and the place. */
export function parseDemoData<F extends DemoDataFile>(file: F, json: unknown): z.infer<(typeof SCHEMAS)[F]> {
  const parsed = SCHEMAS[file].safeParse(json);
  if (!parsed.success)
    throw new Error(
      `Неверные демонстрационные данные в src/server/demo/data/${file}:\n${z.prettifyError(parsed.error)}`,
    );
  return parsed.data as z.infer<(typeof SCHEMAS)[F]>;
}

export const NAMES = parseDemoData('names.json', namesJson);
export const ORGANIZATIONS = parseDemoData('organizations.json', organizationsJson);
export const TEACHERS = parseDemoData('teachers.json', teachersJson);
export const PROVIDERS = parseDemoData('providers.json', providersJson);
export const METHODISTS = parseDemoData('methodists.json', methodistsJson);
export const PROGRAMS = parseDemoData('programs.json', programsJson);
export const COURSES = parseDemoData('courses.json', coursesJson);
export const CONVERSATIONS = parseDemoData('conversations.json', conversationsJson);
export const APPLICATIONS = parseDemoData('applications.json', applicationsJson);
export const STUDY = parseDemoData('study.json', studyJson);

export type DemoData = {
  providers: typeof PROVIDERS;
  methodists: typeof METHODISTS;
  programs: typeof PROGRAMS;
  courses: typeof COURSES;
  conversations: typeof CONVERSATIONS;
};

/** What one file names in another must exist there: the problems found, none when all is well. */
export function crossCheckDemoData(data: DemoData): string[] {
  const { providers, methodists, programs, courses, conversations } = data;
  const problems: string[] = [];
  const departments = new Set(providers.flatMap((p) => p.departments.map((d) => d.code)));
  const managers = new Set(providers.flatMap((p) => p.departments.flatMap((d) => d.managers)));
  for (const [i, p] of programs.entries())
    if (!departments.has(p.department))
      problems.push(`programs.json [${i}].department: нет подразделения «${p.department}» в providers.json`);
  const total = programs.length * courses.perProgram;
  for (const [i, c] of courses.pinned.entries())
    if (c.course >= total)
      problems.push(`courses.json pinned[${i}].course: курса ${c.course} нет (всего ${total})`);
  if (!providers.some((p) => p.code === courses.quotaProvider))
    problems.push(`courses.json quotaProvider: нет поставщика «${courses.quotaProvider}» в providers.json`);
  if (!managers.has(courses.soleManager))
    problems.push(
      `courses.json soleManager: «${courses.soleManager}» нет среди руководителей курсов в providers.json`,
    );
  if (!managers.has(conversations.manager))
    problems.push(
      `conversations.json manager: «${conversations.manager}» нет среди руководителей курсов в providers.json`,
    );
  if (!methodists.some((m) => m.login === conversations.methodist))
    problems.push(`conversations.json methodist: «${conversations.methodist}» нет в methodists.json`);
  return problems;
}

export const DEMO_DATA: DemoData = {
  providers: PROVIDERS,
  methodists: METHODISTS,
  programs: PROGRAMS,
  courses: COURSES,
  conversations: CONVERSATIONS,
};
const problems = crossCheckDemoData(DEMO_DATA);
if (problems.length) throw new Error(`Неверные демонстрационные данные:\n${problems.join('\n')}`);
