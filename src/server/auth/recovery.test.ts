// Password recovery by e-mail and confirmed e-mail addresses, as a user and an attacker see them:
// the answers, the mail in the outbox, the links, and what each link does (once).
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import { buildOrganization, buildUser, TEST_PASSWORD } from '../../../test/factories.js';
import { notify } from '../notifications/notify.js';
import { tokenDigest } from './tokens.js';

const t = await testApp({ LOGIN_FAILURES_PER_LOGIN_ADDRESS: '3', LOGIN_FAILURES_PER_ADDRESS: '1000' });

const NEW_PASSWORD = 'Черёмуха-у-Вятки-42';

/** The mail queued for an address, oldest first. */
const mailTo = (address: string) =>
  t.db.selectFrom('outboxEmails').where('toAddress', '=', address).orderBy('id').selectAll().execute();

/** The token of the last link of `kind` in the mail to `address`. */
async function linkIn(address: string, kind: 'recovery' | 'email/confirm') {
  const mails = await mailTo(address);
  const text = mails.at(-1)?.body ?? '';
  const match = new RegExp(`http://[^\\s/]+/${kind}/([A-Za-z0-9_-]+)`).exec(text);
  if (!match?.[1]) throw new Error(`no ${kind} link in: ${text}`);
  return match[1];
}

let n = 0;
const signupBody = async (over: Record<string, unknown> = {}) => ({
  email: `Signup${++n}.${Date.now()}@School.ru`,
  password: 'Сирень-над-Камой-7',
  lastName: 'Петрова',
  firstName: 'Анна',
  middleName: 'Ивановна',
  organizationId: String((await buildOrganization(t.db)).id),
  position: 'учитель',
  personalDataConsent: true,
  ...over,
});

const post = (url: string, payload: object, remoteAddress = '127.0.0.1') =>
  t.app.inject({ method: 'POST', url: `/api/v1${url}`, payload, remoteAddress });

const me = async (session: Session) =>
  (await t.request(session, { method: 'GET', url: '/api/v1/me' })).json();

