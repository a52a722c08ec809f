// Every directory write, refused the way the API promises: 401 for a visitor, 400 for bad input,
// 403 for a role that may never do it, 404 for an unknown id or another provider's row. Nothing
// refused leaves a trace in the tables or the audit log.
import type { InjectOptions } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import { buildDirectoryCast, buildOrganization, buildPosition } from '../../../test/factories.js';

const t = await testApp();
const UNKNOWN = '2000000000';
let n = 0;
const fresh = (what: string) => `${what} ${Date.now()}-${++n}`;

type Cast = Awaited<ReturnType<typeof buildDirectoryCast>>;
let cast: Cast;
let organizationId: number;
let positionId: number;
const sessions: Record<string, Session> = {};

type Write = {
  name: string;
  method: 'POST' | 'PATCH';
  url: (id?: string) => string;
  /** A body that passes validation, so that only the actor decides the answer. */
  body: () => Record<string, unknown>;
  /** Bodies that fail validation, with the field the error must name. */
  invalid: [Record<string, unknown>, string][];
  /** Whether the path names an existing row (so an unknown id is a 404). */
  hasId?: boolean;
  /** Whether a provider admin may do it to their own provider's rows. */
  providerKept?: boolean;
};

const huge = 'Ш'.repeat(5000);

const writes: Write[] = [
  {
    name: 'POST /territories',
    method: 'POST',
    url: () => '/api/v1/territories',
    body: () => ({ name: fresh('Округ') }),
    invalid: [
      [{}, 'name'],
      [{ name: huge }, 'name'],
      [{ name: 42 }, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: 'Округ\u0000' }, 'name'],
      [{ name: 'Округ', kind: 'village' }, 'kind'],
      [{ name: 'Округ', mayor: 'Иванов' }, 'mayor'],
    ],
  },
  {
    name: 'PATCH /territories/{id}',
    method: 'PATCH',
    url: (id) => `/api/v1/territories/${id ?? cast.territory.id}`,
    hasId: true,
    body: () => ({ name: fresh('Округ') }),
    invalid: [
      [{ name: huge }, 'name'],
      [{ name: ['a'] }, 'name'],
      [{ kind: 'village' }, 'kind'],
      [{ id: '5' }, 'id'],
    ],
  },
  {
    name: 'POST /organizations',
    method: 'POST',
    url: () => '/api/v1/organizations',
    body: () => ({ name: fresh('Школа'), territoryId: String(cast.territory.id) }),
    invalid: [
      [{ name: 'Школа' }, 'territoryId'],
      [{ territoryId: '1' }, 'name'],
      [{ name: huge, territoryId: '1' }, 'name'],
      [{ name: 'Школа', territoryId: 'первая' }, 'territoryId'],
      [{ name: 'Школа', territoryId: '99999999999' }, 'territoryId'],
      [{ name: 'Школа', territoryId: '1', inn: '12345' }, 'inn'],
      [{ name: 'Школа', territoryId: '1', director: 'Петров' }, 'director'],
    ],
  },
  {
    name: 'PATCH /organizations/{id}',
    method: 'PATCH',
    url: (id) => `/api/v1/organizations/${id ?? organizationId}`,
    hasId: true,
    body: () => ({ shortName: fresh('Школа') }),
    invalid: [
      [{ name: '' }, 'name'],
      [{ shortName: huge }, 'shortName'],
      [{ shortName: 'Школа\u0000' }, 'shortName'],
      [{ territoryId: true }, 'territoryId'],
      [{ inn: 'ИНН' }, 'inn'],
      [{ territoryName: 'x' }, 'territoryName'],
    ],
  },
  {
    name: 'POST /providers',
    method: 'POST',
    url: () => '/api/v1/providers',
    body: () => ({ name: fresh('Институт'), licenseNumber: '59Л01 0001', licenseDate: '2016-03-01' }),
    invalid: [
      [{ name: 'Институт', licenseDate: '2016-03-01' }, 'licenseNumber'],
      [{ name: 'Институт', licenseNumber: '1' }, 'licenseDate'],
      [{ name: 'Институт', licenseNumber: '1', licenseDate: '01.03.2016' }, 'licenseDate'],
      [{ name: 'Институт', licenseNumber: '1', licenseDate: '2016-02-30' }, 'licenseDate'],
      [{ name: huge, licenseNumber: '1', licenseDate: '2016-03-01' }, 'name'],
      [{ name: 'Институт', licenseNumber: 1, licenseDate: '2016-03-01' }, 'licenseNumber'],
      [{ name: 'Институт', licenseNumber: '1', licenseDate: '2016-03-01', rating: 5 }, 'rating'],
    ],
  },
  {
    name: 'PATCH /providers/{id}',
    method: 'PATCH',
    url: (id) => `/api/v1/providers/${id ?? cast.provider.id}`,
    hasId: true,
    body: () => ({ address: fresh('Пермь, ул. Ленина') }),
    providerKept: true,
    invalid: [
      [{ licenseDate: 'вчера' }, 'licenseDate'],
      [{ licenseNumber: '' }, 'licenseNumber'],
      [{ address: huge }, 'address'],
      [{ address: 'Пермь\u0000' }, 'address'],
      [{ id: '1' }, 'id'],
    ],
  },
  {
    name: 'POST /providers/{id}/departments',
    method: 'POST',
    url: (id) => `/api/v1/providers/${id ?? cast.provider.id}/departments`,
    hasId: true,
    body: () => ({ name: fresh('Кафедра') }),
    providerKept: true,
    invalid: [
      [{}, 'name'],
      [{ name: huge }, 'name'],
      [{ name: null }, 'name'],
      [{ name: 'Кафедра', providerId: '1' }, 'providerId'],
    ],
  },
  {
    name: 'PATCH /departments/{id}',
    method: 'PATCH',
    url: (id) => `/api/v1/departments/${id ?? cast.department.id}`,
    hasId: true,
    body: () => ({ name: fresh('Кафедра') }),
    providerKept: true,
    invalid: [
      [{}, 'name'],
      [{ name: huge }, 'name'],
      [{ name: 7 }, 'name'],
      [{ name: 'Кафедра', providerId: '1' }, 'providerId'],
    ],
  },
  {
    name: 'POST /positions',
    method: 'POST',
    url: () => '/api/v1/positions',
    body: () => ({ name: fresh('Тьютор') }),
    invalid: [
      [{}, 'name'],
      [{ name: huge }, 'name'],
      [{ name: { ru: 'Тьютор' } }, 'name'],
      [{ name: 'Тьютор\nстарший' }, 'name'],
      [{ name: 'Тьютор', sortOrder: 1 }, 'sortOrder'],
    ],
  },
  {
    name: 'PATCH /positions/{id}',
    method: 'PATCH',
    url: (id) => `/api/v1/positions/${id ?? positionId}`,
    hasId: true,
    body: () => ({ name: fresh('Тьютор') }),
    invalid: [
      [{}, 'name'],
      [{ name: huge }, 'name'],
      [{ name: false }, 'name'],
      [{ name: 'Тьютор', sortOrder: 1 }, 'sortOrder'],
    ],
  },
];

