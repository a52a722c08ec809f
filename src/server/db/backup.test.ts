import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '../../../test/db.js';
import {
  buildDepartment,
  buildOrganization,
  buildTerritory,
  buildUser,
  fillEveryTable,
} from '../../../test/factories.js';
import { adminUrl } from '../../../test/pg.js';
import { backupTo, restoreFrom } from './backup.js';
import { type Database, type DatabaseHandle, openDatabase, pgliteOptions } from './database.js';
import { migrateToLatest, migrationNames } from './migrate.js';

const dir = mkdtempSync(join(tmpdir(), 'ebppk-backup-'));
const handles: DatabaseHandle[] = [];
const source = await testDatabase();
handles.push(source);

afterAll(async () => {
  for (const h of handles.reverse()) await h.close();
  rmSync(dir, { recursive: true, force: true });
});

// A table of a future migration with every kind of value the Bank will keep: files (bytea),
// jsonb, dates, instants with microseconds, numerics, arrays, a self-reference, an identity that
// is GENERATED ALWAYS and a generated column; and a table without a primary key.
const FUTURE_TABLES = [
  `CREATE TABLE backup_probe (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parent_id bigint REFERENCES backup_probe (id),
    user_id integer REFERENCES users (id),
    content bytea, meta jsonb, raw json, day date, at timestamptz, local_at timestamp,
    amount numeric(24, 6), ratio double precision, tags text[], flag boolean, span interval,
    code uuid, big bigint, note text,
    doubled bigint GENERATED ALWAYS AS (id * 2) STORED
  )`,
  'CREATE TABLE backup_probe_log (note text, at timestamptz)',
];

async function addFutureTables(db: Database) {
  for (const ddl of FUTURE_TABLES) await sql.raw(ddl).execute(db);
}

