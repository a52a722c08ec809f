import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import {
  buildApplication,
  buildCertificate,
  buildCourse,
  buildDepartment,
  buildExternalCpd,
  buildGroup,
  buildOrganization,
  buildProgram,
  buildProvider,
  buildTerritory,
  buildUser,
  FULL_PERSONAL_DATA,
} from '../../../test/factories.js';
import { PROVIDER_STATUSES } from '../../contract/applications.js';
import {
  APPLICATION_STATUSES,
  type Dimension,
  FORM_LABEL,
  FUNDING_LABEL,
  type Summary,
  type SummaryTotals,
} from '../../contract/reports.js';
import type { ApplicationStatus } from '../db/schema.js';

const t = await testApp();
const api = (who: Session | null, method: string, url: string, payload?: unknown, headers?: object) =>
  t.request(who, {
    method: method as 'GET',
    url: `/api/v1${url}`,
    ...(payload !== undefined ? { payload: payload as object } : {}),
    ...(headers ? { headers: headers as Record<string, string> } : {}),
  });
const YEAR = '?from=2026-01-01&to=2026-12-31';

/** One built application with everything the summary reads of it, kept by the test itself. */
type Fact = {
  id: number;
  status: ApplicationStatus;
  courseId: number;
  courseStarts: string;
  groupId: number | null;
  territoryId: number;
  organizationId: number;
  position: string;
  providerId: number;
  departmentId: number;
  programId: number;
  form: 'full_time' | 'mixed' | 'extramural';
  funding: 'budget' | 'paid';
  hours: number;
  documents: number;
  teacherId: number;
};
type Teacher = {
  id: number;
  territoryId: number;
  organizationId: number;
  position: string;
  recentExternal: boolean;
};

const built: Fact[] = [];
const teachers: Teacher[] = [];
const s = {} as Record<'operator' | 'methodist' | 'head' | 'manager' | 'providerAdmin' | 'teacher', Session>;
const world = {} as {
  territories: { id: number; name: string }[];
  provider: number;
  department: number;
  otherDepartment: number;
};

