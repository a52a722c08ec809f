// A provider's documents for a period, through the administrator's «Документы организации» page:
// she picks the period, sees its counts, starts the FRDO file of the period, follows its progress
// until it is done and downloads the file, which reads back as the registry's template.
import type { CourseSummary } from '../src/contract/catalog';
import type { Page } from '../src/contract/common';
import { xlsxRows } from '../test/documents';
import { expectAccessible } from './support/a11y';
import { ApiClient } from './support/api';
import { DEMO_PASSWORD, DEMO_USERS } from './support/demo';
import { expect, test } from './support/fixtures';

test('the provider’s administrator prepares the FRDO file of a period as a job and downloads it', async ({
  page,
  baseURL,
  signInAs,
}) => {
  // Documents to list: the manager issues those her finished groups still lack (none, if issued before).
  const manager = await ApiClient.signIn(baseURL ?? '', DEMO_USERS.manager.login, DEMO_PASSWORD);
  try {
    const finished = await manager.get<Page<CourseSummary>>('/courses', { status: 'finished', limit: 100 });
    for (const course of finished.items)
      await manager.api.post(`/api/v1/courses/${course.id}/certificates`, {
        data: {},
        headers: { 'x-requested-with': 'ebppk' },
      });
  } finally {
    await manager.dispose();
  }

  const me = await signInAs('provider_admin');
  const providerId = me.roles.find((r) => r.role === 'provider_admin')?.providerId;
  expect(providerId).toBeDefined();
  await page.goto('/cabinet');
  await page.getByRole('link', { name: 'Документы организации' }).first().click();
  await expect(page).toHaveURL(`/providers/${providerId}/documents`);
  await expect(page.getByRole('heading', { name: 'Документы организации', level: 1 })).toBeVisible();

  for (const [label, date] of [
    ['С', '01.01.2020'],
    ['По', '31.12.2030'],
  ] as const) {
    const field = page.getByRole('textbox', { name: label, exact: true });
    await field.fill(date);
    await field.press('Tab');
  }
  const counts = page.getByTestId('period-counts');
  await expect(counts).toContainText(/Выдано документов: [1-9]\d*/);
  await expect(counts).toContainText(/Строк в выгрузке ФРДО: [1-9]\d*$/);
  await expectAccessible(page, 'документы организации');

  await page.getByRole('button', { name: 'Выгрузка в ФИС ФРДО (XLSX)' }).click();
  const progress = page.getByTestId('job-progress');
  await expect(progress.getByRole('progressbar')).toBeVisible();
  // The server's worker is woken for the job and makes the file.
  await expect(progress.getByText('Готово', { exact: true })).toBeVisible({ timeout: 45_000 });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    progress.getByRole('link', { name: 'Скачать файл' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^ФРДО за период 01\.01\.2020–31\.12\.2030 — .+\.xlsx$/);
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(Buffer.from(chunk as Buffer));
  const { sheet, rows } = await xlsxRows(Buffer.concat(chunks));
  expect(sheet).toBe('Шаблон');
  expect(rows[0]).toHaveLength(40);
  expect(rows[0]?.[0]).toBe('Вид документа');
  expect(rows.length).toBeGreaterThan(1);
  await expectAccessible(page, 'документы организации: файл готов');

  // The job is in «Мои задания», with its file.
  await page.goto('/jobs');
  await expect(
    page.getByRole('row', { name: /ФРДО за период 01\.01\.2020–31\.12\.2030.*Готово/ }).first(),
  ).toBeVisible();
  await expectAccessible(page, 'мои задания');
});
