// A new teacher signs up, confirms her e-mail by the link mailed to her, later forgets her password
// and sets a new one through «Забыли пароль?», reading each mail from the operator's outbox (the
// demo sends none: SMTP is not configured, so the outbox is the mailbox).
import type { OutboxPage } from '../src/contract/notifications';
import type { ApiClient } from './support/api';
import { expect, test, token, unique } from './support/fixtures';
import { choose, field, passwordField, signInThroughForm, signOut } from './support/ui';

/** The path of the link in the newest mail to `to` whose subject is `subject`. */
async function linkFromOutbox(operatorApi: ApiClient, to: string, subject: string, path: RegExp) {
  let found: string | undefined;
  await expect(async () => {
    const outbox = await operatorApi.get<OutboxPage>('/outbox', { q: to });
    const mail = outbox.items.find((m) => m.to === to && m.subject === subject);
    found = mail?.body.match(path)?.[0];
    expect(found, `a mail «${subject}» to ${to} with a link`).toBeTruthy();
  }).toPass({ timeout: 15_000 });
  return found as string;
}

test('a teacher confirms her e-mail and recovers her password by the mailed links', async ({
  page,
  operatorApi,
}) => {
  // Sign-up, recovery and sign-in each hash a password.
  test.slow();
  const territory = await operatorApi.createTerritory(unique('Тестовый округ'));
  const organization = await operatorApi.createOrganization(
    unique('МАОУ «Школа восстановления»'),
    territory.id,
  );
  const position = await operatorApi.createPosition(unique('Учитель-тестировщик'));
  const email = `forgetful.${token()}@e2e.ebppk.ru`;
  const firstPassword = `Pedagog-${token()}1`;
  const newPassword = `Novyj-parol-${token()}7`;

  await page.goto('/signup');
  const form = page.getByRole('main');
  await field(form, 'Фамилия').fill('Забывчивая');
  await field(form, 'Имя').fill('Вера');
  await choose(page, form, 'Территория', territory.name);
  await choose(page, form, 'Организация', organization.name);
  await choose(page, form, 'Должность', position.name);
  await field(form, 'Электронная почта').fill(email);
  await passwordField(form, 'Пароль').fill(firstPassword);
  await form.getByRole('checkbox', { name: /согласие на обработку персональных данных/ }).check();
  await form.getByRole('button', { name: 'Зарегистрироваться', exact: true }).click();
  await expect(page).toHaveURL(/\/cabinet/);

  // The profile says the address is not confirmed yet and offers to send the link again.
  await page.goto('/profile');
  await expect(page.getByTestId('email-state')).toHaveText('не подтверждена');
  await expect(page.getByRole('button', { name: 'Отправить ещё раз' })).toBeVisible();

  // The confirmation link from the mail.
  const confirmLink = await linkFromOutbox(
    operatorApi,
    email,
    'Подтвердите адрес электронной почты в ЕБППК',
    /\/email\/confirm\/[A-Za-z0-9_-]+/,
  );
  await page.goto(confirmLink);
  await expect(page.getByRole('status').filter({ hasText: 'Адрес подтверждён' })).toBeVisible();
  await expect(page.getByText(`Адрес ${email} подтверждён`)).toBeVisible();
  await page.goto('/profile');
  await expect(page.getByTestId('email-state')).toHaveText('подтверждена');
  await expect(page.getByRole('button', { name: 'Отправить ещё раз' })).toHaveCount(0);
  await signOut(page);

  // Forgotten: «Забыли пароль?» on the login page asks for a link.
  await page.goto('/login');
  await page.getByRole('link', { name: 'Забыли пароль?' }).click();
  await expect(page).toHaveURL(/\/recovery$/);
  await expect(page.getByRole('heading', { name: 'Восстановление пароля', level: 1 })).toBeVisible();
  await field(page.getByRole('main'), 'Электронная почта').fill(email);
  await page.getByRole('button', { name: 'Отправить ссылку' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Проверьте почту' })).toContainText(email);

  const recoveryLink = await linkFromOutbox(
    operatorApi,
    email,
    'Восстановление пароля в ЕБППК',
    /\/recovery\/[A-Za-z0-9_-]+/,
  );
  await page.goto(recoveryLink);
  await expect(page.getByRole('heading', { name: 'Новый пароль', level: 1 })).toBeVisible();
  const main = page.getByRole('main');
  // A password among the first a guesser tries is refused with the reason, the link still good.
  await passwordField(main, 'Новый пароль').fill('password123');
  await passwordField(main, 'Повторите новый пароль').fill('password123');
  await main.getByRole('button', { name: 'Сохранить пароль' }).click();
  await expect(main.getByText(/распространённ/).first()).toBeVisible();
  await passwordField(main, 'Новый пароль').fill(newPassword);
  await passwordField(main, 'Повторите новый пароль').fill(newPassword);
  await main.getByRole('button', { name: 'Сохранить пароль' }).click();
  await expect(main.getByRole('status').filter({ hasText: 'Пароль изменён' })).toBeVisible();

  // The link is used up.
  await page.goto(recoveryLink);
  await passwordField(main, 'Новый пароль').fill(`${newPassword}x`);
  await passwordField(main, 'Повторите новый пароль').fill(`${newPassword}x`);
  await main.getByRole('button', { name: 'Сохранить пароль' }).click();
  await expect(main.getByRole('alert')).toContainText('По этой ссылке пароль уже был изменён');

  // The old password no longer opens the account; the new one does.
  await signInThroughForm(page, email, firstPassword);
  await expect(page.getByRole('alert')).toContainText('Неверный логин или пароль');
  await signInThroughForm(page, email, newPassword);
  await expect(page).toHaveURL(/\/cabinet/);
  await expect(page.getByTestId('user-name')).toHaveText('Забывчивая Вера');
});
