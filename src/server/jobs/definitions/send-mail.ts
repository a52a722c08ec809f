// Every minute: the outbox's due e-mails go out over SMTP (notifications/mail.ts). Without SMTP_URL
// the run does nothing and the e-mails stay stored, readable by the operator.
import { type MailerFactory, sendDueMail, smtpMailer } from '../../notifications/mail.js';
import { definePeriodic } from '../queue.js';

/** The sender with another mailer: tests pass one that records or fails. */
export const sendMailJobWith = (mailerFor: MailerFactory) =>
  definePeriodic({
    kind: 'notifications.send_mail',
    everyMinutes: 1,
    run: async ({ ctx, db }) => {
      const mailer = mailerFor(ctx.config);
      if (!mailer) return;
      try {
        await sendDueMail({ db, now: ctx.now, config: ctx.config }, mailer);
      } finally {
        mailer.close();
      }
    },
  });

export const sendMailJob = sendMailJobWith(smtpMailer);
