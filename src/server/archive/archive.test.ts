import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import { xlsxRows } from '../../../test/documents.js';
import {
  buildApplication,
  buildCatalogCast,
  buildConversation,
  buildCourse,
  buildFile,
  buildGroup,
  buildOrganization,
  buildProgram,
  buildUser,
  multipartBody,
  PDF_BYTES,
} from '../../../test/factories.js';

const t = await testApp();
let cast: Awaited<ReturnType<typeof buildCatalogCast>>;
const s = {} as Record<keyof typeof cast.users | 'methodistOther' | 'teacherA', Session>;
const READ_ONLY = 'Курс в архиве: его данные доступны только для чтения';

const api = (who: Session | null, method: string, url: string, payload?: unknown, headers?: object) =>
  t.request(who, {
    method: method as 'GET',
    url: `/api/v1${url}`,
    ...(payload !== undefined ? { payload: payload as object } : {}),
    ...(headers ? { headers: headers as Record<string, string> } : {}),
  });
const get = (who: Session | null, url: string) => api(who, 'GET', url);

let teacherA: { id: number; login: string };
let teacherOther: { id: number };
/** Department A's finished course with learners of both territories, archived in a test below. */
let finished: Awaited<ReturnType<typeof buildCourse>>;
let finishedApps: { completed: number; failed: number; other: number };

/** An archived course of `departmentId` with learners of `territoryIds`, results recorded. */
async function archivedCourse(
  departmentId: number,
  over: { title?: string; startsOn?: string; endsOn?: string; territoryIds?: number[] } = {},
) {
  const program = await buildProgram(t.db, { departmentId, title: over.title ?? 'Архивная программа' });
  const course = await buildCourse(t.db, {
    programId: program.id,
    status: 'archived',
    startsOn: over.startsOn ?? '2026-03-02',
    endsOn: over.endsOn ?? '2026-03-06',
    applyUntil: '2026-02-20',
  });
  const apps = [];
  for (const territoryId of over.territoryIds ?? [cast.territory.id])
    apps.push(await buildApplication(t.db, { courseId: course.id, territoryId, status: 'forwarded' }));
  if (apps.length) {
    await buildGroup(t.db, { courseId: course.id, applicationIds: apps.map((a) => a.id) });
    await t.db
      .updateTable('applications')
      .set({ status: 'completed' })
      .where('courseId', '=', course.id)
      .execute();
  }
  await t.db
    .updateTable('applications')
    .set({ archivedAt: new Date() })
    .where('courseId', '=', course.id)
    .execute();
  return course;
}

beforeAll(async () => {
  cast = await buildCatalogCast(t.db);
  for (const [name, user] of Object.entries(cast.users))
    s[name as keyof typeof cast.users] = await t.login(user.login);
  const methodistOther = await buildUser(t.db, {
    roles: [{ role: 'methodist', territoryId: cast.otherTerritory.id }],
  });
  s.methodistOther = await t.login(methodistOther.login);
  teacherA = await buildUser(t.db, {
    organizationId: (await buildOrganization(t.db, { territoryId: cast.territory.id })).id,
  });
  s.teacherA = await t.login(teacherA.login);
  teacherOther = await buildUser(t.db, {
    organizationId: (await buildOrganization(t.db, { territoryId: cast.otherTerritory.id })).id,
  });

  finished = await buildCourse(t.db, {
    departmentId: cast.deptA.id,
    status: 'finished',
    startsOn: '2026-10-05',
    endsOn: '2026-10-09',
    applyUntil: '2026-09-25',
  });
  const a = await buildApplication(t.db, {
    courseId: finished.id,
    teacherId: teacherA.id,
    status: 'forwarded',
  });
  const b = await buildApplication(t.db, {
    courseId: finished.id,
    territoryId: cast.territory.id,
    status: 'forwarded',
  });
  const c = await buildApplication(t.db, {
    courseId: finished.id,
    teacherId: teacherOther.id,
    status: 'forwarded',
  });
  await buildGroup(t.db, { courseId: finished.id, applicationIds: [a.id, b.id, c.id], number: 'А-2026-7' });
  await t.db
    .updateTable('applications')
    .set({ status: 'completed' })
    .where('id', 'in', [a.id, c.id])
    .execute();
  await t.db
    .updateTable('applications')
    .set({ status: 'not_completed', reason: 'Не сдана итоговая работа' })
    .where('id', '=', b.id)
    .execute();
  finishedApps = { completed: a.id, failed: b.id, other: c.id };
});

