// Who works with teachers' accounts. A methodist: the teachers of her territories (another
// territory's teacher does not exist for her), registering, editing and inviting them, importing
// into her territories; the operator: the region's. An import is seen by whoever uploaded it (and
// the operator).
import { type ActionOf, definePolicy, rule } from '../access/policy.js';
import { isMethodistOf, isOperator } from '../access/predicates.js';

/** A teacher, or an organization a teacher is registered in: where it is. */
export type TerritoryTarget = { territoryId: number };
export type ImportTarget = { createdBy: number };

const ofTerritory = (texts: { denied: string; missing: string }) =>
  rule<TerritoryTarget>(
    ['methodist', 'operator'],
    (actor, row) => isOperator(actor) || isMethodistOf(actor, row.territoryId),
    texts,
  );

export const teachersPolicy = definePolicy({
  'teacher.list': rule(['methodist', 'operator'], undefined, {
    denied: 'Список педагогов доступен методистам и оператору',
  }),
  'teacher.view': ofTerritory({
    denied: 'Карточку педагога видят методист его территории и оператор',
    missing: 'Педагог не найден',
  }),
  'teacher.edit': ofTerritory({
    denied: 'Изменять данные педагога может методист его территории или оператор',
    missing: 'Педагог не найден',
  }),
  /** Judged on the organization the teacher is registered in. */
  'teacher.register': ofTerritory({
    denied: 'Зарегистрировать педагога может методист или оператор',
    missing: 'Организация не найдена среди организаций вашей территории',
  }),
  'teacher.import': rule(['methodist', 'operator'], undefined, {
    denied: 'Импорт педагогов и организаций доступен методистам и оператору',
  }),
  'import.view': rule<ImportTarget>(
    ['methodist', 'operator'],
    (actor, row) => isOperator(actor) || row.createdBy === actor.userId,
    { missing: 'Импорт не найден' },
  ),
});

export type TeachersPolicyAction = ActionOf<typeof teachersPolicy>;
