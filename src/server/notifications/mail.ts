// The sender of the outbox. A periodic job claims due unsent e-mails with `FOR UPDATE SKIP LOCKED`
// (so two server processes never take the same one), sends each through a Mailer and marks it
// sent, or records the failure and tries again later with a growing pause, up to a limit.
// Without SMTP configured nothing is sent: the e-mails stay in the outbox, where the operator
// reads them (the demo's mail). Delivery is at least once: a process killed after the SMTP
// server took a message but before the claim committed sends it again.

import type { Transaction } from 'kysely';
import { createTransport } from 'nodemailer';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { DB } from '../db/schema.js';

export type OutgoingMail = { from: string; to: string; subject: string; text: string };

/** Sends one message or throws. */
export type Mailer = { send(mail: OutgoingMail): Promise<void>; close(): void };

/** Opens the mailer of one run of the sender; null when this server sends no mail. */
export type MailerFactory = (config: Config) => Mailer | null;

/** SMTP through nodemailer, when SMTP_URL is set; short time-outs, as the run holds a transaction. */
export const smtpMailer: MailerFactory = (config) => {
  if (!config.smtpUrl) return null;
  const transport = createTransport({
    url: config.smtpUrl,
    pool: true,
    maxConnections: 1,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return {
    send: async (mail) => {
      await transport.sendMail(mail);
    },
    close: () => transport.close(),
  };
};

/** Messages claimed by one run. */
export const BATCH = 100;
/** Attempts before an e-mail is given up. */
export const MAX_ATTEMPTS = 8;
/** Mail older than this is not sent any more (SMTP configured long after, or down for days). */
export const MAX_AGE_MS = 3 * 86_400_000;

/** The pause after the n-th failed attempt: 5 minutes, doubling, at most 6 hours. */
export const retryDelay = (attempts: number) => Math.min(2 ** (attempts - 1) * 5 * 60_000, 6 * 3_600_000);

const FOOTER =
  '-- \nЕБППК — Единый банк программ повышения квалификации.\n' +
  'Письмо отправлено автоматически, отвечать на него не нужно.';

/** The text of an e-mail exactly as it is sent: the stored text, the link into the Bank, the footer. */
export function mailText(body: string, link: string | null, publicUrl: string | undefined): string {
  const open = link && publicUrl ? `\n\nОткрыть в Банке: ${publicUrl}${link}` : '';
  return `${body}${open}\n\n${FOOTER}`;
}

/** An error's text for the outbox and the logs, without the SMTP password (or login). */
export function describeError(error: unknown, smtpUrl: string | undefined): string {
  let text = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && !text.includes(code)) text = `${code}: ${text}`;
  // Any credentials in a URL, then the configured ones wherever they appear.
  text = text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1***@');
  if (smtpUrl && URL.canParse(smtpUrl)) {
    const url = new URL(smtpUrl);
    const secrets = new Set<string>();
    for (const part of [url.password, url.username])
      if (part) {
        secrets.add(part);
        try {
          secrets.add(decodeURIComponent(part));
        } catch {
          // a malformed escape: the raw form is enough
        }
      }
    for (const secret of [...secrets].sort((a, b) => b.length - a.length))
      if (secret.length >= 3) text = text.split(secret).join('***');
  }
  return text.slice(0, 1000);
}

/** A failure that concerns this message only (the recipient refused): the others may still go. */
const isMessageError = (error: unknown) => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'EENVELOPE' || code === 'EMESSAGE';
};
const isPermanent = (error: unknown) => {
  const responseCode = (error as { responseCode?: unknown } | null)?.responseCode;
  return isMessageError(error) && typeof responseCode === 'number' && responseCode >= 500;
};

export type SendReport = { sent: number; failed: number; expired: number };

/**
 * Sends the due e-mails that no other run holds, in the caller's transaction (the job's). A
 * failure of the connection (server down, wrong password) ends the run after recording it on
 * the message in hand: the rest wait for the next run instead of each waiting for a time-out.
 */
export async function sendDueMail(
  run: { db: Transaction<DB>; now: Clock; config: Config },
  mailer: Mailer,
  limit = BATCH,
): Promise<SendReport> {
  const { db, config } = run;
  const claimedAt = run.now();
  const due = await db
    .selectFrom('outboxEmails as o')
    .leftJoin('notifications as n', 'n.id', 'o.notificationId')
    .select(['o.id', 'o.toAddress', 'o.subject', 'o.body', 'o.attempts', 'o.createdAt', 'n.link'])
    .where('o.sentAt', 'is', null)
    .where('o.nextAttemptAt', '<=', claimedAt)
    .orderBy('o.nextAttemptAt')
    .orderBy('o.id')
    .limit(limit)
    .forUpdate('o')
    .skipLocked()
    .execute();
  const report: SendReport = { sent: 0, failed: 0, expired: 0 };
  for (const mail of due) {
    if (claimedAt.getTime() - mail.createdAt.getTime() > MAX_AGE_MS) {
      await db
        .updateTable('outboxEmails')
        .set({ nextAttemptAt: null, lastError: 'Не отправлено: письмо устарело (старше 3 суток)' })
        .where('id', '=', mail.id)
        .execute();
      report.expired++;
      continue;
    }
    const attempts = mail.attempts + 1;
    try {
      await mailer.send({
        from: config.mailFrom ?? 'no-reply@localhost',
        to: mail.toAddress,
        subject: mail.subject,
        text: mailText(mail.body, mail.link, config.publicUrl),
      });
      await db
        .updateTable('outboxEmails')
        .set({ sentAt: run.now(), attempts, nextAttemptAt: null, lastError: null })
        .where('id', '=', mail.id)
        .execute();
      report.sent++;
    } catch (error) {
      const now = run.now();
      const giveUp = attempts >= MAX_ATTEMPTS || isPermanent(error);
      await db
        .updateTable('outboxEmails')
        .set({
          attempts,
          lastError: describeError(error, config.smtpUrl),
          nextAttemptAt: giveUp ? null : new Date(now.getTime() + retryDelay(attempts)),
        })
        .where('id', '=', mail.id)
        .execute();
      report.failed++;
      if (!isMessageError(error)) break;
    }
  }
  return report;
}
