// `npm run bench [-- --scale quick|regional|national] [--keep] [--out FILE]`: generates the data
// set on PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres) in a
// database of its own, starts the real app (with its answer cache and without it) and a bare
// baseline (same framework, same driver: 20 rows of one table by primary-key range) in this
// process and, from a separate process:
//   - loads the catalog and the baseline with 50 connections: requests/s, p99, ratio to baseline,
//     with the answer cache and without it, each against the bar;
//   - loads a methodist's and a manager's basket of ≥ 2,000 applications at 50 and at 10
//     connections: requests/s, p50, p99;
//   - runs the registration rush (5,000 teachers apply to 20 courses, 50 at once, some of them
//     several times at once; the methodists forward in bulk; one course's quotas are released
//     during the rush) and checks the database afterwards: applications/s and the checks;
//   - at 10 connections: saving a day of 100 marks (each save changes them all; the audit rows
//     are counted after), the archive search as a head and as the operator, the overdue list as
//     the operator and as the capital's methodist: requests/s, p50, p99 against p99 ≤ 100 ms;
//   - at 10 connections: the year's summary by territory as the operator and as a methodist
//     (bench/reports.ts): requests/s, p50, p99 against p99 ≤ 300 ms (quick, regional) / 3 s (national);
//   - issues 1,000 documents of one course and prints them to one PDF, beside pdfkit's bare rate
//     for comparable pages in the same run (bench/certificates.ts);
// and prints the result as one Markdown block (also written to FILE with `--out`), the figures
// against the bars of quality.md. `--keep` keeps the database (for EXPLAIN) and prints its URL;
// `--data-only` generates the data set, keeps it, prints its URL and runs no load (for profiling).
// `--only reports` runs the statistics scenario alone (the national data set takes most of an hour
// to generate, and the other scenarios' national figures are not bars of quality.md);
// `--database URL` runs on a database generated earlier with `--data-only` (of the same scale),
// migrated to the latest schema first, instead of generating one; it is kept.
// Exit code: 0 when the run completed (even if a speed bar failed: it is a report), 1 on errors,
// non-2xx responses, applications a bulk forward refused, a failed check of the rush (a lost
// acknowledged write or a course over its places is a fault, not a figure), a save of marks that
// wrote nothing or a PDF without its 1,000 pages.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/server/app.js';
import { regionDate, startClock } from '../src/server/clock.js';
import { loadConfig } from '../src/server/config.js';
import type { Ctx } from '../src/server/context.js';
import { type DatabaseHandle, openDatabase } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { BASKET_SIZE, basketScenarios, RUSH, type RushReport, rush } from './applications.js';
import { catalogPaths, SEARCHES } from './catalog.js';
import { createPrintCourse, PRINT, type PrintReport, printCertificates } from './certificates.js';
import { dataCounts, generate, SCALES, type Scale } from './data.js';
import { baselineServer, listen, loadProcess, random } from './harness.js';
import type { LoadResult } from './load.js';
import { BAR_REPORT_P99_MS, REPORT_CONNECTIONS, reportScenarios } from './reports.js';
import { MARKS_PER_DAY, type StudyScenario, savedDays, studyScenarios } from './study.js';

const BAR_RATIO = 0.6;
const BAR_P99_MS = 50;
const BAR_BASKET_P99_MS = 100;
const BAR_APPLY_PER_SECOND = 500;
const BAR_STUDY_P99_MS = 100;
const STUDY_CONNECTIONS = 10;
const BAR_PRINT_RATIO = 0.5;
const CONNECTIONS = 50;
const BASKET_CONNECTIONS = 10;

const PLAN: Record<Scale['name'], { rounds: number; seconds: number; warmup: number }> = {
  quick: { rounds: 3, seconds: 4, warmup: 2 },
  regional: { rounds: 3, seconds: 10, warmup: 3 },
  national: { rounds: 3, seconds: 10, warmup: 3 },
};

