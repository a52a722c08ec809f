// Killing the server (SIGKILL) in the middle of a registration rush loses no acknowledged write and
// leaves no half-done transition: a 2xx is sent only after its transaction committed, and the
// change, its history and its audit row commit together. The real `ebppk serve` process, on the
// engine this run uses (a DATA_DIR of its own, or a database of its own on the PostgreSQL server).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createSession } from '../src/server/auth/sessions.js';
import { type DatabaseHandle, openDatabase } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { TEST_NOW } from './app.js';
import { buildApplication, buildCourse, buildOrganization, buildTerritory, buildUser } from './factories.js';
import { atOnce, expectOverlap } from './overlap.js';
import { adminUrl } from './pg.js';

const BIN = resolve(import.meta.dirname, '../bin/ebppk.js');
const root = mkdtempSync(join(tmpdir(), 'ebppk-kill-'));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  rmSync(root, { recursive: true, force: true });
});

/** A database of the run's engine the server process can open: its environment and a handle. */
async function ownDatabase(): Promise<{ env: Record<string, string>; open: () => Promise<DatabaseHandle> }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `ebppk_kill_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl(url) });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const own = new URL(url);
    own.pathname = `/${name}`;
    cleanups.push(async () => {
      const drop = new pg.Client({ connectionString: adminUrl(url) });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
    });
    return {
      env: { DATABASE_URL: own.toString() },
      open: () => openDatabase({ databaseUrl: own.toString() }),
    };
  }
  const dataDir = join(root, 'data');
  return { env: { DATA_DIR: dataDir, DATABASE_URL: '' }, open: () => openDatabase({ dataDir }) };
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

async function healthy(url: string, server: ChildProcess) {
  for (const until = Date.now() + 120_000; Date.now() < until; ) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    if (
      await fetch(`${url}/api/v1/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the server did not become healthy');
}

describe('SIGKILL during a registration rush', { timeout: 300_000 }, () => {
  it('keeps every acknowledged application and transition, each with its history and audit row', async () => {
    const target = await ownDatabase();
    let handle = await target.open();
    await migrateToLatest(handle.db);
    const territoryId = (await buildTerritory(handle.db)).id;
    const organizationId = (await buildOrganization(handle.db, { territoryId })).id;
    const course = await buildCourse(handle.db, {
      status: 'published',
      capacity: 20,
      quotas: [{ territoryId, places: 10 }],
    });
    const cookieOf = async (userId: number) =>
      `ebppk_session=${(await createSession(handle.db, userId, TEST_NOW, 12, { ip: '127.0.0.1', userAgent: null })).token}`;
    const methodist = await cookieOf(
      (await buildUser(handle.db, { roles: [{ role: 'methodist', territoryId }] })).id,
    );
    // 60 applications wait in the basket; 90 more teachers are about to apply.
    const waiting: number[] = [];
    for (let i = 0; i < 60; i++)
      waiting.push((await buildApplication(handle.db, { courseId: course.id, territoryId })).id);
    const applicants: string[] = [];
    for (let i = 0; i < 90; i++)
      applicants.push(await cookieOf((await buildUser(handle.db, { organizationId })).id));
    await handle.close();

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = spawn(process.execPath, [BIN, 'serve'], {
      env: {
        ...process.env,
        ...target.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        EBPPK_NOW: TEST_NOW.toISOString(),
      },
      stdio: 'ignore',
    });
    cleanups.push(async () => {
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    });
    await healthy(url, server);

    const send = (cookie: string, path: string, body: unknown) =>
      fetch(`${url}/api/v1${path}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', 'x-requested-with': 'ebppk' },
        body: JSON.stringify(body),
      }).then(
        async (res) => ({
          status: res.status,
          body: res.ok ? ((await res.json()) as { id: string; status: string }) : null,
        }),
        () => ({ status: 0, body: null }),
      );
    const applied: number[] = [];
    const forwarded = new Map<number, string>();
    let answered = 0;
    let killed = false;
    const apply = (cookie: string) => async () => {
      const r = await send(cookie, '/applications', { courseId: course.id });
      if (r.status === 201 && r.body) applied.push(Number(r.body.id));
    };
    const forward = (id: number) => async () => {
      const r = await send(methodist, `/applications/${id}/actions/forward`, {});
      if (r.status === 200 && r.body) forwarded.set(id, r.body.status);
    };
    // Applying and forwarding interleaved, as in a rush.
    const jobs = applicants.flatMap((cookie, i) => [
      apply(cookie),
      ...(i < waiting.length ? [forward(waiting[i]!)] : []),
    ]);
    // Twelve clients at once; the server is killed mid-stream, after 50 answers. On PGlite the
    // server's one connection serializes their transactions: the kill still lands between and
    // inside requests, but no two transactions are ever open together. On PostgreSQL the first
    // requests are held at the course's row until several of them wait for it together, and the
    // test asserts that they did (test/overlap.ts): the rush really ran concurrently there.
    let next = 0;
    const [, overlap] = await atOnce(
      { url: target.env.DATABASE_URL },
      { table: 'courses', id: course.id },
      () =>
        Promise.all(
          Array.from({ length: 12 }, async () => {
            while (next < jobs.length) {
              const job = jobs[next++]!;
              await job();
              if (++answered === 50 && !killed) {
                killed = true;
                server.kill('SIGKILL');
              }
            }
          }),
        ),
    );
    expectOverlap(overlap);
    if (server.exitCode === null && server.signalCode === null) await once(server, 'exit');
    expect(killed).toBe(true);
    expect(applied.length + forwarded.size).toBeGreaterThanOrEqual(40);

    handle = await target.open();
    cleanups.push(() => handle.close());
    const rows = await handle.db
      .selectFrom('applications')
      .where('courseId', '=', course.id)
      .select(['id', 'status'])
      .execute();
    const status = new Map(rows.map((r) => [r.id, r.status]));
    for (const id of applied) expect(status.get(id), `application ${id}`).toBeDefined();
    for (const [id, to] of forwarded) expect(status.get(id), `application ${id}`).toBe(to);
    // Nothing half-done: every state is the last of its history, and every change has its audit row.
    const history = await handle.db
      .selectFrom('applicationHistory')
      .where(
        'applicationId',
        'in',
        rows.map((r) => r.id),
      )
      .select(['applicationId', 'toStatus', 'action'])
      .orderBy('id')
      .execute();
    const last = new Map(history.map((h) => [h.applicationId, h.toStatus]));
    for (const r of rows) expect(last.get(r.id), `history of ${r.id}`).toBe(r.status);
    const audited = await handle.db
      .selectFrom('auditEvents')
      .where('entityType', '=', 'application')
      .select(['entityId', 'action'])
      .execute();
    const audits = new Set(audited.map((a) => `${a.entityId} ${a.action}`));
    // (The 60 waiting applications were put in the database directly, without an audit row.)
    for (const h of history)
      if (h.action !== 'apply' || !waiting.includes(h.applicationId))
        expect(
          audits.has(`${h.applicationId} application.${h.action}`),
          `audit of ${h.applicationId} ${h.action}`,
        ).toBe(true);
    const held = rows.filter((r) => r.status === 'forwarded').length;
    expect(held).toBeLessThanOrEqual(20);
  });
});
