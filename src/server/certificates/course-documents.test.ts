// The course's documents for the records office, read back as their users' programs read them:
// the orders through their document.xml, the sheets through a PDF parser, the lists through exceljs.
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import { docxText, pdfText, xlsxRows } from '../../../test/documents.js';
import {
  buildApplication,
  buildCourse,
  buildDepartment,
  buildGroup,
  buildMarks,
  buildOrganization,
  buildProgram,
  buildProvider,
  buildTerritory,
  buildUser,
  FULL_PERSONAL_DATA,
} from '../../../test/factories.js';

const t = await testApp();
const api = '/api/v1';

let s: Record<'manager' | 'operator' | 'otherHead' | 'otherProviderHead', Session>;
let providerId: number;
let courseId: number;
let emptyCourseId: number;
let numbers: Map<string, string>;

const get = (session: Session, url: string) => t.request(session, { method: 'GET', url: `${api}${url}` });
/** The file's name as the browser saves it (RFC 5987 `filename*`). */
const savedAs = (header: string | string[] | number | undefined) =>
  decodeURIComponent(String(header).match(/filename\*=UTF-8''(.+)$/)?.[1] ?? '');

beforeAll(async () => {
  providerId = (await buildProvider(t.db, { name: 'ГАУ ДПО «Институт развития образования Пермского края»' }))
    .id;
  await t.db
    .updateTable('providers')
    .set({
      shortName: 'ИРО ПК',
      inn: '5902290402',
      ogrn: '1025900528895',
      city: 'Пермь',
      address: 'г. Пермь, ул. Екатерининская, д. 210',
      signatories: JSON.stringify([
        { position: 'Ректор', name: 'Т. В. Кузнецова' },
        { position: 'Проректор по учебной работе', name: 'Н. А. Зуева' },
      ]),
    })
    .where('id', '=', providerId)
    .execute();
  const departmentId = (await buildDepartment(t.db, { providerId })).id;
  const sibling = (await buildDepartment(t.db, { providerId })).id;
  const stranger = (await buildDepartment(t.db)).id;
  const program = await buildProgram(t.db, {
    departmentId,
    title: 'Смысловое чтение на уроках математики',
    hours: 36,
  });
  const course = await buildCourse(t.db, {
    programId: program.id,
    status: 'finished',
    startsOn: '2026-11-09',
    endsOn: '2026-11-11',
    applyUntil: '2026-11-01',
    schedule: ['2026-11-09', '2026-11-10', '2026-11-11'].map((date) => ({
      date,
      startsAt: '10:00',
      endsAt: '16:00',
      topic: 'Занятие',
    })),
  });
  courseId = course.id;
  emptyCourseId = (await buildCourse(t.db, { programId: program.id, status: 'published' })).id;
  const perm = await buildTerritory(t.db, { name: 'Северный учебный округ' });
  const kungur = await buildTerritory(t.db, { name: 'Южный учебный округ' });
  const learners = [
    { lastName: 'Петрова', org: 'МАОУ «СОШ № 9» г. Перми', territory: perm.id, status: 'completed' },
    {
      lastName: 'Абрамова',
      org: 'МБОУ «Гимназия № 1» г. Кунгура',
      territory: kungur.id,
      status: 'completed',
    },
    { lastName: 'Сидорова', org: 'МАОУ «Лицей № 2» г. Перми', territory: perm.id, status: 'not_completed' },
    { lastName: 'Неявкина', org: 'МАОУ «СОШ № 3» г. Перми', territory: perm.id, status: 'no_show' },
  ] as const;
  const apps = [];
  for (const l of learners) {
    const organizationId = (await buildOrganization(t.db, { name: l.org, territoryId: l.territory })).id;
    const teacher = await buildUser(t.db, {
      lastName: l.lastName,
      organizationId,
      profile: FULL_PERSONAL_DATA,
    });
    apps.push(await buildApplication(t.db, { courseId, teacherId: teacher.id, status: 'forwarded' }));
  }
  await buildGroup(t.db, { courseId, applicationIds: apps.map((a) => a.id), number: 'ДОО-2026-7' });
  for (const [i, a] of apps.entries())
    await t.db
      .updateTable('applications')
      .set({
        status: learners[i]?.status ?? 'completed',
        reason: learners[i]?.status === 'not_completed' ? 'Не прошла итоговую аттестацию' : null,
      })
      .where('id', '=', a.id)
      .execute();
  const [petrova, abramova, sidorova, noShow] = apps.map((a) => a.id);
  await buildMarks(t.db, {
    courseId,
    day: '2026-11-09',
    confirmed: true,
    marks: [
      { applicationId: petrova ?? 0, mark: 'present' },
      { applicationId: abramova ?? 0, mark: 'present' },
      { applicationId: sidorova ?? 0, mark: 'present' },
      { applicationId: noShow ?? 0, mark: 'absent' },
    ],
  });
  await buildMarks(t.db, {
    courseId,
    day: '2026-11-10',
    marks: [
      { applicationId: petrova ?? 0, mark: 'present' },
      { applicationId: abramova ?? 0, mark: 'excused', reason: 'Больничный лист' },
      { applicationId: sidorova ?? 0, mark: 'absent' },
    ],
  });
  const users = {
    manager: await buildUser(t.db, { roles: [{ role: 'manager', departmentId }] }),
    operator: await buildUser(t.db, { roles: [{ role: 'operator' }] }),
    otherHead: await buildUser(t.db, { roles: [{ role: 'head', departmentId: sibling }] }),
    otherProviderHead: await buildUser(t.db, { roles: [{ role: 'head', departmentId: stranger }] }),
  };
  s = Object.fromEntries(
    await Promise.all(Object.entries(users).map(async ([k, u]) => [k, await t.login(u.login)])),
  ) as typeof s;
  const issued = await t.request(s.manager, {
    method: 'POST',
    url: `${api}/courses/${courseId}/certificates`,
    payload: {},
  });
  expect(issued.statusCode, issued.body).toBe(200);
  const byApp = new Map<string, string>(
    issued
      .json()
      .items.map((i: { applicationId: string; registrationNumber: string }) => [
        i.applicationId,
        i.registrationNumber,
      ]),
  );
  numbers = new Map([
    ['Петрова', byApp.get(String(petrova)) ?? ''],
    ['Абрамова', byApp.get(String(abramova)) ?? ''],
    ['Сидорова', byApp.get(String(sidorova)) ?? ''],
  ]);
});

