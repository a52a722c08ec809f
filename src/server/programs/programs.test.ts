import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import { buildCatalogCast, buildCourse, buildPosition, buildProgram } from '../../../test/factories.js';

const t = await testApp();
let cast: Awaited<ReturnType<typeof buildCatalogCast>>;
const s = {} as Record<keyof typeof cast.users, Session>;

const auditOf = (entityId: string | number) =>
  t.db
    .selectFrom('auditEvents')
    .where('entityType', '=', 'program')
    .where('entityId', '=', String(entityId))
    .orderBy('id')
    .selectAll()
    .execute();

const valid = () => ({
  departmentId: String(cast.deptA.id),
  title: 'Учитель математики: подготовка обучающихся к ГИА',
  annotation: 'Программа для учителей математики основной и средней школы.\nРазбор заданий ОГЭ и ЕГЭ.',
  hours: 36,
  kind: 'qualification',
  form: 'mixed',
  distance: true,
  subjects: ['математика'],
  plannedResults: 'Слушатель умеет готовить обучающихся к ГИА.',
});

beforeAll(async () => {
  cast = await buildCatalogCast(t.db);
  for (const [name, user] of Object.entries(cast.users))
    s[name as keyof typeof cast.users] = await t.login(user.login);
});

describe('POST /programs', () => {
  it('lets a manager add a program of their department, with target positions, and audits it', async () => {
    const position = await buildPosition(t.db, { name: `учитель-дефектолог ${Date.now()}` });
    const payload = { ...valid(), targetPositionIds: [String(position.id)] };
    const res = await t.request(s.managerA, { method: 'POST', url: '/api/v1/programs', payload });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      departmentId: String(cast.deptA.id),
      departmentName: cast.deptA.name,
      providerId: String(cast.providerX.id),
      providerName: cast.providerX.name,
      title: payload.title,
      annotation: payload.annotation,
      hours: 36,
      kind: 'qualification',
      form: 'mixed',
      distance: true,
      subjects: ['математика'],
      targetPositions: [{ id: String(position.id), name: position.name }],
      files: [],
      coursesCount: 0,
      abilities: { update: true, createCourse: true, editFiles: true },
    });
    const audit = await auditOf(body.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'program.created', actorId: cast.users.managerA.id });
  });

  it('needs a login (401), a department role (403) and their own department (403)', async () => {
    expect(
      (await t.request(null, { method: 'POST', url: '/api/v1/programs', payload: valid() })).statusCode,
    ).toBe(401);
    for (const who of [s.operator, s.adminX, s.methodist, s.teacher])
      expect(
        (await t.request(who, { method: 'POST', url: '/api/v1/programs', payload: valid() })).statusCode,
      ).toBe(403);
    const other = await t.request(s.managerB, { method: 'POST', url: '/api/v1/programs', payload: valid() });
    expect(other.statusCode).toBe(403);
  });

  it('refuses bad input with Russian field errors (400) and unknown references (422)', async () => {
    const bad = await t.request(s.headA, {
      method: 'POST',
      url: '/api/v1/programs',
      payload: { ...valid(), title: '', hours: 8, kind: 'course', extra: 1 },
    });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['title', 'kind', 'extra']));
    const short = await t.request(s.headA, {
      method: 'POST',
      url: '/api/v1/programs',
      payload: { ...valid(), kind: 'retraining', hours: 72 },
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors).toEqual([{ field: 'hours', message: expect.stringMatching(/не менее 250/) }]);
    const unknown = await t.request(s.headA, {
      method: 'POST',
      url: '/api/v1/programs',
      payload: { ...valid(), targetPositionIds: ['999999'] },
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toEqual([{ field: 'targetPositionIds.0', message: expect.any(String) }]);
    const noDepartment = await t.request(s.headA, {
      method: 'POST',
      url: '/api/v1/programs',
      payload: { ...valid(), departmentId: '999999' },
    });
    expect(noDepartment.statusCode).toBe(422);
  });
});

