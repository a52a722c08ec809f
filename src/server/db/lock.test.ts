import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirBusy, LOCK_FILE, lockDataDir } from './lock.js';

const root = mkdtempSync(join(tmpdir(), 'ebppk-lock-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill();
  rmSync(root, { recursive: true, force: true });
});

let n = 0;
const freshDir = () => join(root, `data-${++n}`);
const holdBy = (dir: string, pid: number, command = 'serve') => {
  lockDataDir(dir, 'setup')(); // creates the directory
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, command, startedAt: new Date().toISOString() }));
};

function sleeper(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

describe('the data directory lock', () => {
  it('takes a fresh directory (creating it) and gives it back', () => {
    const dir = freshDir();
    const release = lockDataDir(dir, 'migrate');
    const held = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'));
    expect(held).toMatchObject({ pid: process.pid, command: 'migrate' });
    release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('refuses, in Russian, a directory held by another live process', async () => {
    const dir = freshDir();
    const other = sleeper();
    await once(other, 'spawn');
    holdBy(dir, other.pid!, 'serve');
    let error: unknown;
    try {
      lockDataDir(dir, 'migrate');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataDirBusy);
    expect((error as Error).message).toBe(
      `Каталог данных ${dir} занят: в нём работает «ebppk serve» (процесс ${other.pid}). ` +
        'Остановите сервер и повторите команду.',
    );
    // The holder's lock is left as it was.
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(other.pid);
    other.kill();
    await once(other, 'exit');
    // Once its holder is gone, the lock is stale and is taken over.
    const release = lockDataDir(dir, 'migrate');
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    release();
  });

  it('takes over a stale lock left by a dead process, and a broken lock file', async () => {
    const dir = freshDir();
    const dead = sleeper();
    await once(dead, 'spawn');
    const pid = dead.pid!;
    dead.kill('SIGKILL');
    await once(dead, 'exit');
    holdBy(dir, pid);
    const release = lockDataDir(dir, 'backup');
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({
      pid: process.pid,
      command: 'backup',
    });
    release();

    writeFileSync(join(dir, LOCK_FILE), 'not json');
    lockDataDir(dir, 'restore')();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('does not release a lock that another process has taken since', async () => {
    const dir = freshDir();
    const release = lockDataDir(dir, 'serve');
    const other = sleeper();
    await once(other, 'spawn');
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: other.pid, command: 'serve' }));
    release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    expect(() => lockDataDir(dir, 'migrate')).toThrow(DataDirBusy);
  });
});
