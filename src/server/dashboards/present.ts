// The dashboards as the contract sends them (ids as strings), and the region's table as a workbook
// with the same columns and order as on screen, closed by the totals row.
import type {
  HeadDashboard,
  ManagerDashboard,
  MethodistDashboard,
  RegionDashboard,
  RegionRow,
} from '../../contract/dashboards.js';
import type { XlsxColumn } from '../http/xlsx.js';
import type * as service from './service.js';

type Result<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

const course = <C extends { id: number }>(c: C) => ({ ...c, id: String(c.id) });
const byStatus = (rows: { status: ManagerDashboard['byStatus'][number]['status']; count: number }[]) =>
  rows.map(({ status, count }) => ({ status, count }));

export const presentManager = (d: Result<typeof service.managerDashboard>): ManagerDashboard => ({
  courses: d.courses.map((c) => ({
    ...course(c),
    byStatus: byStatus(c.byStatus),
    byTerritory: c.byTerritory.map((t) => ({
      territoryId: String(t.territoryId),
      territoryName: t.territoryName,
      count: t.count,
    })),
  })),
  byStatus: byStatus(d.byStatus),
});

export const presentMethodist = (d: Result<typeof service.methodistDashboard>): MethodistDashboard => ({
  territories: d.territories.map((t) => ({ id: String(t.id), name: t.name })),
  byStatus: byStatus(d.byStatus),
  attendance: d.attendance.map(course),
  overdue: d.overdue,
  due: d.due,
});

export const presentHead = (d: Result<typeof service.headDashboard>): HeadDashboard => ({
  courses: d.courses.map((c) => ({ ...course(c), byStatus: byStatus(c.byStatus) })),
  byStatus: byStatus(d.byStatus),
  learners: d.learners,
  completed: d.completed,
});

export const presentRegion = (d: service.RegionDashboardResult): RegionDashboard => ({
  year: d.year,
  rows: d.rows.map((r) => ({ ...r, territoryId: String(r.territoryId) })),
  totals: d.totals,
});

type Line = Omit<RegionRow, 'territoryId'>;

export const REGION_COLUMNS: readonly XlsxColumn<Line>[] = [
  { header: 'Территория', width: 40, value: (r) => r.name },
  { header: 'Педагогов', width: 12, value: (r) => r.teachers },
  { header: 'Заявок', width: 12, value: (r) => r.applications },
  { header: 'Зачислено', width: 12, value: (r) => r.enrolled },
  { header: 'Завершили обучение', width: 14, value: (r) => r.completed },
  { header: 'С ПК за 3 года', width: 14, value: (r) => r.withCpd },
  { header: 'Доля с ПК за 3 года, %', width: 14, value: (r) => r.cpdShare },
  { header: 'Без ПК более 3 лет', width: 14, value: (r) => r.overdue },
];

/** The rows and the totals line under them. */
export const regionLines = (d: service.RegionDashboardResult): Line[] => [
  ...d.rows,
  { name: 'Итого по региону', ...d.totals },
];