async function freshDatabase(engine: 'pglite' | 'postgres', migrated = true): Promise<DatabaseHandle> {
  let handle: DatabaseHandle;
  const databaseUrl = process.env.DATABASE_URL;
  if (engine === 'postgres' && databaseUrl) {
    const pg = (await import('pg')).default;
    const name = `ebppk_r_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl(databaseUrl) });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(databaseUrl);
    url.pathname = `/${name}`;
    const opened = await openDatabase({ databaseUrl: url.toString() });
    handle = {
      ...opened,
      close: async () => {
        await opened.close();
        const drop = new pg.Client({ connectionString: adminUrl(databaseUrl) });
        await drop.connect();
        await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await drop.end();
      },
    };
  } else {
    // A migrated PGlite starts fastest from the run's migrated template, when there is one.
    const template = migrated ? inject('templateDataDir') : '';
    const pglite = await PGlite.create({
      ...pgliteOptions(),
      ...(template ? { loadDataDir: new Blob([readFileSync(template)]) } : {}),
    });
    handle = await openDatabase({ pglite });
  }
  handles.push(handle);
  if (migrated) {
    await migrateToLatest(handle.db);
    await addFutureTables(handle.db);
  }
  return handle;
}

/** Every application table's rows as PostgreSQL's own text of the row, in a fixed zone and order. */
async function snapshot(db: Database): Promise<Record<string, string[]>> {
  const raw = db.withoutPlugins() as Kysely<unknown>;
  return raw.transaction().execute(async (trx) => {
    await sql`SET LOCAL TimeZone = 'UTC'`.execute(trx);
    await sql`SET LOCAL DateStyle = 'ISO, YMD'`.execute(trx);
    const { rows: tables } = await sql<{ name: string }>`
      SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'schema\\_migrations%'
       ORDER BY 1`.execute(trx);
    const result: Record<string, string[]> = {};
    for (const { name } of tables) {
      const { rows } = await sql<{
        r: string;
      }>`SELECT t::text AS r FROM ${sql.id(name)} t ORDER BY 1`.execute(trx);
      result[name] = rows.map((x) => x.r);
    }
    // The baskets' kept counts as what they count, by territory, department and state (totals and
    // the deltas not yet folded): a restore counts them again, folded.
    delete result.application_count_totals;
    delete result.application_count_deltas;
    const { rows: counted } = await sql<{ r: string }>`
      SELECT (k.territory_id, k.department_id, k.status, sum(k.n))::text AS r
        FROM (SELECT territory_id, department_id, status, n FROM application_count_totals
              UNION ALL SELECT territory_id, department_id, status, n FROM application_count_deltas) k
       WHERE k.territory_id <> 0 AND k.department_id <> 0
       GROUP BY k.territory_id, k.department_id, k.status HAVING sum(k.n) <> 0 ORDER BY 1`.execute(trx);
    result['kept counts'] = counted.map((x) => x.r);
    // …and their sums as a territory's, a department's and the region's count reads them.
    const { rows: summed } = await sql<{ r: string }>`
      SELECT (g.territory_id, g.department_id, g.status, sum(g.n))::text AS r
        FROM (SELECT territory_id, department_id, status, n FROM application_count_totals
               WHERE territory_id = 0 OR department_id = 0
              UNION ALL SELECT territory_id, 0, status, n FROM application_count_deltas
              UNION ALL SELECT 0, department_id, status, n FROM application_count_deltas
              UNION ALL SELECT 0, 0, status, n FROM application_count_deltas) g
       GROUP BY g.territory_id, g.department_id, g.status HAVING sum(g.n) <> 0 ORDER BY 1`.execute(trx);
    result['kept sums'] = summed.map((x) => x.r);
    return result;
  });
}

const withoutRestoreRow = (snap: Record<string, string[]>) => ({
  ...snap,
  audit_events: (snap.audit_events ?? []).filter((r) => !r.includes('system.restore')),
});

/**
 * The restored rows are the backup's, except the summary's marks of stale months (migration 0031):
 * the restore's own inserts mark the months they touch again, as any insert does (a recount then
 * gives the same figures), so every month marked in the backup is marked after it, maybe twice.
 */
const MARKS = ['summary_facts_stale', 'summary_teachers_stale'];
/**
 * The catalog's version (migration 0034) is the backup's moved on by each restore's own writes of
 * courses, so that a process's copy of the catalog is read again.
 */
const VERSION = 'catalog_version';
function expectRestored(restored: Record<string, string[]>, backedUp: Record<string, string[]>) {
  const rest = (snap: Record<string, string[]>) =>
    Object.fromEntries(Object.entries(snap).filter(([table]) => !MARKS.includes(table) && table !== VERSION));
  expect(rest(restored)).toEqual(rest(backedUp));
  for (const table of MARKS) {
    expect(backedUp[table]?.length, table).toBeGreaterThan(0);
    for (const mark of backedUp[table] ?? []) expect(restored[table], table).toContain(mark);
  }
  const version = (snap: Record<string, string[]>) =>
    Number(/^\(t,(\d+)\)$/.exec(snap[VERSION]?.[0] ?? '')?.[1]);
  expect(version(restored)).toBeGreaterThan(version(backedUp));
}

const KEPT = ['course_counts', 'application_count_totals', 'application_count_deltas', 'application_items'];

/** A backup's lines, changed by `edit` (the header, then each table's lines by name), written to `name`. */
function rewritten(
  file: string,
  name: string,
  edit: (header: Header, sections: Map<string, string[]>) => void,
) {
  const lines = gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n');
  const header = JSON.parse(lines[0]!) as Header;
  const sections = new Map<string, string[]>();
  let current: string[] = [];
  for (const line of lines.slice(1, -1)) {
    const value = JSON.parse(line);
    if (Array.isArray(value)) current.push(line);
    else {
      current = [];
      sections.set(value.table, current);
    }
  }
  edit(header, sections);
  const rows = Object.fromEntries([...sections].map(([table, r]) => [table, r.length]));
  const out = [
    JSON.stringify(header),
    ...[...sections].flatMap(([table, r]) => [JSON.stringify({ table }), ...r]),
    JSON.stringify({ end: { rows } }),
  ];
  const path = join(dir, name);
  writeFileSync(path, gzipSync(`${out.join('\n')}\n`));
  return path;
}
type Header = { migrations: string[]; tables: { name: string; columns: { name: string; type: string }[] }[] };

const blob = randomBytes(200_000);

beforeAll(async () => {
  await fillEveryTable(source.db);
  await addFutureTables(source.db);
  const user = await buildUser(source.db, { lastName: 'Щукина' });
  const raw = source.db.withoutPlugins() as Kysely<unknown>;
  const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  await sql`INSERT INTO backup_probe (user_id, content, meta, raw, day, at, local_at, amount, ratio, tags, flag, span, code, big, note)
    VALUES (${user.id}, ${bytes}, ${JSON.stringify({ ключ: 'значение', list: [1, 2.5, null, true], nested: { a: '"' } })}::jsonb,
            ${'{"b": 1,  "0": [ ], "b": "дубль"}'}::json, '2026-02-28', '2026-11-25 09:00:00.123456+05', '2026-11-25 09:00:00.654321',
            '123456789012345678.123456', 0.1, ARRAY['один', 'two "quoted"', NULL, 'с,запятой'], true, '1 day 02:03:04',
            'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 9007199254740993, ${'строка\nс переводом \\ и "кавычками"'})`.execute(
    raw,
  );
  await sql`INSERT INTO backup_probe (parent_id, content, meta, flag, note)
    VALUES (1, ${blob}, ${JSON.stringify('просто строка')}::jsonb, false, ${''})`.execute(raw);
  await sql`INSERT INTO backup_probe (parent_id, meta) VALUES (2, '[]'::jsonb), (NULL, '{}'::jsonb)`.execute(
    raw,
  );
  // Files are fetched a few rows at a time: enough rows for several fetches.
  await sql`INSERT INTO backup_probe (parent_id, content, note)
    SELECT 3, decode(repeat(to_hex(n), 1000), 'hex'), 'file ' || n FROM generate_series(16, 36) n`.execute(
    raw,
  );
  await sql`INSERT INTO backup_probe_log (note, at) VALUES ('b', now()), ('a', NULL), (NULL, NULL)`.execute(
    raw,
  );
}, 120_000);

