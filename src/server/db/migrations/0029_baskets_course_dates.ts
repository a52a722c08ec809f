// A basket ordered by a course's start or apply-until date joins its applications' courses for
// those dates alone. Read from `courses` itself, that join scanned every course's wide row (its
// program snapshot, search vectors) on every page; this index holds the two dates by id, so the
// join reads them from a few index pages.
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `CREATE INDEX courses_order_dates_idx ON courses (id) INCLUDE (starts_on, apply_until)`,
  ]);
}
