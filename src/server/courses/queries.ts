// Kysely queries of courses in the workspace. Lists and cards are filtered by the actor's scope
// here (staff: their department's courses, drafts included; a provider admin: their provider's
// published courses; the operator: every published course), so that whatever a query does not
// return does not exist for the actor. A card is one statement whatever its size (catalog/card.ts).
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { COURSE_STATUSES, type CourseListQuery, type CourseStatus } from '../../contract/catalog.js';
import type { Actor } from '../access/actor.js';
import { scopeOf } from '../access/scope.js';
import {
  type CourseSummaryRow,
  cardParts,
  courseCardBase,
  courseListBase,
  managerName,
  withParts,
} from '../catalog/card.js';
import { programSnapshotSql } from '../catalog/snapshot.js';
import type { Database } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { fullName } from '../db/sql.js';
import { fetchPage, likePattern, type PageRequest } from '../http/pagination.js';
import type { DateRule } from './lifecycle.js';

const none = sql<SqlBool>`false`;

type CoursesEb = ExpressionBuilder<DB & { c: DB['courses']; d: DB['departments'] }, 'c' | 'd'>;

/**
 * Courses the actor sees in the workspace: every course of their department (staff), the
 * provider's (admin) or all (operator) once published — a draft exists only for its department.
 */
export function courseScope(eb: CoursesEb, actor: Actor): Expression<SqlBool> {
  const scope = scopeOf(actor);
  const departments = scope.departments('head', 'manager');
  const providers = scope.providers('provider_admin');
  const published = eb('c.publishedAt', 'is not', null);
  const either = [
    ...(departments.length ? [eb('c.departmentId', 'in', departments)] : []),
    ...(scope.all ? [published] : []),
    ...(providers.length && !scope.all ? [eb.and([published, eb('d.providerId', 'in', providers)])] : []),
  ];
  return either.length ? eb.or(either) : none;
}

/** The states in the lifecycle's order: how a list sorted by state reads. */
const statusRank = sql<number>`array_position(${sql.raw(
  `ARRAY[${COURSE_STATUSES.map((s) => `'${s}'`).join(', ')}]::text[]`,
)}, c.status)`;

/**
 * A name as the baskets' name keys order it (migration 0027): Ё read as Е, compared by code point,
 * the same on every engine and database locale.
 */
const nameOrder = (name: Expression<string | null>) =>
  sql<string>`(translate(${name}, 'Ёё', 'Ее') COLLATE "C")`;

/** What each order of the list sorts by (the id breaks ties in the same direction). */
const ORDER_BY = {
  program: nameOrder(sql<string>`coalesce(c.program_snapshot->>'title', p.title)`),
  startsOn: sql<string>`c.starts_on`,
  applyUntil: sql<string>`c.apply_until`,
  status: statusRank,
  manager: nameOrder(managerName),
} as const;

export function findCourses(
  db: Database,
  actor: Actor,
  today: string,
  filter: Omit<CourseListQuery, 'limit' | 'offset'> & PageRequest,
): Promise<{ items: CourseSummaryRow[]; total: number }> {
  const { departmentId, programId, status, from, to, q, sort = '-startsOn', ...page } = filter;
  const dir = sort.startsWith('-') ? 'desc' : 'asc';
  const field = sort.replace(/^-/, '') as keyof typeof ORDER_BY;
  return fetchPage(
    courseListBase(db, today)
      .where((eb) => courseScope(eb, actor))
      .$if(departmentId !== undefined, (qb) => qb.where('c.departmentId', '=', departmentId ?? 0))
      .$if(programId !== undefined, (qb) => qb.where('c.programId', '=', programId ?? 0))
      .$if(status !== undefined, (qb) => qb.where('c.status', '=', status ?? 'draft'))
      .$if(from !== undefined, (qb) => qb.where('c.startsOn', '>=', from ?? ''))
      .$if(to !== undefined, (qb) => qb.where('c.startsOn', '<=', to ?? ''))
      .$if(Boolean(q), (qb) => qb.where('p.title', 'ilike', likePattern(q ?? '')))
      // A course without a responsible manager comes last either way.
      .orderBy(ORDER_BY[field], (ob) => (dir === 'asc' ? ob.asc().nullsLast() : ob.desc().nullsLast()))
      .orderBy('c.id', dir),
    page,
  );
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
      'c.funding',
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
      fullName('u').as('byName'),
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

/**
 * Moves every course due for a system transition on `today` (the region's date) with one
 * conditional UPDATE; returns the ids moved. `after`: today > date; `on`: today ≥ date.
 */
export async function moveDueCourses(
  db: Database,
  t: { from: CourseStatus; to: CourseStatus; due: DateRule; needsResults?: true },
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
    .$if(t.needsResults === true, (qb) =>
      qb.where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('applications as a')
              .whereRef('a.courseId', '=', 'courses.id')
              .where('a.status', '=', 'enrolled')
              .select('a.id'),
          ),
        ),
      ),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** The program a course is created for, as the policy judges it, locked against its change. */
export const lockProgram = (db: Database, id: number) =>
  db
    .selectFrom('programs as p')
    .innerJoin('departments as d', 'd.id', 'p.departmentId')
    .where('p.id', '=', id)
    .select(['p.id', 'p.departmentId', 'd.providerId'])
    .forUpdate(['p'])
    .executeTakeFirst();
