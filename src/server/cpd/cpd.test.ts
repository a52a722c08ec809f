import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Session, TEST_NOW, testApp } from '../../../test/app.js';
import { xlsxRows } from '../../../test/documents.js';
import {
  buildApplication,
  buildCourse,
  buildExternalCpd,
  buildGroup,
  buildOrganization,
  buildPosition,
  buildProgram,
  buildTerritory,
  buildUser,
  FULL_PERSONAL_DATA,
} from '../../../test/factories.js';

const t = await testApp();
const s = {} as Record<'teacher' | 'methodist' | 'methodistOther' | 'operator' | 'manager', Session>;

const api = (who: Session | null, method: string, url: string, payload?: unknown) =>
  t.request(who, {
    method: method as 'GET',
    url: `/api/v1${url}`,
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
const get = (who: Session | null, url: string) => api(who, 'GET', url);

let territory: { id: number };
let otherTerritory: { id: number };
let school: { id: number; name: string };
let otherSchool: { id: number };
let teacher: { id: number; login: string };
let courseDone: Awaited<ReturnType<typeof buildCourse>>;

/** A teacher of `organizationId` (the main school by default) with a position. */
const newTeacher = (lastName: string, organizationId = school.id) =>
  buildUser(t.db, { lastName, organizationId });

/** A Bank course of the provider's that ended on `endsOn`, with the teacher's application in `status`. */
async function bankCourse(
  teacherId: number,
  endsOn: string,
  status: 'completed' | 'not_completed' | 'enrolled',
) {
  const program = await buildProgram(t.db, { title: `Курс до ${endsOn}`, hours: 24 });
  const course = await buildCourse(t.db, {
    programId: program.id,
    status: 'finished',
    startsOn: endsOn,
    endsOn,
    applyUntil: '2020-01-01',
  });
  await buildApplication(t.db, { courseId: course.id, teacherId, status });
  return course;
}

const document = (over: Record<string, unknown> = {}) => ({
  programTitle: 'Современные образовательные технологии',
  providerName: 'ГАУ ДПО «Институт развития образования Пермского края»',
  hours: 72,
  startsOn: '2022-03-01',
  endsOn: '2022-03-20',
  documentKind: 'certificate',
  documentSeries: '59 0421',
  documentNumber: '000123',
  issuedOn: '2022-03-21',
  ...over,
});

beforeAll(async () => {
  territory = await buildTerritory(t.db);
  otherTerritory = await buildTerritory(t.db);
  school = await buildOrganization(t.db, { territoryId: territory.id });
  otherSchool = await buildOrganization(t.db, { territoryId: otherTerritory.id });
  teacher = await newTeacher('Учителева');
  s.teacher = await t.login(teacher.login);
  const user = (roles: Parameters<typeof buildUser>[1]) =>
    buildUser(t.db, roles).then((u) => t.login(u.login));
  s.methodist = await user({ roles: [{ role: 'methodist', territoryId: territory.id }] });
  s.methodistOther = await user({ roles: [{ role: 'methodist', territoryId: otherTerritory.id }] });
  s.operator = await user({ roles: [{ role: 'operator' }] });
  s.manager = await user({
    roles: [{ role: 'manager', departmentId: (await buildProgram(t.db)).departmentId }],
  });
  courseDone = await bankCourse(teacher.id, '2024-10-18', 'completed');
  await bankCourse(teacher.id, '2025-04-11', 'not_completed');
  await buildExternalCpd(t.db, { teacherId: teacher.id, endsOn: '2021-06-10', hours: 36 });
});

beforeEach(() => t.clock.set(TEST_NOW));

describe('the Bank’s documents in a CPD history', () => {
  it('shows the teacher the document the provider issued, downloads it, and drops it once revoked', async () => {
    const holder = await buildUser(t.db, {
      lastName: 'Документова',
      organizationId: school.id,
      profile: FULL_PERSONAL_DATA,
    });
    const program = await buildProgram(t.db, { title: 'Смысловое чтение', hours: 36 });
    const course = await buildCourse(t.db, {
      programId: program.id,
      status: 'finished',
      startsOn: '2026-10-05',
      endsOn: '2026-10-09',
      applyUntil: '2026-09-30',
    });
    const application = await buildApplication(t.db, { courseId: course.id, teacherId: holder.id });
    await buildGroup(t.db, { courseId: course.id, applicationIds: [application.id] });
    await t.db
      .updateTable('applications')
      .set({ status: 'completed' })
      .where('id', '=', application.id)
      .execute();
    const staff = await buildUser(t.db, { roles: [{ role: 'manager', departmentId: program.departmentId }] });
    const issued = await api(await t.login(staff.login), 'POST', `/courses/${course.id}/certificates`, {});
    expect(issued.statusCode, issued.body).toBe(200);
    const [document] = issued.json().items as { certificateId: string; registrationNumber: string }[];

    const mine = await t.login(holder.login);
    const history = (await get(mine, '/me/cpd')).json();
    expect(history.items[0]).toMatchObject({
      courseId: String(course.id),
      status: 'completed',
      certificate: { id: document?.certificateId, kind: 'certificate', number: document?.registrationNumber },
    });
    const pdf = await get(mine, `/certificates/${document?.certificateId}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');

    const revoked = await api(
      await t.login(staff.login),
      'POST',
      `/certificates/${document?.certificateId}/actions/revoke`,
      { reason: 'Ошибка в фамилии' },
    );
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect((await get(mine, '/me/cpd')).json().items[0].certificate).toBeNull();
  });
});

describe('GET /me/cpd', () => {
  it('gives the teacher her courses, the Bank’s and those before it, with the rule’s state', async () => {
    const res = await get(s.teacher, '/me/cpd');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.items.map((i: { endsOn: string }) => i.endsOn)).toEqual([
      '2025-04-11',
      '2024-10-18',
      '2021-06-10',
    ]);
    expect(body.items[1]).toMatchObject({
      courseId: String(courseDone.id),
      programTitle: 'Курс до 2024-10-18',
      hours: 24,
      status: 'completed',
      external: false,
      certificate: null,
    });
    expect(body.items[0]).toMatchObject({ status: 'not_completed', external: false });
    expect(body.items[2]).toMatchObject({
      courseId: null,
      status: 'completed',
      external: true,
      hours: 36,
      certificate: { kind: 'certificate', series: '59', issuedOn: '2021-06-10' },
    });
    expect(body).toMatchObject({
      teacher: { id: String(teacher.id), organizationName: school.name, position: 'учитель' },
      lastCompletedOn: '2024-10-18',
      dueOn: '2027-10-18',
      rule: 'ok',
      // The external course of 2021 ended more than three years ago; the failed one does not count.
      hoursInThreeYears: 24,
      abilities: { addExternal: false, removeExternal: false },
    });
  });

  it('is the teacher’s alone', async () => {
    expect((await get(s.methodist, '/me/cpd')).statusCode).toBe(403);
    expect((await get(null, '/me/cpd')).statusCode).toBe(401);
  });

  it('follows the Bank’s clock: due within six months of the three years, overdue after them', async () => {
    // A session lasts so long: the teacher signs in on each day.
    const on = async (at: string) => {
      t.clock.set(new Date(at));
      return get(await t.login(teacher.login), '/me/cpd').then((r) => r.json());
    };
    expect(await on('2027-04-18T10:00:00+05:00')).toMatchObject({ rule: 'due', dueOn: '2027-10-18' });
    expect(await on('2027-04-17T10:00:00+05:00')).toMatchObject({ rule: 'ok' });
    expect(await on('2027-10-18T23:00:00+05:00')).toMatchObject({ rule: 'due' });
    expect(await on('2027-10-19T00:30:00+05:00')).toMatchObject({ rule: 'overdue', hoursInThreeYears: 0 });
  });
});

describe('GET /teachers/{id}/cpd', () => {
  it('shows a teacher’s history to her territory’s methodist and the operator, with their abilities', async () => {
    for (const who of [s.methodist, s.operator]) {
      const res = await get(who, `/teachers/${teacher.id}/cpd`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        lastCompletedOn: '2024-10-18',
        rule: 'ok',
        abilities: { addExternal: true, removeExternal: true },
      });
    }
  });

  it('is a 404 for another territory’s methodist and for no such teacher, a 403 for other roles', async () => {
    expect((await get(s.methodistOther, `/teachers/${teacher.id}/cpd`)).statusCode).toBe(404);
    expect((await get(s.methodist, '/teachers/999999/cpd')).statusCode).toBe(404);
    expect((await get(s.teacher, `/teachers/${teacher.id}/cpd`)).statusCode).toBe(403);
    expect((await get(s.manager, `/teachers/${teacher.id}/cpd`)).statusCode).toBe(403);
  });
});

describe('courses completed before the Bank', () => {
  it('adds one from the document, audited, and it counts for the rule', async () => {
    const fresh = await newTeacher('Новикова');
    expect((await get(s.methodist, `/teachers/${fresh.id}/cpd`)).json()).toMatchObject({
      rule: 'overdue',
      dueOn: null,
      lastCompletedOn: null,
    });
    const res = await api(s.methodist, 'POST', `/teachers/${fresh.id}/cpd/external`, document());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      lastCompletedOn: '2022-03-20',
      dueOn: '2025-03-20',
      rule: 'overdue',
      items: [
        {
          external: true,
          programTitle: 'Современные образовательные технологии',
          certificate: { kind: 'certificate', series: '59 0421', number: '000123', issuedOn: '2022-03-21' },
        },
      ],
    });
    const recent = await api(
      s.operator,
      'POST',
      `/teachers/${fresh.id}/cpd/external`,
      document({
        startsOn: '2025-09-01',
        endsOn: '2025-09-30',
        issuedOn: '2025-10-02',
        documentSeries: null,
      }),
    );
    expect(recent.json()).toMatchObject({ rule: 'ok', dueOn: '2028-09-30', hoursInThreeYears: 72 });
    const audit = await t.db
      .selectFrom('auditEvents')
      .where('entityType', '=', 'teacher')
      .where('entityId', '=', String(fresh.id))
      .where('action', '=', 'cpd.external_added')
      .select('after')
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('refuses a document that cannot be, in Russian, per field, adding nothing', async () => {
    const fresh = await newTeacher('Проверкина');
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ endsOn: '2022-02-01' }, 'endsOn', /раньше даты начала/],
      [{ issuedOn: '2022-03-19' }, 'issuedOn', /раньше окончания/],
      [{ endsOn: '2026-12-20', issuedOn: '2026-12-21' }, 'endsOn', /уже пройденный/],
      [{ hours: 8 }, 'hours', /не меньше 16 часов/],
      [{ documentKind: 'diploma', hours: 72 }, 'hours', /не меньше 250 часов/],
    ];
    for (const [over, field, message] of cases) {
      const res = await api(s.methodist, 'POST', `/teachers/${fresh.id}/cpd/external`, document(over));
      expect(res.statusCode, JSON.stringify(over)).toBe(422);
      const error = res.json().errors.find((e: { field: string }) => e.field === field);
      expect(error?.message, JSON.stringify(res.json())).toMatch(message);
    }
    const empty = await api(s.methodist, 'POST', `/teachers/${fresh.id}/cpd/external`, {
      ...document(),
      programTitle: ' ',
      documentKind: 'passport',
    });
    expect(empty.statusCode).toBe(400);
    expect(
      await t.db.selectFrom('externalCpd').where('teacherId', '=', fresh.id).select('id').execute(),
    ).toEqual([]);
  });

  it('is the territory’s methodist’s and the operator’s: another territory’s gets a 404, a teacher a 403', async () => {
    expect(
      (await api(s.methodistOther, 'POST', `/teachers/${teacher.id}/cpd/external`, document())).statusCode,
    ).toBe(404);
    expect(
      (await api(s.teacher, 'POST', `/teachers/${teacher.id}/cpd/external`, document())).statusCode,
    ).toBe(403);
  });

  it('removes one, audited; the rule follows', async () => {
    const fresh = await newTeacher('Удалёнова');
    const record = await buildExternalCpd(t.db, { teacherId: fresh.id, endsOn: '2025-01-15' });
    expect((await get(s.methodist, `/teachers/${fresh.id}/cpd`)).json().rule).toBe('ok');
    expect(
      (await api(s.methodistOther, 'DELETE', `/teachers/${fresh.id}/cpd/external/${record.id}`)).statusCode,
    ).toBe(404);
    // Another teacher's record through this teacher's address does not exist.
    expect(
      (await api(s.methodist, 'DELETE', `/teachers/${teacher.id}/cpd/external/${record.id}`)).statusCode,
    ).toBe(404);
    const res = await api(s.methodist, 'DELETE', `/teachers/${fresh.id}/cpd/external/${record.id}`);
    expect(res.statusCode).toBe(204);
    expect((await get(s.methodist, `/teachers/${fresh.id}/cpd`)).json()).toMatchObject({
      rule: 'overdue',
      items: [],
    });
    const audit = await t.db
      .selectFrom('auditEvents')
      .where('action', '=', 'cpd.external_removed')
      .where('entityId', '=', String(fresh.id))
      .select('before')
      .executeTakeFirst();
    expect(audit?.before).toMatchObject({ recordId: record.id, endsOn: '2025-01-15' });
  });
});

describe('GET /teachers/overdue', () => {
  let ids: Record<string, string>;
  let position: { id: number; name: string };
  beforeAll(async () => {
    const own = await buildOrganization(t.db, { territoryId: territory.id, name: 'МАОУ «Лицей № 1»' });
    position = await buildPosition(t.db, { name: 'социальный педагог (тест)' });
    const make = async (name: string, last: string | null, organizationId = own.id) => {
      const u = await newTeacher(name, organizationId);
      if (last) await buildExternalCpd(t.db, { teacherId: u.id, endsOn: last });
      return String(u.id);
    };
    ids = {
      never: await make('Аникина', null),
      overdue: await make('Борисова', '2023-11-24'),
      dueToday: await make('Васильева', '2023-11-25'),
      dueLast: await make('Григорьева', '2024-05-25'),
      ok: await make('Дмитриева', '2024-05-26'),
      elsewhere: await make('Евдокимова', null, otherSchool.id),
    };
    // A Bank course completed counts like a record; one failed does not.
    const bank = await newTeacher('Жукова', own.id);
    await bankCourse(bank.id, '2025-01-20', 'completed');
    const failed = await newTeacher('Зайцева', own.id);
    await bankCourse(failed.id, '2025-01-20', 'not_completed');
    ids.bankDone = String(bank.id);
    ids.failed = String(failed.id);
    await t.db
      .updateTable('teacherProfiles')
      .set({ position: position.name })
      .where('userId', '=', bank.id)
      .execute();
    await t.db
      .updateTable('teacherProfiles')
      .set({ position: position.name })
      .where('userId', '=', failed.id)
      .execute();
    ids.school = String(own.id);
  });
  const list = async (who: Session, query = '') => {
    const limit = query.includes('limit=') ? '' : '&limit=200';
    const res = await get(who, `/teachers/overdue?organizationId=${ids.school}${limit}${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('lists the overdue and due teachers of the methodist’s territory with the counts, by the rule’s boundaries', async () => {
    const body = await list(s.methodist);
    const by = new Map(body.items.map((i: { teacherId: string }) => [i.teacherId, i]));
    expect(by.get(ids.never)).toMatchObject({ rule: 'overdue', dueOn: null, lastCompletedOn: null });
    expect(by.get(ids.overdue)).toMatchObject({ rule: 'overdue', dueOn: '2026-11-24' });
    expect(by.get(ids.dueToday)).toMatchObject({ rule: 'due', dueOn: '2026-11-25' });
    expect(by.get(ids.dueLast)).toMatchObject({
      rule: 'due',
      dueOn: '2027-05-25',
      organizationName: 'МАОУ «Лицей № 1»',
      position: 'учитель',
    });
    expect(by.has(ids.ok)).toBe(false);
    expect(by.has(ids.bankDone)).toBe(false);
    expect(by.get(ids.failed)).toMatchObject({ rule: 'overdue', fullName: 'Зайцева Мария Петровна' });
    expect(body.counts).toEqual({ overdue: 3, due: 2 });
    expect(body.total).toBe(5);
    // The latest due date last; never completed first.
    expect(body.items[0].dueOn).toBeNull();
    expect(body.items.at(-1).teacherId).toBe(ids.dueLast);
  });

  it('moves with the Bank’s clock', async () => {
    t.clock.set(new Date('2026-11-26T08:00:00+05:00'));
    const methodist = await t.login(
      (
        await t.db
          .selectFrom('users')
          .where('id', '=', Number(s.methodist.userId))
          .select('login')
          .executeTakeFirstOrThrow()
      ).login,
    );
    const body = await list(methodist);
    expect(body.counts).toEqual({ overdue: 4, due: 2 });
    expect(body.items.find((i: { teacherId: string }) => i.teacherId === ids.ok)).toMatchObject({
      rule: 'due',
    });
  });

  it('filters by rule and position, sorts by name, pages, and keeps the counts of both states', async () => {
    const due = await list(s.methodist, '&rule=due');
    expect(due.items.map((i: { teacherId: string }) => i.teacherId)).toEqual([ids.dueToday, ids.dueLast]);
    expect(due).toMatchObject({ total: 2, counts: { overdue: 3, due: 2 } });
    const psych = await list(s.methodist, `&positionId=${position.id}`);
    expect(psych.items.map((i: { teacherId: string }) => i.teacherId)).toEqual([ids.failed]);
    const named = await list(s.methodist, '&sort=name&limit=2&offset=1');
    expect(named.items.map((i: { fullName: string }) => i.fullName.split(' ')[0])).toEqual([
      'Борисова',
      'Васильева',
    ]);
    expect(named.total).toBe(5);
    const past = await list(s.methodist, '&offset=100');
    expect(past).toEqual({ items: [], total: 5, counts: { overdue: 3, due: 2 } });
  });

  it('is the methodist’s territory only; the operator sees the region and filters by territory', async () => {
    const other = await get(s.methodistOther, `/teachers/overdue?organizationId=${ids.school}`);
    expect(other.json()).toEqual({ items: [], total: 0, counts: { overdue: 0, due: 0 } });
    const theirs = (await get(s.methodistOther, '/teachers/overdue?limit=200')).json();
    expect(theirs.items.map((i: { teacherId: string }) => i.teacherId)).toContain(ids.elsewhere);
    expect(theirs.items.map((i: { teacherId: string }) => i.teacherId)).not.toContain(ids.never);
    const region = (
      await get(s.operator, `/teachers/overdue?territoryId=${otherTerritory.id}&limit=200`)
    ).json();
    expect(region.items.map((i: { teacherId: string }) => i.teacherId)).toEqual([ids.elsewhere]);
    expect((await get(s.teacher, '/teachers/overdue')).statusCode).toBe(403);
    expect((await get(s.manager, '/teachers/overdue')).statusCode).toBe(403);
  });

  it('exports the list as a spreadsheet, recording the export of personal data', async () => {
    const res = await get(s.methodist, `/teachers/overdue.xlsx?organizationId=${ids.school}&rule=overdue`);
    expect(res.statusCode).toBe(200);
    const { rows, worksheet } = await xlsxRows(res.rawPayload);
    expect(rows[0]?.[0]).toBe('ФИО');
    // Date cells (a spreadsheet sorts them as dates), an empty one where there is no date.
    expect(
      worksheet
        .getColumn(5)
        .values.slice(2)
        .map((v) => v instanceof Date || v === undefined),
    ).not.toContain(false);
    expect(rows.slice(1).map((r) => r[6])).toEqual(['Просрочено', 'Просрочено', 'Просрочено']);
    expect(rows.find((r) => String(r[0]).startsWith('Борисова'))?.slice(4, 6)).toEqual([
      '24.11.2023',
      '24.11.2026',
    ]);
    const audit = await t.db
      .selectFrom('auditEvents')
      .where('action', '=', 'cpd.overdue_exported')
      .select(['after', 'actorId'])
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ rows: 3, filters: { rule: 'overdue' } });
    expect((await get(s.teacher, '/teachers/overdue.xlsx')).statusCode).toBe(403);
  });
});