const auditCount = async () =>
  Number(
    (
      await t.db
        .selectFrom('auditEvents')
        .where('action', 'not like', 'auth.%')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const send = (session: Session | null, write: Write, options: Partial<InjectOptions> = {}) =>
  t.request(session, { method: write.method, url: write.url(), payload: write.body(), ...options });

const expectProblem = (res: Awaited<ReturnType<typeof send>>, status: number) => {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.json().title).toMatch(/[А-Яа-яЁё]/);
};

beforeAll(async () => {
  cast = await buildDirectoryCast(t.db);
  organizationId = (await buildOrganization(t.db, { territoryId: cast.territory.id })).id;
  positionId = (await buildPosition(t.db)).id;
  for (const [role, login] of Object.entries(cast.logins)) sessions[role] = await t.login(login);
});

describe.each(writes)('$name', (write) => {
  let auditBefore: number;
  beforeAll(async () => {
    auditBefore = await auditCount();
  });

  it('asks a visitor to sign in (401), whatever the body', async () => {
    expectProblem(await send(null, write), 401);
    expectProblem(await send(null, write, { payload: { nonsense: true } }), 401);
  });

  it.each(['teacher', 'methodist', 'manager', 'head'])('refuses a %s (403)', async (role) => {
    expectProblem(await send(sessions[role] ?? null, write), 403);
  });

  it(
    write.providerKept
      ? 'lets a provider admin only at their own provider'
      : 'refuses a provider admin (403)',
    async () => {
      if (!write.providerKept) {
        expectProblem(await send(sessions.providerAdmin ?? null, write), 403);
        return;
      }
      const otherId = write.url().includes('/departments/') ? cast.otherDepartment.id : cast.otherProvider.id;
      expectProblem(
        await send(sessions.providerAdmin ?? null, write, { url: write.url(String(otherId)) }),
        404,
      );
    },
  );

  it.each(write.invalid)('refuses invalid input %j naming the field (400)', async (payload, field) => {
    const res = await send(sessions.operator ?? null, write, { payload });
    expectProblem(res, 400);
    const errors = res.json().errors as { field: string; message: string }[];
    expect(errors.map((e) => e.field)).toContain(field);
    for (const e of errors) expect(e.message).toMatch(/[А-Яа-яЁё]/);
  });

  it('refuses a body that is not JSON (400)', async () => {
    const res = await send(sessions.operator ?? null, write, {
      payload: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(res, 400);
  });

  if (write.hasId) {
    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      expectProblem(await send(sessions.operator ?? null, write, { url: write.url(UNKNOWN) }), 404);
      const bad = await send(sessions.operator ?? null, write, { url: write.url('first') });
      expectProblem(bad, 400);
      expect(bad.json().errors[0].field).toBe('id');
      if (write.providerKept)
        expectProblem(await send(sessions.providerAdmin ?? null, write, { url: write.url(UNKNOWN) }), 404);
    });
  }

  it('left no trace of any refused call', async () => {
    expect(await auditCount()).toBe(auditBefore);
  });
});

describe('public reads', () => {
  it.each([
    '/api/v1/territories',
    '/api/v1/organizations',
    '/api/v1/providers',
    '/api/v1/departments',
    '/api/v1/positions',
  ])('%s is open to a visitor, refuses a bad page (400)', async (url) => {
    const res = await t.request(null, { method: 'GET', url });
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBeGreaterThanOrEqual(res.json().items.length);
    for (const item of res.json().items) expect(Object.values(item.abilities)).not.toContain(true);
    for (const query of [
      'limit=0',
      'limit=100000',
      'offset=-1',
      'limit=ten',
      `q=${encodeURIComponent('я'.repeat(300))}`,
      'q=%00',
    ])
      expectProblem(await t.request(null, { method: 'GET', url: `${url}?${query}` }), 400);
  });

  it.each([
    '/api/v1/territories',
    '/api/v1/organizations',
    '/api/v1/providers',
    '/api/v1/departments',
    '/api/v1/positions',
    '/api/v1/providers/{id}/departments',
  ])('%s/{id}: 404 for an unknown id, 400 for a malformed one', async (base) => {
    const url = (id: string) => (base.includes('{id}') ? base.replace('{id}', id) : `${base}/${id}`);
    expectProblem(await t.request(null, { method: 'GET', url: url(UNKNOWN) }), 404);
    expectProblem(await t.request(null, { method: 'GET', url: url('0') }), 400);
    expectProblem(await t.request(null, { method: 'GET', url: url('1e3') }), 400);
  });

  it('finds nothing for a filter id beyond the database range, as for any unknown id; refuses a non-number', async () => {
    const beyond = await t.request(null, {
      method: 'GET',
      url: '/api/v1/organizations?territoryId=99999999999',
    });
    expect(beyond.statusCode).toBe(200);
    expect(beyond.json().total).toBe(0);
    expectProblem(await t.request(null, { method: 'GET', url: '/api/v1/departments?providerId=x' }), 400);
  });

  it('describes every directory route in the OpenAPI document under «Справочники»', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const expected: [string, string][] = [
      ['/api/v1/territories', 'get'],
      ['/api/v1/territories', 'post'],
      ['/api/v1/territories/{id}', 'get'],
      ['/api/v1/territories/{id}', 'patch'],
      ['/api/v1/organizations', 'get'],
      ['/api/v1/organizations', 'post'],
      ['/api/v1/organizations/{id}', 'get'],
      ['/api/v1/organizations/{id}', 'patch'],
      ['/api/v1/providers', 'get'],
      ['/api/v1/providers', 'post'],
      ['/api/v1/providers/{id}', 'get'],
      ['/api/v1/providers/{id}', 'patch'],
      ['/api/v1/providers/{id}/departments', 'get'],
      ['/api/v1/providers/{id}/departments', 'post'],
      ['/api/v1/departments', 'get'],
      ['/api/v1/departments/{id}', 'get'],
      ['/api/v1/departments/{id}', 'patch'],
      ['/api/v1/positions', 'get'],
      ['/api/v1/positions', 'post'],
      ['/api/v1/positions/{id}', 'get'],
      ['/api/v1/positions/{id}', 'patch'],
    ];
    for (const [path, method] of expected) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(op.tags).toEqual(['Справочники']);
      expect(op.summary).toMatch(/[А-Яа-яЁё]/);
    }
  });
});
