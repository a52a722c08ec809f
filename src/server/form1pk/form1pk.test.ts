// The form 1-ПК from built learners of known sex, birth date, program kind and form of study: each
// cell equals a count the test makes itself; the quarters are cumulative from the year's start;
// another provider's and other years' learners are absent; the workbook reads back as laid out.
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import {
  buildApplication,
  buildCourse,
  buildDepartment,
  buildOrganization,
  buildProgram,
  buildProvider,
  buildUser,
} from '../../../test/factories.js';
import type { ApplicationStatus } from '../../contract/applications.js';
import type { Form1pk } from '../../contract/form1pk.js';
import type { ProgramForm, ProgramKind, Sex } from '../db/schema.js';

const t = await testApp();
const get = (who: Session | null, url: string) => t.request(who, { method: 'GET', url: `/api/v1${url}` });
const s = {} as Record<'admin' | 'adminOther' | 'operator' | 'head' | 'teacher', Session>;
let provider: { id: number; name: string };
let other: { id: number };

type Learner = {
  kind: ProgramKind;
  form: ProgramForm;
  distance: boolean;
  sex: Sex | null;
  birthDate: string | null;
  endsOn: string;
  status: ApplicationStatus;
  providerId: number;
};
const learners: Learner[] = [];

const PROGRAMS: { kind: ProgramKind; form: ProgramForm; distance: boolean }[] = [
  { kind: 'qualification', form: 'full_time', distance: false },
  { kind: 'qualification', form: 'extramural', distance: true },
  { kind: 'retraining', form: 'mixed', distance: false },
  { kind: 'retraining', form: 'full_time', distance: true },
];
const ENDS = ['2025-12-20', '2026-02-10', '2026-05-20', '2026-08-28', '2026-11-20'];
// Birth dates around the bands' edges on the course's last day, a leap day, and none at all.
const BIRTHS = [
  '2001-05-20',
  '2001-05-21',
  '1996-11-20',
  '1961-08-28',
  '1960-02-29',
  '1987-01-15',
  '1975-07-01',
  '2012-01-01',
  null,
];
const SEXES: (Sex | null)[] = ['female', 'male', 'female', null];
const STATUSES: ApplicationStatus[] = ['completed', 'completed', 'completed', 'not_completed', 'enrolled'];

beforeAll(async () => {
  provider = await buildProvider(t.db, { name: 'ГАУ ДПО «Тестовый институт»' });
  other = await buildProvider(t.db);
  const user = async (roles: NonNullable<Parameters<typeof buildUser>[1]>['roles']) =>
    t.login((await buildUser(t.db, { roles })).login);
  const dept = await buildDepartment(t.db, { providerId: provider.id });
  const otherDept = await buildDepartment(t.db, { providerId: other.id });
  s.admin = await user([{ role: 'provider_admin', providerId: provider.id }]);
  s.adminOther = await user([{ role: 'provider_admin', providerId: other.id }]);
  s.operator = await user([{ role: 'operator' }]);
  s.head = await user([{ role: 'head', departmentId: dept.id }]);
  s.teacher = await user([{ role: 'teacher' }]);
  const school = await buildOrganization(t.db);

  let n = 0;
  for (const [departmentId, providerId] of [
    [dept.id, provider.id],
    [otherDept.id, other.id],
  ] as const)
    for (const program of PROGRAMS)
      for (const endsOn of ENDS) {
        const { id: programId } = await buildProgram(t.db, { departmentId, ...program, hours: 72 });
        const course = await buildCourse(t.db, {
          programId,
          status: 'finished',
          startsOn: endsOn,
          endsOn,
          applyUntil: '2025-01-01',
        });
        for (let i = 0; i < 3; i++) {
          n++;
          const birthDate = BIRTHS[n % BIRTHS.length] ?? null;
          const sex = SEXES[n % SEXES.length] ?? null;
          const status = STATUSES[n % STATUSES.length] ?? 'completed';
          const teacher = await buildUser(t.db, { organizationId: school.id, profile: { birthDate, sex } });
          await buildApplication(t.db, { courseId: course.id, teacherId: teacher.id, status });
          learners.push({ ...program, sex, birthDate, endsOn, status, providerId });
        }
      }
  // A finished course keeps the program as it was: the kind changed since does not move the form.
  const { id: programId } = await buildProgram(t.db, { departmentId: dept.id, kind: 'qualification' });
  const changed = await buildCourse(t.db, {
    programId,
    status: 'finished',
    startsOn: '2026-03-02',
    endsOn: '2026-03-20',
    applyUntil: '2025-01-01',
  });
  await t.db
    .updateTable('courses')
    .set({
      programSnapshot: JSON.stringify({
        title: 'Было',
        hours: 300,
        kind: 'retraining',
        form: 'mixed',
        distance: false,
      }),
    })
    .where('id', '=', changed.id)
    .execute();
  const teacher = await buildUser(t.db, {
    organizationId: school.id,
    profile: { birthDate: '1990-06-01', sex: 'male' },
  });
  await buildApplication(t.db, { courseId: changed.id, teacherId: teacher.id, status: 'completed' });
  learners.push({
    kind: 'retraining',
    form: 'mixed',
    distance: false,
    sex: 'male',
    birthDate: '1990-06-01',
    endsOn: '2026-03-20',
    status: 'completed',
    providerId: provider.id,
  });
});

