import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import { pdfText, xlsxRows } from '../../../test/documents.js';
import {
  buildApplication,
  buildCourse,
  buildDepartment,
  buildGroup,
  buildOrganization,
  buildProgram,
  buildProvider,
  buildUser,
  FULL_PERSONAL_DATA,
} from '../../../test/factories.js';
import { atOnce, expectOverlap } from '../../../test/overlap.js';

const t = await testApp();
// An app whose public check refuses an address after three unknown numbers. Made here, where
// testApp's afterAll closes it and drops its database: a hook registered inside a test never runs.
const strict = await testApp({ VERIFY_UNKNOWN_PER_ADDRESS: '3' });
const api = '/api/v1';

type Sessions = Record<'manager' | 'head' | 'operator' | 'otherHead' | 'holder' | 'otherTeacher', Session>;
let s: Sessions;
let providerId: number;
let departmentId: number;
let programId: number;

async function finishedCourse(
  learners: { lastName: string; status: 'completed' | 'not_completed'; full?: boolean; teacherId?: number }[],
  program = programId,
) {
  const course = await buildCourse(t.db, {
    programId: program,
    status: 'finished',
    startsOn: '2026-11-09',
    endsOn: '2026-11-20',
    applyUntil: '2026-11-01',
  });
  const apps = [];
  for (const l of learners) {
    const teacherId =
      l.teacherId ??
      (
        await buildUser(t.db, {
          lastName: l.lastName,
          organizationId: (await buildOrganization(t.db)).id,
          ...(l.full === false ? {} : { profile: FULL_PERSONAL_DATA }),
        })
      ).id;
    apps.push(await buildApplication(t.db, { courseId: course.id, teacherId, status: 'forwarded' }));
  }
  const group = await buildGroup(t.db, { courseId: course.id, applicationIds: apps.map((a) => a.id) });
  for (const [i, a] of apps.entries())
    await t.db
      .updateTable('applications')
      .set({ status: learners[i]?.status ?? 'completed' })
      .where('id', '=', a.id)
      .execute();
  return { course, apps, group };
}

const issue = (session: Session, courseId: number, body: object = {}) =>
  t.request(session, { method: 'POST', url: `${api}/courses/${courseId}/certificates`, payload: body });
const get = (session: Session | null, url: string) =>
  t.request(session, { method: 'GET', url: `${api}${url}` });

beforeAll(async () => {
  const provider = await buildProvider(t.db, {
    name: 'ГАУ ДПО «Институт развития образования Пермского края»',
  });
  providerId = provider.id;
  await t.db
    .updateTable('providers')
    .set({
      blankSeries: '59ПК',
      inn: '5902290402',
      ogrn: '1025900528895',
      city: 'Пермь',
      address: 'г. Пермь, ул. Екатерининская, д. 210',
      signatories: JSON.stringify([
        { position: 'Ректор', name: 'Т. В. Кузнецова' },
        { position: 'Секретарь', name: 'Н. А. Зуева' },
      ]),
    })
    .where('id', '=', providerId)
    .execute();
  departmentId = (await buildDepartment(t.db, { providerId })).id;
  const other = await buildDepartment(t.db, { providerId });
  programId = (
    await buildProgram(t.db, { departmentId, title: 'Смысловое чтение на уроках математики', hours: 36 })
  ).id;
  const users = {
    manager: await buildUser(t.db, { roles: [{ role: 'manager', departmentId }] }),
    head: await buildUser(t.db, { roles: [{ role: 'head', departmentId }] }),
    operator: await buildUser(t.db, { roles: [{ role: 'operator' }] }),
    otherHead: await buildUser(t.db, { roles: [{ role: 'head', departmentId: other.id }] }),
    holder: await buildUser(t.db, { lastName: 'Ёлкина', profile: FULL_PERSONAL_DATA }),
    otherTeacher: await buildUser(t.db, { profile: FULL_PERSONAL_DATA }),
  };
  s = Object.fromEntries(
    await Promise.all(Object.entries(users).map(async ([k, u]) => [k, await t.login(u.login)])),
  ) as Sessions;
});

