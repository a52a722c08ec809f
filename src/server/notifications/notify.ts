// What every module calls when a change concerns people: one in-app notification per person and
// an e-mail in the outbox for each of them who has an address and an active account — written in
// the caller's transaction, so the notice exists exactly when the change does. The texts (in
// Russian) are composed by the caller; this only stores them.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.js';

export type Notice = {
  /** A machine-readable code, e.g. `application.forwarded`. */
  kind: string;
  /** One line: the bell's list and the e-mail's subject. */
  title: string;
  body: string;
  /** A path of the web UI, such as `/applications/15`. */
  link?: string | null;
  entityType?: string;
  entityId?: number | string;
};

/** The line before the text of every e-mail: «Здравствуйте, Мария Петровна!». */
const GREETING = 'Здравствуйте, ';

/** Writes an in-app notification for each user and queues an e-mail to those with an e-mail address, in the caller's transaction. */
export async function notify(
  db: Kysely<DB> | Transaction<DB>,
  at: Date,
  userIds: number[],
  notice: Notice,
): Promise<void> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return;
  const link = notice.link ?? null;
  const entityType = notice.entityType ?? null;
  const entityId = notice.entityId === undefined ? null : String(notice.entityId);
  // One statement: the notifications, then the mail of those inserted whose account can receive it.
  await sql`
    WITH recipients AS (
      SELECT id, email, first_name, middle_name, blocked_at FROM users WHERE id = ANY(${ids}::int[])
    ), created AS (
      INSERT INTO notifications (user_id, at, kind, title, body, link, entity_type, entity_id)
      SELECT id, ${at}::timestamptz, ${notice.kind}::text, ${notice.title}::text, ${notice.body}::text,
        ${link}::text, ${entityType}::text, ${entityId}::text
      FROM recipients
      RETURNING id, user_id
    )
    INSERT INTO outbox_emails (notification_id, to_address, subject, body, created_at, next_attempt_at)
    SELECT c.id, btrim(r.email), ${notice.title}::text,
      ${GREETING}::text || r.first_name || coalesce(' ' || r.middle_name, '') || E'!\\n\\n' || ${notice.body}::text,
      ${at}::timestamptz, ${at}::timestamptz
    FROM created c JOIN recipients r ON r.id = c.user_id
    WHERE r.email IS NOT NULL AND btrim(r.email) <> '' AND r.blocked_at IS NULL
  `.execute(db);
}
