// Applications from apply to the provider's basket, in the browser. (a) The demo teacher applies to
// a published course of the demo manager's department from its page; the demo methodist finds the
// application in her basket, selects it with another one and forwards them together; the manager
// sees it in the provider's basket with the course's places by territory. (b) On a course of two
// places with a waitlist, a forwarded teacher withdraws from «Мои заявки» and the first waitlisted
// application is promoted; the manager declines another one, with the reason the dialog insists on.
// The journeys pick fresh courses and teachers each run and withdraw what they leave active, so
// they rerun on the same demo database. They also take the guides' screenshots (docs/guide/img).
import type { Browser, Page } from '@playwright/test';
import {
  ACTIVE_STATUSES,
  type Application,
  type ApplicationStatus,
  type ApplicationSummary,
  type BulkResult,
  type PlacesBreakdown,
} from '../src/contract/applications';
import type { Me } from '../src/contract/auth';
import type { CatalogCourse, Course, CourseSummary, Program } from '../src/contract/catalog';
import type { Page as ListPage } from '../src/contract/common';
import { ApiClient, signInThroughApi } from './support/api';
import { inDays, regionToday } from './support/dates';
import { DEMO_PASSWORD, DEMO_USERS, type DemoRole } from './support/demo';
import { expect, test, unique } from './support/fixtures';
import { mainNav } from './support/ui';

const VIEWPORT = { width: 1280, height: 800 };
const SHOTS = 'docs/guide/img';
const ACTIVE: readonly ApplicationStatus[] = ACTIVE_STATUSES;

test.use({ viewport: VIEWPORT });

function grantOf(me: Me, role: DemoRole, key: 'territoryId' | 'departmentId'): string {
  const value = me.roles.find((r) => r.role === role)?.[key];
  if (!value) throw new Error(`${me.login} has no ${role} ${key}`);
  return value;
}

/** A browser context of its own for one person, signed in through the API. */
async function pageAs(browser: Browser, baseURL: string, role: DemoRole): Promise<Page> {
  const context = await browser.newContext({
    baseURL,
    viewport: VIEWPORT,
    locale: 'ru-RU',
    timezoneId: 'Asia/Yekaterinburg',
  });
  const page = await context.newPage();
  await signInThroughApi(page.request, DEMO_USERS[role].login, DEMO_PASSWORD);
  return page;
}

type Clients = { teacher: ApiClient; methodist: ApiClient; manager: ApiClient };

async function signInAll(baseURL: string): Promise<Clients> {
  const [teacher, methodist, manager] = await Promise.all(
    (['teacher', 'methodist', 'manager'] as const).map((role) =>
      ApiClient.signIn(baseURL, DEMO_USERS[role].login, DEMO_PASSWORD),
    ),
  );
  return { teacher, methodist, manager } as Clients;
}

const list = (client: ApiClient, params: Record<string, string | number>) =>
  client.get<ListPage<ApplicationSummary>>('/applications', { limit: 100, ...params });

/** Teachers of the methodist's territory (other than the demo teacher) with no active application on the course. */
async function freeTeachers(c: Clients, courseId: string, count: number) {
  const seen = await list(c.methodist, { basket: 'methodist' });
  const busy = new Set(
    (await list(c.methodist, { basket: 'methodist', courseId })).items
      .filter((a) => ACTIVE.includes(a.status))
      .map((a) => a.teacher.id),
  );
  const teachers = new Map<string, string>();
  for (const a of seen.items)
    if (a.teacher.id !== c.teacher.me.id && !busy.has(a.teacher.id))
      teachers.set(a.teacher.id, a.teacher.fullName);
  const picked = [...teachers].slice(0, count).map(([id, fullName]) => ({ id, fullName }));
  expect(picked, 'the demo territory has enough teachers').toHaveLength(count);
  return picked;
}

/** A new published course of the manager's department: `capacity` places, no quotas. */
async function publishCourse(manager: ApiClient, title: string, capacity: number): Promise<string> {
  const program = await manager.post<Program>('/programs', {
    departmentId: grantOf(manager.me, 'manager', 'departmentId'),
    title,
    annotation: 'Программа для воспитателей дошкольных образовательных организаций.',
    hours: 16,
    kind: 'qualification',
    form: 'full_time',
    distance: false,
  });
  const course = await manager.post<Course>('/courses', {
    programId: program.id,
    startsOn: inDays(40),
    endsOn: inDays(41),
    applyUntil: inDays(30),
    capacity,
    place: 'г. Пермь, ул. Екатерининская, 210',
    schedule: [
      { date: inDays(40), startsAt: '10:00', endsAt: '16:00', topic: 'Игровые технологии' },
      { date: inDays(41), startsAt: '10:00', endsAt: '16:00', topic: 'Итоговая работа' },
    ],
  });
  await manager.post(`/courses/${course.id}/actions/publish`);
  return course.id;
}

