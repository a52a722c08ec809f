import { createTransport } from 'nodemailer';
import { beforeEach, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import { buildUser } from '../../../test/factories.js';
import { loadConfig } from '../config.js';
import { sendMailJobWith } from '../jobs/definitions/send-mail.js';
import { runDueJobs } from '../jobs/worker.js';
import {
  describeError,
  MAX_ATTEMPTS,
  type Mailer,
  mailText,
  type OutgoingMail,
  sendDueMail,
} from './mail.js';
import { notify } from './notify.js';

const SMTP_URL = 'smtp://bank%40example.ru:S3cr%3Et-pass@smtp.example.ru:587';
const t = await testApp({ SMTP_URL, PUBLIC_URL: 'https://bank.example.ru/' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A mailer that keeps what it "sends" (nodemailer's JSON transport builds the real message). */
function recordingMailer(sent: OutgoingMail[], fail?: (mail: OutgoingMail) => Error | null, delayMs = 0) {
  const transport = createTransport({ jsonTransport: true });
  return (): Mailer => ({
    send: async (mail) => {
      if (delayMs) await sleep(delayMs);
      const error = fail?.(mail);
      if (error) throw error;
      const info = await transport.sendMail(mail);
      expect(JSON.parse(info.message as string)).toMatchObject({ subject: mail.subject });
      sent.push(mail);
    },
    close: () => {},
  });
}

const mailTo = (address: string) =>
  t.db.selectFrom('outboxEmails').selectAll().where('toAddress', '=', address).executeTakeFirstOrThrow();

async function queueFor(n: number) {
  const users = await Promise.all(Array.from({ length: n }, () => buildUser(t.db)));
  await notify(
    t.db,
    t.clock(),
    users.map((u) => u.id),
    {
      kind: 'application.enrolled',
      title: 'Вы зачислены на курс',
      body: 'Вы зачислены на курс «Финансовая грамотность».',
      link: '/applications/7',
    },
  );
  return users.map((u) => u.email as string);
}

// Each test starts on a new minute: the sender is a periodic job, one run per slot.
beforeEach(() => {
  t.clock.advance(60_000);
});

describe('the send-mail job', () => {
  it('sends due e-mails with the link into the Bank and marks them sent', async () => {
    const [address] = await queueFor(1);
    const sent: OutgoingMail[] = [];
    const job = sendMailJobWith(recordingMailer(sent));
    const results = await runDueJobs(t.ctx, { definitions: [job] });
    expect(results).toEqual([
      { id: expect.stringMatching(/^notifications\.send_mail@/), kind: job.kind, ok: true },
    ]);
    expect(sent).toEqual([
      {
        from: 'bank@example.ru',
        to: address,
        subject: 'Вы зачислены на курс',
        text: expect.stringContaining('Открыть в Банке: https://bank.example.ru/applications/7\n\n-- \n'),
      },
    ]);
    expect(sent[0]?.text).toMatch(/^Здравствуйте, Мария Петровна!\n\nВы зачислены/);
    expect(await mailTo(address as string)).toMatchObject({
      sentAt: t.clock(),
      attempts: 1,
      nextAttemptAt: null,
      lastError: null,
    });
    // Sent once: the next run finds nothing.
    t.clock.advance(60_000);
    await runDueJobs(t.ctx, { definitions: [job] });
    expect(sent).toHaveLength(1);
  });

  it('records a failure without the password, backs off, and sends on a later attempt', async () => {
    const [address] = await queueFor(1);
    let down = true;
    const sent: OutgoingMail[] = [];
    const job = sendMailJobWith(
      recordingMailer(sent, () =>
        down
          ? Object.assign(
              new Error(`Invalid login: 535 for ${SMTP_URL} user bank@example.ru pass S3cr>t-pass`),
              {
                code: 'EAUTH',
                responseCode: 535,
              },
            )
          : null,
      ),
    );
    await runDueJobs(t.ctx, { definitions: [job] });
    const failed = await mailTo(address as string);
    expect(failed).toMatchObject({ sentAt: null, attempts: 1 });
    expect(failed.nextAttemptAt?.getTime()).toBe(t.clock().getTime() + 5 * 60_000);
    expect(failed.lastError).toContain('EAUTH');
    expect(failed.lastError).toContain('Invalid login: 535');
    expect(failed.lastError).not.toContain('S3cr');
    expect(failed.lastError).not.toContain('bank@example.ru');

    // Not retried before its time.
    t.clock.advance(60_000);
    await runDueJobs(t.ctx, { definitions: [job] });
    expect(await mailTo(address as string)).toMatchObject({ attempts: 1 });

    down = false;
    t.clock.advance(4 * 60_000);
    await runDueJobs(t.ctx, { definitions: [job] });
    expect(await mailTo(address as string)).toMatchObject({
      sentAt: t.clock(),
      attempts: 2,
      lastError: null,
      nextAttemptAt: null,
    });
    expect(sent.map((m) => m.to)).toEqual([address]);
  });

  it('gives up after the last attempt, and at once on a refused recipient', async () => {
    const [flaky, refused, other] = await queueFor(3);
    const job = sendMailJobWith(
      recordingMailer([], (mail) =>
        mail.to === refused
          ? Object.assign(new Error('550 Mailbox unavailable'), { code: 'EENVELOPE', responseCode: 550 })
          : mail.to === flaky
            ? Object.assign(new Error('451 Try later'), { code: 'EENVELOPE', responseCode: 451 })
            : null,
      ),
    );
    await runDueJobs(t.ctx, { definitions: [job] });
    // A refusal of one recipient does not stop the others.
    expect(await mailTo(other as string)).toMatchObject({ attempts: 1, nextAttemptAt: null });
    expect((await mailTo(other as string)).sentAt).not.toBeNull();
    expect(await mailTo(refused as string)).toMatchObject({ sentAt: null, attempts: 1, nextAttemptAt: null });
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      t.clock.advance(7 * 3_600_000);
      await runDueJobs(t.ctx, { definitions: [job] });
    }
    expect(await mailTo(flaky as string)).toMatchObject({
      sentAt: null,
      attempts: MAX_ATTEMPTS,
      nextAttemptAt: null,
      lastError: expect.stringContaining('451 Try later'),
    });
  });

  it('stops a run when the server is unreachable, leaving the rest for the next run', async () => {
    const addresses = await queueFor(3);
    const sent: OutgoingMail[] = [];
    let tries = 0;
    const job = sendMailJobWith(
      recordingMailer(sent, () => {
        tries++;
        return Object.assign(new Error('connect ECONNREFUSED 192.0.2.1:587'), { code: 'ESOCKET' });
      }),
    );
    await runDueJobs(t.ctx, { definitions: [job] });
    expect(tries).toBe(1);
    const rows = await Promise.all(addresses.map(mailTo));
    expect(rows.map((r) => r.attempts).sort()).toEqual([0, 0, 1]);
  });

  it('does not send mail older than three days (SMTP configured long after)', async () => {
    const [address] = await queueFor(1);
    t.clock.advance(4 * 86_400_000);
    const sent: OutgoingMail[] = [];
    await runDueJobs(t.ctx, { definitions: [sendMailJobWith(recordingMailer(sent))] });
    expect(sent.filter((m) => m.to === address)).toEqual([]);
    expect(await mailTo(address as string)).toMatchObject({
      sentAt: null,
      attempts: 0,
      nextAttemptAt: null,
      lastError: expect.stringContaining('устарело'),
    });
  });

  // At once: on PGlite (one connection) the three runs' transactions follow one another, so this
  // checks the outcome only; they may overlap on PostgreSQL, where nothing here asserts that they did.
  it('never sends the same e-mail twice from two concurrent runs', async () => {
    const addresses = await queueFor(6);
    const sent: OutgoingMail[] = [];
    const mailer = recordingMailer(sent, undefined, 20);
    const run = () =>
      t.db
        .transaction()
        .execute((trx) => sendDueMail({ db: trx, now: t.ctx.now, config: t.ctx.config }, mailer()));
    await Promise.all([run(), run(), run()]);
    expect(sent.map((m) => m.to).sort()).toEqual([...addresses].sort());
    for (const address of addresses) expect((await mailTo(address)).attempts).toBe(1);
  });

  it('keeps mail stored, unsent, when SMTP is not configured (the registry’s sender)', async () => {
    const [address] = await queueFor(1);
    const withoutSmtp = { ...t.ctx, config: loadConfig({ LOG_LEVEL: 'silent' }) };
    const results = await runDueJobs(withoutSmtp);
    expect(results).toContainEqual({
      id: expect.stringMatching(/^notifications\.send_mail@/),
      kind: 'notifications.send_mail',
      ok: true,
    });
    expect(await mailTo(address as string)).toMatchObject({
      sentAt: null,
      attempts: 0,
      lastError: null,
      nextAttemptAt: t.clock(),
    });
  });
});

describe('configuration and texts', () => {
  it('takes the sender from MAIL_FROM or the SMTP login, and refuses an SMTP_URL without either', () => {
    expect(loadConfig({ SMTP_URL }).mailFrom).toBe('bank@example.ru');
    expect(loadConfig({ SMTP_URL, MAIL_FROM: 'ЕБППК <noreply@bank.ru>' }).mailFrom).toBe(
      'ЕБППК <noreply@bank.ru>',
    );
    expect(() => loadConfig({ SMTP_URL: 'smtp://relay.local:25' })).toThrow(/MAIL_FROM/);
    expect(() => loadConfig({ SMTP_URL: 'http://relay.local' })).toThrow(/SMTP_URL/);
    expect(loadConfig({}).smtpUrl).toBeUndefined();
  });

  it('keeps the password out of error texts', () => {
    const text = describeError(new Error(`failed ${SMTP_URL} S3cr>t-pass S3cr%3Et-pass`), SMTP_URL);
    expect(text).not.toMatch(/S3cr/);
    expect(text).toContain('smtp://***@smtp.example.ru');
  });

  it('adds the link only with a public address', () => {
    expect(mailText('Текст', '/applications/1', undefined)).not.toContain('Открыть');
    expect(mailText('Текст', null, 'https://b.ru')).not.toContain('Открыть');
    expect(mailText('Текст', '/applications/1', 'https://b.ru')).toContain('https://b.ru/applications/1');
  });
});