describe('issuing', () => {
  it('gives completed learners certificates and the others справки, numbered in order of the list', async () => {
    const { course, apps } = await finishedCourse([
      { lastName: 'Петрова', status: 'completed' },
      { lastName: 'Абрамова', status: 'completed' },
      { lastName: 'Сидорова', status: 'not_completed' },
    ]);
    const res = await issue(s.manager, course.id);
    expect(res.statusCode, res.body).toBe(200);
    const { items, blocked } = res.json();
    expect(blocked).toEqual([]);
    expect(items.map((i: { kind: string }) => i.kind).sort()).toEqual([
      'certificate',
      'certificate',
      'spravka',
    ]);
    const byApp = new Map(items.map((i: { applicationId: string }) => [i.applicationId, i]));
    const numbers = [apps[1], apps[0], apps[2]].map(
      (a) => (byApp.get(String(a?.id)) as { registrationNumber: string }).registrationNumber,
    );
    // Alphabetical: Абрамова, Петрова, Сидорова take consecutive numbers of 2026.
    const seqs = numbers.map((n) => Number(n.split('-')[1]));
    expect(numbers.every((n) => /^2026-\d{5}$/.test(n))).toBe(true);
    expect(seqs).toEqual([seqs[0], (seqs[0] ?? 0) + 1, (seqs[0] ?? 0) + 2]);
    // Issuing again gives nobody a second document.
    expect((await issue(s.manager, course.id)).json().items).toEqual([]);
    const list = (await get(s.head, `/courses/${course.id}/certificates`)).json();
    expect(list.items.map((l: { lastName: string }) => l.lastName)).toEqual([
      'Абрамова',
      'Петрова',
      'Сидорова',
    ]);
    expect(list.items.every((l: { documents: unknown[] }) => l.documents.length === 1)).toBe(true);
    expect(list.abilities).toEqual({ issue: true, download: true });
    const audit = await t.db
      .selectFrom('auditEvents')
      .where('action', '=', 'certificate.issued')
      .where(
        'entityId',
        'in',
        items.map((i: { certificateId: string }) => i.certificateId),
      )
      .select('entityId')
      .execute();
    expect(audit).toHaveLength(3);
    // Each holder is told her document is there, with its number, and where to download it.
    const notices = await t.db
      .selectFrom('notifications')
      .where('kind', '=', 'certificate.issued')
      .where(
        'userId',
        'in',
        apps.map((a) => a!.teacherId),
      )
      .select(['userId', 'title', 'body', 'link'])
      .execute();
    expect(notices).toHaveLength(3);
    const petrova = notices.find((n) => n.userId === apps[0]!.teacherId);
    expect(petrova?.title).toMatch(/^Выдан документ об обучении: «.+»$/);
    expect(petrova?.body).toBe(
      `Удостоверение о повышении квалификации № ${numbers[1]}. Скачать его можно в разделе «Моё повышение квалификации».`,
    );
    expect(petrova?.link).toBe('/cpd');
  });

  it('gives a retraining program a diploma', async () => {
    const retraining = await buildProgram(t.db, { departmentId, kind: 'retraining', hours: 260 });
    const { course } = await finishedCourse([{ lastName: 'Волкова', status: 'completed' }], retraining.id);
    expect((await issue(s.manager, course.id)).json().items[0].kind).toBe('diploma');
  });

  it('leaves out a learner whose profile lacks data, lists her, and issues the others', async () => {
    const { course, apps } = await finishedCourse([
      { lastName: 'Полная', status: 'completed' },
      { lastName: 'Неполная', status: 'completed', full: false },
    ]);
    const list = (await get(s.manager, `/courses/${course.id}/certificates`)).json();
    expect(list.items.find((l: { lastName: string }) => l.lastName === 'Неполная').missing).toEqual([
      'birthDate',
      'sex',
      'snils',
      'educationLevel',
      'diplomaSurname',
      'diplomaSeries',
      'diplomaNumber',
    ]);
    const res = await issue(s.manager, course.id);
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toHaveLength(1);
    expect(res.json().blocked).toEqual([
      expect.objectContaining({
        applicationId: String(apps[1]?.id),
        message: expect.stringContaining('СНИЛС'),
      }),
    ]);
    // Asked for her alone: a 422 naming her and what is missing; nothing is issued.
    const alone = await issue(s.manager, course.id, { applicationIds: [String(apps[1]?.id)] });
    expect(alone.statusCode).toBe(422);
    expect(alone.json().errors[0].message).toMatch(
      /^Неполная Мария Петровна: в профиле не заполнено — дата рождения/,
    );
    expect(
      await t.db.selectFrom('certificates').where('courseId', '=', course.id).select('id').execute(),
    ).toHaveLength(1);
  });

  it('refuses learners without a result, and another department (404)', async () => {
    const { course } = await finishedCourse([{ lastName: 'Иванова', status: 'completed' }]);
    const stranger = await buildApplication(t.db, { courseId: course.id, status: 'forwarded' });
    const res = await issue(s.manager, course.id, { applicationIds: [stranger.id] });
    expect(res.statusCode).toBe(422);
    expect((await issue(s.otherHead, course.id)).statusCode).toBe(404);
    expect((await get(s.otherHead, `/courses/${course.id}/certificates`)).statusCode).toBe(404);
    expect((await issue(s.operator, course.id)).statusCode).toBe(403);
  });

  it('keeps the snapshot: a later change of the name or the program does not change the document', async () => {
    const { course, apps } = await finishedCourse([{ lastName: 'Морозова', status: 'completed' }]);
    const [item] = (await issue(s.manager, course.id)).json().items;
    await t.db
      .updateTable('users')
      .set({ lastName: 'Снегирёва' })
      .where('id', '=', apps[0]?.teacherId ?? 0)
      .execute();
    await t.db
      .updateTable('programs')
      .set({ title: 'Другое название' })
      .where('id', '=', programId)
      .execute();
    const check = (await get(null, `/certificates/verify/${item.registrationNumber}`)).json();
    expect(check.holder).toBe('Морозова М. П.');
    expect(check.programTitle).toBe('Смысловое чтение на уроках математики');
    await t.db
      .updateTable('programs')
      .set({ title: 'Смысловое чтение на уроках математики' })
      .where('id', '=', programId)
      .execute();
  });
});

