// What of a course leaves the workspace: ids as strings, dates as text, the program as the course
// shows it (frozen once finished), and the actor's abilities — derived from the policy and the
// lifecycle table, so the UI shows exactly the buttons the server would accept.
import {
  AWAITING_RESULTS_LABEL,
  COURSE_STATUS_LABEL,
  type Course,
  type CourseAbilities,
  type CourseSummary,
  type HistoryEntry,
  type ScheduleDay,
} from '../../contract/catalog.js';
import type { MaybeActor } from '../access/policy.js';
import type { CourseCardRow, CourseSummaryRow, FileRow, QuotaRow } from '../catalog/card.js';
import { presentFile, presentQuota, programOf } from '../catalog/present.js';
import type { FieldError } from '../http/errors.js';
import type { XlsxColumn } from '../http/xlsx.js';
import { type Edit, mayEdit, transitionOf } from './lifecycle.js';
import { coursePolicy, courseTarget } from './policy.js';

/** The lifecycle buttons and edits a course offers this actor: policy × lifecycle table. */
export function courseAbilities(row: CourseSummaryRow, actor: MaybeActor): CourseAbilities {
  const target = courseTarget(row);
  const staff = coursePolicy.can(actor, 'course.transition', target);
  const action = (a: 'publish' | 'close' | 'cancel' | 'archive') =>
    staff && transitionOf(row.status, a, 'staff') !== undefined;
  const edit = (e: Edit, allowed: boolean) => allowed && mayEdit(row.status, e);
  return {
    update: edit('update', coursePolicy.can(actor, 'course.update', target)),
    reschedule: edit('reschedule', coursePolicy.can(actor, 'course.update', target)),
    publish: action('publish'),
    close: action('close'),
    cancel: action('cancel'),
    archive: action('archive'),
    editQuotas: edit('quotas', coursePolicy.can(actor, 'course.quotas', target)),
    reassign: edit('reassign', coursePolicy.can(actor, 'course.reassign', target)),
    editFiles: edit('files', coursePolicy.can(actor, 'course.files', target)),
  };
}

export function presentCourseSummary(row: CourseSummaryRow, actor: MaybeActor): CourseSummary {
  return {
    id: String(row.id),
    status: row.status,
    programId: String(row.programId),
    programTitle: row.programTitle,
    departmentId: String(row.departmentId),
    departmentName: row.departmentName,
    providerId: String(row.providerId),
    providerName: row.providerName,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    applyUntil: row.applyUntil,
    capacity: row.capacity,
    placesLeft: row.placesLeft,
    learners: row.learners,
    studyEnded: row.studyEnded,
    manager: row.managerId !== null ? { id: String(row.managerId), fullName: row.managerName ?? '' } : null,
    updatedAt: row.updatedAt.toISOString(),
    abilities: courseAbilities(row, actor),
  };
}

/** A course card with its parts, as one use case loads it. */
export type CourseCard = {
  row: CourseCardRow;
  schedule: ScheduleDay[];
  quotas: QuotaRow[];
  files: FileRow[];
  publishProblems: FieldError[];
};

export function presentCourse(card: CourseCard, actor: MaybeActor): Course {
  const { row } = card;
  return {
    ...presentCourseSummary(row, actor),
    program: programOf(row),
    place: row.place,
    distanceUrl: row.distanceUrl,
    quotaReleaseOn: row.quotaReleaseOn,
    funding: row.funding,
    commonPlacesLeft: row.commonLeft,
    quotas: card.quotas.map(presentQuota),
    schedule: card.schedule,
    files: card.files.map(presentFile),
    cancelReason: row.cancelReason,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    publishProblems: card.publishProblems,
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentHistory(
  rows: {
    fromStatus: HistoryEntry['from'];
    toStatus: HistoryEntry['to'];
    action: string;
    byId: number | null;
    byName: string | null;
    at: Date;
    reason: string | null;
  }[],
): { items: HistoryEntry[]; total: number } {
  return {
    items: rows.map((h) => ({
      from: h.fromStatus,
      to: h.toStatus,
      action: h.action,
      by: h.byId !== null ? { id: String(h.byId), fullName: h.byName ?? '' } : null,
      at: h.at.toISOString(),
      reason: h.reason,
    })),
    total: rows.length,
  };
}

/** The workspace's course list as a spreadsheet: the table's columns, the figures apart. */
export const COURSE_COLUMNS: readonly XlsxColumn<CourseSummaryRow>[] = [
  { header: 'Программа', width: 48, value: (r) => r.programTitle },
  { header: 'Подразделение', width: 28, value: (r) => r.departmentName },
  { header: 'Поставщик', width: 32, value: (r) => r.providerName },
  { header: 'Начало', width: 12, kind: 'date', value: (r) => r.startsOn },
  { header: 'Окончание', width: 12, kind: 'date', value: (r) => r.endsOn },
  { header: 'Приём заявок до', width: 14, kind: 'date', value: (r) => r.applyUntil },
  { header: 'Мест', width: 8, value: (r) => r.capacity },
  // Before the start: places left; after it, who studies (catalog/card.ts `learnersOf`).
  { header: 'Свободно мест', width: 10, value: (r) => (r.learners ? null : r.placesLeft) },
  { header: 'Обучаются', width: 10, value: (r) => r.learners?.enrolled ?? null },
  { header: 'Окончили', width: 10, value: (r) => r.learners?.completed ?? null },
  {
    header: 'Состояние',
    width: 18,
    value: (r) => (r.studyEnded ? AWAITING_RESULTS_LABEL : COURSE_STATUS_LABEL[r.status]),
  },
  { header: 'Ответственный', width: 32, value: (r) => r.managerName },
];
