// A working basket's page shows its count by state; counted on every page, that read the whole
// basket (the capital's 16,000 applications) each time, more than the rest of the page. The counts
// of the working baskets (applications of courses not archived) are now kept by territory,
// department and state, so that a page reads a few hundred kept rows instead.
//
// Kept without a hot row: a counter row per territory, updated by every application, would make
// the applications of one territory (a registration rush is mostly the capital's) wait for each
// other's commits. So every change of an application appends a delta row (+1 for the state it
// enters, -1 for the state it leaves; a row of its own, locked by no one else), and a reader who
// finds many deltas folds them into `application_count_totals` (queries.ts `foldCounts`: deltas
// it deletes, so each is folded exactly once, and those another fold holds are skipped). A count
// is the totals plus the deltas not yet folded, read in the page's own snapshot.
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `CREATE TABLE application_count_totals (
       territory_id integer NOT NULL,
       department_id integer NOT NULL,
       status text NOT NULL,
       n integer NOT NULL,
       PRIMARY KEY (territory_id, department_id, status)
     )`,
    `CREATE INDEX application_count_totals_department_idx ON application_count_totals (department_id, status) INCLUDE (n, territory_id)`,
    `CREATE TABLE application_count_deltas (
       territory_id integer NOT NULL,
       department_id integer NOT NULL,
       status text NOT NULL,
       n integer NOT NULL
     )`,
    `CREATE INDEX application_count_deltas_territory_idx ON application_count_deltas (territory_id)`,
    `CREATE INDEX application_count_deltas_department_idx ON application_count_deltas (department_id)`,
    // The existing applications, counted once (an application of an archived course counts nowhere).
    `INSERT INTO application_count_totals (territory_id, department_id, status, n)
     SELECT territory_id, department_id, status, count(*) FROM applications
      WHERE archived_at IS NULL GROUP BY territory_id, department_id, status`,
    `CREATE FUNCTION application_count_delta() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP <> 'INSERT' AND OLD.archived_at IS NULL THEN
         INSERT INTO application_count_deltas (territory_id, department_id, status, n)
         VALUES (OLD.territory_id, OLD.department_id, OLD.status, -1);
       END IF;
       IF TG_OP <> 'DELETE' AND NEW.archived_at IS NULL THEN
         INSERT INTO application_count_deltas (territory_id, department_id, status, n)
         VALUES (NEW.territory_id, NEW.department_id, NEW.status, 1);
       END IF;
       RETURN NULL;
     END
     $$`,
    // A restore (db/backup.ts `countKept`) counts its rows once they are all in, not one by one.
    `CREATE TRIGGER applications_count_insert AFTER INSERT ON applications
       FOR EACH ROW WHEN (NEW.archived_at IS NULL AND current_setting('ebppk.restoring', true) IS DISTINCT FROM 'on')
       EXECUTE FUNCTION application_count_delta()`,
    `CREATE TRIGGER applications_count_delete AFTER DELETE ON applications
       FOR EACH ROW WHEN (OLD.archived_at IS NULL) EXECUTE FUNCTION application_count_delta()`,
    // Only a change of what a count is kept by: a change of a reason or a group moves no count.
    `CREATE TRIGGER applications_count_update AFTER UPDATE OF status, archived_at, territory_id, department_id
       ON applications FOR EACH ROW
       WHEN (OLD.status IS DISTINCT FROM NEW.status OR (OLD.archived_at IS NULL) <> (NEW.archived_at IS NULL)
             OR OLD.territory_id <> NEW.territory_id OR OLD.department_id <> NEW.department_id)
       EXECUTE FUNCTION application_count_delta()`,
  ]);
}
