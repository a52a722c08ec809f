// Every page each role reaches passes axe-core (WCAG 2.0/2.1 A and AA) without a serious or
// critical finding: the visitor's public pages, then each demo role's navigation item by item and
// the pages behind its lists (a course's workspace with each of its tabs, a program, an
// application, a teacher's CPD, an archived course, a conversation).
import type { Page } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import type { DemoRole } from './support/demo';
import { expect, test } from './support/fixtures';
import { mainNav } from './support/ui';

type Listed = { items: Record<string, unknown>[] };

/** The first item's `key` of a list the signed-in page may read, or undefined when it is empty. */
async function first(page: Page, path: string, params: Record<string, string | number> = {}, key = 'id') {
  const res = await page.request.get(`/api/v1${path}`, { params: { limit: 1, ...params } });
  expect(res.ok(), `GET ${path}`).toBe(true);
  const value = ((await res.json()) as Listed).items[0]?.[key];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

async function check(page: Page, path: string) {
  await page.goto(path);
  await expectAccessible(page, path);
}

/** Every page the signed-in navigation offers (the cabinets of several roles share one page). */
async function checkNavigation(page: Page) {
  await page.goto('/cabinet');
  const links = mainNav(page).getByRole('link');
  await expect(links.first()).toBeVisible();
  const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  const paths = [...new Set(hrefs.map((h) => h.split('#')[0] ?? h))];
  expect(paths.length).toBeGreaterThan(2);
  for (const path of paths) await check(page, path);
  await check(page, '/notifications');
}

test('a visitor’s pages', async ({ page }) => {
  for (const path of ['/', '/catalog', '/login', '/signup', '/verify', '/verify/1999-99999'])
    await check(page, path);
  const course = await first(page, '/catalog');
  expect(course, 'the catalog lists a course').toBeDefined();
  await check(page, `/catalog/${course}`);
});

const ROLES: DemoRole[] = ['teacher', 'methodist', 'manager', 'head', 'provider_admin', 'operator'];

for (const role of ROLES) {
  test(`every page of the ${role}’s navigation`, async ({ page, signInAs }) => {
    // The baskets and journals are long pages: axe takes a while on each of them.
    test.setTimeout(420_000);
    await signInAs(role);
    await checkNavigation(page);
  });
}

test('the teacher’s application and a course page signed in', async ({ page, signInAs }) => {
  await signInAs('teacher');
  const application = await first(page, '/applications', { basket: 'mine' });
  expect(application, 'the demo teacher has an application').toBeDefined();
  await check(page, `/applications/${application}`);
  const course = await first(page, '/catalog');
  await check(page, `/catalog/${course}`);
});

test('the methodist’s application, teacher and archived course', async ({ page, signInAs }) => {
  await signInAs('methodist');
  const application = await first(page, '/applications', { basket: 'methodist' });
  await check(page, `/applications/${application}`);
  // The teacher's name leads to her card.
  const { teacher: who } = (await (await page.request.get(`/api/v1/applications/${application}`)).json()) as {
    teacher: { id: string; fullName: string };
  };
  await page.getByRole('link', { name: who.fullName, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/teachers/${who.id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectAccessible(page, 'the teacher’s card');
  const teacher = await first(page, '/teachers/overdue', {}, 'teacherId');
  expect(teacher, 'the demo territory has an overdue teacher').toBeDefined();
  await check(page, `/teachers/${teacher}/cpd`);
  const archived = await first(page, '/archive/courses');
  if (archived) await check(page, `/archive/${archived}`);
  // Her conversation thread is checked in its own journey: opening one here would read it.
});

test('the manager’s program, courses with every tab, application and journal', async ({ page, signInAs }) => {
  test.setTimeout(180_000);
  await signInAs('manager');
  const program = await first(page, '/programs');
  expect(program, 'the demo department has a program').toBeDefined();
  await check(page, `/workspace/programs/${program}`);

  for (const status of ['running', 'finished']) {
    const course = await first(page, '/courses', { status });
    expect(course, `the demo department has a ${status} course`).toBeDefined();
    await check(page, `/workspace/courses/${course}`);
    for (const tab of ['attendance', 'groups', 'results', 'documents'])
      await check(page, `/workspace/courses/${course}?tab=${tab}`);
    await check(page, `/workspace/courses/${course}/attendance`);
  }
  for (const status of ['draft', 'published']) {
    const course = await first(page, '/courses', { status });
    if (course) await check(page, `/workspace/courses/${course}`);
  }

  const application = await first(page, '/applications', { basket: 'provider' });
  await check(page, `/applications/${application}`);
  const archived = await first(page, '/archive/courses');
  if (archived) await check(page, `/archive/${archived}`);
  const conversation = await first(page, '/conversations');
  if (conversation) await check(page, `/conversations/${conversation}`);
});