describe('POST /courses/{id}/actions/archive', () => {
  it('archives finished courses only: any other state is a 409 saying why', async () => {
    for (const status of ['draft', 'published', 'closed', 'running', 'cancelled'] as const) {
      const course = await buildCourse(t.db, { departmentId: cast.deptA.id, status });
      const res = await api(s.managerA, 'POST', `/courses/${course.id}/actions/archive`);
      expect(res.statusCode, status).toBe(409);
      expect(res.json().detail).toMatch(/^Нельзя перенести в архив курс в состоянии «/);
      const row = await t.db
        .selectFrom('courses')
        .where('id', '=', course.id)
        .select('status')
        .executeTakeFirst();
      expect(row?.status).toBe(status);
    }
  });

  it('moves a finished course and its applications into the archive: history, audit, out of the baskets', async () => {
    const basketBefore = (await get(s.methodist, '/applications?basket=methodist&limit=200')).json();
    expect(basketBefore.items.map((i: { id: string }) => i.id)).toContain(String(finishedApps.completed));
    const providerBefore = (
      await get(s.managerA, `/applications?basket=provider&courseId=${finished.id}`)
    ).json();
    expect(providerBefore.total).toBe(3);

    const res = await api(s.managerA, 'POST', `/courses/${finished.id}/actions/archive`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'archived', abilities: { archive: false, editFiles: false } });

    const apps = await t.db
      .selectFrom('applications')
      .where('courseId', '=', finished.id)
      .select(['status', 'archivedAt'])
      .execute();
    expect(apps.every((a) => a.archivedAt !== null)).toBe(true);
    expect(apps.map((a) => a.status).sort()).toEqual(['completed', 'completed', 'not_completed']);
    const history = (await get(s.managerA, `/courses/${finished.id}/history`)).json();
    expect(history.items.at(-1)).toMatchObject({ from: 'finished', to: 'archived', action: 'archive' });
    const audit = await t.db
      .selectFrom('auditEvents')
      .where('entityType', '=', 'course')
      .where('entityId', '=', String(finished.id))
      .where('action', '=', 'course.archived')
      .selectAll()
      .execute();
    expect(audit).toHaveLength(1);

    // Out of the working baskets…
    const basket = (await get(s.methodist, '/applications?basket=methodist&limit=200')).json();
    expect(basket.items.map((i: { id: string }) => i.id)).not.toContain(String(finishedApps.completed));
    expect(
      (await get(s.managerA, `/applications?basket=provider&courseId=${finished.id}`)).json().total,
    ).toBe(0);
    // …but on their own pages and in the teacher's own list.
    const own = await get(s.methodist, `/applications/${finishedApps.completed}`);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ status: 'completed' });
    const mine = (await get(s.teacherA, '/applications?basket=mine')).json();
    expect(mine.items.map((i: { id: string }) => i.id)).toContain(String(finishedApps.completed));
  });

  it('refuses every change of an archived course, its files, quotas, applications and thread (409), changing nothing', async () => {
    const course = await buildCourse(t.db, { departmentId: cast.deptA.id, status: 'archived' });
    const file = await buildFile(t.db, { courseId: course.id });
    const learner = await buildApplication(t.db, {
      courseId: course.id,
      territoryId: cast.territory.id,
      status: 'forwarded',
    });
    await buildGroup(t.db, { courseId: course.id, applicationIds: [learner.id] });
    const waiting = await buildApplication(t.db, {
      courseId: course.id,
      territoryId: cast.territory.id,
      status: 'waitlisted',
    });
    const submitted = await buildApplication(t.db, {
      courseId: course.id,
      teacherId: teacherA.id,
      status: 'submitted',
    });
    await buildConversation(t.db, {
      courseId: course.id,
      territoryId: cast.territory.id,
      messages: [{ authorId: cast.users.managerA.id, body: 'Итоги курса подведены.' }],
    });
    const before = await t.db
      .selectFrom('courses')
      .where('id', '=', course.id)
      .selectAll()
      .executeTakeFirstOrThrow();
    const auditBefore = await t.db
      .selectFrom('auditEvents')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    const upload = multipartBody({ title: 'Итоги' }, { name: 'Итоги.pdf', content: PDF_BYTES });

    const attempts: [Session, string, string, unknown?, object?][] = [
      [s.managerA, 'PATCH', `/courses/${course.id}`, { place: 'г. Пермь, ул. Ленина, 1' }],
      [
        s.headA,
        'PUT',
        `/courses/${course.id}/quotas`,
        [{ territoryId: String(cast.territory.id), places: 2 }],
      ],
      [s.headA, 'PUT', `/courses/${course.id}/manager`, { managerId: String(cast.users.managerA2.id) }],
      [s.managerA, 'POST', `/courses/${course.id}/files`, upload.payload, upload.headers],
      [s.managerA, 'DELETE', `/courses/${course.id}/files/${file.id}`],
      [s.managerA, 'POST', `/courses/${course.id}/actions/archive`],
      [s.managerA, 'POST', `/courses/${course.id}/actions/cancel`, { reason: 'Ошибка' }],
      [s.managerA, 'POST', `/courses/${course.id}/actions/close`],
      [s.managerA, 'POST', `/applications/${learner.id}/actions/fail`, { reason: 'Не сдал' }],
      [s.managerA, 'POST', `/applications/${learner.id}/actions/complete`],
      [s.managerA, 'POST', `/applications/${waiting.id}/actions/decline`, { reason: 'Нет мест' }],
      [s.methodist, 'POST', `/applications/${waiting.id}/actions/recall`],
      [s.methodist, 'POST', `/applications/${submitted.id}/actions/forward`],
      [s.teacherA, 'POST', `/applications/${submitted.id}/actions/withdraw`],
      [
        s.managerA,
        'POST',
        `/courses/${course.id}/conversations/${cast.territory.id}/messages`,
        { body: 'Ещё одно сообщение' },
      ],
    ];
    for (const [who, method, url, payload, headers] of attempts) {
      const res = await api(who, method, url, payload, headers);
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(409);
      expect(res.json().detail, `${method} ${url}`).toMatch(/в архиве/);
    }
    const bulk = await api(s.managerA, 'POST', '/applications/actions/complete', {
      ids: [String(learner.id)],
    });
    expect(bulk.statusCode).toBe(200);
    expect(bulk.json().results[0]).toMatchObject({ ok: false, error: READ_ONLY });

    const after = await t.db
      .selectFrom('courses')
      .where('id', '=', course.id)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    const states = await t.db
      .selectFrom('applications')
      .where('courseId', '=', course.id)
      .orderBy('id')
      .select('status')
      .execute();
    expect(states.map((a) => a.status)).toEqual(['enrolled', 'waitlisted', 'submitted']);
    expect(
      await t.db.selectFrom('files').where('courseId', '=', course.id).select('id').execute(),
    ).toHaveLength(1);
    const auditAfter = await t.db
      .selectFrom('auditEvents')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    expect(auditAfter).toEqual(auditBefore);
  });
});

