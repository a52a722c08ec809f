// `npm run bench [-- --scale quick|regional|national]`: generates the data set on PostgreSQL
// (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres) in a database of its own,
// starts the real app and a bare baseline (same framework, same driver: 20 rows of one table by
// primary-key range) in this process, loads each with 50 connections from a separate process and
// prints requests/s, p99 and the ratio to the baseline against the bars of quality.md.
// Exit code: 0 when the run completed (even if a bar failed: it is a report), 1 on errors or
// non-2xx responses.
import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/server/app.js';
import { regionDate, startClock } from '../src/server/clock.js';
import { loadConfig } from '../src/server/config.js';
import type { Ctx } from '../src/server/context.js';
import { type DatabaseHandle, openDatabase } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { generate, SCALES, type Scale } from './data.js';
import type { LoadJob, LoadResult } from './load.js';

const BAR_RATIO = 0.6;
const BAR_P99_MS = 50;
const CONNECTIONS = 50;

const PLAN: Record<Scale['name'], { rounds: number; seconds: number; warmup: number }> = {
  quick: { rounds: 3, seconds: 4, warmup: 2 },
  regional: { rounds: 3, seconds: 10, warmup: 3 },
  national: { rounds: 3, seconds: 10, warmup: 3 },
};

// Word forms that differ from the generated titles and topics («учителей математики» for
// «Учитель математики…»), so that morphology does the matching.
const SEARCHES = [
  'учителей математики',
  'учителю физики',
  'преподавателей информатики',
  'функциональной грамотности',
  'цифровых технологий',
  'подготовке к ГИА',
  'инклюзивному образованию',
  'проектной деятельности',
  'наставничества молодых педагогов',
  'оцениванию результатов',
  'одарёнными детьми',
  'воспитательной работы',
  'английскому языку',
  'начальных классах',
  'современные уроки',
  'индивидуальных маршрутов',
];
const FORMS = [undefined, 'full_time', 'mixed', 'extramural'];

function parseScale(argv: string[]): Scale {
  const i = argv.indexOf('--scale');
  const inline = argv.find((a) => a.startsWith('--scale='))?.slice('--scale='.length);
  const name = inline ?? (i >= 0 ? argv[i + 1] : 'quick');
  if (name !== 'quick' && name !== 'regional' && name !== 'national')
    throw new Error(`--scale: quick, regional или national, а не ${String(name)}`);
  return SCALES[name];
}

