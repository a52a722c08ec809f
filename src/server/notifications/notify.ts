// What every module calls when a change concerns people: one in-app notification per person and
// an e-mail in the outbox for each of them who has a confirmed address and an active account (an
// address typed at sign-up gets nothing but its confirmation until it is confirmed) — written in
// the caller's transaction, so the notice exists exactly when the change does. The texts (in
// Russian) are composed by the caller; this only stores them. Whether a notice goes by e-mail is
// its group's (contract/notifications.ts NOTICE_SETTINGS): the user's choice, else the group's
// default; a group mailed as a daily digest gets no e-mail here (jobs' notices-digest does it).
import { type Kysely, sql, type Transaction } from 'kysely';
import { NOTICE_SETTINGS, settingOfKind } from '../../contract/notifications.js';
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
export function notify(
  db: Kysely<DB> | Transaction<DB>,
  at: Date,
  userIds: number[],
  notice: Notice,
): Promise<void> {
  return notifyEach(
    db,
    at,
    [...new Set(userIds)].map((userId) => ({ userId, ...notice })),
  );
}

/** Many notices, each to one user, in one statement (a bulk action tells each teacher of theirs). */
export async function notifyEach(
  db: Kysely<DB> | Transaction<DB>,
  at: Date,
  notices: (Notice & { userId: number })[],
): Promise<void> {
  if (notices.length === 0) return;
  const column = <T>(pick: (n: Notice & { userId: number }) => T) => notices.map(pick);
  // How each kind of this batch is mailed: its group (the kind itself when it has none), whether
  // now, and the default when the user has not chosen.
  const kinds = [...new Set(column((n) => n.kind))].map((kind) => {
    const key = settingOfKind(kind);
    const setting = key ? NOTICE_SETTINGS[key] : undefined;
    return {
      kind,
      setting: key ?? kind,
      now: setting ? setting.email === 'now' : true,
      byDefault: setting ? setting.emailByDefault : true,
    };
  });
  // The notifications in the order given, then the mail of those whose account can receive it
  // and who take this group by e-mail now.
  await sql`
    WITH items AS (
      SELECT * FROM unnest(
        ${column((n) => n.userId)}::int[], ${column((n) => n.kind)}::text[], ${column((n) => n.title)}::text[],
        ${column((n) => n.body)}::text[], ${column((n) => n.link ?? null)}::text[],
        ${column((n) => n.entityType ?? null)}::text[],
        ${column((n) => (n.entityId === undefined ? null : String(n.entityId)))}::text[]
      ) WITH ORDINALITY AS i (user_id, kind, title, body, link, entity_type, entity_id, ord)
    ), mailing AS (
      SELECT * FROM unnest(
        ${kinds.map((k) => k.kind)}::text[], ${kinds.map((k) => k.setting)}::text[],
        ${kinds.map((k) => k.now)}::boolean[], ${kinds.map((k) => k.byDefault)}::boolean[]
      ) AS m (kind, setting, now, by_default)
    ), created AS (
      INSERT INTO notifications (user_id, at, kind, title, body, link, entity_type, entity_id)
      SELECT i.user_id, ${at}::timestamptz, i.kind, i.title, i.body, i.link, i.entity_type, i.entity_id
      FROM items i JOIN users u ON u.id = i.user_id
      ORDER BY i.ord
      RETURNING id, user_id, kind, title, body
    )
    INSERT INTO outbox_emails (notification_id, to_address, subject, body, created_at, next_attempt_at)
    SELECT c.id, btrim(u.email), c.title,
      ${GREETING}::text || u.first_name || coalesce(' ' || u.middle_name, '') || E'!\\n\\n' || c.body,
      ${at}::timestamptz, ${at}::timestamptz
    FROM created c JOIN users u ON u.id = c.user_id
      JOIN mailing m ON m.kind = c.kind
      LEFT JOIN notification_settings s ON s.user_id = c.user_id AND s.setting = m.setting
    WHERE u.email IS NOT NULL AND btrim(u.email) <> '' AND u.blocked_at IS NULL
      AND u.email_confirmed_at IS NOT NULL
      AND m.now AND coalesce(s.email, m.by_default)
    ORDER BY c.id
  `.execute(db);
}

/**
 * Queues one e-mail that belongs to no notification — a link for password recovery or for
 * confirming an address — to `to`, whether or not that address is confirmed: these are the mails
 * that prove it. The text is stored whole (its link included); the footer is added when sent.
 */
export async function queueEmail(
  db: Kysely<DB> | Transaction<DB>,
  at: Date,
  mail: { to: string; subject: string; body: string },
): Promise<void> {
  await queueEmails(db, at, [mail]);
}

/** Queues many such e-mails in one statement (an import's invitations). */
export async function queueEmails(
  db: Kysely<DB> | Transaction<DB>,
  at: Date,
  mails: readonly { to: string; subject: string; body: string }[],
): Promise<void> {
  if (mails.length === 0) return;
  await db
    .insertInto('outboxEmails')
    .values(
      mails.map((mail) => ({
        notificationId: null,
        toAddress: mail.to.trim(),
        subject: mail.subject,
        body: mail.body,
        createdAt: at,
        nextAttemptAt: at,
      })),
    )
    .execute();
}
