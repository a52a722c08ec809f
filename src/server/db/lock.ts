// PGlite is one process per data directory. A pid file in the directory says who holds it, so
// that `migrate`, `create-user`, `backup` and `restore` refuse clearly while a server runs.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LOCK_FILE = 'ebppk.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class DataDirBusy extends Error {}

/** Takes the data directory for this process; a lock left by a dead process is taken over. */
export function lockDataDir(dataDir: string, command: string): () => void {
  const file = join(dataDir, LOCK_FILE);
  if (existsSync(file)) {
    try {
      const held = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; command: string };
      if (held.pid !== process.pid && alive(held.pid)) {
        throw new DataDirBusy(
          `Каталог данных ${dataDir} занят: в нём работает «ebppk ${held.command}» (процесс ${held.pid}). ` +
            'Остановите сервер и повторите команду.',
        );
      }
    } catch (error) {
      if (error instanceof DataDirBusy) throw error;
    }
  }
  writeFileSync(file, JSON.stringify({ pid: process.pid, command, startedAt: new Date().toISOString() }));
  return () => {
    try {
      const held = JSON.parse(readFileSync(file, 'utf8')) as { pid: number };
      if (held.pid === process.pid) rmSync(file);
    } catch {
      // already gone
    }
  };
}
