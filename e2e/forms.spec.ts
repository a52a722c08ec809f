// The forms of daily work: a lesson outside the course's dates refused with Russian dates (and the
// error toast gone after the next successful save), Escape closing a date picker before its modal,
// and the audit log reading a course's change in Russian field and state names.
import type { Me } from '../src/contract/auth';
import type { Course, Program } from '../src/contract/catalog';
import { ApiClient } from './support/api';
import { inDays } from './support/dates';
import { DEMO_PASSWORD, DEMO_USERS } from './support/demo';
import { expect, test, unique } from './support/fixtures';
import { field } from './support/ui';

const typed = (iso: string) => iso.split('-').reverse().join('.');

function departmentOf(me: Me): string {
  const grant = me.roles.find((r) => r.role === 'manager' && r.departmentId);
  if (!grant?.departmentId) throw new Error('the demo manager has no department');
  return grant.departmentId;
}

/** A program and a draft course of it (with these quotas), made as the demo manager. */
async function draftCourse(
  baseURL: string,
  publish = false,
  quotas: { territoryId: string; places: number }[] = [],
) {
  const manager = await ApiClient.signIn(baseURL, DEMO_USERS.manager.login, DEMO_PASSWORD);
  try {
    const title = unique('Формирующее оценивание');
    const program = await manager.post<Program>('/programs', {
      departmentId: departmentOf(manager.me),
      title,
      annotation: 'Программа о формирующем оценивании.',
      hours: 16,
      kind: 'qualification',
      form: 'full_time',
      distance: false,
    });
    const course = await manager.post<Course>('/courses', {
      programId: program.id,
      startsOn: inDays(40),
      endsOn: inDays(41),
      applyUntil: inDays(30),
      capacity: 15,
      place: 'г. Пермь, ул. Ленина, 10',
      schedule: [{ date: inDays(40), startsAt: '10:00', endsAt: '13:00', topic: 'Критерии оценивания' }],
    });
    if (quotas.length) await manager.put(`/courses/${course.id}/quotas`, quotas);
    if (publish) await manager.post(`/courses/${course.id}/actions/publish`);
    return { title, program, course };
  } finally {
    await manager.dispose();
  }
}

test('a lesson outside the course’s dates is refused in Russian dates; the error toast goes with the next good save', async ({
  page,
  baseURL,
  signInAs,
}) => {
  const { course } = await draftCourse(baseURL ?? '');
  await signInAs('manager');
  await page.goto(`/workspace/courses/${course.id}`);
  const schedule = page.getByRole('region', { name: 'Расписание' });
  const date = field(schedule, 'Дата, занятие 1');
  await expect(date).toHaveValue(typed(inDays(40)));
  await date.fill(typed(inDays(45)));
  await date.press('Tab');
  await schedule.getByRole('button', { name: 'Сохранить расписание' }).click();
  await expect(schedule).toContainText(
    `Занятие ${typed(inDays(45))} вне дат курса (${typed(inDays(40))} — ${typed(inDays(41))})`,
  );
  const toast = page.getByRole('alert').filter({ hasText: 'Неверные данные' });
  await expect(toast).toBeVisible();

  await date.fill(typed(inDays(41)));
  await date.press('Tab');
  await schedule.getByRole('button', { name: 'Сохранить расписание' }).click();
  await expect(page.getByText('Расписание сохранено')).toBeVisible();
  await expect(toast).toHaveCount(0);
});

test('Escape closes an open date picker first, the modal only with the next press', async ({
  page,
  baseURL,
  signInAs,
}) => {
  const { program, title } = await draftCourse(baseURL ?? '');
  await signInAs('manager');
  await page.goto(`/workspace/programs/${program.id}`);
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Создать курс' }).click();
  const dialog = page.getByRole('dialog', { name: 'Новый курс' });
  await field(dialog, 'Начало обучения').click();
  const picker = page.locator('[data-dates-dropdown]');
  await expect(picker).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(picker).toBeHidden();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});

test('the audit log reads a course’s publication in Russian field, state and territory names', async ({
  page,
  baseURL,
  signInAs,
}) => {
  const territories = await (await fetch(`${baseURL}/api/v1/territories`)).json();
  const [first, second] = territories.items as { id: string; name: string }[];
  if (!first || !second) throw new Error('the demo has fewer than two territories');
  const { course } = await draftCourse(baseURL ?? '', true, [
    { territoryId: first.id, places: 5 },
    { territoryId: second.id, places: 3 },
  ]);
  await signInAs('operator');
  await page.goto('/audit?action=course.published');
  await page.getByRole('button', { name: 'Показать изменения' }).first().click();
  const diff = page.getByRole('table').filter({ hasText: 'Состояние' }).first();
  await expect(diff).toContainText('Черновик');
  await expect(diff).toContainText('Идёт приём заявок');
  await expect(diff).not.toContainText('published');

  // A list of records reads as their fields, not as JSON.
  await page.goto('/audit?action=course.quotas_set');
  const event = page
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: `Курс № ${course.id}`, exact: true }) });
  await event.getByRole('button', { name: 'Показать изменения' }).click();
  const quotas = page.getByRole('table').filter({ hasText: 'Квоты' }).first();
  // The territories by their names, as the rest of the Bank names them.
  await expect(quotas).toContainText(
    `Территория: ${first.name}, Мест: 5; Территория: ${second.name}, Мест: 3`,
  );
  await expect(quotas).not.toContainText('territoryId');
});
