// The HTTP surface as a whole: health, OpenAPI, security headers, and problem+json for what a
// client can get wrong.
import { describe, expect, it } from 'vitest';
import { testApp } from './app.js';

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
