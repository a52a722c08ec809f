// What of the public catalog leaves the server: ids as strings, dates as text, the program as the
// course shows it (frozen once finished). The pieces a course shows everywhere — its program, its
// quotas, its files — are presented here once, for the public page and the workspace alike.
import type { CatalogCourse, FileInfo, ProgramForm, ProgramKind } from '../../contract/catalog.js';
import type { CourseCardParts, CourseCardRow, FileRow, QuotaRow } from './card.js';

/** Where a file is downloaded (files/ serves it). */
export const fileUrl = (id: number | string) => `/api/v1/files/${id}`;

export const presentFile = (f: FileRow): FileInfo => ({
  id: String(f.id),
  name: f.name,
  title: f.title,
  contentType: f.contentType,
  size: f.size,
  createdAt: f.createdAt.toISOString(),
  url: fileUrl(f.id),
});

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
export function programOf(row: CourseCardRow) {
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

export const presentQuota = (q: QuotaRow) => ({
  territoryId: String(q.territoryId),
  territoryName: q.territoryName,
  places: q.places,
  placesLeft: q.placesLeft,
});

export function presentCatalogCourse(card: { row: CourseCardRow } & CourseCardParts): CatalogCourse {
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
    learners: row.learners,
    commonPlacesLeft: row.commonLeft,
    quotaReleaseOn: row.quotaReleaseOn,
    quotas: card.quotas.map(presentQuota),
    cancelReason: row.cancelReason,
    calendarUrl: `/api/v1/catalog/${row.id}/schedule.ics`,
    applicationsOpen: row.applicationsOpen,
    studyEnded: row.studyEnded,
  };
}
