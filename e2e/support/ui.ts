// What a person does on the Bank's pages, by the names a screen reader would read out: the login
// form, the Mantine selects, the notifications.
import { expect, type Locator, type Page } from '@playwright/test';

/** A form field by its label (Mantine's required asterisk is aria-hidden, so names stay exact). */
export function field(scope: Page | Locator, label: string): Locator {
  return scope.getByRole('textbox', { name: label, exact: true });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function passwordField(scope: Page | Locator, label: string): Locator {
  // A PasswordInput is an <input type=password>: no ARIA role, so it is found through its label,
  // whose text ends with the required-field asterisk.
  return scope.getByLabel(new RegExp(`^${escapeRegExp(label)}\\s*\\*?$`));
}

/** Picks an option of a Mantine (searchable) Select: types to filter, then clicks the option. */
export async function choose(page: Page, scope: Page | Locator, label: string, option: string) {
  const input = scope.getByRole('combobox', { name: label, exact: true });
  await expect(input).toBeEnabled();
  await input.click();
  await input.fill(option);
  await page.getByRole('option', { name: option, exact: true }).click();
  await expect(input).toHaveValue(option);
}

/** Signs in through the login form, as a person does. */
export async function signInThroughForm(page: Page, login: string, password: string) {
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Вход в Банк' })).toBeVisible();
  await field(page, 'Логин').fill(login);
  await passwordField(page, 'Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти', exact: true }).click();
}

/** The signed-in frame's main navigation. */
export function mainNav(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Основное меню' });
}

/** A cabinet's card («Кабинет педагога» …): a region named by its heading. */
export function cabinetCard(page: Page, title: string): Locator {
  return page.getByRole('main').getByRole('region', { name: title, exact: true });
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Выйти', exact: true }).click();
  await expect(page.getByRole('link', { name: 'Войти', exact: true })).toBeVisible();
}
