// Every route × every role, inside and outside its scope. The table below says who may call
// each route; the test checks that the table covers exactly the routes the API publishes, that
// those allowed are let through (whatever the business answer) and that everyone else gets
// 401 (not signed in), 403 (not allowed) or 404 (out of scope). Where a route says which actors
// the row is hidden from, it holds the one 403/404 rule exactly: those get 404, everyone else 403.
import { beforeAll, describe, expect, it } from 'vitest';
import { issueCertificates } from '../src/server/certificates/service.js';
import { periodDocumentsJob } from '../src/server/jobs/definitions/period-documents.js';
import type { JobDefinition } from '../src/server/jobs/queue.js';
import { startPeriodJob } from '../src/server/jobs/service.js';
import { runDueJobs } from '../src/server/jobs/worker.js';
import { notify } from '../src/server/notifications/notify.js';
import { type Session, testApp } from './app.js';
import {
  buildApplication,
  buildConversation,
  buildCourse,
  buildDepartment,
  buildExternalCpd,
  buildFile,
  buildGroup,
  buildOrganization,
  buildProgram,
  buildProvider,
  buildTerritory,
  buildUser,
  FULL_PERSONAL_DATA,
  multipartBody,
  PDF_BYTES,
  TEST_PASSWORD,
} from './factories.js';

const t = await testApp({
  LOGIN_FAILURES_PER_LOGIN: '1000',
  LOGIN_FAILURES_PER_LOGIN_ADDRESS: '1000',
  LOGIN_FAILURES_PER_ADDRESS: '100000',
});

const ACTORS = [
  'anonymous',
  'operator',
  'provider_admin',
  'head',
  'manager',
  'methodist',
  'teacher',
  'provider_admin_other',
  'head_other',
] as const;
type ActorName = (typeof ACTORS)[number];
const SIGNED_IN = ACTORS.filter((a) => a !== 'anonymous');

type Fixture = {
  territoryId: number;
  organizationId: number;
  providerId: number;
  departmentId: number;
  targetManagerId: number;
  programId: number;
  /** A published course of the department. */
  courseId: number;
  /** Published courses, one taken by each call that moves a course along its lifecycle. */
  freshCourseIds: number[];
  /** A file of `courseId`. */
  fileId: number;
  /** Files of `courseId` and of `programId`, one taken by each call that deletes one. */
  courseFileIds: number[];
  programFileIds: number[];
  /** A conversation about `courseId` with the territory. */
  conversationId: number;
  /** Forwarded applications of the teacher to `courseId`, one taken by each call that acts on one. */
  applicationIds: number[];
  /** A course on its first days (closed for applications) with the teacher's forwarded application. */
  journalCourseId: number;
  journalApplicationId: number;
  /** A notification of the teacher's (set once the actors exist). */
  teacherNotificationId: number;
  /** A group of `courseId` (empty: the course is only published). */
  groupId: number;
  /** The teacher (set once the actors exist) and her external CPD records, one taken by each removal. */
  teacherId: number;
  externalCpdIds: number[];
  /** An import of teachers the methodist uploaded. */
  importId: string;
  /** An archived course of the department on which the teacher learned. */
  archivedCourseId: number;
  /** A finished course of the department with issued documents. */
  finishedCourseId: number;
  /** The teacher's certificate on it, and its registration number. */
  certificateId: number;
  certificateNumber: string;
  /** Other learners' certificates, one taken by each call that revokes or reissues one. */
  certificateIds: number[];
  /** A done job of the department's head: the register of the provider for a period. */
  jobId: string;
  /** A reporting period that has ended (open). */
  periodId: number;
};

type Rule = {
  allowed: readonly ActorName[];
  path?: (f: Fixture) => string;
  body?: (f: Fixture) => unknown;
  /** Headers of a body that is not JSON (a multipart upload). */
  headers?: Record<string, string>;
  /** The call ends the session it is made with: each actor signs in anew for it. */
  endsSession?: true;
  /**
   * The signed-in actors refused with 404: their role may attempt the call, but its row lies
   * outside what they see. Every other refused actor gets 403. Without it, either is accepted.
   */
  hidden?: readonly ActorName[];
};

let n = 0;
const unique = (s: string) => `${s} ${++n}-${Math.random().toString(36).slice(2, 7)}`;
const manage = ['operator', 'provider_admin', 'head'] as const;
const staff = ['head', 'manager'] as const;
const readers = ['operator', 'provider_admin', 'head', 'manager'] as const;
/** The other provider's administrator and the other department's head: rows of ours are not theirs to know. */
const others = ['provider_admin_other', 'head_other'] as const;
/** The sides of a conversation: the course's department and the territory's methodist. */
const sides = ['head', 'manager', 'methodist'] as const;
const upload = multipartBody({ title: 'Учебный план' }, { name: 'План.pdf', content: PDF_BYTES });
const importUpload = multipartBody(
  {},
  {
    name: 'педагоги.csv',
    content: Buffer.from('Фамилия;Имя;E-mail;Должность;Организация\nОрлова;Вера;x@y.ru;учитель;Нет\n'),
  },
);
const take = (ids: number[]) => ids.shift() ?? 0;

const documentReaders = ['operator', 'head', 'manager'] as const;
const courseDocuments = (file: string): Rule => ({
  allowed: documentReaders,
  hidden: ['head_other'],
  path: (f) => `/api/v1/courses/${f.finishedCourseId}/${file}`,
});

