// `npx tsx bench/cpu.ts postgres://…/<database kept by npm run bench -- --data-only> [catalog|baskets] [name]`:
// where the CPU of a request goes under load. On a 2-core machine the server, the database and the
// load generator share the cores, so a scenario's ratio to the baseline is set by the CPU time all
// three spend per request, not by any one of them; `profile.ts` measures one request at a time,
// this measures them at 50 connections, as `npm run bench` loads them. It starts the bare baseline
// and the app with the answer cache off in this process, loads each scenario from the load
// generator's process (a 3 s warm-up, then 10 s) and prints per request the CPU milliseconds of
// Node (this process), of PostgreSQL (the backends serving this database, from /proc: run it on the
// database's machine) and of the load generator, with requests/s, p99 and the ratio to the
// baseline. Reads only; the paths are those `npm run bench` draws.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { buildApp } from '../src/server/app.js';
import { startClock } from '../src/server/clock.js';
import { loadConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/database.js';
import { basketScenarios } from './applications.js';
import { catalogPaths } from './catalog.js';
import { baselineServer, listen, loadProcess, random } from './harness.js';

const url = process.argv[2];
if (!url) throw new Error('укажите адрес базы, сохранённой `npm run bench -- --data-only`');
const only = process.argv[3];
if (only !== undefined && only !== 'catalog' && only !== 'baskets')
  throw new Error(`сценарии: catalog или baskets, а не ${only}`);
/** Only the scenarios whose name has this text (the baseline always runs): to compare two builds quickly. */
const named = process.argv[4];
const CONNECTIONS = 50;

/** Clock ticks (1/100 s) of CPU a process has used, user and system; 0 once it has ended. */
function ticksOf(pid: number) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

const admin = new pg.Client({ connectionString: url });
await admin.connect();
/** CPU ticks of every backend now serving this database, by process id. */
async function backends() {
  const { rows } = await admin.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  return new Map(rows.map((r) => [r.pid, ticksOf(r.pid)]));
}

const handle = await openDatabase({ databaseUrl: url });
const now = startClock();
const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url });
const app = await buildApp(
  { db: handle.db, engine: handle.engine, now, config: { ...config, catalogCacheMs: 0 } },
  { webDist: null },
);
const appUrl = await listen(app);
const { rows: counted } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM organizations');
const organizations = counted[0]?.n ?? 20;
const baseline = await baselineServer(url, organizations);
const baselineUrl = await listen(baseline.app);
const loader = loadProcess();

type Scenario = { name: string; url: string; paths: string[]; headers?: Record<string, string> };
const rnd = random(20261125);
const { search, page } = await catalogPaths(handle.db, rnd);
const scenarios: Scenario[] = [
  {
    name: 'baseline: 20 rows by PK range',
    url: baselineUrl,
    paths: Array.from(
      { length: 400 },
      () => `/baseline?from=${1 + Math.floor(rnd() * Math.max(organizations - 19, 1))}`,
    ),
  },
];
if (only !== 'baskets')
  scenarios.push(
    { name: 'catalog search, cache off', url: appUrl, paths: search },
    { name: 'course page, cache off', url: appUrl, paths: page },
  );
if (only !== 'catalog')
  for (const s of await basketScenarios(handle.db, now(), rnd))
    scenarios.push({ name: s.name, url: appUrl, paths: s.paths, headers: s.headers });
if (named !== undefined)
  scenarios.splice(1, Infinity, ...scenarios.slice(1).filter((s) => s.name.includes(named)));

const lines = [
  `CPU per request at ${CONNECTIONS} connections (ms; Node: this process, PostgreSQL: this database's backends, load: the load generator)`,
  '',
  '| scenario | requests/s | p99 ms | ratio | Node | PostgreSQL | load | all three |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
];
let base = 0;
for (const s of scenarios) {
  const job = (seconds: number) => ({
    url: s.url,
    paths: s.paths,
    connections: CONNECTIONS,
    seconds,
    ...(s.headers ? { headers: s.headers } : {}),
  });
  await loader.load(job(3));
  const pgBefore = await backends();
  const nodeBefore = process.cpuUsage();
  const loadBefore = ticksOf(loader.child.pid ?? 0);
  const result = await loader.load(job(10));
  const node = process.cpuUsage(nodeBefore);
  const loadTicks = ticksOf(loader.child.pid ?? 0) - loadBefore;
  let pgTicks = 0;
  for (const [pid, ticks] of await backends()) pgTicks += ticks - (pgBefore.get(pid) ?? 0);
  if (result.non2xx || result.errors)
    throw new Error(`${s.name}: ${result.non2xx} не 2xx, ${result.errors} ошибок`);
  const per = (ms: number) => (ms / result.total).toFixed(3);
  const nodeMs = (node.user + node.system) / 1000;
  if (base === 0) base = result.requestsPerSecond;
  lines.push(
    `| ${s.name} | ${result.requestsPerSecond.toFixed(0)} | ${result.p99} | ${(result.requestsPerSecond / base).toFixed(2)} | ${per(nodeMs)} | ${per(pgTicks * 10)} | ${per(loadTicks * 10)} | ${per(nodeMs + (pgTicks + loadTicks) * 10)} |`,
  );
  process.stderr.write(`[cpu] ${lines.at(-1)}\n`);
}
process.stdout.write(`${lines.join('\n')}\n`);
loader.child.kill();
await app.close();
await baseline.close();
await handle.close();
await admin.end();
