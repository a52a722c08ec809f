// A list as an Excel workbook (exceljs): one sheet, a bold frozen header, columns sized for their
// contents, dates as date cells shown as ДД.ММ.ГГГГ (so that a spreadsheet sorts and filters them
// as dates, not as text). Lists users work from export what they filter.
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { z } from '../../contract/zod.js';
import { regionWallTime } from '../clock.js';

export type XlsxColumn<Row> = {
  header: string;
  width: number;
  /**
   * `date`: the value is a calendar date (YYYY-MM-DD), written as a date cell; `time`: an instant
   * (Date), written as a date-and-time cell in the region's time (a spreadsheet keeps no zones).
   */
  kind?: 'date' | 'time';
  /** The cell's text keeps its lines (a field a line), wrapped within the column's width. */
  wrap?: boolean;
  value: (row: Row) => string | number | Date | null;
};

/** How a date cell shows (Excel's and LibreOffice's codes). */
const FORMAT = { date: 'dd.mm.yyyy', time: 'dd.mm.yyyy hh:mm:ss' } as const;

/** A row's cells as the workbook keeps them: dates as dates, the rest as they are. */
const cellsOf = <Row>(columns: readonly XlsxColumn<Row>[], row: Row) =>
  columns.map((c) => {
    const value = c.value(row);
    if (c.kind === undefined || value === null || value === '') return value;
    return c.kind === 'date' ? new Date(`${String(value)}T00:00:00Z`) : regionWallTime(value as Date);
  });

/** The cells of a row just added: dates show as dates, texts of lines keep their lines. */
function formatCells<Row>(columns: readonly XlsxColumn<Row>[], row: ExcelJS.Row) {
  columns.forEach((c, i) => {
    if (c.kind) row.getCell(i + 1).numFmt = FORMAT[c.kind];
    if (c.wrap) row.getCell(i + 1).alignment = { wrapText: true, vertical: 'top' };
  });
  return row;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A route's answer that is a workbook, as its OpenAPI schema describes it. */
export const XLSX_RESPONSE = { description: 'Таблица', content: { [XLSX_TYPE]: { schema: z.string() } } };

/** The most rows an export carries: a region's whole list, not an unbounded dump. */
export const XLSX_MAX_ROWS = 50_000;

export { ruDate } from '../../contract/common.js';

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
  for (const row of rows) formatCells(columns, sheet.addRow(cellsOf(columns, row)));
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
        for (const row of rows) formatCells(columns, sheet.addRow(cellsOf(columns, row))).commit();
      sheet.commit();
      await book.commit();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return out;
}
