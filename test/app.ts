// A real app on a fresh database copy, a standing clock, and helpers to act as a user through
// the HTTP surface (app.inject: no network, same code path as a client).
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll } from 'vitest';
import { buildApp } from '../src/server/app.js';
import { fixedClock } from '../src/server/clock.js';
import { loadConfig } from '../src/server/config.js';
import type { Ctx } from '../src/server/context.js';
import { testDatabase } from './db.js';
import { TEST_PASSWORD } from './factories.js';

export const TEST_NOW = new Date('2026-11-25T09:00:00+05:00');

export type TestApp = Awaited<ReturnType<typeof testApp>>;
export type Session = { cookie: string; csrfToken: string; userId: string };

export async function testApp(env: NodeJS.ProcessEnv = {}) {
  const handle = await testDatabase();
  const clock = fixedClock(TEST_NOW);
  const config = loadConfig({ LOG_LEVEL: 'silent', CATALOG_CACHE_MS: '0', ...env });
  const ctx: Ctx = { db: handle.db, engine: handle.engine, now: clock, config };
  const app: FastifyInstance = await buildApp(ctx, { webDist: null });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  /** Signs in through the API; the session then rides on `as(session)` requests. */
  async function login(login: string, password = TEST_PASSWORD): Promise<Session> {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login, password } });
    if (res.statusCode !== 200) throw new Error(`login ${login}: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'ebppk_session');
    if (!cookie) throw new Error('no session cookie');
    const body = res.json() as { user: { id: string }; csrfToken: string };
    return { cookie: `ebppk_session=${cookie.value}`, csrfToken: body.csrfToken, userId: body.user.id };
  }

  /** A request as a signed-in user (with the CSRF token a browser would send), or anonymous. */
  function request(session: Session | null, options: InjectOptions) {
    const headers = { ...(options.headers ?? {}) } as Record<string, string>;
    if (session) {
      headers.cookie = session.cookie;
      headers['x-csrf-token'] = session.csrfToken;
    }
    return app.inject({ ...options, headers });
  }

  return { app, ctx, db: handle.db, clock, login, request };
}
