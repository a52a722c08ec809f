// The public catalog's answer cache: answers are shared while fresh, computed once for concurrent
// visitors, forgotten by a successful change of what the catalog shows (not by a sign-in or an
// application that holds no place), and failures are never kept.
import type { KyselyPlugin } from 'kysely';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { testApp } from '../../../test/app.js';
import {
  buildCourse,
  buildOrganization,
  buildTerritory,
  buildUser,
  FULL_PERSONAL_DATA,
  TEST_PASSWORD,
} from '../../../test/factories.js';
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

/** Signs in through the cached app; the session's cookie. */
async function signIn(login: string) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { login, password: TEST_PASSWORD },
  });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'ebppk_session');
  return `ebppk_session=${cookie?.value ?? ''}`;
}

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
    // Computed (a search reads the database at least for its places), then answered from the cache.
    expect((await get(search)).queries).toBeGreaterThan(0);
    expect((await get(search)).queries).toBe(0);

    // A refused change keeps the answers; so does a sign-in, which changes nothing they show.
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: 'nobody', password: 'x' },
    });
    expect((await get(search)).queries).toBe(0);
    const user = await buildUser(t.db);
    await signIn(user.login);
    expect((await get(search)).queries).toBe(0);
    expect((await get(page)).queries).toBe(0);

    // A successful change of the catalog (here the course's quotas) forgets them.
    const head = await buildUser(t.db, { roles: [{ role: 'head', departmentId: course.departmentId }] });
    const territory = await buildTerritory(t.db);
    const updated = await app.inject({
      method: 'PUT',
      url: `/api/v1/courses/${course.id}/quotas`,
      headers: { cookie: await signIn(head.login), 'x-requested-with': 'ebppk' },
      payload: [{ territoryId: String(territory.id), places: 5 }],
    });
    expect(updated.statusCode).toBe(200);
    expect((await get(search)).queries).toBeGreaterThan(0);
    const changed = await get(page);
    expect(changed.queries).toBe(1);
    expect(JSON.parse(changed.body)).toMatchObject({
      commonPlacesLeft: 20,
      quotas: [{ places: 5, placesLeft: 5 }],
    });
  });

  it('keeps its answers through an application, and forgets them when a place is taken or freed', async () => {
    const territory = await buildTerritory(t.db);
    const organization = await buildOrganization(t.db, { territoryId: territory.id });
    const course = await buildCourse(t.db, { status: 'published', capacity: 25 });
    const teacher = await buildUser(t.db, { organizationId: organization.id, profile: FULL_PERSONAL_DATA });
    const methodist = await buildUser(t.db, { roles: [{ role: 'methodist', territoryId: territory.id }] });
    const page = `/api/v1/catalog/${course.id}`;
    const placesLeft = (body: string) => (JSON.parse(body) as { placesLeft: number }).placesLeft;
    expect(placesLeft((await get(page)).body)).toBe(25);

    const applied = await app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: { cookie: await signIn(teacher.login), 'x-requested-with': 'ebppk' },
      payload: { courseId: String(course.id) },
    });
    expect(applied.statusCode).toBe(201);
    expect(await get(page)).toMatchObject({ queries: 0 });

    const forwarded = await app.inject({
      method: 'POST',
      url: `/api/v1/applications/${(applied.json() as { id: string }).id}/actions/forward`,
      headers: { cookie: await signIn(methodist.login), 'x-requested-with': 'ebppk' },
      payload: {},
    });
    expect(forwarded.statusCode).toBe(200);
    const after = await get(page);
    expect(after.queries).toBe(1);
    expect(placesLeft(after.body)).toBe(24);

    // Withdrawing frees the place: the page shows it at once.
    const withdrawn = await app.inject({
      method: 'POST',
      url: `/api/v1/applications/${(applied.json() as { id: string }).id}/actions/withdraw`,
      headers: { cookie: await signIn(teacher.login), 'x-requested-with': 'ebppk' },
      payload: {},
    });
    expect(withdrawn.statusCode).toBe(200);
    expect(placesLeft((await get(page)).body)).toBe(25);
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
