// What the benchmark's scripts share: the bare baseline server, the load generator's process,
// listening on a free port and a seeded random sequence.
import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { POOL_SIZE, prepareRepeatedStatements } from '../src/server/db/database.js';
import type { Job, ResultOf } from './load.js';

/** A deterministic pseudo-random sequence, so that runs are comparable. */
export function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The baseline: the same framework and driver as the app, 20 rows of one table by primary-key range. */
export async function baselineServer(databaseUrl: string, rows: number) {
  // The same driver, pool size and prepared statements as the app (src/server/db/database.ts), no
  // query builder.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE });
  pool.on('error', () => {});
  pool.on('connect', prepareRepeatedStatements);
  const app = Fastify({ logger: false });
  app.get<{ Querystring: { from?: string } }>('/baseline', async (request) => {
    const from = Math.min(Math.max(Number(request.query.from) || 1, 1), Math.max(rows - 19, 1));
    const result = await pool.query(
      'SELECT id, territory_id, name, short_name, inn, created_at, updated_at FROM organizations WHERE id BETWEEN $1 AND $2 ORDER BY id',
      [from, from + 19],
    );
    return result.rows;
  });
  const close = async () => {
    await app.close();
    await pool.end();
  };
  return { app, close };
}

export async function listen(app: FastifyInstance) {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

/** The load generator (load.ts) in a process of its own, and a function that gives it a job. */
export function loadProcess() {
  const child = fork(new URL('./load.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const load = <J extends Job>(job: J) =>
    new Promise<ResultOf<J>>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`генератор нагрузки завершился (${code})`));
      child.once('exit', onExit);
      child.once('message', (message: { ok: boolean; result?: ResultOf<J>; error?: string }) => {
        child.off('exit', onExit);
        if (message.ok && message.result) resolve(message.result);
        else reject(new Error(message.error ?? 'генератор нагрузки: ошибка'));
      });
      child.send(job);
    });
  return { child, load };
}