/** A deterministic pseudo-random sequence, so that runs are comparable. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function baselineServer(databaseUrl: string, rows: number) {
  // The same driver and pool size as the app (src/server/db/database.ts), no query builder.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  pool.on('error', () => {});
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

async function listen(app: FastifyInstance) {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

function loadProcess() {
  const child = fork(new URL('./load.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const load = (job: LoadJob) =>
    new Promise<LoadResult>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`генератор нагрузки завершился (${code})`));
      child.once('exit', onExit);
      child.once('message', (message: { ok: boolean; result?: LoadResult; error?: string }) => {
        child.off('exit', onExit);
        if (message.ok && message.result) resolve(message.result);
        else reject(new Error(message.error ?? 'генератор нагрузки: ошибка'));
      });
      child.send(job);
    });
  return { child, load };
}

type Scenario = { name: string; url: string; paths: string[]; bar: boolean };

async function main() {
  const scale = parseScale(process.argv.slice(2));
  const plan = PLAN[scale.name];
  const baseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const dbName = `ebppk_bench_${process.pid}`;
  const benchUrl = new URL(baseUrl);
  benchUrl.pathname = `/${dbName}`;

  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  const pgVersion =
    (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? '?';
  await admin.query(`CREATE DATABASE ${dbName}`);
  log(`база ${dbName} создана, масштаб ${scale.name}`);

  let handle: DatabaseHandle | undefined;
  let app: FastifyInstance | undefined;
  let uncached: FastifyInstance | undefined;
  let baseline: Awaited<ReturnType<typeof baselineServer>> | undefined;
  let loader: ReturnType<typeof loadProcess> | undefined;
  let failed = false;
  try {
    handle = await openDatabase({ databaseUrl: benchUrl.toString() });
    await migrateToLatest(handle.db);
    const now = startClock();
    const today = regionDate(now());
    const started = performance.now();
    const counts = await generate(handle.db, scale, today);
    const generationSeconds = (performance.now() - started) / 1000;
    log(`данные за ${generationSeconds.toFixed(1)} с: ${JSON.stringify(counts)}`);

    const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: benchUrl.toString() });
    const ctx: Ctx = { db: handle.db, engine: handle.engine, now, config };
    app = await buildApp(ctx, { webDist: null });
    const appUrl = await listen(app);
    // The same app without the public answer cache: what every query costs (for information).
    uncached = await buildApp({ ...ctx, config: { ...config, catalogCacheMs: 0 } }, { webDist: null });
    const uncachedUrl = await listen(uncached);
    baseline = await baselineServer(benchUrl.toString(), counts.organizations ?? 0);
    const baselineUrl = await listen(baseline.app);

    const rnd = random(20261125);
    const pick = <T>(values: readonly T[]) => values[Math.floor(rnd() * values.length)] as T;
    const searchPaths = Array.from({ length: 400 }, () => {
      const params = new URLSearchParams({ q: pick(SEARCHES) });
      const form = pick(FORMS);
      if (form) params.set('form', form);
      params.set('limit', '20');
      return `/api/v1/catalog?${params}`;
    });
    const published = await handle.db
      .selectFrom('courses')
      .where('publishedAt', 'is not', null)
      .where('status', 'in', ['published', 'closed', 'running'])
      .select('id')
      .execute();
    if (published.length === 0) throw new Error('нет опубликованных курсов');
    const pagePaths = Array.from({ length: 400 }, () => `/api/v1/catalog/${pick(published).id}`);
    const baselinePaths = Array.from(
      { length: 400 },
      () => `/baseline?from=${1 + Math.floor(rnd() * Math.max((counts.organizations ?? 20) - 19, 1))}`,
    );

    // A sanity pass: every search answers 200 and finds something on average.
    let found = 0;
    for (const q of SEARCHES) {
      const res = await fetch(`${appUrl}/api/v1/catalog?${new URLSearchParams({ q, limit: '20' })}`);
      if (res.status !== 200) throw new Error(`поиск «${q}»: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { total: number };
      if (body.total > 0) found++;
    }
    log(`поиск: находят ${found} из ${SEARCHES.length} запросов`);
    if (found < SEARCHES.length / 2) throw new Error('поиск почти ничего не находит: данные не те');

    const scenarios: Scenario[] = [
      { name: 'baseline: 20 rows by PK range', url: baselineUrl, paths: baselinePaths, bar: false },
      { name: 'catalog search ?q=…&form=…', url: appUrl, paths: searchPaths, bar: true },
      { name: 'course page /catalog/{id}', url: appUrl, paths: pagePaths, bar: true },
      { name: 'catalog search, cache off', url: uncachedUrl, paths: searchPaths, bar: false },
      { name: 'course page, cache off', url: uncachedUrl, paths: pagePaths, bar: false },
    ];
    loader = loadProcess();
    for (const s of scenarios) {
      const r = await loader.load({
        url: s.url,
        paths: s.paths,
        connections: CONNECTIONS,
        seconds: plan.warmup,
      });
      if (r.non2xx || r.errors)
        throw new Error(`${s.name}: разогрев: ${r.non2xx} не-2xx, ${r.errors} ошибок`);
    }
    // Rounds interleave the scenarios, so that a noisy moment touches all of them alike.
    const results = new Map<string, LoadResult[]>(scenarios.map((s) => [s.name, []]));
    for (let round = 1; round <= plan.rounds; round++) {
      for (const s of scenarios) {
        const r = await loader.load({
          url: s.url,
          paths: s.paths,
          connections: CONNECTIONS,
          seconds: plan.seconds,
        });
        results.get(s.name)?.push(r);
        log(
          `круг ${round}: ${s.name}: ${r.requestsPerSecond.toFixed(0)} запр./с, p99 ${r.p99} мс` +
            (r.non2xx || r.errors ? `, не-2xx ${r.non2xx}, ошибок ${r.errors}` : ''),
        );
        if (r.non2xx || r.errors) failed = true;
      }
    }

    const summary = scenarios.map((s) => {
      const runs = results.get(s.name) ?? [];
      return {
        scenario: s,
        rps: median(runs.map((r) => r.requestsPerSecond)),
        p50: median(runs.map((r) => r.p50)),
        p99: median(runs.map((r) => r.p99)),
        non2xx: runs.reduce((n, r) => n + r.non2xx + r.errors, 0),
      };
    });
    const base = summary[0]?.rps ?? 0;
    const lines = [
      `ЕБППК benchmark — scale ${scale.name}, ${new Date().toISOString()}`,
      `node ${process.version}, PostgreSQL ${pgVersion}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ` +
        `load average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`,
      `data (${generationSeconds.toFixed(1)} s): ${Object.entries(counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
      `${CONNECTIONS} connections, ${plan.rounds} rounds × ${plan.seconds} s per scenario, medians`,
      '',
      '| scenario | requests/s | p50 ms | p99 ms | ratio to baseline | bar (≥ 0.60, p99 ≤ 50 ms) |',
      '|---|---:|---:|---:|---:|---|',
      ...summary.map((r) => {
        const ratio = base > 0 ? r.rps / base : 0;
        const verdict = !r.scenario.bar
          ? '—'
          : ratio >= BAR_RATIO && r.p99 <= BAR_P99_MS
            ? 'pass'
            : `FAIL (${[ratio < BAR_RATIO ? 'ratio' : '', r.p99 > BAR_P99_MS ? 'p99' : ''].filter(Boolean).join(', ')})`;
        return `| ${r.scenario.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${ratio.toFixed(2)} | ${verdict}${r.non2xx ? ` (${r.non2xx} non-2xx/errors)` : ''} |`;
      }),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    loader?.child.kill();
    await app?.close().catch(() => {});
    await uncached?.close().catch(() => {});
    await baseline?.close().catch(() => {});
    await handle?.close().catch(() => {});
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch((e: unknown) => log(String(e)));
    await admin.end();
  }
  if (failed) {
    log('есть ошибки или ответы не 2xx');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
