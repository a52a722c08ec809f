// The records office's end of a course, through the manager's course page: on a finished course
// of her department she issues the group's documents from the «Документы» tab, downloads the FRDO
// spreadsheet and the group list (saved under the names a records office files them by), and a
// visitor with no login checks an issued number on the public page.
import { stat } from 'node:fs/promises';
import type { CourseSummary } from '../src/contract/catalog';
import type { CourseCertificates } from '../src/contract/certificates';
import type { Page } from '../src/contract/common';
import { xlsxRows } from '../test/documents';
import { expect, test } from './support/fixtures';

test('the manager issues a finished group’s documents, downloads the FRDO file and the group list; a visitor checks a number', async ({
  page,
  browser,
  baseURL,
  signInAs,
}) => {
  await signInAs('manager');
  const get = async <T>(url: string, params?: Record<string, string | number>) => {
    const res = await page.request.get(`/api/v1${url}`, { params });
    expect(res.ok(), url).toBe(true);
    return (await res.json()) as T;
  };
  // A finished course of hers with a group and learners ready for a document but without one yet.
  const finished = await get<Page<CourseSummary>>('/courses', { status: 'finished', limit: 100 });
  let chosen: { id: string; register: CourseCertificates } | undefined;
  for (const course of finished.items) {
    const register = await get<CourseCertificates>(`/courses/${course.id}/certificates`);
    const ready = register.items.filter(
      (l) => l.missing.length === 0 && !l.documents.some((d) => !d.revokedAt),
    );
    if (register.abilities.issue && register.groups.length > 0 && ready.length > 0) {
      chosen = { id: String(course.id), register };
      break;
    }
  }
  expect(
    chosen,
    'the demo holds a finished course of the manager with a group to issue documents to',
  ).toBeDefined();
  if (!chosen) return;
  const { id, register } = chosen;
  const group = register.groups.join(', ');

  await page.goto(`/workspace/courses/${id}?tab=documents`);
  const documents = page.getByRole('region', { name: 'Документы об обучении' });
  await expect(documents).toBeVisible();
  await documents.getByRole('button', { name: 'Выдать всем без документа' }).click();
  await expect(page.getByText(/^Выдано документов: [1-9]\d*$/)).toBeVisible();
  await expect(documents.getByText(/^№ \d{4}-\d{5} от \d{2}\.\d{2}\.\d{4}$/).first()).toBeVisible();

  // The FRDO spreadsheet, once its check has found nothing the registry would reject.
  const frdoLink = documents.getByRole('link', { name: 'Выгрузка в ФИС ФРДО (XLSX)' });
  await expect(frdoLink).toBeVisible();
  const [frdo] = await Promise.all([page.waitForEvent('download'), frdoLink.click()]);
  expect(frdo.suggestedFilename()).toBe(`ФРДО — курс ${id}.xlsx`);
  const frdoRows = (await xlsxRows(Buffer.from(await readAll(await frdo.createReadStream())))).rows;
  expect(frdoRows[0]).toHaveLength(40);
  expect(frdoRows.length).toBeGreaterThan(1);

  // The group list from «Документы курса».
  const courseDocuments = page.getByRole('region', { name: 'Документы курса' });
  await expect(courseDocuments).toContainText(`Группа: ${group}`);
  const [list] = await Promise.all([
    page.waitForEvent('download'),
    courseDocuments.getByRole('link', { name: 'Список группы (XLSX)' }).click(),
  ]);
  expect(list.suggestedFilename()).toBe(`Список группы — группа ${group}.xlsx`);
  expect((await stat(await list.path())).size).toBeGreaterThan(0);
  const listRows = (await xlsxRows(Buffer.from(await readAll(await list.createReadStream())))).rows;
  expect(listRows[0]).toEqual(['№', 'ФИО', 'Организация', 'Территория', 'Должность', 'Группа', 'Состояние']);
  expect(listRows.length).toBeGreaterThanOrEqual(register.items.length + 1);

  // A visitor checks one of the numbers just issued.
  const after = await get<CourseCertificates>(`/courses/${id}/certificates`);
  const holder = after.items.find((l) => l.documents.some((d) => !d.revokedAt));
  const number = holder?.documents.find((d) => !d.revokedAt)?.registrationNumber ?? '';
  expect(number).toMatch(/^\d{4}-\d{5}$/);
  const visitor = await browser.newContext({ baseURL });
  try {
    const publicPage = await visitor.newPage();
    await publicPage.goto(`/verify/${encodeURIComponent(number)}`);
    const result = publicPage.getByRole('region', { name: `Документ выдан: № ${number}` });
    await expect(result).toBeVisible();
    await expect(result).toContainText(holder?.lastName ?? '');
  } finally {
    await visitor.close();
  }
});

async function readAll(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}
