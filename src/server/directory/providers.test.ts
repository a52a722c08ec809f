import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import { buildDepartment, buildProvider, buildUser } from '../../../test/factories.js';

const t = await testApp();
let operator: Session;
let admin: Session;
let provider: Awaited<ReturnType<typeof buildProvider>>;

const auditOf = (entityType: string, entityId: string | number) =>
  t.db
    .selectFrom('auditEvents')
    .where('entityType', '=', entityType)
    .where('entityId', '=', String(entityId))
    .orderBy('id')
    .selectAll()
    .execute();

const storedProvider = (id: string | number) =>
  t.db.selectFrom('providers').where('id', '=', Number(id)).selectAll().executeTakeFirstOrThrow();
const storedDepartment = (id: string | number) =>
  t.db.selectFrom('departments').where('id', '=', Number(id)).selectAll().executeTakeFirstOrThrow();

/** What a new card has for its documents until the provider fills it in. */
const NO_DOCUMENT_FIELDS = {
  numberTemplate: '{year}-{seq}',
  blankSeries: null,
  signatories: [],
  inn: null,
  ogrn: null,
  city: null,
};

const names = (body: { items: { name: string }[] }) => body.items.map((i) => i.name);

beforeAll(async () => {
  provider = await buildProvider(t.db, { name: `ГАУ ДПО «Институт развития образования» ${Date.now()}` });
  operator = await t.login((await buildUser(t.db, { roles: [{ role: 'operator' }] })).login);
  admin = await t.login(
    (await buildUser(t.db, { roles: [{ role: 'provider_admin', providerId: provider.id }] })).login,
  );
});