/** A small deterministic generator: the same data every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const POSITIONS = ['учитель', 'воспитатель', 'педагог-психолог'];
const OUTCOMES: ApplicationStatus[] = [
  'submitted',
  'rejected',
  'forwarded',
  'waitlisted',
  'declined',
  'withdrawn',
  'no_show',
  'enrolled',
  'completed',
  'completed',
  'completed',
  'not_completed',
];

beforeAll(async () => {
  const rnd = random(14);
  const territories = [await buildTerritory(t.db), await buildTerritory(t.db), await buildTerritory(t.db)];
  world.territories = territories.map((x) => ({ id: x.id, name: x.name }));
  const organizations = [];
  for (const territory of territories)
    for (let i = 0; i < 2; i++)
      organizations.push(await buildOrganization(t.db, { territoryId: territory.id }));
  for (let i = 0; i < 18; i++) {
    const org = organizations[i % organizations.length] as (typeof organizations)[number];
    const user = await buildUser(t.db, { organizationId: org.id });
    const position = POSITIONS[i % POSITIONS.length] as string;
    await t.db.updateTable('teacherProfiles').set({ position }).where('userId', '=', user.id).execute();
    const recentExternal = i % 4 === 0;
    if (recentExternal) await buildExternalCpd(t.db, { teacherId: user.id, endsOn: '2025-05-30' });
    if (i % 4 === 1) await buildExternalCpd(t.db, { teacherId: user.id, endsOn: '2019-05-30' });
    teachers.push({
      id: user.id,
      territoryId: org.territoryId,
      organizationId: org.id,
      position,
      recentExternal,
    });
  }
  const p1 = await buildProvider(t.db);
  const p2 = await buildProvider(t.db);
  const departments = [
    await buildDepartment(t.db, { providerId: p1.id }),
    await buildDepartment(t.db, { providerId: p1.id }),
    await buildDepartment(t.db, { providerId: p2.id }),
  ];
  world.provider = p1.id;
  world.department = (departments[0] as { id: number }).id;
  world.otherDepartment = (departments[2] as { id: number }).id;
  const forms = ['full_time', 'mixed', 'extramural'] as const;
  let n = 0;
  for (const department of departments)
    for (const hours of [36, 72]) {
      const form = forms[n % 3] as Fact['form'];
      const program = await buildProgram(t.db, { departmentId: department.id, hours, form });
      for (const startsOn of [`2026-0${1 + (n % 9)}-12`, '2025-10-06']) {
        n++;
        const funding = n % 3 === 0 ? 'paid' : 'budget';
        const endsOn = startsOn.replace(/-(\d\d)$/, (_, d: string) => `-${Number(d) + 2}`);
        const course = await buildCourse(t.db, {
          programId: program.id,
          status: 'finished',
          startsOn,
          endsOn,
          applyUntil: startsOn,
          funding,
        });
        const chosen = teachers.filter(() => rnd() < 0.4);
        const apps = [];
        for (const teacher of chosen) {
          const status = OUTCOMES[Math.floor(rnd() * OUTCOMES.length)] as ApplicationStatus;
          const learner = ['enrolled', 'completed', 'not_completed'].includes(status);
          const a = await buildApplication(t.db, {
            courseId: course.id,
            teacherId: teacher.id,
            status: learner ? 'forwarded' : status,
          });
          apps.push({ a, status, learner, teacher });
        }
        const learners = apps.filter((x) => x.learner);
        const half = Math.ceil(learners.length / 2);
        const groups = [learners.slice(0, half), learners.slice(half)].filter((g) => g.length);
        const groupOf = new Map<number, number>();
        for (const g of groups) {
          const group = await buildGroup(t.db, { courseId: course.id, applicationIds: g.map((x) => x.a.id) });
          for (const x of g) groupOf.set(x.a.id, group.id);
        }
        for (const x of apps) {
          await t.db.updateTable('applications').set({ status: x.status }).where('id', '=', x.a.id).execute();
          let documents = 0;
          if (x.status === 'completed') {
            const revoked = rnd() < 0.25;
            await buildCertificate(t.db, { applicationId: x.a.id, revoked });
            if (revoked && rnd() < 0.5) await buildCertificate(t.db, { applicationId: x.a.id });
            documents = (
              await t.db
                .selectFrom('certificates')
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .where('applicationId', '=', x.a.id)
                .where('revokedAt', 'is', null)
                .executeTakeFirstOrThrow()
            ).n;
          }
          built.push({
            id: x.a.id,
            status: x.status,
            courseId: course.id,
            courseStarts: startsOn,
            groupId: groupOf.get(x.a.id) ?? null,
            territoryId: x.teacher.territoryId,
            organizationId: x.teacher.organizationId,
            position: x.teacher.position,
            providerId: department.providerId,
            departmentId: department.id,
            programId: program.id,
            form,
            funding,
            hours,
            documents: Number(documents),
            teacherId: x.teacher.id,
          });
        }
      }
    }
  const territory0 = (territories[0] as { id: number }).id;
  const logins = {
    operator: await buildUser(t.db, { roles: [{ role: 'operator' }] }),
    methodist: await buildUser(t.db, { roles: [{ role: 'methodist', territoryId: territory0 }] }),
    head: await buildUser(t.db, { roles: [{ role: 'head', departmentId: world.department }] }),
    manager: await buildUser(t.db, { roles: [{ role: 'manager', departmentId: world.department }] }),
    providerAdmin: await buildUser(t.db, { roles: [{ role: 'provider_admin', providerId: p1.id }] }),
    teacher: await buildUser(t.db, { organizationId: (organizations[0] as { id: number }).id }),
  };
  teachers.push({
    id: logins.teacher.id,
    territoryId: territory0,
    organizationId: (organizations[0] as { id: number }).id,
    position: 'учитель',
    recentExternal: false,
  });
  for (const [name, user] of Object.entries(logins)) s[name as keyof typeof s] = await t.login(user.login);
}, 120_000);

// --- the independent count: plain loops over what the test built

type Role = keyof typeof s;
const sees: Record<Exclude<Role, 'teacher'>, (f: Fact) => boolean> = {
  operator: () => true,
  methodist: (f) => f.territoryId === world.territories[0]?.id,
  head: (f) => f.departmentId === world.department && PROVIDER_STATUSES.includes(f.status),
  manager: (f) => f.departmentId === world.department && PROVIDER_STATUSES.includes(f.status),
  providerAdmin: (f) => f.providerId === world.provider && PROVIDER_STATUSES.includes(f.status),
};

const keyOf = (f: Fact, d: Dimension): string =>
  String(
    {
      territory: f.territoryId,
      provider: f.providerId,
      department: f.departmentId,
      program: f.programId,
      course: f.courseId,
      organization: f.organizationId,
      position: f.position,
      form: f.form,
      funding: f.funding,
    }[d],
  );

type Expected = Omit<SummaryTotals, 'teachers' | 'teachersWithCpd' | 'cpdShare'>;

function count(facts: Fact[]): Expected {
  const byState = Object.fromEntries(APPLICATION_STATUSES.map((st) => [st, 0])) as Expected['byState'];
  const courses = new Set<number>();
  const groups = new Set<number>();
  let enrolled = 0;
  let personHours = 0;
  let documents = 0;
  for (const f of facts) {
    byState[f.status] += 1;
    if (f.groupId !== null) {
      courses.add(f.courseId);
      groups.add(f.groupId);
      enrolled += 1;
    }
    if (f.status === 'completed') personHours += f.hours;
    documents += f.documents;
  }
  return {
    courses: courses.size,
    groups: groups.size,
    applications: facts.length,
    byState,
    enrolled,
    completed: byState.completed,
    notCompleted: byState.not_completed,
    noShow: byState.no_show,
    personHours,
    documents,
  };
}

const inYear = (f: Fact) => f.courseStarts.startsWith('2026');

function expectedRows(role: Exclude<Role, 'teacher'>, by: Dimension[]) {
  const facts = built.filter((f) => inYear(f) && sees[role](f));
  const groups = new Map<string, Fact[]>();
  for (const f of facts) {
    const k = by.map((d) => keyOf(f, d)).join('|');
    groups.set(k, [...(groups.get(k) ?? []), f]);
  }
  return { rows: new Map([...groups].map(([k, list]) => [k, count(list)])), totals: count(facts) };
}

const measuresOf = (r: SummaryTotals): Expected => ({
  courses: r.courses,
  groups: r.groups,
  applications: r.applications,
  byState: r.byState,
  enrolled: r.enrolled,
  completed: r.completed,
  notCompleted: r.notCompleted,
  noShow: r.noShow,
  personHours: r.personHours,
  documents: r.documents,
});

async function summary(who: Session, query: string): Promise<Summary> {
  const res = await api(who, 'GET', `/reports/summary${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Summary;
}

describe('the summary equals an independent count over generated data', () => {
  it('has data to count', () => {
    expect(built.filter(inYear).length).toBeGreaterThan(30);
    expect(new Set(built.filter(inYear).map((f) => f.status)).size).toBeGreaterThanOrEqual(8);
  });

  const single: Dimension[] = [
    'territory',
    'provider',
    'department',
    'program',
    'course',
    'organization',
    'position',
    'form',
    'funding',
  ];
  for (const d of single)
    it(`by ${d}, for the operator: every row and the totals`, async () => {
      const got = await summary(s.operator, `${YEAR}&by=${d}`);
      const want = expectedRows('operator', [d]);
      const fromFacts = got.rows.filter((r) => r.applications > 0);
      expect(new Map(fromFacts.map((r) => [r.key, measuresOf(r)]))).toEqual(want.rows);
      expect(measuresOf(got.totals)).toEqual(want.totals);
      // Counts of distinct things: the total is each course once, not the sum of the rows.
      expect(got.totals.courses).toBeLessThanOrEqual(got.rows.reduce((x, r) => x + r.courses, 0));
      const additive = ['applications', 'enrolled', 'completed', 'personHours', 'documents'] as const;
      for (const m of additive) expect(got.totals[m]).toBe(got.rows.reduce((x, r) => x + r[m], 0));
    });

  it('by two dimensions at once (territory × form), with names', async () => {
    const got = await summary(s.operator, `${YEAR}&by=territory,form`);
    const want = expectedRows('operator', ['territory', 'form']);
    expect(new Map(got.rows.map((r) => [`${r.key}|${r.key2}`, measuresOf(r)]))).toEqual(want.rows);
    expect(measuresOf(got.totals)).toEqual(want.totals);
    const row = got.rows.find((r) => r.key === String(world.territories[0]?.id));
    expect(row?.name).toBe(world.territories[0]?.name);
    expect(Object.values(FORM_LABEL)).toContain(row?.name2);
    expect(got.rows.every((r) => r.teachers === null)).toBe(true);
  });

  it('orders the rows by any column, the spreadsheet in the same order', async () => {
    const got = await summary(s.operator, `${YEAR}&by=organization&sort=-applications`);
    const counts = got.rows.map((r) => r.applications);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const xlsx = await api(
      s.operator,
      'GET',
      `/reports/summary.xlsx${YEAR}&by=organization&sort=-applications`,
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const names: string[] = [];
    (book.worksheets[0] as ExcelJS.Worksheet).eachRow((row, i) => {
      if (i > 6) names.push(String(row.getCell(1).value));
    });
    expect(names).toEqual([...got.rows.map((r) => r.name), 'Итого']);
    expect((await api(s.operator, 'GET', `/reports/summary${YEAR}&sort=nonsense`)).statusCode).toBe(400);
  });

  it('names form and funding in Russian', async () => {
    const got = await summary(s.operator, `${YEAR}&by=funding`);
    expect(got.rows.map((r) => r.name).sort()).toEqual(Object.values(FUNDING_LABEL).sort());
  });

  it('counts the share of teachers with CPD in three years by territory, organization and position', async () => {
    const hasCpd = (teacher: Teacher) =>
      teacher.recentExternal || built.some((f) => f.teacherId === teacher.id && f.status === 'completed');
    for (const d of ['territory', 'organization', 'position'] as const) {
      const got = await summary(s.operator, `${YEAR}&by=${d}`);
      const key = (x: Teacher) =>
        String(d === 'territory' ? x.territoryId : d === 'organization' ? x.organizationId : x.position);
      for (const row of got.rows.filter((r) => teachers.some((x) => key(x) === r.key))) {
        const mine = teachers.filter((x) => key(x) === row.key);
        expect(row.teachers, `${d} ${row.name}`).toBe(mine.length);
        expect(row.teachersWithCpd, `${d} ${row.name}`).toBe(mine.filter(hasCpd).length);
        expect(row.cpdShare).toBeCloseTo(mine.filter(hasCpd).length / mine.length, 3);
      }
    }
    const got = await summary(s.methodist, `${YEAR}&by=territory`);
    const mine = teachers.filter((x) => x.territoryId === world.territories[0]?.id);
    expect(got.rows.map((r) => r.key)).toEqual([String(world.territories[0]?.id)]);
    expect(got.totals.teachers).toBe(mine.length);
    expect(got.totals.teachersWithCpd).toBe(mine.filter(hasCpd).length);
  });
});

describe('scope: each role counts what it sees', () => {
  for (const role of ['operator', 'methodist', 'head', 'manager', 'providerAdmin'] as const)
    it(`${role}: rows and totals equal the independent count of its scope, and the XLSX says the same`, async () => {
      const got = await summary(s[role], `${YEAR}&by=territory`);
      const want = expectedRows(role, ['territory']);
      expect(new Map(got.rows.filter((r) => r.applications > 0).map((r) => [r.key, measuresOf(r)]))).toEqual(
        want.rows,
      );
      expect(measuresOf(got.totals)).toEqual(want.totals);
      if (role === 'head' || role === 'manager' || role === 'providerAdmin')
        expect(got.totals.teachers).toBeNull();
      const xlsx = await api(s[role], 'GET', `/reports/summary.xlsx${YEAR}&by=territory`);
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = book.worksheets[0] as ExcelJS.Worksheet;
      const lines: (string | number | null)[][] = [];
      sheet.eachRow((row) => {
        lines.push((row.values as (string | number | null)[]).slice(1));
      });
      expect(String(lines[0]?.[0])).toContain('01.01.2026 — 31.12.2026');
      expect(String(lines[2]?.[0])).toBe(`Охват: ${got.scope}`);
      const header = lines.findIndex((l) => l[0] === 'Территория');
      const body = lines.slice(header + 1);
      expect(body.map((l) => l[0])).toEqual([...got.rows.map((r) => r.name), 'Итого']);
      const column = (title: string) => (lines[header] as unknown[]).indexOf(title);
      for (const [i, r] of [...got.rows, got.totals].entries()) {
        expect(body[i]?.[column('Заявок')]).toBe(r.applications);
        expect(body[i]?.[column('Курсов проведено')]).toBe(r.courses);
        expect(body[i]?.[column('Человеко-часов')]).toBe(r.personHours);
        expect(body[i]?.[column('Документов выдано')]).toBe(r.documents);
        expect(body[i]?.[column('Не явились')]).toBe(r.noShow);
      }
    });

  it('the methodist sees her territory alone, in JSON and in the spreadsheet (asked by Accept too)', async () => {
    const got = await summary(s.methodist, `${YEAR}&by=territory`);
    expect(got.rows.map((r) => r.name)).toEqual([world.territories[0]?.name]);
    const res = await api(s.methodist, 'GET', `/reports/summary${YEAR}&by=territory`, undefined, {
      accept: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    expect(res.statusCode).toBe(200);
    const text = res.rawPayload.toString('latin1');
    expect(text.startsWith('PK')).toBe(true);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const names: string[] = [];
    (book.worksheets[0] as ExcelJS.Worksheet).eachRow((row) => {
      names.push(String(row.getCell(1).value));
    });
    for (const other of world.territories.slice(1)) expect(names).not.toContain(other.name);
  });

  it('a teacher and a visitor get no statistics', async () => {
    expect((await api(s.teacher, 'GET', `/reports/summary${YEAR}`)).statusCode).toBe(403);
    expect((await api(null, 'GET', `/reports/summary${YEAR}`)).statusCode).toBe(401);
    expect((await api(s.teacher, 'GET', '/reports/periods')).statusCode).toBe(403);
  });

  it('refuses a bad query in Russian and changes nothing', async () => {
    for (const q of [
      '?from=2026-12-31&to=2026-01-01',
      '?from=2026-01-01',
      `${YEAR}&by=nonsense`,
      `${YEAR}&by=form,form`,
      `${YEAR}&by=a,b,c`,
      '?from=2000-01-01&to=2026-01-01',
      '?periodId=1&from=2026-01-01&to=2026-02-01',
    ]) {
      const res = await api(s.operator, 'GET', `/reports/summary${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.body).toMatch(/[а-я]/);
    }
    expect((await api(s.operator, 'GET', '/reports/summary?periodId=999999')).statusCode).toBe(404);
  });
});

describe('reporting periods: a closed period does not move', () => {
  let q1: { id: string };

  it('the operator creates periods; calendar kinds must be whole; others may only read them', async () => {
    const bad = await api(s.operator, 'POST', '/reports/periods', {
      name: 'Неверный квартал',
      kind: 'quarter',
      startsOn: '2026-02-01',
      endsOn: '2026-04-30',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Квартал начинается 1 января, 1 апреля, 1 июля или 1 октября');
    const short = await api(s.operator, 'POST', '/reports/periods', {
      name: 'Короткий год',
      kind: 'year',
      startsOn: '2026-01-01',
      endsOn: '2026-06-30',
    });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('31.12.2026');
    const res = await api(s.operator, 'POST', '/reports/periods', {
      name: 'I квартал 2026',
      kind: 'quarter',
      startsOn: '2026-01-01',
      endsOn: '2026-03-31',
    });
    expect(res.statusCode, res.body).toBe(201);
    q1 = res.json();
    const twice = await api(s.operator, 'POST', '/reports/periods', {
      name: 'I квартал 2026',
      kind: 'custom',
      startsOn: '2026-01-01',
      endsOn: '2026-03-30',
    });
    expect(twice.statusCode).toBe(409);
    expect(
      (
        await api(s.methodist, 'POST', '/reports/periods', {
          name: 'Мой',
          kind: 'custom',
          startsOn: '2026-01-01',
          endsOn: '2026-03-30',
        })
      ).statusCode,
    ).toBe(403);
    const list = (await api(s.methodist, 'GET', '/reports/periods')).json() as { items: { name: string }[] };
    expect(list.items.map((p) => p.name)).toContain('I квартал 2026');
  });

  it('a period not yet ended cannot be closed', async () => {
    const year = (
      await api(s.operator, 'POST', '/reports/periods', {
        name: '2026 год',
        kind: 'year',
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
      })
    ).json() as { id: string };
    const res = await api(s.operator, 'POST', `/reports/periods/${year.id}/close`);
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('ещё не закончился');
  });

  it('closing freezes the figures: a renamed territory, a new result and a revoked document leave them', async () => {
    const quarter = `?from=2026-01-01&to=2026-03-31&by=territory`;
    const before = await summary(s.operator, quarter);
    expect(before.period.frozen).toBe(false);
    expect(before.totals.applications).toBeGreaterThan(0);
    const closed = await api(s.operator, 'POST', `/reports/periods/${q1.id}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().closedAt).not.toBeNull();
    expect((await api(s.operator, 'POST', `/reports/periods/${q1.id}/close`)).statusCode).toBe(409);
    expect(
      (
        await api(s.operator, 'PUT', `/reports/periods/${q1.id}`, {
          name: 'Другое',
          kind: 'quarter',
          startsOn: '2026-01-01',
          endsOn: '2026-03-31',
        })
      ).statusCode,
    ).toBe(409);

    const inQuarter = built.filter((f) => f.courseStarts >= '2026-01-01' && f.courseStarts <= '2026-03-31');
    const territory = inQuarter[0]?.territoryId ?? 0;
    await t.db
      .updateTable('territories')
      .set({ name: 'Переименованный округ' })
      .where('id', '=', territory)
      .execute();
    const enrolled = inQuarter.find((f) => f.status === 'enrolled' || f.status === 'not_completed');
    const withDocument = inQuarter.find((f) => f.documents > 0);
    expect(enrolled && withDocument).toBeTruthy();
    await t.db
      .updateTable('applications')
      .set({ status: 'completed' })
      .where('id', '=', enrolled?.id ?? 0)
      .execute();
    await t.db
      .updateTable('certificates')
      .set({ revokedAt: new Date(), revokeReason: 'Ошибка' })
      .where('applicationId', '=', withDocument?.id ?? 0)
      .where('revokedAt', 'is', null)
      .execute();

    const frozen = await summary(s.operator, `?periodId=${q1.id}&by=territory`);
    expect(frozen.period.frozen).toBe(true);
    const shown = (rows: Summary['rows']) => rows.map((r) => [r.key, r.name, measuresOf(r)]);
    expect(shown(frozen.rows)).toEqual(shown(before.rows));
    expect(measuresOf(frozen.totals)).toEqual(measuresOf(before.totals));
    // The same dates read the snapshot too; a day more is live and has moved.
    expect(measuresOf((await summary(s.operator, quarter)).totals)).toEqual(measuresOf(before.totals));
    const live = await summary(s.operator, '?from=2026-01-01&to=2026-04-01&by=territory');
    expect(live.period.frozen).toBe(false);
    expect(live.rows.map((r) => r.name)).toContain('Переименованный округ');
    expect(live.totals.completed).toBe(before.totals.completed + (enrolled?.status === 'completed' ? 0 : 1));
    expect(live.totals.documents).toBe(before.totals.documents - 1);
    // Scope still applies to the snapshot.
    const methodist = await summary(s.methodist, `?periodId=${q1.id}&by=territory`);
    expect(measuresOf(methodist.totals)).toEqual(
      count(inQuarter.filter((f) => f.territoryId === world.territories[0]?.id)),
    );
  });

  it('reopening needs a reason, is audited, and makes the figures live again', async () => {
    expect((await api(s.operator, 'POST', `/reports/periods/${q1.id}/reopen`, {})).statusCode).toBe(400);
    const res = await api(s.operator, 'POST', `/reports/periods/${q1.id}/reopen`, {
      reason: 'Исправлены итоги',
    });
    expect(res.statusCode, res.body).toBe(200);
    const live = await summary(s.operator, `?periodId=${q1.id}&by=territory`);
    expect(live.period.frozen).toBe(false);
    expect(live.rows.map((r) => r.name)).toContain('Переименованный округ');
    const audit = await t.db
      .selectFrom('auditEvents')
      .select(['action', 'after'])
      .where('entityType', '=', 'reporting_period')
      .where('entityId', '=', q1.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'report_period.created',
      'report_period.closed',
      'report_period.reopened',
    ]);
    expect(JSON.stringify(audit[2]?.after)).toContain('Исправлены итоги');
    expect(
      await t.db
        .selectFrom('reportingFacts')
        .select('applicationId')
        .where('periodId', '=', Number(q1.id))
        .execute(),
    ).toEqual([]);
  });
});

describe('funding source of a course', () => {
  it('is budget unless the course says paid; the course form changes it and documents take it', async () => {
    const department = await buildDepartment(t.db, { providerId: world.provider });
    const head = await buildUser(t.db, { roles: [{ role: 'head', departmentId: department.id }] });
    const session = await t.login(head.login);
    const program = await buildProgram(t.db, { departmentId: department.id });
    const course = await buildCourse(t.db, { programId: program.id, status: 'published' });
    const read = async () =>
      (await api(session, 'GET', `/courses/${course.id}`)).json() as { funding: string };
    expect((await read()).funding).toBe('budget');
    const changed = await api(session, 'PATCH', `/courses/${course.id}`, { funding: 'paid' });
    expect(changed.statusCode, changed.body).toBeLessThan(300);
    expect((await read()).funding).toBe('paid');
    expect((await api(session, 'PATCH', `/courses/${course.id}`, { funding: 'free' })).statusCode).toBe(400);
    await t.db.updateTable('courses').set({ status: 'finished' }).where('id', '=', course.id).execute();

    const learner = await buildUser(t.db, {
      organizationId: (await buildOrganization(t.db)).id,
      profile: FULL_PERSONAL_DATA,
    });
    const application = await buildApplication(t.db, {
      courseId: course.id,
      teacherId: learner.id,
      status: 'forwarded',
    });
    await buildGroup(t.db, { courseId: course.id, applicationIds: [application.id] });
    await t.db
      .updateTable('applications')
      .set({ status: 'completed' })
      .where('id', '=', application.id)
      .execute();
    const issued = await api(session, 'POST', `/courses/${course.id}/certificates`, {});
    expect(issued.statusCode, issued.body).toBeLessThan(300);
    const document = await t.db
      .selectFrom('certificates')
      .select('snapshot')
      .where('applicationId', '=', application.id)
      .executeTakeFirstOrThrow();
    expect((document.snapshot as { funding: string }).funding).toBe('paid');
  });
});
