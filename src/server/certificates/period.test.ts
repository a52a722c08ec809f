// A provider's documents for a period, made by a job its user follows: the summary, the job's
// life (queued, progress, done with a file for its starter only, failed with a message, the file
// pruned once its time is up), the files read back, the provider's own FRDO template filled, and
// who may do what.
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import { pdfText, xlsxRows } from '../../../test/documents.js';
import {
  buildApplication,
  buildCourse,
  buildDepartment,
  buildGroup,
  buildProgram,
  buildProvider,
  buildUser,
  FULL_PERSONAL_DATA,
  multipartBody,
} from '../../../test/factories.js';
import { z } from '../../contract/zod.js';
import { Invalid } from '../http/errors.js';
import { pruneJobsJob } from '../jobs/definitions/prune-jobs.js';
import { defineUserJob } from '../jobs/progress.js';
import { enqueue, type JobDefinition } from '../jobs/queue.js';
import { runDueJobs } from '../jobs/worker.js';
import CURRENT from './frdo/2025.json' with { type: 'json' };

const t = await testApp();
const api = '/api/v1';
const year = t.clock().getUTCFullYear();
const period = `from=${year}-01-01&to=${year}-12-31`;

let s: Record<'admin' | 'head' | 'manager' | 'otherAdmin' | 'otherHead', Session>;
let providerId: number;
let adminId: number;
let numbers: string[];

const get = (session: Session, url: string) => t.request(session, { method: 'GET', url: `${api}${url}` });
const start = (session: Session, file: string, from = `${year}-01-01`, to = `${year}-12-31`) =>
  t.request(session, {
    method: 'POST',
    url: `${api}/providers/${providerId}/certificates/jobs`,
    payload: { file, from, to },
  });
/** Starts the job, runs it as the worker would, and returns its state and its file. */
async function made(session: Session, file: string) {
  const started = await start(session, file);
  expect(started.statusCode, started.body).toBe(202);
  expect(started.json().state).toBe('queued');
  await runDueJobs(t.ctx);
  const job = (await get(session, `/jobs/${started.json().id}`)).json();
  const result = await get(session, `/jobs/${job.id}/result`);
  return { job, result };
}

beforeAll(async () => {
  providerId = (await buildProvider(t.db, { name: 'Институт развития образования' })).id;
  await t.db.updateTable('providers').set({ shortName: 'ИРО' }).where('id', '=', providerId).execute();
  const departmentId = (await buildDepartment(t.db, { providerId })).id;
  const sibling = (await buildDepartment(t.db, { providerId })).id;
  const program = await buildProgram(t.db, { departmentId, title: 'Функциональная грамотность', hours: 36 });
  const course = await buildCourse(t.db, { programId: program.id, status: 'finished' });
  const apps = [];
  for (const lastName of ['Белова', 'Аксёнова', 'Волкова']) {
    const teacher = await buildUser(t.db, { lastName, profile: FULL_PERSONAL_DATA });
    apps.push(
      (await buildApplication(t.db, { courseId: course.id, teacherId: teacher.id, status: 'forwarded' })).id,
    );
  }
  await buildGroup(t.db, { courseId: course.id, applicationIds: apps });
  await t.db.updateTable('applications').set({ status: 'completed' }).where('id', 'in', apps).execute();
  const users = {
    admin: await buildUser(t.db, { roles: [{ role: 'provider_admin', providerId }] }),
    head: await buildUser(t.db, { roles: [{ role: 'head', departmentId }] }),
    manager: await buildUser(t.db, { roles: [{ role: 'manager', departmentId }] }),
    otherAdmin: await buildUser(t.db, {
      roles: [{ role: 'provider_admin', providerId: (await buildProvider(t.db)).id }],
    }),
    otherHead: await buildUser(t.db, { roles: [{ role: 'head', departmentId: sibling }] }),
  };
  adminId = users.admin.id;
  s = Object.fromEntries(
    await Promise.all(Object.entries(users).map(async ([k, u]) => [k, await t.login(u.login)])),
  ) as typeof s;
  const issued = await t.request(s.manager, {
    method: 'POST',
    url: `${api}/courses/${course.id}/certificates`,
    payload: {},
  });
  expect(issued.statusCode, issued.body).toBe(200);
  numbers = issued
    .json()
    .items.map((i: { registrationNumber: string }) => i.registrationNumber)
    .sort();
});

