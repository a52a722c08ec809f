// The public catalog is searched in the process (catalog/listing.ts) from a copy of its listed
// courses, read again whenever `catalog_version` has moved since. It moves with every committed
// change to what a catalog list shows or filters by: a course, its program, department, provider,
// or the program's positions (a schedule's topics reach the catalog through the course's search
// vector, a write of `courses`). Places taken are not part of the copy: each page reads its
// courses' kept counts (migration 0030), so applying never moves it.
//
// The version row is written at commit (deferred constraint triggers), once per transaction: it is
// then the last lock a writer takes and is held only while it commits, so two writers of the
// catalog never wait for each other in a cycle, and a transaction that writes many rows writes the
// row once. The copy reads the version in the same statement (snapshot) as the courses, so it can
// never keep a version with data older than it.
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

const TABLES = ['courses', 'programs', 'departments', 'providers', 'program_positions', 'positions'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `CREATE TABLE catalog_version (
       one boolean PRIMARY KEY DEFAULT true CHECK (one),
       version bigint NOT NULL
     )`,
    `INSERT INTO catalog_version (version) VALUES (1)`,
    `CREATE FUNCTION catalog_version_move() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF current_setting('ebppk.catalog_moved', true) = 'on' THEN RETURN NULL; END IF;
       PERFORM set_config('ebppk.catalog_moved', 'on', true);
       -- An upsert: a restore empties the table and may bring no row back (a backup older than it).
       INSERT INTO catalog_version (version) VALUES (1)
         ON CONFLICT (one) DO UPDATE SET version = catalog_version.version + 1;
       RETURN NULL;
     END
     $$`,
    ...TABLES.map(
      (
        table,
      ) => `CREATE CONSTRAINT TRIGGER ${table}_catalog_version AFTER INSERT OR UPDATE OR DELETE ON ${table}
         DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION catalog_version_move()`,
    ),
  ]);
}
