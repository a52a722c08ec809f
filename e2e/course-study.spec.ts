// A course after its applications, through the manager's course page: on the first day she marks
// attendance and forms the group from those present (the course starts); on a course that has
// ended she records the results (the course finishes) and moves it into the archive, where it
// stays read-only. The methodist follows her territory's learners' attendance.

import { expectAccessible } from './support/a11y';
import { regionToday } from './support/dates';
import { expect, test } from './support/fixtures';

type Page<T> = { items: T[]; total: number };
type Summary = { id: string; status: string; startsOn: string; endsOn: string; programTitle: string };

async function coursesOf(page: import('@playwright/test').Page, status: string): Promise<Summary[]> {
  const res = await page.request.get('/api/v1/courses', { params: { status, limit: 100 } });
  expect(res.ok()).toBe(true);
  return ((await res.json()) as Page<Summary>).items;
}

test('on the first day the manager marks attendance and forms the group', async ({ page, signInAs }) => {
  await signInAs('manager');
  const today = regionToday();
  const course = (await coursesOf(page, 'closed')).find((c) => c.startsOn === today);
  expect(course, 'the demo holds a course of the manager on its first day').toBeDefined();
  if (!course) return;

  await page.goto(`/workspace/courses/${course.id}?tab=attendance`);
  const grid = page.getByRole('grid', { name: 'Журнал посещаемости' });
  await expect(grid).toBeVisible();
  await page.getByRole('button', { name: 'Все присутствуют' }).click();
  // One learner did not come: the keyboard marks her absent.
  const firstCell = grid.getByRole('gridcell', { name: /: Присутствовал/ }).first();
  const absentName = ((await firstCell.getAttribute('aria-label')) ?? '').split(',')[0] ?? '';
  await firstCell.focus();
  await page.keyboard.press('2'); // «Н»: отсутствовал(а)
  await expect(
    grid.getByRole('gridcell', { name: new RegExp(`^${absentName}, .*: Отсутствовал`) }),
  ).toBeVisible();
  await expectAccessible(page, 'the marked journal');
  // Another tab with the day unsaved asks first; staying keeps every mark.
  await page.getByRole('tab', { name: 'Группы' }).click();
  const unsaved = page.getByRole('dialog', { name: 'Есть несохранённые отметки' });
  await unsaved.getByRole('button', { name: 'Остаться' }).click();
  await expect(unsaved).toBeHidden();
  await expect(
    grid.getByRole('gridcell', { name: new RegExp(`^${absentName}, .*: Отсутствовал`) }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Сохранить день' }).click();
  await expect(page.getByRole('button', { name: 'Сохранить день' })).toBeDisabled();

  // The saved marks are the server's.
  const journal = await page.request.get(`/api/v1/courses/${course.id}/attendance`);
  type Learner = { name: string; marks: { day: string; mark: string }[] };
  const learners = ((await journal.json()) as { learners: Learner[] }).learners;
  const markOf = (l: Learner | undefined) => l?.marks.find((m) => m.day === today)?.mark;
  expect(markOf(learners.find((l) => l.name === absentName))).toBe('absent');
  expect(learners.filter((l) => markOf(l) === 'present').length).toBe(learners.length - 1);

  // The group: a preview of who ends how, then the group; the course starts.
  await page.getByRole('tab', { name: 'Группы' }).click();
  await page.getByRole('button', { name: 'Сформировать группу из всех присутствовавших' }).click();
  const dialog = page.getByRole('dialog', { name: 'Формирование группы' });
  await expect(dialog).toContainText(`Будут зачислены в группу — «Обучается» (${learners.length - 1})`);
  await expect(dialog).toContainText('Не присутствовали в первый день — «Неявка» (1)');
  await expectAccessible(page, 'the group preview');
  await dialog.getByRole('button', { name: 'Сформировать группу' }).click();
  await expect(page.getByText(/Группа ДОО-\d{4}-\d+ сформирована/)).toBeVisible();
  await page.getByRole('tab', { name: 'Курс' }).click();
  await expect(page.getByRole('region', { name: 'Состояние курса' })).toContainText('Идёт обучение');
});

test('after the last day the manager records the results and archives the course', async ({
  page,
  signInAs,
  browser,
  baseURL,
}) => {
  await signInAs('manager');
  const today = regionToday();
  const course = (await coursesOf(page, 'running')).find((c) => c.endsOn < today);
  expect(course, 'the demo holds an ended course awaiting its results').toBeDefined();
  if (!course) return;

  // Past its last day the course is no longer «Идёт обучение» for its staff: it waits for results.
  await page.goto('/workspace/courses?status=running');
  const row = page
    .getByRole('row')
    .filter({ has: page.locator(`a[href="/workspace/courses/${course.id}"]`) });
  await expect(row).toContainText('Ждёт итогов');
  await expect(row).not.toContainText('Идёт обучение');

  // The course's state says what comes next.
  await page.goto(`/workspace/courses/${course.id}`);
  const state = page.getByRole('region', { name: 'Состояние курса' });
  await expect(state).toContainText('Ждёт итогов');
  await expect(state).toContainText('отметьте итоги во вкладке «Итоги»');
  // A visitor of the catalog reads, by the same date of the Bank, that its study is over.
  const visitor = await browser.newContext({ baseURL });
  try {
    const publicPage = await visitor.newPage();
    await publicPage.goto(`/catalog/${course.id}`);
    await expect(publicPage.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(publicPage.getByText('Обучение завершено', { exact: true })).toBeVisible();
    await expect(publicPage.getByText('Идёт обучение', { exact: true })).toHaveCount(0);
    await expectAccessible(publicPage, 'the catalog page of an ended course');
  } finally {
    await visitor.close();
  }
  await page.goto(`/workspace/courses/${course.id}?tab=results`);
  await expect(page.getByRole('heading', { name: 'Итоги обучения' })).toBeVisible();
  // One learner is expelled: the reason she will read is required.
  await page
    .getByRole('checkbox', { name: /^Выбрать: / })
    .first()
    .check();
  await page.getByRole('button', { name: 'Отчислен(а)' }).click();
  const expel = page.getByRole('dialog', { name: 'Отчисление' });
  await expel.getByRole('button', { name: 'Отчислен(а)' }).click();
  await expect(expel.getByText('Укажите причину')).toBeVisible();
  await expel.getByRole('textbox', { name: 'Причина' }).fill('Не защитила итоговую работу');
  await expel.getByRole('button', { name: 'Отчислен(а)' }).click();
  await expect(page.getByText('Записано итогов: 1 из 1')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Выбрать всех' }).check();
  await page.getByRole('button', { name: 'Окончил(а)' }).click();
  // A final result is asked for first: dismissed, nothing is recorded.
  const confirm = page.getByRole('dialog', { name: 'Окончание обучения' });
  await expect(confirm).toContainText('изменить его потом будет нельзя');
  await confirm.getByRole('button', { name: 'Отмена' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText(/^Без итога: \d+$/)).toBeVisible();
  await page.getByRole('button', { name: 'Окончил(а)' }).click();
  await confirm.getByRole('button', { name: 'Окончил(а)' }).click();
  await expect(page.getByText('Итоги есть у всех слушателей: курс завершён.')).toBeVisible();

  await page.getByRole('tab', { name: 'Курс' }).click();
  await expect(state).toContainText('Завершён');
  await state.getByRole('button', { name: 'Перенести в архив' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Перенести в архив' }).click();
  await expect(state).toContainText('В архиве');

  // The archive finds it; it is read-only from now on.
  await page.goto('/archive');
  await expect(page.getByRole('link', { name: course.programTitle }).first()).toBeVisible();
  const change = await page.request.post(`/api/v1/courses/${course.id}/groups`, {
    data: {},
    headers: { 'X-Requested-With': 'ebppk' },
  });
  expect(change.status()).toBe(409);
});

test('the methodist sees her territory’s learners’ attendance', async ({ page, signInAs }) => {
  await signInAs('methodist');
  // Her cabinet leads there and says how many of her teachers the three-year rule has caught.
  await page.goto('/cabinet');
  await expect(
    page.getByText(/Три года после последнего повышения квалификации прошли у \d+ педагог/),
  ).toBeVisible();
  await page.getByRole('link', { name: 'Посещаемость слушателей территории' }).click();
  await expect(page.getByRole('heading', { name: 'Посещаемость', level: 1 })).toBeVisible();
  const rows = page.getByRole('row');
  await expect(rows.nth(1)).toBeVisible();
  // A page at a time (the capital's methodist has a thousand learners on started courses).
  await expect(page.getByText(/^1–25 из \d+$/)).toBeVisible();
  expect(await rows.count()).toBe(26);
  // Every learner listed belongs to her territory.
  const res = await page.request.get('/api/v1/attendance/territory');
  const body = (await res.json()) as { items: { territory: string; startsOn: string }[] };
  expect(body.items.length).toBeGreaterThan(0);
  expect(new Set(body.items.map((i) => i.territory))).toEqual(new Set(['Пермский городской округ']));

  // Sorted by learner (in the URL, so a reload keeps it): the page reads in the alphabet's order.
  await page.getByRole('button', { name: 'Сортировать по столбцу «Слушатель»' }).click();
  await expect(page).toHaveURL(/[?&]sort=teacher(&|$)/);
  await page.reload();
  const learner = page.getByRole('columnheader', { name: /Слушатель/ });
  await expect(learner).toHaveAttribute('aria-sort', 'ascending');
  const names = await page.locator('tbody tr td:nth-child(2)').allInnerTexts();
  expect(names.length).toBe(25);
  expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'ru')));
  await page.getByRole('button', { name: 'Сортировать по столбцу «Слушатель»' }).click();
  await expect(learner).toHaveAttribute('aria-sort', 'descending');
  await expect(page).toHaveURL(/[?&]sort=-teacher(&|$)/);
  // The spreadsheet is written in the order on screen.
  await expect(page.getByRole('link', { name: 'Выгрузить в Excel' })).toHaveAttribute(
    'href',
    /[?&]sort=-teacher(&|$)/,
  );

  // Narrowed to the courses that started on one day (in the URL): every learner listed is of them.
  const day = body.items[0]!.startsOn;
  const shown = day.split('-').reverse().join('.');
  await page.goto(`${new URL(page.url()).pathname}?from=${day}&to=${day}`);
  await expect(page.getByRole('button', { name: 'Начало курса' })).toContainText(shown);
  await expect(rows.nth(1)).toBeVisible();
  const dates = await page
    .getByRole('row')
    .getByText(/^\d\d\.\d\d\.\d{4} — /)
    .allTextContents();
  expect(dates.length).toBeGreaterThan(0);
  expect(dates.every((d) => d.startsWith(`${shown} — `))).toBe(true);
});
