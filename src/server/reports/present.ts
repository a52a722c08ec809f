// What of the statistics leaves the server: the summary's rows (facts and teachers merged by their
// keys, form and funding by their Russian names) with the totals, and the same as a spreadsheet
// whose head says the period and what the viewer's figures cover.
import { APPLICATION_STATUS_LABEL } from '../../contract/applications.js';
import {
  APPLICATION_STATUSES,
  DIMENSION_LABEL,
  type Dimension,
  FORM_LABEL,
  FUNDING_LABEL,
  type Funding,
  type ReportingPeriod,
  type Summary,
  type SummaryRow,
  type SummarySortField,
  type SummaryTotals,
} from '../../contract/reports.js';
import { ruDate, type XlsxColumn } from '../http/xlsx.js';
import type { FactCounts, PeriodRow, TeacherCounts } from './queries.js';
import type { SummaryResult } from './service.js';

export const presentPeriod = (p: PeriodRow): ReportingPeriod => ({
  id: String(p.id),
  name: p.name,
  kind: p.kind,
  startsOn: p.startsOn,
  endsOn: p.endsOn,
  closedAt: p.closedAt ? new Date(p.closedAt).toISOString() : null,
  closedBy: p.closedByName,
});

const NO_POSITION = 'Должность не указана';

function nameOf(dimension: Dimension | undefined, key: string | null, name: string | null): string | null {
  if (key === null || dimension === undefined) return null;
  if (dimension === 'form') return FORM_LABEL[key as keyof typeof FORM_LABEL] ?? key;
  if (dimension === 'funding') return FUNDING_LABEL[key as Funding] ?? key;
  if (dimension === 'position') return key === '' ? NO_POSITION : key;
  return name ?? key;
}

const zeroStates = () =>
  Object.fromEntries(APPLICATION_STATUSES.map((s) => [s, 0])) as SummaryTotals['byState'];

const emptyFacts = (): Omit<FactCounts, 'key' | 'name' | 'key2' | 'name2' | 'total'> => ({
  courses: 0,
  groups: 0,
  applications: 0,
  byState: zeroStates(),
  enrolled: 0,
  completed: 0,
  notCompleted: 0,
  noShow: 0,
  personHours: 0,
  documents: 0,
});

const share = (t: TeacherCounts | undefined) =>
  t && t.teachers > 0 ? Math.round((t.withCpd / t.teachers) * 1000) / 1000 : null;

function measures(f: FactCounts | undefined, t: TeacherCounts | undefined, counted: boolean): SummaryTotals {
  const {
    courses,
    groups,
    applications,
    byState,
    enrolled,
    completed,
    notCompleted,
    noShow,
    personHours,
    documents,
  } = f ?? emptyFacts();
  return {
    courses,
    groups,
    applications,
    byState,
    enrolled,
    completed,
    notCompleted,
    noShow,
    personHours,
    documents,
    teachers: counted ? (t?.teachers ?? 0) : null,
    teachersWithCpd: counted ? (t?.withCpd ?? 0) : null,
    cpdShare: counted ? share(t) : null,
  };
}

const rowKey = (r: { key: string | null; key2: string | null }) => `${r.key}\u0000${r.key2 ?? ''}`;

export function scopeText(scope: SummaryResult['scope']): string {
  if (scope.all) return 'Весь край';
  const parts = [
    ...(scope.territories.length ? [`Территория: ${scope.territories.join(', ')}`] : []),
    ...(scope.providers.length ? [`Поставщик: ${scope.providers.join(', ')}`] : []),
    ...(scope.departments.length ? [`Подразделение: ${scope.departments.join(', ')}`] : []),
  ];
  return parts.join('; ');
}

const byName = (a: SummaryRow, b: SummaryRow) =>
  a.name.localeCompare(b.name, 'ru') || (a.name2 ?? '').localeCompare(b.name2 ?? '', 'ru');

/** The rows' order asked for; ties (and rows without a share) by name. */
function order(sort: string) {
  const desc = sort.startsWith('-');
  const field = (desc ? sort.slice(1) : sort) as SummarySortField;
  if (field === 'name') return (a: SummaryRow, b: SummaryRow) => (desc ? -byName(a, b) : byName(a, b));
  return (a: SummaryRow, b: SummaryRow) => {
    const x = a[field];
    const y = b[field];
    if (x === y) return byName(a, b);
    if (x === null) return 1;
    if (y === null) return -1;
    return desc ? y - x : x - y;
  };
}

