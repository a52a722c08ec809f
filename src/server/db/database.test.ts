// Repeated statements are prepared on their connection (PostgreSQL), bounded per connection; a
// process holds no more connections than its pool's size.
import { sql } from 'kysely';
import type pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/db.js';
import { loadConfig } from '../config.js';
import { openDatabase, POOL_SIZE, prepareRepeatedStatements } from './database.js';

const handle = await testDatabase();
afterAll(() => handle.close());

/** A connection that records what it was asked to run. */
function recordingClient() {
  const sent: unknown[] = [];
  const client = {
    query: (config: unknown, values?: unknown) => {
      sent.push(typeof config === 'string' ? { text: config, values } : config);
      return Promise.resolve({ rows: [] });
    },
  };
  prepareRepeatedStatements(client as unknown as pg.PoolClient);
  return { sent, query: client.query as (text: unknown, values?: unknown) => Promise<unknown> };
}

describe('prepared statements', () => {
  it('name a text from its third use on, the same name each time, and at most 300 per connection', async () => {
    const c = recordingClient();
    for (const id of [1, 2, 3, 4]) await c.query('select $1', [id]);
    expect(c.sent).toEqual([
      { text: 'select $1', values: [1] },
      { text: 'select $1', values: [2] },
      { name: 'ebppk_1', text: 'select $1', values: [3] },
      { name: 'ebppk_1', text: 'select $1', values: [4] },
    ]);
    // Statements without values (begin, commit) and cursors pass as they are.
    const cursor = { submit: () => {} };
    await c.query('begin');
    await c.query(cursor);
    expect(c.sent.slice(-2)).toEqual([{ text: 'begin', values: undefined }, cursor]);

    const many = recordingClient();
    for (let i = 0; i < 310; i++) for (let n = 0; n < 3; n++) await many.query(`select ${i}`, []);
    const names = new Set(
      many.sent.flatMap((s) => ('name' in (s as object) ? [(s as { name: string }).name] : [])),
    );
    expect(names.size).toBe(300);
  });

  it('on PostgreSQL, answer each call with its own values and show in pg_prepared_statements', async () => {
    const ids = await handle.db.selectFrom('territories').select('id').orderBy('id').limit(5).execute();
    expect(ids.length).toBe(5);
    const query = (id: number) =>
      handle.db.selectFrom('territories').where('id', '=', id).select(['id', 'name']);
    const answers = [];
    for (const { id } of ids) answers.push(await query(id).executeTakeFirstOrThrow());
    expect(answers.map((a) => a.id)).toEqual(ids.map((r) => r.id));
    if (handle.engine !== 'postgres') return;
    const text = query(0).compile().sql;
    const prepared = await handle.db
      .selectFrom('pg_prepared_statements' as never)
      .select('statement' as never)
      .execute();
    expect(prepared.map((p) => (p as { statement: string }).statement)).toContain(text);
  });
});

describe('connections of a process', () => {
  it('are at most DATABASE_POOL_SIZE (10 unset); a size that is not a positive number stops the start', async () => {
    expect(loadConfig({}).databasePoolSize).toBeUndefined();
    expect(loadConfig({ DATABASE_POOL_SIZE: '12' }).databasePoolSize).toBe(12);
    for (const value of ['0', '-1', 'many', '2.5'])
      expect(() => loadConfig({ DATABASE_POOL_SIZE: value }), value).toThrow(/DATABASE_POOL_SIZE/);
    const url = process.env.DATABASE_URL;
    if (handle.engine !== 'postgres' || !url) return;
    // Fourteen queries at once, each holding its connection a moment: the backends that served them.
    const backends = async (poolSize?: number) => {
      const other = await openDatabase({ databaseUrl: url, poolSize });
      try {
        const answers = await Promise.all(
          Array.from({ length: 14 }, () =>
            sql<{ pid: number }>`SELECT pg_backend_pid() AS pid, pg_sleep(0.05)`.execute(other.db),
          ),
        );
        return new Set(answers.map((a) => a.rows[0]?.pid)).size;
      } finally {
        await other.close();
      }
    };
    expect(await backends(2)).toBe(2);
    expect(await backends()).toBe(POOL_SIZE);
  });
});
