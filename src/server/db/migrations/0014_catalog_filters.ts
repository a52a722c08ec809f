// A catalog search filtered by the program's form (or kind, or distance) looked up the program of
// every course the words matched, one index probe per match, which cost more than matching and
// ranking them: a broad search matches nearly every listed course. The course now carries those
// three attributes of its program, kept beside its search vector by the same writes
// (catalog/search.ts), so that the filter is a column of the row the search reads anyway.
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE courses ADD COLUMN program_form text, ADD COLUMN program_kind text,
       ADD COLUMN program_distance boolean`,
    // A finished course keeps the program as it was (its snapshot), as its search vector does.
    `UPDATE courses c SET program_form = coalesce(c.program_snapshot->>'form', p.form),
                          program_kind = coalesce(c.program_snapshot->>'kind', p.kind),
                          program_distance = coalesce((c.program_snapshot->>'distance')::boolean, p.distance)
       FROM programs p
      WHERE p.id = c.program_id`,
  ]);
}
