import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import {
  buildCatalogCast,
  buildCourse,
  buildFile,
  buildProgram,
  multipartBody,
  PDF_BYTES,
} from '../../../test/factories.js';
import { contentDisposition } from '../http/download.js';
import { checkFile, cleanFileName } from './files.js';

const t = await testApp();
let cast: Awaited<ReturnType<typeof buildCatalogCast>>;
const s = {} as Record<keyof typeof cast.users, Session>;

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0]);

const upload = (
  who: Session | null,
  url: string,
  file: { name: string; content: Buffer } | null,
  fields: Record<string, string> = {},
) => {
  const body = multipartBody(fields, file);
  return t.request(who, { method: 'POST', url, payload: body.payload, headers: body.headers });
};

const audits = (entityType: string, id: number) =>
  t.db
    .selectFrom('auditEvents')
    .where('entityType', '=', entityType)
    .where('entityId', '=', String(id))
    .where('action', 'like', '%file%')
    .orderBy('id')
    .selectAll()
    .execute();

beforeAll(async () => {
  cast = await buildCatalogCast(t.db);
  for (const [name, user] of Object.entries(cast.users))
    s[name as keyof typeof cast.users] = await t.login(user.login);
});

describe('file kinds (pure)', () => {
  it('accepts a kind only when the extension and the first bytes agree', () => {
    expect(checkFile('Программа.PDF', PDF_BYTES)).toEqual({
      ok: true,
      name: 'Программа.PDF',
      contentType: 'application/pdf',
    });
    expect(checkFile('план.docx', ZIP)).toMatchObject({ ok: true });
    expect(checkFile('фото.png', PNG)).toMatchObject({ ok: true, contentType: 'image/png' });
    expect(checkFile('фото.pdf', PNG)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/не похоже/),
    });
    expect(checkFile('вирус.exe', Buffer.from('MZ'))).toMatchObject({ ok: false });
    expect(checkFile('без расширения', PDF_BYTES)).toMatchObject({ ok: false });
    expect(checkFile('пусто.pdf', Buffer.alloc(0))).toMatchObject({ ok: false, message: 'Файл пуст' });
  });

  it('cleans names and labels downloads for Cyrillic names (RFC 5987)', () => {
    expect(cleanFileName('C:\\Users\\Мария\\план\u0007.pdf')).toBe('план.pdf');
    expect(cleanFileName(`${'я'.repeat(300)}.pdf`)).toHaveLength(200);
    expect(contentDisposition('Учебный план (2026).pdf')).toBe(
      `attachment; filename="_______ ____ (2026).pdf"; filename*=UTF-8''${'%D0%A3%D1%87%D0%B5%D0%B1%D0%BD%D1%8B%D0%B9%20%D0%BF%D0%BB%D0%B0%D0%BD%20%282026%29.pdf'}`,
    );
  });
});

