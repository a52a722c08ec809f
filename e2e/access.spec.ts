// Sensitive pages opened by someone who may not see them: a visitor is sent to the login page
// (and comes back after signing in); a teacher is told in Russian that the page is not theirs,
// and no data of the page reaches the browser.
import type { Response } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_USERS } from './support/demo';
import { expect, test } from './support/fixtures';
import { field, passwordField } from './support/ui';

for (const path of ['/users', '/audit', '/territories']) {
  test(`a visitor opening ${path} is sent to the login page`, async ({ page }) => {
    await page.goto(path);
    await expect(page).toHaveURL(new RegExp(`/login\\?next=${encodeURIComponent(path)}$`));
    await expect(page.getByRole('heading', { name: 'Вход в Банк', level: 1 })).toBeVisible();
    await expect(page.getByRole('table')).toHaveCount(0);
  });
}

test('a visitor sent to the login page comes back to the page after signing in', async ({ page }) => {
  await page.goto('/audit');
  await expect(page).toHaveURL(/\/login\?next=%2Faudit$/);
  await field(page, 'Логин').fill(DEMO_USERS.operator.login);
  await passwordField(page, 'Пароль').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Войти', exact: true }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByRole('heading', { name: 'Журнал аудита', level: 1 })).toBeVisible();
});

for (const path of ['/audit', '/users', '/territories']) {
  test(`a teacher opening ${path} sees «Нет доступа» and no data`, async ({ page, signInAs }) => {
    await signInAs('teacher');
    // Whatever the page asks the API for, nothing but refusals may come back.
    const dataResponses: Response[] = [];
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (/^\/api\/v1\/(audit|users)/.test(url.pathname)) dataResponses.push(response);
    });

    await page.goto(path);

    await expect(page).toHaveURL(new RegExp(`${path}$`));
    const main = page.getByRole('main');
    await expect(main.getByRole('heading', { name: 'Нет доступа', level: 1 })).toBeVisible();
    await expect(main.getByText(/обратитесь к оператору/i)).toBeVisible();
    await expect(main.getByRole('link', { name: 'Перейти в кабинет' })).toBeVisible();
    await expect(main.getByRole('table')).toHaveCount(0);
    await expect(main.getByRole('row')).toHaveCount(0);
    for (const response of dataResponses) expect(response.ok(), response.url()).toBe(false);
    // The navbar offers the teacher nothing of those pages either.
    const nav = page.getByRole('navigation', { name: 'Основное меню' });
    await expect(nav.getByRole('link', { name: 'Журнал аудита' })).toHaveCount(0);
    await expect(nav.getByRole('link', { name: /^Учётные записи/ })).toHaveCount(0);
  });
}

test('the API refuses the teacher the audit log and the accounts', async ({ page, signInAs }) => {
  await signInAs('teacher');
  for (const path of ['/api/v1/audit', '/api/v1/users']) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(403);
    const problem = (await response.json()) as { title: string };
    expect(problem.title).toMatch(/[а-яё]/i);
  }
});
