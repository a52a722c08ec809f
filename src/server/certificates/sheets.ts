// The course's sheets as PDF (pdfkit, DejaVu fonts), A4 landscape: the attendance sheet (the
// journal's grid of the group's learners by days of study, with each day's mark) and the final
// assessment record (the learners and their results), each under the provider's heading and
// ending with the signatures' lines.
import PDFDocument from 'pdfkit';
import { CERTIFICATE_KIND_LABELS } from '../../contract/certificates.js';
import type { CourseDocumentsData } from './lists.js';
import { programKindPhrase } from './orders.js';
import { FONTS, FORM_LABELS } from './pdf.js';
import { fullNameOf, ruDate } from './snapshot.js';

const M = 36;
const MARK_SIGN = { present: '+', absent: 'н', excused: 'у' } as const;

function open(title: string) {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: M,
    info: { Title: title, Creator: 'ЕБППК' },
    lang: 'ru-RU',
  });
  doc.registerFont('regular', FONTS.sans);
  doc.registerFont('bold', FONTS.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}

/** The provider, the sheet's title and what course it is of. */
function heading(doc: PDFKit.PDFDocument, data: CourseDocumentsData, title: string) {
  const W = doc.page.width - 2 * M;
  const pr = data.course.program;
  doc.font('bold').fontSize(11).text(data.provider.name, M, M, { width: W, align: 'center' });
  doc.moveDown(0.6).fontSize(14).text(title, { width: W, align: 'center' });
  doc
    .moveDown(0.4)
    .font('regular')
    .fontSize(9)
    .text(
      `Дополнительная профессиональная программа ${programKindPhrase(pr.kind)} «${pr.title}», ` +
        `${pr.hours} ч., форма обучения — ${FORM_LABELS[pr.form]}. ` +
        `Сроки обучения: ${ruDate(data.course.startsOn)} – ${ruDate(data.course.endsOn)}. ` +
        `Группа № ${data.groups.join(', ')}.`,
      { width: W, align: 'center' },
    );
  doc.moveDown(0.8);
}

type Column = { header: string; width: number; align?: 'left' | 'center' };

/** A bordered table from the current position; a new page (with the header again) when full. */
function drawTable(doc: PDFKit.PDFDocument, columns: Column[], rows: string[][], fontSize = 8) {
  const pad = 2;
  const heightOf = (cells: string[], font: string) => {
    doc.font(font).fontSize(fontSize);
    return (
      Math.max(
        ...cells.map((v, i) => doc.heightOfString(v || ' ', { width: (columns[i]?.width ?? 20) - 2 * pad })),
      ) +
      2 * pad
    );
  };
  const drawRow = (cells: string[], font: string, y: number, h: number) => {
    let x = M;
    doc.font(font).fontSize(fontSize);
    cells.forEach((v, i) => {
      const c = columns[i] as Column;
      doc.lineWidth(0.5).rect(x, y, c.width, h).stroke();
      doc.text(v, x + pad, y + pad, { width: c.width - 2 * pad, align: c.align ?? 'left' });
      x += c.width;
    });
  };
  const bottom = doc.page.height - M - 60;
  const headers = columns.map((c) => c.header);
  const headerHeight = heightOf(headers, 'bold');
  let y = doc.y;
  drawRow(headers, 'bold', y, headerHeight);
  y += headerHeight;
  for (const row of rows) {
    const h = heightOf(row, 'regular');
    if (y + h > bottom) {
      doc.addPage();
      y = M;
      drawRow(headers, 'bold', y, headerHeight);
      y += headerHeight;
    }
    drawRow(row, 'regular', y, h);
    y += h;
  }
  doc.x = M;
  doc.y = y + 10;
}

/** The signatories' lines (the provider's card), the date line last. */
function signatures(doc: PDFKit.PDFDocument, data: CourseDocumentsData, extra: string[] = []) {
  const W = doc.page.width - 2 * M;
  const lines = [...extra.map((position) => ({ position, name: '' })), ...data.provider.signatories];
  if (doc.y + 26 * (lines.length + 1) > doc.page.height - M) doc.addPage();
  let y = doc.y + 8;
  doc.font('regular').fontSize(9);
  for (const s of lines) {
    doc.text(s.position, M, y, { width: W * 0.4 });
    doc.text('____________________ / ______________________', M + W * 0.42, y, { width: W * 0.35 });
    doc.text(s.name, M + W * 0.78, y, { width: W * 0.22 });
    y += 24;
  }
  doc.text('Дата: «___» ______________ 20___ г.', M, y, { width: W });
}

