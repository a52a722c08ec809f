// SQL of groups: the course locked for a formation, its groups and learners (a methodist's scope in
// SQL: her territories' learners only), the first day's marks of the learners concerned, numbers.
import { sql } from 'kysely';
import type { ApplicationStatus } from '../../contract/applications.js';
import type { Actor } from '../access/actor.js';
import { scopeOf } from '../access/scope.js';
import type { Database } from '../db/database.js';
import { fullName } from '../db/sql.js';

/** A course with what the groups need, locked (FOR UPDATE) for a formation or a renumbering. */
export const lockCourse = (db: Database, id: number) => courseQuery(db, id).forUpdate('c').executeTakeFirst();

export const getCourse = (db: Database, id: number) => courseQuery(db, id).executeTakeFirst();

const courseQuery = (db: Database, id: number) =>
  db
    .selectFrom('courses as c')
    .innerJoin('departments as d', 'd.id', 'c.departmentId')
    .where('c.id', '=', id)
    .select([
      'c.id',
      'c.status',
      'c.startsOn',
      'c.endsOn',
      'c.departmentId',
      'c.publishedAt',
      'd.providerId',
      'd.code as departmentCode',
    ]);
export type GroupsCourse = NonNullable<Awaited<ReturnType<typeof getCourse>>>;

/** The territories whose learners the actor sees: undefined for all (staff, operator). */
export function learnerScope(actor: Actor, all: boolean): number[] | undefined {
  return all ? undefined : scopeOf(actor).territories('methodist');
}

export type LearnerRow = {
  applicationId: number;
  groupId: number | null;
  teacherName: string;
  organizationName: string;
  territoryName: string;
  status: ApplicationStatus;
  reason: string | null;
  firstDay: 'present' | 'absent' | 'excused' | null;
};

/**
 * The course's applications that groups concern — in a group, or forwarded or waitlisted — with
 * their first-day mark, ordered by name; only `territories`' when given.
 */
export async function learnersOf(
  db: Database,
  course: { id: number; startsOn: string },
  territories: number[] | undefined,
): Promise<LearnerRow[]> {
  if (territories && territories.length === 0) return [];
  return db
    .selectFrom('applications as a')
    .innerJoin('users as u', 'u.id', 'a.teacherId')
    .innerJoin('organizations as o', 'o.id', 'a.organizationId')
    .innerJoin('territories as t', 't.id', 'a.territoryId')
    .leftJoin('attendanceMarks as m', (join) =>
      join.onRef('m.applicationId', '=', 'a.id').on('m.day', '=', course.startsOn),
    )
    .where('a.courseId', '=', course.id)
    .where((eb) =>
      eb.or([eb('a.groupId', 'is not', null), eb('a.status', 'in', ['forwarded', 'waitlisted'])]),
    )
    .$if(territories !== undefined, (qb) => qb.where('a.territoryId', 'in', territories as number[]))
    .select([
      'a.id as applicationId',
      'a.groupId',
      fullName('u').as('teacherName'),
      'o.name as organizationName',
      't.name as territoryName',
      'a.status',
      'a.reason',
      'm.mark as firstDay',
    ])
    .orderBy(fullName('u'))
    .orderBy('a.id')
    .execute();
}

/** Applications still in the methodists' baskets (submitted), as far as the actor sees them. */
export async function submittedCount(db: Database, courseId: number, territories: number[] | undefined) {
  if (territories && territories.length === 0) return 0;
  const row = await db
    .selectFrom('applications')
    .where('courseId', '=', courseId)
    .where('status', '=', 'submitted')
    .$if(territories !== undefined, (qb) => qb.where('territoryId', 'in', territories as number[]))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export const groupsOf = (db: Database, courseId: number) =>
  db
    .selectFrom('studyGroups')
    .where('courseId', '=', courseId)
    .select(['id', 'number', 'createdAt'])
    .orderBy('createdAt')
    .orderBy('id')
    .execute();

/** The chosen applications with what a formation checks of each. */
export const candidates = (db: Database, course: { id: number; startsOn: string }, ids: number[]) =>
  db
    .selectFrom('applications as a')
    .leftJoin('attendanceMarks as m', (join) =>
      join.onRef('m.applicationId', '=', 'a.id').on('m.day', '=', course.startsOn),
    )
    .where('a.courseId', '=', course.id)
    .where('a.id', 'in', ids)
    .select(['a.id', 'a.status', 'a.groupId', 'm.mark'])
    .execute();

/** Every forwarded application present on the first day and in no group. */
export const presentUngrouped = async (db: Database, course: { id: number; startsOn: string }) =>
  (
    await db
      .selectFrom('applications as a')
      .innerJoin('attendanceMarks as m', (join) =>
        join.onRef('m.applicationId', '=', 'a.id').on('m.day', '=', course.startsOn),
      )
      .where('a.courseId', '=', course.id)
      .where('a.status', '=', 'forwarded')
      .where('a.groupId', 'is', null)
      .where('m.mark', '=', 'present')
      .select('a.id')
      .orderBy('a.id')
      .execute()
  ).map((r) => r.id);

export const numberTaken = async (
  db: Database,
  g: { providerId: number; year: number; number: string; except?: number },
) =>
  (await db
    .selectFrom('studyGroups')
    .where('providerId', '=', g.providerId)
    .where('year', '=', g.year)
    .where(sql<string>`lower(number)`, '=', g.number.toLowerCase())
    .$if(g.except !== undefined, (qb) => qb.where('id', '<>', g.except as number))
    .select('id')
    .executeTakeFirst()) !== undefined;

/** The numbers of a provider's groups of a year that begin with `prefix`. */
export const numbersLike = async (db: Database, providerId: number, year: number, prefix: string) =>
  (
    await db
      .selectFrom('studyGroups')
      .where('providerId', '=', providerId)
      .where('year', '=', year)
      .where(sql`left(number, ${prefix.length})`, '=', prefix)
      .select('number')
      .execute()
  ).map((r) => r.number);

export const insertGroup = (
  db: Database,
  g: { courseId: number; providerId: number; year: number; number: string; by: number; at: Date },
) =>
  db
    .insertInto('studyGroups')
    .values({
      courseId: g.courseId,
      providerId: g.providerId,
      year: g.year,
      number: g.number,
      createdBy: g.by,
      createdAt: g.at,
      updatedAt: g.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

export const hasGroups = async (db: Database, courseId: number) =>
  (await db.selectFrom('studyGroups').where('courseId', '=', courseId).select('id').executeTakeFirst()) !==
  undefined;

/** A group with its course's id, locked for a change. */
export const lockGroup = (db: Database, id: number) =>
  db
    .selectFrom('studyGroups')
    .where('id', '=', id)
    .select(['id', 'courseId', 'providerId', 'year', 'number'])
    .forUpdate()
    .executeTakeFirst();

export const renumber = (db: Database, id: number, number: string, at: Date) =>
  db.updateTable('studyGroups').set({ number, updatedAt: at }).where('id', '=', id).execute();
