import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import { buildCatalogCast, buildCourse, buildProgram, buildUser } from '../../../test/factories.js';
import { atOnce, expectOverlap } from '../../../test/overlap.js';

const t = await testApp();
let cast: Awaited<ReturnType<typeof buildCatalogCast>>;
const s = {} as Record<keyof typeof cast.users, Session>;
let programA: Awaited<ReturnType<typeof buildProgram>>;

const auditOf = (entityId: string | number) =>
  t.db
    .selectFrom('auditEvents')
    .where('entityType', '=', 'course')
    .where('entityId', '=', String(entityId))
    .orderBy('id')
    .selectAll()
    .execute();

const stored = (id: string | number) =>
  t.db.selectFrom('courses').where('id', '=', Number(id)).selectAll().executeTakeFirstOrThrow();

const newCourse = (over: Record<string, unknown> = {}) => ({
  programId: String(programA.id),
  startsOn: '2027-02-01',
  endsOn: '2027-02-03',
  applyUntil: '2027-01-20',
  capacity: 30,
  place: 'г. Пермь, ул. Екатерининская, д. 210, ауд. 305',
  schedule: [
    { date: '2027-02-01', startsAt: '10:00', endsAt: '13:00', topic: 'Нормативная база ГИА' },
    { date: '2027-02-01', startsAt: '14:00', endsAt: '17:00', topic: 'Разбор заданий', room: '305' },
    {
      date: '2027-02-03',
      startsAt: '09:30',
      endsAt: '15:00',
      topic: 'Итоговая работа',
      teacher: 'Петрова А. В.',
    },
  ],
  ...over,
});

const post = (who: Session | null, payload: unknown) =>
  t.request(who, { method: 'POST', url: '/api/v1/courses', payload: payload as object });
const act = (who: Session | null, id: string | number, action: string, payload?: object) =>
  t.request(who, {
    method: 'POST',
    url: `/api/v1/courses/${id}/actions/${action}`,
    ...(payload ? { payload } : {}),
  });

beforeAll(async () => {
  cast = await buildCatalogCast(t.db);
  for (const [name, user] of Object.entries(cast.users))
    s[name as keyof typeof cast.users] = await t.login(user.login);
  programA = await buildProgram(t.db, { departmentId: cast.deptA.id, title: 'Учитель математики: ГИА' });
});

