// The bell in the signed-in header and the pages behind it: a person's notifications, and the
// operator's stored e-mails (the demo sends none: SMTP is not configured). Every side hears what
// concerns it: the methodist a new application of her territory; each user chooses in the profile
// which notices come by e-mail; a teacher choosing another territory's organization is told her
// applications stay where they are.
import type { Application } from '../src/contract/applications';
import type { Course, Program } from '../src/contract/catalog';
import { expectAccessible } from './support/a11y';
import { ApiClient } from './support/api';
import { inDays } from './support/dates';
import { DEMO_PASSWORD, DEMO_USERS } from './support/demo';
import { expect, test, unique } from './support/fixtures';
import { choose } from './support/ui';

test('the bell opens the latest notifications and leads to the full list', async ({ page, signInAs }) => {
  await signInAs('teacher');
  await page.goto('/cabinet');
  const bell = page.getByTestId('notification-bell');
  await expect(bell).toBeVisible();
  await expect(bell).toHaveAttribute('aria-label', /^Уведомления: /);
  await bell.click();
  await expect(page.getByText('Последние уведомления')).toBeVisible();
  await expectAccessible(page, 'the bell’s latest notifications');
  await page.getByRole('link', { name: 'Все уведомления' }).click();
  await expect(page).toHaveURL(/\/notifications$/);
  await expect(page.getByRole('heading', { name: 'Уведомления', level: 1 })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Непрочитанные' })).toBeAttached();
});

test('the operator reads the stored e-mails and is told that SMTP is not configured', async ({
  page,
  signInAs,
}) => {
  await signInAs('operator');
  await page.goto('/cabinet');
  await page.getByRole('link', { name: 'Почтовые сообщения' }).click();
  await expect(page).toHaveURL(/\/outbox$/);
  await expect(page.getByRole('heading', { name: 'Почтовые сообщения', level: 1 })).toBeVisible();
  await expect(page.getByText('Отправка почты не настроена')).toBeVisible();
});

test('a teacher may not open the outbox', async ({ page, signInAs }) => {
  await signInAs('teacher');
  await page.goto('/outbox');
  await expect(page.getByRole('heading', { name: 'Нет доступа' })).toBeVisible();
});

/** A new published course of the demo manager's department, open for applications. */
async function publishCourse(manager: ApiClient, title: string): Promise<string> {
  const departmentId = manager.me.roles.find((r) => r.role === 'manager')?.departmentId;
  const program = await manager.post<Program>('/programs', {
    departmentId,
    title,
    annotation: 'Программа для учителей: формирующее оценивание на уроке.',
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
    capacity: 20,
    place: 'г. Пермь, ул. Екатерининская, 210',
    schedule: [
      { date: inDays(40), startsAt: '10:00', endsAt: '16:00', topic: 'Критерии оценивания' },
      { date: inDays(41), startsAt: '10:00', endsAt: '16:00', topic: 'Итоговая работа' },
    ],
  });
  await manager.post(`/courses/${course.id}/actions/publish`);
  return course.id;
}

test('the methodist finds a new application of her territory in the bell', async ({
  page,
  signInAs,
  baseURL,
}) => {
  const manager = await ApiClient.signIn(baseURL ?? '', DEMO_USERS.manager.login, DEMO_PASSWORD);
  const teacher = await ApiClient.signIn(baseURL ?? '', DEMO_USERS.teacher.login, DEMO_PASSWORD);
  const title = unique('Формирующее оценивание');
  const courseId = await publishCourse(manager, title);
  const application = await teacher.post<Application>('/applications', { courseId });
  try {
    await signInAs('methodist');
    await page.goto('/cabinet');
    await page.getByTestId('notification-bell').click();
    const notice = page.getByText(`Новая заявка: ${teacher.me.fullName} — «${title}»`);
    await expect(notice).toBeVisible();
    await notice.click();
    await expect(page).toHaveURL(new RegExp(`/applications/${application.id}$`));
  } finally {
    await teacher.post(`/applications/${application.id}/actions/withdraw`);
    await Promise.all([manager.dispose(), teacher.dispose()]);
  }
});

test('a methodist turns off an e-mail kind in the profile; the page is accessible', async ({
  page,
  signInAs,
}) => {
  await signInAs('methodist');
  await page.goto('/profile');
  const section = page.getByRole('region', { name: 'Уведомления' });
  await expect(section).toBeVisible();
  const decisions = section.getByRole('checkbox', {
    name: 'Поставщик отклонил заявку или перевёл её из резерва',
  });
  const digest = section.getByRole('checkbox', { name: 'Новые заявки педагогов моей территории' });
  await expect(digest).toBeChecked();
  await expect(section.getByText('одно письмо в день со списком')).toBeVisible();
  await expectAccessible(page, 'the profile with its notification settings');
  const save = section.getByRole('button', { name: 'Сохранить настройки уведомлений' });
  await expect(decisions).toBeChecked();
  try {
    await decisions.uncheck();
    await save.click();
    await expect(page.getByText('Настройки уведомлений сохранены')).toBeVisible();
    await page.reload();
    await expect(
      page
        .getByRole('region', { name: 'Уведомления' })
        .getByRole('checkbox', { name: 'Поставщик отклонил заявку или перевёл её из резерва' }),
    ).not.toBeChecked();
  } finally {
    // Back as it was, so that the journey runs again on the same demo database.
    const again = page.getByRole('region', { name: 'Уведомления' });
    await again
      .getByRole('checkbox', { name: 'Поставщик отклонил заявку или перевёл её из резерва' })
      .check();
    await again.getByRole('button', { name: 'Сохранить настройки уведомлений' }).click();
    await expect(again.getByRole('button', { name: 'Сохранить настройки уведомлений' })).toBeDisabled();
  }
});

test('a teacher choosing an organization of another territory is told her applications stay', async ({
  page,
  signInAs,
  operatorApi,
}) => {
  const territory = await operatorApi.createTerritory(unique('Верхнекамский округ'));
  await signInAs('teacher');
  await page.goto('/profile');
  await expect(page.getByRole('checkbox', { name: 'Изменения моих заявок на курсы' })).toBeChecked();
  await choose(page, page, 'Территория', territory.name);
  await expect(page.getByTestId('territory-move')).toContainText(
    'Поданные заявки останутся у методиста прежней территории',
  );
  await expectAccessible(page, 'the teacher’s profile with a move to another territory');
});
