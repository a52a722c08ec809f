// Who may browse the audit log, as a rule of the one mechanism (access/policy.ts): the operator
// only (it holds personal data of every change).
import { definePolicy, rule } from '../access/policy.js';

export const auditPolicy = definePolicy({
  'audit.view': rule(['operator'], undefined, { denied: 'Журнал аудита доступен только оператору' }),
});
