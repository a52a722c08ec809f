// Statistics for a reporting period: the operator's periods and the summary by one or two
// dimensions. Closing a period takes its snapshot in the same transaction as the close and its
// audit row, so a closed period's figures are exactly those of the moment it was closed; reopening
// (with a reason, audited) drops the snapshot, and the figures are live again until the next close.
import { type PeriodData, type SummaryQueryInput, TEACHER_DIMENSIONS } from '../../contract/reports.js';
import type { Actor, Who } from '../access/actor.js';
import { recordAudit } from '../audit/audit.js';
import { regionDate } from '../clock.js';
import type { Ctx } from '../context.js';
import { periodStart } from '../cpd/rule.js';
import type { Database } from '../db/database.js';
import { Conflict, NotFound } from '../http/errors.js';
import { reportsPolicy } from './policy.js';
import * as q from './queries.js';
import { summaryFacts, summaryTeachers } from './summary.js';

type Signed = Who & { actor: Actor };

const MISSING = 'Отчётный период не найден';
const today = (ctx: Ctx) => regionDate(ctx.now());

export function listPeriods(ctx: Ctx, who: Signed) {
  reportsPolicy.authorizeAttempt(who.actor, 'reports.view');
  return q.listPeriods(ctx.db);
}

async function uniqueName(db: Database, name: string, except?: number) {
  const taken = await q.periodNamed(db, name);
  if (taken && taken.id !== except)
    throw new Conflict('Период с таким названием уже есть', [{ field: 'name', message: 'Название занято' }]);
}

const shown = (p: { name: string; kind: string; startsOn: string; endsOn: string }) => ({
  name: p.name,
  kind: p.kind,
  startsOn: p.startsOn,
  endsOn: p.endsOn,
});

export async function createPeriod(ctx: Ctx, who: Signed, input: PeriodData) {
  reportsPolicy.authorizeAttempt(who.actor, 'reports.periods');
  const now = ctx.now();
  const id = await ctx.db.transaction().execute(async (trx) => {
    await uniqueName(trx, input.name);
    const row = await trx
      .insertInto('reportingPeriods')
      .values({
        ...shown(input),
        kind: input.kind,
        createdBy: who.actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, now, who, {
      action: 'report_period.created',
      entityType: 'reporting_period',
      entityId: row.id,
      after: shown(input),
    });
    return row.id;
  });
  return (await q.periodById(ctx.db, id)) as q.PeriodRow;
}

/** The period locked for a change, or the one 404. */
async function locked(db: Database, id: number) {
  const row = await q.lockPeriod(db, id);
  if (!row) throw new NotFound(MISSING);
  return row;
}

export async function updatePeriod(ctx: Ctx, who: Signed, id: number, input: PeriodData) {
  reportsPolicy.authorizeAttempt(who.actor, 'reports.periods');
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await locked(trx, id);
    if (before.closedAt) throw new Conflict('Период закрыт: чтобы изменить его, сначала откройте его заново');
    await uniqueName(trx, input.name, id);
    await trx
      .updateTable('reportingPeriods')
      .set({ ...shown(input), kind: input.kind, updatedAt: now })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, now, who, {
      action: 'report_period.updated',
      entityType: 'reporting_period',
      entityId: id,
      before: shown(before),
      after: shown(input),
    });
  });
  return (await q.periodById(ctx.db, id)) as q.PeriodRow;
}

export async function closePeriod(ctx: Ctx, who: Signed, id: number) {
  reportsPolicy.authorizeAttempt(who.actor, 'reports.periods');
  const now = ctx.now();
  const day = regionDate(now);
  await ctx.db.transaction().execute(async (trx) => {
    const period = await locked(trx, id);
    if (period.closedAt) throw new Conflict('Период уже закрыт');
    if (period.endsOn >= day)
      throw new Conflict('Период ещё не закончился: закрыть его можно со следующего дня после его конца');
    await q.takeSnapshot(trx, period, periodStart(day));
    await trx
      .updateTable('reportingPeriods')
      .set({ closedAt: now, closedBy: who.actor.userId, updatedAt: now })
      .where('id', '=', id)
      .execute();
    const { facts } = await trx
      .selectFrom('reportingFacts')
      .select((eb) => eb.fn.countAll<number>().as('facts'))
      .where('periodId', '=', id)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, now, who, {
      action: 'report_period.closed',
      entityType: 'reporting_period',
      entityId: id,
      after: { ...shown(period), facts: Number(facts) },
    });
  });
  return (await q.periodById(ctx.db, id)) as q.PeriodRow;
}

