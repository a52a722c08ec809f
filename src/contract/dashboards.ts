// The cabinet's dashboards, one per role: the manager's courses, the methodist's territory, the
// head's department and the operator's region. Figures only; every list is scoped by the server.
import { applicationStatus } from './applications.js';
import { courseStatus } from './catalog.js';
import { id } from './common.js';
import { z } from './zod.js';

/** How many applications are in each state (states without one are left out). */
export const statusCount = z.object({ status: applicationStatus, count: z.number() });
export type StatusCount = z.infer<typeof statusCount>;

const course = {
  id,
  title: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  status: courseStatus,
  capacity: z.number(),
};

export const managerDashboard = z.object({
  /** The manager's courses taking applications or running, soonest first. */
  courses: z.array(
    z.object({
      ...course,
      applications: z.number(),
      byStatus: z.array(statusCount),
      byTerritory: z.array(z.object({ territoryId: id, territoryName: z.string(), count: z.number() })),
    }),
  ),
  byStatus: z.array(statusCount),
});
export type ManagerDashboard = z.infer<typeof managerDashboard>;

export const methodistDashboard = z.object({
  territories: z.array(z.object({ id, name: z.string() })),
  /** Applications of the territory's teachers still in the working baskets. */
  byStatus: z.array(statusCount),
  /** Running courses the territory's teachers learn on, with their marks so far. */
  attendance: z.array(
    z.object({
      ...course,
      learners: z.number(),
      present: z.number(),
      absent: z.number(),
      excused: z.number(),
    }),
  ),
  /** Teachers past the three-year rule (overdue) and near it (due). */
  overdue: z.number(),
  due: z.number(),
});
export type MethodistDashboard = z.infer<typeof methodistDashboard>;

export const headDashboard = z.object({
  /** The department's courses from publication to the end (archived and cancelled ones aside). */
  courses: z.array(
    z.object({
      ...course,
      applications: z.number(),
      byStatus: z.array(statusCount),
      learners: z.number(),
      completed: z.number(),
    }),
  ),
  byStatus: z.array(statusCount),
  learners: z.number(),
  completed: z.number(),
});
export type HeadDashboard = z.infer<typeof headDashboard>;

export const REGION_SORTS = [
  'name',
  'teachers',
  'applications',
  'enrolled',
  'completed',
  'cpdShare',
  'overdue',
] as const;
export const regionSortKey = z.enum(REGION_SORTS);
export type RegionSortKey = z.infer<typeof regionSortKey>;

export const regionQuery = z.object({
  year: z.coerce
    .number()
    .int('Укажите год числом')
    .min(2000, 'Год — не раньше 2000')
    .max(2100, 'Год — не позже 2100')
    .optional(),
  sort: regionSortKey.default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
});
export type RegionQuery = z.infer<typeof regionQuery>;

export const regionRow = z.object({
  territoryId: id,
  name: z.string(),
  /** Teachers with a profile in the territory's organizations. */
  teachers: z.number(),
  /** Applications to courses starting in the year, and of them the learners and completers. */
  applications: z.number(),
  enrolled: z.number(),
  completed: z.number(),
  /** Teachers whose last completed course ended within three years, and their share in per cent. */
  withCpd: z.number(),
  cpdShare: z.number().nullable(),
  overdue: z.number(),
});
export type RegionRow = z.infer<typeof regionRow>;

export const regionDashboard = z.object({
  year: z.number(),
  rows: z.array(regionRow),
  totals: regionRow.omit({ territoryId: true, name: true }),
});
export type RegionDashboard = z.infer<typeof regionDashboard>;
