// Reading produced documents back, as a user's program would: PDF text through a PDF parser,
// spreadsheets through exceljs.
import ExcelJS from 'exceljs';
// @ts-expect-error pdf-parse ships no types; its library entry avoids the package's demo code
import pdfParse from 'pdf-parse/lib/pdf-parse.js';

export async function pdfText(content: Buffer): Promise<{ text: string; pages: number }> {
  const parsed = (await pdfParse(content)) as { text: string; numpages: number };
  return { text: parsed.text, pages: parsed.numpages };
}

/** The first sheet's name and its rows as text (row 1 the headers). */
export async function xlsxRows(content: Buffer): Promise<{ sheet: string; rows: string[][] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no sheet');
  const width = sheet.columnCount;
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) {
      const value = row.getCell(c).value;
      cells.push(value === null || value === undefined ? '' : String(value));
    }
    rows.push(cells);
  });
  return { sheet: sheet.name, rows };
}
