// Every role on a phone (390×844): each page the role reaches — its navigation, the pages behind its
// lists (a course's workspace with each tab, a program, an application, a teacher, an archived
// course, a conversation) — fits the width (no sideways scrolling of the page; a wide table scrolls
// inside its own region), keeps its heading and its main action on screen, opens its dialogs within
// the screen, and axe finds nothing serious. The header keeps «Кабинет» and «Выйти» on screen.
import type { Locator, Page } from '@playwright/test';
import { expectAccessible, settled } from './support/a11y';
import { DEMO_USERS, type DemoRole } from './support/demo';
import { expect, test } from './support/fixtures';
import { cabinetCard, mainNav } from './support/ui';

const WIDTH = 390;
test.use({ viewport: { width: WIDTH, height: 844 }, hasTouch: true, isMobile: true });

/**
 * The page is no wider than the screen (nothing to scroll sideways to), and nothing of its content
 * is pushed off the screen either: whatever is wider than the phone lives inside a region of its
 * own that scrolls (a wide table), not cut off by the page's edge.
 */
async function fitsTheScreen(page: Page, what: string) {
  await settled(page);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${what}: the page is ${width}px wide`).toBeLessThanOrEqual(WIDTH);
  const outside = await page.getByRole('main').evaluate((main, screen) => {
    const scrolls = (el: Element) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
    const found: string[] = [];
    for (const el of main.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || (box.left >= -1 && box.right <= screen + 1)) continue;
      let parent = el.parentElement;
      while (parent && parent !== main && !scrolls(parent)) parent = parent.parentElement;
      if (parent && parent !== main) continue;
      found.push(
        `${el.tagName.toLowerCase()} «${(el.textContent ?? '').trim().slice(0, 40)}» ${box.left}…${box.right}`,
      );
    }
    return found.slice(0, 5);
  }, WIDTH);
  expect(outside, `${what}: content off the screen`).toEqual([]);
}

/** A region wider than the phone scrolls within itself, a keyboard reaches it, a table in it shows its edge. */
async function scrollRegionsReachable(page: Page, what: string) {
  const unreachable = await page.getByRole('main').evaluate((main) => {
    const focusable = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])';
    return [...main.querySelectorAll('*')]
      .filter((el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX))
      .filter((el) => el.scrollWidth > el.clientWidth + 1)
      .filter((el) => !el.matches(focusable) && !el.querySelector(focusable))
      .map((el) => (el.textContent ?? '').trim().slice(0, 60));
  });
  expect(unreachable, `${what}: a wide region the keyboard cannot scroll`).toEqual([]);
  // A wide table shows that it goes on past the screen's edge (a shadow there), not only by a
  // scrollbar at its bottom that a long list keeps off the screen.
  const unhinted = await page.getByRole('main').evaluate((main) => {
    const wide = [...main.querySelectorAll('*')]
      .filter((el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX))
      .filter((el) => el.scrollWidth > el.clientWidth + 1 && el.querySelector('table'));
    return wide
      .filter((el) => !getComputedStyle(el).backgroundImage.includes('radial-gradient'))
      .map((el) => (el.textContent ?? '').trim().slice(0, 60));
  });
  // (One region scrolls a table: a second one around it would move the whole box sideways.)
  expect(unhinted, `${what}: a wide table without a shadow at its edge, or in two scrolling boxes`).toEqual(
    [],
  );
}

/** A notification's title that wraps takes the card's width: the time goes under it, not beside it. */
async function titlesAcrossTheCard(page: Page) {
  const squeezed = await page
    .getByRole('main')
    .getByRole('article')
    .evaluateAll((cards) =>
      cards.flatMap((card) => {
        const name = card.getAttribute('aria-label');
        const title = [...card.querySelectorAll('p')].find((p) => p.textContent === name);
        if (!title) return [`«${name}»: no title`];
        const box = title.getBoundingClientRect();
        const lines = Math.round(box.height / Number.parseFloat(getComputedStyle(title).lineHeight));
        return lines > 1 && box.width < card.getBoundingClientRect().width * 0.6
          ? [`«${name}» ${box.width}px`]
          : [];
      }),
    );
  expect(squeezed, 'notification titles squeezed into a narrow column').toEqual([]);
}

type Resolve = (page: Page) => Promise<string | undefined>;
type Screen = {
  /** The page: as the router spells it, `:id` standing for an item the API lists first. */
  path: string;
  /** How to find the item behind `:id`: the first one of a list the role reads. */
  item?: Resolve;
  /**
   * The page's main action, by its name: a button, a link or a filter in the page's content. A
   * basket's is its first filter: its export follows the filters, below the first screen.
   */
  action?: string;
  /** The main action opens a dialog: it fits the screen, its buttons reachable. */
  dialog?: boolean;
};

/** The first item's `key` of a list the signed-in page may read. */
const first =
  (path: string, params: Record<string, string> = {}, key = 'id'): Resolve =>
  async (page) => {
    const res = await page.request.get(`/api/v1${path}`, { params: { limit: 1, ...params } });
    expect(res.ok(), `GET ${path}`).toBe(true);
    const value = ((await res.json()) as { items: Record<string, unknown>[] }).items[0]?.[key];
    return value === undefined ? undefined : String(value);
  };
/** The provider the signed-in user works for. */
const provider: Resolve = async (page) => {
  const res = await page.request.get('/api/v1/me');
  const me = (await res.json()) as { roles: { providerId?: string | null }[] };
  return me.roles.find((r) => r.providerId)?.providerId ?? undefined;
};
const course = (status: string) => first('/courses', { status });
const EXPORT = 'Выгрузить в Excel';
const COURSE = '/workspace/courses/:id';

/**
 * Each page once, under a role that reaches it; the cabinet, the catalog and the notifications are
 * checked for every role. Every item of each role's navigation must be in this table.
 */
const SCREENS: Record<DemoRole, Screen[]> = {
  teacher: [
    { path: '/applications/mine' },
    { path: '/cpd', action: 'Каталог курсов' },
    { path: '/applications/:id', item: first('/applications', { basket: 'mine' }) },
    { path: '/catalog/:id', item: first('/catalog'), action: 'Добавить в календарь' },
    { path: '/profile' },
  ],
  methodist: [
    { path: '/baskets/methodist', action: 'Курс' },
    { path: '/applications/:id', item: first('/applications', { basket: 'methodist' }) },
    { path: '/attendance', action: EXPORT },
    { path: '/teachers', action: 'Зарегистрировать педагога', dialog: true },
    { path: '/teachers/overdue', action: EXPORT },
    { path: '/teachers/:id', item: first('/teachers/overdue', {}, 'teacherId') },
    { path: '/teachers/:id/cpd', item: first('/teachers/overdue', {}, 'teacherId') },
    { path: '/teachers/import', action: 'Скачать шаблон' },
    { path: '/archive', action: EXPORT },
    { path: '/reports', action: EXPORT },
    { path: '/conversations', action: 'Новая переписка', dialog: true },
  ],
  manager: [
    { path: '/baskets/provider', action: 'Курс' },
    { path: '/applications/:id', item: first('/applications', { basket: 'provider' }) },
    { path: '/workspace/programs', action: 'Добавить программу', dialog: true },
    { path: '/workspace/programs/:id', item: first('/programs') },
    { path: '/workspace/courses', action: 'Создать курс', dialog: true },
    // The course editing form (a draft and a published course), then a running course's tabs.
    { path: COURSE, item: course('draft'), action: 'Открыть программу' },
    { path: COURSE, item: course('published'), action: 'Открыть программу' },
    { path: COURSE, item: course('running'), action: 'Открыть программу' },
    { path: `${COURSE}?tab=attendance`, item: course('running') },
    { path: `${COURSE}?tab=groups`, item: course('running') },
    { path: `${COURSE}?tab=results`, item: course('running') },
    { path: `${COURSE}?tab=documents`, item: course('finished') },
    { path: `${COURSE}/attendance`, item: course('running') },
    { path: '/archive/:id', item: first('/archive/courses'), action: 'К архиву курсов' },
    { path: '/conversations/:id', item: first('/conversations'), action: 'Ко всем перепискам' },
    { path: '/providers/:id/documents', item: provider },
    { path: '/jobs' },
  ],
  head: [{ path: '/users' }],
  provider_admin: [{ path: '/providers/:id', item: provider }, { path: '/reports/form-1pk' }],
  operator: [
    { path: '/baskets/region', action: 'Курс' },
    { path: '/territories', action: 'Добавить территорию', dialog: true },
    { path: '/organizations', action: 'Добавить организацию' },
    { path: '/providers', action: 'Добавить поставщика' },
    { path: '/positions', action: 'Добавить должность' },
    { path: '/users', action: 'Создать учётную запись', dialog: true },
    { path: '/audit', action: EXPORT },
    { path: '/outbox' },
    { path: '/reports', action: EXPORT },
  ],
};

/** The pages of the table, as the navigation links them (`/providers/7` is `/providers/:id`). */
const TABLED = new Set([
  '/cabinet',
  '/catalog',
  ...Object.values(SCREENS).flatMap((screens) => screens.map((s) => s.path.split('?')[0])),
]);

/** The main action, by its name: a button, a link or a filter in the page's content. */
function mainAction(page: Page, name: string): Locator {
  const main = page.getByRole('main');
  return main
    .getByRole('button', { name, exact: true })
    .or(main.getByRole('link', { name, exact: true }))
    .or(main.getByRole('combobox', { name, exact: true }))
    .first();
}

async function checkScreen(page: Page, screen: Screen) {
  const id = screen.item ? await screen.item(page) : '';
  expect(id, `the demo data has an item for ${screen.path}`).toBeDefined();
  const path = screen.path.replace(':id', id as string);
  await page.goto(path);
  await fitsTheScreen(page, path);
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeInViewport();
  await expect(page.getByRole('banner').getByRole('button', { name: 'Выйти', exact: true })).toBeInViewport();
  await scrollRegionsReachable(page, path);
  await expectAccessible(page, `${path} on a phone`);
  if (!screen.action) return;
  const action = mainAction(page, screen.action);
  await expect(action, `${path}: «${screen.action}»`).toBeInViewport();
  if (!screen.dialog) return;
  await action.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  const box = await dialog.boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= WIDTH, `${path}: the dialog fits the screen`).toBe(true);
  await expect(dialog.getByRole('button', { name: 'Закрыть' }).first()).toBeInViewport();
  await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(WIDTH);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
}

test('a visitor: the home page, the catalog, sign-in, sign-up, recovery and verification fit a phone', async ({
  page,
}) => {
  await page.goto('/');
  await fitsTheScreen(page, 'home');
  await expect(page.getByRole('banner').getByRole('link', { name: 'Войти', exact: true })).toBeInViewport();
  await page.goto('/catalog');
  await fitsTheScreen(page, 'catalog');
  await expect(page.getByRole('banner').getByRole('link', { name: 'Каталог курсов' })).toBeInViewport();
  await expectAccessible(page, 'the catalog on a phone');
  for (const path of ['/login', '/signup', '/recovery', '/verify']) {
    await page.goto(path);
    await fitsTheScreen(page, path);
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeInViewport();
    await expectAccessible(page, `${path} on a phone`);
  }
});

for (const role of Object.keys(DEMO_USERS) as DemoRole[]) {
  test(`${role}: the cabinet, the catalog, the notifications and every other page fit a phone`, async ({
    page,
    signInAs,
  }) => {
    test.setTimeout(120_000);
    await signInAs(role);
    await page.goto('/cabinet');
    await expect(cabinetCard(page, DEMO_USERS[role].cabinet)).toBeVisible();
    const nav = await mainNav(page)
      .getByRole('link')
      .evaluateAll((links) => links.map((a) => (a.getAttribute('href') ?? '').split('#')[0] ?? ''));
    const missing = nav.map((href) => href.replace(/\/\d+(?=\/|$)/g, '/:id')).filter((p) => !TABLED.has(p));
    expect(missing, `${role}: pages of the navigation the table leaves out`).toEqual([]);
    await fitsTheScreen(page, 'cabinet');
    await scrollRegionsReachable(page, 'cabinet');
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
    await titlesAcrossTheCard(page);
    // The bell's latest notifications open within the screen, «Все уведомления» at hand.
    await banner.getByTestId('notification-bell').click();
    const latest = page.getByRole('dialog').filter({ hasText: 'Последние уведомления' });
    await expect(latest).toBeInViewport({ ratio: 1 });
    await expect(latest.getByRole('link', { name: 'Все уведомления' })).toBeInViewport();
    await banner.getByTestId('notification-bell').click();
    await expect(latest).toBeHidden();

    for (const screen of SCREENS[role]) await checkScreen(page, screen);
  });
}
