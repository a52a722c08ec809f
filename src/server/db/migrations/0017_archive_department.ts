// A head's or manager's archive search read every archived course of the region through the
// archive's index and dropped the other departments' (five in six of them at the regional scale);
// the department's own archived courses, in the archive's order, now have an index of their own.
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `CREATE INDEX courses_archived_department_idx ON courses (department_id, ends_on DESC, id DESC)
       WHERE status = 'archived'`,
  ]);
}
