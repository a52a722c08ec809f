// Every role on a phone (390×844): the cabinet, the catalog and the notifications fit the width
// (no sideways scrolling), the header keeps its buttons on screen, and axe finds nothing serious.
import type { Page } from '@playwright/test';
import { expectAccessible, settled } from './support/a11y';
import { DEMO_USERS, type DemoRole } from './support/demo';
import { expect, test } from './support/fixtures';
import { cabinetCard } from './support/ui';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

/** The page is no wider than the screen: nothing to scroll sideways to. */
async function fitsTheScreen(page: Page, what: string) {
  await settled(page);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${what}: the page is ${width}px wide`).toBeLessThanOrEqual(390);
}

test('a visitor: the home page and the catalog fit a phone, sign-in at hand', async ({ page }) => {
  await page.goto('/');
  await fitsTheScreen(page, 'home');
  await expect(page.getByRole('banner').getByRole('link', { name: 'Войти', exact: true })).toBeInViewport();
  await page.goto('/catalog');
  await fitsTheScreen(page, 'catalog');
  await expect(page.getByRole('banner').getByRole('link', { name: 'Каталог курсов' })).toBeInViewport();
  await expectAccessible(page, 'the catalog on a phone');
});

for (const role of Object.keys(DEMO_USERS) as DemoRole[]) {
  test(`${role}: the cabinet, the catalog and the notifications fit a phone, the header's buttons on screen`, async ({
    page,
    signInAs,
  }) => {
    await signInAs(role);
    await page.goto('/cabinet');
    await expect(cabinetCard(page, DEMO_USERS[role].cabinet)).toBeVisible();
    await fitsTheScreen(page, 'cabinet');
    const banner = page.getByRole('banner');
    await expect(banner.getByRole('button', { name: 'Выйти', exact: true })).toBeInViewport();
    await expect(banner.getByRole('button', { name: 'Открыть меню' })).toBeInViewport();
    await expectAccessible(page, `${role}'s cabinet on a phone`);

    // The public frame, signed in: «Кабинет» and «Выйти» both stay on screen.
    await page.goto('/');
    await settled(page);
    await expect(banner.getByRole('link', { name: 'Кабинет', exact: true })).toBeInViewport();
    await expect(banner.getByRole('button', { name: 'Выйти', exact: true })).toBeInViewport();
    await fitsTheScreen(page, 'home, signed in');

    await page.goto('/catalog');
    await fitsTheScreen(page, 'catalog, signed in');
    await expect(banner.getByRole('button', { name: 'Выйти', exact: true })).toBeInViewport();

    await page.goto('/notifications');
    await fitsTheScreen(page, 'notifications');
    await expectAccessible(page, `${role}'s notifications on a phone`);
  });
}