/**
 * A published course of the manager's department, still taking applications, where the demo
 * teacher has no active application and the methodist's territory may still take `places`.
 * Earlier runs withdraw what they applied for, so a course comes back; if none is left, a new one.
 */
async function openCourseOfDepartment(c: Clients, places: number): Promise<string> {
  const territoryId = grantOf(c.methodist.me, 'methodist', 'territoryId');
  const courses = await c.manager.get<ListPage<CourseSummary>>('/courses', {
    status: 'published',
    limit: 100,
  });
  const today = regionToday();
  const candidates = courses.items
    .filter((course) => course.applyUntil >= today)
    .sort((a, b) => b.applyUntil.localeCompare(a.applyUntil));
  for (const course of candidates) {
    const own = await list(c.teacher, { basket: 'mine', courseId: course.id });
    if (own.items.some((a) => ACTIVE.includes(a.status))) continue;
    const breakdown = await c.methodist.get<PlacesBreakdown>(`/courses/${course.id}/places`);
    const line = breakdown.territories.find((t) => t.territory.id === territoryId);
    if ((line?.free ?? breakdown.commonPlacesLeft) >= places) return course.id;
  }
  return publishCourse(c.manager, unique('Игровые технологии в детском саду'), 20);
}

const row = (page: Page, teacher: string) => page.getByRole('row').filter({ hasText: teacher });

