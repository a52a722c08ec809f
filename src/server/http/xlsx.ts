// A list as an Excel workbook (exceljs): one sheet, a bold frozen header, columns sized for their
// contents, dates as text in the region's form. Lists users work from export what they filter.
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

export async function toXlsx<Row>(
  sheetName: string,
  columns: readonly XlsxColumn<Row>[],
  rows: readonly Row[],
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'ЕБППК';
  const sheet = book.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((c) => c.value(row)));
  return Buffer.from(await book.xlsx.writeBuffer());
}