describe('POST /courses/{id}/files', () => {
  it('stores an upload in the database and serves it back with safe headers', async () => {
    const course = await buildCourse(t.db, { departmentId: cast.deptA.id, status: 'published' });
    const res = await upload(
      s.managerA,
      `/api/v1/courses/${course.id}/files`,
      { name: 'Учебный план «Осень».pdf', content: PDF_BYTES },
      { title: 'Учебный план' },
    );
    expect(res.statusCode, res.body).toBe(201);
    const file = res.json();
    expect(file).toEqual({
      id: expect.any(String),
      name: 'Учебный план «Осень».pdf',
      title: 'Учебный план',
      contentType: 'application/pdf',
      size: PDF_BYTES.length,
      createdAt: t.clock().toISOString(),
      url: `/api/v1/files/${file.id}`,
    });
    expect((await audits('course', course.id)).map((a) => a.action)).toEqual(['course.file_added']);
    const download = await t.request(null, { method: 'GET', url: file.url });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PDF_BYTES)).toBe(true);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-disposition']).toBe(contentDisposition('Учебный план «Осень».pdf'));
    const card = (await t.request(s.managerA, { method: 'GET', url: `/api/v1/courses/${course.id}` })).json();
    expect(card.files.map((f: { id: string }) => f.id)).toEqual([file.id]);
  });

  it('takes files far larger than a JSON body may be (up to 20 MB)', async () => {
    const course = await buildCourse(t.db, { departmentId: cast.deptA.id });
    const content = Buffer.concat([PDF_BYTES, Buffer.alloc(5 * 1024 * 1024, 0x20)]);
    const res = await upload(s.headA, `/api/v1/courses/${course.id}/files`, { name: 'scan.pdf', content });
    expect(res.statusCode, res.body).toBe(201);
    const download = await t.request(s.headA, { method: 'GET', url: res.json().url });
    expect(download.rawPayload.length).toBe(content.length);
  });

  it('refuses files too large (413), of the wrong kind (422), empty or missing (422), not multipart (415)', async () => {
    const course = await buildCourse(t.db, { departmentId: cast.deptA.id });
    const url = `/api/v1/courses/${course.id}/files`;
    const big = Buffer.concat([PDF_BYTES, Buffer.alloc(20 * 1024 * 1024)]);
    const tooBig = await upload(s.managerA, url, { name: 'большой.pdf', content: big });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().title).toBe('Слишком большой файл');
    const exe = await upload(s.managerA, url, { name: 'setup.exe', content: Buffer.from('MZ\x90\x00') });
    expect(exe.statusCode).toBe(422);
    expect(exe.json().errors[0].field).toBe('file');
    expect((await upload(s.managerA, url, { name: 'фото.pdf', content: PNG })).statusCode).toBe(422);
    expect((await upload(s.managerA, url, { name: 'пусто.pdf', content: Buffer.alloc(0) })).statusCode).toBe(
      422,
    );
    expect((await upload(s.managerA, url, null, { title: 'без файла' })).statusCode).toBe(422);
    const hidden = await upload(
      s.managerA,
      url,
      { name: 'план.pdf', content: PDF_BYTES },
      { title: 'План\u202Eфдп' },
    );
    expect(hidden.statusCode).toBe(422);
    expect(hidden.json().errors).toEqual([
      { field: 'title', message: expect.stringMatching(/^Уберите невидимые/) },
    ]);
    const json = await t.request(s.managerA, { method: 'POST', url, payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
    expect(json.headers['content-type']).toContain('application/problem+json');
    const stored = await t.db.selectFrom('files').where('courseId', '=', course.id).selectAll().execute();
    expect(stored).toEqual([]);
  });

  it('is for the department staff: 401, 403 for readers, 404 elsewhere, 409 once archived', async () => {
    const course = await buildCourse(t.db, { departmentId: cast.deptA.id, status: 'published' });
    const url = `/api/v1/courses/${course.id}/files`;
    const file = { name: 'план.pdf', content: PDF_BYTES };
    expect((await upload(null, url, file)).statusCode).toBe(401);
    expect((await upload(s.adminX, url, file)).statusCode).toBe(403);
    expect((await upload(s.teacher, url, file)).statusCode).toBe(403);
    expect((await upload(s.managerB, url, file)).statusCode).toBe(404);
    const archived = await buildCourse(t.db, { departmentId: cast.deptA.id, status: 'archived' });
    expect((await upload(s.headA, `/api/v1/courses/${archived.id}/files`, file)).statusCode).toBe(409);
  });
});

describe('GET /files/{id}', () => {
  it("serves a draft's files only to its department; a program's files become public with a course", async () => {
    const program = await buildProgram(t.db, { departmentId: cast.deptA.id });
    const draft = await buildCourse(t.db, { programId: program.id });
    const draftFile = await buildFile(t.db, { courseId: draft.id });
    const programFile = await buildFile(t.db, { programId: program.id });
    const get = (who: Session | null, id: number) =>
      t.request(who, { method: 'GET', url: `/api/v1/files/${id}` });
    for (const who of [null, s.teacher, s.managerB, s.adminX, s.operator]) {
      expect((await get(who, draftFile.id)).statusCode).toBe(404);
    }
    expect((await get(s.managerA, draftFile.id)).statusCode).toBe(200);
    expect((await get(null, programFile.id)).statusCode).toBe(404);
    expect((await get(s.adminX, programFile.id)).statusCode).toBe(200);
    expect((await get(s.adminY, programFile.id)).statusCode).toBe(404);
    await buildCourse(t.db, { programId: program.id, status: 'published' });
    expect((await get(null, programFile.id)).statusCode).toBe(200);
    expect((await get(null, 999999)).statusCode).toBe(404);
  });
});

