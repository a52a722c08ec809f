// Use cases of the course's documents for the records office: the enrolment and completion orders
// (DOCX), the group list (XLSX), the attendance sheet and the final assessment record (PDF), the
// register of the course's documents (XLSX), and the register of a provider's documents for a
// period. Each lists learners' personal data, so each download is audited.
import type { RegisterQuery } from '../../contract/certificates.js';
import type { Actor, Who } from '../access/actor.js';
import { recordAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { AttendanceMark } from '../db/schema.js';
import { Conflict } from '../http/errors.js';
import { type CourseDocumentsData, renderGroupList, renderRegister } from './lists.js';
import { renderCompletionOrder, renderEnrolmentOrder } from './orders.js';
import { periodScope } from './period.js';
import { certificatePolicy } from './policy.js';
import * as q from './queries.js';
import { renderAttendanceSheet, renderFinalRecord } from './sheets.js';
import { ruDate } from './snapshot.js';

type Signed = Who & { actor: Actor };
const { authorize, authorizeAttempt } = certificatePolicy;

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const PDF_TYPE = 'application/pdf';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The course's documents of this kind: the file's type, what it is called, how it is built. */
export const COURSE_DOCUMENTS = {
  'enrolment-order.docx': {
    type: DOCX_TYPE,
    title: 'Приказ о зачислении',
    summary: 'Приказ о зачислении (DOCX)',
    needsGroup: true,
    render: renderEnrolmentOrder,
  },
  'completion-order.docx': {
    type: DOCX_TYPE,
    title: 'Приказ об окончании обучения',
    summary: 'Приказ об окончании обучения и отчислении (DOCX)',
    needsGroup: true,
    render: renderCompletionOrder,
  },
  'group-list.xlsx': {
    type: XLSX_TYPE,
    title: 'Список группы',
    summary: 'Список группы (XLSX)',
    needsGroup: true,
    render: renderGroupList,
  },
  'attendance-sheet.pdf': {
    type: PDF_TYPE,
    title: 'Ведомость посещаемости',
    summary: 'Ведомость посещаемости (PDF)',
    needsGroup: true,
    render: renderAttendanceSheet,
  },
  'final-record.pdf': {
    type: PDF_TYPE,
    title: 'Ведомость итоговой аттестации',
    summary: 'Ведомость итоговой аттестации (PDF)',
    needsGroup: true,
    render: renderFinalRecord,
  },
  'certificate-register.xlsx': {
    type: XLSX_TYPE,
    title: 'Реестр выданных документов',
    summary: 'Реестр выданных документов курса (XLSX)',
    needsGroup: false,
    render: null,
  },
} as const;
export type CourseDocumentKind = keyof typeof COURSE_DOCUMENTS;

/** A name a file system takes: no path separators or reserved characters. */
const fileName = (name: string) => name.replace(/[\\/:*?"<>|]+/g, '-');

async function exportableCourse(ctx: Ctx, who: Signed, courseId: number) {
  authorizeAttempt(who.actor, 'certificate.export');
  const course = await q.courseOf(ctx.db, who.actor, courseId);
  return authorize(who.actor, 'certificate.export', course);
}

async function documentsData(ctx: Ctx, course: q.CourseRow): Promise<CourseDocumentsData> {
  const [provider, groups, members, certificates, days, marks] = await Promise.all([
    q.providerOf(ctx.db, course.providerId),
    q.groupsOf(ctx.db, course.id),
    q.groupMembersOf(ctx.db, course.id),
    q.certificatesOfCourse(ctx.db, course.id),
    q.studyDaysOf(ctx.db, course.id),
    q.attendanceOf(ctx.db, course.id),
  ]);
  const valid = new Map(certificates.filter((c) => !c.revokedAt).map((c) => [c.applicationId, c]));
  const byApplication = new Map<number, Map<string, AttendanceMark>>();
  for (const m of marks) {
    const days_ = byApplication.get(m.applicationId) ?? new Map<string, AttendanceMark>();
    days_.set(m.day, m.mark);
    byApplication.set(m.applicationId, days_);
  }
  return {
    course,
    provider,
    groups: groups.map((g) => g.number),
    members: members.map((m) => ({
      ...m,
      documentNumber: valid.get(m.applicationId)?.registrationNumber ?? null,
      documentKind: valid.get(m.applicationId)?.kind ?? null,
    })),
    days,
    marks: byApplication,
  };
}

/** One of the course's documents with the name a records office files it under; audited. */
export async function courseDocument(ctx: Ctx, who: Signed, courseId: number, kind: CourseDocumentKind) {
  const course = await exportableCourse(ctx, who, courseId);
  const spec = COURSE_DOCUMENTS[kind];
  let content: Buffer;
  let rows: number;
  let name: string;
  if (spec.render === null) {
    const certificates = await q.certificatesOfCourse(ctx.db, courseId);
    content = await renderRegister(certificates);
    rows = certificates.length;
    name = `${spec.title} — ${course.program.title.slice(0, 80)} (${ruDate(course.startsOn)}–${ruDate(course.endsOn)}).xlsx`;
  } else {
    const data = await documentsData(ctx, course);
    if (spec.needsGroup && data.groups.length === 0)
      throw new Conflict('У курса ещё нет групп: документ появится, когда группа будет сформирована');
    content = await spec.render(data);
    rows = data.members.length;
    const extension = kind.slice(kind.lastIndexOf('.'));
    name = `${spec.title} — группа ${data.groups.join(', ')}${extension}`;
  }
  await recordAudit(ctx.db, ctx.now(), who, {
    action: 'certificate.exported',
    entityType: 'course',
    entityId: courseId,
    after: { file: kind, rows },
  });
  return { content, type: spec.type, name: fileName(name) };
}

/**
 * The register of the provider's documents issued in the period — of the departments the actor
 * keeps (period.ts `periodScope`).
 */
export async function providerRegister(ctx: Ctx, who: Signed, providerId: number, period: RegisterQuery) {
  const provider = await periodScope(ctx, who, providerId, period);
  const rows = await q.registerOf(ctx.db, providerId, provider.departmentIds, period.from, period.to);
  const content = await renderRegister(rows);
  await recordAudit(ctx.db, ctx.now(), who, {
    action: 'certificate.exported',
    entityType: 'provider',
    entityId: providerId,
    after: { file: 'register.xlsx', from: period.from, to: period.to, rows: rows.length },
  });
  return {
    content,
    name: fileName(
      `Реестр выданных документов — ${provider.shortName ?? provider.name} — ${ruDate(period.from)}–${ruDate(period.to)}.xlsx`,
    ),
  };
}
