import type { KyselyPlugin } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import {
  buildApplication,
  buildCourse,
  buildDepartment,
  buildFile,
  buildPosition,
  buildProgram,
  buildProvider,
  buildTerritory,
  buildUser,
} from '../../../test/factories.js';
import { catalogCourse, catalogItem } from '../../contract/catalog.js';
import { page } from '../../contract/common.js';
import { buildApp } from '../app.js';

const t = await testApp();
const tag = `т${Date.now().toString(36)}`;
let provider: Awaited<ReturnType<typeof buildProvider>>;
let department: Awaited<ReturnType<typeof buildDepartment>>;

type Item = { id: string; title: string; status: string; placesLeft: number };
const catalog = async (query: string) => {
  const res = await t.request(null, { method: 'GET', url: `/api/v1/catalog?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: Item[]; total: number };
};
/** Ids found among this file's courses (the provider filter keeps other files' rows out). */
const ids = async (query: string) =>
  (await catalog(`providerId=${provider.id}&limit=100&${query}`)).items.map((i) => Number(i.id));

beforeAll(async () => {
  provider = await buildProvider(t.db, { name: `ИРО ПК ${tag}` });
  department = await buildDepartment(t.db, {
    providerId: provider.id,
    name: 'Кафедра естественно-научного образования',
  });
});

describe('Russian full-text search', () => {
  it('finds a course by other word forms of its title, annotation or schedule topics, ranked', async () => {
    const math = await buildCourse(t.db, {
      programId: (
        await buildProgram(t.db, {
          departmentId: department.id,
          title: 'Учитель математики: методика подготовки к ЕГЭ',
          annotation: 'Курс для педагогов основной школы.',
        })
      ).id,
      status: 'published',
    });
    const physics = await buildCourse(t.db, {
      programId: (
        await buildProgram(t.db, {
          departmentId: department.id,
          title: 'Физика в школе',
          annotation: 'Программа затрагивает межпредметные связи с математикой.',
        })
      ).id,
      status: 'published',
    });
    const topics = await buildCourse(t.db, {
      programId: (await buildProgram(t.db, { departmentId: department.id, title: 'Классное руководство' }))
        .id,
      status: 'published',
      schedule: [
        { date: '2026-12-14', startsAt: '10:00', endsAt: '12:00', topic: 'Воспитательные технологии' },
      ],
    });
    expect(await ids(`q=${encodeURIComponent('учителей математики')}`)).toEqual([math.id]);
    // The title weighs more than the annotation.
    expect(await ids(`q=${encodeURIComponent('математика')}`)).toEqual([math.id, physics.id]);
    expect(await ids(`q=${encodeURIComponent('воспитательных технологий')}`)).toEqual([topics.id]);
    expect(await ids(`q=${encodeURIComponent('математика -физика')}`)).toEqual([math.id]);
    expect(await ids(`q=${encodeURIComponent('астрономия')}`)).toEqual([]);
    // Only stop words: no filter rather than nothing.
    expect((await ids(`q=${encodeURIComponent('и по')}`)).length).toBe(3);
    expect(await ids(`q=${encodeURIComponent("'); DROP TABLE courses; --")}`)).toEqual([]);
  });

  it('follows a schedule change and a program change', async () => {
    const program = await buildProgram(t.db, { departmentId: department.id, title: 'Цифровая грамотность' });
    const course = await buildCourse(t.db, { programId: program.id, status: 'published' });
    const manager = await t.login(
      (await buildUser(t.db, { roles: [{ role: 'manager', departmentId: department.id }] })).login,
    );
    expect(await ids(`q=${encodeURIComponent('робототехника')}`)).toEqual([]);
    await t.request(manager, {
      method: 'PATCH',
      url: `/api/v1/courses/${course.id}`,
      payload: {
        schedule: [
          { date: '2026-12-14', startsAt: '10:00', endsAt: '12:00', topic: 'Образовательная робототехника' },
        ],
      },
    });
    expect(await ids(`q=${encodeURIComponent('робототехнике')}`)).toEqual([course.id]);
    await t.request(manager, {
      method: 'PATCH',
      url: `/api/v1/programs/${program.id}`,
      payload: { title: 'Искусственный интеллект в школе' },
    });
    expect(await ids(`q=${encodeURIComponent('искусственного интеллекта')}`)).toEqual([course.id]);
    // The form, kind and distance filters follow the program too (the course keeps them).
    const words = `q=${encodeURIComponent('искусственного интеллекта')}`;
    expect(await ids(`${words}&form=full_time&kind=qualification&distance=false`)).toEqual([course.id]);
    const changed = await t.request(manager, {
      method: 'PATCH',
      url: `/api/v1/programs/${program.id}`,
      payload: { form: 'extramural', kind: 'retraining', hours: 300, distance: true },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(await ids(`${words}&form=full_time`)).toEqual([]);
    expect(await ids(`${words}&kind=qualification`)).toEqual([]);
    expect(await ids(`${words}&distance=false`)).toEqual([]);
    expect(await ids(`${words}&form=extramural&kind=retraining&distance=true`)).toEqual([course.id]);
    expect(await ids(`form=extramural&kind=retraining&distance=true`)).toContain(course.id);
  });
  it('ranks a course whose title has the words first, as its title changes', async () => {
    const word = `квантовой${tag.replace(/[^а-я]/g, '')}`;
    // A department of its own, so that other tests' courses (and dates) stay out.
    const own = await buildDepartment(t.db, { providerId: provider.id });
    const found = async () =>
      (await catalog(`departmentId=${own.id}&q=${encodeURIComponent(word)}`)).items.map((i) => Number(i.id));
    const early = await buildCourse(t.db, {
      programId: (
        await buildProgram(t.db, {
          departmentId: own.id,
          title: 'Проектная деятельность',
          annotation: `Основы ${word} механики для учителей.`,
        })
      ).id,
      status: 'published',
      startsOn: '2028-05-03',
      endsOn: '2028-05-03',
      schedule: [],
    });
    const program = await buildProgram(t.db, { departmentId: own.id, title: 'Робототехника' });
    const late = await buildCourse(t.db, {
      programId: program.id,
      status: 'published',
      startsOn: '2028-05-10',
      endsOn: '2028-05-10',
      schedule: [],
    });
    const manager = await t.login(
      (await buildUser(t.db, { roles: [{ role: 'manager', departmentId: own.id }] })).login,
    );
    expect(await found()).toEqual([early.id]);
    const res = await t.request(manager, {
      method: 'PATCH',
      url: `/api/v1/programs/${program.id}`,
      payload: { title: `Основы ${word} механики` },
    });
    expect(res.statusCode, res.body).toBe(200);
    // Both match now; the one with the words in its title first, though it starts later.
    expect(await found()).toEqual([late.id, early.id]);
  });

  it('ranks a course whose annotation has the words before one whose schedule has them, as its annotation changes', async () => {
    const word = `голографической${tag.replace(/[^а-я]/g, '')}`;
    const own = await buildDepartment(t.db, { providerId: provider.id });
    const found = async () =>
      (await catalog(`departmentId=${own.id}&q=${encodeURIComponent(word)}`)).items.map((i) => Number(i.id));
    const early = await buildCourse(t.db, {
      programId: (await buildProgram(t.db, { departmentId: own.id, title: 'Школьный театр' })).id,
      status: 'published',
      startsOn: '2028-06-03',
      endsOn: '2028-06-03',
      schedule: [{ date: '2028-06-03', startsAt: '10:00', endsAt: '12:00', topic: `Основы ${word} съёмки` }],
    });
    const program = await buildProgram(t.db, {
      departmentId: own.id,
      title: 'Медиаобразование',
      annotation: 'Курс для учителей.',
    });
    const late = await buildCourse(t.db, {
      programId: program.id,
      status: 'published',
      startsOn: '2028-06-10',
      endsOn: '2028-06-10',
      schedule: [],
    });
    const manager = await t.login(
      (await buildUser(t.db, { roles: [{ role: 'manager', departmentId: own.id }] })).login,
    );
    expect(await found()).toEqual([early.id]);
    const res = await t.request(manager, {
      method: 'PATCH',
      url: `/api/v1/programs/${program.id}`,
      payload: { annotation: `Курс об основах ${word} съёмки для учителей.` },
    });
    expect(res.statusCode, res.body).toBe(200);
    // Both match now; the annotation weighs more than a topic, though that course starts later.
    expect(await found()).toEqual([late.id, early.id]);
  });
  it('finds a course by its place in any form of the town or its adjective', async () => {
    const town = await buildProgram(t.db, { departmentId: department.id, title: 'Школьный театр' });
    const perm = await buildCourse(t.db, {
      programId: town.id,
      status: 'published',
      place: 'г. Пермь, ул. Ленина, 1',
    });
    const region = await buildCourse(t.db, {
      programId: town.id,
      status: 'published',
      place: 'ИРО Пермского края, ул. Сибирская, 33',
    });
    const kungur = await buildCourse(t.db, {
      programId: town.id,
      status: 'published',
      place: 'Кунгурского муниципального округа, школа № 1',
    });
    const found = async (words: string) =>
      (await ids(`departmentId=${department.id}&q=${encodeURIComponent(`театр ${words}`)}`)).sort();
    for (const form of ['Пермь', 'Перми', 'Пермский', 'пермской'])
      expect(await found(form), form).toEqual([perm.id, region.id].sort());
    expect(await found('Пермского края')).toEqual([region.id]);
    for (const form of ['Кунгур', 'Кунгуре', 'кунгурский'])
      expect(await found(form), form).toEqual([kungur.id]);
    expect(await found('Соликамск')).toEqual([]);
    // A changed place is searched at once.
    const manager = await t.login(
      (await buildUser(t.db, { roles: [{ role: 'manager', departmentId: department.id }] })).login,
    );
    const moved = await t.request(manager, {
      method: 'PATCH',
      url: `/api/v1/courses/${kungur.id}`,
      payload: { place: 'г. Соликамск, ул. Северная, 7' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await found('Соликамского')).toEqual([kungur.id]);
    expect(await found('Кунгур')).toEqual([]);
  });
});

describe('GET /catalog', () => {
  it("shows whether a course takes applications by the region's date, filters the open ones and sorts by the nearest last day", async () => {
    const other = await buildDepartment(t.db, { providerId: provider.id });
    const program = await buildProgram(t.db, { departmentId: other.id });
    // TEST_NOW is 25 November 2026, 09:00 in Perm.
    const make = (status: 'published' | 'closed' | 'running', applyUntil: string, startsOn: string) =>
      buildCourse(t.db, {
        programId: program.id,
        status,
        applyUntil,
        startsOn,
        endsOn: startsOn,
        schedule: [],
      });
    const late = await make('published', '2026-12-20', '2027-01-10');
    const today = await make('published', '2026-11-25', '2026-12-20');
    const past = await make('published', '2026-11-24', '2026-12-01');
    const closed = await make('closed', '2026-11-20', '2026-11-30');
    const soon = await make('published', '2026-12-01', '2027-02-01');
    const all = await catalog(`departmentId=${other.id}&sort=applyUntil`);
    expect(
      all.items.map((i) => [Number(i.id), (i as Item & { applicationsOpen: boolean }).applicationsOpen]),
    ).toEqual([
      [today.id, true],
      [soon.id, true],
      [late.id, true],
      [closed.id, false],
      [past.id, false],
    ]);
    const open = await catalog(`departmentId=${other.id}&open=true&sort=applyUntil`);
    expect(open.items.map((i) => Number(i.id))).toEqual([today.id, soon.id, late.id]);
    expect(open.total).toBe(3);
    const byStart = await catalog(`departmentId=${other.id}&open=true&sort=startsOn`);
    expect(byStart.items.map((i) => Number(i.id))).toEqual([today.id, late.id, soon.id]);
    // The course page says the same, by the same clock.
    const res = await t.request(null, { method: 'GET', url: `/api/v1/catalog/${past.id}` });
    expect(res.json()).toMatchObject({ status: 'published', applicationsOpen: false });
    const res2 = await t.request(null, { method: 'GET', url: `/api/v1/catalog/${today.id}` });
    expect(res2.json()).toMatchObject({ applicationsOpen: true });
    expect((await t.request(null, { method: 'GET', url: '/api/v1/catalog?sort=cheapest' })).statusCode).toBe(
      400,
    );
  });

  it('lists published, closed and running courses (never drafts, cancelled or finished), by start date', async () => {
    const other = await buildDepartment(t.db, { providerId: provider.id });
    const program = await buildProgram(t.db, { departmentId: other.id });
    const make = (status: NonNullable<Parameters<typeof buildCourse>[1]>['status'], startsOn: string) =>
      buildCourse(t.db, { programId: program.id, status, startsOn, endsOn: startsOn, schedule: [] });
    const running = await make('running', '2026-11-20');
    const published = await make('published', '2027-01-15');
    const closed = await make('closed', '2026-12-01');
    for (const status of ['draft', 'cancelled', 'finished', 'archived'] as const)
      await make(status, '2026-12-10');
    const page = await catalog(`departmentId=${other.id}`);
    expect(page.items.map((i) => [Number(i.id), i.status])).toEqual([
      [running.id, 'running'],
      [closed.id, 'closed'],
      [published.id, 'published'],
    ]);
    expect(page.total).toBe(3);
    const second = await catalog(`departmentId=${other.id}&limit=2&offset=2`);
    expect(second).toMatchObject({ total: 3, items: [{ id: String(published.id) }] });
    expect(await catalog(`departmentId=${other.id}&limit=2&offset=10`)).toEqual({ items: [], total: 3 });
  });

  it("tells a running course past its last day by the region's date: its study is over, the course page and the workspace say so too", async () => {
    const other = await buildDepartment(t.db, { providerId: provider.id });
    const program = await buildProgram(t.db, { departmentId: other.id });
    // TEST_NOW is 25 November 2026 in Perm.
    const make = (status: 'published' | 'running', startsOn: string, endsOn: string) =>
      buildCourse(t.db, { programId: program.id, status, startsOn, endsOn, schedule: [] });
    const ended = await make('running', '2026-11-16', '2026-11-24');
    const lastDay = await make('running', '2026-11-20', '2026-11-25');
    const published = await make('published', '2027-01-15', '2027-01-20');
    const ends = (items: { id: string; studyEnded?: boolean }[]) =>
      items.map((i) => [Number(i.id), i.studyEnded]);
    const expected = [
      [ended.id, true],
      [lastDay.id, false],
      [published.id, false],
    ];
    // The list and a search alike (listing.test.ts holds the process's copy to the database's answer).
    expect(ends((await catalog(`departmentId=${other.id}`)).items)).toEqual(expected);
    expect(
      ends(
        (await catalog(`departmentId=${other.id}&q=${encodeURIComponent(program.title)}&sort=startsOn`))
          .items,
      ),
    ).toEqual(expected);
    for (const [id, over] of expected) {
      const res = await t.request(null, { method: 'GET', url: `/api/v1/catalog/${id}` });
      expect(res.json(), String(id)).toMatchObject({ studyEnded: over });
    }
    const manager = await t.login(
      (await buildUser(t.db, { roles: [{ role: 'manager', departmentId: other.id }] })).login,
    );
    const listed = await t.request(manager, {
      method: 'GET',
      url: `/api/v1/courses?departmentId=${other.id}&sort=startsOn`,
    });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(ends((listed.json() as { items: { id: string; studyEnded: boolean }[] }).items).sort()).toEqual(
      [...expected].sort(),
    );
    const card = await t.request(manager, { method: 'GET', url: `/api/v1/courses/${ended.id}` });
    expect(card.json()).toMatchObject({ status: 'running', studyEnded: true });
  });

  it('filters by provider, form, kind, distance, start dates and target position', async () => {
    const teacherPosition = await buildPosition(t.db, { name: `учитель ${tag}` });
    const tutorPosition = await buildPosition(t.db, { name: `тьютор ${tag}` });
    const otherProvider = await buildProvider(t.db);
    const otherDepartment = await buildDepartment(t.db, { providerId: otherProvider.id });
    const a = await buildCourse(t.db, {
      programId: (
        await buildProgram(t.db, {
          departmentId: department.id,
          form: 'extramural',
          distance: true,
          kind: 'retraining',
          hours: 300,
          positionIds: [teacherPosition.id],
        })
      ).id,
      status: 'published',
      startsOn: '2027-03-01',
      endsOn: '2027-03-05',
    });
    const b = await buildCourse(t.db, {
      programId: (await buildProgram(t.db, { departmentId: department.id, positionIds: [tutorPosition.id] }))
        .id,
      status: 'published',
      startsOn: '2027-03-10',
      endsOn: '2027-03-12',
    });
    const elsewhere = await buildCourse(t.db, { departmentId: otherDepartment.id, status: 'published' });
    const range = 'from=2027-03-01&to=2027-03-31';
    expect(await ids(range)).toEqual([a.id, b.id]);
    expect(await ids(`${range}&form=extramural`)).toEqual([a.id]);
    expect(await ids(`${range}&kind=qualification`)).toEqual([b.id]);
    expect(await ids(`${range}&distance=true`)).toEqual([a.id]);
    expect(await ids(`${range}&distance=false`)).toEqual([b.id]);
    expect(await ids('from=2027-03-02&to=2027-03-31')).toEqual([b.id]);
    expect(await ids('from=2027-03-01&to=2027-03-09')).toEqual([a.id]);
    expect(await ids(`${range}&positionId=${tutorPosition.id}`)).toEqual([b.id]);
    expect(await ids(`${range}&position=${encodeURIComponent(`Учитель ${tag}`)}`)).toEqual([a.id]);
    const byOther = (await catalog(`providerId=${otherProvider.id}`)).items.map((i) => Number(i.id));
    expect(byOther).toEqual([elsewhere.id]);
  });

  it('filters by territory: courses with a free place of its quota or a common one', async () => {
    const perm = await buildTerritory(t.db);
    const kungur = await buildTerritory(t.db);
    const program = await buildProgram(t.db, { departmentId: department.id });
    const base = {
      programId: program.id,
      status: 'published' as const,
      startsOn: '2027-05-10',
      endsOn: '2027-05-11',
    };
    const allToPerm = await buildCourse(t.db, {
      ...base,
      capacity: 10,
      quotas: [{ territoryId: perm.id, places: 10 }],
    });
    const common = await buildCourse(t.db, {
      ...base,
      capacity: 10,
      quotas: [{ territoryId: perm.id, places: 4 }],
    });
    const released = await buildCourse(t.db, {
      ...base,
      capacity: 10,
      quotaReleaseOn: '2026-11-20',
      quotas: [{ territoryId: perm.id, places: 10 }],
    });
    const range = 'from=2027-05-10&to=2027-05-10';
    expect(await ids(`${range}&territoryId=${perm.id}`)).toEqual([allToPerm.id, common.id, released.id]);
    expect(await ids(`${range}&territoryId=${kungur.id}`)).toEqual([common.id, released.id]);
  });

  it('answers JSON text written by the database exactly as the contract would serialize it', async () => {
    // The page's JSON is built in SQL (queries.ts), not by presenters and the response schema; this
    // holds it to the schema: every field of `catalogItem`, in its order, with its types, escaped
    // as JSON.stringify escapes, the annotation cut at 300 characters (not UTF-16 units).
    const word = `сериализации${tag.replace(/[^а-я]/g, '')}`;
    const ownProvider = await buildProvider(t.db, { name: `ИРО «Кавычки" и \\ ${tag}` });
    const own = await buildDepartment(t.db, { providerId: ownProvider.id, name: 'Кафедра "А" / Б' });
    const annotation = `Основы ${word}: «цитата», "кавычки", \\обратная черта\tтаб\nстрока 🎓 ${'длинный текст '.repeat(30)}`;
    const program = await buildProgram(t.db, {
      departmentId: own.id,
      title: `Учитель "${word}" 🎓 \\ конец`,
      annotation,
      hours: 72,
      kind: 'qualification',
      form: 'mixed',
      distance: true,
    });
    const course = await buildCourse(t.db, {
      programId: program.id,
      status: 'closed',
      startsOn: '2028-09-01',
      endsOn: '2028-09-05',
      applyUntil: '2028-08-20',
      capacity: 30,
      place: 'г. Пермь, ул. «Ленина», д. 1\\2',
    });
    await buildApplication(t.db, { courseId: course.id, status: 'forwarded' });
    const other = await buildCourse(t.db, {
      programId: program.id,
      status: 'running',
      startsOn: '2028-09-10',
      endsOn: '2028-09-12',
    });
    for (const query of [
      `q=${encodeURIComponent(word)}&departmentId=${own.id}`,
      `departmentId=${own.id}&form=mixed&limit=1`,
      `departmentId=${own.id}&limit=1&offset=5`,
      `providerId=${ownProvider.id}&q=${encodeURIComponent('и по')}`,
    ]) {
      const res = await t.request(null, { method: 'GET', url: `/api/v1/catalog?${query}` });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.body, query).toBe(JSON.stringify(page(catalogItem).parse(JSON.parse(res.body))));
    }
    const res = await t.request(null, {
      method: 'GET',
      url: `/api/v1/catalog?q=${encodeURIComponent(word)}&departmentId=${own.id}`,
    });
    expect(res.json()).toEqual({
      items: [
        {
          id: String(course.id),
          status: 'closed',
          title: program.title,
          annotation: [...annotation].slice(0, 300).join(''),
          hours: 72,
          kind: 'qualification',
          form: 'mixed',
          distance: true,
          startsOn: '2028-09-01',
          endsOn: '2028-09-05',
          applyUntil: '2028-08-20',
          place: 'г. Пермь, ул. «Ленина», д. 1\\2',
          providerId: String(ownProvider.id),
          providerName: ownProvider.name,
          departmentId: String(own.id),
          departmentName: 'Кафедра "А" / Б',
          capacity: 30,
          placesLeft: 29,
          learners: null,
          applicationsOpen: false,
          studyEnded: false,
        },
        // A started course counts its learners instead of its places.
        expect.objectContaining({
          id: String(other.id),
          status: 'running',
          placesLeft: 25,
          learners: { enrolled: 0, completed: 0 },
        }),
      ],
      total: 2,
    });
  });

  it('refuses bad filters with 400 problems', async () => {
    for (const query of [
      'form=online',
      'from=2026-02-30',
      'from=1000-01-01',
      'limit=1000',
      'distance=yes',
      'territoryId=abc',
    ])
      expect(
        (await t.request(null, { method: 'GET', url: `/api/v1/catalog?${query}` })).statusCode,
        query,
      ).toBe(400);
  });

  it('takes a fixed number of queries per page, whatever its size (no N+1)', async () => {
    let queries = 0;
    // Counted per result: a subquery's builder passes through transformQuery too.
    const counting: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        queries++;
        return args.result;
      },
    };
    const app = await buildApp({ ...t.ctx, db: t.db.withPlugin(counting) }, { webDist: null });
    const dept = await buildDepartment(t.db, { providerId: provider.id });
    const territory = await buildTerritory(t.db);
    for (let i = 0; i < 12; i++) {
      const program = await buildProgram(t.db, { departmentId: dept.id, title: `Педагогика ${i}` });
      const course = await buildCourse(t.db, {
        programId: program.id,
        status: 'published',
        quotas: [{ territoryId: territory.id, places: 2 }],
      });
      await buildFile(t.db, { courseId: course.id });
    }
    const count = async (url: string) => {
      queries = 0;
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      return queries;
    };
    // The process reads its copy of the listed courses (listing.ts) once, and words new to it once
    // (the database parses them); then a page is one statement, from the copy or the database's
    // own (free places of a territory).
    await count(`/api/v1/catalog?departmentId=${dept.id}&limit=1`);
    await count(`/api/v1/catalog?departmentId=${dept.id}&limit=1&q=${encodeURIComponent('педагогика')}`);
    const small = await count(`/api/v1/catalog?departmentId=${dept.id}&limit=2`);
    const large = await count(
      `/api/v1/catalog?departmentId=${dept.id}&limit=12&q=${encodeURIComponent('педагогика')}`,
    );
    const territoryPage = await count(
      `/api/v1/catalog?departmentId=${dept.id}&limit=12&q=${encodeURIComponent('педагогика')}&territoryId=${territory.id}`,
    );
    expect(small).toBe(1);
    expect(large).toBe(small);
    expect(territoryPage).toBe(small);
    const anyCourse = (await catalog(`departmentId=${dept.id}&limit=1`)).items[0]!.id;
    expect(await count(`/api/v1/catalog/${anyCourse}`)).toBe(1);
    await app.close();
  });
});

