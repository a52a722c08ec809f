// Statistics through the screens. The operator opens «Статистика» on this year's period,
// groups by territory, sees the numbers with their totals, downloads the spreadsheet and finds in
// it the rows and totals of the screen; the previous quarter is closed (frozen) in the demo. A
// methodist sees her own territory's row alone. The page passes axe and fits a phone's width.
import ExcelJS from 'exceljs';
import { expectAccessible } from './support/a11y';
import { regionToday } from './support/dates';
import { expect, test } from './support/fixtures';
import { mainNav } from './support/ui';

const year = regionToday().slice(0, 4);

test('the operator reads the year’s summary by territory and downloads it as XLSX', async ({
  page,
  signInAs,
}) => {
  await signInAs('operator');
  await page.goto('/cabinet');
  await mainNav(page).getByRole('link', { name: 'Статистика', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Статистика', level: 1 })).toBeVisible();
  // It opens on this year by the Bank's clock: the saved period of the year, not «Произвольные даты».
  const period = page.getByRole('combobox', { name: 'Период', exact: true });
  await expect(period).toHaveValue(`${year} год`);
  await expect(page.getByRole('combobox', { name: 'Группировать по', exact: true })).toHaveValue(
    'Территория',
  );
  const table = page.getByRole('table', { name: /^Сводка за/ });
  await expect(table.getByRole('columnheader', { name: /Заявок/ })).toBeVisible();
  const rows = table.locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  const totals = table.locator('tfoot tr');
  await expect(totals.getByRole('rowheader', { name: 'Итого' })).toBeVisible();
  const count = (cell: string) => Number(cell.replace(/\s/g, '').replace(',', '.'));
  const totalApplications = count((await totals.locator('td').nth(2).textContent()) ?? '');
  expect(totalApplications).toBeGreaterThan(0);
  await expect(page.getByText(/«Итого» считаются без повторов/)).toBeVisible();
  await expectAccessible(page, 'Статистика');

  // Sorting by applications: a count's column sorts the most first; the spreadsheet keeps the order.
  await page.getByRole('button', { name: 'Сортировать по столбцу «Заявок»' }).click();
  await expect(page).toHaveURL(/sort=-applications/);
  // The rows come back from the server in the new order: read them once they have.
  const read = async () =>
    (
      await table
        .locator('tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [
            tr.querySelector('th')?.textContent ?? '',
            tr.querySelectorAll('td')[2]?.textContent ?? '',
          ]),
        )
    ).map(([name, cell]) => ({ name: (name ?? '').trim(), applications: count(cell ?? '') }));
  const mostFirst = (list: { applications: number }[]) =>
    list.every((r, i) => i === 0 || (list[i - 1]?.applications ?? 0) >= r.applications);
  await expect.poll(async () => mostFirst(await read())).toBe(true);
  const shown = await read();
  expect((shown[0]?.applications ?? 0) > (shown.at(-1)?.applications ?? 0)).toBe(true);
  const names = shown.map((r) => r.name);
  const applications = shown.map((r) => r.applications);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Выгрузить в Excel' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`Сводка ${year}-01-01 — ${year}-12-31.xlsx`);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await download.path());
  const sheet = book.worksheets[0] as ExcelJS.Worksheet;
  expect(String(sheet.getRow(1).getCell(1).value)).toContain(`01.01.${year} — 31.12.${year}`);
  expect(String(sheet.getRow(3).getCell(1).value)).toBe('Охват: Весь край');
  const header = sheet.getRow(6).values as unknown[];
  const column = header.indexOf('Заявок');
  const lines: { name: string; applications: number }[] = [];
  sheet.eachRow((row, i) => {
    if (i > 6)
      lines.push({ name: String(row.getCell(1).value), applications: Number(row.getCell(column).value) });
  });
  expect(lines.map((l) => l.name)).toEqual([...names, 'Итого']);
  expect(lines.map((l) => l.applications)).toEqual([...applications, totalApplications]);

  // The operator's periods: the previous quarter is closed in the demo, this year open.
  const periods = page.getByRole('table', { name: 'Отчётные периоды' });
  await expect(periods.getByRole('row', { name: new RegExp(`${year} год`) })).toContainText('Открыт');
  await expect(periods.getByText(/^Закрыт /).first()).toBeVisible();
  await periods
    .getByRole('button', { name: /^Показать сводку за «.* квартал/ })
    .first()
    .click();
  await expect(page.getByText(/^Период закрыт .*не меняются$/)).toBeVisible();

  // «Произвольные даты» stays chosen though a saved period has the same dates (this year's to start from).
  await period.click();
  await page.getByRole('option', { name: 'Произвольные даты', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`from=${year}-01-01&to=${year}-12-31`));
  await expect(period).toHaveValue('Произвольные даты');
});

test('a methodist sees her territory’s row alone, on a phone’s width too', async ({ page, signInAs }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs('methodist');
  await page.goto(`/reports?from=${year}-01-01&to=${year}-12-31`);
  await expect(page.getByRole('heading', { name: 'Статистика', level: 1 })).toBeVisible();
  const scope = (await page.getByText(/^Охват: Территория: /).textContent()) ?? '';
  const territory = scope.replace('Охват: Территория: ', '');
  const table = page.getByRole('table', { name: /^Сводка за/ });
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table.locator('tbody tr th')).toHaveText(territory);
  await expect(page.getByRole('table', { name: 'Отчётные периоды' })).toHaveCount(0);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await expectAccessible(page, 'Статистика методиста');
});