test('a teacher applies, the methodist forwards in bulk, the manager sees it in the provider basket', async ({
  browser,
  baseURL,
}) => {
  // Three people in three browsers, on a shared two-core machine.
  test.slow();
  const c = await signInAll(baseURL ?? '');
  const created: { client: ApiClient; id: string }[] = [];
  try {
    const courseId = await openCourseOfDepartment(c, 2);
    const [other] = await freeTeachers(c, courseId, 1);
    if (!other) throw new Error('no teacher');
    // Another teacher of the territory applied too (the methodist for them, as the regulation allows).
    const theirs = await c.methodist.post<Application>('/applications', { courseId, teacherId: other.id });
    created.push({ client: c.methodist, id: theirs.id });
    const teacherName = c.teacher.me.fullName;
    const { program } = await c.teacher.get<CatalogCourse>(`/catalog/${courseId}`);
    const title = program.title;

    // The teacher, on the course's page.
    const teacher = await pageAs(browser, baseURL ?? '', 'teacher');
    await teacher.goto(`/catalog/${courseId}`);
    const block = teacher.getByRole('region', { name: 'Заявка на курс' });
    await expect(block.getByRole('button', { name: 'Подать заявку', exact: true })).toBeVisible();
    await teacher.screenshot({ path: `${SHOTS}/teacher-course-apply.png` });
    await block.getByRole('button', { name: 'Подать заявку', exact: true }).click();
    await expect(teacher.getByText('Заявка подана', { exact: true })).toBeVisible();
    await expect(block.getByText('Ваша заявка', { exact: true })).toBeVisible();
    await expect(block.getByText('Подана', { exact: true })).toBeVisible();
    await expect(block.getByRole('button', { name: 'Отозвать', exact: true })).toBeVisible();
    const mine = await list(c.teacher, { basket: 'mine', courseId });
    const own = mine.items.find((a) => a.status === 'submitted');
    if (!own) throw new Error('the application is not in the teacher’s list');
    created.push({ client: c.teacher, id: own.id });

    // «Мои заявки» (in the cabinet's menu) lists it with its state.
    await teacher.goto('/cabinet');
    await mainNav(teacher).getByRole('link', { name: 'Мои заявки', exact: true }).click();
    await expect(teacher.getByRole('heading', { name: 'Мои заявки', level: 1 })).toBeVisible();
    const card = teacher.getByRole('article', { name: title }).first();
    await expect(card).toContainText('Подана');
    await expect(card.getByRole('button', { name: 'Отозвать', exact: true })).toBeVisible();
    await teacher.screenshot({ path: `${SHOTS}/teacher-my-applications.png` });

    // The methodist: her basket, the course's submitted applications.
    const methodist = await pageAs(browser, baseURL ?? '', 'methodist');
    await methodist.goto('/cabinet');
    await mainNav(methodist).getByRole('link', { name: 'Копилка методиста', exact: true }).click();
    await expect(methodist.getByRole('heading', { name: 'Копилка методиста', level: 1 })).toBeVisible();
    await methodist.goto(`/baskets/methodist?courseId=${courseId}&status=submitted`);
    await expect(methodist.getByRole('heading', { name: `Места курса «${title}»` })).toBeVisible();
    await expect(row(methodist, teacherName)).toHaveCount(1);
    await expect(row(methodist, other.fullName)).toHaveCount(1);
    // The filters survive a reload: they are in the URL.
    await methodist.reload();
    await expect(row(methodist, teacherName)).toHaveCount(1);

    // «Выбрать все на странице» selects every row, and unselects them.
    const rows = await methodist
      .getByRole('row')
      .filter({ has: methodist.getByRole('checkbox') })
      .count();
    const all = methodist.getByRole('checkbox', { name: 'Выбрать все на странице' });
    await all.check();
    await expect(methodist.getByText(`Выбрано: ${rows - 1}`, { exact: true })).toBeVisible();
    await all.uncheck();
    await expect(methodist.getByText('Выбрано: 0', { exact: true })).toBeVisible();

    await methodist.getByRole('checkbox', { name: `Выбрать заявку: ${teacherName}` }).check();
    await methodist.getByRole('checkbox', { name: `Выбрать заявку: ${other.fullName}` }).check();
    await expect(methodist.getByText('Выбрано: 2', { exact: true })).toBeVisible();
    // The course's places, the filters and the selection in one screen (under the fixed header).
    await methodist
      .getByRole('region', { name: `Места курса «${title}»` })
      .evaluate((card) => window.scrollTo(0, card.getBoundingClientRect().top + window.scrollY - 72));
    await methodist.screenshot({ path: `${SHOTS}/methodist-basket.png` });
    await methodist
      .getByRole('toolbar')
      .getByRole('button', { name: 'Передать поставщику', exact: true })
      .click();
    const outcome = methodist.getByTestId('bulk-outcome');
    await expect(outcome).toContainText('Передать поставщику: выполнено для 2 из 2');
    await expect(outcome).toContainText('Передана поставщику — 2');
    await expect(row(methodist, teacherName)).toHaveCount(0);
    await methodist.goto(`/baskets/methodist?courseId=${courseId}&q=${encodeURIComponent(teacherName)}`);
    await expect(row(methodist, teacherName).first()).toContainText('Передана поставщику');

    // The manager: the provider's basket of the course, with its places by territory.
    const manager = await pageAs(browser, baseURL ?? '', 'manager');
    await manager.goto('/cabinet');
    await mainNav(manager).getByRole('link', { name: 'Копилка поставщика', exact: true }).click();
    await expect(manager.getByRole('heading', { name: 'Копилка поставщика', level: 1 })).toBeVisible();
    await manager.goto(`/baskets/provider?courseId=${courseId}`);
    await expect(row(manager, teacherName).first()).toContainText('Передана поставщику');
    const territory = c.methodist.me.roles.find((r) => r.role === 'methodist')?.territoryName ?? '';
    const breakdown = manager.getByTestId('places-breakdown');
    await expect(breakdown.getByRole('row', { name: new RegExp(territory) })).toBeVisible();
    await expect(breakdown.getByRole('row', { name: /Итого/ })).toBeVisible();
    await manager
      .getByRole('region', { name: `Места курса «${title}»` })
      .evaluate((card) => window.scrollTo(0, card.getBoundingClientRect().top + window.scrollY - 72));
    await manager.screenshot({ path: `${SHOTS}/provider-basket.png` });
    // The conversation with the territory's methodists opens from its row.
    await breakdown.getByRole('button', { name: `Переписка с методистами: ${territory}` }).click();
    const dialog = manager.getByRole('dialog', { name: `Переписка с методистами: ${territory}` });
    await expect(dialog.getByRole('button', { name: 'Отправить' })).toBeVisible();
    await manager.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
  } finally {
    // Leave nothing active behind, so the course can be picked again by a later run.
    for (const { client, id } of created) {
      const now = await client.get<Application>(`/applications/${id}`);
      if (now.abilities.withdraw) await client.post(`/applications/${id}/actions/withdraw`);
    }
    await Promise.all(Object.values(c).map((client) => client.dispose()));
  }
});