function parseScale(argv: string[]): Scale {
  const i = argv.indexOf('--scale');
  const inline = argv.find((a) => a.startsWith('--scale='))?.slice('--scale='.length);
  const name = inline ?? (i >= 0 ? argv[i + 1] : 'quick');
  if (name !== 'quick' && name !== 'regional' && name !== 'national')
    throw new Error(`--scale: quick, regional или national, а не ${String(name)}`);
  return SCALES[name];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

type Scenario = {
  name: string;
  url: string;
  paths: string[];
  bar: boolean;
  headers?: Record<string, string>;
  size?: number;
  /** Concurrent clients (default CONNECTIONS). */
  connections?: number;
  requests?: StudyScenario['requests'];
  cursor?: string;
  listed?: number;
};

/** Medians of the rounds; `answered`: 2xx answers of the warm-up and the rounds together. */
type Summary = {
  scenario: Scenario;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  answered: number;
};

/** Warms the scenarios up, then runs them interleaved for the plan's rounds; medians per scenario. */
async function measure(
  loader: ReturnType<typeof loadProcess>,
  scenarios: Scenario[],
  plan: { rounds: number; seconds: number; warmup: number },
): Promise<{ summary: Summary[]; failed: boolean }> {
  let failed = false;
  const job = (s: Scenario, seconds: number) => ({
    url: s.url,
    paths: s.paths,
    connections: s.connections ?? CONNECTIONS,
    seconds,
    ...(s.headers ? { headers: s.headers } : {}),
    ...(s.requests ? { requests: s.requests } : {}),
    ...(s.cursor ? { cursor: s.cursor } : {}),
  });
  const answered = new Map<Scenario, number>(scenarios.map((s) => [s, 0]));
  for (const s of scenarios) {
    const r = await loader.load(job(s, plan.warmup));
    if (r.non2xx || r.errors) throw new Error(`${s.name}: разогрев: ${r.non2xx} не-2xx, ${r.errors} ошибок`);
    answered.set(s, r.total);
  }
  // Rounds interleave the scenarios, so that a noisy moment touches all of them alike.
  const results = new Map<Scenario, LoadResult[]>(scenarios.map((s) => [s, []]));
  for (let round = 1; round <= plan.rounds; round++) {
    for (const s of scenarios) {
      const r = await loader.load(job(s, plan.seconds));
      results.get(s)?.push(r);
      answered.set(s, (answered.get(s) ?? 0) + r.total - r.non2xx);
      log(
        `круг ${round}: ${s.name} (${s.connections ?? CONNECTIONS}): ${r.requestsPerSecond.toFixed(0)} запр./с, p99 ${r.p99} мс` +
          (r.non2xx || r.errors ? `, не-2xx ${r.non2xx}, ошибок ${r.errors}` : ''),
      );
      if (r.non2xx || r.errors) failed = true;
    }
  }
  const summary = scenarios.map((s) => {
    const runs = results.get(s) ?? [];
    return {
      scenario: s,
      rps: median(runs.map((r) => r.requestsPerSecond)),
      p50: median(runs.map((r) => r.p50)),
      p99: median(runs.map((r) => r.p99)),
      non2xx: runs.reduce((n, r) => n + r.non2xx + r.errors, 0),
      answered: answered.get(s) ?? 0,
    };
  });
  return { summary, failed };
}

const thousands = (n: number) => n.toLocaleString('en-US');

function rushLines(r: RushReport): string[] {
  const applyRate = r.apply.acknowledged.length / Math.max(r.apply.seconds, 1e-9);
  const forwardRate = r.forwardedOk / Math.max(r.forward.seconds, 1e-9);
  const checksOk = r.checks.every((c) => c.ok);
  const rateOk = applyRate >= BAR_APPLY_PER_SECOND;
  const verdict =
    rateOk && checksOk
      ? 'pass'
      : `FAIL (${[rateOk ? '' : 'rate', checksOk ? '' : 'checks'].filter(Boolean).join(', ')})`;
  return [
    `Registration rush: ${thousands(r.teachers)} teachers apply to ${r.courses} new courses ` +
      `(${RUSH.capacity} places; quotas for the capital and three other territories), ${RUSH.concurrency} requests at once, ` +
      `${RUSH.repeaters} of them ${RUSH.repeats} times at once; then ` +
      `${r.methodists} methodists at once list their submitted applications (per course, pages of ` +
      `${RUSH.pageSize}) and forward them (≤ ${RUSH.chunk} per call). The clock then passes one course's quota ` +
      `release date; ${RUSH.afterRelease} more teachers apply to it and are forwarded (not in the figures below, only in the checks)`,
    '',
    `| step | applications | seconds | applications/s | p50 ms | p99 ms | bar (≥ ${BAR_APPLY_PER_SECOND}/s, checks) |`,
    '|---|---:|---:|---:|---:|---:|---|',
    `| apply: POST /applications | ${r.apply.acknowledged.length} | ${r.apply.seconds.toFixed(1)} | ` +
      `${applyRate.toFixed(0)} | ${r.apply.p50} | ${r.apply.p99} | ${verdict} |`,
    `| forward: GET basket (${r.forward.lists} requests), then POST /applications/actions/forward (${r.forward.calls} calls; their p50, p99) | ` +
      `${r.forwardedOk} | ${r.forward.seconds.toFixed(1)} | ${forwardRate.toFixed(0)} | ` +
      `${r.forward.callP50} | ${r.forward.callP99} | — (GET p50 ${r.forward.listP50} ms, p99 ${r.forward.listP99} ms) |`,
    '',
    `| check | result | |`,
    '|---|---|---|',
    ...r.checks.map((c) => `| ${c.name} | ${c.value} | ${c.ok ? 'ok' : 'FAIL'} |`),
    `| states of the rush's applications | ${Object.entries(r.statuses)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')} | |`,
  ];
}

function studySize(s: Scenario): string {
  const n = thousands(s.size ?? 0);
  if (s.name.startsWith('attendance')) return `${n} days of 20 courses (110 learners)`;
  if (s.name.startsWith('archive')) return `${n} archived courses`;
  return `${n} teachers, ${thousands(s.listed ?? 0)} on the list`;
}

function printLines(p: PrintReport): string[] {
  const rate = p.documents / Math.max(p.issueSeconds + p.printSeconds, 1e-9);
  const bareRate = p.barePages / Math.max(p.bareSeconds, 1e-9);
  const ratio = rate / Math.max(bareRate, 1e-9);
  const pagesOk = p.pages === p.documents;
  const verdict =
    ratio >= BAR_PRINT_RATIO && pagesOk
      ? 'pass'
      : `FAIL (${[ratio < BAR_PRINT_RATIO ? 'ratio' : '', pagesOk ? '' : 'pages'].filter(Boolean).join(', ')})`;
  return [
    `Documents: ${thousands(p.documents)} issued at once by a course's manager (POST /courses/{id}/certificates) and printed ` +
      `to one PDF (GET /courses/{id}/documents/certificates.pdf), beside pdfkit alone drawing ${thousands(p.barePages)} ` +
      `comparable pages (same layout, fonts and QR squares, constant data) in the same run; bar ≥ ${BAR_PRINT_RATIO.toFixed(2)} of pdfkit's rate`,
    '',
    '| step | seconds | pages/s | ratio | bar |',
    '|---|---:|---:|---:|---|',
    `| issue ${thousands(p.documents)} | ${p.issueSeconds.toFixed(2)} | | | |`,
    `| print to one PDF (${p.pages} pages, ${(p.bytes / 1e6).toFixed(1)} MB) | ${p.printSeconds.toFixed(2)} | | | |`,
    `| issue and print | ${(p.issueSeconds + p.printSeconds).toFixed(2)} | ${rate.toFixed(0)} | ${ratio.toFixed(2)} | ${verdict} |`,
    `| pdfkit alone | ${p.bareSeconds.toFixed(2)} | ${bareRate.toFixed(0)} | 1.00 | — |`,
  ];
}

/** The block's first lines: what ran, where and on what data. */
function headLines(scale: string, commit: string, pgVersion: string, loadAtStart: string, dataLine: string) {
  const loadAverage = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  return [
    `ЕБППК benchmark — scale ${scale}, ${new Date().toISOString()}, commit ${commit}`,
    `node ${process.version}, PostgreSQL ${pgVersion}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ` +
      `load average ${loadAtStart} at the start, ${loadAverage} at the end`,
    dataLine,
  ];
}

async function commitOf() {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const changed = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).trim();
    return changed ? `${commit} (with changes)` : commit;
  } catch {
    return '?';
  }
}

