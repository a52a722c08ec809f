// A teacher completes the data documents need; a methodist and a course manager talk in the
// thread of a course and a territory.
import { expectAccessible } from './support/a11y';
import { expect, test, unique } from './support/fixtures';

test('a teacher sees what documents still need and fills it in, the СНИЛС checked', async ({
  page,
  signInAs,
}) => {
  await signInAs('teacher');
  await page.goto('/profile');
  await expect(
    page.getByText(/Для документов об обучении не хватает: СНИЛС, фамилии в дипломе/),
  ).toBeVisible();
  const snils = page.getByRole('textbox', { name: 'СНИЛС' });
  await snils.fill('123-456-789 65');
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await expect(
    page.getByText('Неверный СНИЛС: не сходится контрольное число. Проверьте цифры'),
  ).toBeVisible();
  await snils.fill('123-456-789 64');
  await page.getByRole('textbox', { name: 'Фамилия в дипломе' }).fill('Петрова');
  await page.getByRole('textbox', { name: 'Серия диплома' }).fill('105924');
  await page.getByRole('textbox', { name: 'Номер диплома' }).fill('0123456');
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await expect(page.getByText('Данные для документов заполнены')).toBeVisible();
  await page.reload();
  await expect(snils).toHaveValue('123-456-789 64');
});

test('a methodist answers in a thread; the manager sees it unread, then read', async ({ page, signInAs }) => {
  await signInAs('methodist');
  await page.goto('/cabinet');
  await page.getByRole('link', { name: 'Переписка', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Переписка', level: 1 })).toBeVisible();
  // The demo's manager wrote last in one thread: unread for the methodist.
  await expect(page.getByLabel(/непрочитанн/).first()).toBeVisible();
  await page.getByRole('row').nth(1).getByRole('link').click();
  await expect(page.getByRole('heading', { name: 'Переписка по курсу', level: 1 })).toBeVisible();
  await expectAccessible(page, 'a conversation thread');
  const text = unique('Спасибо, передам педагогам');
  await page.getByRole('textbox', { name: 'Сообщение' }).fill(text);
  await page.getByRole('button', { name: 'Отправить' }).click();
  await expect(page.getByText(text)).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Сообщение' })).toHaveValue('');

  await page.context().clearCookies();
  await signInAs('manager');
  await page.goto('/conversations');
  const row = page.getByRole('row').filter({ hasText: text });
  await expect(row.getByLabel(/непрочитанн/)).toBeVisible();
  await row.getByRole('link').click();
  await expect(page.getByText(text)).toBeVisible();
  await page.goto('/conversations');
  await expect(
    page
      .getByRole('row')
      .filter({ hasText: text })
      .getByLabel(/непрочитанн/),
  ).toHaveCount(0);
});

test('a teacher may not open conversations', async ({ page, signInAs }) => {
  await signInAs('teacher');
  await page.goto('/conversations');
  await expect(page.getByRole('heading', { name: 'Нет доступа' })).toBeVisible();
});
