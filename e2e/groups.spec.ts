// The course workspace's tabs after applications close: a manager opens a running course of her
// department, moves between the course, its groups and its results (the tab stays in the address),
// and each tab says what it holds. Forming a group needs first-day marks, which the demo does not
// hold yet; the server's rules are covered by the route tests.
import { expect, test } from './support/fixtures';

type Page<T> = { items: T[]; total: number };

test('a manager moves between the course, its groups and its results', async ({ page, signInAs }) => {
  await signInAs('manager');
  const res = await page.request.get('/api/v1/courses', { params: { status: 'running', limit: 1 } });
  expect(res.ok()).toBe(true);
  const [course] = ((await res.json()) as Page<{ id: string; program: { title: string } }>).items;
  expect(course, 'the demo holds a running course of the manager’s department').toBeDefined();
  if (!course) return;

  await page.goto(`/workspace/courses/${course.id}`);
  const tabs = page.getByRole('tablist', { name: 'Разделы курса' });
  await expect(tabs.getByRole('tab', { name: 'Курс' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('region', { name: 'Состояние курса' })).toContainText('Идёт обучение');

  await tabs.getByRole('tab', { name: 'Группы' }).click();
  await expect(page).toHaveURL(/\?tab=groups$/);
  await expect(page.getByRole('heading', { name: 'Ждут зачисления' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Группы обучающихся' })).toBeVisible();

  await tabs.getByRole('tab', { name: 'Итоги' }).click();
  await expect(page).toHaveURL(/\?tab=results$/);
  await expect(page.getByRole('heading', { name: 'Итоги обучения' })).toBeVisible();

  // The tab is in the address: a reload keeps it, and the course's own tab drops it.
  await page.reload();
  await expect(tabs.getByRole('tab', { name: 'Итоги' })).toHaveAttribute('aria-selected', 'true');
  await tabs.getByRole('tab', { name: 'Курс' }).click();
  await expect(page).toHaveURL(new RegExp(`/workspace/courses/${course.id}$`));
});
