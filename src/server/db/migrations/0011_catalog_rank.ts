// The catalog ranks every course a search matches (a broad search matches nearly all listed ones)
// before it can show the first page, and ranking reads the whole vector: `search_vector` holds the
// schedule's topics too, so most of the ranking's time went on words that weigh least. Ranking is
// now on a vector of the title (A) and the annotation (B) alone, kept beside `search_vector` by the
// same writes (catalog/search.ts); matching stays on `search_vector` and its index.
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE courses ADD COLUMN rank_vector tsvector NOT NULL DEFAULT ''::tsvector`,
    // A finished course keeps the program as it was (its snapshot), as its search vector does.
    `UPDATE courses c SET rank_vector =
         setweight(to_tsvector('russian', coalesce(c.program_snapshot->>'title', p.title)), 'A')
      || setweight(to_tsvector('russian', coalesce(c.program_snapshot->>'annotation', p.annotation)), 'B')
       FROM programs p
      WHERE p.id = c.program_id`,
  ]);
}
