// Every minute: the outbox's due e-mails go out over SMTP (notifications/mail.ts). The job works
// outside any transaction, as the sender waits on the SMTP server; the sender claims and records
// its e-mails in short transactions of its own. Without SMTP_URL the run does nothing and the
// e-mails stay stored, readable by the operator.
import { type MailerFactory, sendDueMail, smtpMailer } from '../../notifications/mail.js';
import { definePeriodic } from '../queue.js';

/** The sender with another mailer: tests pass one that records or fails. */
export const sendMailJobWith = (mailerFor: MailerFactory) =>
  definePeriodic({
    kind: 'notifications.send_mail',
    everyMinutes: 1,
    work: async ({ ctx }) => {
      const mailer = mailerFor(ctx.config);
      if (!mailer) return;
      try {
        await sendDueMail({ db: ctx.db, now: ctx.now, config: ctx.config }, mailer);
      } finally {
        mailer.close();
      }
    },
  });

export const sendMailJob = sendMailJobWith(smtpMailer);
