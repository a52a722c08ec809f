// Who receives the notices of a side (contract/notifications.ts NOTICE_SETTINGS `audience`): the
// methodists of a territory, the manager of a course (the department's heads when the course has
// none). Blocked accounts hear nothing. Read in the caller's transaction, like the notice itself.
import type { Database } from '../db/database.js';

/** The active methodists of each of the territories, with the territory they hold it for. */
export async function methodistsOf(
  db: Database,
  territoryIds: number[],
): Promise<{ userId: number; territoryId: number }[]> {
  if (territoryIds.length === 0) return [];
  const rows = await db
    .selectFrom('userRoles as r')
    .innerJoin('users as u', 'u.id', 'r.userId')
    .where('r.role', '=', 'methodist')
    .where('r.territoryId', 'in', [...new Set(territoryIds)])
    .where('u.blockedAt', 'is', null)
    .select(['r.userId', 'r.territoryId'])
    .orderBy('r.userId')
    .execute();
  return rows.map((r) => ({ userId: r.userId, territoryId: r.territoryId as number }));
}

/** Whom a course's news concern: its manager, or the heads of its department if it has none. */
export async function managersOf(
  db: Database,
  course: { managerId: number | null; departmentId: number },
): Promise<number[]> {
  const rows = await db
    .selectFrom('users as u')
    .where('u.blockedAt', 'is', null)
    .where((eb) =>
      course.managerId !== null
        ? eb('u.id', '=', course.managerId)
        : eb(
            'u.id',
            'in',
            eb
              .selectFrom('userRoles as r')
              .where('r.role', '=', 'head')
              .where('r.departmentId', '=', course.departmentId)
              .select('r.userId'),
          ),
    )
    .select('u.id')
    .orderBy('u.id')
    .execute();
  return rows.map((r) => r.id);
}
