// A course manager prepares a course in the department's workspace, all through its screens: a new
// program, a course of it, the schedule, a territory quota (over the capacity first: the server's
// refusal is shown), a file; the publish problems go away, the course is published and its history
// says so. Then the public catalog finds it by other forms of its title's words, and its page shows
// the schedule and the file.
import type { Locator } from '@playwright/test';
import ExcelJS from 'exceljs';
import { expectAccessible } from './support/a11y';
import { inDays } from './support/dates';
import { expect, test, unique } from './support/fixtures';
import { choose, field, mainNav } from './support/ui';

/** `YYYY-MM-DD` → `DD.MM.YYYY`, as a person types a date. */
const typed = (iso: string) => iso.split('-').reverse().join('.');

/** A time field of the schedule: its hours and minutes are two fields. */
async function setTime(scope: Locator, label: string, hours: string, minutes: string) {
  await scope.getByRole('spinbutton', { name: `${label}: часы` }).fill(hours);
  await scope.getByRole('spinbutton', { name: `${label}: минуты` }).fill(minutes);
}

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n',
);

test('a manager creates, fills and publishes a course; the catalog finds it', async ({ page, signInAs }) => {
  test.slow();
  const me = await signInAs('manager');
  const title = unique('Развивающие игры в детском саду');
  const token = title.split(' ').at(-1) ?? '';
  const topic = 'Игры с правилами для старших дошкольников';
  const [startsOn, endsOn, applyUntil] = [inDays(40), inDays(41), inDays(35)];

  // A new program.
  await page.goto('/cabinet');
  await mainNav(page).getByRole('link', { name: 'Программы', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Программы', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Добавить программу' }).click();
  const programDialog = page.getByRole('dialog', { name: 'Новая программа' });
  await field(programDialog, 'Название программы').fill(title);
  await expect(programDialog.getByText('не менее 16 часов')).toBeVisible();
  await field(programDialog, 'Объём, часов').fill('24');
  await field(programDialog, 'Аннотация').fill('Как организовать развивающие игры с детьми 5–7 лет.');
  await programDialog.getByRole('button', { name: 'Создать', exact: true }).click();
  await expect(page).toHaveURL(/\/workspace\/programs\/\d+$/);
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();

  // A course of it.
  await page.getByRole('button', { name: 'Создать курс' }).click();
  const courseDialog = page.getByRole('dialog', { name: 'Новый курс' });
  await field(courseDialog, 'Начало обучения').fill(typed(startsOn));
  await field(courseDialog, 'Окончание обучения').fill(typed(endsOn));
  await field(courseDialog, 'Приём заявок до').fill(typed(applyUntil));
  await field(courseDialog, 'Число мест').fill('20');
  await field(courseDialog, 'Место проведения').fill('г. Пермь, ул. Екатерининская, 210');
  await courseDialog.getByRole('button', { name: 'Создать', exact: true }).click();
  await expect(page).toHaveURL(/\/workspace\/courses\/\d+$/);
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();

  // A draft without a schedule cannot be published, and says why.
  const state = page.getByRole('region', { name: 'Состояние курса' });
  await expect(state).toContainText('Черновик');
  await expect(state).toContainText('Заполните расписание курса');
  await expect(state.getByRole('button', { name: 'Опубликовать' })).toBeDisabled();

  // The schedule: two sessions on the course's two days.
  const schedule = page.getByRole('region', { name: 'Расписание' });
  await schedule.getByRole('button', { name: 'Добавить занятие' }).click();
  await expect(field(schedule, 'Дата, занятие 1')).toHaveValue(typed(startsOn));
  await setTime(schedule, 'Начало, занятие 1', '10', '00');
  await setTime(schedule, 'Окончание, занятие 1', '13', '30');
  await field(schedule, 'Тема, занятие 1').fill(topic);
  await field(schedule, 'Аудитория, занятие 1').fill('ауд. 305');
  await schedule.getByRole('button', { name: 'Добавить занятие' }).click();
  await expect(field(schedule, 'Дата, занятие 2')).toHaveValue(typed(endsOn));
  await field(schedule, 'Тема, занятие 2').fill('Итоговое занятие');
  await schedule.getByRole('button', { name: 'Сохранить расписание' }).click();
  await expect(page.getByText('Расписание сохранено')).toBeVisible();
  await expect(state).not.toContainText('Заполните расписание курса');

  // A quota: more than the capacity is refused with the server's explanation, then a fitting one.
  const quotas = page.getByRole('region', { name: 'Места и квоты территорий' });
  await quotas.getByRole('button', { name: 'Добавить квоту' }).click();
  await choose(page, quotas, 'Территория, квота 1', 'Кунгурский муниципальный округ');
  await field(quotas, 'Мест, квота 1').fill('25');
  await expect(quotas).toContainText('Сумма квот (25) больше числа мест на курсе (20)');
  await quotas.getByRole('button', { name: 'Сохранить квоты' }).click();
  await expect(quotas.getByRole('alert')).toHaveText('Сумма квот (25) больше числа мест на курсе (20)');
  await field(quotas, 'Мест, квота 1').fill('5');
  await quotas.getByRole('button', { name: 'Сохранить квоты' }).click();
  await expect(page.getByText('Квоты сохранены')).toBeVisible();
  await expect(quotas).toContainText('Распределено по квотам: 5 из 20');

  // A file with a title.
  const files = page.getByRole('region', { name: 'Файлы' });
  await field(files, 'Подпись').fill('Учебный план');
  await files.locator('input[type="file"]').setInputFiles({
    name: 'uchebny-plan.pdf',
    mimeType: 'application/pdf',
    buffer: PDF,
  });
  await files.getByRole('button', { name: 'Загрузить' }).click();
  await expect(page.getByText('Файл загружен')).toBeVisible();
  await expect(files.getByRole('link', { name: 'Скачать Учебный план' })).toBeVisible();

  // Complete: publish.
  await expect(state).toContainText('Курс заполнен и готов к публикации.');
  await state.getByRole('button', { name: 'Опубликовать' }).click();
  await expect(page.getByText('Курс опубликован', { exact: true })).toBeVisible();
  await expect(state).toContainText('Идёт приём заявок');
  await expect(state.getByRole('button', { name: 'Опубликовать' })).toHaveCount(0);
  await expect(state.getByRole('button', { name: 'Закрыть приём заявок' })).toBeVisible();

  const history = page.getByRole('region', { name: 'История курса' });
  const published = history.getByRole('row').filter({ hasText: 'Опубликован' });
  await expect(published).toHaveCount(1);
  await expect(published).toContainText(me.fullName);
  await expect(history.getByRole('row').filter({ hasText: 'Создан черновик' })).toHaveCount(1);

  // The public catalog: other forms of the title's words (and the run's token, to pick this course).
  await page.goto('/catalog');
  await page.getByRole('searchbox', { name: 'Поиск' }).fill(`развивающими играми ${token}`);
  await page.getByRole('searchbox', { name: 'Поиск' }).press('Enter');
  const card = page.getByRole('article', { name: title });
  await expect(card).toBeVisible();
  await expect(card).toContainText('Идёт приём заявок');
  await card.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: topic });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('10:00–13:30');
  await expect(row).toContainText('ауд. 305');
  const file = page.getByRole('link', { name: 'Скачать Учебный план' });
  await expect(file).toHaveAttribute('href', /^\/api\/v1\/files\/\d+$/);
  const download = await page.request.get((await file.getAttribute('href')) ?? '');
  expect(download.ok()).toBe(true);
  expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-');
});