describe('numbers', () => {
  it('25 issues at once take 25 distinct consecutive numbers', async () => {
    const courses: { id: number }[] = [];
    for (let i = 0; i < 25; i++)
      courses.push((await finishedCourse([{ lastName: `Слушатель`, status: 'completed' }])).course);
    // The counter row of the year exists once anything was issued; the gate holds it.
    const year = 2026;
    await t.db
      .insertInto('certificateCounters')
      .values({ providerId, year, lastSequence: 0 })
      .onConflict((oc) => oc.columns(['providerId', 'year']).doNothing())
      .execute();
    const [responses, overlap] = await atOnce(
      { db: t.db, engine: t.ctx.engine },
      { table: 'certificate_counters', providerId, year, waiters: 5 },
      () => Promise.all(courses.map((c) => issue(c.id % 2 ? s.manager : s.head, c.id))),
    );
    expectOverlap(overlap);
    expect(responses.map((r) => r.statusCode)).toEqual(courses.map(() => 200));
    const numbers = responses
      .map((r) => Number(r.json().items[0].registrationNumber.split('-')[1]))
      .sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(25);
    expect(numbers.at(-1)! - numbers[0]!).toBe(24);
    // And the register as a whole has no gap and no duplicate.
    const all = await t.db
      .selectFrom('certificates')
      .where('providerId', '=', providerId)
      .where('year', '=', year)
      .select('sequence')
      .orderBy('sequence')
      .execute();
    expect(all.map((r) => r.sequence)).toEqual(all.map((_, i) => i + 1));
  });

  it('follows the provider template and issues a group of 25 at once in one block', async () => {
    await t.db
      .updateTable('providers')
      .set({ numberTemplate: 'ПК-{seq:6}/{year}' })
      .where('id', '=', providerId)
      .execute();
    const { course } = await finishedCourse(
      Array.from({ length: 25 }, (_, i) => ({
        lastName: `Группа${String.fromCharCode(1040 + i)}`,
        status: 'completed' as const,
      })),
    );
    const { items } = (await issue(s.head, course.id)).json();
    const seqs = items.map((i: { registrationNumber: string }) => {
      expect(i.registrationNumber).toMatch(/^ПК-\d{6}\/2026$/);
      return Number(i.registrationNumber.slice(3, 9));
    });
    expect(seqs).toEqual(seqs.map((_: number, i: number) => seqs[0] + i));
    await t.db
      .updateTable('providers')
      .set({ numberTemplate: '{year}-{seq}' })
      .where('id', '=', providerId)
      .execute();
  });
});

