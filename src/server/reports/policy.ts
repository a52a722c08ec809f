// Who may read statistics and who keeps the reporting periods. Everyone who works with courses
// or applications — the operator, a provider's administrator, the department's head and
// managers, the methodists — reads the summaries; what each of them counts is scoped in SQL
// (queries.ts). The operator alone creates, edits, closes and reopens periods.
import { type ActionOf, definePolicy, rule } from '../access/policy.js';

export const reportsPolicy = definePolicy({
  'reports.view': rule(['operator', 'provider_admin', 'head', 'manager', 'methodist'], undefined, {
    denied: 'Статистика доступна оператору, сотрудникам поставщиков и методистам',
    missing: 'Отчётный период не найден',
  }),
  'reports.periods': rule(['operator'], undefined, {
    denied: 'Отчётные периоды ведёт оператор',
    missing: 'Отчётный период не найден',
  }),
});

export type ReportsPolicyAction = ActionOf<typeof reportsPolicy>;
