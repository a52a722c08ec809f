// The FIS FRDO upload of continuing-education documents: one sheet, the registry's headers in its
// order, one row per valid certificate or diploma (справки are not in this template), every value
// as text the registry's drop-down lists accept. Headers, value lists and required columns are the
// versioned configuration (frdo/<version>.json): when the registry changes its template, a new
// file is added and `CURRENT` points to it.
import ExcelJS from 'exceljs';
import { formatSnils } from '../../contract/profile.js';
import { Invalid } from '../http/errors.js';
import template2025 from './frdo/2025.json' with { type: 'json' };
import { fullNameOf, type IssuedDocument, ruDate } from './snapshot.js';

type Template = typeof template2025;
export const CURRENT: Template = template2025;
type Key = Template['columns'][number]['key'];

/** The documents the registry takes from this template. */
export const inFrdo = (d: IssuedDocument) => d.kind !== 'spravka' && d.revokedAt === null;

/** One document's row, keyed by column. */
export function frdoRow(d: IssuedDocument, t: Template = CURRENT): Record<string, string> {
  const s = d.snapshot;
  const v = t.values;
  const kind = d.kind === 'diploma' ? 'diploma' : 'certificate';
  const o = s.original;
  const diploma = s.holder.educationLevel === 'higher' || s.holder.educationLevel === 'secondary_vocational';
  const row: Record<Key, string> = {
    documentKind: v.documentKind[kind],
    documentStatus: o ? v.documentStatus.duplicate : v.documentStatus.original,
    lossConfirmed: v.yesNo.no,
    exchangeConfirmed: o ? v.yesNo.yes : v.yesNo.no,
    destructionConfirmed: v.yesNo.no,
    blankSeries: d.blankSeries ?? v.noSeries,
    blankNumber: d.blankNumber,
    issuedOn: ruDate(d.issuedOn),
    registrationNumber: d.registrationNumber,
    programKind: v.programKind[s.program.kind],
    programTitle: s.program.title,
    professionalField: '',
    specialtyGroup: '',
    qualification: '',
    educationLevel: s.holder.educationLevel ? v.educationLevel[s.holder.educationLevel] : '',
    diplomaSurname: diploma ? (s.holder.diplomaSurname ?? '') : '',
    diplomaSeries: diploma ? (s.holder.diplomaSeries ?? '') : '',
    diplomaNumber: diploma ? (s.holder.diplomaNumber ?? '') : '',
    startYear: s.course.startsOn.slice(0, 4),
    endYear: s.course.endsOn.slice(0, 4),
    hours: String(s.program.hours),
    lastName: s.holder.lastName,
    firstName: s.holder.firstName,
    middleName: s.holder.middleName ?? '',
    birthDate: ruDate(s.holder.birthDate),
    sex: s.holder.sex ? v.sex[s.holder.sex] : '',
    snils: s.holder.snils ? formatSnils(s.holder.snils) : '',
    form: v.form[s.program.form],
    funding: v.funding[s.funding],
    studyPlace: v.studyPlace.inside,
    citizenship: v.citizenshipRussia,
    originalName: o ? v.documentKind[o.kind === 'diploma' ? 'diploma' : 'certificate'] : '',
    originalSeries: o ? (o.blankSeries ?? v.noSeries) : '',
    originalNumber: o?.blankNumber ?? '',
    originalRegistrationNumber: o?.registrationNumber ?? '',
    originalIssuedOn: o ? ruDate(o.issuedOn) : '',
    originalLastName: o?.lastName ?? '',
    originalFirstName: o?.firstName ?? '',
    originalMiddleName: o?.middleName ?? '',
    correctedNumber: '',
  };
  return row;
}