// Fresh PGlite instances take seconds each, many more on a busy machine.
describe('backup and restore', { timeout: 180_000 }, () => {
  let file: string;
  let before: Record<string, string[]>;

  it('writes one gzipped file with the format, the migrations and every table', async () => {
    file = join(dir, 'bank.ebppk.gz');
    const summary = await backupTo(source.db, file, { now: () => new Date('2026-11-25T10:00:00Z') });
    expect(summary).toMatch(/^Резервная копия сохранена в .*bank\.ebppk\.gz: \d+ таблиц/);
    expect(summary).toContain('backup_probe 25');
    const lines = gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n');
    const header = JSON.parse(lines[0]!);
    expect(header).toMatchObject({
      format: 'ebppk-backup',
      version: 1,
      createdAt: '2026-11-25T10:00:00.000Z',
    });
    expect(header.migrations).toEqual(migrationNames);
    const tables = header.tables.map((t: { name: string }) => t.name);
    expect(tables).toEqual(
      expect.arrayContaining(['users', 'audit_events', 'backup_probe', 'backup_probe_log']),
    );
    expect(tables).not.toContain('schema_migrations');
    // What the Bank keeps from the rows is written again by the restore (compared below).
    for (const kept of KEPT) expect(tables).not.toContain(kept);
    // Parents first: the file can be restored in one pass.
    expect(tables.indexOf('territories')).toBeLessThan(tables.indexOf('organizations'));
    expect(tables.indexOf('users')).toBeLessThan(tables.indexOf('teacher_profiles'));
    expect(tables.indexOf('organizations')).toBeLessThan(tables.indexOf('teacher_profiles'));
    // The generated column is recomputed, never stored.
    const probe = header.tables.find((t: { name: string }) => t.name === 'backup_probe');
    expect(probe.columns.map((c: { name: string }) => c.name)).not.toContain('doubled');
    expect(JSON.parse(lines.at(-1)!).end.rows.backup_probe).toBe(25);
    // The backup is audited, and the audit row is in the backup.
    const audit = await source.db
      .selectFrom('auditEvents')
      .where('action', '=', 'system.backup')
      .selectAll()
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: null, entityType: 'database' });
    expect(lines.some((l) => l.includes('system.backup'))).toBe(true);
    before = await snapshot(source.db);
  });

  it('restores every row of every table into a fresh PGlite, continuing every identity', async () => {
    const target = await freshDatabase('pglite');
    const summary = await restoreFrom(target.db, file);
    expect(summary).toMatch(/^Восстановлено из .*: \d+ таблиц[аы]?, \d+ строк/);
    expect(before.application_items?.length).toBeGreaterThan(0);
    expectRestored(withoutRestoreRow(await snapshot(target.db)), before);
    const restored = await target.db
      .selectFrom('auditEvents')
      .where('action', '=', 'system.restore')
      .select(['actorId', 'after'])
      .executeTakeFirstOrThrow();
    expect(restored.actorId).toBeNull();
    expect(restored.after).toMatchObject({ rows: { users: before.users!.length } });

    const maxTerritory = await target.db
      .selectFrom('territories')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirstOrThrow();
    const territory = await buildTerritory(target.db);
    expect(territory.id).toBe(Number(maxTerritory.id) + 1);
    const user = await buildUser(target.db, { roles: [{ role: 'operator' }] });
    expect(user.id).toBe(Math.max(...before.users!.map((r) => Number(r.slice(1, r.indexOf(','))))) + 1);
    const raw = target.db.withoutPlugins() as Kysely<unknown>;
    const { rows } = await sql<{
      id: number;
    }>`INSERT INTO backup_probe (note) VALUES ('new') RETURNING id`.execute(raw);
    expect(Number(rows[0]!.id)).toBe(26);

    // Now it holds data: a second restore is refused.
    await expect(restoreFrom(target.db, file)).rejects.toThrow(/База данных не пуста/);
  });

  it('restores a backup of an older release with the places and counts of its rows', async () => {
    expect(before['kept counts']?.length).toBeGreaterThan(0);
    expect(before['kept sums']?.length).toBeGreaterThan(0);
    expect(before.course_counts?.some((r) => r !== `(${r.slice(1, r.indexOf(','))},0,0,0)`)).toBe(true);
    // Made before the places and counts were kept (migration 0030): the restore counts them.
    const older = rewritten(file, 'older.gz', (header) => {
      header.migrations = header.migrations.slice(0, header.migrations.indexOf('0030_catalog_kept_places'));
    });
    const first = await freshDatabase('pglite');
    await restoreFrom(first.db, older);
    expectRestored(withoutRestoreRow(await snapshot(first.db)), before);

    // Made by a release that carried them, with numbers its rows do not give: its rows are skipped.
    const carried = rewritten(file, 'carried.gz', (header, sections) => {
      header.tables.push(
        {
          name: 'course_counts',
          columns: ['course_id', 'places_held', 'learners_enrolled', 'learners_completed'].map((c) => ({
            name: c,
            type: 'integer',
          })),
        },
        {
          name: 'application_count_totals',
          columns: [
            { name: 'territory_id', type: 'integer' },
            { name: 'department_id', type: 'integer' },
            { name: 'status', type: 'text' },
            { name: 'n', type: 'integer' },
          ],
        },
      );
      const course = JSON.parse(sections.get('courses')![0]!)[0];
      sections.set('course_counts', [JSON.stringify([course, 99, 99, 99])]);
      sections.set('application_count_totals', [JSON.stringify([1, 1, 'submitted', 500])]);
    });
    const second = await freshDatabase('pglite');
    await restoreFrom(second.db, carried);
    expectRestored(withoutRestoreRow(await snapshot(second.db)), before);

    // Made between migrations 0036 and 0038, when an application carried its basket item in two
    // columns this release no longer has: they are left out, the items written again.
    const between = rewritten(file, 'between.gz', (header, sections) => {
      header.migrations = header.migrations.slice(
        0,
        header.migrations.indexOf('0038_application_items_apart'),
      );
      header.tables
        .find((t) => t.name === 'applications')
        ?.columns.push({ name: 'list_json', type: 'text' }, { name: 'list_abilities', type: 'text' });
      sections.set(
        'applications',
        (sections.get('applications') ?? []).map((line) =>
          JSON.stringify([...JSON.parse(line), '{"id":"stale"', 'submitted,0,0,draft,,0,0']),
        ),
      );
    });
    const third = await freshDatabase('pglite');
    await restoreFrom(third.db, between);
    expectRestored(withoutRestoreRow(await snapshot(third.db)), before);
  });

  it('refuses a database that is not empty, and changes nothing', async () => {
    const snap = await snapshot(source.db);
    await expect(restoreFrom(source.db, file)).rejects.toThrow(/База данных не пуста/);
    expect(await snapshot(source.db)).toEqual(snap);
  });

  it('refuses what is not a backup, or a truncated one, and leaves the target untouched', async () => {
    const target = await freshDatabase('pglite', false);
    await expect(backupTo(target.db, join(dir, 'empty.gz'))).rejects.toThrow(/нет таблиц ЕБППК/);
    const text = join(dir, 'text.gz');
    writeFileSync(text, gzipSync('{"hello":"world"}\n'));
    await expect(restoreFrom(target.db, text)).rejects.toThrow(/не является резервной копией ЕБППК/);
    const plain = join(dir, 'plain.txt');
    writeFileSync(plain, 'not gzip');
    await expect(restoreFrom(target.db, plain)).rejects.toThrow(/не читается как резервная копия/);
    await expect(restoreFrom(target.db, join(dir, 'missing.gz'))).rejects.toThrow(/не найден/);

    await migrateToLatest(target.db);
    await addFutureTables(target.db);
    const lines = gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n');
    const cut = join(dir, 'cut.gz');
    writeFileSync(cut, gzipSync(`${lines.slice(0, -1).join('\n')}\n`));
    const empty = await snapshot(target.db);
    expect(empty.territories).toHaveLength(43);
    await expect(restoreFrom(target.db, cut)).rejects.toThrow(/повреждена: файл обрезан/);
    expect(await snapshot(target.db)).toEqual(empty);
    // …and the whole file still restores there afterwards.
    await restoreFrom(target.db, file);
    expectRestored(withoutRestoreRow(await snapshot(target.db)), before);
  });

  it('moves between engines: this run’s engine → PGlite → this run’s engine', async () => {
    const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';
    const middle = await freshDatabase(engine === 'postgres' ? 'pglite' : 'postgres');
    await restoreFrom(middle.db, file);
    const second = join(dir, 'second.gz');
    await backupTo(middle.db, second);
    const last = await freshDatabase(engine);
    await restoreFrom(last.db, second);
    const snap = await snapshot(last.db);
    // Two restores and one more backup on the way: those audit rows aside, the rows are the same.
    const audit = (snap.audit_events ?? []).filter((r) => !/system\.(restore|backup)/.test(r));
    expectRestored(
      { ...snap, audit_events: audit },
      { ...before, audit_events: before.audit_events!.filter((r) => !r.includes('system.backup')) },
    );
    expect(snap.audit_events!.filter((r) => r.includes('system.backup'))).toHaveLength(2);
    expect(snap.audit_events!.filter((r) => r.includes('system.restore'))).toHaveLength(2);
  });
});

describe('the filled database', () => {
  it('has rows in every table of the schema (so the round trip proves something)', async () => {
    const snap = await snapshot(source.db);
    const empty = Object.keys(snap).filter((table) => snap[table]!.length === 0);
    // A new table? Give it a row in fillEveryTable (test/factories.ts), so its backup is tested.
    expect(empty, 'tables left empty by fillEveryTable').toEqual([]);
  });

  it('factories still work on the source after a backup', async () => {
    const org = await buildOrganization(source.db);
    const dep = await buildDepartment(source.db);
    expect(org.id).toBeGreaterThan(0);
    expect(dep.id).toBeGreaterThan(0);
  });
});
