// The real `ebppk` command, as a user runs it: separate processes on an embedded DATA_DIR.
// Each process pays PGlite's start (seconds), so the cases share two data directories in order.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationNames } from '../src/server/db/migrate.js';

const BIN = resolve(import.meta.dirname, '../bin/ebppk.js');
const root = mkdtempSync(join(tmpdir(), 'ebppk-cli-'));
const first = join(root, 'first');
const second = join(root, 'second');
const file = join(root, 'bank.ebppk.gz');
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  }
  rmSync(root, { recursive: true, force: true });
});

type Result = { code: number | null; stdout: string; stderr: string };

function start(args: string[], dataDir: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], {
    // The embedded engine, whatever the test run uses; no pretty logs.
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  const done = new Promise<Result>((resolveDone) => {
    child.on('close', (code) => resolveDone({ code, stdout, stderr }));
  });
  return { child, done };
}

const run = (args: string[], dataDir: string, env?: Record<string, string>) => start(args, dataDir, env).done;

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

async function waitForHealth(url: string, server: ChildProcess, timeoutMs = 90_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    try {
      const res = await fetch(`${url}/api/v1/health`);
      if (res.ok) return (await res.json()) as { status: string; db: string };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the server did not become healthy');
}

// Generous: each process boots tsx and PGlite, which takes far longer on a busy machine.
describe('ebppk on an embedded DATA_DIR', { timeout: 300_000 }, () => {
  it('migrate: applies the migrations to a fresh directory, then finds it up to date', async () => {
    const fresh = await run(['migrate'], first);
    expect(fresh).toMatchObject({ code: 0, stderr: '' });
    expect(fresh.stdout.trim()).toBe(`Применены миграции: ${migrationNames.join(', ')}`);
    const again = await run(['migrate'], first);
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toBe('База данных уже в актуальном состоянии');
    expect(existsSync(join(first, 'ebppk.pid'))).toBe(false);
  });

  it('openapi: writes the description with its security schemes, without a database', async () => {
    const file = join(root, 'api', 'openapi.json');
    const written = await run(['openapi', file], join(root, 'no-database'));
    expect(written).toMatchObject({ code: 0, stderr: '' });
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.keys(doc.components.securitySchemes)).toEqual(['session', 'csrfToken', 'requestedWith']);
    expect(doc.paths['/api/v1/catalog'].get.security).toEqual([]);
    expect(doc.paths['/api/v1/jobs/{id}'].get.security).toEqual([{ session: [] }]);
    expect(existsSync(join(root, 'no-database'))).toBe(false);
  });

  it('create-user: bootstraps an operator', async () => {
    const created = await run(
      [
        'create-user',
        '--login',
        'Root',
        '--password',
        'Секрет-2026',
        '--role',
        'operator',
        '--last-name',
        'Иванова',
      ],
      first,
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^Создан пользователь root \(id \d+\)/);
  });

  it('backup, then restore into a fresh directory', async () => {
    const backup = await run(['backup', file], first, { EBPPK_NOW: '2026-11-25T09:00:00+05:00' });
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain(`Резервная копия сохранена в ${file}: `);
    expect(backup.stdout).toMatch(/users 1[,)]/);
    const restored = await run(['restore', file], second);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    // The copy's time is the clock's (EBPPK_NOW and on); a non-empty target is refused (backup.test.ts).
    expect(restored.stdout).toMatch(
      /^Восстановлено из .*\(копия от 2026-11-25T04:0\d:\d\d\.\d+Z\): .*users 1[,)]/,
    );
  });

  it('backup refuses a directory without a database instead of creating one', async () => {
    const missing = join(root, 'missing');
    const result = await run(['backup', join(root, 'x.gz')], missing);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Ошибка: В каталоге ${missing} нет базы данных ЕБППК`);
    expect(existsSync(missing)).toBe(false);
  });

  it('serve: the restored Bank answers and lets the operator in; migrate is refused meanwhile', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = start(['serve'], second, { PORT: String(port), HOST: '127.0.0.1' });
    expect(await waitForHealth(url, server.child)).toEqual(
      expect.objectContaining({ status: 'ok', db: 'pglite' }),
    );

    const [busy, login] = await Promise.all([
      run(['migrate'], second),
      fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'root', password: 'Секрет-2026' }),
      }),
    ]);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain(`Ошибка: Каталог данных ${second} занят`);
    expect(busy.stderr).toContain(`«ebppk serve» (процесс ${server.child.pid})`);
    expect(login.status).toBe(200);

    server.child.kill('SIGTERM');
    const stopped = await server.done;
    expect(stopped.code).toBe(0);
    expect(existsSync(join(second, 'ebppk.pid'))).toBe(false);
  });
});