/** Full years from the birth date to the day, counted the way a person counts birthdays. */
function ageOn(birth: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birth.slice(0, 4));
  return day.slice(5) < birth.slice(5) ? years - 1 : years;
}

/** The learners a quarter's form counts, found over the built list without the server's code. */
function counted(quarter: number) {
  const last = ['2026-03-31', '2026-06-30', '2026-09-30', '2026-12-31'][quarter - 1] as string;
  return learners.filter(
    (l) =>
      l.providerId === provider.id &&
      l.status === 'completed' &&
      l.endsOn >= '2026-01-01' &&
      l.endsOn <= last &&
      (l.birthDate === null || ageOn(l.birthDate, l.endsOn) >= 15),
  );
}

const lineOf = (form: Form1pk, section: string, code: string) => {
  const found = form.sections.find((x) => x.code === section)?.lines.find((l) => l.code === code);
  if (!found) throw new Error(`no line ${section}/${code}`);
  return found;
};

describe('the figures', () => {
  for (const quarter of [1, 2, 4]) {
    it(`of quarter ${quarter} count the year's completers so far by kind, form, sex and age`, async () => {
      const res = await get(s.admin, `/reports/form-1pk?year=2026&quarter=${quarter}`);
      expect(res.statusCode).toBe(200);
      const form = res.json() as Form1pk;
      expect(form.provider).toMatchObject({ id: String(provider.id), name: provider.name });
      const rows = counted(quarter);
      expect(rows.length).toBeGreaterThan(0);
      const women = (l: Learner[]) => l.filter((x) => x.sex === 'female').length;
      const s1 = (l: Learner[]) => [
        l.length,
        women(l),
        l.filter((x) => x.form === 'full_time').length,
        l.filter((x) => x.form === 'mixed').length,
        l.filter((x) => x.form === 'extramural').length,
        l.filter((x) => x.distance).length,
      ];
      const pk = rows.filter((l) => l.kind === 'qualification');
      const pp = rows.filter((l) => l.kind === 'retraining');
      expect(lineOf(form, '1', '01').values).toEqual(s1(rows));
      expect(lineOf(form, '1', '02').values).toEqual(s1(pk));
      expect(lineOf(form, '1', '03').values).toEqual(s1(pp));
      expect(lineOf(form, '1', '04')).toMatchObject({
        manual: true,
        values: [null, null, null, null, null, null],
      });

      const s2 = (l: Learner[]) => [
        l.length,
        women(l),
        l.filter((x) => x.kind === 'qualification').length,
        l.filter((x) => x.kind === 'retraining').length,
      ];
      expect(lineOf(form, '2', '01').values).toEqual(s2(rows));
      const bands: [string, number, number][] = [
        ['02', 15, 24],
        ['03', 25, 29],
        ['04', 30, 34],
        ['05', 35, 39],
        ['06', 40, 44],
        ['07', 45, 49],
        ['08', 50, 54],
        ['09', 55, 59],
        ['10', 60, 64],
        ['11', 65, 200],
      ];
      for (const [code, from, to] of bands) {
        const inBand = rows.filter(
          (l) =>
            l.birthDate !== null &&
            ageOn(l.birthDate, l.endsOn) >= from &&
            ageOn(l.birthDate, l.endsOn) <= to,
        );
        expect(lineOf(form, '2', code).values, `age line ${code}`).toEqual(s2(inBand));
      }
      expect(lineOf(form, '2', '').values).toEqual(s2(rows.filter((l) => l.birthDate === null)));

      expect(lineOf(form, '3', '01').values).toEqual([rows.length, pk.length, pp.length]);
      for (const code of ['02', '03', '04', '05', '06'])
        expect(lineOf(form, '3', code)).toMatchObject({ manual: true, values: [null, null, null] });
    });
  }

  it('counts an age on the birthday itself as reached', () => {
    expect(ageOn('2001-05-20', '2026-05-20')).toBe(25);
    expect(ageOn('2001-05-21', '2026-05-20')).toBe(24);
  });

  it('is the same for the operator naming the provider', async () => {
    const mine = (await get(s.admin, '/reports/form-1pk?year=2026&quarter=3')).json();
    const res = await get(s.operator, `/reports/form-1pk?year=2026&quarter=3&providerId=${provider.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(mine);
  });
});

describe('who may have it', () => {
  it("refuses another provider's form as unknown, other roles outright, and says what is missing", async () => {
    expect(
      (await get(s.admin, `/reports/form-1pk?year=2026&quarter=1&providerId=${other.id}`)).statusCode,
    ).toBe(404);
    expect(
      (await get(s.adminOther, `/reports/form-1pk.xlsx?year=2026&quarter=1&providerId=${provider.id}`))
        .statusCode,
    ).toBe(404);
    for (const who of ['head', 'teacher'] as const)
      expect((await get(s[who], '/reports/form-1pk?year=2026&quarter=1')).statusCode).toBe(403);
    expect((await get(null, '/reports/form-1pk?year=2026&quarter=1')).statusCode).toBe(401);
    const none = await get(s.operator, '/reports/form-1pk?year=2026&quarter=1');
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('Выберите поставщика');
    const bad = await get(s.admin, '/reports/form-1pk?year=2026&quarter=5');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Квартал');
    expect(
      (await get(s.operator, '/reports/form-1pk?year=2026&quarter=1&providerId=99999999')).statusCode,
    ).toBe(404);
  });
});

describe('the workbook', () => {
  it('is laid out like the form and holds the same figures', async () => {
    const form = (await get(s.admin, '/reports/form-1pk?year=2026&quarter=2')).json() as Form1pk;
    const res = await get(s.admin, '/reports/form-1pk.xlsx?year=2026&quarter=2');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('1-ПК');
    if (!sheet) throw new Error('no sheet');
    const text = (r: number, c: number) => String(sheet.getCell(r, c).value ?? '');
    expect(text(1, 1)).toBe('ФЕДЕРАЛЬНОЕ СТАТИСТИЧЕСКОЕ НАБЛЮДЕНИЕ');
    expect(text(2, 1)).toContain('№ 877');
    expect(text(3, 1)).toContain('15 ЛЕТ И СТАРШЕ');
    expect(text(4, 1)).toBe('за январь – июнь 2026 г.');
    expect(sheet.getCell(1, 8).isMerged).toBe(true);

    let row = 1;
    const find = (value: string) => {
      for (let r = row; r <= sheet.rowCount; r++) if (text(r, 1).startsWith(value)) return r;
      throw new Error(`no row «${value}»`);
    };
    expect(text(find('Наименование отчитывающейся'), 2)).toBe(provider.name);
    for (const section of form.sections) {
      const head = find(`Раздел ${section.code}.`);
      // The header: name and code over two rows, a group merged over its columns, then numbers 1, 2, 3…
      expect(text(head + 1, 1)).toBe('Наименование показателя');
      expect(sheet.getCell(head + 2, 1).isMerged).toBe(true);
      for (const [i, column] of section.columns.entries()) {
        if (column.group === null) expect(text(head + 1, 3 + i)).toBe(column.title);
        else expect(text(head + 2, 3 + i)).toBe(column.title);
      }
      const grouped = section.columns.findIndex((c) => c.group !== null);
      if (grouped >= 0) {
        expect(text(head + 1, 3 + grouped)).toBe(section.columns[grouped]?.group);
        expect(sheet.getCell(head + 1, 4 + grouped).isMerged).toBe(true);
      }
      expect(
        Array.from({ length: 2 + section.columns.length }, (_, c) => sheet.getCell(head + 3, c + 1).value),
      ).toEqual(Array.from({ length: 2 + section.columns.length }, (_, c) => c + 1));
      for (const [i, line] of section.lines.entries()) {
        const r = head + 4 + i;
        expect(text(r, 2)).toBe(line.code);
        if (line.manual) expect(text(r, 1)).toContain('заполняется вручную');
        expect(line.values.map((_, c) => sheet.getCell(r, 3 + c).value ?? null)).toEqual(line.values);
      }
      row = head + 4 + section.lines.length;
    }
  });
});
