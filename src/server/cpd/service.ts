// A teacher's CPD history and the three-year rule (rule.ts); the list of teachers for whom it is
// overdue or due; courses completed before the Bank, which a methodist (or the operator) adds from
// the teacher's document and may remove — each change audited in its transaction. Exporting the
// overdue list is audited too: it carries teachers' personal data out of the Bank.

import { MIN_HOURS } from '../../contract/catalog.js';
import type { ExternalCpdInput, OverdueExportQuery, OverdueQuery } from '../../contract/cpd.js';
import type { Actor, Who } from '../access/actor.js';
import { recordAudit } from '../audit/audit.js';
import { regionDate } from '../clock.js';
import type { Ctx } from '../context.js';
import type { Database } from '../db/database.js';
import { type FieldError, Invalid, NotFound } from '../http/errors.js';
import { XLSX_MAX_ROWS } from '../http/xlsx.js';
import { cpdPolicy } from './policy.js';
import * as q from './queries.js';
import { periodStart, ruleOf, warningLimit } from './rule.js';

type Signed = Who & { actor: Actor };

const today = (ctx: Ctx) => regionDate(ctx.now());

async function historyFor(
  db: Database,
  actor: Actor,
  teacher: NonNullable<Awaited<ReturnType<typeof q.teacherOf>>>,
  day: string,
) {
  const items = await q.historyOf(db, teacher.id);
  const completed = items.filter((i) => i.status === 'completed');
  const lastCompletedOn = completed.reduce<string | null>(
    (last, i) => (last === null || i.endsOn > last ? i.endsOn : last),
    null,
  );
  const since = periodStart(day);
  const hoursInThreeYears = completed
    .filter((i) => i.endsOn >= since && i.endsOn <= day)
    .reduce((sum, i) => sum + i.hours, 0);
  const target = { territoryId: teacher.territoryId };
  return {
    teacher,
    items,
    lastCompletedOn,
    hoursInThreeYears,
    ...ruleOf(lastCompletedOn, day),
    abilities: {
      addExternal: cpdPolicy.can(actor, 'cpd.external', target),
      removeExternal: cpdPolicy.can(actor, 'cpd.external', target),
    },
  };
}

export type CpdHistoryResult = Awaited<ReturnType<typeof historyFor>>;

/** The signed-in teacher's own history. */
export async function getOwnCpd(ctx: Ctx, who: Signed) {
  cpdPolicy.authorizeAttempt(who.actor, 'cpd.own');
  const teacher = await q.teacherOf(ctx.db, who.actor.userId);
  if (!teacher) throw new NotFound('Профиль педагога не найден');
  return historyFor(ctx.db, who.actor, teacher, today(ctx));
}

const loadTeacher = async (db: Database, actor: Actor, action: 'cpd.view' | 'cpd.external', id: number) =>
  cpdPolicy.authorize(actor, action, await q.teacherOf(db, id));

export async function getTeacherCpd(ctx: Ctx, who: Signed, teacherId: number) {
  cpdPolicy.authorizeAttempt(who.actor, 'cpd.view');
  const teacher = await loadTeacher(ctx.db, who.actor, 'cpd.view', teacherId);
  return historyFor(ctx.db, who.actor, teacher, today(ctx));
}

export function findOverdue(ctx: Ctx, who: Signed, query: OverdueQuery) {
  cpdPolicy.authorizeAttempt(who.actor, 'cpd.overdue');
  const day = today(ctx);
  return q.overdueTeachers(ctx.db, who.actor, query, { today: day, limit: warningLimit(day) }, query);
}

/** Every teacher of the list as filtered, for a spreadsheet; the export itself is audited. */
export async function exportOverdue(ctx: Ctx, who: Signed, query: OverdueExportQuery) {
  cpdPolicy.authorizeAttempt(who.actor, 'cpd.overdue');
  const now = ctx.now();
  const day = regionDate(now);
  return ctx.db.transaction().execute(async (trx) => {
    const list = await q.overdueTeachers(
      trx,
      who.actor,
      query,
      { today: day, limit: warningLimit(day) },
      { limit: XLSX_MAX_ROWS, offset: 0 },
    );
    await recordAudit(trx, now, who, {
      action: 'cpd.overdue_exported',
      entityType: 'teacher',
      after: { filters: query, rows: list.items.length },
    });
    return list;
  });
}

function externalProblems(input: ExternalCpdInput, day: string): FieldError[] {
  const problems: FieldError[] = [];
  if (input.endsOn < input.startsOn)
    problems.push({ field: 'endsOn', message: 'Дата окончания раньше даты начала' });
  if (input.issuedOn < input.endsOn)
    problems.push({ field: 'issuedOn', message: 'Документ не может быть выдан раньше окончания обучения' });
  if (input.endsOn > day)
    problems.push({ field: 'endsOn', message: 'Можно добавить только уже пройденный курс' });
  if (input.issuedOn > day) problems.push({ field: 'issuedOn', message: 'Дата выдачи ещё не наступила' });
  if (input.startsOn < '1990-01-01')
    problems.push({ field: 'startsOn', message: 'Проверьте дату начала: не раньше 1990 года' });
  const least = input.documentKind === 'diploma' ? MIN_HOURS.retraining : MIN_HOURS.qualification;
  if (input.hours < least)
    problems.push({
      field: 'hours',
      message:
        input.documentKind === 'diploma'
          ? `Профессиональная переподготовка — не меньше ${least} часов`
          : `Повышение квалификации — не меньше ${least} часов`,
    });
  return problems;
}

/** A course completed before the Bank, from the teacher's document. */
export async function addExternal(ctx: Ctx, who: Signed, teacherId: number, input: ExternalCpdInput) {
  cpdPolicy.authorizeAttempt(who.actor, 'cpd.external');
  const now = ctx.now();
  const day = regionDate(now);
  return ctx.db.transaction().execute(async (trx) => {
    const teacher = await loadTeacher(trx, who.actor, 'cpd.external', teacherId);
    const problems = externalProblems(input, day);
    if (problems.length) throw new Invalid('Проверьте данные документа', problems);
    const record = await trx
      .insertInto('externalCpd')
      .values({
        teacherId: teacher.id,
        programTitle: input.programTitle,
        providerName: input.providerName,
        hours: input.hours,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        documentKind: input.documentKind,
        documentSeries: input.documentSeries,
        documentNumber: input.documentNumber,
        issuedOn: input.issuedOn,
        addedBy: who.actor.userId,
        addedAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, now, who, {
      action: 'cpd.external_added',
      entityType: 'teacher',
      entityId: teacher.id,
      after: { recordId: record.id, ...input },
    });
    const fresh = await q.teacherOf(trx, teacher.id);
    return historyFor(trx, who.actor, fresh ?? teacher, day);
  });
}

export async function removeExternal(ctx: Ctx, who: Signed, teacherId: number, recordId: number) {
  cpdPolicy.authorizeAttempt(who.actor, 'cpd.external');
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const teacher = await loadTeacher(trx, who.actor, 'cpd.external', teacherId);
    const record = await q.externalRecord(trx, teacher.id, recordId);
    if (!record) throw new NotFound('Запись о курсе не найдена');
    await trx.deleteFrom('externalCpd').where('id', '=', record.id).execute();
    const { id: _id, addedAt: _at, teacherId: _t, ...kept } = record;
    await recordAudit(trx, now, who, {
      action: 'cpd.external_removed',
      entityType: 'teacher',
      entityId: teacher.id,
      before: { recordId: record.id, ...kept },
    });
  });
}
