// A course card in one statement, whatever its size: the course with its program, department,
// provider and places, and its schedule, quotas and files as JSON columns. The public course page
// (queries.ts `getPublicCourse`) and the workspace's course list and card (courses/) read the same
// columns, so they are written once, here, below both.
import { sql } from 'kysely';
import type { CourseLearners, CourseStatus, ScheduleDay } from '../../contract/catalog.js';
import type { Database } from '../db/database.js';
import type { Funding, ProgramForm, ProgramKind } from '../db/schema.js';
import { fullName } from '../db/sql.js';
import { placesSummary, quotasJson } from '../places/places.js';

/** A stored file as a card lists it (its content is read only to download it). */
export type FileRow = {
  id: number;
  name: string;
  title: string | null;
  contentType: string;
  size: number;
  createdAt: Date;
};

export const managerName = sql<
  string | null
>`(SELECT ${fullName('u')} FROM users u WHERE u.id = c.manager_id)`;

/**
 * Who studies on a started course (null before it starts): everyone who joined a group whatever
 * the result since, and those who completed it — as the course's counts row keeps them (migration
 * 0030: kept by triggers on every change of an application), not counted from its applications on
 * every visit.
 */
// Written as text (json keeps it as is), so that the catalog's JSON reads exactly as the contract's.
export const learnersOf = sql<CourseLearners>`(CASE WHEN c.status IN ('running', 'finished', 'archived')
    THEN (SELECT ('{"enrolled":' || k.learners_enrolled || ',"completed":' || k.learners_completed || '}')::json
            FROM course_counts k WHERE k.course_id = c.id) END)`;

/**
 * Whether course `c` takes applications on `today` (the region's date by the Bank's clock): the
 * catalog's filter and the ability the UI shows its apply button by; applying checks the same
 * (applications/service.ts).
 */
export const applicationsOpen = (today: string) =>
  sql<boolean>`(c.status = 'published' AND c.apply_until >= ${today})`;

/**
 * Whether course `c` is running past its last day on `today` (the region's date by the Bank's
 * clock): its study is over and its results are not yet recorded. The UI's badge reads it.
 */
export const studyEnded = (today: string) => sql<boolean>`(c.status = 'running' AND c.ends_on < ${today})`;

/** A course with its program's title, department, provider, manager and places left: a list's row. */
export const courseListBase = (db: Database, today: string, quotas = false) =>
  db
    .selectFrom('courses as c')
    .innerJoin('programs as p', 'p.id', 'c.programId')
    .innerJoin('departments as d', 'd.id', 'c.departmentId')
    .innerJoin('providers as pr', 'pr.id', 'd.providerId')
    .innerJoinLateral(placesSummary('c', today, undefined, undefined, quotas).as('pl'), (join) =>
      join.onTrue(),
    )
    .select([
      'c.id',
      'c.status',
      'c.programId',
      sql<string>`coalesce(c.program_snapshot->>'title', p.title)`.as('programTitle'),
      'c.departmentId',
      'd.name as departmentName',
      'd.providerId',
      'pr.name as providerName',
      'c.startsOn',
      'c.endsOn',
      'c.applyUntil',
      'c.capacity',
      'pl.placesLeft',
      learnersOf.as('learners'),
      applicationsOpen(today).as('applicationsOpen'),
      studyEnded(today).as('studyEnded'),
      'c.managerId',
      managerName.as('managerName'),
      'c.publishedAt',
      'c.updatedAt',
    ]);

export type CourseSummaryRow = {
  id: number;
  status: CourseStatus;
  programId: number;
  programTitle: string;
  departmentId: number;
  departmentName: string;
  providerId: number;
  providerName: string;
  startsOn: string;
  endsOn: string;
  applyUntil: string;
  capacity: number;
  placesLeft: number;
  learners: CourseLearners;
  applicationsOpen: boolean;
  studyEnded: boolean;
  managerId: number | null;
  managerName: string | null;
  publishedAt: Date | null;
  updatedAt: Date;
};

/**
 * Everything a course card shows, in one row: the course, its program, department, provider, places
 * (with `quotas`, also its quotas as `pl.quotas`, read in the same pass as its places).
 */
