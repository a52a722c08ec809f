// What of the archive leaves the server: ids as strings, dates as text; the spreadsheet's columns.
import type { ArchivedCourse, ArchivedCourseCard } from '../../contract/archive.js';
import type { XlsxColumn } from '../http/xlsx.js';
import type { ArchivedCourseRow } from './queries.js';
import type { getArchivedCourse } from './service.js';

export const presentArchived = (r: ArchivedCourseRow): ArchivedCourse => ({
  id: String(r.id),
  programId: String(r.programId),
  programTitle: r.programTitle,
  providerId: String(r.providerId),
  providerName: r.providerName,
  departmentId: String(r.departmentId),
  departmentName: r.departmentName,
  startsOn: r.startsOn,
  endsOn: r.endsOn,
  hours: r.hours,
  learners: r.learners,
  completed: r.completed,
  notCompleted: r.notCompleted,
  archivedAt: r.archivedAt ? new Date(r.archivedAt).toISOString() : null,
});

export function presentArchivedCard(card: Awaited<ReturnType<typeof getArchivedCourse>>): ArchivedCourseCard {
  return {
    ...presentArchived(card.course),
    place: card.course.place,
    applications: card.applications.map((a) => ({
      id: String(a.id),
      teacherName: a.teacherName,
      organizationName: a.organizationName,
      territoryName: a.territoryName,
      status: a.status,
      reason: a.reason,
      groupNumber: a.groupNumber,
    })),
    history: card.history.map((h) => ({
      from: h.fromStatus,
      to: h.toStatus,
      action: h.action,
      by: h.byId !== null ? { id: String(h.byId), fullName: h.byName ?? '' } : null,
      at: h.at.toISOString(),
      reason: h.reason,
    })),
  };
}

export const ARCHIVE_COLUMNS: readonly XlsxColumn<ArchivedCourseRow>[] = [
  { header: 'Программа', width: 50, value: (r) => r.programTitle },
  { header: 'Поставщик', width: 40, value: (r) => r.providerName },
  { header: 'Подразделение', width: 30, value: (r) => r.departmentName },
  { header: 'Начало', width: 12, kind: 'date', value: (r) => r.startsOn },
  { header: 'Окончание', width: 12, kind: 'date', value: (r) => r.endsOn },
  { header: 'Часов', width: 8, value: (r) => r.hours },
  { header: 'Обучалось', width: 11, value: (r) => r.learners },
  { header: 'Окончили', width: 11, value: (r) => r.completed },
  { header: 'Отчислены', width: 11, value: (r) => r.notCompleted },
];
