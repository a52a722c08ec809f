// The operator adds a territory: it appears in the list, in the public directory the sign-up form
// reads, and in the audit log as the operator's action.
import type { Page as ListPage } from '../src/contract/common';
import type { Territory } from '../src/contract/directory';
import { publicGet } from './support/api';
import { expect, test, unique } from './support/fixtures';
import { choose, field } from './support/ui';

test('the operator creates a territory; it is listed, public and audited', async ({
  page,
  request,
  signInAs,
}) => {
  const operator = await signInAs('operator');
  const name = unique('Тестовый муниципальный округ');

  await page.goto('/territories');
  await expect(page.getByRole('heading', { name: 'Территории', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Добавить территорию' }).click();
  const dialog = page.getByRole('dialog', { name: 'Новая территория' });
  await expect(dialog).toBeVisible();
  await field(dialog, 'Название').fill(name);
  await dialog.getByRole('button', { name: 'Создать', exact: true }).click();
  // The notification closes by itself after a few seconds: looked for first.
  await expect(page.getByRole('alert').filter({ hasText: 'Территория добавлена' })).toBeVisible();
  await expect(dialog).toBeHidden();

  // In the list: searched for by name, as the list is paged.
  await page.getByRole('searchbox', { name: 'Поиск' }).fill(name);
  await expect(page).toHaveURL(/[?&]q=/);
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Муниципальный округ');

  // In the public directory (a visitor's request, no cookies).
  const listed = await publicGet<ListPage<Territory>>(request, '/territories', { q: name });
  const created = listed.items.find((t) => t.name === name);
  expect(created, 'GET /api/v1/territories lists the new territory').toBeDefined();

  // In the audit log: who did it, to which territory, and what it was created with.
  await page
    .getByRole('navigation', { name: 'Основное меню' })
    .getByRole('link', { name: 'Журнал аудита' })
    .click();
  await expect(page.getByRole('heading', { name: 'Журнал аудита', level: 1 })).toBeVisible();
  await choose(page, page.getByRole('main'), 'Действие', 'Добавлена территория');
  await expect(page).toHaveURL(/[?&]action=territory\.created/);
  const event = page.getByRole('row').filter({ hasText: `Территория № ${created?.id}` });
  await expect(event).toHaveCount(1);
  await expect(event).toContainText('Добавлена территория');
  await expect(event).toContainText(operator.fullName);
  await event.getByRole('button', { name: 'Показать изменения' }).click();
  const change = page.getByRole('row', { name: `Название — ${name}`, exact: true });
  await expect(change).toBeVisible();
});