test('the manager sorts the department’s courses by any column and downloads the list as sorted', async ({
  page,
  signInAs,
}) => {
  await signInAs('manager');
  await page.goto('/workspace/courses');
  const table = page.getByRole('table');
  await expect(table.getByRole('row').nth(1)).toBeVisible();
  // The newest first, until another order is chosen.
  await expect(page.getByRole('columnheader', { name: /Даты/ })).toHaveAttribute('aria-sort', 'descending');
  await page.getByRole('button', { name: 'Сортировать по столбцу «Программа»' }).click();
  await expect(page).toHaveURL(/[?&]sort=program(&|$)/);
  await expect(page.getByRole('columnheader', { name: /Программа/ })).toHaveAttribute(
    'aria-sort',
    'ascending',
  );
  // Ё is read as Е, and names compare letter by letter (as the server orders them).
  const titles = async () =>
    (await table.locator('tbody tr td:first-child a').allInnerTexts()).map((t) =>
      t.replace(/Ё/g, 'Е').replace(/ё/g, 'е'),
    );
  await expect
    .poll(async () => {
      const shown = await titles();
      return shown.length > 1 && shown.every((t, i) => i === 0 || (shown[i - 1] ?? '') <= t);
    })
    .toBe(true);
  const shown = await titles();
  await expectAccessible(page, 'the workspace courses, sorted');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Выгрузить в Excel' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('Курсы.xlsx');
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await download.path());
  const sheet = book.worksheets[0];
  expect(sheet?.getRow(1).getCell(1).value).toBe('Программа');
  // The spreadsheet begins as the screen's first page does.
  const rows = Array.from({ length: shown.length }, (_, i) =>
    String(sheet?.getRow(i + 2).getCell(1).value)
      .replace(/Ё/g, 'Е')
      .replace(/ё/g, 'е'),
  );
  expect(rows).toEqual(shown);
});
