// Work a user starts and follows: a job may record who started it, how far it got (done of
// total) and the file it produced — kept until `result_expires_at`, after which the pruning job
// deletes the row with its file. A provider may keep the registry's official FRDO template (one
// workbook per provider, replaceable): the export then fills it instead of building its own.
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE jobs ADD COLUMN started_by integer CONSTRAINT jobs_started_by_fk REFERENCES users (id)`,
    `ALTER TABLE jobs ADD COLUMN progress_done integer NOT NULL DEFAULT 0`,
    `ALTER TABLE jobs ADD COLUMN progress_total integer`,
    `ALTER TABLE jobs ADD COLUMN result_name text`,
    `ALTER TABLE jobs ADD COLUMN result_type text`,
    `ALTER TABLE jobs ADD COLUMN result bytea`,
    `ALTER TABLE jobs ADD COLUMN result_expires_at timestamptz`,
    `CREATE INDEX jobs_started_by_idx ON jobs (started_by, created_at) WHERE started_by IS NOT NULL`,
    `CREATE TABLE frdo_templates (
      provider_id integer PRIMARY KEY CONSTRAINT frdo_templates_provider_fk REFERENCES providers (id),
      name text NOT NULL,
      content bytea NOT NULL,
      sha256 text NOT NULL,
      uploaded_by integer NOT NULL CONSTRAINT frdo_templates_uploaded_by_fk REFERENCES users (id),
      uploaded_at timestamptz NOT NULL
    )`,
  ]);
}
