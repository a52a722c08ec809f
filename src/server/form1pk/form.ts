// The layout of the form 1-ПК (квартальная) and its figures from the Bank's counts. A pure function
// of the counts, so the layout, the screen and the spreadsheet read one table.
//
// How the form is read here (Rosstat order No. 877 of 30.11.2022 and its instructions, as we
// understand them; a provider checks the result before filing it):
// - The form is quarterly and its title period reads «за январь – март (январь – июнь, январь –
//   сентябрь, январь – декабрь)», so each quarter's figures are cumulative from the year's start:
//   learners who completed a program from 1 January to the quarter's last day.
// - A learner counts once per program completed (two courses in a period are two lines' worth), as
//   the form counts learners trained, not persons.
// - Age is in full years on the day the training ended; the age bands are the form's (15–24, then
//   five-year bands, 65 and older). Only learners aged 15 and older are counted (the title).
// - Forms of study are the program's (очная, очно-заочная, заочная); «с применением дистанционных
//   образовательных технологий» is a part of the total, whatever the form.
// - What the Bank does not hold — the source of funding, disability — is left empty and marked for
//   the provider to fill in by hand; the Bank's own note lines (no birth date or sex in a profile)
//   tell what still has to be sorted out by hand.
import type { Form1pkLine, Form1pkSection } from '../../contract/form1pk.js';
import type { LearnerCount } from './queries.js';

/** The quarter's last day: the period runs from the year's first day to it. */
export function periodOf(year: number, quarter: number) {
  const ends = ['03-31', '06-30', '09-30', '12-31'];
  return { from: `${year}-01-01`, to: `${year}-${ends[quarter - 1]}` };
}

export const MONTHS_TO = ['март', 'июнь', 'сентябрь', 'декабрь'];

/** The form's age bands: [from, to] full years, `to` null for the last one. */
export const AGE_BANDS: readonly [number, number | null][] = [
  [15, 24],
  [25, 29],
  [30, 34],
  [35, 39],
  [40, 44],
  [45, 49],
  [50, 54],
  [55, 59],
  [60, 64],
  [65, null],
];

const bandTitle = ([from, to]: readonly [number, number | null]) =>
  to === null ? `${from} лет и старше` : `${from}–${to} лет`;

const code = (n: number) => String(n).padStart(2, '0');

type Filter = (c: LearnerCount) => boolean;
const all: Filter = () => true;
const women: Filter = (c) => c.sex === 'female';
const kindIs =
  (kind: LearnerCount['kind']): Filter =>
  (c) =>
    c.kind === kind;
const and =
  (...filters: Filter[]): Filter =>
  (c) =>
    filters.every((f) => f(c));

const line = (
  lineCode: string,
  title: string,
  level: number,
  values: (number | null)[],
  manual = false,
): Form1pkLine => ({ code: lineCode, title, level, values, manual });

