// The sender of the outbox, run by a periodic job outside any transaction. It claims a batch of
// due e-mails in one short transaction (`FOR UPDATE SKIP LOCKED`, then `claimed_until`: a lease,
// so two runs never take the same e-mail), sends them through a Mailer with no transaction open,
// and records each result in a statement of its own: sent, or the failure with the next attempt
// after a growing pause, up to a limit. No request waits on the SMTP server, even on PGlite's one
// connection. Without SMTP configured nothing is sent: the e-mails stay in the outbox, where the
// operator reads them (the demo's mail). Delivery is at least once: a process stopped after the
// SMTP server took a message but before the result was recorded leaves the claim to run out, and
// the e-mail is sent again.

import { createTransport } from 'nodemailer';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';

export type OutgoingMail = { from: string; to: string; subject: string; text: string };

/** Sends one message or throws. */
export type Mailer = { send(mail: OutgoingMail): Promise<void>; close(): void };

/** Opens the mailer of one run of the sender; null when this server sends no mail. */
export type MailerFactory = (config: Config) => Mailer | null;

/** SMTP through nodemailer, when SMTP_URL is set; time-outs bound a message well within its claim. */
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
/** How long a run's claim of its batch holds; past it, the unrecorded e-mails are due again. */
export const CLAIM_MS = 15 * 60_000;
/** A message is begun only while this much of the claim is left (the SMTP time-outs fit in it). */
const SEND_MS = 60_000;
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
 * Claims the due e-mails that no other run holds, sends them, and records the results; never in
 * a transaction (it refuses one). A failure of the connection (server down, wrong password) ends
 * the run after recording it on the message in hand: the rest are released for the next run
 * instead of each waiting for a time-out.
 */
export async function sendDueMail(
  run: { db: Database; now: Clock; config: Config },
  mailer: Mailer,
  limit = BATCH,
): Promise<SendReport> {
  const { db, config } = run;
  if (db.isTransaction) throw new Error('Письма отправляются вне транзакции');
  const report: SendReport = { sent: 0, failed: 0, expired: 0 };
  const claimedAt = run.now();
  const claimedUntil = new Date(claimedAt.getTime() + CLAIM_MS);
  const due = await db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('outboxEmails as o')
      .leftJoin('notifications as n', 'n.id', 'o.notificationId')
      .select(['o.id', 'o.toAddress', 'o.subject', 'o.body', 'o.attempts', 'o.createdAt', 'n.link'])
      .where('o.sentAt', 'is', null)
      .where('o.nextAttemptAt', '<=', claimedAt)
      .where((eb) => eb.or([eb('o.claimedUntil', 'is', null), eb('o.claimedUntil', '<=', claimedAt)]))
      .orderBy('o.nextAttemptAt')
      .orderBy('o.id')
      .limit(limit)
      .forUpdate('o')
      .skipLocked()
      .execute();
    const expired = rows.filter((mail) => claimedAt.getTime() - mail.createdAt.getTime() > MAX_AGE_MS);
    const fresh = rows.filter((mail) => !expired.includes(mail));
    if (expired.length) {
      await trx
        .updateTable('outboxEmails')
        .set({
          nextAttemptAt: null,
          claimedUntil: null,
          lastError: 'Не отправлено: письмо устарело (старше 3 суток)',
        })
        .where(
          'id',
          'in',
          expired.map((mail) => mail.id),
        )
        .execute();
      report.expired = expired.length;
    }
    if (fresh.length)
      await trx
        .updateTable('outboxEmails')
        .set({ claimedUntil })
        .where(
          'id',
          'in',
          fresh.map((mail) => mail.id),
        )
        .execute();
    return fresh;
  });

  // Each result is recorded only while the claim is this run's (a run that outlived its claim
  // leaves the e-mail to the run that took it over) — except a sending, which is a fact either way.
  const ours = (id: number) =>
    db.updateTable('outboxEmails').where('id', '=', id).where('claimedUntil', '=', claimedUntil);
  let next = 0;
  for (; next < due.length; next++) {
    const mail = due[next] as (typeof due)[number];
    if (run.now().getTime() + SEND_MS > claimedUntil.getTime()) break;
    const attempts = mail.attempts + 1;
    try {
      await mailer.send({
        from: config.mailFrom ?? 'no-reply@localhost',
        to: mail.toAddress,
        subject: mail.subject,
        text: mailText(mail.body, mail.link, config.publicUrl),
      });
    } catch (error) {
      const now = run.now();
      const giveUp = attempts >= MAX_ATTEMPTS || isPermanent(error);
      await ours(mail.id)
        .set({
          attempts,
          lastError: describeError(error, config.smtpUrl),
          nextAttemptAt: giveUp ? null : new Date(now.getTime() + retryDelay(attempts)),
          claimedUntil: null,
        })
        .execute();
      report.failed++;
      if (isMessageError(error)) continue;
      next++;
      break;
    }
    await db
      .updateTable('outboxEmails')
      .set({ sentAt: run.now(), attempts, nextAttemptAt: null, lastError: null, claimedUntil: null })
      .where('id', '=', mail.id)
      .where('sentAt', 'is', null)
      .execute();
    report.sent++;
  }
  // Not tried in this run (the connection failed, or the claim is nearly over): due again now.
  const untried = due.slice(next).map((mail) => mail.id);
  if (untried.length)
    await db
      .updateTable('outboxEmails')
      .set({ claimedUntil: null })
      .where('id', 'in', untried)
      .where('claimedUntil', '=', claimedUntil)
      .execute();
  return report;
}