describe('confirmed e-mails', () => {
  it('mails a new teacher a link that confirms her address once; until then only that is mailed', async () => {
    const payload = await signupBody();
    const address = payload.email.toLowerCase();
    const res = await post('/auth/signup', payload);
    expect(res.statusCode).toBe(202);
    const session = await t.login(address, payload.password);
    expect(await me(session)).toMatchObject({ email: address, emailConfirmed: false });

    const [confirmation, ...others] = await mailTo(address);
    expect(others).toEqual([]);
    expect(confirmation?.subject).toBe('Подтвердите адрес электронной почты в ЕБППК');
    expect(confirmation?.body).toMatch(/^Здравствуйте, Анна Ивановна!/);
    const token = await linkIn(address, 'email/confirm');
    // Only the token's digest is kept.
    const stored = await t.db.selectFrom('accountTokens').where('email', '=', address).selectAll().execute();
    expect(stored).toEqual([
      expect.objectContaining({ purpose: 'email_confirm', tokenHash: tokenDigest(token) }),
    ]);
    expect(JSON.stringify(stored)).not.toContain(token);

    // A notice while unconfirmed: in the bell, not in the mail.
    const userId = Number(session.userId);
    await notify(t.db, t.clock(), [userId], { kind: 'test.notice', title: 'Заявка принята', body: 'Текст' });
    const bell = await t.request(session, { method: 'GET', url: '/api/v1/notifications' });
    expect(bell.json().items.map((i: { title: string }) => i.title)).toContain('Заявка принята');
    expect(await mailTo(address)).toHaveLength(1);

    const confirmed = await post('/auth/email/confirm', { token });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toEqual({ email: address });
    expect(await me(session)).toMatchObject({ emailConfirmed: true });
    const again = await post('/auth/email/confirm', { token });
    expect(again.statusCode).toBe(422);
    expect(again.json().detail).toBe('Эта ссылка уже использована');
    const audit = await t.db
      .selectFrom('auditEvents')
      .where('action', '=', 'auth.email_confirmed')
      .where('entityId', '=', String(userId))
      .execute();
    expect(audit).toHaveLength(1);

    // Confirmed: now the mail goes too.
    await notify(t.db, t.clock(), [userId], {
      kind: 'test.notice',
      title: 'Курс начнётся завтра',
      body: 'Текст',
    });
    expect((await mailTo(address)).map((m) => m.subject)).toEqual([
      'Подтвердите адрес электронной почты в ЕБППК',
      'Курс начнётся завтра',
    ]);
  });

  it('sends the link again on request while unconfirmed, a few times an hour', async () => {
    const payload = await signupBody();
    const address = payload.email.toLowerCase();
    await post('/auth/signup', payload);
    const session = await t.login(address, payload.password);
    const resend = () => t.request(session, { method: 'POST', url: '/api/v1/auth/email/confirmation' });
    expect((await resend()).statusCode).toBe(202);
    expect((await resend()).statusCode).toBe(202);
    const tooMany = await resend();
    expect(tooMany.statusCode).toBe(429);
    expect(tooMany.json().detail).toMatch(/Проверьте почту/);
    expect(await mailTo(address)).toHaveLength(3);
    // The latest link confirms.
    expect(
      (await post('/auth/email/confirm', { token: await linkIn(address, 'email/confirm') })).statusCode,
    ).toBe(200);
    const done = await resend();
    expect(done.statusCode).toBe(409);
    expect(done.json().detail).toBe('Адрес уже подтверждён');
  });

  it('refuses an expired or unknown confirmation link with a clear message', async () => {
    const payload = await signupBody();
    const address = payload.email.toLowerCase();
    await post('/auth/signup', payload);
    const token = await linkIn(address, 'email/confirm');
    t.clock.advance(3 * 86_400_000 + 1000);
    try {
      const expired = await post('/auth/email/confirm', { token });
      expect(expired.statusCode).toBe(422);
      expect(expired.json().detail).toMatch(/^Срок действия ссылки истёк/);
    } finally {
      t.clock.advance(-(3 * 86_400_000 + 1000));
    }
    const unknown = await post('/auth/email/confirm', { token: `${token}x` });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().detail).toMatch(/неверна/);
  });

  it('answers a sign-up with a known address exactly like a new one, makes nothing and tells the owner', async () => {
    const owner = await buildUser(t.db, { login: `owner.${Date.now()}@school.ru` });
    const fresh = await signupBody();
    const known = await signupBody({
      email: `  ${owner.login.toUpperCase()} `,
      password: 'Другой-пароль-2026',
    });
    const count = async () =>
      Number(
        (
          await t.db
            .selectFrom('users')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const a = await post('/auth/signup', fresh);
    const b = await post('/auth/signup', known);
    expect(b.statusCode).toBe(a.statusCode);
    expect(Object.keys(b.json())).toEqual(Object.keys(a.json()));
    expect(b.json()).toEqual({ email: owner.login });
    expect(b.headers['set-cookie']).toBeUndefined();
    expect(await count()).toBe(before + 1);
    // The owner's account is as it was: her password still works, the other does not.
    await t.login(owner.login);
    const other = await post('/auth/login', { login: owner.login, password: 'Другой-пароль-2026' });
    expect(other.statusCode).toBe(401);
    const [notice, ...rest] = await mailTo(owner.login);
    expect(rest).toEqual([]);
    expect(notice?.subject).toBe('Попытка регистрации в ЕБППК с вашим адресом');
    expect(notice?.body).toMatch(/Кто-то пытался зарегистрироваться/);
    expect(notice?.body).toMatch(/http:\/\/[^\s]+\/recovery/);
    expect(notice?.body).not.toContain('Другой-пароль-2026');
  });

  it('treats an address entered by staff as confirmed', async () => {
    const operator = await buildUser(t.db, { roles: [{ role: 'operator' }] });
    const session = await t.login(operator.login);
    const login = `staff${Date.now()}`;
    const created = await t.request(session, {
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        login,
        password: 'Времен-пароль-1234',
        lastName: 'Козлова',
        firstName: 'Елена',
        email: `${login}@bank.ru`,
        roles: [{ role: 'operator' }],
      },
    });
    expect(created.statusCode).toBe(201);
    const row = await t.db
      .selectFrom('users')
      .where('login', '=', login)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(row.emailConfirmedAt).toBeInstanceOf(Date);
  });
});

