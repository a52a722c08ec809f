import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import { buildPosition, buildUser } from '../../../test/factories.js';

const t = await testApp();
let operator: Session;

const auditOf = (entityId: string | number) =>
  t.db
    .selectFrom('auditEvents')
    .where('entityType', '=', 'position')
    .where('entityId', '=', String(entityId))
    .orderBy('id')
    .selectAll()
    .execute();

const names = (body: { items: { name: string }[] }) => body.items.map((i) => i.name);

beforeAll(async () => {
  operator = await t.login((await buildUser(t.db, { roles: [{ role: 'operator' }] })).login);
});

describe('GET /positions', () => {
  it('lists the official positions to a visitor in the order of the list', async () => {
    const res = await t.request(null, { method: 'GET', url: '/api/v1/positions?limit=3' });
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBeGreaterThanOrEqual(28);
    expect(names(res.json())).toEqual(['учитель', 'воспитатель', 'старший воспитатель']);
    expect(res.json().items[0]).toEqual({
      id: expect.any(String),
      name: 'учитель',
      abilities: { update: false },
    });
  });

  it('searches by part of the name in any case', async () => {
    const res = await t.request(null, {
      method: 'GET',
      url: `/api/v1/positions?q=${encodeURIComponent('ВОСПИТАТЕЛЬ')}`,
    });
    expect(names(res.json()).slice(0, 2)).toEqual(['воспитатель', 'старший воспитатель']);
    for (const name of names(res.json())) expect(name).toContain('воспитател');
  });

  it('shows one position, updatable by the operator', async () => {
    const position = await buildPosition(t.db);
    const res = await t.request(operator, { method: 'GET', url: `/api/v1/positions/${position.id}` });
    expect(res.json()).toEqual({ id: String(position.id), name: position.name, abilities: { update: true } });
  });
});

describe('POST /positions', () => {
  it('adds a position at the end of the list and audits it once', async () => {
    const name = `тьютор ${Date.now()}`;
    const res = await t.request(operator, { method: 'POST', url: '/api/v1/positions', payload: { name } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ id: expect.any(String), name, abilities: { update: true } });
    const all = await t.request(null, { method: 'GET', url: '/api/v1/positions?limit=200' });
    expect(names(all.json()).at(-1)).toBe(name);
    const audit = await auditOf(res.json().id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'position.created',
      actorId: Number(operator.userId),
      before: null,
      after: { name, sortOrder: expect.any(Number) },
    });
  });

  it('refuses a position already in the list, in any case (409)', async () => {
    const res = await t.request(operator, {
      method: 'POST',
      url: '/api/v1/positions',
      payload: { name: 'Учитель' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors).toEqual([{ field: 'name', message: 'Такая должность уже есть в списке' }]);
  });
});

describe('PATCH /positions/{id}', () => {
  it("renames a position, and with it the teachers' profiles that hold it", async () => {
    const position = await buildPosition(t.db);
    const teacher = await buildUser(t.db);
    await t.db
      .updateTable('teacherProfiles')
      .set({ position: position.name })
      .where('userId', '=', teacher.id)
      .execute();
    t.clock.advance(60_000);
    const name = `${position.name} (новое название)`;
    const res = await t.request(operator, {
      method: 'PATCH',
      url: `/api/v1/positions/${position.id}`,
      payload: { name },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().name).toBe(name);
    const stored = await t.db
      .selectFrom('positions')
      .where('id', '=', position.id)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ ...position, name });
    const profile = await t.db
      .selectFrom('teacherProfiles')
      .where('userId', '=', teacher.id)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(profile).toMatchObject({ position: name, updatedAt: t.clock() });
    const audit = await auditOf(position.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'position.updated',
      before: { name: position.name },
      after: { name },
    });
  });

  it("refuses another position's name (409) and writes nothing for no change", async () => {
    const position = await buildPosition(t.db);
    const clash = await t.request(operator, {
      method: 'PATCH',
      url: `/api/v1/positions/${position.id}`,
      payload: { name: 'воспитатель' },
    });
    expect(clash.statusCode).toBe(409);
    const same = await t.request(operator, {
      method: 'PATCH',
      url: `/api/v1/positions/${position.id}`,
      payload: { name: position.name },
    });
    expect(same.statusCode).toBe(200);
    expect(await auditOf(position.id)).toHaveLength(0);
  });
});
