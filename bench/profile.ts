// `npx tsx bench/profile.ts postgres://…/ebppk_bench_<pid> [N | baskets | catalog | study | reports]`:
// where the time of a request goes, statement by statement, on a database kept by `npm run bench --
// --keep`. Runs the real app in this process (no network: Fastify's inject) one request at a time:
// N applications (default 300) to a new course of its own, then 100 pages of each basket scenario,
// chosen as the bench chooses them, and prints per request the time of each statement as the
// driver saw it (round trip included), the wall time and the CPU time of Node and PostgreSQL (the
// applications' too, per application).
// Writes to the kept database. With `baskets`: no applying, 400 pages of each basket scenario. With `catalog`: 400
// catalog searches and 400 course pages as the bench asks them, the answer cache off; reads only.
// With `study`: 160 saves of a day of marks and 400 requests of each archive and overdue scenario.
// With `reports`: 50 of each statistics scenario (the year's summary by territory, the operator's
// and the capital's methodist's), with the CPU time per request of Node and of PostgreSQL.
import { readFileSync } from 'node:fs';
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/server/app.js';
import { regionDate, startClock } from '../src/server/clock.js';
import { loadConfig } from '../src/server/config.js';
import { POOL_SIZE, prepareRepeatedStatements } from '../src/server/db/database.js';
import type { DB } from '../src/server/db/schema.js';
import { basketScenarios, createRushCourses, openSessions } from './applications.js';
import { catalogPaths } from './catalog.js';
import { reportScenarios } from './reports.js';
import { studyScenarios } from './study.js';

const url = process.argv[2];
if (!url) throw new Error('укажите адрес базы, сохранённой `npm run bench -- --keep`');
const catalogOnly = process.argv[3] === 'catalog';
const studyOnly = process.argv[3] === 'study';
const reportsOnly = process.argv[3] === 'reports';
const basketsOnly = process.argv[3] === 'baskets';
const requests = catalogOnly || studyOnly || reportsOnly || basketsOnly ? 0 : Number(process.argv[3] ?? 300);

// The pool as src/server/db/database.ts opens it (int8 → number, date → text, repeated statements
// prepared), plus a query log.
const pool = new pg.Pool({
  connectionString: url,
  max: POOL_SIZE,
  types: {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (oid === 20) return Number;
      if (oid === 1082) return (value: string) => value;
      return pg.types.getTypeParser(oid, format);
    }) as typeof pg.types.getTypeParser,
  },
});
pool.on('connect', prepareRepeatedStatements);
const statements = new Map<string, { n: number; ms: number }>();
let recording = false;
const db = new Kysely<DB>({
  dialect: new PostgresDialect({ pool }),
  plugins: [new CamelCasePlugin()],
  log: (event) => {
    if (!recording) return;
    const key = event.query.sql.replace(/\s+/g, ' ').slice(0, 100);
    const s = statements.get(key) ?? { n: 0, ms: 0 };
    s.n++;
    s.ms += event.queryDurationMillis;
    statements.set(key, s);
  },
});

function report(label: string, wallMs: number, count: number) {
  const rows = [...statements.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const inDatabase = rows.reduce((m, [, s]) => m + s.ms, 0);
  process.stdout.write(
    `\n${label}: ${count} requests one at a time, ${(wallMs / count).toFixed(2)} ms each, ` +
      `${(inDatabase / count).toFixed(2)} ms of it in ${rows.reduce((n, [, s]) => n + s.n, 0) / count} statements\n`,
  );
  for (const [sqlText, s] of rows)
    process.stdout.write(
      `${(s.ms / count).toFixed(2).padStart(8)} ms  ${(s.n / count).toFixed(1).padStart(4)}×  ${sqlText}\n`,
    );
  statements.clear();
}

/** CPU time (ms) the database's backends have used, read from /proc (0 if not on this machine). */
async function databaseCpu() {
  const { rows } = await pool.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  let ticks = 0;
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
    } catch {}
  }
  return ticks * 10;
}