function reportLines(summary: Summary[], bar: number) {
  return [
    `Statistics: GET /api/v1/reports/summary?from=…-01-01&to=…-12-31&by=territory (this year), ` +
      `${REPORT_CONNECTIONS} connections, each the user's own session; bar p99 ≤ ${bar} ms`,
    '',
    `| scenario | applications of the year | requests/s | p50 ms | p99 ms | bar (p99 ≤ ${bar} ms) |`,
    '|---|---:|---:|---:|---:|---|',
    ...summary.map((r) => {
      const verdict = r.p99 <= bar ? 'pass' : 'FAIL (p99)';
      return `| ${r.scenario.name} | ${thousands(r.scenario.size ?? 0)} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${verdict}${r.non2xx ? ` (${r.non2xx} non-2xx/errors)` : ''} |`;
    }),
  ];
}

async function main() {
  const scale = parseScale(process.argv.slice(2));
  const dataOnly = process.argv.includes('--data-only');
  const outAt = process.argv.indexOf('--out');
  const out = outAt >= 0 ? process.argv[outAt + 1] : undefined;
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
  if (only !== undefined && only !== 'reports') throw new Error(`--only: reports, а не ${only}`);
  const reuseAt = process.argv.indexOf('--database');
  const reuse = reuseAt >= 0 ? process.argv[reuseAt + 1] : undefined;
  const keep = dataOnly || reuse !== undefined || process.argv.includes('--keep');
  const plan = PLAN[scale.name];
  const baseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const benchUrl = new URL(reuse ?? baseUrl);
  const dbName = reuse ? benchUrl.pathname.slice(1) : `ebppk_bench_${process.pid}`;
  benchUrl.pathname = `/${dbName}`;

  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  const loadAtStart = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  const pgVersion =
    (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? '?';
  if (reuse) log(`база ${dbName}, созданная раньше, масштаб ${scale.name}`);
  else {
    await admin.query(`CREATE DATABASE ${dbName}`);
    log(`база ${dbName} создана, масштаб ${scale.name}`);
  }

  let handle: DatabaseHandle | undefined;
  let app: FastifyInstance | undefined;
  let uncached: FastifyInstance | undefined;
  let baseline: Awaited<ReturnType<typeof baselineServer>> | undefined;
  let loader: ReturnType<typeof loadProcess> | undefined;
  let failed = false;
  try {
    handle = await openDatabase({ databaseUrl: benchUrl.toString() });
    await migrateToLatest(handle.db);
    // The app's clock: real time, moved on by whole days when the rush crosses a release date.
    const realTime = startClock();
    let shiftMs = 0;
    const now = () => new Date(realTime().getTime() + shiftMs);
    const moveClock = (days: number) => {
      shiftMs += days * 86_400_000;
      return now();
    };
    const today = regionDate(now());
    const started = performance.now();
    const counts = reuse ? await dataCounts(handle.db) : await generate(handle.db, scale, today);
    const generationSeconds = (performance.now() - started) / 1000;
    const dataLine = `data (${reuse ? 'generated earlier' : `${generationSeconds.toFixed(1)} s`}): ${Object.entries(
      counts,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`;
    log(`данные${reuse ? '' : ` за ${generationSeconds.toFixed(1)} с`}: ${JSON.stringify(counts)}`);
    if (dataOnly) return;

    const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: benchUrl.toString() });
    const ctx: Ctx = { db: handle.db, engine: handle.engine, now, config };
    app = await buildApp(ctx, { webDist: null });
    const appUrl = await listen(app);
    const reportBar = BAR_REPORT_P99_MS[scale.name];
    const runReports = async (db: DatabaseHandle['db'], load: ReturnType<typeof loadProcess>) => {
      const list = (await reportScenarios(db, now())).map(
        (s): Scenario => ({ ...s, url: appUrl, bar: true, connections: REPORT_CONNECTIONS }),
      );
      log(`статистика: ${list.map((s) => `${s.name} ${s.size}`).join(', ')}`);
      // The generation and the scenarios before wrote to every month at once, so the first summary
      // recounts the year's months and the teachers' (src/server/reports/summary.ts): asked once
      // here, its time logged, rather than left to the warm-up, whose requests time out at 10 s.
      for (const s of list) {
        const first = performance.now();
        const res = await fetch(`${appUrl}${s.paths[0]}`, { headers: s.headers });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${s.name}: первая сводка: ${res.status}`);
        log(
          `статистика: первая сводка (пересчёт месяцев): ${s.name} ${((performance.now() - first) / 1000).toFixed(1)} с`,
        );
      }
      return measure(load, list, plan);
    };
    if (only === 'reports') {
      loader = loadProcess();
      const reported = await runReports(handle.db, loader);
      if (reported.failed) failed = true;
      const block = [
        ...headLines(scale.name, await commitOf(), pgVersion, loadAtStart, dataLine),
        `${REPORT_CONNECTIONS} connections, ${plan.rounds} rounds × ${plan.seconds} s per scenario, medians; the statistics scenario alone (--only reports)`,
        '',
        ...reportLines(reported.summary, reportBar),
      ].join('\n');
      process.stdout.write(`${block}\n`);
      if (out) writeFileSync(out, `${block}\n`);
      return;
    }
    // The same app without the public answer cache: what every query costs (for information).
    uncached = await buildApp({ ...ctx, config: { ...config, catalogCacheMs: 0 } }, { webDist: null });
    const uncachedUrl = await listen(uncached);
    baseline = await baselineServer(benchUrl.toString(), counts.organizations ?? 0);
    const baselineUrl = await listen(baseline.app);

    const rnd = random(20261125);
    const { search: searchPaths, page: pagePaths } = await catalogPaths(handle.db, rnd);
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
      { name: 'catalog search, cache off', url: uncachedUrl, paths: searchPaths, bar: true },
      { name: 'course page, cache off', url: uncachedUrl, paths: pagePaths, bar: true },
    ];
    loader = loadProcess();
    const catalog = await measure(loader, scenarios, plan);
    if (catalog.failed) failed = true;

    // Baskets: a methodist's and a manager's, each of at least 2,000 applications; at the catalog's
    // 50 clients and at 10 (a busy moment of the region's 46 methodists and its managers, each
    // clicking without pause).
    const baskets = (await basketScenarios(handle.db, now(), rnd)).flatMap((b): Scenario[] =>
      (b.connections ?? [CONNECTIONS, BASKET_CONNECTIONS]).map((connections) => ({
        ...b,
        url: appUrl,
        bar: true,
        connections,
      })),
    );
    log(`копилки: ${baskets.map((b) => `${b.name} ${b.size}`).join(', ')}`);
    const basket = await measure(loader, baskets, plan);
    if (basket.failed) failed = true;

    // Study: saving a day of marks, the archive search, the overdue list; 10 clients each.
    const study = (await studyScenarios(handle.db, now(), rnd)).map(
      (s): Scenario => ({ ...s, url: appUrl, bar: true, connections: STUDY_CONNECTIONS }),
    );
    log(`учёба: ${study.map((s) => `${s.name} ${s.size}`).join(', ')}`);
    const auditsBefore = await savedDays(handle.db);
    const studied = await measure(loader, study, plan);
    if (studied.failed) failed = true;
    const saves = {
      audited: (await savedDays(handle.db)) - auditsBefore,
      answered: studied.summary[0]?.answered ?? 0,
    };
    // Every answered save changed its marks (an audit row each); a request cut off by the end of a
    // round may have been written without an answer, so there may be a few more rows, never fewer.
    const savesOk = saves.audited >= saves.answered;
    if (!savesOk) failed = true;

    // Statistics: the year's summary by territory, the operator's and a methodist's; 10 clients.
    const reported = await runReports(handle.db, loader);
    if (reported.failed) failed = true;

    // The registration rush, then its checks.
    log(`наплыв: ${RUSH.teachers} учителей подают заявки на ${RUSH.courses} курсов`);
    const rushed = await rush(handle.db, loader.load, appUrl, now(), today, rnd, moveClock);
    log(
      `наплыв: подача ${rushed.apply.acknowledged.length} за ${rushed.apply.seconds.toFixed(1)} с, ` +
        `передача ${rushed.forwardedOk} за ${rushed.forward.seconds.toFixed(1)} с`,
    );
    for (const e of rushed.errors) log(e);
    if (rushed.errors.length || !rushed.checks.every((c) => c.ok)) failed = true;

    // 1,000 documents issued and printed to one PDF, beside pdfkit's bare rate.
    log(`документы: выдача и печать ${PRINT.documents}`);
    const printCourse = await createPrintCourse(handle.db, regionDate(now()));
    const printed = await printCertificates(handle.db, appUrl, now(), printCourse);
    log(
      `документы: выдача ${printed.issueSeconds.toFixed(2)} с, печать ${printed.printSeconds.toFixed(2)} с, ` +
        `pdfkit сам по себе ${printed.bareSeconds.toFixed(2)} с`,
    );
    if (printed.pages !== PRINT.documents) failed = true;

    const [baseRow, ...catalogRows] = catalog.summary;
    const base = baseRow?.rps ?? 0;
    const catalogCell = (r: Summary | undefined) => {
      if (!r) return '— | — | — | —';
      const ratio = base > 0 ? r.rps / base : 0;
      const verdict =
        ratio >= BAR_RATIO && r.p99 <= BAR_P99_MS
          ? 'pass'
          : `FAIL (${[ratio < BAR_RATIO ? 'ratio' : '', r.p99 > BAR_P99_MS ? 'p99' : ''].filter(Boolean).join(', ')})`;
      return `${r.rps.toFixed(0)} | ${r.p99} | ${ratio.toFixed(2)} | ${verdict}${r.non2xx ? ` (${r.non2xx} non-2xx/errors)` : ''}`;
    };
    const lines = [
      ...headLines(scale.name, await commitOf(), pgVersion, loadAtStart, dataLine),
      `${CONNECTIONS} connections, ${plan.rounds} rounds × ${plan.seconds} s per scenario, medians; ` +
        `the baseline (20 rows by primary-key range): ${base.toFixed(0)} requests/s, p50 ${baseRow?.p50 ?? 0} ms, p99 ${baseRow?.p99 ?? 0} ms`,
      '',
      `Catalog: with the answer cache (${config.catalogCacheMs} ms) and without it; bar ≥ ${BAR_RATIO.toFixed(2)} of the baseline, p99 ≤ ${BAR_P99_MS} ms`,
      '',
      '| scenario | cached: requests/s | p99 ms | ratio | bar | cache off: requests/s | p99 ms | ratio | bar |',
      '|---|---:|---:|---:|---|---:|---:|---:|---|',
      ...[0, 1].map(
        (i) =>
          `| ${catalogRows[i]?.scenario.name ?? ''} | ${catalogCell(catalogRows[i])} | ${catalogCell(catalogRows[i + 2])} |`,
      ),
      '',
      `Baskets: GET /api/v1/applications?basket=…&limit=50 at random offsets (one course: offset 0), ` +
        `${CONNECTIONS} and ${BASKET_CONNECTIONS} connections, each a methodist's or a manager's own session`,
      '',
      `| scenario | applications | connections | requests/s | p50 ms | p99 ms | bar (≥ ${thousands(BASKET_SIZE)} applications, p99 ≤ ${BAR_BASKET_P99_MS} ms) |`,
      '|---|---:|---:|---:|---:|---:|---|',
      ...basket.summary.map((r) => {
        const verdict = r.p99 <= BAR_BASKET_P99_MS ? 'pass' : 'FAIL (p99)';
        const size = r.scenario.size ?? 0;
        return `| ${r.scenario.name} | ${size}${r.scenario.name.includes('one course') ? ' per course' : ''} | ${r.scenario.connections} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${verdict}${r.non2xx ? ` (${r.non2xx} non-2xx/errors)` : ''} |`;
      }),
      '',
      `Study: ${STUDY_CONNECTIONS} connections, each request a user's own session; bar p99 ≤ ${BAR_STUDY_P99_MS} ms`,
      '',
      `| scenario | size | requests/s | p50 ms | p99 ms | bar (p99 ≤ ${BAR_STUDY_P99_MS} ms) |`,
      '|---|---|---:|---:|---:|---|',
      ...studied.summary.map((r) => {
        const verdict = r.p99 <= BAR_STUDY_P99_MS ? 'pass' : 'FAIL (p99)';
        return `| ${r.scenario.name} | ${studySize(r.scenario)} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${verdict}${r.non2xx ? ` (${r.non2xx} non-2xx/errors)` : ''} |`;
      }),
      '',
      `Saved days: ${saves.answered} answered saves of ${MARKS_PER_DAY} marks, ${saves.audited} audited changes ` +
        `(each save changes all its marks) — ${savesOk ? 'ok' : 'FAIL'}`,
      '',
      ...reportLines(reported.summary, reportBar),
      '',
      ...rushLines(rushed),
      '',
      ...printLines(printed),
    ];
    const block = `${lines.join('\n')}\n`;
    process.stdout.write(block);
    if (out) {
      writeFileSync(out, block);
      log(`итог записан в ${out}`);
    }
  } finally {
    loader?.child.kill();
    await app?.close().catch(() => {});
    await uncached?.close().catch(() => {});
    await baseline?.close().catch(() => {});
    await handle?.close().catch(() => {});
    if (keep) log(`база сохранена: ${benchUrl.toString()}`);
    else
      await admin
        .query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
        .catch((e: unknown) => log(String(e)));
    await admin.end();
  }
  if (failed) {
    log('есть ошибки, ответы не 2xx или не пройдена проверка наплыва');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
