// Programs (ДПП) of a department: their cards, target positions and what a change of one means for
// the catalog (its courses' search vectors). Every change is one transaction holding the change
// and its audit row. Who may act is policy.ts; a program's files are files/.
import {
  hoursMessage,
  MIN_HOURS,
  type ProgramCreateInput,
  type ProgramListQuery,
  type ProgramUpdateInput,
} from '../../contract/catalog.js';
import type { Actor, Who } from '../access/actor.js';
import { diff, recordAudit } from '../audit/audit.js';
import { refreshSearchVectors } from '../catalog/search.js';
import type { Ctx } from '../context.js';
import type { Database } from '../db/database.js';
import { type FieldError, Forbidden, Invalid, NotFound } from '../http/errors.js';
import { programPolicy } from './policy.js';
import * as q from './queries.js';

type Signed = Who & { actor: Actor };

const { authorize, mayAttempt } = programPolicy;

export function findPrograms(ctx: Ctx, who: Signed, query: ProgramListQuery) {
  if (!mayAttempt(who.actor, 'program.view')) throw new Forbidden();
  return q.findPrograms(ctx.db, who.actor, query);
}

async function loadProgram(db: Database, actor: Actor, id: number) {
  const row = await q.getProgram(db, actor, id);
  if (!row) throw new NotFound('Программа не найдена');
  return { row, files: await q.filesOfProgram(db, id) };
}

export function getProgram(ctx: Ctx, who: Signed, id: number) {
  if (!mayAttempt(who.actor, 'program.view')) throw new Forbidden();
  return loadProgram(ctx.db, who.actor, id);
}

async function positionErrors(db: Database, ids: number[] | undefined): Promise<FieldError[]> {
  if (!ids?.length) return [];
  const found = await q.existingPositions(db, ids);
  return ids.flatMap((id, i) =>
    found.has(id) ? [] : [{ field: `targetPositionIds.${i}`, message: 'Должность не найдена в справочнике' }],
  );
}

export async function createProgram(ctx: Ctx, who: Signed, input: ProgramCreateInput) {
  if (!mayAttempt(who.actor, 'program.create')) throw new Forbidden();
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const department = await q.departmentOf(trx, input.departmentId);
    if (!department)
      throw new Invalid('Проверьте заполнение полей', [
        { field: 'departmentId', message: 'Подразделение не найдено' },
      ]);
    authorize(who.actor, 'program.create', department);
    const errors = await positionErrors(trx, input.targetPositionIds);
    if (errors.length) throw new Invalid('Проверьте заполнение полей', errors);
    const { targetPositionIds, ...fields } = input;
    const row = await trx
      .insertInto('programs')
      .values({ ...fields, createdBy: who.actor.userId, createdAt: now, updatedAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await q.setProgramPositions(trx, row.id, targetPositionIds);
    await recordAudit(trx, now, who, {
      action: 'program.created',
      entityType: 'program',
      entityId: row.id,
      after: input,
    });
    return loadProgram(trx, who.actor, row.id);
  });
}

export async function updateProgram(ctx: Ctx, who: Signed, id: number, input: ProgramUpdateInput) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const before = authorize(who.actor, 'program.update', await q.lockProgram(trx, id));
    const kind = input.kind ?? before.kind;
    const hours = input.hours ?? before.hours;
    const errors = await positionErrors(trx, input.targetPositionIds);
    if (hours < MIN_HOURS[kind]) errors.unshift({ field: 'hours', message: hoursMessage(kind) });
    if (errors.length) throw new Invalid('Проверьте заполнение полей', errors);
    const normalized = {
      ...input,
      ...(input.targetPositionIds
        ? { targetPositionIds: [...new Set(input.targetPositionIds)].sort((a, b) => a - b) }
        : {}),
    };
    const changes = diff(before, normalized);
    if (!changes.changed) return loadProgram(trx, who.actor, id);
    const { targetPositionIds, ...fields } = input;
    await trx
      .updateTable('programs')
      .set({ ...fields, updatedAt: now })
      .where('id', '=', id)
      .execute();
    if (targetPositionIds) await q.setProgramPositions(trx, id, targetPositionIds);
    await refreshSearchVectors(trx, { programIds: [id] });
    await recordAudit(trx, now, who, {
      action: 'program.updated',
      entityType: 'program',
      entityId: id,
      before: changes.before,
      after: changes.after,
    });
    return loadProgram(trx, who.actor, id);
  });
}
