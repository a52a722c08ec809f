// A methodist's teachers: accounts she registers are invited (no password until the teacher sets
// one by the mailed link: `users.invited_at`, cleared then), the invitation is an account token of
// its own purpose, and an import of teachers and organizations is a row of `imports` that keeps
// the parsed file, its per-row problems, its state and progress between the preview and the apply
// job (the rows live here, not in the job's payload, so a preview can be paged).
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE users ADD COLUMN invited_at timestamptz`,
    `ALTER TABLE account_tokens DROP CONSTRAINT account_tokens_purpose_check`,
    `ALTER TABLE account_tokens ADD CONSTRAINT account_tokens_purpose_check
       CHECK (purpose IN ('recovery', 'email_confirm', 'invitation'))`,
    `CREATE TABLE imports (
      id text PRIMARY KEY,
      created_by integer NOT NULL CONSTRAINT imports_created_by_fk REFERENCES users (id),
      file_name text NOT NULL,
      state text NOT NULL,
      rows jsonb NOT NULL,
      total integer NOT NULL,
      errors integer NOT NULL,
      existing integer NOT NULL,
      processed integer NOT NULL DEFAULT 0,
      result jsonb,
      failure text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CONSTRAINT imports_state_check CHECK (state IN ('invalid', 'ready', 'queued', 'running', 'done', 'failed'))
    )`,
    `CREATE INDEX imports_created_by_idx ON imports (created_by, created_at)`,
  ]);
}