describe('program files', () => {
  it('attaches and deletes a program file, audited', async () => {
    const program = await buildProgram(t.db, { departmentId: cast.deptA.id });
    const url = `/api/v1/programs/${program.id}/files`;
    const res = await upload(s.headA, url, { name: 'Программа ДПП.docx', content: ZIP });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().contentType).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    const view = (await t.request(s.headA, { method: 'GET', url: `/api/v1/programs/${program.id}` })).json();
    expect(view.files.map((f: { name: string }) => f.name)).toEqual(['Программа ДПП.docx']);
    expect((await upload(s.managerB, url, { name: 'x.pdf', content: PDF_BYTES })).statusCode).toBe(404);
    expect((await upload(s.operator, url, { name: 'x.pdf', content: PDF_BYTES })).statusCode).toBe(403);
    const del = (who: Session | null, fileId: string) =>
      t.request(who, { method: 'DELETE', url: `/api/v1/programs/${program.id}/files/${fileId}` });
    expect((await del(s.managerB, res.json().id)).statusCode).toBe(404);
    expect((await del(s.managerA, res.json().id)).statusCode).toBe(204);
    expect((await del(s.managerA, res.json().id)).statusCode).toBe(404);
    expect((await audits('program', program.id)).map((a) => a.action)).toEqual([
      'program.file_added',
      'program.file_deleted',
    ]);
  });
});

describe('DELETE /courses/{id}/files/{fileId}', () => {
  it("deletes a course's file by the staff, 404 for another course's file or department", async () => {
    const course = await buildCourse(t.db, { departmentId: cast.deptA.id, status: 'published' });
    const other = await buildCourse(t.db, { departmentId: cast.deptA.id });
    const file = await buildFile(t.db, { courseId: course.id });
    const del = (who: Session | null, courseId: number) =>
      t.request(who, { method: 'DELETE', url: `/api/v1/courses/${courseId}/files/${file.id}` });
    expect((await del(null, course.id)).statusCode).toBe(401);
    expect((await del(s.adminX, course.id)).statusCode).toBe(403);
    expect((await del(s.managerB, course.id)).statusCode).toBe(404);
    expect((await del(s.managerA, other.id)).statusCode).toBe(404);
    expect((await del(s.managerA, course.id)).statusCode).toBe(204);
    expect(await t.db.selectFrom('files').where('id', '=', file.id).selectAll().execute()).toEqual([]);
    expect((await audits('course', course.id)).at(-1)).toMatchObject({
      action: 'course.file_deleted',
      before: { fileId: file.id, name: file.name },
    });
  });
});

describe('a malformed upload', () => {
  it('answers 400 problem+json, never a 500', async () => {
    const program = await buildProgram(t.db, { departmentId: cast.deptA.id });
    const url = `/api/v1/programs/${program.id}/files`;
    const part = '--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4';
    const broken: [string, string][] = [
      [part, 'multipart/form-data'], // no boundary
      [part, 'multipart/form-data; boundary=x'], // cut short
      ['not multipart at all', 'multipart/form-data; boundary=x'],
    ];
    for (const [payload, contentType] of broken) {
      const res = await t.request(s.headA, {
        method: 'POST',
        url,
        payload,
        headers: { 'content-type': contentType },
      });
      expect(res.statusCode, `${contentType}: ${payload} → ${res.body}`).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().detail).toMatch(/отправьте его ещё раз/);
    }
    expect(await t.db.selectFrom('files').where('programId', '=', program.id).selectAll().execute()).toEqual(
      [],
    );
  });
});