describe('a provider’s documents for a period', () => {
  it('are counted before any file is made: documents, valid ones, FRDO rows and those rejected', async () => {
    const res = await get(s.admin, `/providers/${providerId}/certificates/summary?${period}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      documents: 3,
      valid: 3,
      frdo: { rows: 3, problems: [] },
      template: null,
    });
    // The sibling department's head keeps none of them; another provider's administrator: 404.
    expect(
      (await get(s.otherHead, `/providers/${providerId}/certificates/summary?${period}`)).json().documents,
    ).toBe(0);
    expect(
      (await get(s.otherAdmin, `/providers/${providerId}/certificates/summary?${period}`)).statusCode,
    ).toBe(404);
  });

  it('the register as a job: queued, then done with its file for 24 hours, to its starter only', async () => {
    const { job, result } = await made(s.admin, 'register.xlsx');
    expect(job).toMatchObject({
      state: 'done',
      progress: { done: 3, total: 3 },
      error: null,
      title: `Реестр выданных документов за период 01.01.${year}–31.12.${year}`,
      link: `/providers/${providerId}/documents`,
    });
    expect(new Date(job.expiresAt).getTime() - t.clock().getTime()).toBe(24 * 3_600_000);
    expect(result.statusCode, result.body).toBe(200);
    const { rows } = await xlsxRows(result.rawPayload);
    expect(
      rows
        .slice(1)
        .map((r) => r[1])
        .sort(),
    ).toEqual(numbers);
    // Nobody else sees the job or its file, whatever their role.
    for (const other of [s.head, s.manager, s.otherAdmin]) {
      expect((await get(other, `/jobs/${job.id}`)).statusCode).toBe(404);
      expect((await get(other, `/jobs/${job.id}/result`)).statusCode).toBe(404);
    }
    expect((await get(s.admin, '/jobs')).json().items.map((j: { id: string }) => j.id)).toContain(job.id);
    // Its starter is told in the app, and the download is in the audit log.
    const notice = await t.db
      .selectFrom('notifications')
      .where('userId', '=', adminId)
      .where('kind', '=', 'job.done')
      .select(['title', 'link'])
      .executeTakeFirstOrThrow();
    expect(notice.title).toBe(`Готово: ${job.title}`);
    const audit = await t.db
      .selectFrom('auditEvents')
      .where('entityType', '=', 'job')
      .where('entityId', '=', job.id)
      .select('action')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['job.result_downloaded']);
  });

  it('the FRDO file of the period: the template’s headers and a row per document', async () => {
    const { job, result } = await made(s.head, 'frdo.xlsx');
    expect(job.state).toBe('done');
    const { sheet, rows } = await xlsxRows(result.rawPayload);
    expect(sheet).toBe('Шаблон');
    expect(rows[0]).toEqual(CURRENT.columns.map((c) => c.header));
    expect(
      rows
        .slice(1)
        .map((r) => r[8])
        .sort(),
    ).toEqual(numbers);
    expect(
      rows
        .slice(1)
        .map((r) => r[21])
        .sort(),
    ).toEqual(['Аксёнова', 'Белова', 'Волкова']);
  });

  it('every valid document of the period in one PDF, a page each', async () => {
    const { job, result } = await made(s.manager, 'certificates.pdf');
    expect(job.progress).toEqual({ done: 3, total: 3 });
    const { pages, text } = await pdfText(result.rawPayload);
    expect(pages).toBe(3);
    for (const n of numbers) expect(text).toContain(n);
  });

  it('the same files at once through the API, audited', async () => {
    const res = await get(s.admin, `/providers/${providerId}/certificates/frdo.xlsx?${period}`);
    expect(res.statusCode, res.body).toBe(200);
    expect((await xlsxRows(res.rawPayload)).rows).toHaveLength(4);
    const pdf = await get(s.admin, `/providers/${providerId}/certificates/certificates.pdf?${period}`);
    expect((await pdfText(pdf.rawPayload)).pages).toBe(3);
    const audit = await t.db
      .selectFrom('auditEvents')
      .where('entityType', '=', 'provider')
      .where('entityId', '=', String(providerId))
      .where('action', '=', 'certificate.exported')
      .select('after')
      .execute();
    expect(audit.map((a) => (a.after as { file: string }).file).sort()).toEqual([
      'certificates.pdf',
      'frdo.xlsx',
    ]);
  });

  it('refuses a wrong period at once (422) and another provider’s administrator (404)', async () => {
    expect((await start(s.admin, 'frdo.xlsx', `${year}-12-31`, `${year}-01-01`)).statusCode).toBe(422);
    expect((await start(s.otherAdmin, 'frdo.xlsx')).statusCode).toBe(404);
  });

  it('a job’s file is deleted once its time is up; the job stays, «expired»', async () => {
    const { job } = await made(s.admin, 'register.xlsx');
    const later = new Date(t.clock().getTime() + 25 * 3_600_000);
    await runDueJobs({ ...t.ctx, now: () => later }, { definitions: [pruneJobsJob] });
    const row = await t.db
      .selectFrom('jobs')
      .where('id', '=', job.id)
      .select(['result', 'resultName'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ result: null, resultName: null });
    expect((await get(s.admin, `/jobs/${job.id}`)).json().state).toBe('expired');
    expect((await get(s.admin, `/jobs/${job.id}/result`)).statusCode).toBe(404);
  });
});

describe('a user’s job', () => {
  const payload = z.object({ title: z.string(), link: z.string(), fail: z.enum(['no', 'domain', 'bug']) });
  const seen: { done: number; total: number | null }[] = [];
  const steps = defineUserJob({
    kind: 'test.steps',
    payload,
    make: async ({ ctx, job, progress }, input) => {
      for (let done = 0; done <= 3; done++) {
        await progress(done, 3);
        const row = await ctx.db
          .selectFrom('jobs')
          .where('id', '=', job.id)
          .select(['progressDone', 'progressTotal'])
          .executeTakeFirstOrThrow();
        seen.push({ done: row.progressDone, total: row.progressTotal });
        if (done === 1 && input.fail === 'domain') throw new Invalid('В периоде нет ни одного документа');
        if (done === 1 && input.fail === 'bug') throw new TypeError('x is undefined');
      }
      return { name: 'итог.txt', type: 'text/plain', content: Buffer.from('готово') };
    },
  });
  const run = async (fail: 'no' | 'domain' | 'bug') => {
    const id = await enqueue(
      t.db,
      steps,
      { title: 'Проверка', link: '/', fail },
      { now: t.clock(), startedBy: adminId },
    );
    await runDueJobs(t.ctx, { definitions: [steps as JobDefinition] });
    return (await get(s.admin, `/jobs/${id}`)).json();
  };

  it('shows its progress growing while it runs, as committed rows others read', async () => {
    seen.length = 0;
    expect((await run('no')).state).toBe('done');
    expect(seen).toEqual([0, 1, 2, 3].map((done) => ({ done, total: 3 })));
  });

  it('fails with the Russian message of a refusal, and a plain one for anything else', async () => {
    const refused = await run('domain');
    expect(refused).toMatchObject({
      state: 'failed',
      error: 'В периоде нет ни одного документа',
      progress: { done: 1 },
    });
    const broken = await run('bug');
    expect(broken.error).toBe(
      'Не удалось подготовить файл: повторите попытку позже или обратитесь к оператору',
    );
    // The operator keeps the stack.
    const row = await t.db
      .selectFrom('jobs')
      .where('id', '=', broken.id)
      .select('lastError')
      .executeTakeFirstOrThrow();
    expect(row.lastError).toContain('TypeError: x is undefined');
    expect((await get(s.admin, `/jobs/${broken.id}/result`)).statusCode).toBe(409);
    const notice = await t.db
      .selectFrom('notifications')
      .where('userId', '=', adminId)
      .where('kind', '=', 'job.failed')
      .select('title')
      .execute();
    expect(notice.length).toBeGreaterThanOrEqual(2);
  });
});

describe('the provider’s own FRDO template', () => {
  /** The registry's workbook as a provider downloads it: a title row, the headers in another order, a column we do not know, a sheet of value lists. */
  async function template(drop?: string) {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Шаблон');
    const headers = CURRENT.columns
      .map((c) => c.header)
      .filter((h) => h !== drop)
      .reverse();
    sheet.addRow(['Сведения о документах ДПО']);
    sheet.addRow(['Примечание', ...headers]);
    const lists = workbook.addWorksheet('Справочники');
    lists.addRow(['Вид документа', 'Удостоверение о повышении квалификации']);
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }
  const upload = (session: Session, content: Buffer, name = 'Шаблон ФРДО.xlsx') => {
    const body = multipartBody({}, { name, content });
    return t.request(session, {
      method: 'PUT',
      url: `${api}/providers/${providerId}/frdo-template`,
      payload: body.payload,
      headers: body.headers,
    });
  };

  it('is refused without a required column, naming it, and to anyone but the provider’s administrator', async () => {
    const res = await upload(s.admin, await template('Регистрационный номер'));
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().detail).toBe(
      'В загруженном шаблоне ФРДО нет обязательных столбцов: Регистрационный номер',
    );
    expect((await upload(s.head, await template())).statusCode).toBe(403);
    expect((await upload(s.otherAdmin, await template())).statusCode).toBe(404);
  });

  it('is filled by the export: rows under its header row, by header, its other sheets kept', async () => {
    const res = await upload(s.admin, await template());
    expect(res.statusCode, res.body).toBe(200);
    expect(
      (await get(s.admin, `/providers/${providerId}/certificates/summary?${period}`)).json().template.name,
    ).toBe('Шаблон ФРДО.xlsx');
    const { result } = await made(s.admin, 'frdo.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(result.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Шаблон', 'Справочники']);
    expect(workbook.getWorksheet('Справочники')?.getRow(1).getCell(2).value).toBe(
      'Удостоверение о повышении квалификации',
    );
    const sheet = workbook.getWorksheet('Шаблон') as ExcelJS.Worksheet;
    const header = (sheet.getRow(2).values as unknown[]).map(String);
    const column = (name: string) => header.indexOf(name);
    const cells = [3, 4, 5].map((r) => sheet.getRow(r));
    expect(cells.map((r) => String(r.getCell(column('Регистрационный номер')).value)).sort()).toEqual(
      numbers,
    );
    expect(cells.map((r) => r.getCell(column('Примечание')).value)).toEqual([null, null, null]);
    expect(sheet.rowCount).toBe(5);
    // Removed, the export builds its own workbook again.
    const removed = await t.request(s.admin, {
      method: 'DELETE',
      url: `${api}/providers/${providerId}/frdo-template`,
    });
    expect(removed.statusCode).toBe(204);
    const own = await made(s.admin, 'frdo.xlsx');
    expect((await xlsxRows(own.result.rawPayload)).rows[0]?.[0]).toBe('Вид документа');
  });
});