/** A provider's documents for a period: its departments' staff, its administrator, the operator. */
const periodReaders = ['operator', 'provider_admin', 'head', 'manager'] as const;
const periodDocuments = (file: string): Rule => ({
  allowed: periodReaders,
  hidden: others,
  path: (f) => `/api/v1/providers/${f.providerId}/certificates/${file}?from=2026-01-01&to=2026-12-31`,
});

const matrix: Record<string, Rule> = {
  'GET /api/v1/health': { allowed: ACTORS },
  'POST /api/v1/auth/login': {
    allowed: ACTORS,
    body: () => ({ login: logins.get('teacher'), password: TEST_PASSWORD }),
  },
  'POST /api/v1/auth/signup': {
    allowed: ACTORS,
    body: (f) => ({
      email: `${unique('m').replace(/\W/g, '')}@example.ru`,
      password: 'Сирень-над-Камой-7',
      lastName: 'Сидорова',
      firstName: 'Ирина',
      organizationId: String(f.organizationId),
      position: 'учитель',
      personalDataConsent: true,
    }),
  },
  'POST /api/v1/auth/logout': { allowed: SIGNED_IN, endsSession: true },
  'POST /api/v1/auth/password': {
    allowed: SIGNED_IN,
    body: () => ({ currentPassword: 'wrong', newPassword: 'НовыйПароль1' }),
  },
  'POST /api/v1/auth/recovery': { allowed: ACTORS, body: () => ({ email: 'nobody@example.ru' }) },
  // Without a valid link the answer is 422 for everyone: the link, not a session, is the permission.
  'POST /api/v1/auth/recovery/confirm': {
    allowed: ACTORS,
    body: () => ({ token: 'no-such-token', newPassword: 'Сирень-над-Камой-7' }),
  },
  'POST /api/v1/auth/invitation/confirm': {
    allowed: ACTORS,
    body: () => ({ token: 'no-such-token', newPassword: 'Сирень-над-Камой-7' }),
  },
  'POST /api/v1/auth/email/confirm': { allowed: ACTORS, body: () => ({ token: 'no-such-token' }) },
  'POST /api/v1/auth/email/confirmation': { allowed: SIGNED_IN },
  'GET /api/v1/me': { allowed: SIGNED_IN },

  'GET /api/v1/territories': { allowed: ACTORS },
  'GET /api/v1/territories/{id}': { allowed: ACTORS, path: (f) => `/api/v1/territories/${f.territoryId}` },
  'POST /api/v1/territories': { allowed: ['operator'], body: () => ({ name: unique('Территория') }) },
  'PATCH /api/v1/territories/{id}': {
    allowed: ['operator'],
    path: (f) => `/api/v1/territories/${f.territoryId}`,
    body: () => ({ name: unique('Территория') }),
  },
  'GET /api/v1/organizations': { allowed: ACTORS },
  'GET /api/v1/organizations/{id}': {
    allowed: ACTORS,
    path: (f) => `/api/v1/organizations/${f.organizationId}`,
  },
  'POST /api/v1/organizations': {
    allowed: ['operator'],
    body: (f) => ({ name: unique('Школа'), territoryId: String(f.territoryId) }),
  },
  'PATCH /api/v1/organizations/{id}': {
    allowed: ['operator'],
    path: (f) => `/api/v1/organizations/${f.organizationId}`,
    body: () => ({ name: unique('Школа') }),
  },
  'GET /api/v1/providers': { allowed: ACTORS },
  'GET /api/v1/providers/{id}': { allowed: ACTORS, path: (f) => `/api/v1/providers/${f.providerId}` },
  'POST /api/v1/providers': {
    allowed: ['operator'],
    body: () => ({ name: unique('Поставщик'), licenseNumber: '59Л01 0001', licenseDate: '2020-01-01' }),
  },
  'PATCH /api/v1/providers/{id}': {
    allowed: ['operator', 'provider_admin'],
    path: (f) => `/api/v1/providers/${f.providerId}`,
    body: () => ({ address: unique('г. Пермь, ул. Екатерининская') }),
  },
  'GET /api/v1/providers/{id}/departments': {
    allowed: ACTORS,
    path: (f) => `/api/v1/providers/${f.providerId}/departments`,
  },
  'POST /api/v1/providers/{id}/departments': {
    allowed: ['operator', 'provider_admin'],
    path: (f) => `/api/v1/providers/${f.providerId}/departments`,
    body: () => ({ name: unique('Отдел') }),
  },
  'GET /api/v1/departments': { allowed: ACTORS },
  'GET /api/v1/departments/{id}': { allowed: ACTORS, path: (f) => `/api/v1/departments/${f.departmentId}` },
  'PATCH /api/v1/departments/{id}': {
    allowed: ['operator', 'provider_admin'],
    path: (f) => `/api/v1/departments/${f.departmentId}`,
    body: () => ({ name: unique('Отдел') }),
  },
  'GET /api/v1/positions': { allowed: ACTORS },
  'GET /api/v1/positions/{id}': { allowed: ACTORS, path: () => '/api/v1/positions/1' },
  'POST /api/v1/positions': { allowed: ['operator'], body: () => ({ name: unique('должность') }) },
  'PATCH /api/v1/positions/{id}': {
    allowed: ['operator'],
    path: () => '/api/v1/positions/1',
    body: () => ({ name: unique('должность') }),
  },

  'GET /api/v1/users': { allowed: [...manage, 'provider_admin_other', 'head_other'], hidden: [] },
  'GET /api/v1/users/{id}': {
    allowed: manage,
    path: (f) => `/api/v1/users/${f.targetManagerId}`,
    hidden: others,
  },
  'POST /api/v1/users': {
    allowed: manage,
    hidden: [],
    body: (f) => ({
      login: `m${++n}${Math.random().toString(36).slice(2, 7)}`,
      password: 'Времен1234',
      lastName: 'Козлова',
      firstName: 'Елена',
      roles: [{ role: 'manager', departmentId: String(f.departmentId) }],
    }),
  },
  'PATCH /api/v1/users/{id}': {
    allowed: manage,
    hidden: others,
    path: (f) => `/api/v1/users/${f.targetManagerId}`,
    body: () => ({ firstName: unique('Ольга') }),
  },
  'PUT /api/v1/users/{id}/roles': {
    allowed: ['operator'],
    hidden: [],
    path: (f) => `/api/v1/users/${f.targetManagerId}/roles`,
    body: (f) => ({ roles: [{ role: 'manager', departmentId: String(f.departmentId) }] }),
  },
  'POST /api/v1/users/{id}/block': {
    allowed: manage,
    hidden: others,
    path: (f) => `/api/v1/users/${f.targetManagerId}/block`,
  },
  'POST /api/v1/users/{id}/unblock': {
    allowed: manage,
    hidden: others,
    path: (f) => `/api/v1/users/${f.targetManagerId}/unblock`,
  },
  'POST /api/v1/users/{id}/password-reset': {
    allowed: manage,
    hidden: others,
    path: (f) => `/api/v1/users/${f.targetManagerId}/password-reset`,
  },
  'GET /api/v1/audit': { allowed: ['operator'], hidden: [] },
  'GET /api/v1/audit.xlsx': { allowed: ['operator'], hidden: [] },
  'GET /api/v1/me/profile': { allowed: ['teacher'], hidden: [] },
  'PUT /api/v1/me/profile': {
    allowed: ['teacher'],
    hidden: [],
    body: () => ({ sex: 'female', snils: '112-233-445 95' }),
  },
  'GET /api/v1/conversations': { allowed: [...sides, 'head_other'], hidden: [] },
  'GET /api/v1/conversations/unread-count': { allowed: [...sides, 'head_other'], hidden: [] },
  'GET /api/v1/conversations/{id}': {
    allowed: sides,
    hidden: ['head_other'],
    path: (f) => `/api/v1/conversations/${f.conversationId}`,
  },
  'POST /api/v1/conversations/{id}/read': {
    allowed: sides,
    hidden: ['head_other'],
    path: (f) => `/api/v1/conversations/${f.conversationId}/read`,
  },
  'GET /api/v1/courses/{courseId}/conversations/{territoryId}': {
    allowed: sides,
    hidden: ['head_other'],
    path: (f) => `/api/v1/courses/${f.courseId}/conversations/${f.territoryId}`,
  },
  'POST /api/v1/courses/{courseId}/conversations/{territoryId}/messages': {
    allowed: sides,
    hidden: ['head_other'],
    path: (f) => `/api/v1/courses/${f.courseId}/conversations/${f.territoryId}/messages`,
    body: () => ({ body: unique('Добрый день! Сколько заявок уже передано?') }),
  },
  'GET /api/v1/notifications': { allowed: SIGNED_IN },
  'GET /api/v1/notifications/unread-count': { allowed: SIGNED_IN },
  'POST /api/v1/notifications/{id}/read': {
    allowed: ['teacher'],
    hidden: SIGNED_IN.filter((a) => a !== 'teacher'),
    path: (f) => `/api/v1/notifications/${f.teacherNotificationId}/read`,
  },
  'POST /api/v1/notifications/read-all': { allowed: SIGNED_IN },
  'GET /api/v1/me/notification-settings': { allowed: SIGNED_IN },
  'PUT /api/v1/me/notification-settings': { allowed: SIGNED_IN, body: () => ({ email: {} }) },
  'GET /api/v1/outbox': { allowed: ['operator'], hidden: [] },

  'POST /api/v1/applications': {
    allowed: ['teacher'],
    hidden: [],
    body: (f) => ({ courseId: String(f.courseId) }),
  },
  'GET /api/v1/applications': { allowed: SIGNED_IN },
  'GET /api/v1/applications.xlsx': { allowed: SIGNED_IN },
  'GET /api/v1/applications/{id}': {
    allowed: [...readers, 'methodist', 'teacher'],
    hidden: others,
    path: (f) => `/api/v1/applications/${f.applicationIds[0]}`,
  },
  'POST /api/v1/applications/{id}/actions/{action}': {
    allowed: ['methodist', 'teacher'],
    hidden: [],
    path: (f) => `/api/v1/applications/${take(f.applicationIds)}/actions/withdraw`,
  },
  'POST /api/v1/applications/actions/{action}': {
    allowed: ['methodist', 'teacher'],
    hidden: [],
    path: () => '/api/v1/applications/actions/withdraw',
    body: (f) => ({ ids: [String(take(f.applicationIds))] }),
  },
  'GET /api/v1/teachers': { allowed: ['operator', 'methodist'], hidden: [] },
  'GET /api/v1/teachers.xlsx': { allowed: ['operator', 'methodist'], hidden: [] },
  'POST /api/v1/teachers': {
    allowed: ['operator', 'methodist'],
    hidden: [],
    body: (f) => ({
      lastName: 'Приглашённая',
      firstName: 'Анна',
      email: `${unique('invited').replace(/\W/g, '')}@school.example`,
      organizationId: String(f.organizationId),
      position: 'учитель',
    }),
  },
  'GET /api/v1/teachers/{id}': {
    allowed: ['operator', 'methodist'],
    hidden: [],
    path: (f) => `/api/v1/teachers/${f.teacherId}`,
  },
  'PATCH /api/v1/teachers/{id}': {
    allowed: ['operator', 'methodist'],
    hidden: [],
    path: (f) => `/api/v1/teachers/${f.teacherId}`,
    body: (f) => ({ organizationId: String(f.organizationId) }),
  },
  'POST /api/v1/teachers/{id}/invitation': {
    allowed: ['operator', 'methodist'],
    hidden: [],
    path: (f) => `/api/v1/teachers/${f.teacherId}/invitation`,
  },
  'GET /api/v1/imports/template.xlsx': { allowed: ['operator', 'methodist'], hidden: [] },
  'POST /api/v1/imports': {
    allowed: ['operator', 'methodist'],
    hidden: [],
    body: () => importUpload.payload,
    headers: importUpload.headers,
  },
  'GET /api/v1/imports/{id}': {
    allowed: ['operator', 'methodist'],
    hidden: [],
    path: (f) => `/api/v1/imports/${f.importId}`,
  },
  'GET /api/v1/imports/{id}/rows': {
    allowed: ['operator', 'methodist'],
    hidden: [],
    path: (f) => `/api/v1/imports/${f.importId}/rows`,
  },
  'POST /api/v1/imports/{id}/apply': {
    allowed: ['operator', 'methodist'],
    hidden: [],
    path: (f) => `/api/v1/imports/${f.importId}/apply`,
  },
  'GET /api/v1/courses/{id}/certificates': courseDocuments('certificates'),
  'POST /api/v1/courses/{id}/certificates': {
    allowed: staff,
    hidden: ['head_other'],
    path: (f) => `/api/v1/courses/${f.finishedCourseId}/certificates`,
    body: () => ({}),
  },
  'GET /api/v1/courses/{id}/documents/certificates.pdf': courseDocuments('documents/certificates.pdf'),
  'GET /api/v1/courses/{id}/documents/frdo-check': courseDocuments('documents/frdo-check'),
  'GET /api/v1/courses/{id}/documents/frdo.xlsx': courseDocuments('documents/frdo.xlsx'),
  'GET /api/v1/courses/{id}/documents/enrolment-order.docx': courseDocuments(
    'documents/enrolment-order.docx',
  ),
  'GET /api/v1/courses/{id}/documents/completion-order.docx': courseDocuments(
    'documents/completion-order.docx',
  ),
  'GET /api/v1/courses/{id}/documents/group-list.xlsx': courseDocuments('documents/group-list.xlsx'),
  'GET /api/v1/courses/{id}/documents/attendance-sheet.pdf': courseDocuments(
    'documents/attendance-sheet.pdf',
  ),
  'GET /api/v1/courses/{id}/documents/final-record.pdf': courseDocuments('documents/final-record.pdf'),
  'GET /api/v1/courses/{id}/documents/certificate-register.xlsx': courseDocuments(
    'documents/certificate-register.xlsx',
  ),
  'GET /api/v1/providers/{id}/certificates/register.xlsx': {
    allowed: periodReaders,
    hidden: others,
    path: (f) => `/api/v1/providers/${f.providerId}/certificates/register.xlsx?from=2026-01-01&to=2026-12-31`,
  },
  'GET /api/v1/providers/{id}/certificates/summary': periodDocuments('summary'),
  'GET /api/v1/providers/{id}/certificates/frdo.xlsx': periodDocuments('frdo.xlsx'),
  'GET /api/v1/providers/{id}/certificates/certificates.pdf': periodDocuments('certificates.pdf'),
  'POST /api/v1/providers/{id}/certificates/jobs': {
    allowed: periodReaders,
    hidden: others,
    path: (f) => `/api/v1/providers/${f.providerId}/certificates/jobs`,
    body: () => ({ file: 'register.xlsx', from: '2026-01-01', to: '2026-12-31' }),
  },
  // The upload is no workbook: the administrator gets a 422, everyone else is refused before it is read.
  'PUT /api/v1/providers/{id}/frdo-template': {
    allowed: ['provider_admin'],
    hidden: ['provider_admin_other'],
    path: (f) => `/api/v1/providers/${f.providerId}/frdo-template`,
    body: () => upload.payload,
    headers: upload.headers,
  },
  'DELETE /api/v1/providers/{id}/frdo-template': {
    allowed: ['provider_admin'],
    hidden: ['provider_admin_other'],
    path: (f) => `/api/v1/providers/${f.providerId}/frdo-template`,
  },
  // A job is its starter's alone: to everyone else, whatever the role, it does not exist.
  'GET /api/v1/jobs': { allowed: SIGNED_IN },
  'GET /api/v1/jobs/{id}': {
    allowed: ['head'],
    hidden: SIGNED_IN.filter((a) => a !== 'head'),
    path: (f) => `/api/v1/jobs/${f.jobId}`,
  },
  'GET /api/v1/jobs/{id}/result': {
    allowed: ['head'],
    hidden: SIGNED_IN.filter((a) => a !== 'head'),
    path: (f) => `/api/v1/jobs/${f.jobId}/result`,
  },
  'GET /api/v1/certificates/{id}/pdf': {
    allowed: [...documentReaders, 'teacher'],
    hidden: ['head_other'],
    path: (f) => `/api/v1/certificates/${f.certificateId}/pdf`,
  },
  'POST /api/v1/certificates/{id}/actions/{action}': {
    allowed: staff,
    hidden: ['head_other'],
    path: (f) => `/api/v1/certificates/${take(f.certificateIds)}/actions/revoke`,
    body: () => ({ reason: 'Ошибка в дате рождения' }),
  },
  'GET /api/v1/certificates/verify/{number}': {
    allowed: ACTORS,
    path: (f) => `/api/v1/certificates/verify/${f.certificateNumber}`,
  },
  'GET /api/v1/courses/{id}/places': {
    allowed: [...readers, 'methodist'],
    hidden: others,
    path: (f) => `/api/v1/courses/${f.courseId}/places`,
  },
  'GET /api/v1/courses/{id}/groups': {
    allowed: [...readers, 'methodist'],
    hidden: others,
    path: (f) => `/api/v1/courses/${f.courseId}/groups`,
  },
  // Let through to the course's state: a published course has no first day yet (409).
  'POST /api/v1/courses/{id}/groups': {
    allowed: staff,
    hidden: ['head_other'],
    path: (f) => `/api/v1/courses/${f.courseId}/groups`,
    body: () => ({}),
  },
  'PATCH /api/v1/groups/{id}': {
    allowed: staff,
    hidden: ['head_other'],
    path: (f) => `/api/v1/groups/${f.groupId}`,
    body: () => ({ number: unique('Г') }),
  },

  'GET /api/v1/catalog': { allowed: ACTORS },
  'GET /api/v1/catalog/{id}': { allowed: ACTORS, path: (f) => `/api/v1/catalog/${f.courseId}` },
  'GET /api/v1/catalog/{id}/schedule.ics': {
    allowed: ACTORS,
    path: (f) => `/api/v1/catalog/${f.courseId}/schedule.ics`,
  },
  'GET /api/v1/files/{id}': { allowed: ACTORS, path: (f) => `/api/v1/files/${f.fileId}` },
  'GET /api/v1/programs': { allowed: [...readers, 'provider_admin_other', 'head_other'] },
  'GET /api/v1/programs/{id}': { allowed: readers, path: (f) => `/api/v1/programs/${f.programId}` },
  'POST /api/v1/programs': {
    allowed: staff,
    body: (f) => ({
      departmentId: String(f.departmentId),
      title: unique('Программа'),
      annotation: 'Аннотация',
      hours: 36,
      kind: 'qualification',
      form: 'full_time',
      distance: false,
    }),
  },
  'PATCH /api/v1/programs/{id}': {
    allowed: staff,
    path: (f) => `/api/v1/programs/${f.programId}`,
    body: () => ({ title: unique('Программа') }),
  },
  'POST /api/v1/programs/{id}/files': {
    allowed: staff,
    path: (f) => `/api/v1/programs/${f.programId}/files`,
    body: () => upload.payload,
    headers: upload.headers,
  },
  'DELETE /api/v1/programs/{id}/files/{fileId}': {
    allowed: staff,
    path: (f) => `/api/v1/programs/${f.programId}/files/${take(f.programFileIds)}`,
  },
  'GET /api/v1/courses': { allowed: [...readers, 'provider_admin_other', 'head_other'] },
  'GET /api/v1/courses.xlsx': { allowed: [...readers, 'provider_admin_other', 'head_other'] },
  'GET /api/v1/courses/{id}': { allowed: readers, path: (f) => `/api/v1/courses/${f.courseId}` },
  'GET /api/v1/courses/{id}/history': {
    allowed: readers,
    path: (f) => `/api/v1/courses/${f.courseId}/history`,
  },
  'POST /api/v1/courses': {
    allowed: staff,
    body: (f) => ({
      programId: String(f.programId),
      startsOn: '2027-02-01',
      endsOn: '2027-02-02',
      applyUntil: '2027-01-20',
      capacity: 20,
      place: 'г. Пермь',
      schedule: [{ date: '2027-02-01', startsAt: '10:00', endsAt: '12:00', topic: 'Введение' }],
    }),
  },
  'PATCH /api/v1/courses/{id}': {
    allowed: staff,
    path: (f) => `/api/v1/courses/${f.courseId}`,
    body: () => ({ place: unique('г. Пермь, ауд.') }),
  },
  'PUT /api/v1/courses/{id}/quotas': {
    allowed: staff,
    path: (f) => `/api/v1/courses/${f.courseId}/quotas`,
    body: (f) => [{ territoryId: String(f.territoryId), places: 5 }],
  },
  'PUT /api/v1/courses/{id}/manager': {
    allowed: ['head'],
    path: (f) => `/api/v1/courses/${f.courseId}/manager`,
    body: (f) => ({ managerId: String(f.targetManagerId) }),
  },
  'POST /api/v1/courses/{id}/actions/{action}': {
    allowed: staff,
    path: (f) => `/api/v1/courses/${take(f.freshCourseIds)}/actions/close`,
  },
  'GET /api/v1/archive/courses': { allowed: [...readers, 'methodist', ...others], hidden: [] },
  'GET /api/v1/archive/courses.xlsx': { allowed: [...readers, 'methodist', ...others], hidden: [] },
  'GET /api/v1/archive/courses/{id}': {
    allowed: [...readers, 'methodist'],
    hidden: others,
    path: (f) => `/api/v1/archive/courses/${f.archivedCourseId}`,
  },
  'GET /api/v1/me/cpd': { allowed: ['teacher'], hidden: [] },
  'GET /api/v1/reports/periods': { allowed: [...readers, 'methodist', ...others], hidden: [] },
  'POST /api/v1/reports/periods': {
    allowed: ['operator'],
    hidden: [],
    body: () => ({ name: unique('Период'), kind: 'custom', startsOn: '2025-02-01', endsOn: '2025-02-15' }),
  },
  'PUT /api/v1/reports/periods/{id}': {
    allowed: ['operator'],
    hidden: [],
    path: (f) => `/api/v1/reports/periods/${f.periodId}`,
    body: () => ({ name: unique('Период'), kind: 'year', startsOn: '2025-01-01', endsOn: '2025-12-31' }),
  },
  'POST /api/v1/reports/periods/{id}/close': {
    allowed: ['operator'],
    hidden: [],
    path: (f) => `/api/v1/reports/periods/${f.periodId}/close`,
  },
  'POST /api/v1/reports/periods/{id}/reopen': {
    allowed: ['operator'],
    hidden: [],
    path: (f) => `/api/v1/reports/periods/${f.periodId}/reopen`,
    body: () => ({ reason: 'Исправлены итоги' }),
  },
  'GET /api/v1/reports/summary': {
    allowed: [...readers, 'methodist', ...others],
    hidden: [],
    path: () => '/api/v1/reports/summary?from=2026-01-01&to=2026-12-31&by=territory',
  },
  'GET /api/v1/reports/summary.xlsx': {
    allowed: [...readers, 'methodist', ...others],
    hidden: [],
    path: () => '/api/v1/reports/summary.xlsx?from=2026-01-01&to=2026-12-31&by=territory,form',
  },
  'GET /api/v1/teachers/overdue': { allowed: ['operator', 'methodist'], hidden: [] },
  'GET /api/v1/teachers/overdue.xlsx': { allowed: ['operator', 'methodist'], hidden: [] },
  // Each dashboard is one role's, scoped in SQL: nobody else may open it, nobody is told of a row.
  'GET /api/v1/dashboards/manager': { allowed: ['manager'], hidden: [] },
  'GET /api/v1/dashboards/methodist': { allowed: ['methodist'], hidden: [] },
  'GET /api/v1/dashboards/head': { allowed: ['head', 'head_other'], hidden: [] },
  'GET /api/v1/dashboards/region': { allowed: ['operator'], hidden: [] },
  'GET /api/v1/dashboards/region.xlsx': { allowed: ['operator'], hidden: [] },
  'GET /api/v1/reports/form-1pk': {
    allowed: ['operator', 'provider_admin'],
    hidden: ['provider_admin_other'],
    path: (f) => `/api/v1/reports/form-1pk?year=2026&quarter=4&providerId=${f.providerId}`,
  },
  'GET /api/v1/reports/form-1pk.xlsx': {
    allowed: ['operator', 'provider_admin'],
    hidden: ['provider_admin_other'],
    path: (f) => `/api/v1/reports/form-1pk.xlsx?year=2026&quarter=4&providerId=${f.providerId}`,
  },
  'GET /api/v1/teachers/{id}/cpd': {
    allowed: ['operator', 'methodist'],
    hidden: [],
    path: (f) => `/api/v1/teachers/${f.teacherId}/cpd`,
  },
  'POST /api/v1/teachers/{id}/cpd/external': {
    allowed: ['operator', 'methodist'],
    hidden: [],
    path: (f) => `/api/v1/teachers/${f.teacherId}/cpd/external`,
    body: () => ({
      programTitle: unique('Программа'),
      providerName: 'Институт развития образования',
      hours: 36,
      startsOn: '2023-02-01',
      endsOn: '2023-02-10',
      documentKind: 'certificate',
      documentNumber: '000777',
      issuedOn: '2023-02-10',
    }),
  },
  'DELETE /api/v1/teachers/{id}/cpd/external/{recordId}': {
    allowed: ['operator', 'methodist'],
    hidden: [],
    path: (f) => `/api/v1/teachers/${f.teacherId}/cpd/external/${take(f.externalCpdIds)}`,
  },
  'POST /api/v1/courses/{id}/files': {
    allowed: staff,
    path: (f) => `/api/v1/courses/${f.courseId}/files`,
    body: () => upload.payload,
    headers: upload.headers,
  },
  'DELETE /api/v1/courses/{id}/files/{fileId}': {
    allowed: staff,
    path: (f) => `/api/v1/courses/${f.courseId}/files/${take(f.courseFileIds)}`,
  },

  'GET /api/v1/courses/{id}/attendance': {
    allowed: [...readers, 'methodist'],
    hidden: others,
    path: (f) => `/api/v1/courses/${f.journalCourseId}/attendance`,
  },
  'PUT /api/v1/courses/{id}/attendance/{date}': {
    allowed: staff,
    hidden: ['head_other'],
    path: (f) => `/api/v1/courses/${f.journalCourseId}/attendance/2026-11-23`,
    body: (f) => [{ applicationId: String(f.journalApplicationId), present: true }],
  },
  'POST /api/v1/courses/{id}/attendance/{date}/confirm': {
    allowed: staff,
    hidden: ['head_other'],
    path: (f) => `/api/v1/courses/${f.journalCourseId}/attendance/2026-11-23/confirm`,
  },
  'GET /api/v1/attendance/territory': { allowed: ['operator', 'methodist'], hidden: [] },
  'GET /api/v1/attendance/territory.xlsx': { allowed: ['operator', 'methodist'], hidden: [] },
};

