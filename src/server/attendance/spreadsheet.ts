// The methodist's list of her learners' attendance as an Excel workbook (exceljs): one sheet, a
// bold frozen header, dates as a Russian reader writes them.
import ExcelJS from 'exceljs';
import { APPLICATION_STATUS_LABEL } from '../../contract/applications.js';
import { ATTENDANCE_MARK_LABEL } from '../../contract/attendance.js';
import { COURSE_STATUS_LABEL } from '../../contract/catalog.js';
import type { territoryAttendance } from './queries.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Row = Awaited<ReturnType<typeof territoryAttendance>>['items'][number];

/** 'YYYY-MM-DD' → 'ДД.ММ.ГГГГ'. */
const ruDate = (date: string) => `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;

const COLUMNS: { header: string; width: number; value: (row: Row) => string | number | null }[] = [
  { header: 'Курс', width: 40, value: (r) => r.courseTitle },
  { header: 'Начало', width: 12, value: (r) => ruDate(r.startsOn) },
  { header: 'Окончание', width: 12, value: (r) => ruDate(r.endsOn) },
  { header: 'Состояние курса', width: 18, value: (r) => COURSE_STATUS_LABEL[r.courseStatus] },
  { header: 'Слушатель', width: 32, value: (r) => r.teacherName },
  { header: 'Организация', width: 40, value: (r) => r.organization },
  { header: 'Территория', width: 24, value: (r) => r.territory },
  { header: 'Заявка', width: 20, value: (r) => APPLICATION_STATUS_LABEL[r.status] },
  {
    header: 'Первый день',
    width: 24,
    value: (r) => (r.firstDayMark ? ATTENDANCE_MARK_LABEL[r.firstDayMark] : 'Не отмечен(а)'),
  },
  { header: 'Причина', width: 30, value: (r) => r.firstDayReason },
  { header: 'Присутствовал(а), дней', width: 14, value: (r) => Number(r.present) },
  { header: 'Отсутствовал(а), дней', width: 14, value: (r) => Number(r.absent) },
  { header: 'По уважительной причине, дней', width: 14, value: (r) => Number(r.excused) },
  { header: 'Прошло дней занятий', width: 14, value: (r) => Number(r.daysSoFar) },
];

export async function territoryWorkbook(rows: readonly Row[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'ЕБППК';
  const sheet = book.addWorksheet('Посещаемость', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(COLUMNS.map((c) => c.value(row)));
  return Buffer.from(await book.xlsx.writeBuffer());
}