describe('GET /catalog/{id}', () => {
  it('shows the course page: program, dates, place, provider, schedule, files, places and quotas', async () => {
    const position = await buildPosition(t.db, { name: `воспитатель ${tag}` });
    const territory = await buildTerritory(t.db, { name: `Кунгурский муниципальный округ ${tag}` });
    const program = await buildProgram(t.db, {
      departmentId: department.id,
      title: 'Развивающая предметно-пространственная среда ДОО',
      annotation: 'Аннотация программы.',
      hours: 24,
      form: 'mixed',
      subjects: ['дошкольное образование'],
      positionIds: [position.id],
    });
    const course = await buildCourse(t.db, {
      programId: program.id,
      status: 'published',
      capacity: 30,
      quotas: [{ territoryId: territory.id, places: 12 }],
    });
    const programFile = await buildFile(t.db, { programId: program.id }, { name: 'Программа.pdf' });
    const courseFile = await buildFile(t.db, { courseId: course.id }, { name: 'Расписание.pdf' });
    const res = await t.request(null, { method: 'GET', url: `/api/v1/catalog/${course.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: String(course.id),
      status: 'published',
      program: {
        id: String(program.id),
        title: program.title,
        annotation: 'Аннотация программы.',
        hours: 24,
        kind: 'qualification',
        form: 'mixed',
        distance: false,
        targetPositions: [position.name],
        subjects: ['дошкольное образование'],
        plannedResults: '',
      },
      startsOn: '2026-12-14',
      endsOn: '2026-12-16',
      applyUntil: '2026-12-07',
      place: 'г. Пермь, ул. Екатерининская, д. 210',
      distanceUrl: null,
      provider: { id: String(provider.id), name: provider.name },
      department: { id: String(department.id), name: department.name },
      schedule: [
        {
          date: '2026-12-14',
          startsAt: '10:00',
          endsAt: '15:30',
          topic: 'Тема 1: практикум',
          room: null,
          teacher: null,
        },
        {
          date: '2026-12-15',
          startsAt: '10:00',
          endsAt: '15:30',
          topic: 'Тема 2: практикум',
          room: null,
          teacher: null,
        },
        {
          date: '2026-12-16',
          startsAt: '10:00',
          endsAt: '15:30',
          topic: 'Тема 3: практикум',
          room: null,
          teacher: null,
        },
      ],
      files: [
        expect.objectContaining({
          id: String(programFile.id),
          name: 'Программа.pdf',
          url: `/api/v1/files/${programFile.id}`,
        }),
        expect.objectContaining({
          id: String(courseFile.id),
          name: 'Расписание.pdf',
          contentType: 'application/pdf',
        }),
      ],
      capacity: 30,
      placesLeft: 30,
      learners: null,
      commonPlacesLeft: 18,
      quotaReleaseOn: null,
      quotas: [
        { territoryId: String(territory.id), territoryName: territory.name, places: 12, placesLeft: 12 },
      ],
      cancelReason: null,
      calendarUrl: `/api/v1/catalog/${course.id}/schedule.ics`,
      applicationsOpen: true,
      studyEnded: false,
    });
    // Sent as text, not through the response schema: the text is what the schema would have sent
    // (no field more, none less, in its order).
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toBe(JSON.stringify(catalogCourse.parse(JSON.parse(res.body))));
  });

  it('is a 404 for a draft, an unknown id, and a 400 for a malformed one', async () => {
    const draft = await buildCourse(t.db, { departmentId: department.id });
    expect((await t.request(null, { method: 'GET', url: `/api/v1/catalog/${draft.id}` })).statusCode).toBe(
      404,
    );
    expect((await t.request(null, { method: 'GET', url: '/api/v1/catalog/999999' })).statusCode).toBe(404);
    expect((await t.request(null, { method: 'GET', url: '/api/v1/catalog/abc' })).statusCode).toBe(400);
    expect(
      (await t.request(null, { method: 'GET', url: `/api/v1/catalog/${draft.id}/schedule.ics` })).statusCode,
    ).toBe(404);
  });
});

/** The calendar's components as lists of [name with parameters, value], lines unfolded. */
function parseICalendar(text: string) {
  const lines = text.split('\r\n').reduce<string[]>((acc, line) => {
    if (line.startsWith(' ') || line.startsWith('\t')) acc[acc.length - 1] += line.slice(1);
    else if (line) acc.push(line);
    return acc;
  }, []);
  const components: { type: string; props: Map<string, string> }[] = [];
  const stack: { type: string; props: Map<string, string> }[] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1);
    if (name === 'BEGIN') stack.push({ type: value, props: new Map() });
    else if (name === 'END') components.push(stack.pop()!);
    else stack.at(-1)?.props.set(name, value);
  }
  return components;
}

describe('GET /catalog/{id}/schedule.ics', () => {
  it('gives an importable calendar: one event per session in Perm time with stable UIDs', async () => {
    const program = await buildProgram(t.db, {
      departmentId: department.id,
      title: 'Школа, семья; общество',
    });
    const course = await buildCourse(t.db, {
      programId: program.id,
      status: 'published',
      startsOn: '2026-12-14',
      endsOn: '2026-12-15',
      schedule: [
        { date: '2026-12-14', startsAt: '10:00', endsAt: '13:30', topic: 'Введение' },
        { date: '2026-12-15', startsAt: '09:00', endsAt: '17:00', topic: 'Практикум' },
      ],
    });
    const get = () => t.request(null, { method: 'GET', url: `/api/v1/catalog/${course.id}/schedule.ics` });
    const res = await get();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['content-disposition']).toContain(`course-${course.id}.ics`);
    const components = parseICalendar(res.body);
    const calendar = components.find((c) => c.type === 'VCALENDAR')!;
    expect(calendar.props.get('VERSION')).toBe('2.0');
    expect(calendar.props.get('METHOD')).toBe('PUBLISH');
    const zone = components.find((c) => c.type === 'VTIMEZONE')!;
    expect(zone.props.get('TZID')).toBe('Asia/Yekaterinburg');
    const events = components.filter((c) => c.type === 'VEVENT');
    expect(events).toHaveLength(2);
    expect(events.map((e) => e.props.get('DTSTART;TZID=Asia/Yekaterinburg'))).toEqual([
      '20261214T100000',
      '20261215T090000',
    ]);
    expect(events.map((e) => e.props.get('DTEND;TZID=Asia/Yekaterinburg'))).toEqual([
      '20261214T133000',
      '20261215T170000',
    ]);
    expect(events[0]!.props.get('SUMMARY')).toBe('Школа\\, семья\\; общество: Введение');
    expect(events[0]!.props.get('LOCATION')).toBe('г. Пермь\\, ул. Екатерининская\\, д. 210');
    expect(events[0]!.props.get('UID')).toBe(`course-${course.id}-2026-12-14-1000@ebppk`);
    const again = parseICalendar((await get()).body).filter((c) => c.type === 'VEVENT');
    expect(again.map((e) => e.props.get('UID'))).toEqual(events.map((e) => e.props.get('UID')));
    expect(again.map((e) => e.props.get('DTSTAMP'))).toEqual(events.map((e) => e.props.get('DTSTAMP')));
  });
});