/** The headers of the columns a row lacks, or breaks a rule of the registry in. */
export function frdoProblems(d: IssuedDocument, t: Template = CURRENT): string[] {
  const row = frdoRow(d, t);
  const header = (key: Key) => t.columns.find((c) => c.key === key)?.header ?? key;
  const problems = t.columns.filter((c) => c.required && !row[c.key]).map((c) => c.header);
  const minHours = t.minHours[d.snapshot.program.kind];
  if (d.snapshot.program.hours < minHours) problems.push(header('hours'));
  if (Number(row.endYear) > Number(d.issuedOn.slice(0, 4))) problems.push(header('endYear'));
  if (row.lastName && !/^[А-ЯЁа-яё\s-]+$/.test(row.lastName)) problems.push(header('lastName'));
  return [...new Set(problems)];
}

export const holderOf = (d: IssuedDocument) => fullNameOf(d.snapshot.holder);

/** The documents of an FRDO file with the rows the registry would reject, listed before the download. */
export function frdoCheckOf(documents: IssuedDocument[]) {
  return {
    rows: documents.length,
    problems: documents.flatMap((d) => {
      const columns = frdoProblems(d);
      return columns.length
        ? [
            {
              certificateId: String(d.id),
              registrationNumber: d.registrationNumber,
              holder: holderOf(d),
              columns,
            },
          ]
        : [];
    }),
    version: CURRENT.version,
  };
}

/** The spreadsheet: row 1 the headers, then one row per document; every cell is text. */
export async function renderFrdo(documents: IssuedDocument[], t: Template = CURRENT): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'ЕБППК';
  const sheet = workbook.addWorksheet(t.sheet);
  sheet.columns = t.columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: Math.min(40, Math.max(12, c.header.length / 2)),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const d of documents) {
    const row = sheet.addRow(frdoRow(d, t));
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.numFmt = '@';
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A header as the registry's workbooks spell it in one version or another. */
const normalHeader = (value: unknown) =>
  String(value ?? '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/ё/g, 'е');

const cellText = (value: ExcelJS.CellValue): string => {
  if (value && typeof value === 'object' && 'richText' in value)
    return value.richText.map((r) => r.text).join('');
  return String(value ?? '');
};

/** Rows of a template searched for its header row. */
const HEADER_SEARCH_ROWS = 30;

/**
 * Fills the provider's copy of the registry's template: finds the sheet and row holding the
 * configured headers (in whatever order; columns the configuration does not know stay empty),
 * writes one row per document under it and leaves every other sheet (the value lists) as it was.
 * A template missing a required column is a 422 naming the columns.
 */
export async function fillFrdoTemplate(
  template: Buffer,
  documents: IssuedDocument[],
  t: Template = CURRENT,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(template as unknown as ArrayBuffer);
  } catch {
    throw new Invalid('Шаблон ФРДО не читается как книга Excel (.xlsx)', [
      { field: 'file', message: 'Загрузите шаблон реестра в формате .xlsx' },
    ]);
  }
  const wanted = new Map(t.columns.map((c) => [normalHeader(c.header), c]));
  let best: { sheet: ExcelJS.Worksheet; row: number; columns: Map<string, number> } | null = null;
  for (const sheet of workbook.worksheets)
    for (let r = 1; r <= Math.min(sheet.rowCount, HEADER_SEARCH_ROWS); r++) {
      const columns = new Map<string, number>();
      sheet.getRow(r).eachCell((cell, col) => {
        const column = wanted.get(normalHeader(cellText(cell.value)));
        if (column && !columns.has(column.key)) columns.set(column.key, col);
      });
      if (columns.size > (best?.columns.size ?? 0)) best = { sheet, row: r, columns };
    }
  const missing = t.columns.filter((c) => c.required && !best?.columns.has(c.key)).map((c) => c.header);
  if (!best || missing.length)
    throw new Invalid(
      `В загруженном шаблоне ФРДО нет обязательных столбцов: ${missing.join(', ')}`,
      missing.map((header) => ({ field: 'template', message: `Нет столбца «${header}»` })),
    );
  const { sheet, row: headerRow, columns } = best;
  documents.forEach((d, i) => {
    const values = frdoRow(d, t);
    const row = sheet.getRow(headerRow + 1 + i);
    for (const [key, col] of columns) {
      const cell = row.getCell(col);
      cell.value = values[key] ?? '';
      cell.numFmt = '@';
    }
    row.commit();
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