export function fillForm(counts: readonly LearnerCount[]): Form1pkSection[] {
  const count = (f: Filter) => counts.reduce((sum, c) => sum + (f(c) ? c.count : 0), 0);

  // Section 1: by program kind and form of study.
  const s1Columns: Form1pkSection['columns'] = [
    { number: 3, title: 'Всего', group: null },
    { number: 4, title: 'из них женщины', group: null },
    { number: 5, title: 'очная', group: 'в том числе по формам обучения' },
    { number: 6, title: 'очно-заочная', group: 'в том числе по формам обучения' },
    { number: 7, title: 'заочная', group: 'в том числе по формам обучения' },
    { number: 8, title: 'с применением дистанционных образовательных технологий', group: 'из графы 3' },
  ];
  const s1Values = (f: Filter) => [
    count(f),
    count(and(f, women)),
    count(and(f, (c) => c.form === 'full_time')),
    count(and(f, (c) => c.form === 'mixed')),
    count(and(f, (c) => c.form === 'extramural')),
    count(and(f, (c) => c.distance)),
  ];
  const empty = (columns: unknown[]) => columns.map(() => null);
  const section1: Form1pkSection = {
    code: '1',
    title:
      'Численность слушателей, обученных по дополнительным профессиональным программам, по видам программ и формам обучения',
    columns: s1Columns,
    lines: [
      line(
        '01',
        'Обучено по дополнительным профессиональным программам — всего (сумма строк 02, 03)',
        0,
        s1Values(all),
      ),
      line('02', 'по программам повышения квалификации', 1, s1Values(kindIs('qualification'))),
      line('03', 'по программам профессиональной переподготовки', 1, s1Values(kindIs('retraining'))),
      line(
        '04',
        'из строки 01 — лица с ограниченными возможностями здоровья и инвалиды',
        1,
        empty(s1Columns),
        true,
      ),
    ],
    note: null,
  };

  // Section 2: by sex and age.
  const s2Columns: Form1pkSection['columns'] = [
    { number: 3, title: 'Всего', group: null },
    { number: 4, title: 'из них женщины', group: null },
    { number: 5, title: 'по программам повышения квалификации', group: 'в том числе' },
    { number: 6, title: 'по программам профессиональной переподготовки', group: 'в том числе' },
  ];
  const s2Values = (f: Filter) => [
    count(f),
    count(and(f, women)),
    count(and(f, kindIs('qualification'))),
    count(and(f, kindIs('retraining'))),
  ];
  const inBand =
    ([from, to]: readonly [number, number | null]): Filter =>
    (c) =>
      c.age !== null && c.age >= from && (to === null || c.age <= to);
  const noAge = count((c) => c.age === null);
  const noSex = count((c) => c.sex === null);
  const last = code(AGE_BANDS.length + 1);
  const section2: Form1pkSection = {
    code: '2',
    title: 'Распределение слушателей по полу и возрасту (число полных лет на дату окончания обучения)',
    columns: s2Columns,
    lines: [
      line('01', `Всего (сумма строк 02–${last})`, 0, s2Values(all)),
      ...AGE_BANDS.map((band, i) =>
        line(code(i + 2), `в возрасте ${bandTitle(band)}`, 1, s2Values(inBand(band))),
      ),
      line(
        '',
        'Справочно: дата рождения не указана в профиле (распределите по возрасту вручную)',
        1,
        s2Values((c) => c.age === null),
      ),
    ],
    note:
      noAge || noSex
        ? `В профилях ${noAge} слушателей нет даты рождения, ${noSex} — пола: уточните их перед сдачей формы.`
        : null,
  };

  // Section 3: by source of funding, which the Bank does not hold.
  const s3Columns: Form1pkSection['columns'] = [
    { number: 3, title: 'Всего', group: null },
    { number: 4, title: 'по программам повышения квалификации', group: 'в том числе' },
    { number: 5, title: 'по программам профессиональной переподготовки', group: 'в том числе' },
  ];
  const funding = [
    'за счёт бюджетных ассигнований федерального бюджета',
    'за счёт бюджетных ассигнований бюджетов субъектов Российской Федерации',
    'за счёт бюджетных ассигнований местных бюджетов',
    'по договорам об оказании платных образовательных услуг за счёт средств физических лиц',
    'по договорам об оказании платных образовательных услуг за счёт средств юридических лиц',
  ];
  const section3: Form1pkSection = {
    code: '3',
    title: 'Распределение слушателей по источникам финансирования обучения',
    columns: s3Columns,
    lines: [
      line('01', 'Всего (сумма строк 02–06)', 0, [
        count(all),
        count(kindIs('qualification')),
        count(kindIs('retraining')),
      ]),
      ...funding.map((title, i) => line(code(i + 2), title, 1, empty(s3Columns), true)),
    ],
    note: 'Банк не хранит источник финансирования обучения: строки 02–06 заполняются вручную.',
  };

  return [section1, section2, section3];
}
