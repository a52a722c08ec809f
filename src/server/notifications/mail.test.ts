import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { createTransport } from 'nodemailer';
import { beforeEach, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import { buildUser } from '../../../test/factories.js';
import { loadConfig } from '../config.js';
import { sendMailJob, sendMailJobWith } from '../jobs/definitions/send-mail.js';
import { runDueJobs } from '../jobs/worker.js';
import {
  CLAIM_MS,
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

/** A promise and its resolve, to await an event of a test. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * A mailer that keeps what it "sends" (nodemailer's JSON transport builds the real message).
 * `before` runs first on every message: a test holds a sending there.
 */
function recordingMailer(
  sent: OutgoingMail[],
  fail?: (mail: OutgoingMail) => Error | null,
  before?: (mail: OutgoingMail) => Promise<void>,
) {
  const transport = createTransport({ jsonTransport: true });
  return (): Mailer => ({
    send: async (mail) => {
      await before?.(mail);
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

// Each test starts on a new minute (the sender is a periodic job, one run per slot) with no
// e-mail left due by the tests before it.
beforeEach(async () => {
  t.clock.advance(60_000);
  await sendDueMail({ db: t.db, now: t.ctx.now, config: t.ctx.config }, recordingMailer([])());
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
    // The untried ones are released, due again for the next run rather than after the claim.
    expect(rows.map((r) => r.claimedUntil)).toEqual([null, null, null]);
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

  it('never sends the same e-mail twice from concurrent runs, each sending its own claim', async () => {
    const addresses = await queueFor(6);
    const sent: OutgoingMail[] = [];
    // Every sending waits until all three runs are sending at once: each has claimed its batch
    // and none holds a transaction (on PGlite a held one would keep the others from claiming).
    const allSending = deferred();
    let sending = 0;
    const mailer = recordingMailer(sent, undefined, async () => {
      if (++sending === 3) allSending.resolve();
      await allSending.promise;
    });
    const run = () => sendDueMail({ db: t.db, now: t.ctx.now, config: t.ctx.config }, mailer(), 2);
    const reports = await Promise.all([run(), run(), run()]);
    expect(reports).toEqual([
      { sent: 2, failed: 0, expired: 0 },
      { sent: 2, failed: 0, expired: 0 },
      { sent: 2, failed: 0, expired: 0 },
    ]);
    expect(sent.map((m) => m.to).sort()).toEqual([...addresses].sort());
    for (const address of addresses)
      expect(await mailTo(address)).toMatchObject({ attempts: 1, sentAt: t.clock(), claimedUntil: null });
    await expect(
      t.db
        .transaction()
        .execute((trx) => sendDueMail({ db: trx, now: t.ctx.now, config: t.ctx.config }, mailer())),
    ).rejects.toThrow('вне транзакции');
  });

  it('takes over an e-mail whose claim ran out (its process stopped) and ignores that run’s late result', async () => {
    const [address] = await queueFor(1);
    const stuck = deferred<Error>();
    const taken = deferred();
    const sent: OutgoingMail[] = [];
    const stalled = recordingMailer([], undefined, async (mail) => {
      if (mail.to !== address) return;
      taken.resolve();
      throw await stuck.promise;
    });
    const first = runDueJobs(t.ctx, { definitions: [sendMailJobWith(stalled)] });
    await taken.promise;
    expect(await mailTo(address as string)).toMatchObject({
      sentAt: null,
      attempts: 0,
      claimedUntil: new Date(t.clock().getTime() + CLAIM_MS),
    });
    // Within the claim another run leaves it; past it, the e-mail is due again and goes out.
    t.clock.advance(60_000);
    await runDueJobs(t.ctx, { definitions: [sendMailJobWith(recordingMailer(sent))] });
    expect(sent).toEqual([]);
    t.clock.advance(CLAIM_MS);
    await runDueJobs(t.ctx, { definitions: [sendMailJobWith(recordingMailer(sent))] });
    expect(sent.map((m) => m.to)).toEqual([address]);
    stuck.resolve(Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' }));
    await first;
    expect(await mailTo(address as string)).toMatchObject({
      sentAt: t.clock(),
      attempts: 1,
      lastError: null,
      claimedUntil: null,
    });
  });

  it('begins no message in the last minute of its claim: the rest are due again at once', async () => {
    const addresses = await queueFor(3);
    const sent: OutgoingMail[] = [];
    // The first message takes all but half a minute of the claim.
    const slow = recordingMailer(sent, undefined, async () => {
      if (sent.length === 0) t.clock.advance(CLAIM_MS - 30_000);
    });
    const report = await sendDueMail({ db: t.db, now: t.ctx.now, config: t.ctx.config }, slow());
    expect(report).toEqual({ sent: 1, failed: 0, expired: 0 });
    const rows = await Promise.all(addresses.map(mailTo));
    expect(rows.filter((r) => r.sentAt === null)).toEqual([
      expect.objectContaining({ attempts: 0, claimedUntil: null }),
      expect.objectContaining({ attempts: 0, claimedUntil: null }),
    ]);
  });

  it(
    'keeps requests prompt while the SMTP server holds a message back ' +
      '(when the sender ran in its job’s transaction, a request on PGlite waited for that ' +
      'transaction until the server answered: `answered` was true when it resolved)',
    async () => {
      const smtp = await slowSmtpServer(5_000);
      try {
        const [address] = await queueFor(1);
        const user = await buildUser(t.db);
        const ctx = {
          ...t.ctx,
          config: loadConfig({ LOG_LEVEL: 'silent', SMTP_URL: smtp.url, MAIL_FROM: 'bank@example.ru' }),
        };
        const sending = runDueJobs(ctx, { definitions: [sendMailJob] });
        await smtp.received;
        // The server has the message and holds its answer back: requests go on meanwhile.
        const courses = await t.app.inject({ method: 'GET', url: '/api/v1/catalog' });
        const session = await t.login(user.login);
        const me = await t.request(session, { method: 'GET', url: '/api/v1/me' });
        expect(smtp.answered).toBe(false);
        expect(courses.statusCode).toBe(200);
        expect(me.statusCode).toBe(200);
        smtp.answerNow();
        expect(await sending).toEqual([
          {
            id: expect.stringMatching(/^notifications\.send_mail@/),
            kind: 'notifications.send_mail',
            ok: true,
          },
        ]);
        expect(await mailTo(address as string)).toMatchObject({
          sentAt: t.clock(),
          attempts: 1,
          claimedUntil: null,
        });
        expect(smtp.messages.some((m) => m.includes(`To: ${address}`))).toBe(true);
      } finally {
        await smtp.close();
      }
    },
  );

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

/**
 * A real SMTP server on a local port that answers the end of a message only after `answerAfterMs`
 * (a slow relay), or when the test says so. `received` resolves when the first message's data
 * has arrived, its answer still held back.
 */
async function slowSmtpServer(answerAfterMs: number) {
  const received = deferred();
  const messages: string[] = [];
  const held = new Set<() => void>();
  let answered = false;
  let answerAtOnce = false;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setEncoding('utf8');
    const reply = (text: string) => socket.write(`${text}\r\n`);
    let buffer = '';
    let data = false;
    let busy = false;
    const work = () => {
      if (busy) return;
      for (;;) {
        if (data) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          messages.push(buffer.slice(0, end));
          buffer = buffer.slice(end + 5);
          data = false;
          busy = true;
          const answer = () => {
            if (!held.delete(answer)) return;
            clearTimeout(timer);
            answered = true;
            busy = false;
            reply('250 2.0.0 Ok: queued');
            work();
          };
          held.add(answer);
          const timer = setTimeout(answer, answerAfterMs);
          received.resolve();
          if (answerAtOnce) answer();
          return;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.split(' ')[0]?.toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') reply('250 smtp.local');
        else if (verb === 'DATA') {
          data = true;
          reply('354 End data with <CR><LF>.<CR><LF>');
        } else if (verb === 'QUIT') {
          reply('221 Bye');
          socket.end();
        } else reply('250 Ok');
      }
    };
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      work();
    });
    reply('220 smtp.local ESMTP');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: received.promise,
    messages,
    get answered() {
      return answered;
    },
    /** Answers the held message and every later one at once. */
    answerNow() {
      answerAtOnce = true;
      for (const answer of [...held]) answer();
    },
    async close() {
      this.answerNow();
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
