// Kysely queries of a course's places: what each territory holds and waits for, the waitlist in
// its order, and the courses whose released quota places the waitlist may now take. Read under the
// course's row lock by every change that takes or frees a place.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { placesSummary, takenPlaces } from './places.js';

/**
 * Per territory of the course: its quota, the places it holds and its waitlist; with the course's
 * capacity, release date and what is left in common. Territories appear with a quota, a place
 * held or an application waiting; `onlyTerritories` keeps those lines only (a methodist's view).
 */
export async function placesOf(db: Database, courseId: number, today: string, onlyTerritories?: number[]) {
  const course = await db
    .selectFrom('courses as c')
    .innerJoinLateral(placesSummary('c', today).as('pl'), (join) => join.onTrue())
    .where('c.id', '=', courseId)
    .select(['c.id', 'c.capacity', 'c.quotaReleaseOn', 'pl.placesLeft', 'pl.commonLeft'])
    .executeTakeFirstOrThrow();
  const { rows } = await sql<{
    territoryId: number;
    territoryName: string;
    quota: number;
    taken: number;
    waitlisted: number;
  }>`
    SELECT t.id AS territory_id, t.name AS territory_name,
           coalesce(q.places, 0)::integer AS quota, coalesce(tk.taken, 0)::integer AS taken,
           coalesce(w.waitlisted, 0)::integer AS waitlisted
      FROM territories t
      LEFT JOIN course_quotas q ON q.course_id = ${courseId} AND q.territory_id = t.id
      LEFT JOIN ${takenPlaces()} tk ON tk.course_id = ${courseId} AND tk.territory_id = t.id
      LEFT JOIN (SELECT territory_id, count(*)::integer AS waitlisted FROM applications
                  WHERE course_id = ${courseId} AND status = 'waitlisted' GROUP BY territory_id) w
        ON w.territory_id = t.id
     WHERE (q.places IS NOT NULL OR tk.taken IS NOT NULL OR w.waitlisted IS NOT NULL)
       AND ${onlyTerritories === undefined ? sql`true` : sql`t.id = ANY(${onlyTerritories}::int[])`}
     ORDER BY t.name, t.id`.execute(db);
  const released = course.quotaReleaseOn !== null && course.quotaReleaseOn <= today;
  return {
    ...course,
    territories: rows.map((r) => ({
      ...r,
      free: course.commonLeft + (released ? 0 : r.quota - Math.min(r.taken, r.quota)),
    })),
  };
}
export type Places = Awaited<ReturnType<typeof placesOf>>;

/** The course's waitlist in its order. */
export const waitlistOf = (db: Database, courseId: number) =>
  db
    .selectFrom('applications')
    .where('courseId', '=', courseId)
    .where('status', '=', 'waitlisted')
    .select(['id', 'territoryId', 'teacherId'])
    .orderBy('waitlistedAt')
    .orderBy('id')
    .execute();

/** Open courses whose quotas have been released by `today` and that have a waitlist. */
export const releasedWaitlistCourses = (db: Database, today: string) =>
  db
    .selectFrom('courses as c')
    .where('c.status', 'in', ['published', 'closed'])
    .where('c.quotaReleaseOn', '<=', today)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('applications as a')
          .whereRef('a.courseId', '=', 'c.id')
          .where('a.status', '=', 'waitlisted')
          .select('a.id'),
      ),
    )
    .select('c.id')
    .execute();
