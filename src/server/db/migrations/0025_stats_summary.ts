// The statistics read a period's applications from the index by course alone: its INCLUDE now also
// carries the group, the organization and the teacher, every column a summary's facts take from an
// application, so an open period's summary is an index-only scan of the period's courses instead
// of a pass over the whole table (a year is a fifth of it, and at the national scale the table is
// gigabytes). The index keeps its keys, so the lookups of places by course and state it serves are
// unchanged; no index is added, so applying writes as many index entries as before.
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `DROP INDEX applications_course_idx`,
    `CREATE INDEX applications_course_idx ON applications (course_id, status, territory_id)
       INCLUDE (waitlisted_at, id, group_id, organization_id, teacher_id)`,
  ]);
}
