// Who may read the course archive. The department's staff, the provider's administrator, the
// methodists and the operator search it; what each of them finds there is scoped in SQL
// (queries.ts): their department's, their provider's, the courses their territory's teachers
// learned on, everything. Nobody changes an archived course (courses/lifecycle.ts, 409).
import { type ActionOf, definePolicy, rule } from '../access/policy.js';

export const archivePolicy = definePolicy({
  'archive.view': rule(['operator', 'provider_admin', 'head', 'manager', 'methodist'], undefined, {
    denied: 'Архив курсов доступен сотрудникам поставщиков, методистам и оператору',
    missing: 'Курс не найден в архиве',
  }),
});

export type ArchivePolicyAction = ActionOf<typeof archivePolicy>;