describe('revoke and reissue', () => {
  it('revoke keeps the number marked revoked; reissue gives a new number the old one points to', async () => {
    const { course } = await finishedCourse([
      { lastName: 'Кедрова', status: 'completed' },
      { lastName: 'Липова', status: 'completed' },
    ]);
    const [a, b] = (await issue(s.manager, course.id)).json().items;
    const act = (id: string, action: string, reason = 'Ошибка в фамилии') =>
      t.request(s.manager, {
        method: 'POST',
        url: `${api}/certificates/${id}/actions/${action}`,
        payload: { reason },
      });
    const revoked = await act(a.certificateId, 'revoke');
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({
      registrationNumber: a.registrationNumber,
      revokeReason: 'Ошибка в фамилии',
    });
    expect((await act(a.certificateId, 'revoke')).statusCode).toBe(403);
    const check = (await get(null, `/certificates/verify/${a.registrationNumber}`)).json();
    expect(check).toMatchObject({ revoked: true, revokedOn: '2026-11-25', replacedBy: null });

    const reissued = await act(b.certificateId, 'reissue');
    expect(reissued.statusCode, reissued.body).toBe(200);
    const fresh = reissued.json();
    expect(fresh.registrationNumber).not.toBe(b.registrationNumber);
    expect(fresh.replaces).toEqual({ id: b.certificateId, registrationNumber: b.registrationNumber });
    const [notice] = await t.db
      .selectFrom('notifications')
      .where('kind', '=', 'certificate.issued')
      .where('entityId', '=', String(fresh.id))
      .select(['title', 'body'])
      .execute();
    expect(notice?.title).toMatch(/^Документ выдан заново: /);
    expect(notice?.body).toContain(
      `№ ${fresh.registrationNumber} вместо № ${b.registrationNumber}, который больше не действует`,
    );
    expect((await get(null, `/certificates/verify/${b.registrationNumber}`)).json()).toMatchObject({
      revoked: true,
      replacedBy: fresh.registrationNumber,
    });
    // Reissue after revoke: the learner may get a new one by issuing.
    expect((await issue(s.manager, course.id)).json().items).toHaveLength(1);
    expect(
      await t.db
        .selectFrom('auditEvents')
        .where('action', 'in', ['certificate.revoked', 'certificate.reissued'])
        .where('entityId', 'in', [a.certificateId, b.certificateId, fresh.id])
        .select('action')
        .orderBy('id')
        .execute(),
    ).toEqual([
      { action: 'certificate.revoked' },
      { action: 'certificate.revoked' },
      { action: 'certificate.reissued' },
    ]);
    expect(
      (
        await t.request(s.otherHead, {
          method: 'POST',
          url: `${api}/certificates/${fresh.id}/actions/revoke`,
          payload: { reason: 'x' },
        })
      ).statusCode,
    ).toBe(404);
  });
});

