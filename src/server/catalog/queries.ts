// Kysely queries of the catalog. Workspace lists and cards are filtered by the actor's scope here
// (staff: their department; a provider admin: their provider's published courses; the operator:
// every published course), so that whatever a query does not return does not exist for the actor.
// The public catalog shows courses that have been published. Every page is a fixed number of
// queries, whatever its size: lists carry their names, counts and places in one statement.
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { CourseStatus, ScheduleDay } from '../../contract/catalog.js';
import type { Actor } from '../access/actor.js';
import { departmentIdsOf, isOperator, providerIdsOf } from '../access/predicates.js';
import type { Database } from '../db/database.js';
import type { DB, ProgramForm, ProgramKind } from '../db/schema.js';
import { fetchPage, likePattern, type PageRequest } from '../http/pagination.js';
import { type DateRule, LISTED_STATUSES } from './lifecycle.js';
import { placesLeft, placesSummary, quotasJson } from './places.js';
import { matches, meaningless, rank } from './search.js';

type NamedRef = { id: number; name: string };

const none = sql<SqlBool>`false`;
const all = sql<SqlBool>`true`;

// --- programs

type ProgramsEb = ExpressionBuilder<DB & { p: DB['programs']; d: DB['departments'] }, 'p' | 'd'>;

/** Programs the actor sees: their department's (staff), their provider's (admin), all (operator). */
export function programScope(eb: ProgramsEb, actor: Actor): Expression<SqlBool> {
  if (isOperator(actor)) return all;
  const departments = departmentIdsOf(actor, 'head', 'manager');
  const providers = providerIdsOf(actor, 'provider_admin');
  const either = [
    ...(departments.length ? [eb('p.departmentId', 'in', departments)] : []),
    ...(providers.length ? [eb('d.providerId', 'in', providers)] : []),
  ];
  return either.length ? eb.or(either) : none;
}

/** Target positions of a program as a JSON array of {id, name}, in the directory's order. */
const targetPositionsJson = sql<NamedRef[]>`coalesce((
  SELECT json_agg(json_build_object('id', pos.id, 'name', pos.name) ORDER BY pos.sort_order, pos.name)
    FROM program_positions pp JOIN positions pos ON pos.id = pp.position_id
   WHERE pp.program_id = p.id), '[]'::json)`;

const programBase = (db: Database) =>
  db
    .selectFrom('programs as p')
    .innerJoin('departments as d', 'd.id', 'p.departmentId')
    .innerJoin('providers as pr', 'pr.id', 'd.providerId')
    .select([
      'p.id',
      'p.departmentId',
      'd.name as departmentName',
      'd.providerId',
      'pr.name as providerName',
      'p.title',
      'p.hours',
      'p.kind',
      'p.form',
      'p.distance',
      targetPositionsJson.as('targetPositions'),
      sql<number>`(SELECT count(*) FROM courses c WHERE c.program_id = p.id)::integer`.as('coursesCount'),
      'p.createdAt',
      'p.updatedAt',
    ]);

export type ProgramSummaryRow = {
  id: number;
  departmentId: number;
  departmentName: string;
  providerId: number;
  providerName: string;
  title: string;
  hours: number;
  kind: ProgramKind;
  form: ProgramForm;
  distance: boolean;
  targetPositions: NamedRef[];
  coursesCount: number;
  createdAt: Date;
  updatedAt: Date;
};
export type ProgramRow = ProgramSummaryRow & {
  annotation: string;
  subjects: string[];
  plannedResults: string;
};

const parseJson = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

export async function findPrograms(
  db: Database,
  actor: Actor,
  filter: { departmentId?: number | undefined; q?: string | undefined } & PageRequest,
) {
  const { departmentId, q, ...page } = filter;
  const result = await fetchPage(
    programBase(db)
      .where((eb) => programScope(eb, actor))
      .$if(departmentId !== undefined, (qb) => qb.where('p.departmentId', '=', departmentId ?? 0))
      .$if(Boolean(q), (qb) => qb.where('p.title', 'ilike', likePattern(q ?? '')))
      .orderBy('p.title')
      .orderBy('p.id'),
    page,
  );
  return {
    items: result.items.map((r) => ({ ...r, targetPositions: parseJson(r.targetPositions) })),
    total: result.total,
  };
}

