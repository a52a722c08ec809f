// Engine choice: embedded PGlite in a data directory by default, PostgreSQL when DATABASE_URL is
// set. Both speak the same SQL through Kysely; value parsing is aligned so that code never sees a
// difference (int8 → number, date → 'YYYY-MM-DD' string, timestamptz → Date).
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';

export type Database = Kysely<DB>;
export type Engine = 'pglite' | 'postgres';

const INT8 = 20;
const DATE = 1082;
const keepText = (value: string) => value;
const toNumber = (value: string) => Number(value);

export type DatabaseHandle = { db: Database; engine: Engine; close(): Promise<void> };

export type DatabaseTarget = { databaseUrl?: string | undefined; dataDir?: string; pglite?: PGlite };

export function pgliteOptions() {
  return { parsers: { [INT8]: toNumber, [DATE]: keepText } };
}

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  const plugins = [new CamelCasePlugin()];
  if (target.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: target.databaseUrl,
      max: 10,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          if (oid === INT8) return toNumber;
          if (oid === DATE) return keepText;
          return pg.types.getTypeParser(oid, format);
        }) as typeof pg.types.getTypeParser,
      },
    });
    // A pool error on an idle client (server restart) must not crash the process.
    pool.on('error', () => {});
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  let pglite = target.pglite;
  if (!pglite) {
    if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
    pglite = await PGlite.create({ dataDir: target.dataDir, ...pgliteOptions() });
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }), plugins });
  return { db, engine: 'pglite', close: () => db.destroy() };
}
