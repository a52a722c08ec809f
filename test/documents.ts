// Reading produced documents back, as a user's program would: PDF text through a PDF parser,
// spreadsheets through exceljs, Word documents by unzipping their document.xml.
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
// @ts-expect-error pdf-parse ships no types; its library entry avoids the package's demo code
import pdfParse from 'pdf-parse/lib/pdf-parse.js';

export async function pdfText(content: Buffer): Promise<{ text: string; pages: number }> {
  const parsed = (await pdfParse(content)) as { text: string; numpages: number };
  return { text: parsed.text, pages: parsed.numpages };
}

/**
 * A cell as a spreadsheet shows it: a date cell (a Date read back only when its format is a date's)
 * as ДД.ММ.ГГГГ, with the time when its format has one; a date left as a bare number stays a number.
 */
export function cellText(cell: ExcelJS.Cell): string {
  const { value } = cell;
  if (value === null || value === undefined) return '';
  if (!(value instanceof Date)) return String(value);
  const [date = '', time = ''] = value.toISOString().split('T');
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y}${/h/i.test(cell.numFmt ?? '') ? ` ${time.slice(0, 8)}` : ''}`;
}

/** The first sheet's name and its rows as text, as a spreadsheet shows them (row 1 the headers). */
export async function xlsxRows(
  content: Buffer,
): Promise<{ sheet: string; rows: string[][]; worksheet: ExcelJS.Worksheet }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no sheet');
  const width = sheet.columnCount;
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c)));
    rows.push(cells);
  });
  return { sheet: sheet.name, rows, worksheet: sheet };
}

/** A Word document's text as a reader sees it: a line a paragraph or a table row, cells joined by « | ». */
export function docxText(content: Buffer): string {
  const xml = strFromU8(unzipSync(new Uint8Array(content))['word/document.xml'] ?? new Uint8Array());
  const strip = (part: string) =>
    part
      .replace(/<w:tab\/>/g, '\t')
      .replace(/<[^>]+>/g, '')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  return strip(
    xml
      .replace(
        /<w:tr[ >][\s\S]*?<\/w:tr>/g,
        (row) =>
          `${row
            .split('</w:tc>')
            .slice(0, -1)
            .map((cell) => strip(cell.replace(/<\/w:p>/g, ' ')).trim())
            .join(' | ')}</w:p>`,
      )
      .replace(/<\/w:p>/g, '\n'),
  );
}
