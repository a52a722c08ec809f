// What of CPD histories and the overdue list leaves the server; the spreadsheet's columns.
import type { CpdDocumentKind, CpdHistory, OverdueTeacher } from '../../contract/cpd.js';
import { CPD_RULE_LABEL } from '../../contract/cpd.js';
import type { XlsxColumn } from '../http/xlsx.js';
import type { OverdueRow } from './queries.js';
import type { CpdHistoryResult } from './service.js';

export const presentCpd = (h: CpdHistoryResult): CpdHistory => ({
  teacher: {
    id: String(h.teacher.id),
    fullName: h.teacher.fullName,
    organizationName: h.teacher.organizationName,
    territoryName: h.teacher.territoryName,
    position: h.teacher.position,
  },
  items: h.items.map((i) => ({
    courseId: i.courseId === null ? null : String(i.courseId),
    recordId: i.recordId === null ? null : String(i.recordId),
    programTitle: i.programTitle,
    providerName: i.providerName,
    hours: i.hours,
    startsOn: i.startsOn,
    endsOn: i.endsOn,
    status: i.status,
    certificate:
      i.documentKind !== null
        ? {
            id: i.certificateId === null ? null : String(i.certificateId),
            kind: i.documentKind as CpdDocumentKind,
            series: i.documentSeries,
            number: i.documentNumber ?? '',
            issuedOn: i.issuedOn ?? i.endsOn,
          }
        : null,
    external: i.recordId !== null,
  })),
  lastCompletedOn: h.lastCompletedOn,
  hoursInThreeYears: h.hoursInThreeYears,
  rule: h.rule,
  dueOn: h.dueOn,
  abilities: h.abilities,
});

export const presentOverdue = (r: OverdueRow): OverdueTeacher => ({
  teacherId: String(r.teacherId),
  fullName: r.fullName,
  organizationId: String(r.organizationId),
  organizationName: r.organizationName,
  territoryName: r.territoryName,
  position: r.position,
  lastCompletedOn: r.lastCompletedOn,
  dueOn: r.dueOn,
  rule: r.rule,
});

export const OVERDUE_COLUMNS: readonly XlsxColumn<OverdueRow>[] = [
  { header: 'ФИО', width: 36, value: (r) => r.fullName },
  { header: 'Территория', width: 30, value: (r) => r.territoryName },
  { header: 'Организация', width: 40, value: (r) => r.organizationName },
  { header: 'Должность', width: 24, value: (r) => r.position },
  { header: 'Последнее ПК окончено', width: 16, kind: 'date', value: (r) => r.lastCompletedOn },
  { header: 'Срок следующего ПК', width: 16, kind: 'date', value: (r) => r.dueOn },
  { header: 'Состояние', width: 16, value: (r) => CPD_RULE_LABEL[r.rule] },
];
