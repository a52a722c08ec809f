// The course's orders as editable Word documents (docx): the enrolment order and the completion
// order, on the provider's letterhead with its requisites, blanks for the order's date and number
// (the records office registers the order and fills them in), the program, its dates and hours,
// the group's list with organizations, and the signatories of the provider's card.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { CourseDocumentsData } from './lists.js';
import { FORM_LABELS } from './pdf.js';
import { fullNameOf, ruDate } from './snapshot.js';

/** «повышения квалификации» / «профессиональной переподготовки» */
export const programKindPhrase = (kind: 'qualification' | 'retraining') =>
  kind === 'retraining' ? 'профессиональной переподготовки' : 'повышения квалификации';

const text = (value: string, options: { bold?: boolean; size?: number } = {}) =>
  new TextRun({ text: value, bold: options.bold, size: options.size });

const para = (
  value: string | TextRun[],
  options: { align?: 'center' | 'right' | 'both'; bold?: boolean; after?: number; size?: number } = {},
) =>
  new Paragraph({
    alignment:
      options.align === 'center'
        ? AlignmentType.CENTER
        : options.align === 'right'
          ? AlignmentType.RIGHT
          : options.align === 'both'
            ? AlignmentType.JUSTIFIED
            : AlignmentType.LEFT,
    spacing: { after: options.after ?? 120 },
    children: typeof value === 'string' ? [text(value, options)] : value,
  });

const cell = (value: string, bold = false, width?: number) =>
  new TableCell({
    children: [new Paragraph({ children: [text(value, { bold, size: 22 })] })],
    width: width ? { size: width, type: WidthType.PERCENTAGE } : undefined,
  });

/** A table with a bold header row; `widths` in percent. */
function table(headers: string[], widths: number[], rows: string[][]) {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({
        tableHeader: true,
        children: headers.map((h, i) => cell(h, true, widths[i])),
      }),
      ...rows.map((r) => new TableRow({ children: r.map((v, i) => cell(v, false, widths[i])) })),
    ],
  });
}

/** The letterhead, the title, the order's date and number to fill, the city. */
function heading(data: CourseDocumentsData, subject: string): Paragraph[] {
  const p = data.provider;
  const requisites = [
    `Лицензия на осуществление образовательной деятельности № ${p.licenseNumber} от ${ruDate(p.licenseDate)}`,
    p.inn ? `ИНН ${p.inn}` : null,
    p.ogrn ? `ОГРН ${p.ogrn}` : null,
    p.address,
  ].filter((v): v is string => Boolean(v));
  return [
    para(p.name, { align: 'center', bold: true, after: 60 }),
    para(requisites.join(', '), { align: 'center', size: 18, after: 360 }),
    para('ПРИКАЗ', { align: 'center', bold: true, size: 28, after: 240 }),
    new Paragraph({
      spacing: { after: 120 },
      tabStops: [{ type: 'right', position: 9300 }],
      children: [text('«___» ______________ 20___ г.'), text('\t№ __________')],
    }),
    para(p.city ?? '', { align: 'center', after: 240 }),
    para(subject, { align: 'center', bold: true, after: 240 }),
  ];
}

function signatures(data: CourseDocumentsData): (Paragraph | Table)[] {
  const signers = data.provider.signatories.length
    ? data.provider.signatories
    : [{ position: 'Руководитель', name: '' }];
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  const borders = {
    top: none,
    bottom: none,
    left: none,
    right: none,
    insideHorizontal: none,
    insideVertical: none,
  };
  return [
    para('', { after: 360 }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      borders,
      rows: signers.map(
        (s) =>
          new TableRow({
            children: [
              cell(s.position, false, 45),
              cell('____________________', false, 25),
              cell(s.name, false, 30),
            ],
          }),
      ),
    }),
  ];
}

/** «по дополнительной профессиональной программе повышения квалификации «…» (72 часа, очная форма)» */
function programPhrase(data: CourseDocumentsData) {
  const pr = data.course.program;
  return (
    `по дополнительной профессиональной программе ${programKindPhrase(pr.kind)} «${pr.title}» ` +
    `в объёме ${pr.hours} ч., форма обучения — ${FORM_LABELS[pr.form]}, ` +
    `с ${ruDate(data.course.startsOn)} по ${ruDate(data.course.endsOn)}`
  );
}

const groupsPhrase = (data: CourseDocumentsData) =>
  data.groups.length === 1 ? `группа № ${data.groups[0]}` : `группы № ${data.groups.join(', ')}`;

