// The public catalog's answer cache: answers are shared while fresh, computed once for concurrent
// visitors, forgotten by any successful change, and failures are never kept.
import type { KyselyPlugin } from 'kysely';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { testApp } from '../../../test/app.js';
import { buildCourse, buildUser, TEST_PASSWORD } from '../../../test/factories.js';
import { buildApp } from '../app.js';
import { AnswerCache } from './answers.js';

const t = await testApp();
let queries = 0;
const counting: KyselyPlugin = {
  transformQuery: (args) => args.node,
  transformResult: async (args) => {
    queries++;
    return args.result;
  },
};
const app = await buildApp(
  { ...t.ctx, db: t.db.withPlugin(counting), config: { ...t.ctx.config, catalogCacheMs: 60_000 } },
  { webDist: null },
);
afterAll(() => app.close());

/** The queries a request ran, and its answer. */
async function get(url: string) {
  queries = 0;
  const res = await app.inject({ method: 'GET', url });
  return { queries, status: res.statusCode, body: res.body };
}

describe('the public catalog answer cache', () => {
  it('answers from the cache until a change succeeds', async () => {
    const course = await buildCourse(t.db, { status: 'published', capacity: 25 });
    const page = `/api/v1/catalog/${course.id}`;
    const first = await get(page);
    expect(first).toMatchObject({ status: 200, queries: 1 });
    expect(await get(page)).toEqual({ ...first, queries: 0 });

    expect((await get('/api/v1/catalog?limit=0')).status).toBe(400);
    const search = `/api/v1/catalog?limit=5&departmentId=${course.departmentId}`;
    expect((await get(search)).queries).toBe(1);
    expect((await get(search)).queries).toBe(0);

    // A refused change keeps the answers; a successful one (here a sign-in) forgets them.
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: 'nobody', password: 'x' },
    });
    expect((await get(search)).queries).toBe(0);
    const user = await buildUser(t.db);
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: user.login, password: TEST_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    expect((await get(search)).queries).toBe(1);
    expect((await get(page)).queries).toBe(1);
  });

  it('computes an answer once for visitors asking at the same moment, and never keeps a 404', async () => {
    const course = await buildCourse(t.db, { status: 'published' });
    queries = 0;
    const pages = await Promise.all(
      Array.from({ length: 8 }, () => app.inject({ method: 'GET', url: `/api/v1/catalog/${course.id}` })),
    );
    expect(new Set(pages.map((p) => p.body)).size).toBe(1);
    expect(queries).toBeLessThanOrEqual(1);
    const missing = `/api/v1/catalog/${course.id + 100000}`;
    expect(await get(missing)).toMatchObject({ status: 404, queries: 1 });
    expect(await get(missing)).toMatchObject({ status: 404, queries: 1 });
  });
});

describe('answers past their time', () => {
  afterEach(() => vi.useRealTimers());
  const answer = (value: string) => () => Promise.resolve(value);

  it('are answered once more while their successor is computed, and forgotten when older', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const cache = new AnswerCache(1000);
    expect(await cache.get('k', answer('first'))).toBe('first');
    vi.advanceTimersByTime(1500);
    expect(await cache.get('k', answer('second'))).toBe('first');
    expect(await cache.get('k', answer('third'))).toBe('second');
    vi.advanceTimersByTime(2500);
    expect(await cache.get('k', answer('fourth'))).toBe('fourth');
  });

  it('do not come back through a refresh that began before a change', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const cache = new AnswerCache(1000);
    await cache.get('k', answer('before'));
    vi.advanceTimersByTime(1500);
    let finish: (value: string) => void = () => {};
    const slow = new Promise<string>((resolve) => {
      finish = resolve;
    });
    expect(await cache.get('k', () => slow)).toBe('before');
    cache.clear();
    finish('read before the change');
    await slow;
    expect(await cache.get('k', answer('after'))).toBe('after');
  });
});