let fixture: Fixture;
const sessions = new Map<ActorName, Session>();
async function sessionOf(actor: ActorName, fresh = false): Promise<Session> {
  const cached = sessions.get(actor);
  if (cached && !fresh) return cached;
  const session = await t.login(logins.get(actor)!);
  if (!fresh) sessions.set(actor, session);
  return session;
}
const logins = new Map<ActorName, string>();
let securityOfRoute = new Map<string, unknown>();
let publishedRoutes: string[] = [];

beforeAll(async () => {
  const territory = await buildTerritory(t.db);
  const organization = await buildOrganization(t.db, { territoryId: territory.id });
  const provider = await buildProvider(t.db);
  const department = await buildDepartment(t.db, { providerId: provider.id });
  const other = await buildDepartment(t.db);
  const target = await buildUser(t.db, { roles: [{ role: 'manager', departmentId: department.id }] });
  const program = await buildProgram(t.db, { departmentId: department.id });
  const course = await buildCourse(t.db, { programId: program.id, status: 'published' });
  const many = <T>(make: () => Promise<T>) => Promise.all(ACTORS.map(make));
  fixture = {
    territoryId: territory.id,
    organizationId: organization.id,
    providerId: provider.id,
    departmentId: department.id,
    targetManagerId: target.id,
    programId: program.id,
    courseId: course.id,
    freshCourseIds: (await many(() => buildCourse(t.db, { programId: program.id, status: 'published' }))).map(
      (c) => c.id,
    ),
    fileId: (await buildFile(t.db, { courseId: course.id })).id,
    courseFileIds: (await many(() => buildFile(t.db, { courseId: course.id }))).map((f) => f.id),
    programFileIds: (await many(() => buildFile(t.db, { programId: program.id }))).map((f) => f.id),
    conversationId: (
      await buildConversation(t.db, {
        courseId: course.id,
        territoryId: territory.id,
        messages: [{ authorId: target.id, body: 'Добрый день! Пришлите, пожалуйста, список группы.' }],
      })
    ).id,
    teacherNotificationId: 0,
    applicationIds: [],
    groupId: (await buildGroup(t.db, { courseId: course.id, applicationIds: [] })).id,
    journalCourseId: (
      await buildCourse(t.db, {
        programId: program.id,
        status: 'closed',
        startsOn: '2026-11-23',
        endsOn: '2026-11-27',
        applyUntil: '2026-11-20',
      })
    ).id,
    journalApplicationId: 0,
    teacherId: 0,
    externalCpdIds: [],
    importId: '00000000-0000-4000-8000-000000000019',
    archivedCourseId: (await buildCourse(t.db, { programId: program.id, status: 'archived' })).id,
    finishedCourseId: 0,
    certificateId: 0,
    certificateNumber: '',
    certificateIds: [],
    jobId: '',
    periodId: (
      await t.db
        .insertInto('reportingPeriods')
        .values({
          name: '2025 год',
          kind: 'year',
          startsOn: '2025-01-01',
          endsOn: '2025-12-31',
          createdBy: null,
          createdAt: new Date(),
          updatedAt: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id,
  };
  const roles: Record<Exclude<ActorName, 'anonymous'>, Parameters<typeof buildUser>[1]> = {
    operator: { roles: [{ role: 'operator' }] },
    provider_admin: { roles: [{ role: 'provider_admin', providerId: provider.id }] },
    head: { roles: [{ role: 'head', departmentId: department.id }] },
    manager: { roles: [{ role: 'manager', departmentId: department.id }] },
    methodist: { roles: [{ role: 'methodist', territoryId: territory.id }] },
    teacher: { roles: [{ role: 'teacher' }], organizationId: organization.id, profile: FULL_PERSONAL_DATA },
    provider_admin_other: { roles: [{ role: 'provider_admin', providerId: other.providerId }] },
    head_other: { roles: [{ role: 'head', departmentId: other.id }] },
  };
  for (const [name, spec] of Object.entries(roles))
    logins.set(name as ActorName, (await buildUser(t.db, spec)).login);
  const teacher = await t.db
    .selectFrom('users')
    .select('id')
    .where('login', '=', logins.get('teacher') ?? '')
    .executeTakeFirstOrThrow();
  await notify(t.db, t.clock(), [teacher.id], { kind: 'test.notice', title: 'Уведомление', body: '' });
  fixture.teacherId = teacher.id;
  const methodist = await t.db
    .selectFrom('users')
    .select('id')
    .where('login', '=', logins.get('methodist') ?? '')
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('imports')
    .values({
      id: fixture.importId,
      createdBy: methodist.id,
      fileName: 'педагоги.xlsx',
      state: 'invalid',
      rows: '[]',
      total: 1,
      errors: 1,
      existing: 0,
      processed: 0,
      result: null,
      failure: null,
      createdAt: t.clock(),
      updatedAt: t.clock(),
    })
    .execute();
  for (const _ of ACTORS)
    fixture.externalCpdIds.push((await buildExternalCpd(t.db, { teacherId: teacher.id })).id);
  await buildApplication(t.db, {
    courseId: fixture.archivedCourseId,
    teacherId: teacher.id,
    status: 'completed',
  });
  // One forwarded application per call that acts on one, each on a course of its own.
  for (let i = 0; i < 2 * ACTORS.length + 1; i++) {
    const c = await buildCourse(t.db, { programId: program.id, status: 'published' });
    fixture.applicationIds.push(
      (await buildApplication(t.db, { courseId: c.id, teacherId: teacher.id, status: 'forwarded' })).id,
    );
  }
  fixture.journalApplicationId = (
    await buildApplication(t.db, {
      courseId: fixture.journalCourseId,
      teacherId: teacher.id,
      status: 'forwarded',
    })
  ).id;
  fixture.teacherNotificationId = (
    await t.db
      .selectFrom('notifications')
      .select('id')
      .where('userId', '=', teacher.id)
      .executeTakeFirstOrThrow()
  ).id;
  // A finished course: the teacher and a learner per revoking call completed it and hold documents.
  const finished = await buildCourse(t.db, { programId: program.id, status: 'finished' });
  const learners = [teacher.id];
  for (const _ of ACTORS) learners.push((await buildUser(t.db, { profile: FULL_PERSONAL_DATA })).id);
  const applications: number[] = [];
  for (const teacherId of learners)
    applications.push(
      (await buildApplication(t.db, { courseId: finished.id, teacherId, status: 'forwarded' })).id,
    );
  await buildGroup(t.db, { courseId: finished.id, applicationIds: applications });
  await t.db
    .updateTable('applications')
    .set({ status: 'completed' })
    .where('id', 'in', applications)
    .execute();
  const head = await t.db
    .selectFrom('users')
    .select(['id', 'login'])
    .where('login', '=', logins.get('head') ?? '')
    .executeTakeFirstOrThrow();
  const { items } = await issueCertificates(
    t.ctx,
    {
      actor: {
        userId: head.id,
        login: head.login,
        grants: [{ role: 'head', departmentId: department.id, providerId: provider.id, territoryId: null }],
        mustChangePassword: false,
        sessionId: '',
        csrfToken: '',
      },
      meta: { ip: '192.0.2.1', userAgent: null },
    },
    finished.id,
    {},
  );
  const own = items.find((i) => i.applicationId === applications[0]);
  fixture.finishedCourseId = finished.id;
  fixture.certificateId = own?.id ?? 0;
  fixture.certificateNumber = own?.registrationNumber ?? '';
  fixture.certificateIds = items.filter((i) => i !== own).map((i) => i.id);
  const started = await startPeriodJob(
    t.ctx,
    {
      actor: {
        userId: head.id,
        login: head.login,
        grants: [{ role: 'head', departmentId: department.id, providerId: provider.id, territoryId: null }],
        mustChangePassword: false,
        sessionId: '',
        csrfToken: '',
      },
      meta: { ip: '192.0.2.1', userAgent: null },
    },
    provider.id,
    { file: 'register.xlsx', from: '2000-01-01', to: '2100-12-31' },
    'http://localhost',
  );
  await runDueJobs(t.ctx, { definitions: [periodDocumentsJob as JobDefinition] });
  fixture.jobId = started.id;
  const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
    paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
  };
  publishedRoutes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
  );
  securityOfRoute = new Map(
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([m, op]) => [`${m.toUpperCase()} ${path}`, op.security] as const),
    ),
  );
});

