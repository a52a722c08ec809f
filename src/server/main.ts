// Process entry: configuration → database → migrations → app → listen, and a graceful shutdown
// that finishes requests in flight and closes the database cleanly.
import { buildApp } from './app.js';
import { startClock } from './clock.js';
import type { Config } from './config.js';
import type { Ctx } from './context.js';
import { databaseOf, openDatabase } from './db/database.js';
import { lockDataDir } from './db/lock.js';
import { migrateToLatest } from './db/migrate.js';
import { startWorker } from './jobs/worker.js';

export type Prepare = (ctx: Ctx) => Promise<void>;

export async function serve(config: Config, command: string, prepare?: Prepare) {
  const release = config.databaseUrl ? () => {} : lockDataDir(config.dataDir, command);
  const handle = await openDatabase(databaseOf(config));
  await migrateToLatest(handle.db);
  const ctx: Ctx = { db: handle.db, engine: handle.engine, now: startClock(config.startAt), config };
  await prepare?.(ctx);
  const app = await buildApp(ctx, { logger: { level: config.logLevel } });
  let worker: ReturnType<typeof startWorker> | undefined;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // The job in hand finishes (or its transaction is never committed); then requests in flight.
    await worker?.stop();
    await app.close();
    await handle.close();
    release();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  await app.listen({ port: config.port, host: config.host });
  // Background jobs (courses moving on their dates, …) run in every server process; the jobs
  // table makes sure each job runs once.
  worker = startWorker(ctx, {
    onError: (error, job) => app.log.error({ err: error, job: job?.id }, 'job failed'),
  });
  return app;
}
