// The baskets at work: every order (ascending and descending, ties by id), the count by state, the
// operator's region-wide view (read-only), and the same lists as XLSX, read back — a methodist
// never sees another territory's applications in any order or export.
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import { xlsxRows } from '../../../test/documents.js';
import {
  buildApplication,
  buildCourse,
  buildDepartment,
  buildOrganization,
  buildProvider,
  buildTerritory,
  buildUser,
} from '../../../test/factories.js';
import { type ApplicationPage, applicationPage } from '../../contract/applications.js';

const t = await testApp();

const s = {} as Record<'methodistA' | 'methodistB' | 'manager' | 'operator' | 'teacherA', Session>;
/** The applications by name: a1, a2, a3 of territory A (made in that order), b1 of territory B. */
const app = {} as Record<'a1' | 'a2' | 'a3' | 'b1', string>;

beforeAll(async () => {
  const territoryA = (await buildTerritory(t.db)).id;
  const territoryB = (await buildTerritory(t.db)).id;
  const schoolB = (await buildOrganization(t.db, { territoryId: territoryA, name: 'Б-школа' })).id;
  const schoolA = (await buildOrganization(t.db, { territoryId: territoryA, name: 'А-школа' })).id;
  const schoolOther = (await buildOrganization(t.db, { territoryId: territoryB, name: 'В-школа' })).id;
  const dept = (await buildDepartment(t.db, { providerId: (await buildProvider(t.db)).id })).id;
  // c1 starts later but stops taking applications earlier than c2.
  const c1 = await buildCourse(t.db, {
    departmentId: dept,
    status: 'published',
    startsOn: '2027-02-01',
    endsOn: '2027-02-03',
    applyUntil: '2027-01-05',
  });
  const c2 = await buildCourse(t.db, {
    departmentId: dept,
    status: 'published',
    startsOn: '2027-01-10',
    endsOn: '2027-01-12',
    applyUntil: '2027-01-08',
  });
  const yakovleva = await buildUser(t.db, { organizationId: schoolB, lastName: 'Яковлева' });
  const ageeva = await buildUser(t.db, { organizationId: schoolA, lastName: 'Агеева' });
  const markova = await buildUser(t.db, { organizationId: schoolB, lastName: 'Маркова' });
  const borisova = await buildUser(t.db, { organizationId: schoolOther, lastName: 'Борисова' });
  const at = (day: string) => new Date(`${day}T09:00:00Z`);
  app.a1 = String(
    (await buildApplication(t.db, { courseId: c1.id, teacherId: yakovleva.id, at: at('2026-10-03') })).id,
  );
  app.a2 = String(
    (
      await buildApplication(t.db, {
        courseId: c2.id,
        teacherId: ageeva.id,
        status: 'forwarded',
        at: at('2026-10-01'),
      })
    ).id,
  );
  app.a3 = String(
    (await buildApplication(t.db, { courseId: c2.id, teacherId: markova.id, at: at('2026-10-02') })).id,
  );
  app.b1 = String(
    (await buildApplication(t.db, { courseId: c1.id, teacherId: borisova.id, at: at('2026-09-30') })).id,
  );
  const users = {
    methodistA: await buildUser(t.db, { roles: [{ role: 'methodist', territoryId: territoryA }] }),
    methodistB: await buildUser(t.db, { roles: [{ role: 'methodist', territoryId: territoryB }] }),
    manager: await buildUser(t.db, { roles: [{ role: 'manager', departmentId: dept }] }),
    operator: await buildUser(t.db, { roles: [{ role: 'operator' }] }),
    teacherA: ageeva,
  };
  for (const [name, user] of Object.entries(users)) s[name as keyof typeof s] = await t.login(user.login);
});

