// A visitor signs up as a teacher through the form, lands in their cabinet, signs out and signs
// in again with the e-mail and password they chose.
import { PASSWORD_RULES } from '../src/contract/auth';
import { expectAccessible } from './support/a11y';
import { expect, test, token, unique } from './support/fixtures';
import { cabinetCard, choose, field, passwordField, signInThroughForm, signOut } from './support/ui';

test('a teacher signs up, signs out and signs in again', async ({ page, operatorApi }) => {
  // Sign-up, sign-out and sign-in again, each hashing a password: more than the default minute on
  // a busy machine.
  test.slow();
  // The teacher's place of work, made for this test so that it is found unambiguously.
  const territory = await operatorApi.createTerritory(unique('Тестовый округ'));
  const organization = await operatorApi.createOrganization(unique('МАОУ «Тестовая школа»'), territory.id);
  const position = await operatorApi.createPosition(unique('Учитель-тестировщик'));
  const email = `teacher.${token()}@e2e.ebppk.ru`;
  const password = `Pedagog-${token()}1`;

  const signupRequests: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/v1/auth/signup') signupRequests.push(request.method());
  });

  await page.goto('/signup');
  await expect(page.getByRole('heading', { name: 'Регистрация педагога', level: 1 })).toBeVisible();
  const form = page.getByRole('main');

  await field(form, 'Фамилия').fill('Тестова');
  await field(form, 'Имя').fill('Анна');
  await field(form, 'Отчество').fill('Петровна');
  await choose(page, form, 'Территория', territory.name);
  await choose(page, form, 'Организация', organization.name);
  await choose(page, form, 'Должность', position.name);
  await field(form, 'Электронная почта').fill(email);
  // The password rules are shown next to the field before anything is typed.
  const passwordInput = passwordField(form, 'Пароль');
  await expect(passwordInput).toHaveAccessibleDescription(new RegExp(PASSWORD_RULES));
  await passwordInput.fill('коротко');

  // A weak password and no consent: the form refuses, says why under each field, sends nothing.
  const consent = form.getByRole('checkbox', { name: /согласие на обработку персональных данных/ });
  await expect(consent).not.toBeChecked();
  const submit = form.getByRole('button', { name: 'Зарегистрироваться', exact: true });
  await submit.click();
  await expect(form.getByText('Необходимо согласие на обработку персональных данных')).toBeVisible();
  // The field says, in red, what is wrong; the strength shows under it while one types.
  await expect(form.getByText('Не короче 10 символов', { exact: true })).toBeVisible();
  const strength = form.getByTestId('password-strength');
  await expect(strength).toContainText('Пароль короче 10 символов');
  await expect(page).toHaveURL(/\/signup$/);
  // Long enough but among the first a guesser tries: the meter says why before anything is sent.
  await passwordInput.fill('Пароль2026');
  await expect(strength).toContainText('слабый');
  await expect(strength).toContainText('слово «Пароль» подбирают первым');

  // With a good password but still no consent, it refuses again.
  await passwordInput.fill(password);
  await expect(strength).toContainText('Пароль подходит');
  await expect(form.getByText('Не короче 10 символов', { exact: true })).toHaveCount(0);
  await submit.click();
  await expect(form.getByText('Необходимо согласие на обработку персональных данных')).toBeVisible();
  await expect(page).toHaveURL(/\/signup$/);

  expect(signupRequests, 'the refused form sent nothing').toHaveLength(0);
  await expectAccessible(page, 'the refused sign-up form');

  await consent.check();
  await submit.click();

  await expect(page).toHaveURL(/\/cabinet/);
  await expect(cabinetCard(page, 'Кабинет педагога')).toBeVisible();
  await expect(page.getByTestId('user-name')).toHaveText('Тестова Анна Петровна');

  await signOut(page);

  await signInThroughForm(page, email, password);
  await expect(page).toHaveURL(/\/cabinet/);
  await expect(cabinetCard(page, 'Кабинет педагога')).toBeVisible();
});