describe('POST /courses', () => {
  it('creates a draft with its schedule; the creating manager is responsible; history and audit', async () => {
    const res = await post(s.managerA, newCourse());
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      status: 'draft',
      programId: String(programA.id),
      programTitle: 'Учитель математики: ГИА',
      departmentId: String(cast.deptA.id),
      providerId: String(cast.providerX.id),
      startsOn: '2027-02-01',
      endsOn: '2027-02-03',
      applyUntil: '2027-01-20',
      capacity: 30,
      placesLeft: 30,
      commonPlacesLeft: 30,
      quotas: [],
      files: [],
      manager: { id: String(cast.users.managerA.id), fullName: 'Курсова Мария Петровна' },
      publishProblems: [],
      publishedAt: null,
      abilities: {
        update: true,
        publish: true,
        close: false,
        cancel: true,
        archive: false,
        editQuotas: true,
        reassign: false,
        editFiles: true,
      },
    });
    expect(body.schedule).toEqual([
      {
        date: '2027-02-01',
        startsAt: '10:00',
        endsAt: '13:00',
        topic: 'Нормативная база ГИА',
        room: null,
        teacher: null,
      },
      {
        date: '2027-02-01',
        startsAt: '14:00',
        endsAt: '17:00',
        topic: 'Разбор заданий',
        room: '305',
        teacher: null,
      },
      {
        date: '2027-02-03',
        startsAt: '09:30',
        endsAt: '15:00',
        topic: 'Итоговая работа',
        room: null,
        teacher: 'Петрова А. В.',
      },
    ]);
    const history = await t.request(s.managerA, { method: 'GET', url: `/api/v1/courses/${body.id}/history` });
    expect(history.json()).toEqual({
      items: [
        {
          from: null,
          to: 'draft',
          action: 'create',
          by: { id: String(cast.users.managerA.id), fullName: 'Курсова Мария Петровна' },
          at: t.clock().toISOString(),
          reason: null,
        },
      ],
      total: 1,
    });
    const audit = await auditOf(body.id);
    expect(audit.map((a) => a.action)).toEqual(['course.created']);
  });

  it('lets the head name the responsible manager; a manager may name only themselves', async () => {
    const byHead = await post(s.headA, newCourse({ managerId: String(cast.users.managerA2.id) }));
    expect(byHead.statusCode, byHead.body).toBe(201);
    expect(byHead.json().manager.id).toBe(String(cast.users.managerA2.id));
    expect(byHead.json().abilities.reassign).toBe(true);
    const headOnly = await post(s.headA, newCourse());
    expect(headOnly.json().manager).toBeNull();
    const other = await post(s.managerA, newCourse({ managerId: String(cast.users.managerA2.id) }));
    expect(other.statusCode).toBe(403);
    const notManager = await post(s.headA, newCourse({ managerId: String(cast.users.managerB.id) }));
    expect(notManager.statusCode).toBe(422);
    expect(notManager.json().errors[0].field).toBe('managerId');
  });

  it('refuses others (401/403/404) and bad input (400/422) without writing anything', async () => {
    const before = await t.db
      .selectFrom('courses')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect((await post(null, newCourse())).statusCode).toBe(401);
    for (const who of [s.operator, s.adminX, s.methodist, s.teacher])
      expect((await post(who, newCourse())).statusCode).toBe(403);
    expect((await post(s.managerB, newCourse())).statusCode).toBe(404);
    expect((await post(s.managerA, newCourse({ programId: '999999' }))).statusCode).toBe(404);
    const bad = await post(s.managerA, {
      ...newCourse(),
      startsOn: '2027-02-30',
      capacity: -1,
      schedule: [
        { date: '2027-02-01', startsAt: '25:00', endsAt: '13:00', topic: 'x' },
        { date: '2027-02-01', startsAt: '14:00', endsAt: '13:00', topic: 'y' },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['startsOn', 'capacity', 'schedule.0.startsAt', 'schedule.1.endsAt']),
    );
    const farAway = await post(s.managerA, newCourse({ startsOn: '3027-01-01' }));
    expect(farAway.statusCode).toBe(400);
    const overlap = await post(s.managerA, {
      ...newCourse(),
      schedule: [
        { date: '2027-02-01', startsAt: '10:00', endsAt: '13:00', topic: 'a' },
        { date: '2027-02-01', startsAt: '12:00', endsAt: '14:00', topic: 'b' },
      ],
    });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.json().errors[0].field).toBe('schedule.1.startsAt');
    const backwards = await post(s.managerA, newCourse({ startsOn: '2027-02-05', endsOn: '2027-02-01' }));
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().errors).toEqual([{ field: 'endsOn', message: expect.any(String) }]);
    const after = await t.db
      .selectFrom('courses')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toEqual(before.n);
  });
});

