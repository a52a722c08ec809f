// The bell in the signed-in header and the pages behind it: a person's notifications, and the
// operator's stored e-mails (the demo sends none: SMTP is not configured).
import { expectAccessible } from './support/a11y';
import { expect, test } from './support/fixtures';

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
