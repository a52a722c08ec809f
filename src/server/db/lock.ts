// PGlite is one process per data directory. A pid file in the directory says who holds it, so
// that `migrate`, `create-user`, `backup` and `restore` refuse clearly while a server runs.
// The file is created exclusively (O_EXCL): two commands started at once cannot both take it.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'ebppk.pid';

type Holder = { pid: number; command: string; startedAt?: string };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): Holder | undefined {
  try {
    const held = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder>;
    return typeof held.pid === 'number' ? { command: '?', ...held, pid: held.pid } : undefined;
  } catch {
    return undefined; // gone, or unreadable: a broken lock holds nothing
  }
}

export class DataDirBusy extends Error {}

/** Takes the data directory for this process; a lock left by a dead process is taken over. */
export function lockDataDir(dataDir: string, command: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  const content = JSON.stringify({ pid: process.pid, command, startedAt: new Date().toISOString() });
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, content, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw error;
    }
    const held = readHolder(file);
    if (held && held.pid !== process.pid && alive(held.pid)) {
      throw new DataDirBusy(
        `Каталог данных ${dataDir} занят: в нём работает «ebppk ${held.command}» (процесс ${held.pid}). ` +
          'Остановите сервер и повторите команду.',
      );
    }
    // Stale (its process is gone), broken, or ours already: clear it and try to take it again.
    rmSync(file, { force: true });
  }
  return () => {
    if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true });
  };
}
