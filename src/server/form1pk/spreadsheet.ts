// The form 1-ПК as a workbook laid out like the paper form: the title block (the form's name, the
// order that approved it, the period, the respondent), then each section with its header — the
// line's name and code, the columns' groups over their columns (merged cells), the columns'
// numbers — and its coded lines. Lines the provider fills in by hand are shaded and say so. Not
// a list, so not `toXlsx`: the merged header cells need the workbook itself.
import ExcelJS from 'exceljs';
import { type Form1pk, MANUAL_LABEL } from '../../contract/form1pk.js';
import { ruDate } from '../http/xlsx.js';
import { MONTHS_TO } from './form.js';

const THIN = { style: 'thin' as const };
const BOX = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const MANUAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
const CENTER: Partial<ExcelJS.Alignment> = { horizontal: 'center', vertical: 'middle', wrapText: true };

export async function form1pkWorkbook(form: Form1pk): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'ЕБППК';
  const sheet = book.addWorksheet('1-ПК', { pageSetup: { orientation: 'landscape', fitToPage: true } });
  const width = 2 + Math.max(...form.sections.map((s) => s.columns.length));
  sheet.getColumn(1).width = 62;
  sheet.getColumn(2).width = 8;
  for (let c = 3; c <= width; c++) sheet.getColumn(c).width = 16;

  let r = 1;
  const banner = (text: string, font: Partial<ExcelJS.Font> = {}, height?: number) => {
    sheet.mergeCells(r, 1, r, width);
    const cell = sheet.getCell(r, 1);
    cell.value = text;
    cell.font = font;
    cell.alignment = CENTER;
    if (height) sheet.getRow(r).height = height;
    r++;
  };
  banner('ФЕДЕРАЛЬНОЕ СТАТИСТИЧЕСКОЕ НАБЛЮДЕНИЕ', { bold: true });
  banner('Форма № 1-ПК (квартальная). Утверждена приказом Росстата от 30.11.2022 № 877', { italic: true });
  banner(
    'СВЕДЕНИЯ О ЧИСЛЕННОСТИ СЛУШАТЕЛЕЙ В ВОЗРАСТЕ 15 ЛЕТ И СТАРШЕ, ОБУЧЕННЫХ ПО ДОПОЛНИТЕЛЬНЫМ ПРОФЕССИОНАЛЬНЫМ ПРОГРАММАМ',
    { bold: true, size: 12 },
    32,
  );
  banner(`за январь – ${MONTHS_TO[form.quarter - 1]} ${form.year} г.`, { bold: true });
  r++;
  const field = (label: string, value: string | null) => {
    sheet.getCell(r, 1).value = label;
    sheet.getCell(r, 1).font = { bold: true };
    sheet.mergeCells(r, 2, r, width);
    sheet.getCell(r, 2).value = value ?? '';
    r++;
  };
  field('Наименование отчитывающейся организации', form.provider.name);
  field('Почтовый адрес', form.provider.address);
  field('ИНН', form.provider.inn);
  field('ОГРН', form.provider.ogrn);
  r++;

  for (const section of form.sections) {
    banner(`Раздел ${section.code}. ${section.title}`, { bold: true }, 30);
    const top = r;
    const last = 2 + section.columns.length;
    // Two header rows: a column's group above it, or the column's title over both rows.
    sheet.mergeCells(top, 1, top + 1, 1);
    sheet.getCell(top, 1).value = 'Наименование показателя';
    sheet.mergeCells(top, 2, top + 1, 2);
    sheet.getCell(top, 2).value = '№ строки';
    section.columns.forEach((column, i) => {
      const c = 3 + i;
      if (column.group === null) {
        sheet.mergeCells(top, c, top + 1, c);
        sheet.getCell(top, c).value = column.title;
      } else {
        if (section.columns[i - 1]?.group !== column.group) {
          let end = c;
          while (section.columns[end - 2]?.group === column.group) end++;
          if (end > c) sheet.mergeCells(top, c, top, end);
          sheet.getCell(top, c).value = column.group;
        }
        sheet.getCell(top + 1, c).value = column.title;
      }
    });
    sheet.getRow(top + 1).height = 45;
    // The columns' numbers, as the form prints them under the header.
    for (let c = 1; c <= last; c++) sheet.getCell(top + 2, c).value = c;
    for (let row = top; row <= top + 2; row++)
      for (let c = 1; c <= last; c++) {
        const cell = sheet.getCell(row, c);
        cell.alignment = CENTER;
        cell.border = BOX;
        cell.font = { bold: row < top + 2 };
      }
    r = top + 3;
    for (const line of section.lines) {
      const name = sheet.getCell(r, 1);
      name.value = line.manual ? `${line.title} (${MANUAL_LABEL})` : line.title;
      name.alignment = { indent: line.level * 2, wrapText: true, vertical: 'middle' };
      sheet.getCell(r, 2).value = line.code;
      sheet.getCell(r, 2).alignment = CENTER;
      line.values.forEach((value, i) => {
        sheet.getCell(r, 3 + i).value = value;
      });
      for (let c = 1; c <= last; c++) {
        const cell = sheet.getCell(r, c);
        cell.border = BOX;
        if (line.manual) cell.fill = MANUAL_FILL;
      }
      r++;
    }
    if (section.note) {
      sheet.mergeCells(r, 1, r, width);
      sheet.getCell(r, 1).value = section.note;
      sheet.getCell(r, 1).font = { italic: true };
      sheet.getCell(r, 1).alignment = { wrapText: true };
      r++;
    }
    r++;
  }
  banner(`Составлено в ЕБППК по данным Банка за период с ${ruDate(form.from)} по ${ruDate(form.to)}.`, {
    italic: true,
    size: 9,
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}
