// The worker: every few seconds it schedules the periodic slots and runs the due jobs of the
// registry. `serve` starts it and stops it on shutdown (after the job in hand); tests never start
// it — they call `runDueJobs(ctx)` inline after moving their clock.
import type { Ctx } from '../context.js';
import { JOBS } from './definitions/index.js';
import { type JobDefinition, type JobResult, runDue } from './queue.js';

export type WorkerOptions = {
  definitions?: readonly JobDefinition[];
  /** Pause between ticks (process time, not the Bank's clock). */
  intervalMs?: number;
  /** Told about every failed job and every tick that could not run (the database was away). */
  onError?: (error: unknown, job?: JobResult) => void;
};

/** Runs every due job of the registry now (or of the given definitions). */
export const runDueJobs = (
  ctx: Ctx,
  options: { definitions?: readonly JobDefinition[]; limit?: number } = {},
) => runDue(ctx, options.definitions ?? JOBS, options.limit);

export function startWorker(ctx: Ctx, options: WorkerOptions = {}) {
  const intervalMs = options.intervalMs ?? 10_000;
  const onError = options.onError ?? (() => {});
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const tick = async () => {
    try {
      for (const result of await runDueJobs(ctx, options))
        if (!result.ok) onError(new Error(result.error), result);
    } catch (error) {
      onError(error);
    }
  };
  const loop = () => {
    if (stopped) return;
    running = tick().finally(() => {
      running = undefined;
      if (stopped) return;
      timer = setTimeout(loop, intervalMs);
      timer.unref();
    });
  };
  loop();

  return {
    /** Stops scheduling and waits for the tick in hand to finish. */
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
