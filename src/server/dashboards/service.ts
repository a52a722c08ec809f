// The cabinet's dashboards: read-only figures of one role's scope each, as of the Bank's clock.
// Nothing is written, so nothing is audited; the operator's spreadsheet holds no personal data.
import type { RegionQuery } from '../../contract/dashboards.js';
import type { Actor, Who } from '../access/actor.js';
import { scopeOf } from '../access/scope.js';
import { territoryCounts } from '../applications/service.js';
import { regionDate } from '../clock.js';
import type { Ctx } from '../context.js';
import { warningLimit } from '../cpd/rule.js';
import { dashboardPolicy } from './policy.js';
import * as q from './queries.js';

type Signed = Who & { actor: Actor };

const group = <R extends { key: number }>(rows: R[]) => {
  const by = new Map<number, R[]>();
  for (const row of rows) by.set(row.key, [...(by.get(row.key) ?? []), row]);
  return (key: number) => by.get(key) ?? [];
};

/** The counts of each state over several courses. */
const summed = (rows: { status: q.StatusRow['status']; count: number }[]) => {
  const by = new Map<q.StatusRow['status'], number>();
  for (const r of rows) by.set(r.status, (by.get(r.status) ?? 0) + r.count);
  return [...by].map(([status, count]) => ({ status, count }));
};

export async function managerDashboard(ctx: Ctx, who: Signed) {
  const actor = dashboardPolicy.authorizeAttempt(who.actor, 'dashboard.manager');
  const courses = await q.managerCourses(ctx.db, actor);
  const courseIds = courses.map((c) => c.id);
  const statuses = await q.statusesOf(ctx.db, courseIds);
  const territories = await q.territoriesOf(ctx.db, courseIds);
  const statusesOf = group(statuses);
  const territoriesOf = group(territories.map((t) => ({ ...t, key: t.courseId })));
  return {
    courses: courses.map((c) => {
      const byStatus = statusesOf(c.id);
      return {
        ...c,
        applications: byStatus.reduce((sum, s) => sum + s.count, 0),
        byStatus,
        byTerritory: territoriesOf(c.id),
      };
    }),
    byStatus: summed(statuses),
  };
}

export async function methodistDashboard(ctx: Ctx, who: Signed) {
  const actor = dashboardPolicy.authorizeAttempt(who.actor, 'dashboard.methodist');
  const today = regionDate(ctx.now());
  const territories = await q.methodistTerritories(ctx.db, actor);
  // Her territories' applications still in the working baskets, as her basket counts them.
  const byStatus = await territoryCounts(ctx.db, scopeOf(actor).territories('methodist'));
  const attendance = await q.territoryAttendance(ctx.db, actor);
  const overdue = await q.territoryOverdue(ctx.db, actor, { today, limit: warningLimit(today) });
  return { territories, byStatus, attendance, ...overdue };
}

export async function headDashboard(ctx: Ctx, who: Signed) {
  const actor = dashboardPolicy.authorizeAttempt(who.actor, 'dashboard.head');
  const courses = await q.headCourses(ctx.db, actor);
  const statuses = await q.statusesOf(
    ctx.db,
    courses.map((c) => c.id),
  );
  const statusesOf = group(statuses);
  return {
    courses: courses.map((c) => {
      const byStatus = statusesOf(c.id);
      return { ...c, applications: byStatus.reduce((sum, s) => sum + s.count, 0), byStatus };
    }),
    byStatus: summed(statuses),
    learners: courses.reduce((sum, c) => sum + c.learners, 0),
    completed: courses.reduce((sum, c) => sum + c.completed, 0),
  };
}

/** Per cent with one decimal; none for a territory without teachers. */
const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

const compare =
  (sort: RegionQuery['sort']) => (a: q.RegionRow & { cpdShare: number | null }, b: typeof a) => {
    if (sort === 'name') return a.name.localeCompare(b.name, 'ru');
    const x = a[sort] ?? -1;
    const y = b[sort] ?? -1;
    return x - y || a.name.localeCompare(b.name, 'ru');
  };

/**
 * The region's 43 territories side by side for a year (the current one by default): courses are
 * counted by their first day, the three-year rule as of today. Sorted as asked; totals add up.
 */
export async function regionDashboard(ctx: Ctx, who: Signed, query: RegionQuery) {
  dashboardPolicy.authorizeAttempt(who.actor, 'dashboard.region');
  const today = regionDate(ctx.now());
  const year = query.year ?? Number(today.slice(0, 4));
  const rows = (await q.regionRows(ctx.db, { from: `${year}-01-01`, to: `${year}-12-31`, today })).map(
    (r) => ({
      ...r,
      cpdShare: share(r.withCpd, r.teachers),
    }),
  );
  rows.sort(compare(query.sort));
  if (query.order === 'desc') rows.reverse();
  const sum = (key: 'teachers' | 'applications' | 'enrolled' | 'completed' | 'withCpd' | 'overdue') =>
    rows.reduce((total, r) => total + r[key], 0);
  const totals = {
    teachers: sum('teachers'),
    applications: sum('applications'),
    enrolled: sum('enrolled'),
    completed: sum('completed'),
    withCpd: sum('withCpd'),
    overdue: sum('overdue'),
  };
  return { year, rows, totals: { ...totals, cpdShare: share(totals.withCpd, totals.teachers) } };
}

export type RegionDashboardResult = Awaited<ReturnType<typeof regionDashboard>>;
