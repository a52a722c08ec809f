// Repeated statements are prepared on their connection (PostgreSQL), bounded per connection.
import type pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/db.js';
import { prepareRepeatedStatements } from './database.js';

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
