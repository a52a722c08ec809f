// The archive's search looks for a part of the title (`ILIKE '%…%'`) among every archived course
// the actor sees: 3,586 at the regional scale, twice per page (the count and the page). Folding
// the case of each title per row was most of that time; the title the course finished with
// (its program snapshot's) is now kept folded beside it, and the search compares it with `LIKE`.
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE courses ADD COLUMN search_title text
       GENERATED ALWAYS AS (lower(program_snapshot->>'title')) STORED`,
  ]);
}
