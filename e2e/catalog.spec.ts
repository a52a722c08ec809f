// A department publishes a course (through the API, as the demo manager); a visitor with no login
// finds it in the public catalog by another form of a Russian word, opens its page, sees the
// schedule and takes the schedule home as an iCalendar file.
import { readFile } from 'node:fs/promises';
import type { Me } from '../src/contract/auth';
import type { Course, Program } from '../src/contract/catalog';
import { expectAccessible } from './support/a11y';
import { ApiClient } from './support/api';
import { inDays } from './support/dates';
import { DEMO_PASSWORD, DEMO_USERS } from './support/demo';
import { expect, test, unique } from './support/fixtures';
import { mainNav, signInThroughForm } from './support/ui';

function departmentOf(me: Me): string {
  const grant = me.roles.find((r) => r.role === 'manager' && r.departmentId);
  if (!grant?.departmentId) throw new Error('the demo manager has no department');
  return grant.departmentId;
}

test('a visitor finds a published course by a word form, opens it and downloads its schedule', async ({
  page,
  baseURL,
}) => {
  const manager = await ApiClient.signIn(baseURL ?? '', DEMO_USERS.manager.login, DEMO_PASSWORD);
  const title = unique('Стереометрические задачи в профильной школе');
  const topic = unique('Сечения многогранников');
  try {
    const program = await manager.post<Program>('/programs', {
      departmentId: departmentOf(manager.me),
      title,
      annotation: 'Программа для учителей математики старших классов.',
      hours: 24,
      kind: 'qualification',
      form: 'mixed',
      distance: false,
    });
    const course = await manager.post<Course>('/courses', {
      programId: program.id,
      startsOn: inDays(30),
      endsOn: inDays(31),
      applyUntil: inDays(25),
      capacity: 20,
      place: 'г. Пермь, ул. Ленина, 10',
      schedule: [
        { date: inDays(30), startsAt: '10:00', endsAt: '13:30', topic, room: 'ауд. 12', teacher: null },
        { date: inDays(31), startsAt: '10:00', endsAt: '13:30', topic: 'Итоговая работа' },
      ],
    });
    await manager.post(`/courses/${course.id}/actions/publish`);
  } finally {
    await manager.dispose();
  }

  // A visitor: no session. Another form of the title's words finds it.
  await page.goto('/');
  await page.getByRole('link', { name: 'Каталог курсов' }).first().click();
  await expect(page.getByRole('heading', { name: 'Каталог курсов', level: 1 })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Поиск' }).fill('стереометрическим задачам');
  await page.getByRole('searchbox', { name: 'Поиск' }).press('Enter');
  await expect(page).toHaveURL(/[?&]q=/);
  const card = page.getByRole('article', { name: title });
  await expect(card).toBeVisible();
  await expect(card).toContainText('Идёт приём заявок');
  await expect(card).toContainText('Свободно мест: 20 из 20');

  // The search is in the URL: a reload shows the same result.
  await page.reload();
  await expect(page.getByRole('article', { name: title })).toBeVisible();

  await page.getByRole('article', { name: title }).getByRole('link', { name: title }).click();
  await expect(page).toHaveURL(/\/catalog\/[^/?]+$/);
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Расписание', level: 2 })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: topic });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('10:00–13:30');
  await expect(row).toContainText('ауд. 12');
  await expectAccessible(page, 'a published course’s page');

  const calendarLink = page.getByRole('link', { name: 'Добавить в календарь' }).first();
  await expect(calendarLink).toHaveAttribute('href', /\/schedule\.ics$/);
  const downloading = page.waitForEvent('download');
  await calendarLink.click();
  const download = await downloading;
  const path = await download.path();
  const ics = await readFile(path, 'utf8');
  expect(ics).toContain('BEGIN:VCALENDAR');
  expect(ics).toContain('BEGIN:VEVENT');
});

test('a signed-in teacher browses the open courses in her cabinet, finds one by its town, applies by the Bank’s date and sees her application on the card', async ({
  page,
  baseURL,
}) => {
  const manager = await ApiClient.signIn(baseURL ?? '', DEMO_USERS.manager.login, DEMO_PASSWORD);
  const title = unique('Краеведение на уроках литературы');
  const applyUntil = inDays(2);
  try {
    const program = await manager.post<Program>('/programs', {
      departmentId: departmentOf(manager.me),
      title,
      annotation: 'Программа для учителей литературы.',
      hours: 18,
      kind: 'qualification',
      form: 'full_time',
      distance: false,
    });
    const course = await manager.post<Course>('/courses', {
      programId: program.id,
      startsOn: inDays(20),
      endsOn: inDays(20),
      applyUntil,
      capacity: 10,
      place: 'Музей Пермского края, ул. Монастырская, 11',
      schedule: [{ date: inDays(20), startsAt: '10:00', endsAt: '16:00', topic: 'Краеведческий музей' }],
    });
    await manager.post(`/courses/${course.id}/actions/publish`);
  } finally {
    await manager.dispose();
  }

  // The browser's clock is a week past the last day of applying; the Bank's is not, and decides.
  await page.clock.setFixedTime(new Date(`${inDays(9)}T12:00:00+05:00`));
  await signInThroughForm(page, DEMO_USERS.teacher.login, DEMO_PASSWORD);
  await expect(page.getByRole('heading', { name: DEMO_USERS.teacher.cabinet })).toBeVisible();
  await mainNav(page).getByRole('link', { name: 'Каталог курсов' }).click();
  await expect(page.getByRole('heading', { name: 'Каталог курсов', level: 1 })).toBeVisible();
  // The cabinet's navigation stays; the catalog opens on the open courses, the nearest last day first.
  await expect(mainNav(page)).toBeVisible();
  await expect(page.getByTestId('open-only')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Порядок' })).toHaveValue('Сначала ближайший срок подачи');

  // The town in another form finds the course whose place names the region.
  await page.getByRole('searchbox', { name: 'Поиск' }).fill('краеведение Пермь');
  await page.getByRole('searchbox', { name: 'Поиск' }).press('Enter');
  const card = page.getByRole('article', { name: title });
  await expect(card).toBeVisible();
  await expect(card).toContainText('Приём заявок до');
  await expectAccessible(page, 'the signed-in catalog');

  // The chip lifts the filter, and the URL keeps that.
  await page.getByRole('button', { name: 'Показать и курсы, где приём заявок закрыт' }).click();
  await expect(page).toHaveURL(/[?&]open=all/);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Только курсы, где приём открыт' })).toBeVisible();

  await card.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await expect(mainNav(page)).toBeVisible();
  await page.getByRole('button', { name: 'Подать заявку', exact: true }).click();
  await expect(page.getByTestId('own-application')).toContainText('Подана');

  await page
    .getByRole('button', { name: 'Ко всем курсам' })
    .or(page.getByRole('link', { name: 'Ко всем курсам' }))
    .click();
  await page.getByRole('searchbox', { name: 'Поиск' }).fill(title);
  await page.getByRole('searchbox', { name: 'Поиск' }).press('Enter');
  await expect(page.getByRole('article', { name: title }).getByTestId('own-application-state')).toContainText(
    'Подана',
  );
});