export function presentSummary(s: SummaryResult): Summary {
  const [first, second] = s.by;
  const counted = s.teachers !== null;
  const facts = new Map(s.facts.filter((f) => !f.total).map((f) => [rowKey(f), f]));
  const teachers = new Map((s.teachers ?? []).filter((t) => !t.total).map((t) => [rowKey(t), t]));
  const keys = new Map<
    string,
    { key: string; name: string | null; key2: string | null; name2: string | null }
  >();
  for (const r of [...facts.values(), ...teachers.values()])
    if (!keys.has(rowKey(r)) && r.key !== null)
      keys.set(rowKey(r), { key: r.key, name: r.name, key2: r.key2, name2: r.name2 });
  const rows: SummaryRow[] = [...keys.entries()].map(([k, r]) => ({
    key: r.key,
    name: nameOf(first, r.key, r.name) ?? r.key,
    key2: second ? r.key2 : null,
    name2: second ? nameOf(second, r.key2, r.name2) : null,
    ...measures(facts.get(k), teachers.get(k), counted),
  }));
  rows.sort(order(s.sort));
  return {
    period: {
      from: s.from,
      to: s.to,
      periodId: s.period ? String(s.period.id) : null,
      name: s.period?.name ?? null,
      frozen: Boolean(s.period?.closedAt),
      closedAt: s.period?.closedAt ? new Date(s.period.closedAt).toISOString() : null,
    },
    by: s.by,
    scope: scopeText(s.scope),
    cpdAsOf: s.cpdAsOf,
    rows,
    totals: measures(
      s.facts.find((f) => f.total),
      s.teachers?.find((t) => t.total),
      counted,
    ),
  };
}

type Line = { name: string; name2: string | null } & SummaryTotals;

/** The spreadsheet's columns: the dimensions, then every measure the screen shows. */
export function summaryColumns(by: Dimension[], withCpd: boolean): XlsxColumn<Line>[] {
  const [first, second] = by;
  return [
    { header: DIMENSION_LABEL[first ?? 'territory'], width: 40, value: (r) => r.name },
    ...(second ? [{ header: DIMENSION_LABEL[second], width: 30, value: (r: Line) => r.name2 }] : []),
    { header: 'Курсов проведено', width: 11, value: (r) => r.courses },
    { header: 'Групп', width: 9, value: (r) => r.groups },
    { header: 'Заявок', width: 9, value: (r) => r.applications },
    ...APPLICATION_STATUSES.map((st) => ({
      header: `Заявки: ${APPLICATION_STATUS_LABEL[st].toLowerCase()}`,
      width: 12,
      value: (r: Line) => r.byState[st],
    })),
    { header: 'Зачислено', width: 11, value: (r) => r.enrolled },
    { header: 'Окончили', width: 11, value: (r) => r.completed },
    { header: 'Отчислены', width: 11, value: (r) => r.notCompleted },
    { header: 'Не явились', width: 11, value: (r) => r.noShow },
    { header: 'Человеко-часов', width: 13, value: (r) => r.personHours },
    { header: 'Документов выдано', width: 12, value: (r) => r.documents },
    ...(withCpd
      ? [
          { header: 'Педагогов', width: 11, value: (r: Line) => r.teachers },
          { header: 'С КПК за 3 года', width: 12, value: (r: Line) => r.teachersWithCpd },
          {
            header: 'Доля с КПК за 3 года, %',
            width: 12,
            value: (r: Line) => (r.cpdShare === null ? null : Math.round(r.cpdShare * 1000) / 10),
          },
        ]
      : []),
  ];
}

/** The summary's lines for the spreadsheet: its rows, then the totals. */
export const summaryLines = (s: Summary): Line[] => [...s.rows, { ...s.totals, name: 'Итого', name2: null }];

/** The lines above the table: what the figures are and whose. */
export const summaryHead = (s: Summary): string[] => [
  `Сводка за период ${ruDate(s.period.from)} — ${ruDate(s.period.to)}${s.period.name ? ` («${s.period.name}»)` : ''}`,
  s.period.frozen
    ? `Период закрыт ${ruDate(s.period.closedAt?.slice(0, 10) ?? null)}: данные на дату закрытия`
    : 'Данные на дату выгрузки',
  `Охват: ${s.scope}`,
  `Группировка: ${s.by.map((d) => DIMENSION_LABEL[d]).join(' × ')}. Курсы и группы в строке «Итого» считаются без повторов, а не суммой строк.`,
];
