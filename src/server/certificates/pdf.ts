// Documents as PDF (pdfkit, DejaVu fonts for Cyrillic): A4 landscape, one page a document, with the
// provider's requisites, the holder, the program, the registration number, the issue date, the
// signatories and a QR code that opens the public check page of the number.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { CERTIFICATE_KIND_LABELS } from '../../contract/certificates.js';
import { fullNameOf, type IssuedDocument, ruDate } from './snapshot.js';

const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
/** Read once: the font files are constant data of the package. */
export const FONTS = {
  regular: readFileSync(join(fontDir, 'DejaVuSerif.ttf')),
  bold: readFileSync(join(fontDir, 'DejaVuSerif-Bold.ttf')),
  sans: readFileSync(join(fontDir, 'DejaVuSans.ttf')),
};

export const FORM_LABELS = { full_time: 'очная', mixed: 'очно-заочная', extramural: 'заочная' } as const;

/** The public check page of a number. */
export const verifyUrl = (origin: string, number: string) => `${origin}/verify/${encodeURIComponent(number)}`;

/** The QR code of `text` drawn as squares: vector, sharp at any zoom, no image to embed. */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number) {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const cell = size / (modules.size + 8);
  const left = x + 4 * cell;
  const top = y + 4 * cell;
  for (let r = 0; r < modules.size; r++)
    for (let c = 0; c < modules.size; c++)
      if (modules.get(r, c)) doc.rect(left + c * cell, top + r * cell, cell, cell);
  doc.fillColor('black').fill();
}

const hoursWord = (n: number) => {
  const tens = n % 100;
  const ones = n % 10;
  if (tens >= 11 && tens <= 14) return 'часов';
  if (ones === 1) return 'час';
  if (ones >= 2 && ones <= 4) return 'часа';
  return 'часов';
};

