// A list as an Excel workbook (exceljs): one sheet, a bold frozen header, columns sized for their
// contents, dates as text in the region's form. Lists users work from export what they filter.
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';

export type XlsxColumn<Row> = {
  header: string;
  width: number;
  value: (row: Row) => string | number | null;
};

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The most rows an export carries: a region's whole list, not an unbounded dump. */
export const XLSX_MAX_ROWS = 50_000;

/** 'YYYY-MM-DD' → 'ДД.ММ.ГГГГ', as a Russian reader writes a date. */
export const ruDate = (date: string | null): string =>
  date ? `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}` : '';

/**
 * `head`: lines written above the table (what a report covers: its period, whose figures); the
 * header row follows them and stays frozen with them.
 */
export async function toXlsx<Row>(
  sheetName: string,
  columns: readonly XlsxColumn<Row>[],
  rows: readonly Row[],
  head: readonly string[] = [],
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'ЕБППК';
  const headerRow = head.length === 0 ? 1 : head.length + 2;
  const sheet = book.addWorksheet(sheetName.slice(0, 31), {
    views: [{ state: 'frozen', ySplit: headerRow }],
  });
  sheet.columns = columns.map((c) => ({ width: c.width }));
  for (const line of head) sheet.addRow([line]);
  if (head.length) {
    sheet.getRow(1).font = { bold: true };
    sheet.addRow([]);
  }
  sheet.addRow(columns.map((c) => c.header));
  sheet.getRow(headerRow).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((c) => c.value(row)));
  return Buffer.from(await book.xlsx.writeBuffer());
}

/**
 * A long list as a workbook written while its rows are read (exceljs's streaming writer): rows
 * come in batches and leave for the client as they are written, so a region's list never sits in
 * memory whole. A failure midway ends the download broken rather than silently short.
 */
export function xlsxStream<Row>(
  sheetName: string,
  columns: readonly XlsxColumn<Row>[],
  batches: AsyncIterable<readonly Row[]>,
): Readable {
  const out = new PassThrough();
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  book.creator = 'ЕБППК';
  const sheet = book.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  void (async () => {
    try {
      for await (const rows of batches)
        for (const row of rows) sheet.addRow(columns.map((c) => c.value(row))).commit();
      sheet.commit();
      await book.commit();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return out;
}
