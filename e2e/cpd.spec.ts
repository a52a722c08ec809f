// The three-year rule through the screens. A teacher reads her CPD history and the rule's state in
// her cabinet; a methodist opens «Педагоги без ПК» (the demo's teachers have no completed course
// yet, so they are overdue), opens a teacher, adds a course completed before the Bank from the
// document (a wrong number of hours first: the server's refusal lands on the field), sees the rule
// met, and removes the record again; the archive opens for a manager with its filters.
import { shiftDate } from '../src/server/clock';
import { expectAccessible } from './support/a11y';
import { regionToday } from './support/dates';
import { expect, test, unique } from './support/fixtures';
import { field, mainNav } from './support/ui';

const typed = (iso: string) => iso.split('-').reverse().join('.');

test('a teacher sees her CPD history and the rule’s state', async ({ page, signInAs }) => {
  await signInAs('teacher');
  await page.goto('/cabinet');
  await expect(page.getByRole('link', { name: 'Моё повышение квалификации' }).first()).toBeVisible();
  await mainNav(page).getByRole('link', { name: 'Моё повышение квалификации', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Моё повышение квалификации', level: 1 })).toBeVisible();
  const rule = page.getByRole('region', { name: 'Повышение квалификации' });
  await expect(rule.getByText(/^(Выполнено|Подходит срок|Просрочено)$/)).toBeVisible();
  await expect(rule.getByText('Часов за три года')).toBeVisible();
  await expect(page.getByRole('region', { name: 'История' })).toBeVisible();
});

test('a methodist adds a course completed before the Bank to an overdue teacher, then removes it', async ({
  page,
  signInAs,
}) => {
  await signInAs('methodist');
  await page.goto('/cabinet');
  await mainNav(page).getByRole('link', { name: 'Педагоги без ПК', exact: true }).click();
  await expect(
    page.getByRole('heading', { name: 'Педагоги без повышения квалификации', level: 1 }),
  ).toBeVisible();
  await expect(page.getByText(/^Просрочено: \d+ · подходит срок: \d+$/)).toBeVisible();
  await page.getByRole('combobox', { name: 'Состояние', exact: true }).click();
  await page.getByRole('option', { name: 'Просрочено', exact: true }).click();
  await expect(page).toHaveURL(/rule=overdue/);
  const first = page.getByRole('row').nth(1).getByRole('link');
  const name = (await first.textContent())?.trim() ?? '';
  await first.click();
  await expect(
    page.getByRole('heading', { name: `Повышение квалификации: ${name}`, level: 1 }),
  ).toBeVisible();

  const title = unique('Формирующее оценивание');
  const [startsOn, endsOn] = [shiftDate(regionToday(), -400, 'day'), shiftDate(regionToday(), -390, 'day')];
  await page.getByRole('button', { name: 'Добавить курс, пройденный до Банка' }).click();
  const dialog = page.getByRole('dialog', { name: 'Добавить курс, пройденный до Банка' });
  await field(dialog, 'Название программы').fill(title);
  await field(dialog, 'Организация, выдавшая документ').fill(
    'ГАУ ДПО «Институт развития образования Пермского края»',
  );
  await field(dialog, 'Объём, часов').fill('8');
  await field(dialog, 'Начало обучения').fill(typed(startsOn));
  await field(dialog, 'Окончание обучения').fill(typed(endsOn));
  await field(dialog, 'Серия').fill('59 04');
  await field(dialog, 'Номер').fill('012345');
  await field(dialog, 'Дата выдачи').fill(typed(endsOn));
  await dialog.getByRole('button', { name: 'Добавить', exact: true }).click();
  await expect(dialog.getByText('Повышение квалификации — не меньше 16 часов')).toBeVisible();
  await expectAccessible(page, 'the refused external course');
  await field(dialog, 'Объём, часов').fill('36');
  await dialog.getByRole('button', { name: 'Добавить', exact: true }).click();
  await expect(page.getByText('Курс добавлен в историю педагога')).toBeVisible();
  await expect(dialog).toBeHidden();

  const history = page.getByRole('region', { name: 'История' });
  const row = history.getByRole('row').filter({ hasText: title });
  await expect(row).toContainText('До Банка');
  await expect(row).toContainText('серия 59 04 № 012345');
  await expect(
    page.getByRole('region', { name: 'Повышение квалификации' }).getByText('Выполнено'),
  ).toBeVisible();

  await row.getByRole('button', { name: `Удалить запись «${title}»` }).click();
  await page
    .getByRole('dialog', { name: 'Удалить запись о курсе?' })
    .getByRole('button', { name: 'Удалить' })
    .click();
  await expect(page.getByText('Запись удалена')).toBeVisible();
  await expect(history.getByRole('row').filter({ hasText: title })).toHaveCount(0);
});

test('a manager opens the course archive with its filters', async ({ page, signInAs }) => {
  await signInAs('manager');
  await page.goto('/cabinet');
  await mainNav(page).getByRole('link', { name: 'Архив курсов', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Архив курсов', level: 1 })).toBeVisible();
  await page.getByRole('combobox', { name: 'Год начала', exact: true }).click();
  await page.getByRole('option', { name: regionToday().slice(0, 4), exact: true }).click();
  await expect(page).toHaveURL(/year=\d{4}/);
  const link = page.getByRole('link', { name: 'Выгрузить в Excel' });
  await expect(link).toHaveAttribute('href', /\/api\/v1\/archive\/courses\.xlsx\?year=\d{4}/);
  const response = await page.request.get((await link.getAttribute('href')) ?? '');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('spreadsheetml');
});