function page(doc: PDFKit.PDFDocument, d: IssuedDocument, origin: string) {
  const s = d.snapshot;
  const female = s.holder.sex === 'female';
  const W = doc.page.width;
  const H = doc.page.height;
  const M = 40;
  doc
    .lineWidth(1.5)
    .rect(M / 2, M / 2, W - M, H - M)
    .stroke();
  // The provider and its requisites.
  doc
    .font('bold')
    .fontSize(13)
    .text(s.provider.name, M, M, { width: W - 2 * M, align: 'center' });
  const requisites = [
    `Лицензия № ${s.provider.licenseNumber} от ${ruDate(s.provider.licenseDate)}`,
    s.provider.inn ? `ИНН ${s.provider.inn}` : null,
    s.provider.ogrn ? `ОГРН ${s.provider.ogrn}` : null,
    s.provider.address,
  ].filter(Boolean);
  doc
    .font('regular')
    .fontSize(9)
    .text(requisites.join(' · '), { width: W - 2 * M, align: 'center' });

  // Left: the register.
  const leftX = M + 10;
  const leftW = 230;
  let y = 130;
  doc
    .font('bold')
    .fontSize(20)
    .text(d.kind === 'spravka' ? 'СПРАВКА' : d.kind === 'diploma' ? 'ДИПЛОМ' : 'УДОСТОВЕРЕНИЕ', leftX, y, {
      width: leftW,
      align: 'center',
    });
  doc
    .font('regular')
    .fontSize(10)
    .text(
      d.kind === 'spravka'
        ? 'об обучении'
        : d.kind === 'diploma'
          ? 'о профессиональной переподготовке'
          : 'о повышении квалификации',
      { width: leftW, align: 'center' },
    );
  y = doc.y + 14;
  const register = [
    `Серия ${d.blankSeries ?? '—'} № ${d.blankNumber}`,
    `Регистрационный номер ${d.registrationNumber}`,
    s.provider.city ? `Город ${s.provider.city}` : null,
    `Дата выдачи ${ruDate(d.issuedOn)}`,
    s.course.groupNumber ? `Группа ${s.course.groupNumber}` : null,
  ].filter((v): v is string => Boolean(v));
  doc.fontSize(10);
  register.forEach((line, i) => {
    doc.text(line, leftX, i === 0 ? y : undefined, { width: leftW, align: 'center' });
  });
  const url = verifyUrl(origin, d.registrationNumber);
  const qrSize = 110;
  const qrY = H - M - qrSize - 40;
  drawQr(doc, url, leftX + (leftW - qrSize) / 2, qrY, qrSize);
  doc
    .font('sans')
    .fontSize(7)
    .text('Проверить подлинность:', leftX, qrY + qrSize + 2, { width: leftW, align: 'center' })
    .text(url, { width: leftW, align: 'center', link: url });

  // Right: the text of the document.
  const rightX = M + leftW + 40;
  const rightW = W - rightX - M - 10;
  doc
    .moveTo(rightX - 20, 120)
    .lineTo(rightX - 20, H - M - 20)
    .lineWidth(0.5)
    .stroke();
  const name = fullNameOf(s.holder);
  const period = `с ${ruDate(s.course.startsOn)} по ${ruDate(s.course.endsOn)}`;
  const hours = `${s.program.hours} ${hoursWord(s.program.hours)}`;
  doc.font('regular').fontSize(12);
  const opening =
    d.kind === 'spravka'
      ? 'Настоящая справка выдана'
      : d.kind === 'diploma'
        ? 'Настоящий диплом свидетельствует о том, что'
        : 'Настоящее удостоверение свидетельствует о том, что';
  doc.text(opening, rightX, 130, { width: rightW, align: 'center' });
  doc.moveDown(0.6).font('bold').fontSize(18).text(name, { width: rightW, align: 'center' });
  doc.moveDown(0.6).font('regular').fontSize(12);
  if (d.kind === 'spravka') {
    doc.text(
      `в том, что ${female ? 'она обучалась' : 'он обучался'} ${period} в ${s.provider.name} по дополнительной профессиональной программе ${s.program.kind === 'retraining' ? 'профессиональной переподготовки' : 'повышения квалификации'}`,
      { width: rightW, align: 'center' },
    );
  } else {
    doc.text(
      `${period} ${female ? 'прошла' : 'прошёл'} ${s.program.kind === 'retraining' ? 'профессиональную переподготовку' : 'повышение квалификации'} в ${s.provider.name} по дополнительной профессиональной программе`,
      { width: rightW, align: 'center' },
    );
  }
  doc
    .moveDown(0.5)
    .font('bold')
    .fontSize(14)
    .text(`«${s.program.title}»`, { width: rightW, align: 'center' });
  doc
    .moveDown(0.5)
    .font('regular')
    .fontSize(12)
    .text(`в объёме ${hours}, форма обучения — ${FORM_LABELS[s.program.form]}`, {
      width: rightW,
      align: 'center',
    });
  if (d.kind === 'spravka')
    doc
      .moveDown(0.5)
      .text(`Итоговую аттестацию ${female ? 'не прошла' : 'не прошёл'}, обучение не завершено.`, {
        width: rightW,
        align: 'center',
      });
  doc
    .moveDown(0.3)
    .fontSize(9)
    .fillColor('#444')
    .text(CERTIFICATE_KIND_LABELS[d.kind], { width: rightW, align: 'center' });
  doc.fillColor('black');

  // The signatories, bottom right.
  let sy = H - M - 30 - 28 * Math.max(s.signatories.length, 1);
  for (const signer of s.signatories) {
    doc
      .font('regular')
      .fontSize(10)
      .text(signer.position, rightX, sy, { width: rightW * 0.45 });
    doc.text('________________', rightX + rightW * 0.47, sy, { width: rightW * 0.2 });
    doc.text(signer.name, rightX + rightW * 0.68, sy, { width: rightW * 0.32 });
    sy += 28;
  }
  doc.fontSize(9).text('М. П.', rightX, sy, { width: rightW * 0.45 });
  if (d.revokedAt) {
    doc
      .save()
      .rotate(-20, { origin: [W / 2, H / 2] })
      .font('bold')
      .fontSize(60)
      .fillColor('#c00000', 0.35)
      .text('АННУЛИРОВАН', 0, H / 2 - 40, { width: W, align: 'center' })
      .restore();
    doc.fillColor('black', 1);
  }
}

/** The documents, one page each, as one PDF. */
/** Told how many pages are done, now and then (a job shows it as its progress). */
type OnPages = (done: number) => Promise<void>;
const PAGES_PER_REPORT = 25;

export async function renderDocuments(
  documents: IssuedDocument[],
  origin: string,
  title: string,
  onPages?: OnPages,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    autoFirstPage: false,
    info: { Title: title, Creator: 'ЕБППК' },
    lang: 'ru-RU',
  });
  doc.registerFont('regular', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);
  doc.registerFont('sans', FONTS.sans);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const [i, d] of documents.entries()) {
    doc.addPage();
    page(doc, d, origin);
    if (onPages && (i + 1) % PAGES_PER_REPORT === 0) await onPages(i + 1);
  }
  if (documents.length === 0) doc.addPage().font('regular').fontSize(14).text('Документов нет', 60, 60);
  doc.end();
  return done;
}
