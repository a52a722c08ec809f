// A head of a department creates a course manager of their department, resets the manager's
// password and passes on the temporary password, shown once; the manager signs in with it in
// another browser, is made to choose their own password and lands in their cabinet.
import { CLIENT_HEADER } from './support/api';
import { expect, test, token } from './support/fixtures';
import { cabinetCard, field, passwordField, signInThroughForm } from './support/ui';

test('a head resets a new manager’s password; the manager changes it at first sign-in', async ({
  page,
  browser,
  baseURL,
  request,
  signInAs,
}) => {
  // Two sessions and several password hashes: more than the default minute on a busy machine.
  test.slow();
  const head = await signInAs('head');
  const department = head.roles.find((r) => r.role === 'head')?.departmentName;
  expect(department, 'the demo head heads a department').toBeTruthy();
  const login = `manager.${token()}`;
  const initialPassword = `Nachalo-${token()}1`;

  await page.goto('/users');
  await expect(page.getByRole('heading', { name: 'Учётные записи отдела', level: 1 })).toBeVisible();

  // Creating the manager: the only role a head may grant is preset.
  await page.getByRole('button', { name: 'Создать учётную запись' }).click();
  const create = page.getByRole('dialog', { name: 'Новая учётная запись' });
  await expect(create).toBeVisible();
  await expect(create.getByText(`Руководитель курсов — ${department}`)).toBeVisible();
  await field(create, 'Фамилия').fill('Курсова');
  await field(create, 'Имя').fill('Мария');
  await field(create, 'Отчество').fill('Ивановна');
  await field(create, 'Логин').fill(login);
  await passwordField(create, 'Пароль').fill(initialPassword);
  await create.getByRole('button', { name: 'Создать', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Учётная запись создана' })).toBeVisible();
  await expect(create).toBeHidden();

  await page.getByRole('searchbox', { name: 'Поиск' }).fill(login);
  const row = page.getByRole('row').filter({ hasText: login });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Курсова Мария Ивановна');
  await expect(row).toContainText('Руководитель курсов');

  // The reset: confirmed, then the temporary password is shown once.
  await row.getByRole('button', { name: 'Сбросить пароль' }).click();
  const confirm = page.getByRole('dialog', { name: 'Сбросить пароль?' });
  await expect(confirm).toContainText('Курсова Мария Ивановна');
  await confirm.getByRole('button', { name: 'Сбросить пароль' }).click();
  const shown = page.getByRole('dialog', { name: 'Временный пароль' });
  await expect(shown).toContainText(`логин «${login}»`);
  await expect(shown).toContainText('Пароль показан один раз');
  const temporaryPassword = ((await shown.getByTestId('temporary-password').textContent()) ?? '').trim();
  expect(temporaryPassword.length).toBeGreaterThanOrEqual(8);
  // The dialog's own button (its corner cross is also named «Закрыть»).
  await shown.getByRole('button', { name: 'Закрыть' }).last().click();
  await expect(shown).toBeHidden();
  await expect(page.getByText(temporaryPassword)).toHaveCount(0);
  await expect(row).toContainText('Требуется смена пароля');
  // The password the head first set no longer opens the account.
  const stale = await request.post('/api/v1/auth/login', {
    data: { login, password: initialPassword },
    headers: CLIENT_HEADER,
  });
  expect(stale.status()).toBe(401);

  // The manager, in a browser of their own.
  const managerContext = await browser.newContext({ baseURL });
  try {
    const manager = await managerContext.newPage();
    await signInThroughForm(manager, login, temporaryPassword);
    await expect(manager).toHaveURL(/\/password$/);
    await expect(manager.getByRole('heading', { name: 'Смена пароля', level: 1 })).toBeVisible();
    // Nothing else opens before the change.
    await manager.goto('/cabinet');
    await expect(manager).toHaveURL(/\/password$/);

    const newPassword = `Svoi-${token()}7`;
    await passwordField(manager, 'Текущий пароль').fill(temporaryPassword);
    await passwordField(manager, 'Новый пароль').fill(newPassword);
    await passwordField(manager, 'Повторите новый пароль').fill(newPassword);
    await manager.getByRole('button', { name: 'Сохранить', exact: true }).click();

    await expect(manager).toHaveURL(/\/cabinet/);
    await expect(cabinetCard(manager, 'Кабинет руководителя курсов')).toBeVisible();
    await expect(cabinetCard(manager, 'Кабинет руководителя курсов')).toContainText(`${department}`);
  } finally {
    await managerContext.close();
  }
});
