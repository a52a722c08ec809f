// The jobs table as a queue: background work (moving courses on their dates, sending the outbox's
// e-mail, pruning old jobs) is a row, claimed with `FOR UPDATE SKIP LOCKED`, so that any number of
// server processes share the work and no two claim the same row at once. A job works on the
// database inside the transaction that claimed it (`run`), or, when it waits on the network,
// outside any transaction under a lease (`work`): see JobDefinition. Periodic jobs get one row per
// slot whose id is the kind and the slot's start: every process inserts the same id, one row
// results.
import { randomUUID } from 'node:crypto';
import { type SqlBool, sql, type Transaction } from 'kysely';
import { z } from '../../contract/zod.js';
import type { Ctx } from '../context.js';
import type { DB } from '../db/schema.js';

export type JobRow = { id: string; kind: string; attempts: number };

/** What a job's `run` receives: the claiming transaction (use it, never `ctx.db`) and the time. */
export type JobRun = { ctx: Ctx; db: Transaction<DB>; job: JobRow; now: Date };

/**
 * What a job's `work` receives: no transaction. Its database work goes through `ctx.db` in short
 * transactions of its own, so that none is open while it waits on the network.
 */
export type JobWork = { ctx: Ctx; job: JobRow; now: Date };

type JobBase<S extends z.ZodType> = {
  kind: string;
  /** The payload's schema: checked when the job is enqueued and again when it runs. */
  payload: S;
  /** Attempts before the job is marked failed (retries back off exponentially). */
  maxAttempts?: number;
  /** Periodic jobs: the length of a slot in minutes. */
  everyMinutes?: number;
};

/**
 * A job does its work in one of two forms. `run`: inside the transaction that claimed it, so its
 * changes and its `done` mark commit together (a process stopped midway commits neither) — for
 * work on the database alone. `work`: outside any transaction — for work that waits on the
 * network (SMTP); the row is claimed for a lease in one short transaction and the result recorded
 * in another, and the work must bear running again (a process stopped midway leaves the row to be
 * claimed once the lease has passed).
 */
export type JobDefinition<S extends z.ZodType = z.ZodType> = JobBase<S> &
  (
    | { run(job: JobRun, payload: z.output<S>): Promise<void>; work?: never }
    | { work(job: JobWork, payload: z.output<S>): Promise<void>; run?: never }
  );

export const defineJob = <S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> => definition;

export const slotPayload = z.object({ slot: z.string() });

/**
 * A job run once per slot of `everyMinutes`. It is retried by the next slot, not by itself, so
 * its work must be idempotent (do what is due now, whatever earlier slots did or missed).
 */
export const definePeriodic = (
  definition: { kind: string; everyMinutes: number } & (
    | { run(job: JobRun): Promise<void>; work?: never }
    | { work(job: JobWork): Promise<void>; run?: never }
  ),
): JobDefinition<typeof slotPayload> => ({ ...definition, payload: slotPayload, maxAttempts: 1 });

/** The slot an instant falls in: its deterministic id and its start. */
export function slotOf(kind: string, everyMinutes: number, now: Date) {
  const length = everyMinutes * 60_000;
  const start = new Date(Math.floor(now.getTime() / length) * length);
  return { id: `${kind}@${start.toISOString().slice(0, 16)}Z`, start };
}

type Db = Ctx['db'] | Transaction<DB>;

/**
 * Adds a job. With an `id`, enqueueing is idempotent: a second call with the same id adds nothing.
 * Returns the job's id.
 */
