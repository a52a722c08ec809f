// Thousands of generated requests to every route of the OpenAPI description, as a visitor and as
// the operator (who may do the most): bodies drawn from each route's own JSON schema, mutated,
// or plain random JSON; path ids that exist, do not exist or are not numbers. Whatever arrives,
// the answer is never a 500, every error is problem+json, and a refused request changes nothing
// (no audit row: every change writes one).
import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from './app.js';
import { buildDepartment, buildOrganization, buildUser } from './factories.js';

const t = await testApp({
  LOGIN_FAILURES_PER_LOGIN: '1000000',
  LOGIN_FAILURES_PER_LOGIN_ADDRESS: '1000000',
  LOGIN_FAILURES_PER_ADDRESS: '1000000',
  SIGNUPS_PER_ADDRESS_PER_HOUR: '1000000',
});

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
};

const nasty = fc.constantFrom(
  "'; DROP TABLE users; --",
  '<script>alert(1)</script>',
  '\u0000',
  '\uD800',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀',
  ' ',
  '',
  'а'.repeat(5000),
  '9999-99-99',
  '0000-01-01',
  '2026-02-30',
  '-1',
  '1e309',
  'null',
);

function arbitraryFor(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return fc.jsonValue({ maxDepth: 2 });
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => arbitraryFor(s, depth + 1)));
  if (schema.allOf?.length) return arbitraryFor(schema.allOf[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'date')
        return fc.oneof(
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
          nasty,
        );
      if (schema.format === 'email') return fc.oneof(fc.emailAddress(), nasty);
      return fc.oneof(
        fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) }),
        fc.stringMatching(/^[a-zа-я0-9 ]{1,20}$/),
        nasty,
      );
    case 'integer':
    case 'number':
      return fc.oneof(
        fc.integer({ min: -5, max: 100 }),
        fc.double(),
        fc.constantFrom(2 ** 31, -(2 ** 53), 0),
      );
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(arbitraryFor(schema.items, depth + 1), { maxLength: 4 });
    case 'object': {
      const props = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, s] of Object.entries(props)) record[key] = arbitraryFor(s, depth + 1);
      return fc.record(record, { requiredKeys: [...required].filter((k) => k in props) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A body from the schema, the same with one field replaced by anything, or anything at all. */
function bodyFor(schema: Schema | undefined): fc.Arbitrary<unknown> {
  const fromSchema = arbitraryFor(schema);
  const mutated = fc
    .tuple(fromSchema, fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }))
    .map(([body, key, value]) => {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return value;
      const keys = Object.keys(body);
      const target = keys.length && key.length % 2 === 0 ? keys[key.length % keys.length]! : key;
      return { ...body, [target]: value };
    });
  return fc.oneof(
    { weight: 3, arbitrary: fromSchema },
    { weight: 2, arbitrary: mutated },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}

type Route = { method: string; path: string; body?: Schema };

let routes: Route[] = [];
let operator: Session;
const ids: string[] = [];

beforeAll(async () => {
  const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
    paths: Record<
      string,
      Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>
    >;
  };
  routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      body: op.requestBody?.content?.['application/json']?.schema,
    })),
  );
  const department = await buildDepartment(t.db);
  const organization = await buildOrganization(t.db);
  const manager = await buildUser(t.db, { roles: [{ role: 'manager', departmentId: department.id }] });
  // The operator's own id stays out of the draw: resetting their own password would end the session.
  operator = await t.login((await buildUser(t.db, { roles: [{ role: 'operator' }] })).login);
  ids.push(
    String(department.id),
    String(department.providerId),
    String(organization.id),
    String(organization.territoryId),
    String(manager.id),
  );
});

const auditCount = async () =>
  Number((await sql<{ n: number }>`select count(*) as n from audit_events`.execute(t.db)).rows[0]?.n);
// Routes whose refusals are themselves audited (a failed login, a wrong current password, a check of
// an unknown certificate number: security events the throttles count).
const AUDITS_REFUSALS = new Set([
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/password',
  'GET /api/v1/certificates/verify/{number}',
]);

describe('fuzzing every route', () => {
  it('covers the routes of the OpenAPI description', () => {
    expect(routes.length).toBeGreaterThan(3);
  });

  it('never answers 500, always problem+json on errors, and changes nothing when refusing', async () => {
    const idArb = fc.oneof(
      fc.constantFrom(...ids),
      fc.constantFrom('0', '999999999', 'abc', '-1', '1.5', '%27%20OR%201=1', 'a'.repeat(300)),
    );
    let requests = 0;
    for (const route of routes) {
      if (route.path === '/api/v1/auth/logout') continue; // would end the operator's session
      const runs = route.method === 'GET' ? 15 : 60;
      await fc.assert(
        fc.asyncProperty(
          bodyFor(route.body),
          idArb,
          fc.boolean(),
          fc.jsonValue(),
          async (body, id, asOperator, query) => {
            const url = route.path.replace(/\{[^}]+\}/g, encodeURIComponent(id).replaceAll('%25', '%'));
            const before = await auditCount();
            const qs =
              typeof query === 'object' && query && !Array.isArray(query)
                ? `?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString()}`
                : '';
            const res = await t.request(asOperator ? operator : null, {
              method: route.method as 'GET',
              url: route.method === 'GET' ? url + qs : url,
              ...(route.method === 'GET'
                ? {}
                : { payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
            });
            requests++;
            expect(
              res.statusCode,
              `${route.method} ${url} ${JSON.stringify(body)?.slice(0, 300)} → ${res.body.slice(0, 300)}`,
            ).toBeLessThan(500);
            if (res.statusCode >= 400) {
              expect(res.headers['content-type']).toContain('application/problem+json');
              expect(res.json().title).toMatch(/[А-Яа-яЁё]/);
              if (!AUDITS_REFUSALS.has(`${route.method} ${route.path}`))
                expect(await auditCount()).toBe(before);
            }
          },
        ),
        { numRuns: runs, seed: 20261125 },
      );
    }
    expect(requests).toBeGreaterThan(routes.length * 10);
  }, 600_000);
});
