import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import { buildOrganization, buildTerritory, buildUser } from '../../../test/factories.js';

const t = await testApp();
let operator: Session;

type Item = { id: string; name: string; territoryId: string; territoryName: string };

const auditOf = (entityId: string) =>
  t.db
    .selectFrom('auditEvents')
    .where('entityType', '=', 'organization')
    .where('entityId', '=', entityId)
    .orderBy('id')
    .selectAll()
    .execute();

const stored = (id: string | number) =>
  t.db.selectFrom('organizations').where('id', '=', Number(id)).selectAll().executeTakeFirstOrThrow();

const get = (query: string) => t.request(null, { method: 'GET', url: `/api/v1/organizations?${query}` });

const patch = (id: number, payload: object) =>
  t.request(operator, { method: 'PATCH', url: `/api/v1/organizations/${id}`, payload });

beforeAll(async () => {
  operator = await t.login((await buildUser(t.db, { roles: [{ role: 'operator' }] })).login);
});

describe('GET /organizations', () => {
  let territory: Awaited<ReturnType<typeof buildTerritory>>;
  beforeAll(async () => {
    territory = await buildTerritory(t.db);
    for (const name of ['МБДОУ «Детский сад № 12»', 'МАОУ «Средняя школа № 5»', 'МАОУ «Гимназия № 1»'])
      await buildOrganization(t.db, { territoryId: territory.id, name });
    await buildOrganization(t.db, { name: 'МАОУ «Средняя школа № 5»' });
  });

  it('finds a school by part of its name in any case, with the name of its territory', async () => {
    for (const q of ['школа', 'ШКОЛА', 'средняя школа № 5']) {
      const res = await get(`q=${encodeURIComponent(q)}&territoryId=${territory.id}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().total).toBe(1);
      expect(res.json().items).toEqual([
        {
          id: expect.any(String),
          territoryId: String(territory.id),
          territoryName: territory.name,
          name: 'МАОУ «Средняя школа № 5»',
          shortName: null,
          inn: null,
          abilities: { update: false },
        },
      ]);
    }
    const everywhere = (await get(`q=${encodeURIComponent('школа')}&limit=200`)).json();
    const names = everywhere.items.map((i: Item) => i.name);
    expect(names.filter((n: string) => n === 'МАОУ «Средняя школа № 5»')).toHaveLength(2);
    for (const name of names) expect(name.toLowerCase()).toContain('школа');
  });

  it("filters by territory, sorts by name and pages with the territory's total", async () => {
    const first = (await get(`territoryId=${territory.id}&limit=2`)).json();
    expect(first.total).toBe(3);
    expect(first.items.map((i: Item) => i.name)).toEqual(['МАОУ «Гимназия № 1»', 'МАОУ «Средняя школа № 5»']);
    const second = (await get(`territoryId=${territory.id}&limit=2&offset=2`)).json();
    expect(second).toMatchObject({ total: 3, items: [{ name: 'МБДОУ «Детский сад № 12»' }] });
    expect((await get('territoryId=2000000000')).json()).toEqual({ items: [], total: 0 });
  });

  it('shows one organization, updatable by the operator only', async () => {
    const organization = await buildOrganization(t.db, { territoryId: territory.id });
    const url = `/api/v1/organizations/${organization.id}`;
    const anonymous = await t.request(null, { method: 'GET', url });
    expect(anonymous.json()).toMatchObject({ name: organization.name, territoryName: territory.name });
    expect(anonymous.json().abilities).toEqual({ update: false });
    expect((await t.request(operator, { method: 'GET', url })).json().abilities).toEqual({ update: true });
  });
});

describe('POST /organizations', () => {
  it('adds an organization to a territory and audits it once', async () => {
    const territory = await buildTerritory(t.db);
    const res = await t.request(operator, {
      method: 'POST',
      url: '/api/v1/organizations',
      payload: {
        name: 'МАОУ «Лицей № 2»',
        territoryId: String(territory.id),
        shortName: 'Лицей № 2',
        inn: '5902293756',
      },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toEqual({
      id: expect.any(String),
      territoryId: String(territory.id),
      territoryName: territory.name,
      name: 'МАОУ «Лицей № 2»',
      shortName: 'Лицей № 2',
      inn: '5902293756',
      abilities: { update: true },
    });
    expect(await stored(body.id)).toMatchObject({
      territoryId: territory.id,
      name: 'МАОУ «Лицей № 2»',
      shortName: 'Лицей № 2',
      inn: '5902293756',
      createdAt: t.clock(),
    });
    const audit = await auditOf(body.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'organization.created',
      actorId: Number(operator.userId),
      before: null,
      after: {
        territoryId: territory.id,
        name: 'МАОУ «Лицей № 2»',
        shortName: 'Лицей № 2',
        inn: '5902293756',
      },
    });
  });

  it('stores empty optional fields as null', async () => {
    const territory = await buildTerritory(t.db);
    const res = await t.request(operator, {
      method: 'POST',
      url: '/api/v1/organizations',
      payload: { name: 'МАОУ «СОШ № 3»', territoryId: territory.id, shortName: '', inn: '' },
    });
    expect(res.statusCode).toBe(201);
    expect(await stored(res.json().id)).toMatchObject({ shortName: null, inn: null });
  });

  it('refuses a name the territory already has (409), allows it in another territory', async () => {
    const existing = await buildOrganization(t.db);
    const same = await t.request(operator, {
      method: 'POST',
      url: '/api/v1/organizations',
      payload: { name: existing.name.toUpperCase(), territoryId: String(existing.territoryId) },
    });
    expect(same.statusCode).toBe(409);
    expect(same.json().errors).toEqual([{ field: 'name', message: expect.stringMatching(/уже есть/) }]);
    const elsewhere = await t.request(operator, {
      method: 'POST',
      url: '/api/v1/organizations',
      payload: { name: existing.name, territoryId: String((await buildTerritory(t.db)).id) },
    });
    expect(elsewhere.statusCode).toBe(201);
  });

  it('refuses an unknown territory with 422 naming territoryId', async () => {
    const res = await t.request(operator, {
      method: 'POST',
      url: '/api/v1/organizations',
      payload: { name: 'МАОУ «Школа нигде»', territoryId: '2000000000' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors).toEqual([{ field: 'territoryId', message: 'Территория не найдена' }]);
    const rows = await t.db.selectFrom('organizations').where('name', '=', 'МАОУ «Школа нигде»').execute();
    expect(rows).toHaveLength(0);
  });
});

describe('PATCH /organizations/{id}', () => {
  it('changes one field, keeps the others and audits only the change', async () => {
    const territory = await buildTerritory(t.db);
    const created = await t.request(operator, {
      method: 'POST',
      url: '/api/v1/organizations',
      payload: { name: 'МАОУ «СОШ № 7»', territoryId: territory.id, shortName: 'СОШ 7', inn: '5902293757' },
    });
    const id = Number(created.json().id);
    t.clock.advance(60_000);
    const res = await patch(id, { shortName: 'Школа № 7' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'МАОУ «СОШ № 7»', shortName: 'Школа № 7', inn: '5902293757' });
    expect(await stored(id)).toMatchObject({
      shortName: 'Школа № 7',
      inn: '5902293757',
      updatedAt: t.clock(),
    });
    const audit = await auditOf(String(id));
    expect(audit.map((a) => a.action)).toEqual(['organization.created', 'organization.updated']);
    expect(audit[1]).toMatchObject({ before: { shortName: 'СОШ 7' }, after: { shortName: 'Школа № 7' } });

    const cleared = await patch(id, { shortName: null, inn: '' });
    expect(cleared.json()).toMatchObject({ shortName: null, inn: null });
    const last = (await auditOf(String(id))).at(-1);
    expect(last).toMatchObject({
      before: { shortName: 'Школа № 7', inn: '5902293757' },
      after: { shortName: null, inn: null },
    });
  });

  it('moves an organization to another territory', async () => {
    const organization = await buildOrganization(t.db);
    const target = await buildTerritory(t.db);
    const res = await patch(organization.id, { territoryId: String(target.id) });
    expect(res.json()).toMatchObject({ territoryId: String(target.id), territoryName: target.name });
    const audit = await auditOf(String(organization.id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      before: { territoryId: organization.territoryId },
      after: { territoryId: target.id },
    });
  });

  it('refuses an unknown territory (422) and a name taken in the target territory (409)', async () => {
    const organization = await buildOrganization(t.db);
    const unknown = await patch(organization.id, { territoryId: 2_000_000_000 });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0].field).toBe('territoryId');
    const rival = await buildOrganization(t.db, { name: organization.name });
    const clash = await patch(organization.id, { territoryId: rival.territoryId });
    expect(clash.statusCode).toBe(409);
    const renameClash = await patch(rival.id, {
      name: (await buildOrganization(t.db, { territoryId: rival.territoryId })).name,
    });
    expect(renameClash.statusCode).toBe(409);
    expect(await stored(organization.id)).toMatchObject({ territoryId: organization.territoryId });
    expect(await auditOf(String(organization.id))).toHaveLength(0);
  });

  it('writes nothing when nothing changes', async () => {
    const organization = await buildOrganization(t.db);
    t.clock.advance(60_000);
    const res = await patch(organization.id, {
      name: organization.name,
      territoryId: organization.territoryId,
    });
    expect(res.statusCode).toBe(200);
    expect((await stored(organization.id)).updatedAt).toEqual(organization.updatedAt);
    expect(await auditOf(String(organization.id))).toHaveLength(0);
  });
});
