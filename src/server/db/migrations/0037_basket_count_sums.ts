// A methodist's count by state summed the kept totals of her territory by department and state
// (some 400 rows for the capital) on every page, and the operator's summed every row there is. The
// totals now also keep their sums: a territory's by state (department 0), a department's by state
// (territory 0) and the region's (both 0), added by the same fold that adds the detailed rows
// (queries.ts `foldCounts`). A count reads the totals at the grain of its condition, ten rows at
// most, and the deltas not yet folded as before. Identifiers start at 1: 0 names no row.
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `INSERT INTO application_count_totals (territory_id, department_id, status, n)
     SELECT coalesce(territory_id, 0), coalesce(department_id, 0), status, sum(n)::integer
       FROM application_count_totals
      GROUP BY GROUPING SETS ((territory_id, status), (department_id, status), (status))`,
  ]);
}