async function render(children: (Paragraph | Table)[], title: string): Promise<Buffer> {
  const doc = new Document({
    creator: 'ЕБППК',
    title,
    styles: { default: { document: { run: { font: 'Times New Roman', size: 24 } } } },
    sections: [
      {
        properties: { page: { margin: { top: 1134, bottom: 1134, left: 1701, right: 850 } } },
        children,
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}

type Member = CourseDocumentsData['members'][number];

/** №, name, organization, position, an optional column of the document, and the group when there are several. */
const listRows = (members: Member[], several: boolean, extra?: (m: Member) => string) =>
  members.map((m, i) => [
    String(i + 1),
    fullNameOf(m),
    m.organization,
    m.position ?? '',
    ...(extra ? [extra(m)] : []),
    ...(several ? [m.groupNumber] : []),
  ]);

/** The enrolment order: the learners who joined the course's groups. */
export async function renderEnrolmentOrder(data: CourseDocumentsData): Promise<Buffer> {
  const enrolled = data.members.filter((m) => m.status !== 'no_show' && m.status !== 'forwarded');
  const learners = enrolled.length ? enrolled : data.members;
  const several = data.groups.length > 1;
  const headers = ['№', 'Фамилия, имя, отчество', 'Организация', 'Должность', ...(several ? ['Группа'] : [])];
  const widths = several ? [6, 30, 36, 18, 10] : [6, 32, 40, 22];
  const subject = `О зачислении на обучение по дополнительной профессиональной программе ${programKindPhrase(data.course.program.kind)} «${data.course.program.title}»`;
  return render(
    [
      ...heading(data, subject),
      para(
        'В соответствии с Федеральным законом от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации» ' +
          'и на основании заявок, согласованных муниципальными методистами,',
        { align: 'both' },
      ),
      para('ПРИКАЗЫВАЮ:', { bold: true }),
      para(
        `1. Зачислить на обучение ${programPhrase(data)} (${groupsPhrase(data)}) следующих слушателей (${learners.length} чел.):`,
        { align: 'both' },
      ),
      table(headers, widths, listRows(learners, several)),
      para('', { after: 120 }),
      para(`2. Назначить ответственным за организацию обучения ${data.course.departmentName}.`, {
        align: 'both',
      }),
      para('3. Контроль за исполнением настоящего приказа оставляю за собой.', { align: 'both' }),
      ...signatures(data),
    ],
    'Приказ о зачислении',
  );
}

/** The completion order: who completed (with her document's number) and, separately, who was expelled and why. */
export async function renderCompletionOrder(data: CourseDocumentsData): Promise<Buffer> {
  const completed = data.members.filter((m) => m.status === 'completed');
  const expelled = data.members.filter((m) => m.status === 'not_completed');
  const several = data.groups.length > 1;
  const group = several ? ['Группа'] : [];
  const kind = data.course.program.kind;
  const documentWord =
    kind === 'retraining'
      ? 'диплом о профессиональной переподготовке'
      : 'удостоверение о повышении квалификации';
  const subject = `Об окончании обучения по дополнительной профессиональной программе ${programKindPhrase(kind)} «${data.course.program.title}»`;
  const children: (Paragraph | Table)[] = [
    ...heading(data, subject),
    para(
      'В соответствии с Федеральным законом от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации» ' +
        'и по результатам итоговой аттестации',
      { align: 'both' },
    ),
    para('ПРИКАЗЫВАЮ:', { bold: true }),
    para(
      `1. Считать завершившими обучение ${programPhrase(data)} (${groupsPhrase(data)}), успешно прошедшими ` +
        `итоговую аттестацию, и выдать ${documentWord} установленного образца следующим слушателям (${completed.length} чел.):`,
      { align: 'both' },
    ),
    completed.length
      ? table(
          ['№', 'Фамилия, имя, отчество', 'Организация', 'Должность', 'Рег. номер документа', ...group],
          several ? [6, 26, 30, 14, 14, 10] : [6, 28, 34, 16, 16],
          listRows(completed, several, (m) => m.documentNumber ?? ''),
        )
      : para('Нет.'),
    para('', { after: 120 }),
    para(
      `2. Отчислить как не завершивших обучение, с выдачей справки об обучении, следующих слушателей (${expelled.length} чел.):`,
      { align: 'both' },
    ),
    expelled.length
      ? table(
          ['№', 'Фамилия, имя, отчество', 'Организация', 'Должность', 'Причина отчисления', ...group],
          several ? [6, 24, 28, 14, 18, 10] : [6, 26, 32, 16, 20],
          listRows(expelled, several, (m) => m.reason ?? ''),
        )
      : para('Нет.'),
    para('', { after: 120 }),
    para('3. Контроль за исполнением настоящего приказа оставляю за собой.', { align: 'both' }),
    ...signatures(data),
  ];
  return render(children, 'Приказ об окончании обучения');
}
