import type { Database } from './database.js';

export async function backupTo(_db: Database, _file: string): Promise<string> {
  throw new Error('Команда ещё не реализована');
}
export async function restoreFrom(_db: Database, _file: string): Promise<string> {
  throw new Error('Команда ещё не реализована');
}