const now = startClock();
const config = { ...loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url }), catalogCacheMs: 0 };
const app = await buildApp({ db, engine: 'postgres', now, config }, { webDist: null });
try {
  if (catalogOnly) {
    let seed = 20261125;
    const paths = await catalogPaths(db, () => {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      return seed / 2 ** 32;
    });
    for (const [label, list] of [
      ['catalog search', paths.search],
      ['course page', paths.page],
    ] as const) {
      for (const path of list.slice(0, 50)) await app.inject({ method: 'GET', url: path });
      recording = true;
      const started = performance.now();
      const node = process.cpuUsage();
      const database = await databaseCpu();
      for (const path of list) {
        const res = await app.inject({ method: 'GET', url: path });
        if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body}`);
      }
      const nodeMs = (process.cpuUsage(node).user + process.cpuUsage(node).system) / 1000 / list.length;
      const databaseMs = ((await databaseCpu()) - database) / list.length;
      report(`${label} (the paths of npm run bench, cache off)`, performance.now() - started, list.length);
      // CPU time does not grow with the machine's load as wall time does: comparable between runs.
      process.stdout.write(
        `CPU per request: Node ${nodeMs.toFixed(2)} ms, PostgreSQL ${databaseMs.toFixed(2)} ms` +
          ' (its backends for this database, from /proc: only when it runs on this machine)\n',
      );
      recording = false;
    }
    process.exit(0);
  }
  if (reportsOnly) {
    for (const s of await reportScenarios(db, now())) {
      const path = s.paths[0] as string;
      const ask = async () => {
        const res = await app.inject({ method: 'GET', url: path, headers: s.headers });
        if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body}`);
      };
      for (let i = 0; i < 5; i++) await ask();
      recording = true;
      const count = 50;
      const started = performance.now();
      const node = process.cpuUsage();
      const database = await databaseCpu();
      for (let i = 0; i < count; i++) await ask();
      const used = process.cpuUsage(node);
      const nodeMs = (used.user + used.system) / 1000 / count;
      const databaseMs = ((await databaseCpu()) - database) / count;
      report(`${s.name}, ${s.size} applications of the year`, performance.now() - started, count);
      process.stdout.write(
        `CPU per request: Node ${nodeMs.toFixed(2)} ms, PostgreSQL ${databaseMs.toFixed(2)} ms` +
          ' (its backends for this database, from /proc: only when it runs on this machine)\n',
      );
      recording = false;
    }
    process.exit(0);
  }
  if (studyOnly) {
    let seed = 20261125;
    const scenarios = await studyScenarios(db, now(), () => {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      return seed / 2 ** 32;
    });
    for (const s of scenarios) {
      const list =
        s.requests?.slice(0, 160) ?? s.paths.map((path) => ({ method: 'GET', path, body: '', headers: {} }));
      recording = true;
      const started = performance.now();
      const node = process.cpuUsage();
      const database = await databaseCpu();
      for (const r of list) {
        const res = await app.inject({
          method: r.method as 'GET' | 'PUT',
          url: r.path,
          headers: { ...s.headers, ...r.headers },
          ...(r.body ? { payload: r.body } : {}),
        });
        if (res.statusCode >= 300) throw new Error(`${r.path}: ${res.statusCode} ${res.body}`);
      }
      const nodeMs = (process.cpuUsage(node).user + process.cpuUsage(node).system) / 1000 / list.length;
      const databaseMs = ((await databaseCpu()) - database) / list.length;
      report(s.name, performance.now() - started, list.length);
      process.stdout.write(
        `CPU per request: Node ${nodeMs.toFixed(2)} ms, PostgreSQL ${databaseMs.toFixed(2)} ms` +
          ' (its backends for this database, from /proc: only when it runs on this machine)\n',
      );
      recording = false;
    }
    process.exit(0);
  }
  const [courseId] = basketsOnly ? [0] : await createRushCourses(db, regionDate(now()));
  const teachers = (
    await db.selectFrom('teacherProfiles').select('userId').orderBy('userId').limit(requests).execute()
  ).map((t) => t.userId);
  const cookies = await openSessions(db, teachers, now());
  let seed = 20261125;
  const rnd = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const baskets = await basketScenarios(db, now(), rnd);
  const inject = async (method: 'GET' | 'POST', path: string, cookie: string, body?: unknown) => {
    const res = await app.inject({
      method,
      url: path,
      headers: {
        cookie,
        'x-requested-with': 'ebppk',
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { payload: JSON.stringify(body) } : {}),
    });
    if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${res.body}`);
  };
  // Warm the connections' caches and the app's compiled schemas.
  for (const b of baskets)
    for (const path of b.paths.slice(0, 10)) await inject('GET', path, b.headers.cookie ?? '');

  recording = true;
  let started = performance.now();
  if (!basketsOnly) {
    const node = process.cpuUsage();
    const database = await databaseCpu();
    for (const cookie of cookies) await inject('POST', '/api/v1/applications', cookie, { courseId });
    const used = process.cpuUsage(node);
    const databaseMs = ((await databaseCpu()) - database) / cookies.length;
    report('POST /api/v1/applications', performance.now() - started, cookies.length);
    process.stdout.write(
      `CPU per application: Node ${((used.user + used.system) / 1000 / cookies.length).toFixed(2)} ms, ` +
        `PostgreSQL ${databaseMs.toFixed(2)} ms\n`,
    );
  }
  for (const b of baskets) {
    started = performance.now();
    const node = process.cpuUsage();
    const database = await databaseCpu();
    const paths = b.paths.slice(0, basketsOnly ? 400 : 100);
    for (const path of paths) await inject('GET', path, b.headers.cookie ?? '');
    const used = process.cpuUsage(node);
    const databaseMs = ((await databaseCpu()) - database) / paths.length;
    report(
      `${b.name}, ${b.size} applications (the pages of npm run bench)`,
      performance.now() - started,
      paths.length,
    );
    process.stdout.write(
      `CPU per request: Node ${((used.user + used.system) / 1000 / paths.length).toFixed(2)} ms, ` +
        `PostgreSQL ${databaseMs.toFixed(2)} ms\n`,
    );
  }
} finally {
  await app.close();
  await db.destroy();
}