describe('files', () => {
  it('prints a document as an A4 landscape PDF with the holder, number, date, provider and signatories', async () => {
    const holderId = Number(s.holder.userId);
    const { course } = await finishedCourse([
      { lastName: 'Ёлкина', status: 'completed', teacherId: holderId },
    ]);
    const [item] = (await issue(s.manager, course.id)).json().items;
    const mine = await get(s.holder, `/certificates/${item.certificateId}/pdf`);
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['content-type']).toBe('application/pdf');
    const raw = mine.rawPayload;
    expect(raw.toString('latin1')).toMatch(/\/MediaBox \[0 0 841\.89 595\.28/);
    const { text, pages } = await pdfText(raw);
    expect(pages).toBe(1);
    for (const expected of [
      'УДОСТОВЕРЕНИЕ',
      'Ёлкина Мария Петровна',
      'Смысловое чтение на уроках математики',
      `Регистрационный номер ${item.registrationNumber}`,
      'Дата выдачи 25.11.2026',
      'с 09.11.2026 по 20.11.2026',
      '36 часов',
      'ГАУ ДПО «Институт развития образования Пермского края»',
      'ИНН 5902290402',
      'Т. В. Кузнецова',
      'Ректор',
      'Серия 59ПК',
      `http://localhost:80/verify/${item.registrationNumber}`,
    ])
      expect(text.replace(/\s+/g, ' ')).toContain(expected);
    // Someone else's document: the other teacher does not see it, the other department neither.
    expect((await get(s.otherTeacher, `/certificates/${item.certificateId}/pdf`)).statusCode).toBe(404);
    expect((await get(s.otherHead, `/certificates/${item.certificateId}/pdf`)).statusCode).toBe(404);
    expect((await get(s.operator, `/certificates/${item.certificateId}/pdf`)).statusCode).toBe(200);
  });

  it('prints the whole group in one PDF and audits the download', async () => {
    const { course } = await finishedCourse([
      { lastName: 'Громова', status: 'completed' },
      { lastName: 'Дождёва', status: 'not_completed' },
    ]);
    const { items } = (await issue(s.manager, course.id)).json();
    const res = await get(s.head, `/courses/${course.id}/documents/certificates.pdf`);
    expect(res.statusCode).toBe(200);
    const { text, pages } = await pdfText(res.rawPayload);
    expect(pages).toBe(2);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Громова Мария Петровна');
    expect(flat).toContain('СПРАВКА');
    expect(flat).toContain('Дождёва Мария Петровна');
    for (const i of items) expect(flat).toContain(i.registrationNumber);
    const audit = await t.db
      .selectFrom('auditEvents')
      .where('action', '=', 'certificate.exported')
      .where('entityId', '=', String(course.id))
      .selectAll()
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ file: 'certificates.pdf', documents: 2 });
    expect((await get(s.otherHead, `/courses/${course.id}/documents/certificates.pdf`)).statusCode).toBe(404);
  });

  it('exports the FRDO sheet: 40 headers in order, a row per certificate, dates and СНИЛС as the registry wants', async () => {
    const { course } = await finishedCourse([
      { lastName: 'Орлова', status: 'completed' },
      { lastName: 'Соколова', status: 'completed' },
      { lastName: 'Чайкина', status: 'not_completed' },
    ]);
    const { items } = (await issue(s.manager, course.id)).json();
    const check = (await get(s.manager, `/courses/${course.id}/documents/frdo-check`)).json();
    expect(check).toEqual({ rows: 2, problems: [], version: '2025' });
    const res = await get(s.manager, `/courses/${course.id}/documents/frdo.xlsx`);
    expect(res.statusCode, res.body).toBe(200);
    const { sheet, rows } = await xlsxRows(res.rawPayload);
    expect(sheet).toBe('Шаблон');
    const expected = JSON.parse(readFileSync('/work/shared/data/frdo-dpo-columns.json', 'utf8')) as {
      columns: { header: string }[];
    };
    expect(rows[0]).toEqual(expected.columns.map((c) => c.header));
    expect(rows).toHaveLength(3);
    const orlova = rows.find((r) => r[21] === 'Орлова');
    const number = items.find((i: { kind: string }) => i.kind === 'certificate').registrationNumber;
    expect(rows.map((r) => r[8])).toContain(number);
    expect(orlova?.slice(0, 12)).toEqual([
      'Удостоверение о повышении квалификации',
      'Оригинал',
      'Нет',
      'Нет',
      'Нет',
      '59ПК',
      expect.stringMatching(/^26\d{5}$/),
      '25.11.2026',
      expect.stringMatching(/^2026-\d{5}$/),
      'Повышение квалификации',
      'Смысловое чтение на уроках математики',
      '',
    ]);
    expect(orlova?.slice(14, 31)).toEqual([
      'Высшее образование',
      'Смирнова',
      '105924',
      '0123456',
      '2026',
      '2026',
      '36',
      'Орлова',
      'Мария',
      'Петровна',
      '17.03.1984',
      'Жен',
      '123-456-789 64',
      'Очная',
      'Бюджетное обучение',
      'в образовательной организации',
      '643',
    ]);
    expect(rows.some((r) => r[21] === 'Чайкина')).toBe(false);
    expect((await get(s.otherHead, `/courses/${course.id}/documents/frdo.xlsx`)).statusCode).toBe(404);
    expect((await get(s.holder, `/courses/${course.id}/documents/frdo.xlsx`)).statusCode).toBe(403);
  });

  it('lists rows the registry would reject and refuses the download', async () => {
    const short = await buildProgram(t.db, { departmentId, hours: 16 });
    const { course } = await finishedCourse([{ lastName: 'Short', status: 'completed' }], short.id);
    await issue(s.manager, course.id);
    await t.db
      .updateTable('certificates')
      .set({ blankNumber: '' })
      .where('courseId', '=', course.id)
      .execute();
    const check = (await get(s.manager, `/courses/${course.id}/documents/frdo-check`)).json();
    expect(check.problems).toEqual([
      expect.objectContaining({ columns: ['Номер документа', 'Фамилия получателя'] }),
    ]);
    const res = await get(s.manager, `/courses/${course.id}/documents/frdo.xlsx`);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].message).toContain('Номер документа');
  });
});

