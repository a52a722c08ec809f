// The outbox's sender sends outside any transaction: it claims a batch of due e-mails in one short
// transaction by setting claimed_until, sends them over SMTP, and records each result in another.
// A claim is a lease: an e-mail whose claim ran out unrecorded (the process stopped midway) is
// due again, so delivery stays at least once while no transaction waits on the SMTP server.
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE outbox_emails ADD COLUMN claimed_until timestamptz`,
    `ALTER TABLE outbox_emails ADD CONSTRAINT outbox_emails_claim_check
       CHECK (claimed_until IS NULL OR sent_at IS NULL)`,
  ]);
}
