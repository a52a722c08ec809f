// The columns of the methodist's list of her learners' attendance as an Excel workbook.
import { APPLICATION_STATUS_LABEL } from '../../contract/applications.js';
import { ATTENDANCE_MARK_LABEL } from '../../contract/attendance.js';
import { COURSE_STATUS_LABEL } from '../../contract/catalog.js';
import { toXlsx, type XlsxColumn } from '../http/xlsx.js';
import type { territoryAttendance } from './queries.js';

type Row = Awaited<ReturnType<typeof territoryAttendance>>['items'][number];

const COLUMNS: readonly XlsxColumn<Row>[] = [
  { header: 'Курс', width: 40, value: (r) => r.courseTitle },
  { header: 'Начало', width: 12, kind: 'date', value: (r) => r.startsOn },
  { header: 'Окончание', width: 12, kind: 'date', value: (r) => r.endsOn },
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

export const territoryWorkbook = (rows: readonly Row[]) => toXlsx('Посещаемость', COLUMNS, rows);
