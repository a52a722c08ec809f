// The course archive: finished courses moved there by their department's staff, read-only from
// then on, searched by managers, heads, provider administrators, methodists and the operator.
import { applicationStatus } from './applications.js';
import { historyEntry } from './catalog.js';
import { id, idFilter, idParam, page, pageQuery, searchText } from './common.js';
import { z } from './zod.js';

export const ARCHIVE_SORTS = ['-endsOn', 'endsOn', 'title', 'provider'] as const;
export const archiveSort = z.enum(ARCHIVE_SORTS);
export type ArchiveSort = z.infer<typeof archiveSort>;

export const ARCHIVE_SORT_LABEL: Record<ArchiveSort, string> = {
  '-endsOn': 'Сначала недавние',
  endsOn: 'Сначала давние',
  title: 'По названию программы',
  provider: 'По поставщику',
};

const filters = {
  q: searchText,
  year: z.coerce
    .number()
    .int('Укажите год числом')
    .min(2000, 'Год — не раньше 2000')
    .max(2100, 'Год — не позже 2100')
    .optional(),
  providerId: idFilter,
  departmentId: idFilter,
  programId: idFilter,
  territoryId: idFilter,
  sort: archiveSort.default('-endsOn'),
};

export const archiveQuery = z.object({ ...filters, ...pageQuery });
export type ArchiveQuery = z.infer<typeof archiveQuery>;
export const archiveExportQuery = z.object(filters);
export type ArchiveExportQuery = z.infer<typeof archiveExportQuery>;

export const archivedCourse = z.object({
  id,
  programId: id,
  programTitle: z.string(),
  providerId: id,
  providerName: z.string(),
  departmentId: id,
  departmentName: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  hours: z.number(),
  /** Learners: enrolled in the course's group (completed or not). */
  learners: z.number(),
  completed: z.number(),
  notCompleted: z.number(),
  archivedAt: z.string().nullable(),
});
export type ArchivedCourse = z.infer<typeof archivedCourse>;
export const archivePage = page(archivedCourse);

/** An application of an archived course as it ended (a methodist sees her territory's only). */
export const archivedApplication = z.object({
  id,
  teacherName: z.string(),
  organizationName: z.string(),
  territoryName: z.string(),
  status: applicationStatus,
  reason: z.string().nullable(),
  groupNumber: z.string().nullable(),
});
export type ArchivedApplication = z.infer<typeof archivedApplication>;

export const archivedCourseCard = archivedCourse.extend({
  place: z.string(),
  applications: z.array(archivedApplication),
  history: z.array(historyEntry),
});
export type ArchivedCourseCard = z.infer<typeof archivedCourseCard>;

export const archiveParams = z.object({ id: idParam });
