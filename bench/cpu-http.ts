// CPU per request over real HTTP: the app without its answer cache and the bare baseline, loaded by
// autocannon in a child process; Node's CPU from process.cpuUsage, PostgreSQL's from /proc.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fork } from 'node:child_process';
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/server/app.js';
import { startClock } from '../src/server/clock.js';
import { loadConfig } from '../src/server/config.js';
import { openDatabase, prepareRepeatedStatements } from '../src/server/db/database.js';
import { catalogPaths } from './catalog.js';

const url = process.argv[2] as string;
const handle = await openDatabase({ databaseUrl: url });
const config = { ...loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url }), catalogCacheMs: 0 };
const app = await buildApp({ db: handle.db, engine: 'postgres', now: startClock(), config }, { webDist: null });
await app.listen({ port: 0, host: '127.0.0.1' });
const appUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const pool = new pg.Pool({ connectionString: url, max: 10 });
pool.on('connect', prepareRepeatedStatements);
const base = Fastify({ logger: false });
base.get<{ Querystring: { from?: string } }>('/baseline', async (request) => {
  const from = Math.min(Math.max(Number(request.query.from) || 1, 1), 1480);
  return (await pool.query('SELECT id, territory_id, name, short_name, inn, created_at, updated_at FROM organizations WHERE id BETWEEN $1 AND $2 ORDER BY id', [from, from + 19])).rows;
});
await base.listen({ port: 0, host: '127.0.0.1' });
const baseUrl = `http://127.0.0.1:${(base.server.address() as AddressInfo).port}`;

async function dbCpu() {
  const { rows } = await pool.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database()");
  let ticks = 0;
  for (const { pid } of rows) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      ticks += Number(f[11] ?? 0) + Number(f[12] ?? 0);
    } catch {}
  }
  return ticks * 10;
}
let seed = 20261125;
const paths = await catalogPaths(handle.db, () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
});
const child = fork(new URL('./load.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const load = (job: object) => new Promise<{ total: number; requestsPerSecond: number }>((resolve) => { child.once('message', (m: { result: { total: number; requestsPerSecond: number } }) => resolve(m.result)); child.send(job); });
const only = process.argv[4];
const scen0: [string, string, string[]][] = [
  ['baseline', baseUrl, Array.from({ length: 400 }, (_, i) => `/baseline?from=${1 + ((i * 37) % 1480)}`)],
  ['search', appUrl, paths.search],
  ['page', appUrl, paths.page],
];
const scen = only ? scen0.filter((s) => s[0] === only) : scen0;
for (let round = 0; round < Number(process.argv[3] ?? 2); round++)
  for (const [name, u, p] of scen) {
    const c0 = process.cpuUsage();
    const d0 = await dbCpu();
    const r = await load({ url: u, paths: p, connections: 20, seconds: 5 });
    const c = process.cpuUsage(c0);
    const d = (await dbCpu()) - d0;
    const n = r.total;
    console.log(`${name.padEnd(9)} ${n} req, ${r.requestsPerSecond.toFixed(0)}/s, Node ${((c.user + c.system) / 1000 / n).toFixed(3)} ms, PG ${(d / n).toFixed(3)} ms per request`);
  }
child.kill();
await app.close(); await base.close(); await pool.end(); await handle.close();