export const courseCardBase = (db: Database, today: string, quotas = false) =>
  courseListBase(db, today, quotas).select([
    'pl.commonLeft',
    'c.place',
    'c.distanceUrl',
    'c.quotaReleaseOn',
    'c.funding',
    'c.cancelReason',
    'c.createdAt',
    'c.programSnapshot',
    'p.title as liveTitle',
    'p.annotation',
    'p.hours',
    'p.kind',
    'p.form',
    'p.distance',
    'p.subjects',
    'p.plannedResults',
    sql<string[]>`coalesce((
      SELECT array_agg(pos.name ORDER BY pos.sort_order, pos.name)
        FROM program_positions pp JOIN positions pos ON pos.id = pp.position_id
       WHERE pp.program_id = p.id), '{}')`.as('targetPositions'),
  ]);

export type CourseCardRow = CourseSummaryRow & {
  commonLeft: number;
  place: string;
  distanceUrl: string | null;
  quotaReleaseOn: string | null;
  funding: Funding;
  cancelReason: string | null;
  createdAt: Date;
  programSnapshot: unknown;
  liveTitle: string;
  annotation: string;
  hours: number;
  kind: ProgramKind;
  form: ProgramForm;
  distance: boolean;
  subjects: string[];
  plannedResults: string;
  targetPositions: string[];
};

/**
 * A course's schedule, quotas and files as JSON columns, so that a whole card is one statement.
 * The public page reads them as text, parsed by `withParts`: the CamelCasePlugin would otherwise
 * walk every key of them on every uncached visit, and their keys are camelCase already.
 */
export const cardParts = (today: string, files: 'course' | 'page') => {
  const json = files === 'page' ? sql`::text` : sql``;
  return [
    // The page reads its quotas with its places (`courseCardBase(…, true)`), once.
    files === 'page'
      ? sql<JsonColumn<QuotaRow[]>>`pl.quotas::text`.as('quotas')
      : quotasJson('c', today).as('quotas'),
    sql<JsonColumn<ScheduleDay[]>>`coalesce((
      SELECT json_agg(json_build_object('date', s.date, 'startsAt', s.starts_at, 'endsAt', s.ends_at,
                                        'topic', s.topic, 'room', s.room, 'teacher', s.teacher)
                      ORDER BY s.date, s.starts_at, s.id)
        FROM schedule_days s WHERE s.course_id = c.id), '[]'::json)${json}`.as('schedule'),
    // The page offers the program's files, then the course's; the workspace edits the course's.
    sql<JsonColumn<FileJson[]>>`coalesce((
      SELECT json_agg(json_build_object('id', f.id, 'name', f.name, 'title', f.title,
                                        'contentType', f.content_type, 'size', f.size, 'createdAt', f.created_at)
                      ORDER BY f.course_id IS NOT NULL, f.id)
        FROM files f
       WHERE f.course_id = c.id ${files === 'page' ? sql`OR f.program_id = c.program_id` : sql``}), '[]'::json)${json}`.as(
      'files',
    ),
  ] as const;
};

/** A JSON column, parsed by the driver or (read as text) by `withParts`. */
type JsonColumn<T> = T | string;
const parsed = <T>(value: JsonColumn<T>): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

export type QuotaRow = { territoryId: number; territoryName: string; places: number; placesLeft: number };
type FileJson = Omit<FileRow, 'createdAt'> & { createdAt: string };
export type CourseCardParts = { schedule: ScheduleDay[]; quotas: QuotaRow[]; files: FileRow[] };

/** Splits a card's row from its parts, file times becoming dates as the driver gives them elsewhere. */
export function withParts<
  R extends {
    schedule: JsonColumn<ScheduleDay[]>;
    quotas: JsonColumn<QuotaRow[]>;
    files: JsonColumn<FileJson[]>;
  },
>(found: R | undefined) {
  if (!found) return undefined;
  const { schedule, quotas, files, ...row } = found;
  const parts: CourseCardParts = {
    schedule: parsed(schedule),
    quotas: parsed(quotas),
    files: parsed(files).map((f) => ({ ...f, createdAt: new Date(f.createdAt) })),
  };
  return { row: row as unknown as CourseCardRow, ...parts };
}
