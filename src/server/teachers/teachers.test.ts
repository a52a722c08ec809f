// The methodist's teachers over HTTP: the list's scope, sort, filters and its spreadsheet (read
// back, audited), registering with an invitation that sets the password, and the import: a file
// with errors changes nothing, a good one creates everyone in one job, duplicates, CSV in cp1251.
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import {
  buildApplication,
  buildCourse,
  buildExternalCpd,
  buildOrganization,
  buildPosition,
  buildTerritory,
  buildUser,
  multipartBody,
} from '../../../test/factories.js';
import type { ImportRow, ImportSummary, TeacherCard, TeacherRow } from '../../contract/teachers.js';
import { importTeachersJob } from '../jobs/definitions/import-teachers.js';
import { runNextJob } from '../jobs/queue.js';

const t = await testApp();
const s = {} as Record<'methodist' | 'methodistOther' | 'operator' | 'teacher', Session>;
const api = (who: Session | null, method: string, url: string, payload?: unknown) =>
  t.request(who, {
    method: method as 'GET',
    url: `/api/v1${url}`,
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
const get = (who: Session | null, url: string) => api(who, 'GET', url);

let territory: { id: number; name: string };
let otherTerritory: { id: number; name: string };
let school: { id: number; name: string };
let otherSchool: { id: number; name: string };
let position: { name: string };
const teacherIds: Record<string, number> = {};

beforeAll(async () => {
  territory = await buildTerritory(t.db);
  otherTerritory = await buildTerritory(t.db);
  school = await buildOrganization(t.db, { territoryId: territory.id, name: 'МАОУ «Гимназия № 1»' });
  otherSchool = await buildOrganization(t.db, { territoryId: otherTerritory.id, name: 'МБОУ «СОШ № 2»' });
  position = await buildPosition(t.db);
  for (const name of ['Яковлева', 'Андреева', 'Борисова'])
    teacherIds[name] = (await buildUser(t.db, { lastName: name, organizationId: school.id })).id;
  teacherIds.Чужая = (await buildUser(t.db, { lastName: 'Чужая', organizationId: otherSchool.id })).id;
  for (const status of ['submitted', 'rejected'] as const)
    await buildApplication(t.db, {
      courseId: (await buildCourse(t.db, { status: 'published' })).id,
      teacherId: teacherIds.Борисова as number,
      status,
    });
  const user = (roles: Parameters<typeof buildUser>[1]) =>
    buildUser(t.db, roles).then((u) => t.login(u.login));
  s.methodist = await user({ roles: [{ role: 'methodist', territoryId: territory.id }] });
  s.methodistOther = await user({ roles: [{ role: 'methodist', territoryId: otherTerritory.id }] });
  s.operator = await user({ roles: [{ role: 'operator' }] });
  s.teacher = await t.login((await buildUser(t.db, { organizationId: school.id })).login);
});

const names = (items: TeacherRow[]) => items.map((i) => i.fullName.split(' ')[0]);

describe('the list of teachers', () => {
  it('shows the methodist her territory only, the operator everyone', async () => {
    const mine = (await get(s.methodist, '/teachers?limit=200')).json() as { items: TeacherRow[] };
    expect(names(mine.items)).not.toContain('Чужая');
    expect(names(mine.items)).toEqual(expect.arrayContaining(['Яковлева', 'Андреева', 'Борисова']));
    const all = (await get(s.operator, '/teachers?limit=200')).json() as { items: TeacherRow[] };
    expect(names(all.items)).toEqual(expect.arrayContaining(['Чужая', 'Яковлева']));
    const filtered = (await get(s.operator, `/teachers?territoryId=${otherTerritory.id}`)).json() as {
      items: TeacherRow[];
    };
    expect(names(filtered.items)).toEqual(['Чужая']);
    expect((await get(s.teacher, '/teachers')).statusCode).toBe(403);
  });

  it('sorts by any column and filters, with counts of applications and the CPD state', async () => {
    const byName = (await get(s.methodist, '/teachers?sort=-name')).json() as { items: TeacherRow[] };
    expect(names(byName.items).slice(0, 2)).toEqual(['Яковлева', 'Иванова']);
    const byApps = (await get(s.methodist, '/teachers?sort=-applications&limit=1')).json() as {
      items: TeacherRow[];
      total: number;
    };
    expect(byApps.items[0]).toMatchObject({
      fullName: expect.stringMatching(/^Борисова/),
      applications: { active: 1, total: 2 },
      account: 'active',
      emailConfirmed: true,
      cpd: { rule: 'overdue', lastCompletedOn: null },
    });
    expect(byApps.total).toBe(4);
    const found = (await get(s.methodist, '/teachers?q=андре&cpd=overdue')).json() as { items: TeacherRow[] };
    expect(names(found.items)).toEqual(['Андреева']);
    expect((await get(s.methodist, '/teachers?cpd=ok')).json()).toMatchObject({ total: 0 });
    for (const sort of ['organization', 'position', 'emailConfirmed', 'account', 'lastCpdOn', '-lastCpdOn'])
      expect((await get(s.methodist, `/teachers?sort=${sort}`)).statusCode).toBe(200);
  });

  it('filters by the CPD state exactly as cpd/rule.ts judges each row, on the boundary days', async () => {
    const place = await buildOrganization(t.db, { territoryId: (await buildTerritory(t.db)).id });
    const methodist = await buildUser(t.db, {
      roles: [{ role: 'methodist', territoryId: place.territoryId }],
    });
    const session = await t.login(methodist.login);
    // Today (TEST_NOW) is 2026-11-25 in the region; `due` begins six months ahead, on 2027-05-25.
    const ends = ['2023-11-24', '2023-11-25', '2024-02-29', '2024-05-25', '2024-05-26', null];
    for (const endsOn of ends) {
      const teacher = await buildUser(t.db, { organizationId: place.id });
      if (endsOn) await buildExternalCpd(t.db, { teacherId: teacher.id, endsOn });
    }
    const seen = new Map<string | null, string>();
    for (const cpd of ['overdue', 'due', 'ok'] as const) {
      const page = (await get(session, `/teachers?cpd=${cpd}`)).json() as { items: TeacherRow[] };
      for (const item of page.items) {
        expect(item.cpd.rule).toBe(cpd);
        seen.set(item.cpd.lastCompletedOn, cpd);
      }
    }
    expect(Object.fromEntries(seen)).toEqual({
      '2023-11-24': 'overdue',
      '2023-11-25': 'due',
      '2024-02-29': 'due',
      '2024-05-25': 'due',
      '2024-05-26': 'ok',
      null: 'overdue',
    });
  });

  it('exports the filtered, sorted list as XLSX equal to the page, and audits the export', async () => {
    const page = (await get(s.methodist, '/teachers?sort=-name&limit=200')).json() as { items: TeacherRow[] };
    const res = await get(s.methodist, '/teachers.xlsx?sort=-name');
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    const column = sheet?.getColumn(1).values.slice(2);
    expect(column).toEqual(page.items.map((i) => i.fullName));
    const audit = await t.db
      .selectFrom('auditEvents')
      .where('action', '=', 'teachers.exported')
      .selectAll()
      .executeTakeFirst();
    expect(audit?.actorId).toBe(Number(s.methodist.userId));
  });

  it('opens a card without СНИЛС, and not another territory’s', async () => {
    const card = await get(s.methodist, `/teachers/${teacherIds.Борисова}`);
    expect(card.statusCode).toBe(200);
    expect(card.json()).toMatchObject({ applicationsList: [{}, {}], abilities: { edit: true } });
    expect(card.body).not.toMatch(/snils|birthDate/);
    expect((await get(s.methodist, `/teachers/${teacherIds.Чужая}`)).statusCode).toBe(404);
    const moved = await api(s.methodist, 'PATCH', `/teachers/${teacherIds.Андреева}`, {
      position: position.name,
    });
    expect(moved.json()).toMatchObject({ position: position.name });
    const away = await api(s.methodist, 'PATCH', `/teachers/${teacherIds.Андреева}`, {
      organizationId: otherSchool.id,
    });
    expect(away.statusCode).toBe(404);
  });
});

describe('registering a teacher', () => {
  it('creates an invited account, mails the invitation, and the link sets the password', async () => {
    const body = {
      lastName: 'Новикова',
      firstName: 'Ольга',
      middleName: null,
      email: 'novikova@school.example',
      organizationId: school.id,
      position: position.name,
    };
    const res = await api(s.methodist, 'POST', '/teachers', body);
    expect(res.statusCode).toBe(201);
    const card = res.json() as TeacherCard;
    expect(card).toMatchObject({ account: 'invited', emailConfirmed: false, abilities: { invite: true } });
    const mail = await t.db
      .selectFrom('outboxEmails')
      .where('toAddress', '=', body.email)
      .selectAll()
      .executeTakeFirstOrThrow();
    const token = /\/invitation\/([\w-]+)/.exec(mail.body)?.[1] as string;
    expect(token).toBeTruthy();
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: body.email, password: 'Новый-пароль-2026' },
    });
    expect(refused.statusCode).toBe(401);
    const set = await api(null, 'POST', '/auth/invitation/confirm', {
      token,
      newPassword: 'Новый-пароль-2026',
    });
    expect(set.statusCode).toBe(200);
    await t.login(body.email, 'Новый-пароль-2026');
    const after = (await get(s.methodist, `/teachers/${card.id}`)).json() as TeacherCard;
    expect(after).toMatchObject({ account: 'active', emailConfirmed: true, abilities: { invite: false } });
    const again = await api(s.methodist, 'POST', '/teachers', { ...body, email: 'NOVIKOVA@school.example ' });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toMatch(/уже есть в Банке/);
    const audit = await t.db
      .selectFrom('auditEvents')
      .where('action', '=', 'teacher.registered')
      .select('entityId');
    expect(await audit.execute()).toHaveLength(1);
  });

  it('refuses another territory’s organization', async () => {
    const res = await api(s.methodist, 'POST', '/teachers', {
      lastName: 'Петрова',
      firstName: 'Анна',
      email: 'petrova@school.example',
      organizationId: otherSchool.id,
      position: position.name,
    });
    expect(res.statusCode).toBe(404);
  });
});

