// What "at once" means on each engine. PGlite has one connection and runs one transaction at a
// time: requests sent together (Promise.all) reach the database one after another, so there a
// concurrency test checks only that the outcome is right. On PostgreSQL each request has a
// connection of its own; `atOnce` runs the requests while a second connection holds a row they all
// need and a third watches the server, and lets them go only once `waiters` of them wait for that
// row together — so the requests really meet in the database, and a run in which they were in fact
// serialized (one connection, a lock taken too early) is reported and fails the test's assertion.

import { sql } from 'kysely';
import pg from 'pg';
import { expect } from 'vitest';
import type { Database, Engine } from '../src/server/db/database.js';

/** What the watcher saw: at most this many transactions of the database waiting for a lock at once. */
export type Overlap = { engine: 'pglite' } | { engine: 'postgres'; waitedAtOnce: number; wanted: number };

/** A database to watch: the test's own (its handle) or another one on the run's server (its URL). */
export type Watched = { db: Database; engine: Engine } | { url: string | undefined };

/**
 * What the requests must all take: a row its gate holds FOR UPDATE, or an advisory lock (keyed by
 * `hashtextextended(key, 0)`) its gate holds, until enough of them wait.
 */
export type Gate =
  | { table: 'courses'; id: number; waiters?: number }
  | { table: 'certificate_counters'; providerId: number; year: number; waiters?: number }
  | { advisoryLock: string; waiters?: number };

/** The URL of the watched database on PostgreSQL, null on PGlite. */
export async function urlOf(target: Watched): Promise<string | null> {
  if ('url' in target) return target.url || null;
  if (target.engine !== 'postgres') return null;
  if (!process.env.DATABASE_URL) throw new Error('PostgreSQL without DATABASE_URL: nothing to watch it with');
  const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(target.db);
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${rows[0]?.name}`;
  return url.toString();
}

/** The most backends of the database seen waiting for a lock at once, watched until `wanted` or `patience` ms. */
async function watch(watcher: pg.Client, wanted: number, patience: number): Promise<number> {
  let waitedAtOnce = 0;
  for (const until = Date.now() + patience; waitedAtOnce < wanted && Date.now() < until; ) {
    const { rows } = await watcher.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
    );
    waitedAtOnce = Math.max(waitedAtOnce, Number(rows[0]?.n ?? 0));
    if (waitedAtOnce < wanted) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return waitedAtOnce;
}

/**
 * For a test that holds the row itself (in a transaction that changes it): on PostgreSQL, waits
 * (at most `patience` ms) until `wanted` backends of the database wait for a lock, so the test lets
 * them go only once they really wait; on PGlite returns at once — there a request cannot reach the
 * database while the test's transaction holds its one connection.
 */
export async function lockWaited(target: Watched, wanted = 1, patience = 20_000): Promise<Overlap> {
  const url = await urlOf(target);
  if (!url) return { engine: 'pglite' };
  const watcher = new pg.Client({ connectionString: url });
  await watcher.connect();
  try {
    return { engine: 'postgres', waitedAtOnce: await watch(watcher, wanted, patience), wanted };
  } finally {
    await watcher.end().catch(() => {});
  }
}

/**
 * Runs `requests` (started inside `run`) against the gate. On PostgreSQL: holds the gate's row,
 * starts the requests, waits (at most `patience` ms) until `waiters` (2 by default) backends of
 * the database wait for a lock at the same moment, then lets them go; reports the most seen.
 * On PGlite: just runs them.
 */
export async function atOnce<T>(
  target: Watched,
  gate: Gate,
  run: () => Promise<T>,
  patience = 20_000,
): Promise<[T, Overlap]> {
  const url = await urlOf(target);
  if (!url) return [await run(), { engine: 'pglite' }];
  const wanted = gate.waiters ?? 2;
  const holder = new pg.Client({ connectionString: url });
  const watcher = new pg.Client({ connectionString: url });
  await holder.connect();
  await watcher.connect();
  try {
    await holder.query('BEGIN');
    if ('advisoryLock' in gate)
      await holder.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [gate.advisoryLock]);
    else if (gate.table === 'courses')
      await holder.query('SELECT 1 FROM courses WHERE id = $1 FOR UPDATE', [gate.id]);
    else
      await holder.query(
        'SELECT 1 FROM certificate_counters WHERE provider_id = $1 AND year = $2 FOR UPDATE',
        [gate.providerId, gate.year],
      );
    const running = run();
    // A rejection is seen where the result is awaited; this only keeps it from being unhandled meanwhile.
    running.catch(() => {});
    const waitedAtOnce = await watch(watcher, wanted, patience);
    await holder.query('COMMIT');
    return [await running, { engine: 'postgres', waitedAtOnce, wanted }];
  } finally {
    await holder.end().catch(() => {});
    await watcher.end().catch(() => {});
  }
}

/**
 * The assertion: on PostgreSQL the requests met in the database (as many waited at once as were
 * wanted); on PGlite there is nothing to assert — its one connection serializes them by design.
 */
export function expectOverlap(overlap: Overlap) {
  if (overlap.engine === 'pglite') return;
  expect(overlap.waitedAtOnce, 'requests waiting for the same row at once').toBeGreaterThanOrEqual(
    overlap.wanted,
  );
}