/** Days per page of the grid: the names and totals keep their width, the days share the rest. */
const DAYS_PER_PAGE = 24;

/** The attendance sheet: learners × days of study, «+» present, «н» absent, «у» excused. */
export async function renderAttendanceSheet(data: CourseDocumentsData): Promise<Buffer> {
  const { doc, done } = open('Ведомость посещаемости');
  const learners = data.members.filter((m) => m.status !== 'no_show');
  const chunks: string[][] = [];
  for (let i = 0; i < Math.max(1, data.days.length); i += DAYS_PER_PAGE)
    chunks.push(data.days.slice(i, i + DAYS_PER_PAGE));
  chunks.forEach((days, part) => {
    if (part > 0) doc.addPage();
    heading(doc, data, 'ВЕДОМОСТЬ ПОСЕЩАЕМОСТИ ЗАНЯТИЙ');
    const last = part === chunks.length - 1;
    const W = doc.page.width - 2 * M;
    const fixed = 22 + 150 + (last ? 3 * 26 : 0);
    const dayWidth = days.length ? Math.min(30, (W - fixed) / days.length) : 0;
    const columns: Column[] = [
      { header: '№', width: 22, align: 'center' },
      { header: 'Фамилия, имя, отчество', width: 150 },
      ...days.map((d) => ({
        header: `${d.slice(8, 10)}.${d.slice(5, 7)}`,
        width: dayWidth,
        align: 'center' as const,
      })),
      ...(last
        ? [
            { header: 'Был', width: 26, align: 'center' as const },
            { header: 'Н', width: 26, align: 'center' as const },
            { header: 'У', width: 26, align: 'center' as const },
          ]
        : []),
    ];
    const rows = learners.map((m, i) => {
      const marks = data.marks.get(m.applicationId);
      const all = [...(marks?.values() ?? [])];
      const count = (mark: string) => String(all.filter((v) => v === mark).length);
      return [
        String(i + 1),
        fullNameOf(m),
        ...days.map((d) => {
          const mark = marks?.get(d);
          return mark ? MARK_SIGN[mark] : '';
        }),
        ...(last ? [count('present'), count('absent'), count('excused')] : []),
      ];
    });
    drawTable(doc, columns, rows, 7.5);
  });
  doc
    .font('regular')
    .fontSize(8)
    .text(
      'Обозначения: «+» — присутствовал(а), «н» — отсутствовал(а), «у» — отсутствовал(а) по уважительной причине.',
      M,
      doc.y,
      {
        width: doc.page.width - 2 * M,
      },
    );
  signatures(doc, data, ['Куратор группы']);
  doc.end();
  return done;
}

const RESULT = {
  completed: 'Аттестован(а), обучение завершено',
  not_completed: 'Не аттестован(а), отчислен(а)',
} as const;

/** The final assessment record: the learners, their results and documents, the commission's signatures. */
export async function renderFinalRecord(data: CourseDocumentsData): Promise<Buffer> {
  const { doc, done } = open('Ведомость итоговой аттестации');
  heading(doc, data, 'ВЕДОМОСТЬ ИТОГОВОЙ АТТЕСТАЦИИ');
  const learners = data.members.filter((m) => m.status !== 'no_show' && m.status !== 'forwarded');
  drawTable(
    doc,
    [
      { header: '№', width: 24, align: 'center' },
      { header: 'Фамилия, имя, отчество', width: 170 },
      { header: 'Организация', width: 210 },
      { header: 'Результат итоговой аттестации', width: 150 },
      { header: 'Причина', width: 110 },
      { header: 'Документ, рег. номер', width: 105 },
    ],
    learners.map((m, i) => [
      String(i + 1),
      fullNameOf(m),
      m.organization,
      m.status === 'completed' || m.status === 'not_completed' ? RESULT[m.status] : 'Результат не выставлен',
      m.status === 'not_completed' ? (m.reason ?? '') : '',
      m.documentNumber
        ? `${m.documentKind ? CERTIFICATE_KIND_LABELS[m.documentKind] : ''} ${m.documentNumber}`
        : '',
    ]),
  );
  const completed = learners.filter((m) => m.status === 'completed').length;
  const failed = learners.filter((m) => m.status === 'not_completed').length;
  doc
    .font('regular')
    .fontSize(9)
    .text(
      `Всего слушателей: ${learners.length}; аттестованы: ${completed}; не аттестованы: ${failed}.`,
      M,
      doc.y,
      {
        width: doc.page.width - 2 * M,
      },
    );
  signatures(doc, data, ['Председатель аттестационной комиссии', 'Член комиссии']);
  doc.end();
  return done;
}
