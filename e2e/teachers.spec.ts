// The methodist's teachers through the screens: «Педагоги» filtered and sorted (in the URL), a
// teacher's card, registering a teacher (her invitation is in the operator's outbox), and an import
// of a small workbook with one bad row (the error is shown with its row), fixed and imported.
import ExcelJS from 'exceljs';
import type { Page as ListPage } from '../src/contract/common';
import type { OutboxEmail } from '../src/contract/notifications';
import type { TeacherRow } from '../src/contract/teachers';
import { expectAccessible } from './support/a11y';
import { expect, test, token } from './support/fixtures';
import { choose, field, mainNav } from './support/ui';

async function workbook(rows: string[][]) {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Педагоги');
  sheet.addRow(['Фамилия', 'Имя', 'Отчество', 'E-mail', 'СНИЛС', 'Должность', 'Организация', 'Территория']);
  for (const r of rows) sheet.addRow(r);
  book.addWorksheet('Организации').addRow(['Организация', 'Краткое наименование', 'ИНН', 'Территория']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

test('a methodist finds, registers and imports her teachers', async ({ page, signInAs, operatorApi }) => {
  await signInAs('methodist');
  await page.goto('/cabinet');
  await mainNav(page).getByRole('link', { name: 'Педагоги', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Педагоги', level: 1 })).toBeVisible();
  await expect(page.getByRole('row').nth(1)).toBeVisible();
  await expectAccessible(page, 'teachers list');

  await page.getByRole('button', { name: 'Сортировать по столбцу «ФИО»' }).click();
  await expect(page).toHaveURL(/sort=-name/);
  // The previous page stays on screen until the filtered one arrives.
  const filtered = page.waitForResponse((r) => r.url().includes('/api/v1/teachers?cpd=overdue'));
  await page.getByRole('combobox', { name: 'Повышение квалификации', exact: true }).click();
  await page.getByRole('option', { name: 'Просрочено', exact: true }).click();
  await expect(page).toHaveURL(/cpd=overdue/);
  const overdue = (await (await filtered).json()) as ListPage<TeacherRow>;
  await expect(page.getByRole('row').nth(1).getByRole('link')).toHaveText(overdue.items[0]?.fullName ?? '');
  const first = page.getByRole('row').nth(1).getByRole('link');
  const name = (await first.textContent())?.trim() ?? '';
  await first.click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByText('СНИЛС, дату рождения и диплом видит только сам педагог.')).toBeVisible();
  await expectAccessible(page, 'teacher card');

  // What the new rows refer to: an organization and a position of her own teachers.
  const sample = (await (await page.request.get('/api/v1/teachers?limit=1')).json()) as ListPage<TeacherRow>;
  const known = sample.items[0] as TeacherRow;

  await page.getByRole('link', { name: 'К списку педагогов' }).click();
  await page.getByRole('button', { name: 'Зарегистрировать педагога' }).click();
  const dialog = page.getByRole('dialog', { name: 'Регистрация педагога' });
  const email = `invited-${token()}@school.example`;
  await field(dialog, 'Фамилия').fill('Приглашённая');
  await field(dialog, 'Имя').fill('Анна');
  await field(dialog, 'Адрес электронной почты').fill(email);
  await choose(page, dialog, 'Организация', known.organization.name);
  await choose(page, dialog, 'Должность', known.position);
  await dialog.getByRole('button', { name: 'Зарегистрировать педагога' }).click();
  await expect(page.getByRole('heading', { name: 'Приглашённая Анна', level: 1 })).toBeVisible();
  await expect(page.getByText('Приглашён', { exact: true })).toBeVisible();
  const outbox = await operatorApi.get<{ items: OutboxEmail[] }>('/outbox', { q: email });
  expect(outbox.items[0]).toMatchObject({ to: email, subject: 'Приглашение в ЕБППК' });
  expect(outbox.items[0]?.body).toMatch(/\/invitation\/[\w-]+/);

  await page.getByRole('link', { name: 'К списку педагогов' }).click();
  await page.getByRole('link', { name: 'Импорт из файла' }).click();
  await expect(page.getByRole('heading', { name: 'Импорт педагогов и организаций', level: 1 })).toBeVisible();
  await expectAccessible(page, 'import');
  const good = `import-${token()}@school.example`;
  const row = (address: string) => [
    'Импортова',
    'Вера',
    '',
    address,
    '',
    known.position,
    known.organization.name,
    '',
  ];
  await page.locator('input[type=file]').setInputFiles({
    name: 'педагоги.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await workbook([row('не-адрес')]),
  });
  await page.getByRole('button', { name: 'Проверить файл' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Исправьте ошибки' })).toBeVisible();
  const bad = page.getByTestId('import-row');
  await expect(bad).toContainText('2');
  await expect(bad).toContainText('Неверный адрес электронной почты');

  await page.locator('input[type=file]').setInputFiles({
    name: 'педагоги.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await workbook([row(good)]),
  });
  await page.getByRole('button', { name: 'Проверить файл' }).click();
  await expect(page.getByText('Ошибок нет.', { exact: false })).toBeVisible();
  await page.getByRole('button', { name: 'Импортировать' }).click();
  await expect(page.getByText(/Импорт завершён: педагогов — 1/)).toBeVisible({ timeout: 30_000 });
  await expectAccessible(page, 'import done');
});

test('the list is usable at 390 px', async ({ page, signInAs }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs('methodist');
  await page.goto('/teachers');
  await expect(page.getByRole('heading', { name: 'Педагоги', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Зарегистрировать педагога' })).toBeInViewport();
  const link = page.getByRole('row').nth(1).getByRole('link');
  await link.scrollIntoViewIfNeeded();
  await expect(link).toBeInViewport();
  await expectAccessible(page, 'teachers list, phone');
});
