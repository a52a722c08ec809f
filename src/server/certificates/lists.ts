// The course's lists as spreadsheets (exceljs through http/xlsx.ts): the group list a records
// office keeps and the register of issued documents (of a course, or of a provider for a period).
import { APPLICATION_STATUS_LABEL } from '../../contract/applications.js';
import { CERTIFICATE_KIND_LABELS } from '../../contract/certificates.js';
import { regionDate } from '../clock.js';
import type { AttendanceMark, CertificateKind } from '../db/schema.js';
import { toXlsx, type XlsxColumn } from '../http/xlsx.js';
import type { CertificateRow, CourseRow, GroupMember, providerOf } from './queries.js';
import { fullNameOf, ruDate } from './snapshot.js';

/** What the course's documents print: the course, its provider's card, its groups and learners. */
export type CourseDocumentsData = {
  course: CourseRow;
  provider: Awaited<ReturnType<typeof providerOf>>;
  /** The groups' numbers. */
  groups: string[];
  /** Everyone who joined a group, with the registration number of her valid document if any. */
  members: (GroupMember & { documentNumber: string | null; documentKind: CertificateKind | null })[];
  /** The days of study and the marks by application and day. */
  days: string[];
  marks: Map<number, Map<string, AttendanceMark>>;
};

type Member = CourseDocumentsData['members'][number];

const GROUP_LIST: XlsxColumn<Member & { n: number }>[] = [
  { header: '№', width: 6, value: (m) => m.n },
  { header: 'ФИО', width: 36, value: (m) => fullNameOf(m) },
  { header: 'Организация', width: 48, value: (m) => m.organization },
  { header: 'Территория', width: 26, value: (m) => m.territory },
  { header: 'Должность', width: 28, value: (m) => m.position ?? '' },
  { header: 'Группа', width: 16, value: (m) => m.groupNumber },
  { header: 'Состояние', width: 22, value: (m) => APPLICATION_STATUS_LABEL[m.status] },
];

/** The group list: one row a learner, numbered, by group and name. */
export const renderGroupList = (data: CourseDocumentsData) =>
  toXlsx(
    `Группа ${data.groups.join(', ')}`.replace(/[\\/?*[\]:]/g, '-'),
    GROUP_LIST,
    data.members.map((m, i) => ({ ...m, n: i + 1 })),
  );

const REGISTER: XlsxColumn<CertificateRow & { n: number }>[] = [
  { header: '№ п/п', width: 7, value: (r) => r.n },
  { header: 'Регистрационный номер', width: 20, value: (r) => r.registrationNumber },
  { header: 'Дата выдачи', width: 13, kind: 'date', value: (r) => r.issuedOn },
  { header: 'Вид документа', width: 34, value: (r) => CERTIFICATE_KIND_LABELS[r.kind] },
  { header: 'Серия бланка', width: 12, value: (r) => r.blankSeries ?? '' },
  { header: 'Номер бланка', width: 14, value: (r) => r.blankNumber },
  { header: 'ФИО владельца', width: 36, value: (r) => fullNameOf(r.snapshot.holder) },
  { header: 'Программа', width: 50, value: (r) => r.snapshot.program.title },
  { header: 'Объём, часов', width: 10, value: (r) => r.snapshot.program.hours },
  {
    header: 'Сроки обучения',
    width: 24,
    value: (r) => `${ruDate(r.snapshot.course.startsOn)} – ${ruDate(r.snapshot.course.endsOn)}`,
  },
  {
    header: 'Аннулирован',
    width: 14,
    kind: 'date',
    value: (r) => (r.revokedAt ? regionDate(r.revokedAt) : null),
  },
  { header: 'Причина аннулирования', width: 30, value: (r) => r.revokeReason ?? '' },
  { header: 'Взамен документа', width: 20, value: (r) => r.replacesNumber ?? '' },
  { header: 'Заменён документом', width: 20, value: (r) => r.replacedByNumber ?? '' },
];

/** The register of issued documents in the order of their numbers. */
export const renderRegister = (rows: CertificateRow[]) =>
  toXlsx(
    'Реестр документов',
    REGISTER,
    rows.map((r, i) => ({ ...r, n: i + 1 })),
  );
