// The archive's search read the whole `courses` table for each page (twice: the count and the
// page). A course row is wide (its program snapshot, search vectors: about 1.6 rows per 8 kB page),
// so that was thousands of pages for a few thousand archived courses. The archive's two indexes
// now carry what the search filters and orders by (department, program, start, both titles), and
// the search reads them alone (an index-only scan). The title the course finished with is kept
// beside the snapshot for that: an index cannot include an expression.
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE courses ADD COLUMN snapshot_title text
       GENERATED ALWAYS AS (program_snapshot->>'title') STORED`,
    `DROP INDEX courses_archived_idx`,
    `CREATE INDEX courses_archived_idx ON courses (ends_on DESC, id DESC)
       INCLUDE (department_id, program_id, starts_on, snapshot_title, search_title)
       WHERE status = 'archived'`,
    `DROP INDEX courses_archived_department_idx`,
    `CREATE INDEX courses_archived_department_idx ON courses (department_id, ends_on DESC, id DESC)
       INCLUDE (program_id, starts_on, snapshot_title, search_title)
       WHERE status = 'archived'`,
  ]);
}
