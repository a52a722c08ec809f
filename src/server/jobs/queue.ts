// The jobs table as a queue: background work (moving courses on dates, later e-mail from the
// outbox, large document batches) is a row, claimed with `FOR UPDATE SKIP LOCKED`, so that any
// number of server processes share the work and no row runs twice. A job runs inside the
// transaction that claimed it: its changes and its `done` mark commit together, and a process
// killed midway leaves the row pending for the next claimer. Periodic jobs get one row per slot
// whose id is the kind and the slot's start: every process inserts the same id, one row results.
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { z } from '../../contract/zod.js';
import type { Ctx } from '../context.js';
import type { DB } from '../db/schema.js';

export type JobRow = { id: string; kind: string; attempts: number };

/** What a job's `run` receives: the claiming transaction (use it, never `ctx.db`) and the time. */
export type JobRun = { ctx: Ctx; db: Transaction<DB>; job: JobRow; now: Date };

export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  kind: string;
  /** The payload's schema: checked when the job is enqueued and again when it runs. */
  payload: S;
  /** Attempts before the job is marked failed (retries back off exponentially). */
  maxAttempts?: number;
  /** Periodic jobs: the length of a slot in minutes. */
  everyMinutes?: number;
  run(job: JobRun, payload: z.output<S>): Promise<void>;
};

export const defineJob = <S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> => definition;

export const slotPayload = z.object({ slot: z.string() });

/**
 * A job run once per slot of `everyMinutes`. It is retried by the next slot, not by itself, so
 * its work must be idempotent (do what is due now, whatever earlier slots did or missed).
 */
export const definePeriodic = (definition: {
  kind: string;
  everyMinutes: number;
  run(job: JobRun): Promise<void>;
}): JobDefinition<typeof slotPayload> => ({
  kind: definition.kind,
  payload: slotPayload,
  maxAttempts: 1,
  everyMinutes: definition.everyMinutes,
  run: (job) => definition.run(job),
});

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
  options: { now: Date; runAt?: Date; id?: string },
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
 * Claims one due job of a known kind and runs it in the claiming transaction. A failure rolls
 * the job's own changes back (to a savepoint) and records the attempt in the same transaction.
 */
export async function runNextJob(ctx: Ctx, definitions: readonly JobDefinition[]): Promise<JobResult | null> {
  const byKind = new Map(definitions.map((d) => [d.kind, d]));
  if (byKind.size === 0) return null;
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const job = await trx
      .selectFrom('jobs')
      .select(['id', 'kind', 'payload', 'attempts', 'maxAttempts'])
      .where('status', '=', 'pending')
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
    await sql`SAVEPOINT job_run`.execute(trx);
    try {
      const raw = typeof job.payload === 'string' ? JSON.parse(job.payload) : job.payload;
      await definition.run(
        { ctx, db: trx, job: { id: job.id, kind: job.kind, attempts }, now },
        definition.payload.parse(raw),
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
      const message = (error instanceof Error ? (error.stack ?? error.message) : String(error)).slice(
        0,
        4000,
      );
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
