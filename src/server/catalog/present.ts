// What of a program or course leaves the server: ids as strings, dates as text, the program as the
// course shows it (frozen once finished), and the actor's abilities — derived from the policy and
// the lifecycle table, so the UI shows exactly the buttons the server would accept.
import type {
  CatalogCourse,
  CatalogItem,
  Course,
  CourseAbilities,
  CourseSummary,
  FileInfo,
  HistoryEntry,
  Program,
  ProgramForm,
  ProgramKind,
  ProgramSummary,
  ScheduleDay,
} from '../../contract/catalog.js';
import type { Actor } from '../access/actor.js';
import type { FieldError } from '../http/errors.js';
import { fileUrl } from './files.js';
import { type Edit, mayEdit, transitionOf } from './lifecycle.js';
import { type CourseTarget, can } from './policy.js';
import type {
  CatalogRow,
  CourseCardRow,
  CourseSummaryRow,
  FileRow,
  ProgramRow,
  ProgramSummaryRow,
  QuotaRow,
} from './queries.js';

type MaybeActor = Actor | null;

export const presentFile = (f: FileRow): FileInfo => ({
  id: String(f.id),
  name: f.name,
  title: f.title,
  contentType: f.contentType,
  size: f.size,
  createdAt: f.createdAt.toISOString(),
  url: fileUrl(f.id),
});

export function presentProgramSummary(row: ProgramSummaryRow, actor: MaybeActor): ProgramSummary {
  const target = { departmentId: row.departmentId };
  return {
    id: String(row.id),
    departmentId: String(row.departmentId),
    departmentName: row.departmentName,
    providerId: String(row.providerId),
    providerName: row.providerName,
    title: row.title,
    hours: row.hours,
    kind: row.kind,
    form: row.form,
    distance: row.distance,
    targetPositions: row.targetPositions.map((p) => ({ id: String(p.id), name: p.name })),
    coursesCount: row.coursesCount,
    updatedAt: row.updatedAt.toISOString(),
    abilities: {
      update: can(actor, 'program.update', target),
      createCourse: can(actor, 'course.create', target),
      editFiles: can(actor, 'program.files', target),
    },
  };
}

export const presentProgram = (row: ProgramRow, files: FileRow[], actor: MaybeActor): Program => ({
  ...presentProgramSummary(row, actor),
  annotation: row.annotation,
  subjects: row.subjects,
  plannedResults: row.plannedResults,
  files: files.map(presentFile),
  createdAt: row.createdAt.toISOString(),
});

const targetOf = (row: {
  departmentId: number;
  providerId: number;
  publishedAt: Date | null;
}): CourseTarget => ({
  departmentId: row.departmentId,
  providerId: row.providerId,
  published: row.publishedAt !== null,
});

/** The lifecycle buttons and edits a course offers this actor: policy × lifecycle table. */
export function courseAbilities(row: CourseSummaryRow, actor: MaybeActor): CourseAbilities {
  const target = targetOf(row);
  const staff = can(actor, 'course.transition', target);
  const action = (a: 'publish' | 'close' | 'cancel' | 'archive') =>
    staff && transitionOf(row.status, a, 'staff') !== undefined;
  const edit = (e: Edit, allowed: boolean) => allowed && mayEdit(row.status, e);
  return {
    update: edit('update', can(actor, 'course.update', target)),
    publish: action('publish'),
    close: action('close'),
    cancel: action('cancel'),
    archive: action('archive'),
    editQuotas: edit('quotas', can(actor, 'course.quotas', target)),
    reassign: edit('reassign', can(actor, 'course.reassign', target)),
    editFiles: edit('files', can(actor, 'course.files', target)),
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
    manager: row.managerId !== null ? { id: String(row.managerId), fullName: row.managerName ?? '' } : null,
    updatedAt: row.updatedAt.toISOString(),
    abilities: courseAbilities(row, actor),
  };
}

type Snapshot = {
  title: string;
  annotation: string;
  hours: number;
  kind: ProgramKind;
  form: ProgramForm;
  distance: boolean;
  subjects: string[];
  plannedResults: string;
  targetPositions: string[];
};

/** The program as the course shows it: its snapshot once finished, the live program before. */
function programOf(row: CourseCardRow) {
  const snapshot = (
    typeof row.programSnapshot === 'string' ? JSON.parse(row.programSnapshot) : row.programSnapshot
  ) as Snapshot | null;
  const p = snapshot ?? {
    title: row.liveTitle,
    annotation: row.annotation,
    hours: row.hours,
    kind: row.kind,
    form: row.form,
    distance: row.distance,
    subjects: row.subjects,
    plannedResults: row.plannedResults,
    targetPositions: row.targetPositions,
  };
  return {
    id: String(row.programId),
    title: p.title,
    annotation: p.annotation,
    hours: p.hours,
    kind: p.kind,
    form: p.form,
    distance: p.distance,
    targetPositions: p.targetPositions,
    subjects: p.subjects,
    plannedResults: p.plannedResults,
  };
}

const presentQuota = (q: QuotaRow) => ({
  territoryId: String(q.territoryId),
  territoryName: q.territoryName,
  places: q.places,
  placesLeft: q.placesLeft,
});

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

export const presentCatalogItem = (row: CatalogRow): CatalogItem => ({
  id: String(row.id),
  status: row.status,
  title: row.title,
  annotation: row.annotation,
  hours: row.hours,
  kind: row.kind,
  form: row.form,
  distance: row.distance,
  startsOn: row.startsOn,
  endsOn: row.endsOn,
  applyUntil: row.applyUntil,
  place: row.place,
  providerId: String(row.providerId),
  providerName: row.providerName,
  departmentId: String(row.departmentId),
  departmentName: row.departmentName,
  capacity: row.capacity,
  placesLeft: row.placesLeft,
});

export function presentCatalogCourse(card: Omit<CourseCard, 'publishProblems'>): CatalogCourse {
  const { row } = card;
  return {
    id: String(row.id),
    status: row.status,
    program: programOf(row),
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    applyUntil: row.applyUntil,
    place: row.place,
    distanceUrl: row.distanceUrl,
    provider: { id: String(row.providerId), name: row.providerName },
    department: { id: String(row.departmentId), name: row.departmentName },
    schedule: card.schedule,
    files: card.files.map(presentFile),
    capacity: row.capacity,
    placesLeft: row.placesLeft,
    commonPlacesLeft: row.commonLeft,
    quotaReleaseOn: row.quotaReleaseOn,
    quotas: card.quotas.map(presentQuota),
    cancelReason: row.cancelReason,
    calendarUrl: `/api/v1/catalog/${row.id}/schedule.ics`,
  };
}
