// Password guessing: guesses sent at once are counted one at a time, a login and address pair is
// throttled tightly and a login from anywhere only slowed down, a reset lifts it, and a wrong
// current password on a password change counts as a guess.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import { buildUser, TEST_PASSWORD } from '../../../test/factories.js';
import { atOnce, expectOverlap, urlOf } from '../../../test/overlap.js';
import { buildApp } from '../app.js';
import { openDatabase } from '../db/database.js';

const t = await testApp({
  LOGIN_FAILURES_PER_LOGIN_ADDRESS: '3',
  LOGIN_FAILURES_PER_LOGIN: '6',
  LOGIN_FAILURES_PER_ADDRESS: '1000',
});

const guess = (app: FastifyInstance, login: string, password: string, ip: string) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { login, password },
    remoteAddress: ip,
  });
const attempt = (login: string, password: string, ip: string) => guess(t.app, login, password, ip);

const failures = (login: string, action = 'auth.login_failed') =>
  t.db
    .selectFrom('auditEvents')
    .where('action', '=', action)
    .where('login', '=', login)
    .selectAll()
    .execute();

// On PostgreSQL a second server process (its own connection pool, the same database) takes half
// of the guesses, so that they meet in the database and not only in one process's queue.
let second: { app: FastifyInstance; close(): Promise<void> } | null = null;
beforeAll(async () => {
  const url = await urlOf({ db: t.db, engine: t.ctx.engine });
  if (!url) return;
  const handle = await openDatabase({ databaseUrl: url });
  const app = await buildApp({ ...t.ctx, db: handle.db, engine: handle.engine }, { webDist: null });
  second = {
    app,
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
});
afterAll(async () => {
  await second?.close();
});

describe('guesses sent at once', () => {
  it('checks at most the limit of 50 wrong guesses for one login, on every server process', async () => {
    const victim = await buildUser(t.db);
    const [answers, overlap] = await atOnce(
      { db: t.db, engine: t.ctx.engine },
      { advisoryLock: `login:${victim.login}`, waiters: 2 },
      () =>
        Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            guess(second && i % 2 ? second.app : t.app, victim.login, `wrong-${i}`, '10.1.0.1'),
          ),
        ),
    );
    expectOverlap(overlap);
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(47);
    expect(await failures(victim.login)).toHaveLength(3);
  });
});

describe('throttling that cannot be turned against the user', () => {
  it('stops one address after 3 wrong passwords with Retry-After, while the owner elsewhere gets in', async () => {
    const victim = await buildUser(t.db);
    for (let i = 0; i < 3; i++)
      expect((await attempt(victim.login, 'wrong-1', '10.2.0.1')).statusCode).toBe(401);
    const stopped = await attempt(victim.login, TEST_PASSWORD, '10.2.0.1');
    expect(stopped.statusCode).toBe(429);
    expect(stopped.headers['content-type']).toContain('application/problem+json');
    expect(stopped.headers['retry-after']).toBe('900');
    expect(stopped.json().detail).toMatch(/Попробуйте через 15 мин/);
    expect((await attempt(victim.login, TEST_PASSWORD, '10.2.0.2')).statusCode).toBe(200);
    t.clock.advance(10 * 60_000);
    expect((await attempt(victim.login, TEST_PASSWORD, '10.2.0.1')).headers['retry-after']).toBe('300');
    t.clock.advance(5 * 60_000 + 1000);
    expect((await attempt(victim.login, TEST_PASSWORD, '10.2.0.1')).statusCode).toBe(200);
  });

  it('slows guesses from many addresses down with growing delays instead of locking the login', async () => {
    const victim = await buildUser(t.db);
    for (let i = 0; i < 6; i++)
      expect((await attempt(victim.login, 'wrong-1', `10.3.0.${i}`)).statusCode).toBe(401);
    const first = await attempt(victim.login, TEST_PASSWORD, '10.3.1.1');
    expect(first.statusCode).toBe(429);
    expect(first.headers['retry-after']).toBe('1');
    t.clock.advance(1000);
    expect((await attempt(victim.login, 'wrong-1', '10.3.1.2')).statusCode).toBe(401);
    const second = await attempt(victim.login, TEST_PASSWORD, '10.3.1.1');
    expect(second.statusCode).toBe(429);
    expect(second.headers['retry-after']).toBe('2');
    expect(second.json().detail).toMatch(/замедлены/);
    t.clock.advance(2000);
    expect((await attempt(victim.login, TEST_PASSWORD, '10.3.1.1')).statusCode).toBe(200);
  });

  it('lifts the throttle when an operator resets the password', async () => {
    const victim = await buildUser(t.db);
    const operator = await t.login((await buildUser(t.db, { roles: [{ role: 'operator' }] })).login);
    for (let i = 0; i < 3; i++) await attempt(victim.login, 'wrong-1', '10.4.0.1');
    expect((await attempt(victim.login, TEST_PASSWORD, '10.4.0.1')).statusCode).toBe(429);
    t.clock.advance(60_000);
    const reset = await t.request(operator, {
      method: 'POST',
      url: `/api/v1/users/${victim.id}/password-reset`,
    });
    expect(reset.statusCode, reset.body).toBe(200);
    const signedIn = await attempt(victim.login, reset.json().temporaryPassword, '10.4.0.1');
    expect(signedIn.statusCode, signedIn.body).toBe(200);
  });
});

describe('password change', () => {
  it('throttles wrong current passwords like logins and audits each', async () => {
    const user = await buildUser(t.db);
    const session = await t.login(user.login);
    const change = (currentPassword: string) =>
      t.request(session, {
        method: 'POST',
        url: '/api/v1/auth/password',
        payload: { currentPassword, newPassword: 'новый-пароль-2026' },
      });
    for (let i = 0; i < 3; i++) {
      const wrong = await change(`wrong-${i}`);
      expect(wrong.statusCode).toBe(422);
      expect(wrong.json().errors).toEqual([{ field: 'currentPassword', message: 'Неверный пароль' }]);
    }
    const stopped = await change(TEST_PASSWORD);
    expect(stopped.statusCode).toBe(429);
    expect(Number(stopped.headers['retry-after'])).toBeGreaterThan(0);
    const audited = await failures(user.login, 'auth.password_change_failed');
    expect(audited).toHaveLength(3);
    expect(audited[0]).toMatchObject({ actorId: user.id, entityId: String(user.id), ip: '127.0.0.1' });
    // The login from that address is stopped too: the guesses are the same guesses.
    expect((await attempt(user.login, TEST_PASSWORD, '127.0.0.1')).statusCode).toBe(429);
  });
});