export async function enqueue<S extends z.ZodType>(
  db: Db,
  definition: JobDefinition<S>,
  payload: z.input<S>,
  options: { now: Date; runAt?: Date; id?: string; startedBy?: number },
): Promise<string> {
  const id = options.id ?? randomUUID();
  await db
    .insertInto('jobs')
    .values({
      id,
      kind: definition.kind,
      payload: JSON.stringify(definition.payload.parse(payload)),
      runAt: options.runAt ?? options.now,
      maxAttempts: definition.maxAttempts ?? 5,
      createdAt: options.now,
      startedBy: options.startedBy ?? null,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return id;
}

/** Inserts the current slot of every periodic job (nothing when another process already did). */
export async function schedulePeriodic(db: Db, definitions: readonly JobDefinition[], now: Date) {
  const rows = definitions.flatMap((d) => {
    if (!d.everyMinutes) return [];
    const slot = slotOf(d.kind, d.everyMinutes, now);
    return [
      {
        id: slot.id,
        kind: d.kind,
        payload: JSON.stringify({ slot: slot.start.toISOString() }),
        runAt: slot.start,
        maxAttempts: d.maxAttempts ?? 1,
        createdAt: now,
      },
    ];
  });
  if (rows.length)
    await db
      .insertInto('jobs')
      .values(rows)
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
}

export type JobResult = { id: string; kind: string; ok: boolean; error?: string };

const backoff = (attempts: number) => Math.min(2 ** attempts * 30_000, 3_600_000);

/**
 * How long a claim of a `work` job holds: past it, the row is due again (the claiming process is
 * taken to have stopped). Longer than any work of the registry takes; the mail sender bounds its
 * own run by the shorter lease of its e-mails.
 */
export const WORK_LEASE_MS = 30 * 60_000;

/**
 * A failure its user is told about, in Russian: recorded as its message, then (after a blank
 * line) the stack of its cause if any, for the operator. Any other error is recorded as its stack.
 */
export class JobFailure extends Error {}

/** The part of a job's recorded error its user reads. */
export const userError = (lastError: string) => lastError.split('\n\n')[0] ?? lastError;

const errorText = (error: unknown): string =>
  (error instanceof JobFailure
    ? error.cause
      ? `${error.message}\n\n${errorText(error.cause)}`
      : error.message
    : error instanceof Error
      ? (error.stack ?? error.message)
      : String(error)
  ).slice(0, 4000);

const parsePayload = (definition: JobDefinition, payload: unknown) =>
  definition.payload.parse(typeof payload === 'string' ? JSON.parse(payload) : payload);

/**
 * Claims one due job of a known kind (`FOR UPDATE SKIP LOCKED`: concurrent claimers take
 * different rows) and runs it. A `run` job runs in the claiming transaction: a failure rolls its
 * own changes back to a savepoint and records the attempt in the same transaction. A `work` job
 * is claimed for WORK_LEASE_MS (its attempt counted, its `run_at` moved to the lease's end) and
 * the claim commits; the work runs outside any transaction and its result is recorded in another
 * short one, provided the claim is still this run's.
 */
export async function runNextJob(ctx: Ctx, definitions: readonly JobDefinition[]): Promise<JobResult | null> {
  const byKind = new Map(definitions.map((d) => [d.kind, d]));
  if (byKind.size === 0) return null;
  const now = ctx.now();
  const step = await ctx.db.transaction().execute(async (trx) => {
    const job = await trx
      .selectFrom('jobs')
      .select(['id', 'kind', 'payload', 'attempts', 'maxAttempts'])
      // A constant: the condition of jobs_due_idx, which a prepared statement's generic plan uses
      // only if it sees the same constant (the table keeps a week of finished slots).
      .where(sql<SqlBool>`status = 'pending'`)
      .where('runAt', '<=', now)
      .where('kind', 'in', [...byKind.keys()])
      .orderBy('runAt')
      .orderBy('id')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!job) return null;
    const definition = byKind.get(job.kind) as JobDefinition;
    const attempts = job.attempts + 1;
    const row = { id: job.id, kind: job.kind, attempts };
    if (definition.work) {
      // A claim that ran out on the last attempt: its process stopped; the job is given up.
      if (job.attempts >= job.maxAttempts) {
        const message = 'Прервано: процесс, взявший задание, не завершил его';
        await trx
          .updateTable('jobs')
          .set({ status: 'failed', lastError: message, finishedAt: now })
          .where('id', '=', job.id)
          .execute();
        return { id: job.id, kind: job.kind, ok: false, error: message };
      }
      const leaseEnd = new Date(now.getTime() + WORK_LEASE_MS);
      await trx.updateTable('jobs').set({ attempts, runAt: leaseEnd }).where('id', '=', job.id).execute();
      const work = definition.work;
      return () =>
        workClaimed(ctx, { ...row, maxAttempts: job.maxAttempts, leaseEnd }, now, () =>
          work({ ctx, job: row, now }, parsePayload(definition, job.payload)),
        );
    }
    await sql`SAVEPOINT job_run`.execute(trx);
    try {
      await (definition.run as NonNullable<JobDefinition['run']>)(
        { ctx, db: trx, job: row, now },
        parsePayload(definition, job.payload),
      );
      await sql`RELEASE SAVEPOINT job_run`.execute(trx);
      await trx
        .updateTable('jobs')
        .set({ status: 'done', attempts, finishedAt: now, lastError: null })
        .where('id', '=', job.id)
        .execute();
      return { id: job.id, kind: job.kind, ok: true };
    } catch (error) {
      await sql`ROLLBACK TO SAVEPOINT job_run`.execute(trx);
      const message = errorText(error);
      const failed = attempts >= job.maxAttempts;
      await trx
        .updateTable('jobs')
        .set({
          attempts,
          lastError: message,
          status: failed ? 'failed' : 'pending',
          runAt: failed ? now : new Date(now.getTime() + backoff(attempts)),
          finishedAt: failed ? now : null,
        })
        .where('id', '=', job.id)
        .execute();
      return { id: job.id, kind: job.kind, ok: false, error: message };
    }
  });
  return typeof step === 'function' ? step() : step;
}

/** Does a claimed `work` job outside any transaction, then records its result in a short one. */
async function workClaimed(
  ctx: Ctx,
  job: JobRow & { maxAttempts: number; leaseEnd: Date },
  now: Date,
  work: () => Promise<void>,
): Promise<JobResult> {
  let error: string | undefined;
  try {
    await work();
  } catch (thrown) {
    error = errorText(thrown);
  }
  const failed = error !== undefined && job.attempts >= job.maxAttempts;
  await ctx.db
    .updateTable('jobs')
    .set(
      error === undefined
        ? { status: 'done', finishedAt: now, lastError: null }
        : {
            lastError: error,
            status: failed ? 'failed' : 'pending',
            runAt: failed ? now : new Date(now.getTime() + backoff(job.attempts)),
            finishedAt: failed ? now : null,
          },
    )
    // Still this run's claim: a run that outlived its lease leaves the row to the next claimer.
    .where('id', '=', job.id)
    .where('status', '=', 'pending')
    .where('runAt', '=', job.leaseEnd)
    .execute();
  return error === undefined
    ? { id: job.id, kind: job.kind, ok: true }
    : { id: job.id, kind: job.kind, ok: false, error };
}

/**
 * Schedules the current periodic slots and runs every due job of these definitions, one after
 * another. A slot runs once: calling this again within the same slot runs nothing new.
 */
export async function runDue(
  ctx: Ctx,
  definitions: readonly JobDefinition[],
  limit = 100,
): Promise<JobResult[]> {
  await schedulePeriodic(ctx.db, definitions, ctx.now());
  const results: JobResult[] = [];
  while (results.length < limit) {
    const result = await runNextJob(ctx, definitions);
    if (!result) break;
    results.push(result);
  }
  return results;
}