describe('public check', () => {
  it('tells a genuine number with no personal data beyond surname and initials; 404 for an unknown one', async () => {
    const { course } = await finishedCourse([{ lastName: 'Берёзова', status: 'completed' }]);
    const [item] = (await issue(s.manager, course.id)).json().items;
    const res = await get(null, `/certificates/verify/${encodeURIComponent(item.registrationNumber)}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      registrationNumber: item.registrationNumber,
      kind: 'certificate',
      kindLabel: 'Удостоверение о повышении квалификации',
      holder: 'Берёзова М. П.',
      programTitle: 'Смысловое чтение на уроках математики',
      hours: 36,
      providerName: 'ГАУ ДПО «Институт развития образования Пермского края»',
      issuedOn: '2026-11-25',
      revoked: false,
      revokedOn: null,
      replacedBy: null,
    });
    expect(res.body).not.toContain('1984');
    expect(res.body).not.toContain('123');
    expect((await get(null, '/certificates/verify/1999-99999')).statusCode).toBe(404);
  });

  it('throttles an address that keeps asking unknown numbers', async () => {
    const ask = (n: string, ip = '198.51.100.7') =>
      strict.app.inject({ method: 'GET', url: `${api}/certificates/verify/${n}`, remoteAddress: ip });
    for (let i = 0; i < 3; i++) expect((await ask(`0000-0000${i}`)).statusCode).toBe(404);
    const refused = await ask('0000-00009');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('600');
    expect((await ask('0000-00009', '198.51.100.8')).statusCode).toBe(404);
  });
});
