// Issue 1,000 documents at once and print them to one PDF, through the app (its manager's session),
// beside pdfkit's bare rate on this machine: a loop drawing comparable pages (the same A4 landscape
// layout, fonts, sizes, alignment, lines and a QR code's squares) with no database, no snapshot and
// no QR encoding, measured in the same run.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Database } from '../src/server/db/database.js';
import { openSessions } from './applications.js';

export const PRINT = { documents: 1000, notCompleted: 50 };

/**
 * A finished course of the last department with 1,000 learners with a result (950 completed, 50
 * not: 50 справки), their profiles holding what the documents need; the provider gets signatories
 * and requisites. Returns the course and its manager.
 */
export async function createPrintCourse(db: Database, today: string) {
  const { rows } = await sql<{ id: number; managerId: number; departmentId: number }>`
    INSERT INTO courses (program_id, department_id, manager_id, starts_on, ends_on, apply_until, capacity, place,
                         status, published_at, created_at, updated_at)
    SELECT p.id, p.department_id, m.user_id, ${today}::date - 20, ${today}::date - 10, ${today}::date - 27,
           ${PRINT.documents}::int, 'г. Пермь, ул. Учебная, 1, актовый зал', 'finished',
           (${today}::date - 60)::timestamptz, (${today}::date - 61)::timestamptz, (${today}::date - 10)::timestamptz
      FROM programs p JOIN user_roles m ON m.role = 'manager' AND m.department_id = p.department_id
     WHERE p.kind = 'qualification'
     ORDER BY p.department_id DESC, p.id DESC LIMIT 1
    RETURNING id, manager_id, department_id`.execute(db);
  const course = rows[0];
  if (!course) throw new Error('нет программы для курса печати');
  await sql`
    UPDATE providers SET city = 'Пермь', inn = '5902290988', ogrn = '1025900522544', blank_series = '59 ПК',
           signatories = '[{"position": "Ректор", "name": "И. В. Соколов"}, {"position": "Секретарь", "name": "О. П. Петрова"}]'::jsonb
     WHERE id = (SELECT provider_id FROM departments WHERE id = ${course.departmentId}::int)`.execute(db);
  await sql`
    INSERT INTO study_groups (course_id, provider_id, year, number, created_by, created_at, updated_at)
    SELECT c.id, d.provider_id, extract(year FROM c.starts_on)::int, d.code || '-' || extract(year FROM c.starts_on)::int || '-' || c.id,
           c.manager_id, c.starts_on + time '12:00', c.starts_on + time '12:00'
      FROM courses c JOIN departments d ON d.id = c.department_id WHERE c.id = ${course.id}::int`.execute(db);
  await sql`
    INSERT INTO applications (course_id, department_id, teacher_id, territory_id, organization_id, status, reason,
                              group_id, created_by, created_at, updated_at)
    SELECT c.id, c.department_id, t.user_id, t.territory_id, t.organization_id,
           CASE WHEN t.i < ${PRINT.notCompleted}::int THEN 'not_completed' ELSE 'completed' END,
           CASE WHEN t.i < ${PRINT.notCompleted}::int THEN 'Итоговая работа не защищена' END,
           g.id, t.user_id, c.published_at + interval '1 day', c.ends_on + time '17:00'
      FROM courses c JOIN study_groups g ON g.course_id = c.id
      JOIN (SELECT tp.user_id, tp.organization_id, o.territory_id, row_number() OVER (ORDER BY tp.user_id DESC) - 1 AS i
              FROM teacher_profiles tp JOIN organizations o ON o.id = tp.organization_id) t ON t.i < ${PRINT.documents}::int
     WHERE c.id = ${course.id}::int`.execute(db);
  await sql`
    UPDATE teacher_profiles tp
       SET birth_date = date '1970-01-01' + (tp.user_id % 9000), sex = CASE WHEN u.login ~ '[05]$' THEN 'male' ELSE 'female' END,
           snils = lpad((10000000000 + tp.user_id::bigint * 7919 % 89999999999)::text, 11, '0'),
           education_level = 'higher', diploma_surname = u.last_name, diploma_series = '1059',
           diploma_number = lpad(tp.user_id::text, 7, '0')
      FROM users u, applications a
     WHERE u.id = tp.user_id AND a.teacher_id = tp.user_id AND a.course_id = ${course.id}::int`.execute(db);
  return course;
}

export type PrintReport = {
  documents: number;
  pages: number;
  bytes: number;
  issueSeconds: number;
  printSeconds: number;
  bareSeconds: number;
  barePages: number;
};

const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');