describe('who sees a course', () => {
  it('keeps drafts inside the department; published courses are seen provider-wide and by the operator', async () => {
    const draft = await buildCourse(t.db, { programId: programA.id });
    const published = await buildCourse(t.db, { programId: programA.id, status: 'published' });
    const get = (who: Session, id: number) => t.request(who, { method: 'GET', url: `/api/v1/courses/${id}` });
    expect((await get(s.managerA, draft.id)).statusCode).toBe(200);
    expect((await get(s.headA, draft.id)).statusCode).toBe(200);
    for (const who of [s.adminX, s.operator, s.managerB, s.adminY])
      expect((await get(who, draft.id)).statusCode).toBe(404);
    expect((await t.request(null, { method: 'GET', url: `/api/v1/catalog/${draft.id}` })).statusCode).toBe(
      404,
    );
    for (const who of [s.adminX, s.operator]) {
      const res = await get(who, published.id);
      expect(res.statusCode).toBe(200);
      expect(Object.values(res.json().abilities).every((v) => v === false)).toBe(true);
    }
    for (const who of [s.managerB, s.adminY]) expect((await get(who, published.id)).statusCode).toBe(404);
    for (const who of [s.teacher, s.methodist]) expect((await get(who, published.id)).statusCode).toBe(403);
  });

  it('lists the workspace courses by scope, newest first, with filters', async () => {
    const program = await buildProgram(t.db, { departmentId: cast.deptA.id, title: `Список ${Date.now()}` });
    const draft = await buildCourse(t.db, {
      programId: program.id,
      startsOn: '2027-03-01',
      endsOn: '2027-03-02',
    });
    const published = await buildCourse(t.db, { programId: program.id, status: 'published' });
    const ids = async (who: Session, query = '') =>
      (await t.request(who, { method: 'GET', url: `/api/v1/courses?programId=${program.id}${query}` }))
        .json()
        .items.map((i: { id: string }) => Number(i.id));
    expect(await ids(s.managerA)).toEqual([draft.id, published.id]);
    expect(await ids(s.managerA, '&status=draft')).toEqual([draft.id]);
    expect(await ids(s.managerA, '&from=2027-02-01&to=2027-03-31')).toEqual([draft.id]);
    expect(await ids(s.managerA, '&to=2027-02-01')).toEqual([published.id]);
    expect(await ids(s.adminX)).toEqual([published.id]);
    expect(await ids(s.operator)).toEqual([published.id]);
    expect(await ids(s.managerB)).toEqual([]);
    expect(await ids(s.adminY)).toEqual([]);
    expect((await t.request(s.teacher, { method: 'GET', url: '/api/v1/courses' })).statusCode).toBe(403);
    const item = (
      await t.request(s.managerA, { method: 'GET', url: `/api/v1/courses?programId=${program.id}` })
    ).json().items[1];
    expect(item).toMatchObject({
      status: 'published',
      placesLeft: 25,
      capacity: 25,
      abilities: { close: true },
    });
    const bad = await t.request(s.managerA, { method: 'GET', url: '/api/v1/courses?status=done' });
    expect(bad.statusCode).toBe(400);
  });

  it('sorts the list by any column either way, and exports it as filtered and sorted (audited)', async () => {
    const tag = `Порядок${Date.now()}`;
    const make = async (title: string, over: Parameters<typeof buildCourse>[1]) =>
      buildCourse(t.db, {
        programId: (await buildProgram(t.db, { departmentId: cast.deptA.id, title: `${title} ${tag}` })).id,
        ...over,
      });
    const alpha = await make('Альфа', {
      startsOn: '2027-04-01',
      endsOn: '2027-04-02',
      applyUntil: '2027-03-01',
      managerId: cast.users.headA.id,
    });
    const beta = await make('Бета', {
      status: 'published',
      startsOn: '2027-03-01',
      endsOn: '2027-03-02',
      applyUntil: '2027-02-20',
      managerId: cast.users.managerA.id,
    });
    const vega = await make('Вега', {
      status: 'closed',
      startsOn: '2027-05-01',
      endsOn: '2027-05-02',
      applyUntil: '2027-01-10',
    });
    const ids = async (sort: string) => {
      const res = await t.request(s.managerA, {
        method: 'GET',
        url: `/api/v1/courses?q=${encodeURIComponent(tag)}${sort ? `&sort=${sort}` : ''}`,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items.map((i: { id: string }) => Number(i.id));
    };
    expect(await ids('')).toEqual([vega.id, alpha.id, beta.id]);
    expect(await ids('program')).toEqual([alpha.id, beta.id, vega.id]);
    expect(await ids('-program')).toEqual([vega.id, beta.id, alpha.id]);
    expect(await ids('startsOn')).toEqual([beta.id, alpha.id, vega.id]);
    expect(await ids('applyUntil')).toEqual([vega.id, beta.id, alpha.id]);
    // The lifecycle's order: a draft, then published, then closed.
    expect(await ids('status')).toEqual([alpha.id, beta.id, vega.id]);
    // A course without a responsible manager last, either way.
    expect(await ids('manager')).toEqual([beta.id, alpha.id, vega.id]);
    expect(await ids('-manager')).toEqual([alpha.id, beta.id, vega.id]);
    expect(
      (await t.request(s.managerA, { method: 'GET', url: '/api/v1/courses?sort=title' })).statusCode,
    ).toBe(400);

    const xlsx = await t.request(s.managerA, {
      method: 'GET',
      url: `/api/v1/courses.xlsx?q=${encodeURIComponent(tag)}&sort=program`,
    });
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain('.xlsx');
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    const rows = [2, 3, 4].map((n) => sheet?.getRow(n).values as unknown[]);
    expect(sheet?.getRow(1).values).toEqual([
      undefined,
      'Программа',
      'Подразделение',
      'Поставщик',
      'Начало',
      'Окончание',
      'Приём заявок до',
      'Мест',
      'Свободно мест',
      'Обучаются',
      'Окончили',
      'Состояние',
      'Ответственный',
    ]);
    expect(rows.map((r) => r[1])).toEqual([`Альфа ${tag}`, `Бета ${tag}`, `Вега ${tag}`]);
    expect(rows.map((r) => r[11])).toEqual(['Черновик', 'Идёт приём заявок', 'Приём заявок закрыт']);
    expect(rows[0]?.[12]).toMatch(/^Начальникова /);
    expect(sheet?.rowCount).toBe(4);
    const audit = await t.db
      .selectFrom('auditEvents')
      .where('action', '=', 'course.exported')
      .where('actorId', '=', cast.users.managerA.id)
      .select('after')
      .execute();
    expect(audit.at(-1)?.after).toMatchObject({ rows: 3, filters: { q: tag, sort: 'program' } });
  });
});

describe('PATCH /courses/{id}', () => {
  it('replaces the schedule whole and audits before → after', async () => {
    const course = await buildCourse(t.db, { programId: programA.id });
    const schedule = [
      { date: '2026-12-15', startsAt: '09:00', endsAt: '12:00', topic: 'Единственное занятие' },
    ];
    const res = await t.request(s.managerA, {
      method: 'PATCH',
      url: `/api/v1/courses/${course.id}`,
      payload: { schedule, capacity: 40, distanceUrl: 'https://meet.example.ru/room' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      capacity: 40,
      distanceUrl: 'https://meet.example.ru/room',
      schedule: [{ ...schedule[0], room: null, teacher: null }],
    });
    const audit = await auditOf(course.id);
    expect(audit.at(-1)).toMatchObject({
      action: 'course.updated',
      before: { capacity: 25, distanceUrl: null },
      after: { capacity: 40, distanceUrl: 'https://meet.example.ru/room' },
    });
    expect((audit.at(-1)?.after as { schedule?: unknown[] } | undefined)?.schedule).toHaveLength(1);
    const none = await t.request(s.managerA, {
      method: 'PATCH',
      url: `/api/v1/courses/${course.id}`,
      payload: { capacity: 40 },
    });
    expect(none.statusCode).toBe(200);
    expect(await auditOf(course.id)).toHaveLength(audit.length);
  });

  it('keeps a published course complete (422 with the reasons) and refuses a running one (409)', async () => {
    const course = await buildCourse(t.db, { programId: programA.id, status: 'published' });
    const res = await t.request(s.headA, {
      method: 'PATCH',
      url: `/api/v1/courses/${course.id}`,
      payload: { schedule: [], applyUntil: '2026-12-20' },
    });
    expect(res.statusCode).toBe(422);
    expect(
      res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['applyUntil', 'schedule']);
    const running = await buildCourse(t.db, { programId: programA.id, status: 'running' });
    const refused = await t.request(s.headA, {
      method: 'PATCH',
      url: `/api/v1/courses/${running.id}`,
      payload: { capacity: 10 },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toMatch(/«Идёт обучение»/);
  });

  it('refuses a lesson outside the course’s dates when the schedule is saved, in Russian dates (422), a draft’s too', async () => {
    const created = await post(
      s.managerA,
      newCourse({
        schedule: [{ date: '2027-02-05', startsAt: '10:00', endsAt: '12:00', topic: 'После конца' }],
      }),
    );
    expect(created.statusCode).toBe(422);
    expect(created.json().errors).toEqual([
      { field: 'schedule.0.date', message: 'Занятие 05.02.2027 вне дат курса (01.02.2027 — 03.02.2027)' },
    ]);
    const draft = await buildCourse(t.db, {
      programId: programA.id,
      startsOn: '2027-03-01',
      endsOn: '2027-03-02',
    });
    const res = await t.request(s.managerA, {
      method: 'PATCH',
      url: `/api/v1/courses/${draft.id}`,
      payload: {
        schedule: [{ date: '2027-02-28', startsAt: '10:00', endsAt: '12:00', topic: 'Раньше начала' }],
      },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].message).toBe('Занятие 28.02.2027 вне дат курса (01.03.2027 — 02.03.2027)');
    expect(
      (await t.db.selectFrom('scheduleDays').where('courseId', '=', draft.id).select('topic').execute()).map(
        (d) => d.topic,
      ),
    ).not.toContain('Раньше начала');
  });

  it('moves the lessons of a running course within its dates with a reason: history and audit keep it', async () => {
    const running = await buildCourse(t.db, { programId: programA.id, status: 'running' });
    const moved = [{ date: '2026-12-16', startsAt: '10:00', endsAt: '15:30', topic: 'Тема 1: практикум' }];
    const patch = (payload: object) =>
      t.request(s.managerA, { method: 'PATCH', url: `/api/v1/courses/${running.id}`, payload });
    const view = (
      await t.request(s.managerA, { method: 'GET', url: `/api/v1/courses/${running.id}` })
    ).json();
    expect(view.abilities).toMatchObject({ update: false, reschedule: true });
    // No reason: 422; outside the dates: 422; anything else of the course: 409.
    expect((await patch({ schedule: moved })).json().errors).toEqual([
      { field: 'reason', message: 'Укажите причину переноса занятий: её увидят в истории курса' },
    ]);
    expect(
      (await patch({ schedule: [{ ...moved[0], date: '2026-12-20' }], reason: 'Праздник' })).statusCode,
    ).toBe(422);
    expect((await patch({ schedule: moved, capacity: 5, reason: 'Праздник' })).statusCode).toBe(409);
    const res = await patch({ schedule: moved, reason: 'Аудитория занята' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().schedule.map((d: { date: string }) => d.date)).toEqual(['2026-12-16']);
    const history = (
      await t.request(s.managerA, { method: 'GET', url: `/api/v1/courses/${running.id}/history` })
    ).json();
    expect(history.items.at(-1)).toMatchObject({
      from: 'running',
      to: 'running',
      action: 'reschedule',
      reason: 'Аудитория занята',
    });
    const audit = await auditOf(running.id);
    expect(audit.at(-1)).toMatchObject({ action: 'course.rescheduled' });
    expect(audit.at(-1)?.after).toMatchObject({ reason: 'Аудитория занята' });
  });

  it('is a 404 to another department and a 403 to readers', async () => {
    const course = await buildCourse(t.db, { programId: programA.id, status: 'published' });
    const patch = (who: Session | null) =>
      t.request(who, { method: 'PATCH', url: `/api/v1/courses/${course.id}`, payload: { capacity: 10 } });
    expect((await patch(null)).statusCode).toBe(401);
    expect((await patch(s.managerB)).statusCode).toBe(404);
    expect((await patch(s.headB)).statusCode).toBe(404);
    expect((await patch(s.adminX)).statusCode).toBe(403);
    expect((await patch(s.operator)).statusCode).toBe(403);
    expect((await stored(course.id)).capacity).toBe(25);
  });
});

describe('PUT /courses/{id}/quotas', () => {
  it('replaces the quotas, shows places left per territory, and keeps the sum within capacity', async () => {
    const course = await buildCourse(t.db, { programId: programA.id, capacity: 20 });
    const put = (payload: unknown) =>
      t.request(s.managerA, {
        method: 'PUT',
        url: `/api/v1/courses/${course.id}/quotas`,
        payload: payload as object,
      });
    const res = await put([
      { territoryId: String(cast.territory.id), places: 5 },
      { territoryId: cast.otherTerritory.id, places: 7 },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ capacity: 20, placesLeft: 20, commonPlacesLeft: 8 });
    expect(res.json().quotas).toEqual(
      expect.arrayContaining([
        {
          territoryId: String(cast.territory.id),
          territoryName: cast.territory.name,
          places: 5,
          placesLeft: 5,
        },
        {
          territoryId: String(cast.otherTerritory.id),
          territoryName: cast.otherTerritory.name,
          places: 7,
          placesLeft: 7,
        },
      ]),
    );
    const audit = await auditOf(course.id);
    expect(audit.at(-1)).toMatchObject({ action: 'course.quotas_set', before: { quotas: [] } });

    const over = await put([
      { territoryId: cast.territory.id, places: 15 },
      { territoryId: cast.otherTerritory.id, places: 6 },
    ]);
    expect(over.statusCode).toBe(422);
    expect(over.json().detail).toMatch(/Сумма квот \(21\) больше числа мест на курсе \(20\)/);
    const duplicate = await put([
      { territoryId: cast.territory.id, places: 1 },
      { territoryId: cast.territory.id, places: 1 },
    ]);
    expect(duplicate.statusCode).toBe(400);
    expect((await put([{ territoryId: 999999, places: 1 }])).statusCode).toBe(422);
    expect((await put([{ territoryId: cast.territory.id, places: 0 }])).statusCode).toBe(400);

    const lower = await t.request(s.managerA, {
      method: 'PATCH',
      url: `/api/v1/courses/${course.id}`,
      payload: { capacity: 11 },
    });
    expect(lower.statusCode).toBe(422);
    expect(lower.json().errors[0].field).toBe('capacity');

    const cleared = await put([]);
    expect(cleared.json()).toMatchObject({ quotas: [], commonPlacesLeft: 20 });
  });

  it('turns unused quota places common from the release date', async () => {
    const course = await buildCourse(t.db, {
      programId: programA.id,
      status: 'published',
      capacity: 10,
      quotaReleaseOn: '2026-12-01',
      quotas: [{ territoryId: cast.territory.id, places: 4 }],
    });
    const view = async () =>
      (await t.request(null, { method: 'GET', url: `/api/v1/catalog/${course.id}` })).json();
    expect(await view()).toMatchObject({
      placesLeft: 10,
      commonPlacesLeft: 6,
      quotas: [{ places: 4, placesLeft: 4 }],
    });
    t.clock.set(new Date('2026-12-01T00:30:00+05:00'));
    expect(await view()).toMatchObject({
      placesLeft: 10,
      commonPlacesLeft: 10,
      quotas: [{ places: 4, placesLeft: 0 }],
    });
    t.clock.set(new Date('2026-11-25T09:00:00+05:00'));
  });

  it('is for the department staff only, and only before applications close', async () => {
    const course = await buildCourse(t.db, { programId: programA.id, status: 'closed' });
    const put = (who: Session | null) =>
      t.request(who, { method: 'PUT', url: `/api/v1/courses/${course.id}/quotas`, payload: [] });
    expect((await put(null)).statusCode).toBe(401);
    expect((await put(s.adminX)).statusCode).toBe(403);
    expect((await put(s.managerB)).statusCode).toBe(404);
    expect((await put(s.managerA)).statusCode).toBe(409);
  });
});

describe('PUT /courses/{id}/manager', () => {
  it('lets the head reassign the responsible manager of their department', async () => {
    const course = await buildCourse(t.db, { programId: programA.id, managerId: cast.users.managerA.id });
    const put = (who: Session | null, managerId: number) =>
      t.request(who, {
        method: 'PUT',
        url: `/api/v1/courses/${course.id}/manager`,
        payload: { managerId: String(managerId) },
      });
    const res = await put(s.headA, cast.users.managerA2.id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().manager).toEqual({
      id: String(cast.users.managerA2.id),
      fullName: 'Второва Мария Петровна',
    });
    expect((await auditOf(course.id)).at(-1)).toMatchObject({
      action: 'course.manager_assigned',
      before: { managerId: cast.users.managerA.id },
      after: { managerId: cast.users.managerA2.id },
    });
    expect((await put(s.headA, cast.users.managerB.id)).statusCode).toBe(422);
    const blocked = await buildUser(t.db, {
      roles: [{ role: 'manager', departmentId: cast.deptA.id }],
      blocked: true,
    });
    expect((await put(s.headA, blocked.id)).statusCode).toBe(422);
    expect((await put(s.managerA, cast.users.managerA.id)).statusCode).toBe(403);
    expect((await put(s.headB, cast.users.managerB.id)).statusCode).toBe(404);
    expect((await put(null, cast.users.managerA.id)).statusCode).toBe(401);
  });
});

describe('lifecycle actions', () => {
  it('publishes a complete draft into the catalog, with history and audit', async () => {
    const created = (await post(s.managerA, newCourse())).json();
    const res = await act(s.managerA, created.id, 'publish', {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'published',
      publishedAt: t.clock().toISOString(),
      abilities: { publish: false, close: true, cancel: true, update: true },
    });
    const history = (
      await t.request(s.headA, { method: 'GET', url: `/api/v1/courses/${created.id}/history` })
    ).json();
    expect(history.items.map((h: { action: string }) => h.action)).toEqual(['create', 'publish']);
    expect(history.items[1]).toMatchObject({ from: 'draft', to: 'published' });
    expect((await auditOf(created.id)).map((a) => a.action)).toEqual(['course.created', 'course.published']);
    expect((await t.request(null, { method: 'GET', url: `/api/v1/catalog/${created.id}` })).statusCode).toBe(
      200,
    );
  });

  it('lists every reason an incomplete draft cannot be published (422)', async () => {
    const program = await buildProgram(t.db, { departmentId: cast.deptA.id, annotation: '' });
    const course = await buildCourse(t.db, {
      programId: program.id,
      startsOn: '2027-01-10',
      endsOn: '2027-01-12',
      applyUntil: '2027-01-10',
      capacity: 0,
      place: '',
      schedule: [{ date: '2027-01-20', startsAt: '10:00', endsAt: '12:00', topic: 'После конца' }],
    });
    const view = (await t.request(s.managerA, { method: 'GET', url: `/api/v1/courses/${course.id}` })).json();
    const res = await act(s.managerA, course.id, 'publish');
    expect(res.statusCode).toBe(422);
    const fields = res
      .json()
      .errors.map((e: { field: string }) => e.field)
      .sort();
    expect(fields).toEqual(['applyUntil', 'capacity', 'place', 'program.annotation', 'schedule.0.date']);
    expect(view.publishProblems.map((e: { field: string }) => e.field).sort()).toEqual(fields);
    expect((await stored(course.id)).status).toBe('draft');
  });

  it('cancels with a reason only, and closes early', async () => {
    const course = await buildCourse(t.db, { programId: programA.id, status: 'published' });
    const noReason = await act(s.headA, course.id, 'cancel', {});
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().errors[0].field).toBe('reason');
    const cancelled = await act(s.headA, course.id, 'cancel', { reason: 'Преподаватель заболел' });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: 'Преподаватель заболел' });
    expect((await auditOf(course.id)).at(-1)).toMatchObject({
      action: 'course.cancelled',
      after: { status: 'cancelled', reason: 'Преподаватель заболел' },
    });
    const page = (await t.request(null, { method: 'GET', url: `/api/v1/catalog/${course.id}` })).json();
    expect(page).toMatchObject({ status: 'cancelled', cancelReason: 'Преподаватель заболел' });

    const other = await buildCourse(t.db, { programId: programA.id, status: 'published' });
    const closed = await act(s.managerA, other.id, 'close');
    expect(closed.statusCode).toBe(200);
    expect(closed.json().status).toBe('closed');
  });

  it('refuses an action the state does not allow with 409, and archives only a finished course', async () => {
    const draft = await buildCourse(t.db, { programId: programA.id });
    for (const action of ['close', 'archive']) {
      const res = await act(s.managerA, draft.id, action);
      expect(res.statusCode).toBe(409);
      expect(res.json().detail).toMatch(/«Черновик»/);
    }
    const finished = await buildCourse(t.db, { programId: programA.id, status: 'finished' });
    expect((await act(s.managerA, finished.id, 'cancel', { reason: 'поздно' })).statusCode).toBe(409);
    const archived = await act(s.managerA, finished.id, 'archive');
    expect(archived.statusCode).toBe(200);
    expect(archived.json()).toMatchObject({
      status: 'archived',
      abilities: { update: false, editFiles: false },
    });
    expect((await act(s.managerA, draft.id, 'start')).statusCode).toBe(400);
  });

  it('answers 409 to the second of two users publishing the same draft at once', async () => {
    const course = await buildCourse(t.db, { programId: programA.id });
    // PGlite serializes transactions, so there the two publishes run one after the other and only
    // the outcome is checked; on PostgreSQL they meet at the course's row lock (asserted below).
    const [[a, b], overlap] = await atOnce(t.ctx, { table: 'courses', id: course.id }, () =>
      Promise.all([act(s.managerA, course.id, 'publish'), act(s.headA, course.id, 'publish')]),
    );
    expectOverlap(overlap);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const history = await t.db
      .selectFrom('courseHistory')
      .where('courseId', '=', course.id)
      .selectAll()
      .execute();
    expect(history.filter((h) => h.action === 'publish')).toHaveLength(1);
  });

  it('is for the department staff: 401, 403 for readers, 404 elsewhere', async () => {
    const course = await buildCourse(t.db, { programId: programA.id, status: 'published' });
    expect((await act(null, course.id, 'close')).statusCode).toBe(401);
    expect((await act(s.adminX, course.id, 'close')).statusCode).toBe(403);
    expect((await act(s.operator, course.id, 'close')).statusCode).toBe(403);
    expect((await act(s.teacher, course.id, 'close')).statusCode).toBe(403);
    expect((await act(s.managerB, course.id, 'close')).statusCode).toBe(404);
    expect((await act(s.managerA, 999999, 'close')).statusCode).toBe(404);
    expect((await stored(course.id)).status).toBe('published');
  });
});
