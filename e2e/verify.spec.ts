// A department issues documents to a finished course's learners (through the API, as the demo
// manager); the link printed under the document's QR code opens the public check, where a visitor
// with no login sees that the number is genuine and whose it is; an unknown number is refused.
import type { CourseSummary } from '../src/contract/catalog';
import type { CourseCertificates, Issued } from '../src/contract/certificates';
import type { Page } from '../src/contract/common';
import { pdfText } from '../test/documents';
import { expectAccessible } from './support/a11y';
import { ApiClient } from './support/api';
import { DEMO_PASSWORD, DEMO_USERS } from './support/demo';
import { expect, test } from './support/fixtures';

/** A valid document of one of the manager's finished courses, issued now if none has one yet. */
async function someDocument(manager: ApiClient) {
  const courses = await manager.get<Page<CourseSummary>>('/courses', { status: 'finished', limit: 50 });
  for (const course of courses.items) {
    const register = await manager.get<CourseCertificates>(`/courses/${course.id}/certificates`);
    for (const learner of register.items) {
      const document = learner.documents.find((d) => !d.revokedAt);
      if (document) return { learner, document };
    }
    const ready = register.items.filter((l) => l.missing.length === 0);
    if (!register.abilities.issue || ready.length === 0) continue;
    const issued = await manager.post<Issued>(`/courses/${course.id}/certificates`, {
      applicationIds: ready.map((l) => l.applicationId),
    });
    const first = issued.items[0];
    const learner = ready.find((l) => l.applicationId === first?.applicationId);
    if (first && learner)
      return { learner, document: { id: first.certificateId, registrationNumber: first.registrationNumber } };
  }
  throw new Error('the demo manager has no finished course with a learner ready for documents');
}

test('a visitor opens the link under a document’s QR code and sees that the number is genuine', async ({
  page,
  baseURL,
}) => {
  const manager = await ApiClient.signIn(baseURL ?? '', DEMO_USERS.manager.login, DEMO_PASSWORD);
  let link: string;
  let holder: string;
  let number: string;
  try {
    const { learner, document } = await someDocument(manager);
    number = document.registrationNumber;
    holder = `${learner.lastName} ${learner.firstName.slice(0, 1)}.${learner.middleName ? ` ${learner.middleName.slice(0, 1)}.` : ''}`;
    const pdf = await manager.api.get(`/api/v1/certificates/${document.id}/pdf`);
    expect(pdf.status()).toBe(200);
    const { text } = await pdfText(await pdf.body());
    const found = text.replace(/\s+/g, '').match(/https?:\/\/[A-Za-z0-9.:-]+\/verify\/[A-Za-z0-9%._~-]+/);
    expect(found, 'the link printed under the QR code').not.toBeNull();
    link = found?.[0] ?? '';
    expect(link).toBe(`${baseURL}/verify/${encodeURIComponent(number)}`);
  } finally {
    await manager.dispose();
  }

  // A visitor: no session; the QR code's link.
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Проверка документа об обучении', level: 1 })).toBeVisible();
  const result = page.getByRole('region', { name: `Документ выдан: № ${number}` });
  await expect(result).toBeVisible();
  await expect(
    result.getByRole('row', { name: new RegExp(`Владелец ${holder.replace(/\./g, '\\.')}`) }),
  ).toBeVisible();
  await expect(result.getByRole('row', { name: /Дата выдачи \d{2}\.\d{2}\.\d{4}/ })).toBeVisible();
  await expect(page.getByText('1984')).toHaveCount(0);
  await expectAccessible(page, 'a genuine document');

  // A number that was never issued.
  const field = page.getByRole('textbox', { name: 'Регистрационный номер' });
  await field.fill('1999-99999');
  await page.getByRole('button', { name: 'Проверить' }).click();
  await expect(page).toHaveURL(/\/verify\/1999-99999$/);
  await expect(page.getByText('Документ с таким номером не выдавался')).toBeVisible();
});
