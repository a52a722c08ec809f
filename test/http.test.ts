// The HTTP surface as a whole: health, OpenAPI, security headers, and problem+json for what a
// client can get wrong.
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.js';
import { testApp } from './app.js';
import { buildOrganization } from './factories.js';

const t = await testApp();

describe('service endpoints', () => {
  it('reports health and the engine without login', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', db: process.env.DATABASE_URL ? 'postgres' : 'pglite' });
  });

  it('publishes an OpenAPI 3.1 description of every route, with browsable docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    for (const path of ['/api/v1/auth/login', '/api/v1/auth/signup', '/api/v1/me', '/api/v1/health'])
      expect(Object.keys(doc.paths)).toContain(path);
    const login = doc.paths['/api/v1/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema.required).toEqual(['login', 'password']);
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });
});

describe('security headers', () => {
  it('sends a strict Content-Security-Policy and no-sniff on every answer', async () => {
    const answers = [
      await t.app.inject({ method: 'GET', url: '/api/v1/health' }),
      await t.app.inject({ method: 'GET', url: '/api/v1/catalog?q=урок' }),
      await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' }),
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: '{',
        headers: { 'content-type': 'application/json' },
      }),
    ];
    expect(answers.map((res) => res.statusCode)).toEqual([200, 200, 404, 400]);
    for (const res of answers) {
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    }
  });
});

describe('what a client can get wrong', () => {
  const post = (payload: string, contentType = 'application/json') =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload,
      headers: { 'content-type': contentType },
    });

  it('answers malformed JSON with a Russian 400 problem', async () => {
    const res = await post('{"login": ');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().title).toMatch(/[а-я]/);
  });

  it('names each invalid field: wrong types, unknown fields, huge strings', async () => {
    const wrongType = await post(JSON.stringify({ login: 5, password: [] }));
    expect(wrongType.statusCode).toBe(400);
    expect(
      wrongType
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['login', 'password']);
    const unknown = await post(JSON.stringify({ login: 'a', password: 'b', admin: true }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([{ field: 'admin', message: 'Неизвестное поле' }]);
    const huge = await post(JSON.stringify({ login: 'a'.repeat(100_000), password: 'b' }));
    expect(huge.statusCode).toBe(400);
    expect(huge.json().errors[0].field).toBe('login');
  });

  it('refuses bodies that are too large, not JSON, or not UTF-8', async () => {
    expect((await post(JSON.stringify({ login: 'a'.repeat(2_000_000), password: 'b' }))).statusCode).toBe(
      413,
    );
    expect((await post('login=a&password=b', 'application/x-www-form-urlencoded')).statusCode).toBe(415);
    const bytes = Buffer.from([0x7b, 0x22, 0x6c, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: bytes,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
  });

  it('answers an unknown API address with a 404 problem', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ status: 404, title: 'Не найдено' });
  });
});

describe('identifiers and texts', () => {
  it('answers an id beyond the database range 404, as any unknown id', async () => {
    for (const id of ['2147483647', '2147483648', '9999999999', '99999999999999999999999']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/catalog/${id}` });
      expect(res.statusCode, id).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const filtered = await t.app.inject({ method: 'GET', url: '/api/v1/catalog?programId=99999999999' });
    expect(filtered.statusCode).toBe(200);
    expect(filtered.json().total).toBe(0);
  });

  it('refuses invisible and direction-changing characters in names with a Russian message', async () => {
    const organization = await buildOrganization(t.db);
    const signup = (lastName: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/signup',
        payload: {
          email: `t${Math.random().toString(36).slice(2)}@school.ru`,
          password: 'Сирень-над-Камой-7',
          lastName,
          firstName: 'Анна',
          organizationId: String(organization.id),
          position: 'учитель',
          personalDataConsent: true,
        },
      });
    for (const mark of ['\u200B', '\u200F', '\u202A', '\u202E', '\u2066', '\u2069', '\uFEFF']) {
      const res = await signup(`Пет${mark}рова`);
      expect(res.statusCode, JSON.stringify(mark)).toBe(400);
      expect(res.json().errors).toEqual([
        { field: 'lastName', message: expect.stringMatching(/^Уберите невидимые символы/) },
      ]);
    }
    expect((await signup('Петрова-Водкина')).statusCode).toBe(202);
  });
});

describe('the proxy in front', () => {
  const addressSeen = async (trustProxy: false | number | string[], from: string, forwarded: string) => {
    const app = await buildApp({ ...t.ctx, config: { ...t.ctx.config, trustProxy } }, { webDist: null });
    const login = `proxy${Math.random().toString(36).slice(2)}@example.ru`;
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login, password: 'x' },
      remoteAddress: from,
      headers: { 'x-forwarded-for': forwarded },
    });
    await app.close();
    const row = await t.db
      .selectFrom('auditEvents')
      .where('login', '=', login)
      .select('ip')
      .executeTakeFirstOrThrow();
    return row.ip;
  };

  it('reads the client address from X-Forwarded-For only as far as the trusted proxies reach', async () => {
    expect(await addressSeen(false, '10.9.0.1', '6.6.6.6')).toBe('10.9.0.1');
    // One proxy: the address it saw (the last one) counts, not what the client put before it.
    expect(await addressSeen(1, '10.9.0.1', '6.6.6.6, 5.5.5.5')).toBe('5.5.5.5');
    expect(await addressSeen(['10.9.0.1'], '10.9.0.1', '6.6.6.6, 5.5.5.5')).toBe('5.5.5.5');
    expect(await addressSeen(['10.9.0.0/24'], '10.9.0.7', '5.5.5.5')).toBe('5.5.5.5');
    // A client that is not the proxy cannot choose its address.
    expect(await addressSeen(['10.9.0.1'], '10.8.0.1', '6.6.6.6')).toBe('10.8.0.1');
  });
});

describe('a request the HTTP parser refuses', () => {
  it('answers headers too large with 431 problem+json', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const answer = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path: '/api/v1/health', headers: { cookie: `a=${'x'.repeat(40_000)}` } },
        (res) => {
          let body = '';
          res.on('data', (chunk) => {
            body += chunk;
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }),
          );
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(answer.status).toBe(431);
    expect(answer.type).toContain('application/problem+json');
    expect(JSON.parse(answer.body)).toMatchObject({ status: 431, title: 'Слишком большие заголовки' });
  });
});