describe('password recovery', () => {
  let user: Awaited<ReturnType<typeof buildUser>>;
  beforeAll(async () => {
    user = await buildUser(t.db, { login: `forgetful.${Date.now()}@school.ru` });
  });

  it('answers the same for a known and an unknown address and mails a link only to the known', async () => {
    const unknownAddress = `nobody.${Date.now()}@school.ru`;
    const known = await post('/auth/recovery', { email: user.login.toUpperCase() }, '10.9.0.1');
    const unknown = await post('/auth/recovery', { email: unknownAddress }, '10.9.0.1');
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(known.json()).toEqual({ email: user.login });
    expect(unknown.json()).toEqual({ email: unknownAddress });
    expect(Object.keys(known.headers).sort()).toEqual(Object.keys(unknown.headers).sort());
    expect(await mailTo(unknownAddress)).toEqual([]);
    const [mail] = await mailTo(user.login);
    expect(mail?.subject).toBe('Восстановление пароля в ЕБППК');
    expect(mail?.body).toContain(`учётной записи «${user.login}»`);
    expect(mail?.body).toMatch(/действует 1 час и только один раз/);
    const token = await linkIn(user.login, 'recovery');
    const stored = await t.db
      .selectFrom('accountTokens')
      .where('userId', '=', user.id)
      .where('purpose', '=', 'recovery')
      .selectAll()
      .execute();
    expect(stored.map((s) => s.tokenHash)).toEqual([tokenDigest(token)]);
    expect(stored[0]?.expiresAt.getTime()).toBe(t.clock().getTime() + 3600_000);
  });

  it('sets a new password once: applies the policy, ends all sessions, lifts the throttle, audits', async () => {
    const other = await buildUser(t.db, { login: `victim.${Date.now()}@school.ru` });
    const session = await t.login(other.login);
    // Locked out from this address by wrong guesses (3 in this app).
    for (let i = 0; i < 3; i++)
      expect((await post('/auth/login', { login: other.login, password: 'неверный' })).statusCode).toBe(401);
    expect((await post('/auth/login', { login: other.login, password: TEST_PASSWORD })).statusCode).toBe(429);

    await post('/auth/recovery', { email: other.login });
    const token = await linkIn(other.login, 'recovery');
    const weak = await post('/auth/recovery/confirm', { token, newPassword: 'password123' });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().errors).toEqual([
      { field: 'newPassword', message: expect.stringMatching(/распространённ/) },
    ]);

    t.clock.advance(1000);
    const done = await post('/auth/recovery/confirm', { token, newPassword: NEW_PASSWORD });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ login: other.login });
    expect((await t.request(session, { method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
    expect((await post('/auth/login', { login: other.login, password: TEST_PASSWORD })).statusCode).toBe(401);
    const signedIn = await t.login(other.login, NEW_PASSWORD);
    expect((await me(signedIn)).mustChangePassword).toBe(false);

    const again = await post('/auth/recovery/confirm', { token, newPassword: 'Ещё-один-пароль-77' });
    expect(again.statusCode).toBe(422);
    expect(again.json().detail).toMatch(/^По этой ссылке пароль уже был изменён/);
    const audit = await t.db
      .selectFrom('auditEvents')
      .where('action', '=', 'auth.password_recovered')
      .where('entityId', '=', String(other.id))
      .selectAll()
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(NEW_PASSWORD);
  });

  it('refuses an expired link, and ends the other links of the account with the one used', async () => {
    const other = await buildUser(t.db, { login: `late.${Date.now()}@school.ru` });
    await post('/auth/recovery', { email: other.login });
    const first = await linkIn(other.login, 'recovery');
    await post('/auth/recovery', { email: other.login });
    const second = await linkIn(other.login, 'recovery');
    expect(second).not.toBe(first);
    t.clock.advance(3600_000 + 1000);
    try {
      const expired = await post('/auth/recovery/confirm', { token: first, newPassword: NEW_PASSWORD });
      expect(expired.statusCode).toBe(422);
      expect(expired.json().detail).toBe(
        'Срок действия ссылки истёк: она действует 1 час. Запросите восстановление пароля ещё раз',
      );
    } finally {
      t.clock.advance(-(3600_000 + 1000));
    }
    expect(
      (await post('/auth/recovery/confirm', { token: first, newPassword: NEW_PASSWORD })).statusCode,
    ).toBe(200);
    expect(
      (await post('/auth/recovery/confirm', { token: second, newPassword: NEW_PASSWORD })).statusCode,
    ).toBe(422);
  });

  it('mails at most 3 links an hour to an account, answering alike; refuses a flood from one client', async () => {
    const other = await buildUser(t.db, { login: `flooded.${Date.now()}@school.ru` });
    for (let i = 0; i < 5; i++) {
      const res = await post('/auth/recovery', { email: other.login }, '10.9.9.9');
      expect(res.statusCode).toBe(202);
      expect(res.json()).toEqual({ email: other.login });
    }
    expect(await mailTo(other.login)).toHaveLength(3);
    for (let i = 5; i < 20; i++)
      await post('/auth/recovery', { email: `x${i}.${Date.now()}@school.ru` }, '10.9.9.9');
    const flood = await post('/auth/recovery', { email: other.login }, '10.9.9.9');
    expect(flood.statusCode).toBe(429);
    expect(flood.headers['retry-after']).toBe('3600');
    expect(flood.json().detail).toMatch(/восстановление пароля/);
  });

  it('proves the address with a recovery: an unconfirmed e-mail is confirmed', async () => {
    const other = await buildUser(t.db, {
      login: `unconfirmed.${Date.now()}@school.ru`,
      emailUnconfirmed: true,
    });
    await post('/auth/recovery', { email: other.login });
    const token = await linkIn(other.login, 'recovery');
    expect((await post('/auth/recovery/confirm', { token, newPassword: NEW_PASSWORD })).statusCode).toBe(200);
    expect(await me(await t.login(other.login, NEW_PASSWORD))).toMatchObject({ emailConfirmed: true });
  });
});