describe('orders (DOCX)', () => {
  it('the enrolment order: the provider, blanks for the date and number, the program and the group', async () => {
    const res = await get(s.manager, `/courses/${courseId}/documents/enrolment-order.docx`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml.document');
    expect(savedAs(res.headers['content-disposition'])).toBe('Приказ о зачислении — группа ДОО-2026-7.docx');
    const text = docxText(res.rawPayload);
    expect(text).toContain('ГАУ ДПО «Институт развития образования Пермского края»');
    expect(text).toContain('ИНН 5902290402, ОГРН 1025900528895, г. Пермь, ул. Екатерининская, д. 210');
    expect(text).toContain('ПРИКАЗ');
    expect(text).toContain('«___» ______________ 20___ г.\t№ __________');
    expect(text).toContain(
      'О зачислении на обучение по дополнительной профессиональной программе повышения квалификации «Смысловое чтение на уроках математики»',
    );
    expect(text).toContain('в объёме 36 ч., форма обучения — очная, с 09.11.2026 по 11.11.2026');
    expect(text).toContain('(группа № ДОО-2026-7) следующих слушателей (3 чел.)');
    // The list by name, with organizations; who never came is not enrolled.
    const rows = text.split('\n').filter((l) => l.includes(' | '));
    expect(rows).toEqual([
      '№ | Фамилия, имя, отчество | Организация | Должность',
      '1 | Абрамова Мария Петровна | МБОУ «Гимназия № 1» г. Кунгура | учитель',
      '2 | Петрова Мария Петровна | МАОУ «СОШ № 9» г. Перми | учитель',
      '3 | Сидорова Мария Петровна | МАОУ «Лицей № 2» г. Перми | учитель',
      'Ректор | ____________________ | Т. В. Кузнецова',
      'Проректор по учебной работе | ____________________ | Н. А. Зуева',
    ]);
  });

  it('the completion order: who completed with her document, and separately who was expelled and why', async () => {
    const res = await get(s.manager, `/courses/${courseId}/documents/completion-order.docx`);
    expect(res.statusCode, res.body).toBe(200);
    expect(savedAs(res.headers['content-disposition'])).toBe(
      'Приказ об окончании обучения — группа ДОО-2026-7.docx',
    );
    const text = docxText(res.rawPayload);
    expect(text).toContain('Об окончании обучения по дополнительной профессиональной программе');
    expect(text).toContain(
      'выдать удостоверение о повышении квалификации установленного образца следующим слушателям (2 чел.)',
    );
    expect(text).toContain(
      '2. Отчислить как не завершивших обучение, с выдачей справки об обучении, следующих слушателей (1 чел.)',
    );
    const rows = text.split('\n').filter((l) => /^\d \| /.test(l));
    expect(rows).toEqual([
      `1 | Абрамова Мария Петровна | МБОУ «Гимназия № 1» г. Кунгура | учитель | ${numbers.get('Абрамова')}`,
      `2 | Петрова Мария Петровна | МАОУ «СОШ № 9» г. Перми | учитель | ${numbers.get('Петрова')}`,
      '1 | Сидорова Мария Петровна | МАОУ «Лицей № 2» г. Перми | учитель | Не прошла итоговую аттестацию',
    ]);
    expect(text.indexOf('Абрамова')).toBeLessThan(text.indexOf('2. Отчислить'));
    expect(text.indexOf('Сидорова')).toBeGreaterThan(text.indexOf('2. Отчислить'));
  });
});

describe('lists (XLSX)', () => {
  it('the group list: №, name, organization, territory, position, group, state', async () => {
    const res = await get(s.operator, `/courses/${courseId}/documents/group-list.xlsx`);
    expect(res.statusCode, res.body).toBe(200);
    expect(savedAs(res.headers['content-disposition'])).toBe('Список группы — группа ДОО-2026-7.xlsx');
    const { sheet, rows } = await xlsxRows(res.rawPayload);
    expect(sheet).toBe('Группа ДОО-2026-7');
    expect(rows).toEqual([
      ['№', 'ФИО', 'Организация', 'Территория', 'Должность', 'Группа', 'Состояние'],
      [
        '1',
        'Абрамова Мария Петровна',
        'МБОУ «Гимназия № 1» г. Кунгура',
        'Южный учебный округ',
        'учитель',
        'ДОО-2026-7',
        'Окончил(а) обучение',
      ],
      [
        '2',
        'Неявкина Мария Петровна',
        'МАОУ «СОШ № 3» г. Перми',
        'Северный учебный округ',
        'учитель',
        'ДОО-2026-7',
        'Неявка',
      ],
      [
        '3',
        'Петрова Мария Петровна',
        'МАОУ «СОШ № 9» г. Перми',
        'Северный учебный округ',
        'учитель',
        'ДОО-2026-7',
        'Окончил(а) обучение',
      ],
      [
        '4',
        'Сидорова Мария Петровна',
        'МАОУ «Лицей № 2» г. Перми',
        'Северный учебный округ',
        'учитель',
        'ДОО-2026-7',
        'Отчислен(а)',
      ],
    ]);
  });

  it("the course's register of documents, in the order of their numbers", async () => {
    const res = await get(s.manager, `/courses/${courseId}/documents/certificate-register.xlsx`);
    expect(res.statusCode, res.body).toBe(200);
    expect(savedAs(res.headers['content-disposition'])).toBe(
      'Реестр выданных документов — Смысловое чтение на уроках математики (09.11.2026–11.11.2026).xlsx',
    );
    const { rows } = await xlsxRows(res.rawPayload);
    expect(rows[0]?.slice(0, 11)).toEqual([
      '№ п/п',
      'Регистрационный номер',
      'Дата выдачи',
      'Вид документа',
      'Серия бланка',
      'Номер бланка',
      'ФИО владельца',
      'Программа',
      'Объём, часов',
      'Сроки обучения',
      'Аннулирован',
    ]);
    expect(rows.slice(1).map((r) => [r[1], r[3], r[6], r[8], r[9], r[10]])).toEqual([
      [
        numbers.get('Абрамова'),
        'Удостоверение о повышении квалификации',
        'Абрамова Мария Петровна',
        '36',
        '09.11.2026 – 11.11.2026',
        '',
      ],
      [
        numbers.get('Петрова'),
        'Удостоверение о повышении квалификации',
        'Петрова Мария Петровна',
        '36',
        '09.11.2026 – 11.11.2026',
        '',
      ],
      [
        numbers.get('Сидорова'),
        'Справка об обучении',
        'Сидорова Мария Петровна',
        '36',
        '09.11.2026 – 11.11.2026',
        '',
      ],
    ]);
    expect(rows[1]?.[2]).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
  });

  it("a provider's register for a period: what the actor's departments issued; revoked ones marked", async () => {
    const abramova = numbers.get('Абрамова') ?? '';
    const { id } = await t.db
      .selectFrom('certificates')
      .where('registrationNumber', '=', abramova)
      .select('id')
      .executeTakeFirstOrThrow();
    const revoked = await t.request(s.manager, {
      method: 'POST',
      url: `${api}/certificates/${id}/actions/revoke`,
      payload: { reason: 'Ошибка в фамилии' },
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    const year = (
      await t.db.selectFrom('certificates').where('id', '=', id).select('issuedOn').executeTakeFirstOrThrow()
    ).issuedOn.slice(0, 4);
    const url = `/providers/${providerId}/certificates/register.xlsx?from=${year}-01-01&to=${year}-12-31`;
    const res = await get(s.manager, url);
    expect(res.statusCode, res.body).toBe(200);
    expect(savedAs(res.headers['content-disposition'])).toBe(
      `Реестр выданных документов — ИРО ПК — 01.01.${year}–31.12.${year}.xlsx`,
    );
    const { rows } = await xlsxRows(res.rawPayload);
    expect(rows.slice(1).map((r) => [r[1], r[11]])).toEqual([
      [abramova, 'Ошибка в фамилии'],
      [numbers.get('Петрова'), ''],
      [numbers.get('Сидорова'), ''],
    ]);
    expect(rows[1]?.[10]).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
    // Another department of the provider sees its own (none); another provider is a 404.
    expect((await xlsxRows((await get(s.otherHead, url)).rawPayload)).rows).toHaveLength(1);
    expect((await get(s.otherProviderHead, url)).statusCode).toBe(404);
    // A period before any issue is empty; an inverted or malformed one a clear 422.
    expect(
      (
        await xlsxRows(
          (
            await get(
              s.operator,
              `/providers/${providerId}/certificates/register.xlsx?from=2020-01-01&to=2020-12-31`,
            )
          ).rawPayload,
        )
      ).rows,
    ).toHaveLength(1);
    const inverted = await get(
      s.operator,
      `/providers/${providerId}/certificates/register.xlsx?from=2026-12-31&to=2026-01-01`,
    );
    expect(inverted.statusCode).toBe(422);
    expect(inverted.json().errors[0].message).toBe('Конец периода раньше начала');
    expect(
      (await get(s.operator, `/providers/${providerId}/certificates/register.xlsx?from=вчера&to=2026-01-01`))
        .statusCode,
    ).toBe(400);
  });
});

describe('sheets (PDF)', () => {
  it('the attendance sheet: learners × days of study with their marks and totals, the signatures', async () => {
    const res = await get(s.manager, `/courses/${courseId}/documents/attendance-sheet.pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(savedAs(res.headers['content-disposition'])).toBe(
      'Ведомость посещаемости — группа ДОО-2026-7.pdf',
    );
    const { text, pages } = await pdfText(res.rawPayload);
    expect(pages).toBe(1);
    expect(text).toContain('ВЕДОМОСТЬ ПОСЕЩАЕМОСТИ ЗАНЯТИЙ');
    expect(text).toContain('«Смысловое чтение на уроках математики»');
    expect(text).toMatch(/09\.11\s*10\.11\s*11\.11/);
    const flat = text.replace(/\s+/g, ' ');
    // name, the three days' marks (the third not marked), then present / absent / excused.
    // (The parser runs a row's cells together.)
    expect(flat).toContain('1Абрамова Мария Петровна+у101');
    expect(flat).toContain('2Петрова Мария Петровна++200');
    expect(flat).toContain('3Сидорова Мария Петровна+н110');
    expect(flat).not.toContain('Неявкина');
    expect(flat).toContain('Куратор группы');
    expect(flat).toContain('Т. В. Кузнецова');
  });

  it('the final assessment record: learners, results, reasons and documents', async () => {
    const res = await get(s.manager, `/courses/${courseId}/documents/final-record.pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(savedAs(res.headers['content-disposition'])).toBe(
      'Ведомость итоговой аттестации — группа ДОО-2026-7.pdf',
    );
    const flat = (await pdfText(res.rawPayload)).text.replace(/\s+/g, ' ');
    expect(flat).toContain('ВЕДОМОСТЬ ИТОГОВОЙ АТТЕСТАЦИИ');
    expect(flat).toContain('Сроки обучения: 09.11.2026 – 11.11.2026. Группа No ДОО-2026-7.');
    expect(flat).toContain('Аттестован(а), обучение завершено');
    expect(flat).toContain('Не аттестован(а), отчислен(а)');
    expect(flat).toContain('Не прошла итоговую аттестацию');
    expect(flat).toContain(numbers.get('Петрова'));
    expect(flat).toContain('Всего слушателей: 3; аттестованы: 2; не аттестованы: 1.');
    expect(flat).toContain('Председатель аттестационной комиссии');
  });
});

describe('scope and audit', () => {
  it("another department's staff get 404, a course without a group a 409 that says why", async () => {
    for (const kind of ['enrolment-order.docx', 'group-list.xlsx', 'final-record.pdf'])
      expect((await get(s.otherHead, `/courses/${courseId}/documents/${kind}`)).statusCode).toBe(404);
    const none = await get(s.operator, `/courses/${emptyCourseId}/documents/attendance-sheet.pdf`);
    expect(none.statusCode).toBe(409);
    expect(none.json().detail).toContain('нет групп');
  });

  it('every download of a list with personal data is in the audit log', async () => {
    const before = await t.db
      .selectFrom('auditEvents')
      .where('action', '=', 'certificate.exported')
      .where('entityId', '=', String(courseId))
      .select('id')
      .execute();
    await get(s.operator, `/courses/${courseId}/documents/group-list.xlsx`);
    const rows = await t.db
      .selectFrom('auditEvents')
      .where('action', '=', 'certificate.exported')
      .where('entityId', '=', String(courseId))
      .select(['after', 'actorId'])
      .orderBy('id')
      .execute();
    expect(rows).toHaveLength(before.length + 1);
    expect(rows.at(-1)?.after).toEqual({ file: 'group-list.xlsx', rows: 4 });
  });
});
