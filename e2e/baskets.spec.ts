// Baskets at work, in the browser. The demo methodist's basket opens on her new applications, the
// oldest first; she sorts it by teacher, filters it by a state from the counts, reloads (the URL
// keeps both), and exports the list as it stands. The operator opens the region's applications
// from her navigation and reads them without any action to take.
import { APPLICATION_STATUS_LABEL, type ApplicationPage } from '../src/contract/applications';
import { ApiClient } from './support/api';
import { DEMO_PASSWORD, DEMO_USERS } from './support/demo';
import { expect, test } from './support/fixtures';
import { mainNav } from './support/ui';

test('the methodist sorts and filters her basket, keeps both in the URL and exports it', async ({
  page,
  baseURL,
  signInAs,
}) => {
  const methodist = await ApiClient.signIn(baseURL ?? '', DEMO_USERS.methodist.login, DEMO_PASSWORD);
  const all = await methodist.get<ApplicationPage>('/applications', { basket: 'methodist', limit: 1 });
  await methodist.dispose();
  expect(all.total, 'the demo methodist has applications in her basket').toBeGreaterThan(0);
  const state = all.byStatus[0];
  if (!state) throw new Error('no state counted');

  await signInAs('methodist');
  await page.goto('/baskets/methodist');
  // It opens on what needs her action.
  await expect(page).toHaveURL(/status=submitted/);
  await expect(page).toHaveURL(/sort=appliedAt/);
  const counts = page.getByRole('group', { name: 'Заявки по состояниям' });
  await expect(counts.getByRole('button', { name: /^Все · \d+$/ })).toBeVisible();

  await counts
    .getByRole('button', { name: `${APPLICATION_STATUS_LABEL[state.status]} · ${state.count}` })
    .click();
  await expect(page).toHaveURL(new RegExp(`status=${state.status}`));
  await page.getByRole('button', { name: 'Сортировать по столбцу «Педагог»' }).click();
  await expect(page).toHaveURL(/sort=teacher/);
  await expect(page.getByRole('columnheader', { name: /Педагог/ })).toHaveAttribute('aria-sort', 'ascending');

  await page.reload();
  await expect(page).toHaveURL(/sort=teacher/);
  await expect(page).toHaveURL(new RegExp(`status=${state.status}`));
  await expect(page.getByRole('columnheader', { name: /Педагог/ })).toHaveAttribute('aria-sort', 'ascending');
  const rows = page.locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  // Names in the table read in order.
  const names = await page.locator('tbody tr td:nth-child(2) a').allInnerTexts();
  expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'ru')));

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Выгрузить в Excel' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('Заявки.xlsx');
  const path = await download.path();
  const { statSync } = await import('node:fs');
  expect(statSync(path).size).toBeGreaterThan(1000);
});

test('the operator reads the region’s applications, with no action to take', async ({ page, signInAs }) => {
  await signInAs('operator');
  await page.goto('/cabinet');
  await mainNav(page).getByRole('link', { name: 'Заявки региона' }).click();
  await expect(page).toHaveURL(/\/baskets\/region/);
  await expect(page.getByRole('heading', { name: 'Заявки региона', level: 1 })).toBeVisible();
  await expect(page.locator('tbody tr').first()).toBeVisible();
  await expect(page.getByRole('toolbar')).toHaveCount(0);
  await expect(page.getByRole('checkbox')).toHaveCount(0);
  await page.getByRole('button', { name: 'Сортировать по столбцу «Организация · Территория»' }).click();
  await expect(page).toHaveURL(/sort=organization/);
});