type ListPage = {
  items: { id: string; status: string; course: { applyUntil: string } }[];
  total: number;
  byStatus: unknown;
};
const get = (who: Session, url: string) => t.request(who, { method: 'GET', url: `/api/v1${url}` });
const list = async (who: Session, query: string) => {
  const res = await get(who, `/applications?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as ListPage;
};
const ids = async (who: Session, query: string) => (await list(who, query)).items.map((i) => i.id);
/** Each item of a page equals the application's card as `who` sees it (its history aside). */
const expectCards = async (who: Session, items: { id: string }[], label: string) => {
  for (const item of items) {
    const { history: _, ...card } = (await get(who, `/applications/${item.id}`)).json();
    expect(item, `${label}: ${item.id}`).toEqual(card);
  }
};

/** Each order of the methodist's basket of territory A, ascending (descending is its reverse). */
const ORDERS: Record<string, (keyof typeof app)[]> = {
  appliedAt: ['a2', 'a3', 'a1'],
  startsOn: ['a2', 'a3', 'a1'],
  applyUntil: ['a1', 'a2', 'a3'],
  teacher: ['a2', 'a3', 'a1'],
  organization: ['a2', 'a1', 'a3'],
  status: ['a1', 'a3', 'a2'],
};

describe('sorting a basket', () => {
  for (const [sort, order] of Object.entries(ORDERS)) {
    it(`by ${sort}, both ways, ties by id in the same direction, within the territory`, async () => {
      const names = order.map((n) => app[n]);
      expect(await ids(s.methodistA, `basket=methodist&sort=${sort}`)).toEqual(names);
      expect(await ids(s.methodistA, `basket=methodist&sort=-${sort}`)).toEqual([...names].reverse());
      // Pages cut the same order.
      expect(await ids(s.methodistA, `basket=methodist&sort=${sort}&limit=1&offset=1`)).toEqual([names[1]]);
      // The other territory's methodist sees her own application alone, whatever the order.
      expect(await ids(s.methodistB, `basket=methodist&sort=-${sort}`)).toEqual([app.b1]);
    });
  }

  it('shows the course’s apply-until date and counts each state whatever the state filter', async () => {
    const page = await list(s.methodistA, 'basket=methodist&status=submitted&sort=appliedAt');
    expect(page.items.map((i) => i.id)).toEqual([app.a3, app.a1]);
    expect(page.items.map((i) => i.course.applyUntil)).toEqual(['2027-01-08', '2027-01-05']);
    expect(page.total).toBe(2);
    expect(page.byStatus).toEqual([
      { status: 'submitted', count: 2 },
      { status: 'forwarded', count: 1 },
    ]);
    // Past the last page: no rows, the counts still there.
    expect(await list(s.methodistA, 'basket=methodist&offset=10')).toMatchObject({ items: [], total: 3 });
  });

  it('the provider’s basket sorts what reached the provider only', async () => {
    expect(await ids(s.manager, 'basket=provider&sort=-teacher')).toEqual([app.a2]);
  });

  it('refuses an unknown order with a 400, nothing listed', async () => {
    const res = await get(s.methodistA, '/applications?basket=methodist&sort=salary');
    expect(res.statusCode).toBe(400);
  });
});

describe("the operator's region-wide view", () => {
  it('lists every territory’s applications with the same filters and orders', async () => {
    expect(await ids(s.operator, 'basket=region&sort=teacher')).toEqual([app.a2, app.b1, app.a3, app.a1]);
    expect(await ids(s.operator, 'basket=region&status=submitted&sort=-appliedAt')).toEqual([
      app.a1,
      app.a3,
      app.b1,
    ]);
  });

  it('is the operator’s alone, and read-only: her actions are refused, nothing changes', async () => {
    for (const who of [s.methodistA, s.manager, s.teacherA]) {
      expect((await get(who, '/applications?basket=region')).statusCode).toBe(403);
      expect((await get(who, '/applications.xlsx?basket=region')).statusCode).toBe(403);
    }
    for (const action of ['forward', 'reject', 'withdraw']) {
      const res = await t.request(s.operator, {
        method: 'POST',
        url: `/api/v1/applications/${app.a1}/actions/${action}`,
        payload: { reason: 'Проверка' },
      });
      expect(res.statusCode).toBe(403);
    }
    const bulk = await t.request(s.operator, {
      method: 'POST',
      url: '/api/v1/applications/actions/forward',
      payload: { ids: [app.a1] },
    });
    expect(bulk.statusCode).toBe(403);
    const card = (await get(s.operator, `/applications/${app.a1}`)).json() as { status: string };
    expect(card.status).toBe('submitted');
  });
});

/** An exported workbook's rows (the header first), cells as a spreadsheet shows them. */
async function sheetOf(who: Session, query: string) {
  const res = await get(who, `/applications.xlsx?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  expect(String(res.headers['content-disposition'])).toContain('.xlsx');
  return xlsxRows(res.rawPayload);
}

describe('the export', () => {
  it('gives the methodist’s list as filtered and ordered, whole, and audits it', async () => {
    const { rows, worksheet } = await sheetOf(s.methodistA, 'basket=methodist&sort=teacher&limit=1');
    expect(rows[0]).toEqual(expect.arrayContaining(['Педагог', 'Организация', 'Приём до', 'Состояние']));
    // The whole list (no page), in the order asked for, her territory's only.
    expect(rows.slice(1).map((r) => r[0]?.split(' ')[0])).toEqual(['Агеева', 'Маркова', 'Яковлева']);
    const applyUntil = rows[0]?.indexOf('Приём до') ?? -1;
    expect(rows[1]?.[applyUntil]).toBe('08.01.2027');
    // A date cell, not text, so that the spreadsheet sorts and filters the column as dates.
    expect(worksheet.getRow(2).getCell(applyUntil + 1).type).toBe(ExcelJS.ValueType.Date);
    const status = rows[0]?.indexOf('Состояние') ?? -1;
    expect(rows.slice(1).map((r) => r[status])).toEqual(['Передана поставщику', 'Подана', 'Подана']);

    const { rows: filtered } = await sheetOf(s.methodistA, 'basket=methodist&status=submitted&sort=-teacher');
    expect(filtered.slice(1).map((r) => r[0]?.split(' ')[0])).toEqual(['Яковлева', 'Маркова']);

    const audit = await t.db
      .selectFrom('auditEvents')
      .where('action', '=', 'application.exported')
      .select(['after', 'login'])
      .orderBy('id')
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
    const last = audit.at(-1);
    const after = typeof last?.after === 'string' ? JSON.parse(last.after) : last?.after;
    expect(after).toMatchObject({
      filters: { basket: 'methodist', status: 'submitted', sort: '-teacher' },
      rows: 2,
    });
  });

  it('never carries another territory’s applications, in any order', async () => {
    for (const sort of Object.keys(ORDERS)) {
      const { rows } = await sheetOf(s.methodistB, `basket=methodist&sort=-${sort}`);
      expect(rows.slice(1).map((r) => r[0]?.split(' ')[0])).toEqual(['Борисова']);
    }
  });

  it('gives the operator the region’s list', async () => {
    const { rows } = await sheetOf(s.operator, 'basket=region&sort=organization');
    expect(rows).toHaveLength(5);
    const org = rows[0]?.indexOf('Организация') ?? -1;
    expect(rows.slice(1).map((r) => r[org])).toEqual(['А-школа', 'Б-школа', 'Б-школа', 'В-школа']);
  });
});

describe('a started course in lists', () => {
  it('shows who joined a group and who completed it, not its places; a course not started shows places', async () => {
    const dept = (await buildDepartment(t.db, { providerId: (await buildProvider(t.db)).id })).id;
    const running = await buildCourse(t.db, {
      departmentId: dept,
      status: 'running',
      startsOn: '2026-11-30',
      endsOn: '2026-12-20',
      applyUntil: '2026-11-20',
      capacity: 20,
    });
    const org = (await buildOrganization(t.db)).id;
    for (const status of [
      'enrolled',
      'enrolled',
      'completed',
      'not_completed',
      'no_show',
      'declined',
    ] as const)
      await buildApplication(t.db, {
        courseId: running.id,
        teacherId: (await buildUser(t.db, { organizationId: org })).id,
        status,
      });
    const published = await buildCourse(t.db, { departmentId: dept, status: 'published', capacity: 20 });
    const card = (id: number) => get(s.operator, `/courses/${id}`).then((r) => r.json());
    expect(await card(running.id)).toMatchObject({ learners: { enrolled: 4, completed: 1 } });
    expect(await card(published.id)).toMatchObject({ learners: null, placesLeft: 20 });
    const catalogCard = (await get(s.operator, `/catalog/${running.id}`)).json();
    expect(catalogCard).toMatchObject({ learners: { enrolled: 4, completed: 1 } });
    const rows = (await get(s.operator, `/courses?departmentId=${dept}&limit=50`)).json() as {
      items: { id: string; learners: unknown }[];
    };
    expect(rows.items.find((c) => c.id === String(running.id))?.learners).toEqual({
      enrolled: 4,
      completed: 1,
    });
  });
});

describe('the name orders follow the names', () => {
  it('re-sorts a basket when a teacher or an organization is renamed', async () => {
    const teacherOf = async (id: string) =>
      await t.db
        .selectFrom('applications')
        .select(['teacherId', 'organizationId'])
        .where('id', '=', Number(id))
        .executeTakeFirstOrThrow();
    const { teacherId, organizationId } = await teacherOf(app.a2);
    // Агеева becomes Щукина: last by teacher now.
    await t.db.updateTable('users').set({ lastName: 'Щукина' }).where('id', '=', teacherId).execute();
    expect(await ids(s.methodistA, 'basket=methodist&sort=teacher')).toEqual([app.a3, app.a2, app.a1]);
    // А-школа becomes Я-школа: after Б-школа.
    await t.db
      .updateTable('organizations')
      .set({ name: 'Я-школа' })
      .where('id', '=', organizationId)
      .execute();
    expect(await ids(s.methodistA, 'basket=methodist&sort=organization')).toEqual([app.a1, app.a3, app.a2]);
    // Each application keeps the names as they are now.
    const row = await t.db
      .selectFrom('applications')
      .select(['teacherKey', 'organizationKey'])
      .where('id', '=', Number(app.a2))
      .executeTakeFirstOrThrow();
    const { firstName, middleName } = await t.db
      .selectFrom('users')
      .select(['firstName', 'middleName'])
      .where('id', '=', teacherId)
      .executeTakeFirstOrThrow();
    const apart = String.fromCharCode(1);
    expect(row).toEqual({
      teacherKey: ['Щукина', firstName, middleName ?? ''].join(apart),
      organizationKey: 'Я-школа',
    });
  });
});

describe('the date orders follow the course’s dates', () => {
  it('re-sorts a basket when a course’s dates are changed', async () => {
    const { courseId } = await t.db
      .selectFrom('applications')
      .select('courseId')
      .where('id', '=', Number(app.a2))
      .executeTakeFirstOrThrow();
    const dates = (startsOn: string, endsOn: string, applyUntil: string) =>
      t.db.updateTable('courses').set({ startsOn, endsOn, applyUntil }).where('id', '=', courseId).execute();
    // a2 and a3's course now starts after a1's and stops taking applications before it.
    await dates('2027-03-01', '2027-03-03', '2027-01-02');
    expect(await ids(s.methodistA, 'basket=methodist&sort=startsOn')).toEqual([app.a1, app.a2, app.a3]);
    expect(await ids(s.methodistA, 'basket=methodist&sort=-applyUntil')).toEqual([app.a1, app.a3, app.a2]);
    expect(await ids(s.manager, 'basket=provider&sort=startsOn')).toEqual([app.a2]);
    const page = await list(s.methodistA, 'basket=methodist&sort=applyUntil');
    expect(page.items.map((i) => i.course.applyUntil)).toEqual(['2027-01-02', '2027-01-02', '2027-01-05']);
    await dates('2027-01-10', '2027-01-12', '2027-01-08');
    expect(await ids(s.methodistA, 'basket=methodist&sort=startsOn')).toEqual(
      ORDERS.startsOn?.map((n) => app[n]),
    );
  });
});

describe('Ё in a name', () => {
  it('sorts with Е, as in a dictionary, not before А or after Я', async () => {
    const territory = (await buildTerritory(t.db)).id;
    const dept = (await buildDepartment(t.db, { providerId: (await buildProvider(t.db)).id })).id;
    const course = await buildCourse(t.db, { departmentId: dept, status: 'published' });
    const school = (name: string) => buildOrganization(t.db, { territoryId: territory, name });
    const made: Record<string, string> = {};
    for (const [lastName, organization] of [
      ['Жукова', 'Ёлочка, детский сад'],
      ['Ёлкина', 'Ясли-сад'],
      ['Ежова', 'Азбука, школа'],
      ['Абрамова', 'Ежевика, школа'],
    ] as const) {
      const teacher = await buildUser(t.db, { organizationId: (await school(organization)).id, lastName });
      made[lastName] = String(
        (await buildApplication(t.db, { courseId: course.id, teacherId: teacher.id })).id,
      );
    }
    const methodist = await t.login(
      (await buildUser(t.db, { roles: [{ role: 'methodist', territoryId: territory }] })).login,
    );
    const order = async (sort: string) =>
      ((await get(methodist, `/applications?basket=methodist&sort=${sort}`)).json() as ListPage).items.map(
        (i) => Object.keys(made).find((k) => made[k] === i.id),
      );
    expect(await order('teacher')).toEqual(['Абрамова', 'Ежова', 'Ёлкина', 'Жукова']);
    expect(await order('-teacher')).toEqual(['Жукова', 'Ёлкина', 'Ежова', 'Абрамова']);
    // Азбука, Ежевика, Ёлочка, Ясли-сад.
    expect(await order('organization')).toEqual(['Ежова', 'Абрамова', 'Жукова', 'Ёлкина']);
    // A renamed teacher is re-sorted by the same rule.
    const { teacherId } = await t.db
      .selectFrom('applications')
      .select('teacherId')
      .where('id', '=', Number(made.Абрамова))
      .executeTakeFirstOrThrow();
    await t.db.updateTable('users').set({ lastName: 'Ёршова' }).where('id', '=', teacherId).execute();
    made.Ёршова = made.Абрамова as string;
    delete made.Абрамова;
    expect(await order('teacher')).toEqual(['Ежова', 'Ёлкина', 'Ёршова', 'Жукова']);
  });
});

describe('a basket page as JSON', () => {
  it('is written as the contract serializes it, each item as its card shows it, with the abilities of whoever asks', async () => {
    // The page's JSON is built in SQL (queries.ts) and given its abilities in present.ts, not by
    // presenters and the response schema: this holds the text to the schema (every field in its
    // order, escaped as JSON.stringify escapes) and each item to the application's own card.
    const territory = (await buildTerritory(t.db, { name: 'Округ «Тест» \\ "кавычки"' })).id;
    const school = (await buildOrganization(t.db, { territoryId: territory, name: 'Школа "№ 1" \\ 🎓\tтаб' }))
      .id;
    const provider = (await buildProvider(t.db, { name: 'ИРО «Кавычки" и \\' })).id;
    const dept = (await buildDepartment(t.db, { providerId: provider, name: 'Кафедра "А" / Б' })).id;
    const open = await buildCourse(t.db, { departmentId: dept, status: 'published', capacity: 1 });
    const finished = await buildCourse(t.db, {
      departmentId: dept,
      status: 'finished',
      startsOn: '2026-10-01',
      endsOn: '2026-10-05',
      applyUntil: '2026-09-20',
    });
    const teacher = async (lastName: string) =>
      (await buildUser(t.db, { organizationId: school, lastName })).id;
    const made: number[] = [];
    for (const [courseId, status, lastName] of [
      [open.id, 'submitted', 'Иванова "Кавычки"'],
      [open.id, 'forwarded', 'Петрова \\ Обратная'],
      [open.id, 'waitlisted', 'Сидорова'],
      [open.id, 'waitlisted', 'Смирнова 🎓'],
      [open.id, 'rejected', 'Козлова'],
      [finished.id, 'enrolled', 'Волкова'],
      [finished.id, 'declined', 'Зайцева'],
    ] as const) {
      const at = new Date(Date.UTC(2026, 9, 1 + made.length, 9, 0, 0, 7 * made.length));
      made.push(
        (await buildApplication(t.db, { courseId, teacherId: await teacher(lastName), status, at })).id,
      );
    }
    // Microseconds, as the database keeps them, shown to the millisecond as the card shows them.
    await sql`UPDATE applications SET updated_at = updated_at + interval '123456 microseconds',
                                      reason = CASE WHEN reason IS NOT NULL THEN 'Нет мест: «так» "вот" \\ и всё' END
               WHERE id = ANY(${made}::int[])`.execute(t.db);
    const users = {
      methodist: await buildUser(t.db, { roles: [{ role: 'methodist', territoryId: territory }] }),
      manager: await buildUser(t.db, { roles: [{ role: 'manager', departmentId: dept }] }),
    };
    const methodist = await t.login(users.methodist.login);
    const manager = await t.login(users.manager.login);
    for (const [who, query] of [
      [methodist, 'basket=methodist'],
      [methodist, 'basket=methodist&sort=-teacher&limit=3&offset=2'],
      [methodist, 'basket=methodist&status=waitlisted'],
      [methodist, 'basket=methodist&offset=50'],
      [manager, 'basket=provider&sort=status'],
      [s.operator, `basket=region&territoryId=${territory}&sort=applyUntil`],
    ] as const) {
      const res = await get(who, `/applications?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.body, query).toBe(JSON.stringify(applicationPage.parse(JSON.parse(res.body))));
      await expectCards(who, (res.json() as { items: { id: string }[] }).items, query);
    }
    const page = (await list(methodist, 'basket=methodist&sort=appliedAt')) as unknown as ApplicationPage;
    expect(page.total).toBe(7);
    expect(page.byStatus).toEqual([
      { status: 'submitted', count: 1 },
      { status: 'rejected', count: 1 },
      { status: 'forwarded', count: 1 },
      { status: 'waitlisted', count: 2 },
      { status: 'declined', count: 1 },
      { status: 'enrolled', count: 1 },
    ]);
    expect(page.items.map((i) => i.teacher.fullName.split(' ')[0])).toEqual([
      'Иванова',
      'Петрова',
      'Сидорова',
      'Смирнова',
      'Козлова',
      'Волкова',
      'Зайцева',
    ]);
    expect(page.items[0]?.abilities).toMatchObject({ forward: true, reject: true, withdraw: true });
    expect(page.items.map((i) => i.waitlistPosition)).toEqual([null, null, 1, 2, null, null, null]);
    expect(page.items[4]?.reason).toBe('Нет мест: «так» "вот" \\ и всё');
    expect(page.items[1]?.createdAt).toBe('2026-10-02T09:00:00.007Z');
    expect(page.items[1]?.updatedAt).toBe('2026-10-02T09:00:00.130Z');
    // The manager may mark the learner of the finished course, the methodist may not.
    const enrolled = String(made[5]);
    const managers = (await list(manager, 'basket=provider')) as unknown as ApplicationPage;
    expect(managers.items.find((i) => i.id === enrolled)?.abilities).toMatchObject({
      complete: true,
      fail: true,
    });
    expect(page.items[5]?.abilities).toMatchObject({ complete: false, fail: false });
  });
});

describe('abilities on a page', () => {
  it('are each item’s own when the actor stands differently to their teachers and departments', async () => {
    // The page computes the abilities once per set of what decides them (present.ts): items that
    // differ only in whether the teacher is the actor, or the department hers, each get their
    // own, as their cards do.
    const territory = (await buildTerritory(t.db)).id;
    const school = (await buildOrganization(t.db, { territoryId: territory })).id;
    const provider = (await buildProvider(t.db)).id;
    const mine = (await buildDepartment(t.db, { providerId: provider })).id;
    const another = (await buildDepartment(t.db, { providerId: provider })).id;
    const courses = [];
    for (const departmentId of [mine, another])
      courses.push((await buildCourse(t.db, { departmentId, status: 'published' })).id);
    const actor = await buildUser(t.db, {
      organizationId: school,
      roles: [
        { role: 'teacher' },
        { role: 'manager', departmentId: mine },
        { role: 'provider_admin', providerId: provider },
      ],
    });
    const other = async () => (await buildUser(t.db, { organizationId: school })).id;
    for (const [teacherId, courseId] of [
      [actor.id, courses[0]],
      [await other(), courses[0]],
      [await other(), courses[1]],
    ] as const)
      await buildApplication(t.db, { courseId: courseId as number, teacherId, status: 'forwarded' });
    const who = await t.login(actor.login);
    const page = (await list(who, 'sort=appliedAt')) as unknown as ApplicationPage;
    expect(page.items).toHaveLength(3);
    await expectCards(who, page.items, 'a teacher, manager and provider admin');
    const [own, staffs, admins] = page.items.map((i) => i.abilities);
    expect(own, 'her own and another’s').not.toEqual(staffs);
    expect(staffs, 'her department and another').not.toEqual(admins);
  });
});

describe('the rows an item reads', () => {
  it('keep their parts of each item as the card shows them, through every change to them', async () => {
    // An item is the text its application keeps, made of the texts its course, teacher,
    // organization and territory keep (migrations 0035, 0036): after each change to the
    // application or any row they read, every item equals its card.
    const territory = (await buildTerritory(t.db)).id;
    const school = (await buildOrganization(t.db, { territoryId: territory })).id;
    const provider = (await buildProvider(t.db)).id;
    const dept = (await buildDepartment(t.db, { providerId: provider })).id;
    const course = await buildCourse(t.db, { departmentId: dept, status: 'published' });
    const teacher = await buildUser(t.db, { organizationId: school, lastName: 'Ильина' });
    const other = await buildUser(t.db, { organizationId: school, lastName: 'Орлова' });
    for (const [who, status] of [
      [teacher.id, 'submitted'],
      [other.id, 'forwarded'],
    ] as const)
      await buildApplication(t.db, { courseId: course.id, teacherId: who, status });
    const methodist = await t.login(
      (await buildUser(t.db, { roles: [{ role: 'methodist', territoryId: territory }] })).login,
    );
    const asCards = async (step: string) => {
      const page = (await list(methodist, 'basket=methodist')) as unknown as ApplicationPage;
      expect(page.items).toHaveLength(2);
      await expectCards(methodist, page.items, step);
      return page.items;
    };
    const { programId } = course;
    const profile = await t.db
      .selectFrom('teacherProfiles')
      .select(['userId', 'organizationId', 'personalDataConsentAt', 'createdAt', 'updatedAt'])
      .where('userId', '=', teacher.id)
      .executeTakeFirstOrThrow();
    const changes: [string, () => Promise<unknown>, (items: ApplicationPage['items']) => unknown][] = [
      [
        'the program renamed',
        () =>
          t.db
            .updateTable('programs')
            .set({ title: 'Новое «имя» \\ программы' })
            .where('id', '=', programId)
            .execute(),
        (items) => items[0]?.course.title,
      ],
      [
        'the department renamed',
        () => t.db.updateTable('departments').set({ name: 'Кафедра "Б"' }).where('id', '=', dept).execute(),
        (items) => items[0]?.course.departmentName,
      ],
      [
        'the provider renamed',
        () => t.db.updateTable('providers').set({ name: 'ИРО № 2' }).where('id', '=', provider).execute(),
        (items) => items[0]?.course.providerName,
      ],
      [
        'the course moved and cancelled',
        () =>
          t.db
            .updateTable('courses')
            .set({
              startsOn: '2027-03-01',
              endsOn: '2027-03-05',
              applyUntil: '2027-02-20',
              status: 'cancelled',
              cancelReason: 'Не набрана группа',
            })
            .where('id', '=', course.id)
            .execute(),
        (items) => [items[0]?.course.startsOn, items[0]?.course.status],
      ],
      [
        'the teacher renamed',
        () => t.db.updateTable('users').set({ lastName: 'Щукина' }).where('id', '=', teacher.id).execute(),
        (items) => items.map((i) => i.teacher.fullName.split(' ')[0]).sort(),
      ],
      [
        'her position changed',
        () =>
          t.db
            .updateTable('teacherProfiles')
            .set({ position: 'учитель "физики"' })
            .where('userId', '=', teacher.id)
            .execute(),
        (items) => items.map((i) => i.teacher.position).sort(),
      ],
      [
        'her profile removed',
        () => t.db.deleteFrom('teacherProfiles').where('userId', '=', teacher.id).execute(),
        (items) => items.map((i) => i.teacher.position).sort(),
      ],
      [
        'renamed without a profile',
        () => t.db.updateTable('users').set({ lastName: 'Юдина' }).where('id', '=', teacher.id).execute(),
        (items) => items.map((i) => i.teacher.fullName.split(' ')[0]).sort(),
      ],
      [
        'her profile written again',
        () =>
          t.db
            .insertInto('teacherProfiles')
            .values({ ...profile, position: 'методист' })
            .execute(),
        (items) => items.map((i) => i.teacher.position).sort(),
      ],
      [
        'her application rejected',
        () =>
          t.db
            .updateTable('applications')
            .set({
              status: 'rejected',
              reason: 'Нет «мест»',
              updatedAt: new Date('2026-11-02T10:00:00.250Z'),
            })
            .where('teacherId', '=', teacher.id)
            .execute(),
        (items) => items.map((i) => [i.status, i.reason, i.updatedAt]).sort(),
      ],
      [
        'the school renamed',
        () =>
          t.db.updateTable('organizations').set({ name: 'Лицей «Новый»' }).where('id', '=', school).execute(),
        (items) => items[0]?.organization.name,
      ],
      [
        'the territory renamed',
        () =>
          t.db
            .updateTable('territories')
            .set({ name: 'Округ \\ новый' })
            .where('id', '=', territory)
            .execute(),
        (items) => items[0]?.territory.name,
      ],
    ];
    let before = await asCards('as made');
    for (const [step, change, shown] of changes) {
      await change();
      const after = await asCards(step);
      // Each change shows on the page (the card reads the rows themselves).
      expect(shown(after), step).not.toEqual(shown(before));
      before = after;
    }
    expect(before[0]).toMatchObject({
      course: { title: 'Новое «имя» \\ программы', departmentName: 'Кафедра "Б"', providerName: 'ИРО № 2' },
      organization: { name: 'Лицей «Новый»' },
      territory: { name: 'Округ \\ новый' },
    });
  });
});

describe('a page far into a list', () => {
  it('is the same page whichever end of the list it is read from, in every order, filter and basket', async () => {
    // A page in a list's second half is read from its end, backwards (queries.ts `listPage`):
    // every page of every order equals the slice of the whole list, ties (same school, same
    // course, same day) broken by id both ways.
    const territory = (await buildTerritory(t.db)).id;
    const schools = [
      (await buildOrganization(t.db, { territoryId: territory, name: 'Гимназия' })).id,
      (await buildOrganization(t.db, { territoryId: territory, name: 'Лицей' })).id,
    ];
    const dept = (await buildDepartment(t.db, { providerId: (await buildProvider(t.db)).id })).id;
    const courses = [
      await buildCourse(t.db, {
        departmentId: dept,
        status: 'published',
        startsOn: '2027-02-01',
        endsOn: '2027-02-05',
        applyUntil: '2027-01-20',
      }),
      await buildCourse(t.db, {
        departmentId: dept,
        status: 'published',
        startsOn: '2027-01-15',
        endsOn: '2027-01-19',
        applyUntil: '2027-01-10',
      }),
    ];
    const statuses = [
      'submitted',
      'forwarded',
      'waitlisted',
      'submitted',
      'rejected',
      'enrolled',
      'submitted',
    ] as const;
    for (let i = 0; i < 11; i++) {
      const teacherId = (
        await buildUser(t.db, {
          organizationId: schools[i % 2] ?? 0,
          lastName: ['Аксёнова', 'Белова', 'Ёлкина'][i % 3],
        })
      ).id;
      const status = statuses[i % statuses.length] ?? 'submitted';
      const at = new Date(Date.UTC(2026, 9, 1 + (i % 4), 9));
      await buildApplication(t.db, { courseId: courses[i % 2]?.id ?? 0, teacherId, status, at });
    }
    const methodist = await t.login(
      (await buildUser(t.db, { roles: [{ role: 'methodist', territoryId: territory }] })).login,
    );
    const manager = await t.login(
      (await buildUser(t.db, { roles: [{ role: 'manager', departmentId: dept }] })).login,
    );
    const lists: [Session, string][] = [];
    for (const sort of ['', ...Object.keys(ORDERS).flatMap((o) => [o, `-${o}`])])
      for (const [who, query] of [
        [methodist, 'basket=methodist'],
        [methodist, 'basket=methodist&status=submitted'],
        [manager, 'basket=provider'],
      ] as const)
        lists.push([who, `${query}${sort ? `&sort=${sort}` : ''}`]);
    for (const [who, query] of lists) {
      const whole = await list(who, `${query}&limit=200`);
      const all = whole.items.map((i) => i.id);
      expect(all.length, query).toBe(whole.total);
      expect(all.length, query).toBeGreaterThan(2);
      for (const limit of [1, 2, 3, 5])
        for (let offset = 0; offset <= all.length + 1; offset++) {
          const page = await list(who, `${query}&limit=${limit}&offset=${offset}`);
          expect(
            page.items.map((i) => i.id),
            `${query} ${limit}@${offset}`,
          ).toEqual(all.slice(offset, offset + limit));
          expect(page.total).toBe(whole.total);
        }
    }
    // Of one state, the default order is the whole list's of that state (read from the index by
    // state but for the waitlist, queries.ts `stateRank`), from either end.
    for (const [who, basket, status] of [
      [methodist, 'basket=methodist', 'submitted'],
      [manager, 'basket=provider', 'forwarded'],
      [manager, 'basket=provider', 'waitlisted'],
    ] as const) {
      const whole = (await list(who, `${basket}&limit=200`)).items.filter((i) => i.status === status);
      const only = (await list(who, `${basket}&status=${status}&limit=200`)).items;
      expect(only.length, status).toBeGreaterThan(1);
      expect(
        only.map((i) => i.id),
        status,
      ).toEqual(whole.map((i) => i.id));
      const last = await list(who, `${basket}&status=${status}&limit=1&offset=${only.length - 1}`);
      expect(last.items.map((i) => i.id)).toEqual([only.at(-1)?.id]);
    }
  });
});
