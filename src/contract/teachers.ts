// The methodist's teachers: the list of her territory's teachers (the operator: the region's) with
// their accounts, applications and CPD state, a teacher's card, registering a teacher who has no
// account (an invitation to set her password), and importing teachers and organizations from a
// spreadsheet (a preview with per-row problems, then all-or-nothing in a background job).
import { applicationStatus } from './applications.js';
import { email } from './auth.js';
import {
  id,
  idFilter,
  idParam,
  optionalText,
  page,
  pageQuery,
  refId,
  searchText,
  sortParam,
  text,
} from './common.js';
import { cpdRule } from './cpd.js';
import { z } from './zod.js';

export const ACCOUNT_STATES = ['active', 'invited', 'blocked'] as const;
export const accountState = z.enum(ACCOUNT_STATES);
export type AccountState = z.infer<typeof accountState>;

/** The columns the list sorts by; `-` before one for descending. */
export const TEACHER_SORTS = [
  'name',
  'organization',
  'position',
  'emailConfirmed',
  'account',
  'applications',
  'lastCpdOn',
] as const;
export type TeacherSortField = (typeof TEACHER_SORTS)[number];
export const teacherSort = sortParam(TEACHER_SORTS);
export type TeacherSort = z.infer<typeof teacherSort>;

export const teacherFilters = {
  /** A teacher's name. */
  q: searchText,
  territoryId: idFilter,
  organizationId: idFilter,
  /** A position's name, as in the list of positions. */
  position: searchText,
  cpd: cpdRule.optional(),
  /** Without it: every account but blocked ones (those who can still apply); `all` for every one. */
  account: z.enum([...ACCOUNT_STATES, 'all']).optional(),
  /** Without it: by name. */
  sort: teacherSort.optional(),
};
export const teacherListQuery = z.object({ ...teacherFilters, ...pageQuery });
export type TeacherListQuery = z.output<typeof teacherListQuery>;
export const teacherExportQuery = z.object(teacherFilters);
export type TeacherExportQuery = z.output<typeof teacherExportQuery>;

const named = z.object({ id, name: z.string() });

/** A row of the list (its first fields are what the apply-on-behalf picker reads). */
export const teacherRow = z.object({
  id,
  fullName: z.string(),
  position: z.string(),
  organization: named,
  territory: named,
  email: z.string().nullable(),
  emailConfirmed: z.boolean(),
  account: accountState,
  applications: z.object({ active: z.number(), total: z.number() }),
  cpd: z.object({ rule: cpdRule, lastCompletedOn: z.string().nullable(), dueOn: z.string().nullable() }),
});
export type TeacherRow = z.infer<typeof teacherRow>;
export const teacherPage = page(teacherRow);

export const teacherParams = z.object({ id: idParam });

/** A teacher's card: what her methodist may see (no СНИЛС, birth date or diploma). */
export const teacherCard = teacherRow.extend({
  login: z.string(),
  subject: z.string().nullable(),
  invitedAt: z.string().nullable(),
  applicationsList: z.array(
    z.object({
      id,
      status: applicationStatus,
      courseId: id,
      courseTitle: z.string(),
      startsOn: z.string(),
      endsOn: z.string(),
      createdAt: z.string(),
    }),
  ),
  abilities: z.object({ edit: z.boolean(), invite: z.boolean(), viewCpd: z.boolean() }),
});
export type TeacherCard = z.infer<typeof teacherCard>;

export const teacherRegister = z.strictObject({
  lastName: text(100),
  firstName: text(100),
  middleName: optionalText(100),
  email,
  organizationId: refId,
  position: text(200),
});
export type TeacherRegister = z.output<typeof teacherRegister>;

export const teacherUpdate = z.strictObject({
  organizationId: refId.optional(),
  position: text(200).optional(),
});
export type TeacherUpdate = z.output<typeof teacherUpdate>;

export const invitationResult = z.object({ email: z.string() });

// --- import

/** The most a file may weigh and hold. */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 10_000;

export const IMPORT_STATES = ['invalid', 'ready', 'queued', 'running', 'done', 'failed'] as const;
export const importState = z.enum(IMPORT_STATES);
export type ImportState = z.infer<typeof importState>;

export const importSummary = z.object({
  id,
  fileName: z.string(),
  state: importState,
  /** Rows of the file (without the header). */
  total: z.number(),
  /** Rows with an error: while there is one, nothing is imported. */
  errors: z.number(),
  /** Rows of people or organizations the Bank already has: skipped. */
  existing: z.number(),
  /** Rows the apply job has gone through (of `total`). */
  processed: z.number(),
  result: z.object({ teachers: z.number(), organizations: z.number(), invitations: z.number() }).nullable(),
  failure: z.string().nullable(),
  createdAt: z.string(),
});
export type ImportSummary = z.infer<typeof importSummary>;

export const importParams = z.object({ id: z.uuid('Неверный идентификатор') });

export const IMPORT_ROW_KINDS = ['teacher', 'organization'] as const;
export const importIssue = z.object({ column: z.string().nullable(), message: z.string() });
export const importRow = z.object({
  /** The row's number in the file as a spreadsheet shows it (the header is row 1). */
  row: z.number(),
  sheet: z.string(),
  kind: z.enum(IMPORT_ROW_KINDS),
  /** ФИО or the organization's name. */
  name: z.string(),
  detail: z.string(),
  status: z.enum(['new', 'existing', 'error']),
  issues: z.array(importIssue),
});
export type ImportRow = z.infer<typeof importRow>;
export const importRowsQuery = z.object({
  /** Only the rows with an error or already in the Bank. */
  problems: z.enum(['true', 'false']).optional(),
  ...pageQuery,
});
export const importRowsPage = page(importRow);
