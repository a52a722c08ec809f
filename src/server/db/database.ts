// Engine choice: embedded PGlite in a data directory by default, PostgreSQL when DATABASE_URL is
// set. Both speak the same SQL through Kysely; value parsing is aligned so that code never sees a
// difference (int8 → number, date → 'YYYY-MM-DD' string, timestamptz → Date).
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import type { DB } from './schema.js';

export type Database = Kysely<DB>;
export type Engine = 'pglite' | 'postgres';

const INT8 = 20;
const DATE = 1082;
const keepText = (value: string) => value;
const toNumber = (value: string) => Number(value);

export type DatabaseHandle = { db: Database; engine: Engine; close(): Promise<void> };

export type DatabaseTarget = {
  databaseUrl?: string | undefined;
  /** PostgreSQL connections this process may hold (DATABASE_POOL_SIZE); `POOL_SIZE` when not given. */
  poolSize?: number | undefined;
  dataDir?: string;
  pglite?: PGlite;
};

/**
 * Connections a process holds by default. On 2 cores (the database, the server and the clients on
 * one machine) five and ten served the baskets at 50 clients alike, within what runs of
 * `npm run bench` differ by (docs/benchmarks.md). Several processes on one database share its
 * connections (docs/deployment.md).
 */
export const POOL_SIZE = 10;

/** The database the configuration names (the server and the command line open it alike). */
export const databaseOf = (
  config: Pick<Config, 'databaseUrl' | 'databasePoolSize' | 'dataDir'>,
): DatabaseTarget => ({
  databaseUrl: config.databaseUrl,
  poolSize: config.databasePoolSize,
  dataDir: config.dataDir,
});

export function pgliteOptions() {
  return { parsers: { [INT8]: toNumber, [DATE]: keepText } };
}

/** A statement is prepared on its connection at its third use there… */
const PREPARE_AT = 3;
/** …for at most this many statements per connection (the others are planned each time)… */
const MOST_PREPARED = 300;
/** …counting the uses of at most this many other statement texts at once. */
const MOST_COUNTED = 2000;

/**
 * Prepares the statements a connection runs again and again (as PgJDBC does): PostgreSQL then
 * parses and plans them once per connection instead of on every request, which for a request's
 * few small statements is most of the database's work. Kysely sends the same text for the same
 * query shape with values as parameters, so a text names a statement. Bounded per connection.
 */
export function prepareRepeatedStatements(client: pg.PoolClient) {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const names = new Map<string, string>();
  const uses = new Map<string, number>();
  client.query = ((text: unknown, values?: unknown, ...rest: unknown[]) => {
    if (typeof text !== 'string' || !Array.isArray(values) || rest.length > 0)
      return query(text, values, ...rest);
    let name = names.get(text);
    if (!name) {
      const used = (uses.get(text) ?? 0) + 1;
      if (used < PREPARE_AT || names.size >= MOST_PREPARED) {
        if (uses.size >= MOST_COUNTED) uses.clear();
        uses.set(text, used);
        return query(text, values);
      }
      uses.delete(text);
      name = `ebppk_${names.size + 1}`;
      names.set(text, name);
    }
    return query({ name, text, values });
  }) as typeof client.query;
}

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  const plugins = [new CamelCasePlugin()];
  if (target.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: target.databaseUrl,
      max: target.poolSize ?? POOL_SIZE,
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
    pool.on('connect', prepareRepeatedStatements);
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
