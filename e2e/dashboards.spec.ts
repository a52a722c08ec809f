// The dashboards and the form 1-ПК through the screens, on the demo data. The first screen stays
// within 250 KB of gzipped JavaScript and loads no chart code; the operator opens the cabinet,
// sorts the region's territories and downloads their spreadsheet; a methodist reads her
// territory's dashboard; a provider's administrator opens the form 1-ПК and downloads it.
import { statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { expectAccessible } from './support/a11y';
import { expect, test } from './support/fixtures';
import { mainNav } from './support/ui';

/** The budget of the first screen's JavaScript, gzipped (issue 14: «≤ 250 KB»). */
const FIRST_SCREEN_JS = 250 * 1000;

test('the first screen stays within 250 KB of JavaScript and loads no charts', async ({ page, request }) => {
  const scripts = new Set<string>();
  page.on('response', (res) => {
    if (res.url().endsWith('.js')) scripts.add(res.url());
  });
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  let total = 0;
  for (const url of scripts) total += gzipSync(await (await request.get(url)).body()).length;
  console.log(`first screen: ${scripts.size} scripts, ${(total / 1000).toFixed(1)} KB gzipped`);
  expect(total).toBeLessThanOrEqual(FIRST_SCREEN_JS);
  expect([...scripts].filter((u) => /\/charts-/.test(u))).toEqual([]);
});

test('the operator opens the region’s territories on the cabinet, sorts them and downloads the spreadsheet', async ({
  page,
  signInAs,
}) => {
  const charts: string[] = [];
  page.on('response', (res) => {
    if (/\/charts-[^/]*\.js$/.test(res.url())) charts.push(res.url());
  });
  await signInAs('operator');
  await page.goto('/cabinet');
  const region = page.getByRole('region', { name: 'Территории края' });
  const table = region.getByRole('table', { name: /Сводка по территориям края за \d{4} год/ });
  await expect(table).toBeVisible();
  // The 43 territories of the region and the totals line.
  await expect(table.locator('tbody tr')).toHaveCount(43);
  await expect(table.locator('tfoot')).toContainText('Итого по краю');
  await expect(region.getByRole('img', { name: /Доля педагогов с повышением квалификации/ })).toBeVisible();
  expect(charts.length).toBeGreaterThan(0);

  await region.getByRole('button', { name: 'Сортировать по столбцу «Заявок»' }).click();
  await expect(region.getByRole('columnheader', { name: /Заявок/ })).toHaveAttribute(
    'aria-sort',
    'descending',
  );
  const counts = (await table.locator('tbody tr td:nth-child(3)').allInnerTexts()).map(Number);
  expect(counts).toEqual([...counts].sort((a, b) => b - a));
  expect(counts[0]).toBeGreaterThan(0);
  await expectAccessible(page, 'кабинет оператора со сводкой по территориям');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    region.getByRole('link', { name: 'Скачать XLSX' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^Сводка по территориям \d{4}\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await download.path());
  const sheet = book.worksheets[0];
  expect(sheet?.getCell(1, 1).value).toBe('Территория');
  // The same order as on screen: the territory with the most applications first.
  const first = (await table.locator('tbody tr').first().locator('th').textContent())?.trim();
  expect(sheet?.getCell(2, 1).value).toBe(first);
  expect(sheet?.getCell(45, 1).value).toBe('Итого по региону');
});

test('a methodist reads her territory’s dashboard on the cabinet', async ({ page, signInAs }) => {
  await signInAs('methodist');
  await page.goto('/cabinet');
  const dashboard = page.getByRole('region', { name: /^Территория: / });
  await expect(dashboard).toBeVisible();
  await expect(dashboard.getByText(/Без повышения квалификации более трёх лет: \d+/)).toBeVisible();
  await expect(dashboard.getByRole('table', { name: 'Заявки по состояниям' })).toBeVisible();
  await expect(dashboard.getByRole('img', { name: /Заявки по состояниям/ })).toBeVisible();
  await expect(dashboard.getByRole('heading', { name: 'Посещаемость на идущих курсах' })).toBeVisible();
  await expectAccessible(page, 'кабинет методиста со сводкой по территории');
  await dashboard.getByRole('link', { name: 'Открыть список педагогов' }).click();
  await expect(
    page.getByRole('heading', { name: 'Педагоги без повышения квалификации', level: 1 }),
  ).toBeVisible();
});

test('a provider’s administrator opens the form 1-ПК and downloads it', async ({ page, signInAs }) => {
  await signInAs('provider_admin');
  await page.goto('/cabinet');
  await mainNav(page).getByRole('link', { name: 'Форма 1-ПК', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Форма 1-ПК', level: 1 })).toBeVisible();
  await page
    .getByRole('combobox', { name: 'Квартал' })
    .selectOption({ label: 'IV квартал (январь – декабрь)' });
  await expect(page).toHaveURL(/quarter=4/);
  const section1 = page.getByRole('region', { name: /^Раздел 1\./ });
  await expect(section1.getByRole('rowheader', { name: /всего \(сумма строк 02, 03\)/ })).toBeVisible();
  await expect(page.getByText('заполняется вручную').first()).toBeVisible();
  await expectAccessible(page, 'форма 1-ПК');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Скачать XLSX' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^Форма 1-ПК \d{4} 4 кв\.xlsx$/);
  const path = await download.path();
  expect(statSync(path).size).toBeGreaterThan(5000);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  expect(book.getWorksheet('1-ПК')?.getCell(1, 1).value).toBe('ФЕДЕРАЛЬНОЕ СТАТИСТИЧЕСКОЕ НАБЛЮДЕНИЕ');
});

test('the manager and the head read their courses’ dashboards on the cabinet', async ({ page, signInAs }) => {
  await signInAs('manager');
  await page.goto('/cabinet');
  const manager = page.getByRole('region', { name: 'Мои курсы: набор и обучение' });
  await expect(manager.getByRole('table', { name: 'Мои курсы: набор и обучение' })).toBeVisible();
  await expect(manager.getByRole('img', { name: /Заявки по состояниям/ })).toBeVisible();
  await expectAccessible(page, 'кабинет руководителя курсов со сводкой');

  await signInAs('head');
  await page.goto('/cabinet');
  const head = page.getByRole('region', { name: 'Курсы подразделения' });
  await expect(head.getByText(/^Всего слушателей: \d+, завершили обучение: \d+\.$/)).toBeVisible();
  await expect(head.getByRole('table', { name: 'Курсы подразделения' })).toBeVisible();
  await expectAccessible(page, 'кабинет начальника подразделения со сводкой');
});