test('a withdrawal frees a place and the first waitlisted application is forwarded', async ({
  browser,
  baseURL,
}) => {
  // Three people in three browsers, on a shared two-core machine.
  test.slow();
  const c = await signInAll(baseURL ?? '');
  try {
    const title = unique('Сенсорное развитие детей раннего возраста');
    const courseId = await publishCourse(c.manager, title, 2);
    const [second, third] = await freeTeachers(c, courseId, 2);
    if (!second || !third) throw new Error('no teachers');
    const own = await c.teacher.post<Application>('/applications', { courseId });
    const b = await c.methodist.post<Application>('/applications', { courseId, teacherId: second.id });
    const w = await c.methodist.post<Application>('/applications', { courseId, teacherId: third.id });
    const forwarded = await c.methodist.post<BulkResult>('/applications/actions/forward', {
      ids: [own.id, b.id, w.id],
    });
    expect(forwarded.results.map((r) => r.status)).toEqual(['forwarded', 'forwarded', 'waitlisted']);

    // The teacher withdraws from «Мои заявки», after confirming.
    const teacher = await pageAs(browser, baseURL ?? '', 'teacher');
    await teacher.goto('/applications/mine');
    const card = teacher.getByRole('article', { name: title });
    await expect(card).toContainText('Передана поставщику');
    await card.getByRole('button', { name: 'Отозвать', exact: true }).click();
    const confirm = teacher.getByRole('dialog', { name: 'Отозвать заявку' });
    await expect(confirm).toContainText(`Отозвать заявку на курс «${title}»?`);
    await confirm.getByRole('button', { name: 'Отозвать', exact: true }).click();
    await expect(confirm).toHaveCount(0);
    await expect(card).toContainText('Отозвана');
    await expect(card.getByRole('button', { name: 'Отозвать', exact: true })).toHaveCount(0);

    // The methodist sees the waitlisted application forwarded, by the system, in its history.
    const methodist = await pageAs(browser, baseURL ?? '', 'methodist');
    await methodist.goto(`/baskets/methodist?courseId=${courseId}`);
    await expect(row(methodist, third.fullName)).toContainText('Передана поставщику');
    await expect(row(methodist, c.teacher.me.fullName)).toContainText('Отозвана');
    await expect(methodist.getByRole('row').filter({ hasText: 'В резерве' })).toHaveCount(0);
    await row(methodist, third.fullName).getByRole('link', { name: third.fullName }).click();
    await expect(methodist.getByRole('heading', { name: 'Заявка на курс', level: 1 })).toBeVisible();
    const history = methodist.getByRole('region', { name: 'История' });
    await expect(history).toContainText('Перевод из резерва: освободилось место');
    await expect(history).toContainText('Система');
    await expect(
      methodist.getByRole('button', { name: 'Вернуть в копилку методиста', exact: true }),
    ).toBeVisible();

    // The manager declines the other forwarded application: the reason is required.
    const manager = await pageAs(browser, baseURL ?? '', 'manager');
    await manager.goto(`/baskets/provider?courseId=${courseId}`);
    await expect(row(manager, second.fullName)).toContainText('Передана поставщику');
    await row(manager, second.fullName)
      .getByRole('button', { name: `Отказать: ${second.fullName}` })
      .click();
    const decline = manager.getByRole('dialog', { name: 'Отказать по заявке' });
    await decline.getByRole('button', { name: 'Отказать', exact: true }).click();
    await expect(decline.getByText('Укажите причину: её увидит педагог')).toBeVisible();
    await decline
      .getByRole('textbox', { name: 'Причина' })
      .fill('Группа сформирована из педагогов одной организации');
    await decline.getByRole('button', { name: 'Отказать', exact: true }).click();
    await expect(decline).toHaveCount(0);
    await expect(row(manager, second.fullName)).toContainText('Отказ поставщика');
    await expect(row(manager, second.fullName)).toContainText(
      'Группа сформирована из педагогов одной организации',
    );
    const places = await c.manager.get<PlacesBreakdown>(`/courses/${courseId}/places`);
    expect(places.placesLeft).toBe(1);
  } finally {
    await Promise.all(Object.values(c).map((client) => client.dispose()));
  }
});

test('a methodist applies for a teacher of her territory from the course page', async ({
  browser,
  baseURL,
}) => {
  test.slow();
  const c = await signInAll(baseURL ?? '');
  try {
    const title = unique('Патриотическое воспитание дошкольников');
    const courseId = await publishCourse(c.manager, title, 5);
    const [teacher] = await freeTeachers(c, courseId, 1);
    if (!teacher) throw new Error('no teacher');
    const surname = teacher.fullName.split(' ')[0] ?? teacher.fullName;

    const methodist = await pageAs(browser, baseURL ?? '', 'methodist');
    await methodist.goto(`/catalog/${courseId}`);
    await methodist.getByRole('button', { name: 'Подать заявку за педагога' }).click();
    const dialog = methodist.getByRole('dialog', { name: 'Подать заявку за педагога' });
    await dialog.getByRole('combobox', { name: 'Педагог' }).fill(surname);
    await methodist
      .getByRole('option', { name: new RegExp(teacher.fullName) })
      .first()
      .click();
    await dialog.getByRole('button', { name: 'Подать заявку', exact: true }).click();
    await expect(dialog).toHaveCount(0);
    await expect(methodist.getByText('Заявка в вашей копилке; педагог получил уведомление.')).toBeVisible();

    await methodist.goto(`/baskets/methodist?courseId=${courseId}`);
    await expect(row(methodist, teacher.fullName)).toContainText('Подана');
  } finally {
    await Promise.all(Object.values(c).map((client) => client.dispose()));
  }
});
