// The teachers' list, card and import as the API returns them; the CPD state through cpd/rule.ts.
import type { TeacherCard, TeacherRow } from '../../contract/teachers.js';
import type { Actor } from '../access/actor.js';
import { cpdPolicy } from '../cpd/policy.js';
import { ruleOf } from '../cpd/rule.js';
import type { XlsxColumn } from '../http/xlsx.js';
import { teachersPolicy } from './policy.js';
import type { TeacherListRow } from './queries.js';
import type { TeacherCardResult } from './service.js';

export const ACCOUNT_LABEL = { active: 'Активна', invited: 'Приглашён', blocked: 'Заблокирована' } as const;
const RULE_LABEL = { ok: 'Выполнено', due: 'Подходит срок', overdue: 'Просрочено' } as const;

export const presentTeacherRow = (r: TeacherListRow, today: string): TeacherRow => {
  const { rule, dueOn } = ruleOf(r.lastCpdOn, today);
  return {
    id: String(r.id),
    fullName: r.fullName,
    position: r.position,
    organization: { id: String(r.organizationId), name: r.organizationName },
    territory: { id: String(r.territoryId), name: r.territoryName },
    email: r.email,
    emailConfirmed: r.emailConfirmed,
    account: r.account,
    applications: { active: r.activeApplications, total: r.totalApplications },
    cpd: { rule, lastCompletedOn: r.lastCpdOn, dueOn },
  };
};

export const TEACHER_COLUMNS: readonly XlsxColumn<TeacherRow>[] = [
  { header: 'ФИО', width: 36, value: (r) => r.fullName },
  { header: 'Организация', width: 40, value: (r) => r.organization.name },
  { header: 'Территория', width: 24, value: (r) => r.territory.name },
  { header: 'Должность', width: 24, value: (r) => r.position },
  { header: 'E-mail', width: 28, value: (r) => r.email },
  { header: 'E-mail подтверждён', width: 12, value: (r) => (r.emailConfirmed ? 'да' : 'нет') },
  { header: 'Учётная запись', width: 16, value: (r) => ACCOUNT_LABEL[r.account] },
  { header: 'Действующих заявок', width: 12, value: (r) => r.applications.active },
  { header: 'Всего заявок', width: 12, value: (r) => r.applications.total },
  { header: 'Повышение квалификации', width: 18, value: (r) => RULE_LABEL[r.cpd.rule] },
  { header: 'Последнее ПК', width: 14, kind: 'date', value: (r) => r.cpd.lastCompletedOn },
];

export function presentTeacherCard(result: TeacherCardResult, actor: Actor): TeacherCard {
  const t = result.teacher;
  const account = t.blockedAt ? 'blocked' : t.invitedAt ? 'invited' : 'active';
  const { rule, dueOn } = ruleOf(t.lastCpdOn, result.today);
  const target = { territoryId: t.territoryId };
  return {
    id: String(t.id),
    login: t.login,
    fullName: [t.lastName, t.firstName, t.middleName].filter(Boolean).join(' '),
    position: t.position,
    subject: t.subject,
    organization: { id: String(t.organizationId), name: t.organizationName },
    territory: { id: String(t.territoryId), name: t.territoryName },
    email: t.email,
    emailConfirmed: t.emailConfirmedAt !== null,
    account,
    invitedAt: t.invitedAt?.toISOString() ?? null,
    applications: result.counts,
    cpd: { rule, lastCompletedOn: t.lastCpdOn, dueOn },
    applicationsList: result.applications.map((a) => ({
      id: String(a.id),
      status: a.status,
      courseId: String(a.courseId),
      courseTitle: a.title,
      startsOn: a.startsOn,
      endsOn: a.endsOn,
      createdAt: a.createdAt.toISOString(),
    })),
    abilities: {
      edit: teachersPolicy.can(actor, 'teacher.edit', target),
      invite: account === 'invited' && teachersPolicy.can(actor, 'teacher.edit', target),
      viewCpd: cpdPolicy.can(actor, 'cpd.view', target),
    },
  };
}

export const presentImport = (row: {
  id: string;
  fileName: string;
  state: string;
  total: number;
  errors: number;
  existing: number;
  processed: number;
  result: unknown;
  failure: string | null;
  createdAt: Date;
}) => ({
  id: row.id,
  fileName: row.fileName,
  state: row.state as never,
  total: row.total,
  errors: row.errors,
  existing: row.existing,
  processed: row.processed,
  result: (row.result ?? null) as { teachers: number; organizations: number; invitations: number } | null,
  failure: row.failure,
  createdAt: row.createdAt.toISOString(),
});