/** One program with everything its card shows, if the actor sees it. */
export async function getProgram(db: Database, actor: Actor, id: number): Promise<ProgramRow | undefined> {
  const row = await programBase(db)
    .select(['p.annotation', 'p.subjects', 'p.plannedResults'])
    .where('p.id', '=', id)
    .where((eb) => programScope(eb, actor))
    .executeTakeFirst();
  return row && { ...row, targetPositions: parseJson(row.targetPositions) };
}

/** What the policy and a change need of a program, locked for the change. */
export const lockProgram = (db: Database, id: number) =>
  db
    .selectFrom('programs as p')
    .where('p.id', '=', id)
    .select([
      'p.id',
      'p.departmentId',
      sql<number>`(SELECT d.provider_id FROM departments d WHERE d.id = p.department_id)`.as('providerId'),
      'p.title',
      'p.annotation',
      'p.hours',
      'p.kind',
      'p.form',
      'p.distance',
      'p.subjects',
      'p.plannedResults',
      sql<
        number[]
      >`coalesce((SELECT array_agg(pp.position_id ORDER BY pp.position_id) FROM program_positions pp WHERE pp.program_id = p.id), '{}')`.as(
        'targetPositionIds',
      ),
    ])
    .forUpdate()
    .executeTakeFirst();

export const departmentOf = (db: Database, id: number) =>
  db
    .selectFrom('departments')
    .where('id', '=', id)
    .select(['id as departmentId', 'providerId'])
    .executeTakeFirst();

/** The ids among `ids` that are positions of the directory. */
export async function existingPositions(db: Database, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('positions').where('id', 'in', ids).select('id').execute();
  return new Set(rows.map((r) => r.id));
}

export async function setProgramPositions(db: Database, programId: number, positionIds: number[]) {
  await db.deleteFrom('programPositions').where('programId', '=', programId).execute();
  const unique = [...new Set(positionIds)];
  if (unique.length)
    await db
      .insertInto('programPositions')
      .values(unique.map((positionId) => ({ programId, positionId })))
      .execute();
}

// --- courses

type CoursesEb = ExpressionBuilder<DB & { c: DB['courses']; d: DB['departments'] }, 'c' | 'd'>;

/**
 * Courses the actor sees in the workspace: every course of their department (staff), the
 * provider's (admin) or all (operator) once published — a draft exists only for its department.
 */
export function courseScope(eb: CoursesEb, actor: Actor): Expression<SqlBool> {
  const departments = departmentIdsOf(actor, 'head', 'manager');
  const providers = providerIdsOf(actor, 'provider_admin');
  const published = eb('c.publishedAt', 'is not', null);
  const either = [
    ...(departments.length ? [eb('c.departmentId', 'in', departments)] : []),
    ...(isOperator(actor) ? [published] : []),
    ...(providers.length && !isOperator(actor)
      ? [eb.and([published, eb('d.providerId', 'in', providers)])]
      : []),
  ];
  return either.length ? eb.or(either) : none;
}

const managerName = sql<string | null>`(
  SELECT concat_ws(' ', u.last_name, u.first_name, u.middle_name) FROM users u WHERE u.id = c.manager_id)`;

const courseListBase = (db: Database, today: string, quotas = false) =>
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
  managerId: number | null;
  managerName: string | null;
  publishedAt: Date | null;
  updatedAt: Date;
};

export function findCourses(
  db: Database,
  actor: Actor,
  today: string,
  filter: {
    departmentId?: number | undefined;
    programId?: number | undefined;
    status?: CourseStatus | undefined;
    from?: string | undefined;
    to?: string | undefined;
    q?: string | undefined;
  } & PageRequest,
): Promise<{ items: CourseSummaryRow[]; total: number }> {
  const { departmentId, programId, status, from, to, q, ...page } = filter;
  return fetchPage(
    courseListBase(db, today)
      .where((eb) => courseScope(eb, actor))
      .$if(departmentId !== undefined, (qb) => qb.where('c.departmentId', '=', departmentId ?? 0))
      .$if(programId !== undefined, (qb) => qb.where('c.programId', '=', programId ?? 0))
      .$if(status !== undefined, (qb) => qb.where('c.status', '=', status ?? 'draft'))
      .$if(from !== undefined, (qb) => qb.where('c.startsOn', '>=', from ?? ''))
      .$if(to !== undefined, (qb) => qb.where('c.startsOn', '<=', to ?? ''))
      .$if(Boolean(q), (qb) => qb.where('p.title', 'ilike', likePattern(q ?? '')))
      .orderBy('c.startsOn', 'desc')
      .orderBy('c.id', 'desc'),
    page,
  );
}