describe('GET /archive/courses', () => {
  let ids: Record<string, string>;
  beforeAll(async () => {
    const a1 = await archivedCourse(cast.deptA.id, {
      title: 'Функциональная грамотность',
      startsOn: '2025-04-07',
      endsOn: '2025-04-11',
    });
    const a2 = await archivedCourse(cast.deptA.id, {
      title: 'Оценивание на уроке',
      territoryIds: [cast.otherTerritory.id],
    });
    const b1 = await archivedCourse(cast.deptB.id, { title: 'Инклюзивное образование', territoryIds: [] });
    const c1 = await archivedCourse(cast.deptC.id, {
      title: 'Цифровая школа',
      territoryIds: [cast.territory.id, cast.otherTerritory.id],
    });
    ids = { a1: String(a1.id), a2: String(a2.id), b1: String(b1.id), c1: String(c1.id) };
  });
  const found = async (who: Session, query = '') => {
    const res = await get(who, `/archive/courses?limit=200${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as { id: string }[]).map((i) => i.id);
  };
  const mine = (list: string[]) =>
    Object.entries(ids)
      .filter(([, id]) => list.includes(id))
      .map(([k]) => k)
      .sort();

  it('finds what each role may see: department, provider, the territory’s learners, everything', async () => {
    expect(mine(await found(s.managerA))).toEqual(['a1', 'a2']);
    expect(mine(await found(s.headB))).toEqual(['b1']);
    expect(mine(await found(s.adminX))).toEqual(['a1', 'a2', 'b1']);
    expect(mine(await found(s.adminY))).toEqual(['c1']);
    expect(mine(await found(s.methodist))).toEqual(['a1', 'c1']);
    expect(mine(await found(s.methodistOther))).toEqual(['a2', 'c1']);
    expect(mine(await found(s.operator))).toEqual(['a1', 'a2', 'b1', 'c1']);
    expect((await get(s.teacher, '/archive/courses')).statusCode).toBe(403);
    expect((await get(null, '/archive/courses')).statusCode).toBe(401);
  });

  it('filters by words, year, provider, department, program and territory, sorts and pages', async () => {
    expect(mine(await found(s.operator, `&q=${encodeURIComponent('грамотность')}`))).toEqual(['a1']);
    expect(mine(await found(s.operator, `&q=${encodeURIComponent('ГРАМОТНОСТЬ')}`))).toEqual(['a1']);
    expect(mine(await found(s.operator, '&year=2025'))).toEqual(['a1']);
    expect(mine(await found(s.operator, `&providerId=${cast.providerY.id}`))).toEqual(['c1']);
    expect(mine(await found(s.operator, `&departmentId=${cast.deptB.id}`))).toEqual(['b1']);
    const c1 = (await get(s.operator, `/archive/courses/${ids.c1}`)).json();
    expect(mine(await found(s.operator, `&programId=${c1.programId}`))).toEqual(['c1']);
    expect(mine(await found(s.operator, `&territoryId=${cast.otherTerritory.id}`))).toEqual(['a2', 'c1']);
    // A methodist filtering by another territory finds only what she sees there.
    expect(mine(await found(s.methodist, `&territoryId=${cast.otherTerritory.id}`))).toEqual(['c1']);

    const byTitle = (await get(s.adminX, `/archive/courses?sort=title&departmentId=${cast.deptA.id}`)).json();
    const titles = byTitle.items.map((i: { programTitle: string }) => i.programTitle);
    expect(titles.indexOf('Оценивание на уроке')).toBeLessThan(titles.indexOf('Функциональная грамотность'));
    expect(titles.indexOf('Оценивание на уроке')).toBeGreaterThanOrEqual(0);
    // By provider: the providers' names in order, each provider's courses the latest first.
    const byProvider = (await get(s.operator, '/archive/courses?sort=provider&limit=200')).json();
    const rows: { providerName: string; endsOn: string }[] = byProvider.items;
    expect(new Set(rows.map((r) => r.providerName)).size).toBeGreaterThanOrEqual(2);
    rows.slice(1).forEach((r, i) => {
      const before = rows[i] as (typeof rows)[number];
      expect(before.providerName <= r.providerName).toBe(true);
      if (before.providerName === r.providerName) expect(before.endsOn >= r.endsOn).toBe(true);
    });
    const oldest = (await get(s.managerA, '/archive/courses?sort=endsOn&limit=1')).json();
    expect(oldest.total).toBeGreaterThanOrEqual(2);
    expect(oldest.items).toHaveLength(1);
    expect(oldest.items[0].id).toBe(ids.a1);
    const past = (await get(s.managerA, '/archive/courses?offset=500')).json();
    expect(past).toEqual({ items: [], total: oldest.total });
    const bad = await get(s.operator, '/archive/courses?year=19');
    expect(bad.statusCode).toBe(400);
  });

  it('searches the title a course finished with, whatever its program is called since', async () => {
    const renamed = await archivedCourse(cast.deptA.id, { title: 'Наставничество в школе' });
    await t.db
      .updateTable('courses')
      .set({ programSnapshot: JSON.stringify({ title: 'Наставничество в школе', hours: 36 }) })
      .where('id', '=', renamed.id)
      .execute();
    await t.db
      .updateTable('programs')
      .set({ title: 'Школа наставников' })
      .where('id', '=', renamed.programId)
      .execute();
    const hits = async (q: string) =>
      (await get(s.operator, `/archive/courses?q=${encodeURIComponent(q)}`))
        .json()
        .items.map((i: { id: string }) => i.id);
    expect(await hits('наставничество В ШКОЛЕ')).toEqual([String(renamed.id)]);
    expect(await hits('Школа наставников')).toEqual([]);
  });

  it('gives each course its program, provider, department, dates, hours and results', async () => {
    const res = (await get(s.operator, `/archive/courses?q=${encodeURIComponent('Цифровая школа')}`)).json();
    expect(res.items[0]).toMatchObject({
      id: ids.c1,
      programTitle: 'Цифровая школа',
      providerId: String(cast.providerY.id),
      departmentId: String(cast.deptC.id),
      startsOn: '2026-03-02',
      endsOn: '2026-03-06',
      hours: 36,
      learners: 2,
      completed: 2,
      notCompleted: 0,
    });
  });

  it('exports the same list as a spreadsheet', async () => {
    const query = `sort=title&departmentId=${cast.deptA.id}`;
    const list = (await get(s.adminX, `/archive/courses?${query}`)).json();
    const res = await get(s.adminX, `/archive/courses.xlsx?${query}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const [header, ...rows] = (await xlsxRows(res.rawPayload)).rows;
    expect(header?.[0]).toBe('Программа');
    expect(rows.map((r) => r[0])).toEqual(list.items.map((i: { programTitle: string }) => i.programTitle));
    const a1 = rows.find((r) => r[0] === 'Функциональная грамотность');
    expect(a1?.slice(3, 9)).toEqual(['07.04.2025', '11.04.2025', '36', '1', '1', '0']);
    expect((await get(s.teacher, '/archive/courses.xlsx')).statusCode).toBe(403);
  });
});

