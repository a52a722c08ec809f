// Notices for every side. `notification_settings` keeps only what a user chose (e-mail on or off
// for a group of notices, contract/notifications.ts NOTICE_SETTINGS); a group without a row
// follows its default. `notification_digests` records each methodist's daily letter, one per
// region day, so that the digest job may run any number of times for a day and send it once.
// The index on notifications' entity lets a course's "places filling up" be told once, and the
// one on new applications' notices lets the digest read a day of them.
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `CREATE TABLE notification_settings (
      user_id integer NOT NULL CONSTRAINT notification_settings_user_fk REFERENCES users (id) ON DELETE CASCADE,
      setting text NOT NULL,
      email boolean NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (user_id, setting)
    )`,
    `CREATE TABLE notification_digests (
      user_id integer NOT NULL CONSTRAINT notification_digests_user_fk REFERENCES users (id) ON DELETE CASCADE,
      day date NOT NULL,
      items integer NOT NULL,
      sent_at timestamptz NOT NULL,
      PRIMARY KEY (user_id, day)
    )`,
    `CREATE INDEX notifications_entity_idx ON notifications (entity_type, entity_id, kind)`,
    `CREATE INDEX notifications_new_application_idx ON notifications (at, user_id)
       WHERE kind = 'application.new'`,
  ]);
}
