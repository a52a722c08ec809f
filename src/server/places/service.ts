// The places of a course: who holds one, who waits, and who is next. This module reads and
// decides; it writes nothing. The places rule itself is SQL (places.ts), shared by every list
// that shows places left.
//
// Where the moves are written. Giving a waiting application its place is a transition of the
// application (its state, history row, audit row and the teacher's notification), and the
// applications module writes every such move in one place (applications/service.ts `applyMoves`).
// So this module chooses *who* is promoted (`waitlistToPromote`, in the waitlist's order, from
// the pool read under the course's lock) and applications moves them; courses, whose changes free
// or add places (capacity, quotas, cancellation), call the applications service one way. The
// graph stays: courses → applications → places, courses → places, and places imports no module.
import { regionDate } from '../clock.js';
import type { Database } from '../db/database.js';
import * as q from './queries.js';

export type { Places } from './queries.js';

/** A course's places by territory on `today`, optionally only for some territories. */
export const placesOf = (db: Database, courseId: number, today: string, onlyTerritories?: number[]) =>
  q.placesOf(db, courseId, today, onlyTerritories);

/**
 * The places a course's waitlist or forwards may still take, read once under the course's lock
 * and spent in order: a territory's own quota first (until the release date), then common ones.
 */
export async function placePool(trx: Database, courseId: number, now: Date) {
  const today = regionDate(now);
  const places = await q.placesOf(trx, courseId, today);
  let common = places.commonLeft;
  const released = places.quotaReleaseOn !== null && places.quotaReleaseOn <= today;
  const quotaLeft = new Map(
    places.territories.map((t) => [t.territoryId, released ? 0 : t.quota - Math.min(t.taken, t.quota)]),
  );
  return {
    /** Takes a place for the territory; false when none is left for it. */
    take(territoryId: number): boolean {
      const own = quotaLeft.get(territoryId) ?? 0;
      if (own > 0) quotaLeft.set(territoryId, own - 1);
      else if (common > 0) common--;
      else return false;
      return true;
    },
    empty: () => common <= 0 && [...quotaLeft.values()].every((n) => n <= 0),
  };
}
export type PlacePool = Awaited<ReturnType<typeof placePool>>;

/**
 * The waiting applications that take the free places now, in the waitlist's order: each takes a
 * place its territory may take (its quota's before the release date, or a common one); one that
 * may not is passed over for the next. Read under the course's lock.
 */
export async function waitlistToPromote(trx: Database, courseId: number, now: Date) {
  const waiting = await q.waitlistOf(trx, courseId);
  if (waiting.length === 0) return [];
  const pool = await placePool(trx, courseId, now);
  const chosen: typeof waiting = [];
  for (const app of waiting) {
    if (pool.empty()) break;
    if (pool.take(app.territoryId)) chosen.push(app);
  }
  return chosen;
}

/**
 * Courses whose quotas have been released and whose waitlists may take the places that became
 * common on that date without anyone acting (the periodic job promotes them).
 */
export const coursesWithReleasedWaitlists = async (db: Database, now: Date) =>
  (await q.releasedWaitlistCourses(db, regionDate(now))).map((c) => c.id);