describe('GET /providers', () => {
  it('lists providers to a visitor, searchable by part of the name, with a total', async () => {
    const tag = `Поиск${Date.now()}`;
    for (const name of [`Колледж ${tag}`, `Академия ${tag}`, `Университет ${tag}`])
      await buildProvider(t.db, { name });
    const res = await t.request(null, {
      method: 'GET',
      url: `/api/v1/providers?q=${encodeURIComponent(tag.toUpperCase())}&limit=2`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(3);
    expect(names(res.json())).toEqual([`Академия ${tag}`, `Колледж ${tag}`]);
    expect(res.json().items[0]).toEqual({
      id: expect.any(String),
      name: `Академия ${tag}`,
      shortName: null,
      licenseNumber: expect.any(String),
      licenseDate: '2016-03-01',
      address: null,
      ...NO_DOCUMENT_FIELDS,
      abilities: { update: false, createDepartment: false },
    });
  });

  it("gives each actor the abilities on a provider's card that the server would honour", async () => {
    const other = await buildProvider(t.db);
    const abilities = async (session: Session | null, id: number) =>
      (await t.request(session, { method: 'GET', url: `/api/v1/providers/${id}` })).json().abilities;
    expect(await abilities(null, provider.id)).toEqual({ update: false, createDepartment: false });
    expect(await abilities(operator, other.id)).toEqual({ update: true, createDepartment: true });
    expect(await abilities(admin, provider.id)).toEqual({ update: true, createDepartment: true });
    expect(await abilities(admin, other.id)).toEqual({ update: false, createDepartment: false });
  });
});

describe('POST /providers', () => {
  it('registers a provider with its licence and audits it once', async () => {
    const payload = {
      name: 'ЧУ ДПО «Центр педагогического мастерства»',
      shortName: 'ЦПМ',
      licenseNumber: '59Л01 0004321',
      licenseDate: '2019-09-12',
      address: '614000, г. Пермь, ул. Ленина, д. 1',
    };
    const res = await t.request(operator, { method: 'POST', url: '/api/v1/providers', payload });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toEqual({
      id: expect.any(String),
      ...payload,
      ...NO_DOCUMENT_FIELDS,
      abilities: { update: true, createDepartment: true },
    });
    expect(await storedProvider(body.id)).toMatchObject({
      ...payload,
      createdAt: t.clock(),
      updatedAt: t.clock(),
    });
    const audit = await auditOf('provider', body.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'provider.created',
      actorId: Number(operator.userId),
      before: null,
      after: payload,
    });
  });

  it('refuses a registered name with 409 naming the field', async () => {
    const res = await t.request(operator, {
      method: 'POST',
      url: '/api/v1/providers',
      payload: { name: provider.name.toLowerCase(), licenseNumber: '1', licenseDate: '2020-01-01' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors).toEqual([{ field: 'name', message: expect.stringMatching(/уже/) }]);
  });
});

describe('PATCH /providers/{id}', () => {
  it('lets the operator verify a licence, auditing only what changed', async () => {
    const target = await buildProvider(t.db);
    t.clock.advance(60_000);
    const res = await t.request(operator, {
      method: 'PATCH',
      url: `/api/v1/providers/${target.id}`,
      payload: { licenseNumber: '59Л01 0009999', licenseDate: '2016-03-01', name: target.name },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ licenseNumber: '59Л01 0009999', licenseDate: '2016-03-01' });
    expect(await storedProvider(target.id)).toMatchObject({
      licenseNumber: '59Л01 0009999',
      updatedAt: t.clock(),
    });
    const audit = await auditOf('provider', target.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'provider.updated',
      before: { licenseNumber: target.licenseNumber },
      after: { licenseNumber: '59Л01 0009999' },
    });
  });

  it('lets a provider admin keep their own card, leaving fields they did not send', async () => {
    await t.request(admin, {
      method: 'PATCH',
      url: `/api/v1/providers/${provider.id}`,
      payload: { shortName: 'ИРО', address: 'г. Пермь' },
    });
    const res = await t.request(admin, {
      method: 'PATCH',
      url: `/api/v1/providers/${provider.id}`,
      payload: { address: '614068, г. Пермь, ул. Екатерининская, д. 210' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      shortName: 'ИРО',
      address: '614068, г. Пермь, ул. Екатерининская, д. 210',
    });
    const audit = await auditOf('provider', provider.id);
    expect(audit).toHaveLength(2);
    expect(audit[1]).toMatchObject({
      actorId: Number(admin.userId),
      before: { address: 'г. Пермь' },
      after: { address: '614068, г. Пермь, ул. Екатерининская, д. 210' },
    });
  });

  it("refuses another provider's name (409) and writes nothing for no change", async () => {
    const target = await buildProvider(t.db);
    const clash = await t.request(operator, {
      method: 'PATCH',
      url: `/api/v1/providers/${target.id}`,
      payload: { name: provider.name },
    });
    expect(clash.statusCode).toBe(409);
    const same = await t.request(operator, {
      method: 'PATCH',
      url: `/api/v1/providers/${target.id}`,
      payload: { name: target.name, licenseDate: target.licenseDate },
    });
    expect(same.statusCode).toBe(200);
    expect(await storedProvider(target.id)).toEqual(target);
    expect(await auditOf('provider', target.id)).toHaveLength(0);
  });
});

describe("the card's document fields", () => {
  it('keeps the numbering template, blank series, signatories and requisites, audited', async () => {
    const payload = {
      numberTemplate: 'ПК-{seq:6}/{year}',
      blankSeries: '59ПК',
      signatories: [
        { position: 'Ректор', name: 'Т. В. Кузнецова' },
        { position: 'Секретарь', name: 'Н. А. Зуева' },
      ],
      inn: '5902290402',
      ogrn: '1025900528895',
      city: 'Пермь',
    };
    const res = await t.request(admin, { method: 'PATCH', url: `/api/v1/providers/${provider.id}`, payload });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject(payload);
    expect((await auditOf('provider', provider.id)).at(-1)).toMatchObject({
      action: 'provider.updated',
      after: payload,
    });
  });

  it('refuses a template without the year or the sequence, and a malformed ОГРН, naming the field', async () => {
    const res = await t.request(admin, {
      method: 'PATCH',
      url: `/api/v1/providers/${provider.id}`,
      payload: { numberTemplate: 'ПК-{seq}', ogrn: '123' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { field: 'numberTemplate', message: expect.stringContaining('{year}') },
      { field: 'ogrn', message: 'ОГРН — 13 цифр (ОГРНИП — 15)' },
    ]);
    expect((await storedProvider(provider.id)).numberTemplate).toBe('ПК-{seq:6}/{year}');
  });
});

describe('departments', () => {
  it("lists a provider's departments to a visitor, sorted, with the provider's name", async () => {
    const own = await buildProvider(t.db);
    for (const name of [
      'Кафедра педагогики',
      'Кафедра естественных наук',
      'Отдел дополнительного образования',
    ])
      await buildDepartment(t.db, { providerId: own.id, name });
    await buildDepartment(t.db, { name: 'Кафедра педагогики' });
    const res = await t.request(null, { method: 'GET', url: `/api/v1/providers/${own.id}/departments` });
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(3);
    expect(names(res.json())).toEqual([
      'Кафедра естественных наук',
      'Кафедра педагогики',
      'Отдел дополнительного образования',
    ]);
    expect(res.json().items[0]).toEqual({
      id: expect.any(String),
      providerId: String(own.id),
      providerName: own.name,
      name: 'Кафедра естественных наук',
      code: null,
      abilities: { update: false },
    });
    const search = await t.request(null, {
      method: 'GET',
      url: `/api/v1/providers/${own.id}/departments?q=${encodeURIComponent('КАФЕДРА')}&limit=1`,
    });
    expect(search.json()).toMatchObject({ total: 2, items: [{ name: 'Кафедра естественных наук' }] });
  });

  it('lists all departments with a provider filter and search', async () => {
    const own = await buildProvider(t.db);
    await buildDepartment(t.db, { providerId: own.id, name: 'Лаборатория цифровой школы' });
    await buildDepartment(t.db, { providerId: own.id, name: 'Отдел кадров' });
    const all = (
      await t.request(null, {
        method: 'GET',
        url: `/api/v1/departments?q=${encodeURIComponent('лаборатория')}`,
      })
    ).json();
    expect(all.items).toContainEqual(
      expect.objectContaining({ name: 'Лаборатория цифровой школы', providerName: own.name }),
    );
    const filtered = (
      await t.request(null, { method: 'GET', url: `/api/v1/departments?providerId=${own.id}` })
    ).json();
    expect(filtered.total).toBe(2);
    expect(names(filtered)).toEqual(['Лаборатория цифровой школы', 'Отдел кадров']);
  });

  it('lets a provider admin add a department to their own provider, audited once', async () => {
    const res = await t.request(admin, {
      method: 'POST',
      url: `/api/v1/providers/${provider.id}/departments`,
      payload: { name: 'Кафедра управления образованием', code: 'КУО' },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toEqual({
      id: expect.any(String),
      providerId: String(provider.id),
      providerName: provider.name,
      name: 'Кафедра управления образованием',
      code: 'КУО',
      abilities: { update: true },
    });
    expect(await storedDepartment(body.id)).toMatchObject({
      providerId: provider.id,
      name: 'Кафедра управления образованием',
      createdAt: t.clock(),
    });
    const audit = await auditOf('department', body.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'department.created',
      actorId: Number(admin.userId),
      before: null,
      after: { providerId: provider.id, name: 'Кафедра управления образованием', code: 'КУО' },
    });
  });

  it('lets the operator add a department to any provider', async () => {
    const other = await buildProvider(t.db);
    const res = await t.request(operator, {
      method: 'POST',
      url: `/api/v1/providers/${other.id}/departments`,
      payload: { name: 'Учебный отдел' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().providerId).toBe(String(other.id));
  });

  it('refuses a name the provider already has (409), allows it at another provider', async () => {
    const existing = await buildDepartment(t.db, { providerId: provider.id });
    const clash = await t.request(admin, {
      method: 'POST',
      url: `/api/v1/providers/${provider.id}/departments`,
      payload: { name: existing.name.toUpperCase() },
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().errors[0].field).toBe('name');
    const elsewhere = await t.request(operator, {
      method: 'POST',
      url: `/api/v1/providers/${(await buildProvider(t.db)).id}/departments`,
      payload: { name: existing.name },
    });
    expect(elsewhere.statusCode).toBe(201);
  });

  it('lets a provider admin rename their department, auditing the change; no change writes nothing', async () => {
    const department = await buildDepartment(t.db, { providerId: provider.id });
    t.clock.advance(60_000);
    const res = await t.request(admin, {
      method: 'PATCH',
      url: `/api/v1/departments/${department.id}`,
      payload: { name: 'Кафедра общего образования' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Кафедра общего образования', providerName: provider.name });
    expect(await storedDepartment(department.id)).toMatchObject({
      name: 'Кафедра общего образования',
      updatedAt: t.clock(),
    });
    const again = await t.request(admin, {
      method: 'PATCH',
      url: `/api/v1/departments/${department.id}`,
      payload: { name: 'Кафедра общего образования' },
    });
    expect(again.statusCode).toBe(200);
    const audit = await auditOf('department', department.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'department.updated',
      before: { name: department.name },
      after: { name: 'Кафедра общего образования' },
    });
  });

  it("refuses renaming to a sibling's name (409)", async () => {
    const a = await buildDepartment(t.db, { providerId: provider.id });
    const b = await buildDepartment(t.db, { providerId: provider.id });
    const res = await t.request(operator, {
      method: 'PATCH',
      url: `/api/v1/departments/${a.id}`,
      payload: { name: b.name },
    });
    expect(res.statusCode).toBe(409);
    expect((await storedDepartment(a.id)).name).toBe(a.name);
  });

  it('shows a provider admin the update ability on their own departments only', async () => {
    const own = await buildDepartment(t.db, { providerId: provider.id });
    const foreign = await buildDepartment(t.db);
    const ability = async (id: number) =>
      (await t.request(admin, { method: 'GET', url: `/api/v1/departments/${id}` })).json().abilities.update;
    expect(await ability(own.id)).toBe(true);
    expect(await ability(foreign.id)).toBe(false);
  });
});