async function xlsxFile(teachers: string[][], organizations: string[][] = []) {
  const book = new ExcelJS.Workbook();
  const a = book.addWorksheet('Педагоги');
  a.addRow(['Фамилия', 'Имя', 'Отчество', 'E-mail', 'СНИЛС', 'Должность', 'Организация', 'Территория']);
  for (const r of teachers) a.addRow(r);
  const b = book.addWorksheet('Организации');
  b.addRow(['Организация', 'Краткое наименование', 'ИНН', 'Территория']);
  for (const r of organizations) b.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const upload = (who: Session, name: string, content: Buffer) => {
  const { payload, headers } = multipartBody({}, { name, content });
  return t.request(who, { method: 'POST', url: '/api/v1/imports', payload, headers });
};
const rowsOf = async (who: Session, id: string) =>
  ((await get(who, `/imports/${id}/rows?problems=true`)).json() as { items: ImportRow[] }).items;
const count = async (table: 'users' | 'organizations') =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('importing teachers and organizations', () => {
  it('gives a template that itself imports as a preview', async () => {
    const res = await get(s.methodist, '/imports/template.xlsx');
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Педагоги', 'Организации']);
  });

  it('lists each error with its row and changes nothing', async () => {
    const before = [await count('users'), await count('organizations')];
    const file = await xlsxFile(
      [
        ['Смирнова', 'Анна', '', 'smirnova@school.example', '', position.name, school.name, ''],
        ['Кузнецова', 'Ирина', '', 'не-адрес', '', position.name, school.name, ''],
        ['Попова', 'Елена', '', 'popova@school.example', '', position.name, 'Нет такой школы', ''],
        ['Попова', 'Елена', '', 'smirnova@school.example', '', 'Дворник', school.name, ''],
      ],
      [['МБОУ «Чужая школа»', '', '', otherTerritory.name]],
    );
    const res = await upload(s.methodist, 'педагоги.xlsx', file);
    expect(res.statusCode).toBe(201);
    const summary = res.json() as ImportSummary;
    expect(summary).toMatchObject({ state: 'invalid', total: 5 });
    const problems = await rowsOf(s.methodist, summary.id);
    const messages = problems.map((p) => `${p.sheet}:${p.row}:${p.issues.map((i) => i.column).join(',')}`);
    expect(messages).toEqual([
      'Организации:2:Территория',
      'Педагоги:3:E-mail',
      'Педагоги:4:Организация',
      'Педагоги:5:Должность,E-mail',
    ]);
    expect(problems[3]?.issues[1]?.message).toMatch(/строке 2/);
    expect((await api(s.methodist, 'POST', `/imports/${summary.id}/apply`)).statusCode).toBe(409);
    expect([await count('users'), await count('organizations')]).toEqual(before);
    expect((await get(s.methodistOther, `/imports/${summary.id}`)).statusCode).toBe(404);
  });

  it('creates everyone of a good file in one job, skips those already in the Bank, and queues invitations', async () => {
    const file = await xlsxFile(
      [
        ['Смирнова', 'Анна', '', 'smirnova@school.example', '', position.name, 'МАОУ «Лицей № 3»', ''],
        ['Кузнецова', 'Ирина', 'Олеговна', 'kuznetsova@school.example', '', position.name, school.name, ''],
        ['Новикова', 'Ольга', '', 'novikova@school.example', '', position.name, school.name, ''],
      ],
      [['МАОУ «Лицей № 3»', 'Лицей № 3', '5902000000', '']],
    );
    const summary = (await upload(s.methodist, 'педагоги.xlsx', file)).json() as ImportSummary;
    expect(summary).toMatchObject({ state: 'ready', errors: 0, existing: 1, total: 4 });
    const applied = await api(s.methodist, 'POST', `/imports/${summary.id}/apply`);
    expect(applied.statusCode).toBe(202);
    expect(applied.json()).toMatchObject({ state: 'queued', processed: 0 });
    expect(await runNextJob(t.ctx, [importTeachersJob])).toMatchObject({ ok: true });
    const done = (await get(s.methodist, `/imports/${summary.id}`)).json() as ImportSummary;
    expect(done).toMatchObject({
      state: 'done',
      processed: 4,
      result: { teachers: 2, organizations: 1, invitations: 2 },
    });
    const lyceum = await t.db
      .selectFrom('organizations')
      .where('name', '=', 'МАОУ «Лицей № 3»')
      .select(['id', 'territoryId'])
      .executeTakeFirstOrThrow();
    expect(lyceum.territoryId).toBe(territory.id);
    const mails = await t.db
      .selectFrom('outboxEmails')
      .where('toAddress', 'in', ['smirnova@school.example', 'kuznetsova@school.example'])
      .select('subject')
      .execute();
    expect(mails).toHaveLength(2);
    const audit = await t.db
      .selectFrom('auditEvents')
      .where('action', '=', 'teachers.imported')
      .select(['after', 'actorId'])
      .executeTakeFirstOrThrow();
    expect(audit.actorId).toBe(Number(s.methodist.userId));
    expect(audit.after).toMatchObject({ teachers: 2, organizations: 1, skipped: 1 });
    expect((await api(s.methodist, 'POST', `/imports/${summary.id}/apply`)).statusCode).toBe(409);
  });

  it('reads CSV in Windows-1251 with `;` and UTF-8 with `,`', async () => {
    const lines = [
      'Фамилия;Имя;Отчество;E-mail;СНИЛС;Должность;Организация;Территория',
      `Орлова;Вера;;orlova@school.example;112-233-445 95;${position.name};${school.name};`,
    ].join('\r\n');
    // Windows-1251: А..я at 0xC0..0xFF, the rest of the file ASCII or the few signs below.
    const encoded = Buffer.from(
      [...lines].map((c) => {
        const code = c.charCodeAt(0);
        if (code < 128) return code;
        if (c === 'Ё') return 0xa8;
        if (c === 'ё') return 0xb8;
        if (c === '№') return 0xb9;
        if (c === '«') return 0xab;
        if (c === '»') return 0xbb;
        return code - 0x410 + 0xc0;
      }),
    );
    const summary = (await upload(s.methodist, 'педагоги.csv', encoded)).json() as ImportSummary;
    expect(summary).toMatchObject({ state: 'ready', total: 1, errors: 0 });
    const rows = (await get(s.methodist, `/imports/${summary.id}/rows`)).json() as { items: ImportRow[] };
    expect(rows.items[0]).toMatchObject({ name: 'Орлова Вера', status: 'new' });
    const utf8 = Buffer.from(
      `\uFEFFФамилия,Имя,E-mail,Должность,Организация\n"Орлова","Вера","orlova@school.example","${position.name}","${school.name.replace(/"/g, '""')}"\n`,
    );
    const second = (await upload(s.methodist, 'педагоги.csv', utf8)).json() as ImportSummary;
    expect(second).toMatchObject({ state: 'ready', total: 1 });
  });

  it('previews a file of 2,000 rows in pages and applies it in the background', async () => {
    const lines = ['Фамилия;Имя;E-mail;Должность;Организация'];
    for (let i = 0; i < 2000; i++)
      lines.push(`Большова;Нина;big${i}@school.example;${position.name};${school.name}`);
    const summary = (
      await upload(s.methodist, 'много.csv', Buffer.from(lines.join('\n')))
    ).json() as ImportSummary;
    expect(summary).toMatchObject({ state: 'ready', total: 2000, errors: 0 });
    const second = (await get(s.methodist, `/imports/${summary.id}/rows?limit=100&offset=100`)).json() as {
      items: ImportRow[];
      total: number;
    };
    expect(second.total).toBe(2000);
    expect(second.items[0]?.row).toBe(102);
    await api(s.methodist, 'POST', `/imports/${summary.id}/apply`);
    expect(await runNextJob(t.ctx, [importTeachersJob])).toMatchObject({ ok: true });
    expect((await get(s.methodist, `/imports/${summary.id}`)).json()).toMatchObject({
      state: 'done',
      processed: 2000,
      result: { teachers: 2000 },
    });
  });

  it('refuses an unreadable file and a file without rows with a Russian message', async () => {
    const empty = await upload(s.methodist, 'пусто.csv', Buffer.from('Фамилия;Имя\n'));
    expect(empty.statusCode).toBe(422);
    expect(empty.json().detail).toMatch(/нет строк/);
    const broken = await upload(s.methodist, 'сломан.xlsx', Buffer.from('PK\u0003\u0004 broken'));
    expect(broken.statusCode).toBe(422);
    expect((await upload(s.teacher, 'x.csv', Buffer.from('a'))).statusCode).toBe(403);
  });
});
