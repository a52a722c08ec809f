// The worker: every few seconds it schedules the periodic slots and runs the due jobs of the
// registry. `serve` starts it and stops it on shutdown (after the tick in hand). Tests call
// `runDueJobs(ctx)` inline after moving their clock; the worker's own test steps its ticks.
import type { Ctx } from '../context.js';
import { JOBS } from './definitions/index.js';
import { type JobDefinition, type JobResult, runDue } from './queue.js';

export type WorkerOptions = {
  definitions?: readonly JobDefinition[];
  /** Pause between ticks (process time, not the Bank's clock). */
  intervalMs?: number;
  /** Told about every failed job and every tick that could not run (the database was away). */
  onError?: (error: unknown, job?: JobResult) => void;
  /** Schedules the next tick and returns its cancel: a timer, unless a test steps the worker. */
  schedule?: (tick: () => void, ms: number) => () => void;
};

const timer = (tick: () => void, ms: number) => {
  const handle = setTimeout(tick, ms);
  // A pending tick does not keep the process alive.
  handle.unref();
  return () => clearTimeout(handle);
};

/** The running workers of this process, woken when a user starts a job (so she does not wait a tick). */
const sleepers = new Set<() => void>();

/** Wakes this process's workers: a job a user follows was just committed. */
export function wakeWorkers() {
  for (const wake of sleepers) wake();
}

/** Runs every due job of the registry now (or of the given definitions). */
export const runDueJobs = (
  ctx: Ctx,
  options: { definitions?: readonly JobDefinition[]; limit?: number } = {},
) => runDue(ctx, options.definitions ?? JOBS, options.limit);

export function startWorker(ctx: Ctx, options: WorkerOptions = {}) {
  const intervalMs = options.intervalMs ?? 10_000;
  const onError = options.onError ?? (() => {});
  const schedule = options.schedule ?? timer;
  let stopped = false;
  let cancel: (() => void) | undefined;
  let running: Promise<void> | undefined;

  const tick = async () => {
    try {
      for (const result of await runDueJobs(ctx, options))
        if (!result.ok) onError(new Error(result.error), result);
    } catch (error) {
      onError(error);
    }
  };
  // Woken during a tick, the worker ticks again at once: the tick may have looked before the commit.
  let wokenMidTick = false;
  const loop = () => {
    if (stopped) return;
    wokenMidTick = false;
    running = tick().finally(() => {
      running = undefined;
      if (stopped) return;
      if (wokenMidTick) queueMicrotask(loop);
      else cancel = schedule(loop, intervalMs);
    });
  };
  const wake = () => {
    if (stopped) return;
    if (running) {
      wokenMidTick = true;
      return;
    }
    cancel?.();
    cancel = undefined;
    loop();
  };
  sleepers.add(wake);
  loop();

  return {
    /** Stops scheduling and waits for the tick in hand to finish. */
    async stop() {
      stopped = true;
      sleepers.delete(wake);
      cancel?.();
      await running;
    },
  };
}
