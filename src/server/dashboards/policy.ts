// Who sees which dashboard of the cabinet. Each is one role's: the manager his courses, the
// methodist her territories, the head his departments, the operator the region. What each shows
// is scoped in SQL (queries.ts) by the grants of that role alone, so a head who is also a
// methodist sees two dashboards, neither wider than its role.
import { type ActionOf, definePolicy, rule } from '../access/policy.js';

export const dashboardPolicy = definePolicy({
  'dashboard.manager': rule(['manager'], undefined, {
    denied: 'Сводка по курсам доступна менеджеру курсов',
  }),
  'dashboard.methodist': rule(['methodist'], undefined, {
    denied: 'Сводка по территории доступна методисту',
  }),
  'dashboard.head': rule(['head'], undefined, {
    denied: 'Сводка по отделу доступна руководителю отдела',
  }),
  'dashboard.region': rule(['operator'], undefined, {
    denied: 'Сводка по региону доступна оператору',
  }),
});

export type DashboardPolicyAction = ActionOf<typeof dashboardPolicy>;
