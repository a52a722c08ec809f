// A teacher's CPD history (повышение квалификации) and the three-year rule of 273-ФЗ art. 47:
// a teacher completes a CPD course at least once in three years. The rule's state is `ok`,
// `due` (the three years end within six months) or `overdue` (they have ended, or the teacher
// never completed one), by the Bank's clock.
import { applicationStatus } from './applications.js';
import { id, idFilter, idParam, isoDate, optionalText, page, pageQuery, text } from './common.js';
import { z } from './zod.js';

export const CPD_RULES = ['ok', 'due', 'overdue'] as const;
export const cpdRule = z.enum(CPD_RULES);
export type CpdRule = z.infer<typeof cpdRule>;

export const CPD_RULE_LABEL: Record<CpdRule, string> = {
  ok: 'Выполнено',
  due: 'Подходит срок',
  overdue: 'Просрочено',
};

/** How often and how far ahead the rule looks. */
export const CPD_PERIOD_YEARS = 3;
export const CPD_WARNING_MONTHS = 6;

export const DOCUMENT_KINDS = ['certificate', 'diploma'] as const;
export const documentKind = z.enum(DOCUMENT_KINDS, { message: 'Выберите вид документа' });
export type DocumentKind = z.infer<typeof documentKind>;
export const DOCUMENT_KIND_LABEL: Record<DocumentKind, string> = {
  certificate: 'Удостоверение о повышении квалификации',
  diploma: 'Диплом о профессиональной переподготовке',
};

/** A document of a history: an external record's, or one the Bank issued (a справка too). */
export const HISTORY_DOCUMENT_KIND_LABEL = {
  ...DOCUMENT_KIND_LABEL,
  spravka: 'Справка об обучении',
} as const;

export const cpdDocument = z.object({
  /** The Bank's document (its PDF downloads); null for a record of a course before the Bank. */
  id: id.nullable(),
  kind: z.enum(['certificate', 'diploma', 'spravka']),
  series: z.string().nullable(),
  number: z.string(),
  issuedOn: z.string(),
});

export type CpdDocumentKind = z.infer<typeof cpdDocument>['kind'];

export const cpdItem = z.object({
  /** The Bank's course; null for a course completed before the Bank. */
  courseId: id.nullable(),
  /** The external record's id (to remove it); null for the Bank's courses. */
  recordId: id.nullable(),
  programTitle: z.string(),
  providerName: z.string(),
  hours: z.number(),
  startsOn: z.string(),
  endsOn: z.string(),
  /** The application's state for the Bank's courses; `completed` for an external record. */
  status: applicationStatus,
  certificate: cpdDocument.nullable(),
  external: z.boolean(),
});
export type CpdItem = z.infer<typeof cpdItem>;

export const cpdHistory = z.object({
  teacher: z.object({
    id,
    fullName: z.string(),
    organizationName: z.string(),
    territoryName: z.string(),
    position: z.string(),
  }),
  items: z.array(cpdItem),
  lastCompletedOn: z.string().nullable(),
  hoursInThreeYears: z.number(),
  rule: cpdRule,
  /** Three years after the last completed course; null when there is none. */
  dueOn: z.string().nullable(),
  abilities: z.object({ addExternal: z.boolean(), removeExternal: z.boolean() }),
});
export type CpdHistory = z.infer<typeof cpdHistory>;

export const OVERDUE_SORTS = ['dueOn', 'name', 'organization'] as const;
export const overdueSort = z.enum(OVERDUE_SORTS);
export type OverdueSort = z.infer<typeof overdueSort>;
export const OVERDUE_SORT_LABEL: Record<OverdueSort, string> = {
  dueOn: 'По сроку',
  name: 'По ФИО',
  organization: 'По организации',
};

const overdueFilters = {
  territoryId: idFilter,
  organizationId: idFilter,
  positionId: idFilter,
  rule: z.enum(['overdue', 'due']).optional(),
  sort: overdueSort.default('dueOn'),
};
export const overdueQuery = z.object({ ...overdueFilters, ...pageQuery });
export type OverdueQuery = z.infer<typeof overdueQuery>;
export const overdueExportQuery = z.object(overdueFilters);
export type OverdueExportQuery = z.infer<typeof overdueExportQuery>;

export const overdueTeacher = z.object({
  teacherId: id,
  fullName: z.string(),
  organizationId: id,
  organizationName: z.string(),
  territoryName: z.string(),
  position: z.string(),
  lastCompletedOn: z.string().nullable(),
  dueOn: z.string().nullable(),
  rule: cpdRule,
});
export type OverdueTeacher = z.infer<typeof overdueTeacher>;
export const overduePage = page(overdueTeacher).extend({
  counts: z.object({ overdue: z.number(), due: z.number() }),
});
export type OverduePage = z.infer<typeof overduePage>;

export const externalCpdInput = z.strictObject({
  programTitle: text(500),
  providerName: text(300),
  hours: z.coerce
    .number({ message: 'Укажите число часов' })
    .int('Укажите целое число часов')
    .min(1, 'Укажите число часов')
    .max(3000, 'Слишком большое число часов'),
  startsOn: isoDate,
  endsOn: isoDate,
  documentKind,
  documentSeries: optionalText(20),
  documentNumber: text(50),
  issuedOn: isoDate,
});
export type ExternalCpdInput = z.infer<typeof externalCpdInput>;

export const teacherParams = z.object({ id: idParam });
export const externalParams = z.object({ id: idParam, recordId: idParam });
