// Who may read and complete a teacher's CPD history. The teacher reads her own; a methodist the
// histories of her territory's teachers (another territory's teacher does not exist for her), the
// operator every one; both add and remove courses completed before the Bank. The overdue list is
// the methodist's (her territory, scoped in SQL) and the operator's (the region).
import { type ActionOf, definePolicy, rule } from '../access/policy.js';
import { isMethodistOf, isOperator } from '../access/predicates.js';

/** A teacher as the policy sees her: where she works. */
export type TeacherTarget = { territoryId: number };

const ofTerritory = (texts: { denied: string }) =>
  rule<TeacherTarget>(
    ['methodist', 'operator'],
    (actor, row) => isOperator(actor) || isMethodistOf(actor, row.territoryId),
    { ...texts, missing: 'Педагог не найден' },
  );

export const cpdPolicy = definePolicy({
  'cpd.own': rule(['teacher'], undefined, {
    denied: 'История повышения квалификации есть только у педагога',
  }),
  'cpd.view': ofTerritory({
    denied: 'Историю повышения квалификации педагога видят методист его территории и оператор',
  }),
  'cpd.external': ofTerritory({
    denied: 'Добавлять курсы, пройденные до Банка, может методист территории педагога или оператор',
  }),
  'cpd.overdue': rule(['methodist', 'operator'], undefined, {
    denied: 'Список педагогов без повышения квалификации доступен методистам и оператору',
  }),
});

export type CpdPolicyAction = ActionOf<typeof cpdPolicy>;