/** pdfkit alone: `n` pages drawn as the app's document page is, from constant data. */
export function barePdf(n: number): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 0, autoFirstPage: false });
  doc.registerFont('regular', readFileSync(join(fontDir, 'DejaVuSerif.ttf')));
  doc.registerFont('bold', readFileSync(join(fontDir, 'DejaVuSerif-Bold.ttf')));
  doc.registerFont('sans', readFileSync(join(fontDir, 'DejaVuSans.ttf')));
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const { modules } = QRCode.create('https://ebppk.example.ru/verify/2026-00001', {
    errorCorrectionLevel: 'M',
  });
  for (let i = 0; i < n; i++) {
    doc.addPage();
    const W = doc.page.width;
    const H = doc.page.height;
    doc
      .lineWidth(1.5)
      .rect(20, 20, W - 40, H - 40)
      .stroke();
    doc
      .font('bold')
      .fontSize(13)
      .text('Институт развития образования № 10', 40, 40, { width: W - 80, align: 'center' });
    doc
      .font('regular')
      .fontSize(9)
      .text(
        'Лицензия № 59Л01 1010 от 01.03.2016 · ИНН 5902290988 · ОГРН 1025900522544 · г. Пермь, ул. Учебная, 10',
        {
          width: W - 80,
          align: 'center',
        },
      );
    doc.font('bold').fontSize(20).text('УДОСТОВЕРЕНИЕ', 50, 130, { width: 230, align: 'center' });
    doc.font('regular').fontSize(10).text('о повышении квалификации', { width: 230, align: 'center' });
    const number = `2026-${String(i + 1).padStart(5, '0')}`;
    for (const [k, line] of [
      `Серия 59 ПК № 26${String(i + 1).padStart(5, '0')}`,
      `Регистрационный номер ${number}`,
      'Город Пермь',
      'Дата выдачи 06.12.2026',
      'Группа К40-2026-6021',
    ].entries())
      doc.text(line, 50, k === 0 ? 200 : undefined, { width: 230, align: 'center' });
    const cell = 110 / (modules.size + 8);
    for (let r = 0; r < modules.size; r++)
      for (let c = 0; c < modules.size; c++)
        if (modules.get(r, c)) doc.rect(110 + (4 + c) * cell, 395 + (4 + r) * cell, cell, cell);
    doc.fillColor('black').fill();
    const url = `https://ebppk.example.ru/verify/${number}`;
    doc
      .font('sans')
      .fontSize(7)
      .text('Проверить подлинность:', 50, 507, { width: 230, align: 'center' })
      .text(url, { width: 230, align: 'center', link: url });
    const x = 320;
    const w = W - x - 50;
    doc
      .moveTo(300, 120)
      .lineTo(300, H - 60)
      .lineWidth(0.5)
      .stroke();
    doc
      .font('regular')
      .fontSize(12)
      .text('Настоящее удостоверение свидетельствует о том, что', x, 130, { width: w, align: 'center' });
    doc
      .moveDown(0.6)
      .font('bold')
      .fontSize(18)
      .text(`Иванова Анна Сергеевна ${i}`, { width: w, align: 'center' });
    doc
      .moveDown(0.6)
      .font('regular')
      .fontSize(12)
      .text(
        'с 16.11.2026 по 26.11.2026 прошла повышение квалификации в Институт развития образования № 10 по дополнительной профессиональной программе',
        { width: w, align: 'center' },
      );
    doc
      .moveDown(0.5)
      .font('bold')
      .fontSize(14)
      .text('«Учитель математики: формирование функциональной грамотности (программа 1500)»', {
        width: w,
        align: 'center',
      });
    doc
      .moveDown(0.5)
      .font('regular')
      .fontSize(12)
      .text('в объёме 72 часа, форма обучения — очная', { width: w, align: 'center' });
    doc
      .moveDown(0.3)
      .fontSize(9)
      .fillColor('#444')
      .text('Удостоверение о повышении квалификации', { width: w, align: 'center' });
    doc.fillColor('black');
    let y = H - 70 - 56;
    for (const [position, name] of [
      ['Ректор', 'И. В. Соколов'],
      ['Секретарь', 'О. П. Петрова'],
    ]) {
      doc
        .font('regular')
        .fontSize(10)
        .text(position ?? '', x, y, { width: w * 0.45 });
      doc.text('________________', x + w * 0.47, y, { width: w * 0.2 });
      doc.text(name ?? '', x + w * 0.68, y, { width: w * 0.32 });
      y += 28;
    }
    doc.fontSize(9).text('М. П.', x, y, { width: w * 0.45 });
  }
  doc.end();
  return done;
}

const pagesIn = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;

/** Issues the print course's documents through the app and downloads them as one PDF, timed. */
export async function printCertificates(
  db: Database,
  appUrl: string,
  now: Date,
  course: { id: number; managerId: number },
): Promise<PrintReport> {
  // pdfkit warmed up (fonts parsed, code compiled) before either is measured.
  await barePdf(20);
  const bareStarted = performance.now();
  const bare = await barePdf(PRINT.documents);
  const bareSeconds = (performance.now() - bareStarted) / 1000;

  const [cookie] = await openSessions(db, [course.managerId], now);
  const headers = { cookie: cookie ?? '', 'content-type': 'application/json', 'x-requested-with': 'ebppk' };
  const started = performance.now();
  const issued = await fetch(`${appUrl}/api/v1/courses/${course.id}/certificates`, {
    method: 'POST',
    headers,
    body: '{}',
  });
  const issueText = await issued.text();
  if (issued.status >= 300) throw new Error(`выдача документов: ${issued.status} ${issueText.slice(0, 300)}`);
  const items = (JSON.parse(issueText) as { items: unknown[] }).items.length;
  if (items !== PRINT.documents)
    throw new Error(`выдано ${items} документов из ${PRINT.documents}: ${issueText.slice(0, 300)}`);
  const issuedAt = performance.now();
  const printed = await fetch(`${appUrl}/api/v1/courses/${course.id}/documents/certificates.pdf`, {
    headers,
  });
  const pdf = Buffer.from(await printed.arrayBuffer());
  if (printed.status !== 200)
    throw new Error(`печать документов: ${printed.status} ${pdf.toString('utf8', 0, 300)}`);
  const printedAt = performance.now();
  return {
    documents: items,
    pages: pagesIn(pdf),
    bytes: pdf.length,
    issueSeconds: (issuedAt - started) / 1000,
    printSeconds: (printedAt - issuedAt) / 1000,
    bareSeconds,
    barePages: pagesIn(bare),
  };
}