/** Everything a course card shows, in one row: the course, its program, department, provider, places. */
const courseCardBase = (db: Database, today: string, quotas = false) =>
  courseListBase(db, today, quotas).select([
    'pl.commonLeft',
    'c.place',
    'c.distanceUrl',
    'c.quotaReleaseOn',
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

/** A course's schedule, quotas and files as JSON columns, so that a whole card is one statement. */
const cardParts = (today: string, files: 'course' | 'page') =>
  [
    // The page reads its quotas with its places (`courseCardBase(…, true)`), once.
    files === 'page' ? sql<QuotaRow[]>`pl.quotas`.as('quotas') : quotasJson('c', today).as('quotas'),
    sql<ScheduleDay[]>`coalesce((
      SELECT json_agg(json_build_object('date', s.date, 'startsAt', s.starts_at, 'endsAt', s.ends_at,
                                        'topic', s.topic, 'room', s.room, 'teacher', s.teacher)
                      ORDER BY s.date, s.starts_at, s.id)
        FROM schedule_days s WHERE s.course_id = c.id), '[]'::json)`.as('schedule'),
    // The page offers the program's files, then the course's; the workspace edits the course's.
    sql<FileJson[]>`coalesce((
      SELECT json_agg(json_build_object('id', f.id, 'name', f.name, 'title', f.title,
                                        'contentType', f.content_type, 'size', f.size, 'createdAt', f.created_at)
                      ORDER BY f.course_id IS NOT NULL, f.id)
        FROM files f
       WHERE f.course_id = c.id ${files === 'page' ? sql`OR f.program_id = c.program_id` : sql``}), '[]'::json)`.as(
      'files',
    ),
  ] as const;

export type QuotaRow = { territoryId: number; territoryName: string; places: number; placesLeft: number };
type FileJson = Omit<FileRow, 'createdAt'> & { createdAt: string };
export type CourseCardParts = { schedule: ScheduleDay[]; quotas: QuotaRow[]; files: FileRow[] };

/** Splits a card's row from its parts, file times becoming dates as the driver gives them elsewhere. */
function withParts<R extends { schedule: ScheduleDay[]; quotas: QuotaRow[]; files: FileJson[] }>(
  found: R | undefined,
) {
  if (!found) return undefined;
  const { schedule, quotas, files, ...row } = found;
  const parts: CourseCardParts = {
    schedule,
    quotas,
    files: files.map((f) => ({ ...f, createdAt: new Date(f.createdAt) })),
  };
  return { row: row as unknown as CourseCardRow, ...parts };
}

/** A course in the workspace with its parts, if the actor sees it. */
export const getCourse = async (db: Database, actor: Actor, id: number, today: string) =>
  withParts(
    await courseCardBase(db, today)
      .select(cardParts(today, 'course'))
      .where('c.id', '=', id)
      .where((eb) => courseScope(eb, actor))
      .executeTakeFirst(),
  );

/** Whether the actor sees the course. */
export const seesCourse = async (db: Database, actor: Actor, id: number) =>
  (await db
    .selectFrom('courses as c')
    .innerJoin('departments as d', 'd.id', 'c.departmentId')
    .where('c.id', '=', id)
    .where((eb) => courseScope(eb, actor))
    .select('c.id')
    .executeTakeFirst()) !== undefined;

/**
 * A course of the public catalog: one that has been published (its state says what became of it).
 * One statement, the same text for every course, so it is prepared and planned once per connection.
 */
export const getPublicCourse = async (db: Database, id: number, today: string) =>
  withParts(
    await courseCardBase(db, today, true)
      .select(cardParts(today, 'page'))
      .where('c.id', '=', id)
      .where('c.publishedAt', 'is not', null)
      .executeTakeFirst(),
  );

/** What the policy, the lifecycle and a change need of a course, locked for the change. */
export const lockCourse = (db: Database, id: number) =>
  db
    .selectFrom('courses as c')
    .innerJoin('programs as p', 'p.id', 'c.programId')
    .innerJoin('departments as d', 'd.id', 'c.departmentId')
    .where('c.id', '=', id)
    .select([
      'c.id',
      'c.programId',
      'c.departmentId',
      'd.providerId',
      'c.status',
      'c.startsOn',
      'c.endsOn',
      'c.applyUntil',
      'c.capacity',
      'c.place',
      'c.distanceUrl',
      'c.quotaReleaseOn',
      'c.managerId',
      'c.publishedAt',
      'p.annotation',
    ])
    .forUpdate(['c'])
    .executeTakeFirst();
export type LockedCourse = NonNullable<Awaited<ReturnType<typeof lockCourse>>>;

export const scheduleOf = (db: Database, courseId: number) =>
  db
    .selectFrom('scheduleDays')
    .where('courseId', '=', courseId)
    .select(['date', 'startsAt', 'endsAt', 'topic', 'room', 'teacher'])
    .orderBy('date')
    .orderBy('startsAt')
    .orderBy('id')
    .execute();

export async function replaceSchedule(
  db: Database,
  courseId: number,
  days: {
    date: string;
    startsAt: string;
    endsAt: string;
    topic: string;
    room: string | null;
    teacher: string | null;
  }[],
) {
  await db.deleteFrom('scheduleDays').where('courseId', '=', courseId).execute();
  if (days.length)
    await db
      .insertInto('scheduleDays')
      .values(days.map((d) => ({ courseId, ...d })))
      .execute();
}

export const quotaSum = async (db: Database, courseId: number) =>
  Number(
    (
      await db
        .selectFrom('courseQuotas')
        .where('courseId', '=', courseId)
        .select(sql<number>`coalesce(sum(places), 0)`.as('sum'))
        .executeTakeFirstOrThrow()
    ).sum,
  );

/** Places the course's applications hold (forwarded and enrolled). */
export const placesHeld = async (db: Database, courseId: number) =>
  Number(
    (
      await db
        .selectFrom('applications')
        .where('courseId', '=', courseId)
        .where('status', 'in', ['forwarded', 'enrolled'])
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

export async function replaceQuotas(
  db: Database,
  courseId: number,
  quotas: { territoryId: number; places: number }[],
) {
  await db.deleteFrom('courseQuotas').where('courseId', '=', courseId).execute();
  if (quotas.length)
    await db
      .insertInto('courseQuotas')
      .values(quotas.map((q) => ({ courseId, ...q })))
      .execute();
}

export async function existingTerritories(db: Database, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('territories').where('id', 'in', ids).select('id').execute();
  return new Set(rows.map((r) => r.id));
}

/** Whether the user is an active (not blocked) manager of the department. */
export async function isActiveManagerOf(db: Database, userId: number, departmentId: number) {
  const row = await db
    .selectFrom('userRoles as r')
    .innerJoin('users as u', 'u.id', 'r.userId')
    .where('r.userId', '=', userId)
    .where('r.role', '=', 'manager')
    .where('r.departmentId', '=', departmentId)
    .where('u.blockedAt', 'is', null)
    .select('r.id')
    .executeTakeFirst();
  return row !== undefined;
}

export const historyOf = (db: Database, courseId: number) =>
  db
    .selectFrom('courseHistory as h')
    .leftJoin('users as u', 'u.id', 'h.byId')
    .where('h.courseId', '=', courseId)
    .select([
      'h.fromStatus',
      'h.toStatus',
      'h.action',
      'h.byId',
      sql<string | null>`concat_ws(' ', u.last_name, u.first_name, u.middle_name)`.as('byName'),
      'h.at',
      'h.reason',
    ])
    .orderBy('h.id')
    .execute();

export async function recordHistory(
  db: Database,
  entry: {
    courseId: number;
    from: CourseStatus | null;
    to: CourseStatus;
    action: string;
    byId: number | null;
    at: Date;
    reason?: string | null;
  },
) {
  await db
    .insertInto('courseHistory')
    .values({
      courseId: entry.courseId,
      fromStatus: entry.from,
      toStatus: entry.to,
      action: entry.action,
      byId: entry.byId,
      at: entry.at,
      reason: entry.reason ?? null,
    })
    .execute();
}

/** The program as a finished course keeps showing it. */
const programSnapshotSql = sql<string>`(
  SELECT jsonb_build_object(
    'title', p.title, 'annotation', p.annotation, 'hours', p.hours, 'kind', p.kind, 'form', p.form,
    'distance', p.distance, 'subjects', to_jsonb(p.subjects), 'plannedResults', p.planned_results,
    'targetPositions', coalesce((
      SELECT jsonb_agg(pos.name ORDER BY pos.sort_order, pos.name)
        FROM program_positions pp JOIN positions pos ON pos.id = pp.position_id
       WHERE pp.program_id = p.id), '[]'::jsonb))
  FROM programs p WHERE p.id = courses.program_id)`;

/**
 * Moves every course due for a system transition on `today` (the region's date) with one
 * conditional UPDATE; returns the ids moved. `after`: today > date; `on`: today ≥ date.
 */
export async function moveDueCourses(
  db: Database,
  t: { from: CourseStatus; to: CourseStatus; due: DateRule },
  today: string,
  now: Date,
): Promise<number[]> {
  const rows = await db
    .updateTable('courses')
    .set({
      status: t.to,
      updatedAt: now,
      ...(t.to === 'finished' ? { programSnapshot: programSnapshotSql } : {}),
    })
    .where('status', '=', t.from)
    .where(t.due.date, t.due.when === 'after' ? '<' : '<=', today)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

// --- files

// File contents cross the driver as base64 text, decoded and encoded by the database: PGlite
// converts a bytea parameter or result byte by byte in JavaScript (a 20 MB file took ~20 s to
// store), while text passes in one piece; PostgreSQL does not mind either way.
export const bytesFromBase64 = (base64: string) => sql<Uint8Array>`decode(${base64}, 'base64')`;

const fileColumns = ['f.id', 'f.name', 'f.title', 'f.contentType', 'f.size', 'f.createdAt'] as const;
export type FileRow = {
  id: number;
  name: string;
  title: string | null;
  contentType: string;
  size: number;
  createdAt: Date;
};

export const filesOfProgram = (db: Database, programId: number): Promise<FileRow[]> =>
  db
    .selectFrom('files as f')
    .where('f.programId', '=', programId)
    .select(fileColumns)
    .orderBy('f.id')
    .execute();

/** A file with what decides who may download it: its owner's department and whether it is public. */
export const fileForDownload = (db: Database, id: number) =>
  db
    .selectFrom('files as f')
    .leftJoin('courses as c', 'c.id', 'f.courseId')
    .leftJoin('programs as p', 'p.id', 'f.programId')
    .innerJoin('departments as d', (join) =>
      join.on(sql<SqlBool>`d.id = coalesce(c.department_id, p.department_id)`),
    )
    .where('f.id', '=', id)
    .select([
      'f.id',
      'f.name',
      'f.contentType',
      'f.size',
      sql<string>`encode(f.content, 'base64')`.as('content'),
      'f.courseId',
      'f.programId',
      'd.id as departmentId',
      'd.providerId',
      'c.publishedAt',
      // A program's files are public once one of its courses has been published.
      sql<boolean>`CASE WHEN f.course_id IS NOT NULL THEN c.published_at IS NOT NULL
        ELSE EXISTS (SELECT 1 FROM courses pc WHERE pc.program_id = f.program_id AND pc.published_at IS NOT NULL) END`.as(
        'public',
      ),
    ])
    .executeTakeFirst();

// --- the public catalog

export type CatalogFilter = {
  q?: string | undefined;
  providerId?: number | undefined;
  departmentId?: number | undefined;
  form?: ProgramForm | undefined;
  kind?: ProgramKind | undefined;
  distance?: boolean | undefined;
  from?: string | undefined;
  to?: string | undefined;
  position?: string | undefined;
  positionId?: number | undefined;
  territoryId?: number | undefined;
} & PageRequest;

export type CatalogRow = {
  id: number;
  status: CourseStatus;
  title: string;
  annotation: string;
  hours: number;
  kind: ProgramKind;
  form: ProgramForm;
  distance: boolean;
  startsOn: string;
  endsOn: string;
  applyUntil: string;
  place: string;
  providerId: number;
  providerName: string;
  departmentId: number;
  departmentName: string;
  capacity: number;
  placesLeft: number;
};

/**
 * One page of the public catalog in one statement (a second one only past the last page):
 * listed courses matching every filter, ranked by relevance when searching, else by start date.
 * The inner query picks and counts the page's ids; names and places are computed for those
 * 20 rows only, not for every match (unless places are the filter: free places for a territory).
 * The statement is the same text for every search (the words are a parameter), so it is prepared
 * and planned once per connection: planning it was most of its cost. Hence no condition that a
 * generic plan could not take to an index (see `searchQuery`), and the empty query's case apart.
 */
export async function findCatalogCourses(
  db: Database,
  today: string,
  filter: CatalogFilter,
): Promise<{ items: CatalogRow[]; total: number }> {
  const { q, territoryId, position, positionId, limit, offset, ...rest } = filter;
  const search = q?.trim() ? q.trim() : undefined;
  // The listed states as constants, not parameters: the condition of the partial search index
  // (migration 0010), which a generic plan can only use if it sees the same constants.
  let matching = db
    .selectFrom('courses as c')
    .innerJoin('programs as p', 'p.id', 'c.programId')
    .where(sql<SqlBool>`c.status IN (${sql.join(LISTED_STATUSES.map((s) => sql.lit(s)))})`);
  if (rest.providerId !== undefined)
    matching = matching.where('c.departmentId', 'in', (eb) =>
      eb
        .selectFrom('departments as d')
        .where('d.providerId', '=', rest.providerId ?? 0)
        .select('d.id'),
    );
  if (rest.departmentId !== undefined) matching = matching.where('c.departmentId', '=', rest.departmentId);
  if (rest.form !== undefined) matching = matching.where('p.form', '=', rest.form);
  if (rest.kind !== undefined) matching = matching.where('p.kind', '=', rest.kind);
  if (rest.distance !== undefined) matching = matching.where('p.distance', '=', rest.distance);
  if (rest.from !== undefined) matching = matching.where('c.startsOn', '>=', rest.from);
  if (rest.to !== undefined) matching = matching.where('c.startsOn', '<=', rest.to);
  if (positionId !== undefined || position)
    matching = matching.where((eb) =>
      eb.exists(
        eb
          .selectFrom('programPositions as pp')
          .innerJoin('positions as pos', 'pos.id', 'pp.positionId')
          .whereRef('pp.programId', '=', 'p.id')
          .$if(positionId !== undefined, (qb) => qb.where('pp.positionId', '=', positionId ?? 0))
          .$if(Boolean(position), (qb) => qb.where(sql<SqlBool>`lower(pos.name) = lower(${position ?? ''})`))
          .select(sql.lit(1).as('one')),
      ),
    );
  if (territoryId !== undefined)
    matching = matching.where(({ exists, selectFrom }) =>
      exists(
        selectFrom(placesSummary('c', today, territoryId).as('pl'))
          .where(sql<SqlBool>`pl.common_left + pl.territory_quota_left > 0`)
          .select(sql.lit(1).as('one')),
      ),
    );
  // Searching: the courses that match the words, ranked.
  const found = search
    ? matching
        .where(matches('c.searchVector', search))
        .select(['c.id', 'c.startsOn', rank('c.searchVector', search).as('relevance')])
    : matching.select(['c.id', 'c.startsOn', sql<number>`0::real`.as('relevance')]);
  const page = db
    .selectFrom(found.as('f'))
    .select(['f.id', 'f.startsOn', 'f.relevance', sql<number>`count(*) over ()`.as('total')])
    .orderBy('f.relevance', 'desc')
    .orderBy('f.startsOn')
    .orderBy('f.id')
    .limit(limit)
    .offset(offset);
  const rows = await db
    .selectFrom(page.as('m'))
    .innerJoin('courses as c', 'c.id', 'm.id')
    .innerJoin('programs as p', 'p.id', 'c.programId')
    .innerJoin('departments as d', 'd.id', 'c.departmentId')
    .innerJoin('providers as pr', 'pr.id', 'd.providerId')
    .select([
      'c.id',
      'c.status',
      'p.title',
      sql<string>`left(p.annotation, 300)`.as('annotation'),
      'p.hours',
      'p.kind',
      'p.form',
      'p.distance',
      'c.startsOn',
      'c.endsOn',
      'c.applyUntil',
      'c.place',
      'd.providerId',
      'pr.name as providerName',
      'c.departmentId',
      'd.name as departmentName',
      'c.capacity',
      placesLeft('c').as('placesLeft'),
      'm.total',
    ])
    .orderBy('m.relevance', 'desc')
    .orderBy('m.startsOn')
    .orderBy('m.id')
    .execute();
  // Words that carry no meaning on their own (only stop words such as «и», «по») make an empty
  // query, which matches everything instead of nothing. Asked only when nothing matched, so that
  // the search itself has no condition a generic plan could not take to the index.
  if (rows.length === 0 && search) {
    const { empty } = await db.selectNoFrom(meaningless(search).as('empty')).executeTakeFirstOrThrow();
    if (empty) return findCatalogCourses(db, today, { ...filter, q: undefined });
  }
  let total = Number(rows[0]?.total ?? 0);
  // Past the last page the window count is lost with the rows; count separately only then.
  if (rows.length === 0 && offset > 0)
    total = Number(
      (await db.selectFrom(found.as('f')).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n,
    );
  return { items: rows.map(({ total: _omit, ...row }) => row), total };
}