describe('GET /archive/courses/{id}', () => {
  it('shows the course as it ended: applications with results and groups, history; a methodist her territory’s only', async () => {
    const staff = (await get(s.headA, `/archive/courses/${finished.id}`)).json();
    expect(staff.applications).toHaveLength(3);
    expect(
      staff.applications.find((a: { id: string }) => a.id === String(finishedApps.failed)),
    ).toMatchObject({
      status: 'not_completed',
      reason: 'Не сдана итоговая работа',
      groupNumber: 'А-2026-7',
    });
    expect(staff.history.at(-1)).toMatchObject({ to: 'archived' });
    const methodist = (await get(s.methodist, `/archive/courses/${finished.id}`)).json();
    expect(methodist.applications.map((a: { id: string }) => a.id).sort()).toEqual(
      [String(finishedApps.completed), String(finishedApps.failed)].sort(),
    );
    const other = (await get(s.methodistOther, `/archive/courses/${finished.id}`)).json();
    expect(other.applications.map((a: { id: string }) => a.id)).toEqual([String(finishedApps.other)]);
  });

  it('is a 404 outside the actor’s archive and for a course not archived', async () => {
    expect((await get(s.managerB, `/archive/courses/${finished.id}`)).statusCode).toBe(404);
    expect((await get(s.adminY, `/archive/courses/${finished.id}`)).statusCode).toBe(404);
    const running = await buildCourse(t.db, { departmentId: cast.deptA.id, status: 'running' });
    expect((await get(s.managerA, `/archive/courses/${running.id}`)).statusCode).toBe(404);
    expect((await get(s.teacher, `/archive/courses/${finished.id}`)).statusCode).toBe(403);
  });
});