export async function reopenPeriod(ctx: Ctx, who: Signed, id: number, reason: string) {
  reportsPolicy.authorizeAttempt(who.actor, 'reports.periods');
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const period = await locked(trx, id);
    if (!period.closedAt) throw new Conflict('Период не закрыт');
    await q.dropSnapshot(trx, id);
    await trx
      .updateTable('reportingPeriods')
      .set({ closedAt: null, closedBy: null, updatedAt: now })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, now, who, {
      action: 'report_period.reopened',
      entityType: 'reporting_period',
      entityId: id,
      before: { closedAt: period.closedAt.toISOString() },
      after: { reason },
    });
  });
  return (await q.periodById(ctx.db, id)) as q.PeriodRow;
}

export type SummaryResult = Awaited<ReturnType<typeof getSummary>>;

/**
 * The summary for a saved period or for dates: a closed period (asked by id, or by exactly its
 * dates) is read from its snapshot, anything else live. The CPD share is counted as at today, or
 * for a closed period as at the day it was closed.
 */
export async function getSummary(ctx: Ctx, who: Signed, query: SummaryQueryInput) {
  reportsPolicy.authorizeAttempt(who.actor, 'reports.view');
  const db = ctx.db;
  const period =
    query.periodId !== undefined
      ? await q.periodById(db, query.periodId)
      : await q.closedPeriodOf(db, query.from as string, query.to as string);
  if (query.periodId !== undefined && !period) throw new NotFound(MISSING);
  const from = period?.startsOn ?? (query.from as string);
  const to = period?.endsOn ?? (query.to as string);
  const asOf = period?.closedAt ? regionDate(period.closedAt) : today(ctx);
  const source: q.Source = period?.closedAt
    ? { kind: 'snapshot', periodId: period.id }
    : { kind: 'live', from, to, cpdSince: periodStart(asOf) };
  const withTeachers = query.by.every((d) => (TEACHER_DIMENSIONS as readonly string[]).includes(d));
  // An open period by territory alone is read from the month tables (summary.ts), which may
  // first recount stale months, each in its own transaction: done before the other reads.
  const byTerritory = source.kind === 'live' && query.by.length === 1 && query.by[0] === 'territory';
  const tabled = byTerritory ? await summaryFacts(db, who.actor, from, to) : null;
  const tabledTeachers =
    byTerritory && tabled && source.kind === 'live'
      ? await summaryTeachers(db, who.actor, source.cpdSince)
      : null;
  const [facts, teachers, scope] = await Promise.all([
    tabled ?? q.factCounts(db, who.actor, source, query.by),
    tabled
      ? tabledTeachers
      : withTeachers
        ? q.teacherCounts(db, who.actor, source, query.by)
        : Promise.resolve(null),
    q.scopeNames(db, who.actor),
  ]);
  return {
    period: period ?? null,
    from,
    to,
    by: query.by,
    sort: query.sort,
    facts,
    teachers,
    scope,
    cpdAsOf: asOf,
  };
}

/**
 * A period closed by the system rather than the operator: the demo's previous quarter, closed as
 * the operator would close it (its snapshot taken, the close audited without an actor).
 */
export async function recordClosedPeriod(
  db: Database,
  now: Date,
  input: { name: string; kind: q.PeriodRow['kind']; startsOn: string; endsOn: string },
) {
  const { id } = await db
    .insertInto('reportingPeriods')
    .values({ ...input, closedAt: now, closedBy: null, createdBy: null, createdAt: now, updatedAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await q.takeSnapshot(db, { id, ...input }, periodStart(regionDate(now)));
  await recordAudit(db, now, { actor: null, meta: null }, [
    { action: 'report_period.created', entityType: 'reporting_period', entityId: id, after: shown(input) },
    { action: 'report_period.closed', entityType: 'reporting_period', entityId: id, after: shown(input) },
  ]);
  return id;
}
