// The catalog searches listed courses only (published, closed, running: a fifth of all courses,
// the rest being years of finished ones), so its full-text index holds only those: a search reads
// the matches it can show, not those of five years. Its condition is the one of the catalog's
// query, written as constants there, so that a prepared statement's generic plan can use it.
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `CREATE INDEX courses_catalog_search_idx ON courses USING gin (search_vector)
       WHERE status IN ('published', 'closed', 'running')`,
    `DROP INDEX courses_search_idx`,
  ]);
}