describe('authorization matrix', () => {
  it('has a rule for every published route and no rule for a route that does not exist', () => {
    expect([...publishedRoutes].sort()).toEqual(Object.keys(matrix).sort());
  });

  it('says in the OpenAPI description which routes need a session: those a visitor may not call', () => {
    const session = [{ session: [] }];
    const sessionAndCsrf = [
      { session: [], csrfToken: [] },
      { session: [], requestedWith: [] },
    ];
    for (const [route, rule] of Object.entries(matrix)) {
      const expected = rule.allowed.includes('anonymous')
        ? []
        : route.startsWith('GET ')
          ? session
          : sessionAndCsrf;
      expect(securityOfRoute.get(route), route).toEqual(expected);
    }
  });

  for (const [route, rule] of Object.entries(matrix)) {
    it(route, async () => {
      const [method, template] = route.split(' ') as [string, string];
      for (const actor of ACTORS) {
        const session = actor === 'anonymous' ? null : await sessionOf(actor, rule.endsSession);
        const res = await t.request(session, {
          method: method as 'GET',
          url: rule.path?.(fixture) ?? template,
          ...(rule.body ? { payload: rule.body(fixture) as object } : {}),
          ...(rule.headers ? { headers: rule.headers } : {}),
        });
        const label = `${actor}: ${res.statusCode} ${res.body.slice(0, 200)}`;
        expect(res.statusCode, label).toBeLessThan(500);
        if (rule.allowed.includes(actor)) {
          expect([401, 403, 404], label).not.toContain(res.statusCode);
        } else if (actor === 'anonymous') {
          expect(res.statusCode, label).toBe(401);
        } else if (rule.hidden) {
          expect(res.statusCode, label).toBe(rule.hidden.includes(actor) ? 404 : 403);
        } else {
          expect([403, 404], label).toContain(res.statusCode);
        }
      }
    });
  }
});