describe('GET /programs', () => {
  it('scopes the list: staff their department, provider admin the provider, operator all', async () => {
    const tag = `Скоуп${Date.now()}`;
    const a = await buildProgram(t.db, { departmentId: cast.deptA.id, title: `${tag} А` });
    const b = await buildProgram(t.db, { departmentId: cast.deptB.id, title: `${tag} Б` });
    const c = await buildProgram(t.db, { departmentId: cast.deptC.id, title: `${tag} В` });
    const seen = async (who: Session, query = '') =>
      (await t.request(who, { method: 'GET', url: `/api/v1/programs?q=${encodeURIComponent(tag)}${query}` }))
        .json()
        .items.map((i: { id: string }) => Number(i.id));
    expect(await seen(s.managerA)).toEqual([a.id]);
    expect(await seen(s.headB)).toEqual([b.id]);
    expect(await seen(s.adminX)).toEqual([a.id, b.id]);
    expect(await seen(s.adminY)).toEqual([c.id]);
    expect(await seen(s.operator)).toEqual([a.id, b.id, c.id]);
    expect(await seen(s.operator, `&departmentId=${cast.deptB.id}`)).toEqual([b.id]);
    expect((await t.request(s.teacher, { method: 'GET', url: '/api/v1/programs' })).statusCode).toBe(403);
    expect((await t.request(null, { method: 'GET', url: '/api/v1/programs' })).statusCode).toBe(401);
  });

  it("shows read-only abilities to a provider admin and 404 for another department's program", async () => {
    const a = await buildProgram(t.db, { departmentId: cast.deptA.id });
    const admin = await t.request(s.adminX, { method: 'GET', url: `/api/v1/programs/${a.id}` });
    expect(admin.statusCode).toBe(200);
    expect(admin.json().abilities).toEqual({ update: false, createCourse: false, editFiles: false });
    expect((await t.request(s.managerB, { method: 'GET', url: `/api/v1/programs/${a.id}` })).statusCode).toBe(
      404,
    );
    expect((await t.request(s.adminY, { method: 'GET', url: `/api/v1/programs/${a.id}` })).statusCode).toBe(
      404,
    );
    expect((await t.request(s.teacher, { method: 'GET', url: `/api/v1/programs/${a.id}` })).statusCode).toBe(
      403,
    );
    expect((await t.request(s.headA, { method: 'GET', url: '/api/v1/programs/999999' })).statusCode).toBe(
      404,
    );
  });
});

describe('PATCH /programs/{id}', () => {
  it('changes what was sent, audits only the changes, and writes nothing for no change', async () => {
    const p = await buildProgram(t.db, { departmentId: cast.deptA.id, hours: 36 });
    t.clock.advance(60_000);
    const res = await t.request(s.headA, {
      method: 'PATCH',
      url: `/api/v1/programs/${p.id}`,
      payload: { hours: 72, annotation: p.annotation },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ hours: 72, title: p.title });
    const audit = await auditOf(p.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'program.updated',
      before: { hours: 36 },
      after: { hours: 72 },
    });
    const same = await t.request(s.headA, {
      method: 'PATCH',
      url: `/api/v1/programs/${p.id}`,
      payload: { hours: 72 },
    });
    expect(same.statusCode).toBe(200);
    expect(await auditOf(p.id)).toHaveLength(1);
  });

  it('checks the hours against the kind it will have (422)', async () => {
    const p = await buildProgram(t.db, { departmentId: cast.deptA.id, hours: 72 });
    const res = await t.request(s.managerA, {
      method: 'PATCH',
      url: `/api/v1/programs/${p.id}`,
      payload: { kind: 'retraining' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].field).toBe('hours');
  });

  it("is a 404 to another department's staff and a 403 to readers", async () => {
    const p = await buildProgram(t.db, { departmentId: cast.deptA.id });
    const patch = (who: Session | null) =>
      t.request(who, { method: 'PATCH', url: `/api/v1/programs/${p.id}`, payload: { hours: 40 } });
    expect((await patch(null)).statusCode).toBe(401);
    expect((await patch(s.managerB)).statusCode).toBe(404);
    expect((await patch(s.headB)).statusCode).toBe(404);
    expect((await patch(s.adminX)).statusCode).toBe(403);
    expect((await patch(s.operator)).statusCode).toBe(403);
    expect(
      (
        await t.request(s.headA, {
          method: 'PATCH',
          url: `/api/v1/programs/${p.id}`,
          payload: { departmentId: '1' },
        })
      ).statusCode,
    ).toBe(400);
  });

  it('leaves a finished course showing the program as it was', async () => {
    const p = await buildProgram(t.db, { departmentId: cast.deptA.id, title: 'Старое название' });
    const finished = await buildCourse(t.db, { programId: p.id, status: 'finished' });
    await t.db
      .updateTable('courses')
      .set({
        programSnapshot: JSON.stringify({
          title: 'Старое название',
          annotation: p.annotation,
          hours: 36,
          kind: 'qualification',
          form: 'full_time',
          distance: false,
          subjects: [],
          plannedResults: '',
          targetPositions: [],
        }),
      })
      .where('id', '=', finished.id)
      .execute();
    const live = await buildCourse(t.db, { programId: p.id, status: 'published' });
    await t.request(s.headA, {
      method: 'PATCH',
      url: `/api/v1/programs/${p.id}`,
      payload: { title: 'Новое название' },
    });
    const page = async (id: number) =>
      (await t.request(null, { method: 'GET', url: `/api/v1/catalog/${id}` })).json();
    expect((await page(finished.id)).program.title).toBe('Старое название');
    expect((await page(live.id)).program.title).toBe('Новое название');
  });
});
