// The places rule of docs/domain.md, written once, in SQL, so that a catalog page computes it for
// every course at once and the database (not process memory) counts:
//
//   common places  = capacity − Σ quotas − Σ places territories took beyond their quota
//   quota left (t) = quota(t) − min(taken(t), quota(t))
//   from the quota release date every unused quota place is common:
//   common places  = capacity − Σ taken, quota left (t) = 0
//   free for (t)   = common places + quota left (t);   places left = capacity − Σ taken
//
// `taken(t)` is the number of places a territory's applications hold (forwarded + enrolled).
import { type RawBuilder, sql } from 'kysely';

/** A relation (course_id, territory_id, taken): the places held per course and territory. */
export type Taken = RawBuilder<unknown>;

/**
 * The places held per course and territory. Correlated on one course (`WHERE tp.course_id = …`),
 * the database pushes that condition into the grouping and reads the course's index range only.
 */
export function takenPlaces(): Taken {
  return sql`(SELECT course_id, territory_id, count(*)::integer AS taken
                FROM applications WHERE status IN ('forwarded', 'enrolled')
               GROUP BY course_id, territory_id)`;
}

/**
 * Places left on the course aliased `alias` (correlated): capacity − places held, as its counts row
 * keeps them (migration 0030, kept by triggers on every change of an application). All a catalog
 * list shows of places; one primary-key read, no read of the applications for it.
 */
export const placesLeft = (alias: string) =>
  sql<number>`greatest(${sql.ref(`${alias}.capacity`)} - (
    SELECT k.places_held FROM course_counts k WHERE k.course_id = ${sql.ref(`${alias}.id`)}), 0)::integer`;

/**
 * Per territory of one course (the `course` reference, correlated): its quota, the places it
 * took and what is left of its quota. Territories without a quota appear when they took places.
 */
function territoryRows(course: RawBuilder<unknown>, taken: Taken) {
  return sql`(
    SELECT coalesce(q.territory_id, t.territory_id) AS territory_id,
           coalesce(q.places, 0) AS quota,
           coalesce(t.taken, 0) AS taken
      FROM (SELECT territory_id, places FROM course_quotas WHERE course_id = ${course}) q
      FULL JOIN (SELECT territory_id, taken FROM ${taken} tp WHERE tp.course_id = ${course}) t
        ON t.territory_id = q.territory_id
  )`;
}

/** Whether the course's unused quota places have become common on `today`. */
const released = (alias: string, today: string) =>
  sql`(${sql.ref(`${alias}.quotaReleaseOn`)} IS NOT NULL AND ${sql.ref(`${alias}.quotaReleaseOn`)} <= ${today}::date)`;

/**
 * A LATERAL subquery over the course aliased `alias` (with `id`, `capacity`, `quota_release_on`):
 * `places_left`, `common_left` and, when a territory is given, `territory_quota_left` (so that the
 * places free for that territory are `common_left + territory_quota_left`). With `quotas`, also
 * the course's quotas as `quotasJson` gives them, from the same rows (a course page reads its
 * places once); else `quotas` is NULL.
 */
export function placesSummary(
  alias: string,
  today: string,
  territoryId?: number,
  taken = takenPlaces(),
  quotas = false,
) {
  const course = sql`${sql.ref(`${alias}.id`)}`;
  const capacity = sql.ref(`${alias}.capacity`);
  const isReleased = released(alias, today);
  const forTerritory =
    territoryId === undefined
      ? sql`NULL::integer`
      : sql`coalesce(sum(CASE WHEN r.territory_id = ${territoryId}::integer AND NOT ${isReleased}
                              THEN r.quota - least(r.taken, r.quota) ELSE 0 END), 0)`;
  const quotaList = quotas
    ? sql`coalesce(json_agg(json_build_object(
             'territoryId', r.territory_id, 'territoryName', t.name, 'places', r.quota,
             'placesLeft', CASE WHEN ${isReleased} THEN 0 ELSE r.quota - least(r.taken, r.quota) END)
           ORDER BY t.name, r.territory_id) FILTER (WHERE r.quota > 0), '[]'::json)`
    : sql`NULL::json`;
  return sql<{
    placesLeft: number;
    commonLeft: number;
    territoryQuotaLeft: number | null;
    quotas: { territoryId: number; territoryName: string; places: number; placesLeft: number }[] | null;
  }>`(
    SELECT greatest(${capacity} - coalesce(sum(r.taken), 0), 0)::integer AS places_left,
           greatest(CASE WHEN ${isReleased} THEN ${capacity} - coalesce(sum(r.taken), 0)
                         ELSE ${capacity} - coalesce(sum(r.quota), 0) - coalesce(sum(greatest(r.taken - r.quota, 0)), 0)
                    END, 0)::integer AS common_left,
           ${forTerritory}::integer AS territory_quota_left,
           ${quotaList} AS quotas
      FROM ${territoryRows(course, taken)} r
      ${quotas ? sql`LEFT JOIN territories t ON t.id = r.territory_id` : sql``}
  )`;
}

/**
 * The quotas of the course aliased `alias` (correlated) as a JSON array, territory names included:
 * [{territoryId, territoryName, places, placesLeft}], placesLeft being 0 once released.
 */
export function quotasJson(alias: string, today: string, taken = takenPlaces()) {
  return sql<{ territoryId: number; territoryName: string; places: number; placesLeft: number }[]>`coalesce((
    SELECT json_agg(json_build_object(
             'territoryId', r.territory_id, 'territoryName', t.name, 'places', r.quota,
             'placesLeft', CASE WHEN ${released(alias, today)} THEN 0 ELSE r.quota - least(r.taken, r.quota) END)
           ORDER BY t.name, r.territory_id)
      FROM ${territoryRows(sql`${sql.ref(`${alias}.id`)}`, taken)} r
      JOIN territories t ON t.id = r.territory_id
     WHERE r.quota > 0), '[]'::json)`;
}
