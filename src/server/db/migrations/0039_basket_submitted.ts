// The methodist's basket opens on her new applications, oldest first (`status=submitted&sort=
// appliedAt`). In the index of her basket in that order they are the last entries, after every
// application of hers that has moved on: the first page stepped over all of those (the capital's
// methodist: about 14,000 entries, 1.8 ms of PostgreSQL's CPU a page). The submitted ones of a
// territory in that order, alone: a short index, as they are few at any time.
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `CREATE INDEX applications_territory_submitted_idx ON applications (territory_id, created_at, id)
       INCLUDE (organization_id, course_id, teacher_id) WHERE status = 'submitted' AND archived_at IS NULL`,
  ]);
}
