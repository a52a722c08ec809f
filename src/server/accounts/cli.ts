import type { Database } from '../db/database.js';

export async function createUserFromCli(
  _db: Database,
  _values: Record<string, string | undefined>,
): Promise<{ id: number; login: string }> {
  throw new Error('Команда ещё не реализована');
}
