// Backup and restore: the whole database (and so every stored file, kept as bytea) in one
// gzipped JSON-lines file that restores into an empty database on either engine.
//
// The tables are discovered from information_schema, so a table added by a future migration is
// included without touching this file. Values leave the database as text in PostgreSQL's own
// input syntax (exact: microseconds, numeric, int8, json's own text), except booleans and small
// integers (JSON values), jsonb (kept as JSON: numbers beyond double precision would be rounded)
// and bytea ({"$base64": …}). They come back through json_populate_recordset, i.e. through the
// same input functions, hundreds of rows per INSERT.
//
// File layout, one JSON value per line:
//   {"format":"ebppk-backup","version":1,"createdAt":…,"migrations":[…],"tables":[{name,columns:[{name,type}]}]}
//   {"table":"territories"}            then one array per row, in the header's column order
//   …                                  tables follow the foreign-key order: parents first
//   {"end":{"rows":{"territories":43,…}}}   the trailer: a file without it is truncated
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { type Kysely, sql } from 'kysely';
import type { Clock } from '../clock.js';
import type { Database } from './database.js';
import { migrateToLatest, migrationNames } from './migrate.js';
import { countsOf } from './migrations/0030_catalog_kept_places.js';

export const BACKUP_FORMAT = 'ebppk-backup';
export const BACKUP_VERSION = 1;

const BATCH_ROWS = 500;
const BATCH_CHARS = 8 * 1024 * 1024;
const FETCH_ROWS = 1000;
// Rows of a table with files (bytea) may be megabytes each: fetch few at a time.
const FETCH_ROWS_WITH_FILES = 10;

type Column = { name: string; type: string; identity: boolean };
type Table = { name: string; columns: Column[]; primaryKey: string[] };
type Schema = { tables: Map<string, Table>; parents: Map<string, Set<string>> };

type Header = {
  format: string;
  version: number;
  createdAt: string;
  migrations: string[];
  tables: { name: string; columns: { name: string; type: string }[] }[];
};

type Options = { now?: Clock };

/**
 * What the triggers keep from the rows (migrations 0030, 0032, 0037, 0038): the courses' places
 * and learners, the baskets' counts by state and the applications' items. A backup leaves them out
 * and a restore writes them from the restored rows (`countKept`; the items, by their triggers), so
 * a backup of a release older than any of them restores with its numbers right, and none can bring
 * back counts that disagree with its rows. An older backup's rows of these tables are skipped.
 */
const KEPT = ['course_counts', 'application_count_totals', 'application_count_deltas', 'application_items'];

// biome-ignore lint/suspicious/noExplicitAny: the backup works on whatever tables exist
type AnyDb = Kysely<any>;

/** Writes a consistent dump of every application table to `file`; returns a Russian summary. */
export async function backupTo(db: Database, file: string, options: Options = {}): Promise<string> {
  const now = options.now ?? (() => new Date());
  const path = resolve(file);
  const raw = db.withoutPlugins() as AnyDb;
  const partial = `${path}.partial-${process.pid}`;
  const gzip = createGzip();
  const written = pipeline(gzip, createWriteStream(partial));
  written.catch(() => {});
  const write = async (value: unknown) => {
    if (!gzip.write(`${JSON.stringify(value)}\n`)) await Promise.race([once(gzip, 'drain'), written]);
  };
  const counts: Record<string, number> = {};
  try {
    await raw.transaction().execute(async (trx) => {
      // One snapshot for every table; text output in a fixed zone and style whatever the server's.
      await sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`.execute(trx);
      await sql`SET LOCAL TimeZone = 'UTC'`.execute(trx);
      await sql`SET LOCAL DateStyle = 'ISO, YMD'`.execute(trx);
      await sql`SET LOCAL IntervalStyle = 'postgres'`.execute(trx);
      const schema = await readSchema(trx);
      if (!schema.tables.has('users')) {
        throw new Error(
          'В базе данных нет таблиц ЕБППК: сохранять нечего (проверьте DATA_DIR или DATABASE_URL)',
        );
      }
      // Reading the whole database reads personal data: the backup is an audited act, and the
      // audit row is itself part of the backup.
      await sql`INSERT INTO audit_events (at, actor_id, action, entity_type, entity_id, after)
        VALUES (${now()}, NULL, 'system.backup', 'database', NULL, ${JSON.stringify({ file: path })}::jsonb)`.execute(
        trx,
      );
      const migrations = await appliedMigrations(trx);
      const order = dependencyOrder(schema, [...schema.tables.keys()]);
      const tables = order.map((name) => schema.tables.get(name)!);
      const header: Header = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        createdAt: now().toISOString(),
        migrations,
        tables: tables.map((t) => ({
          name: t.name,
          columns: t.columns.map(({ name, type }) => ({ name, type })),
        })),
      };
      await write(header);
      for (const table of tables) {
        await write({ table: table.name });
        counts[table.name] = 0;
        const select = sql.join(table.columns.map((c) => sql`${selectExpression(c)} AS ${sql.id(c.name)}`));
        const orderBy = table.primaryKey.length
          ? sql`ORDER BY ${sql.join(table.primaryKey.map((c) => sql.id(c)))}`
          : sql``;
        await sql`DECLARE ebppk_backup NO SCROLL CURSOR FOR SELECT ${select} FROM ${sql.id(table.name)} ${orderBy}`.execute(
          trx,
        );
        const fetchRows = table.columns.some((c) => c.type === 'bytea') ? FETCH_ROWS_WITH_FILES : FETCH_ROWS;
        for (;;) {
          const { rows } = await sql<
            Record<string, unknown>
          >`FETCH ${sql.raw(String(fetchRows))} FROM ebppk_backup`.execute(trx);
          for (const row of rows) await write(table.columns.map((c) => encodeValue(c, row[c.name])));
          counts[table.name] = (counts[table.name] ?? 0) + rows.length;
          if (rows.length < fetchRows) break;
        }
        await sql`CLOSE ebppk_backup`.execute(trx);
      }
      await write({ end: { rows: counts } });
    });
    gzip.end();
    await written;
    renameSync(partial, path);
  } catch (error) {
    gzip.destroy();
    await written.catch(() => {});
    rmSync(partial, { force: true });
    throw error;
  }
  return `Резервная копия сохранена в ${path}: ${summarize(counts)}`;
}

/** Restores a backup into an empty database (migrating it first); returns a Russian summary. */
export async function restoreFrom(db: Database, file: string, options: Options = {}): Promise<string> {
  const now = options.now ?? (() => new Date());
  const path = resolve(file);
  if (!existsSync(path)) throw new Error(`Файл резервной копии не найден: ${path}`);
  const raw = db.withoutPlugins() as AnyDb;
  const lines = readLines(path);
  try {
    const first = await lines.next();
    const header = parseHeader(first.done ? undefined : first.value, path);
    const unknown = header.migrations.filter((m) => !migrationNames.includes(m));
    if (unknown.length) {
      throw new Error(
        `Резервная копия сделана более новой версией ЕБППК (неизвестные миграции: ${unknown.join(', ')}); ` +
          'восстановите её той версией, которой она сделана',
      );
    }
    // Refuse before migrating, so that a database in use is left exactly as it was.
    await assertEmpty(raw);
    await migrateToLatest(raw);
    const schema = await readSchema(raw);
    const plan = header.tables.filter((t) => !KEPT.includes(t.name)).map((t) => planTable(schema, t));
    assertOrder(schema, plan);

    const counts: Record<string, number> = {};
    await raw.transaction().execute(async (trx) => {
      await assertEmpty(trx);
      // The kept places and counts are counted once all rows are in (`countKept`): for this
      // transaction, the triggers that keep them row by row stand aside.
      await sql`SELECT set_config('ebppk.restoring', 'on', true)`.execute(trx);
      // What a fresh database holds now was seeded by migrations (territories, positions):
      // the backup's own rows replace it. Children first.
      for (const name of dependencyOrder(
        schema,
        plan.map((t) => t.name),
      ).reverse()) {
        await sql`DELETE FROM ${sql.id(name)}`.execute(trx);
      }
      // null: a kept table of an older backup, whose rows are counted again instead.
      let table: PlannedTable | null | undefined;
      let batch: Record<string, unknown>[] = [];
      let batchChars = 0;
      const flush = async () => {
        if (table && batch.length) await insertBatch(trx, table, batch);
        batch = [];
        batchChars = 0;
      };
      let ended: Record<string, number> | undefined;
      for await (const line of lines) {
        if (!line) continue;
        if (ended) throw corrupt(path, 'данные после завершающей записи');
        const value = parseLine(line, path);
        if (Array.isArray(value)) {
          if (table === null) continue;
          if (!table) throw corrupt(path, 'строка данных вне таблицы');
          batch.push(decodeRow(table, value, path));
          batchChars += line.length;
          counts[table.name] = (counts[table.name] ?? 0) + 1;
          if (batch.length >= BATCH_ROWS || batchChars >= BATCH_CHARS) await flush();
        } else if (typeof value.table === 'string') {
          await flush();
          const next = KEPT.includes(value.table) ? null : plan.find((t) => t.name === value.table);
          if (next === undefined) throw corrupt(path, `таблица ${value.table} не объявлена в заголовке`);
          table = next;
          if (table) counts[table.name] ??= 0;
        } else if (value.end && typeof value.end === 'object') {
          await flush();
          ended = (value.end as { rows?: Record<string, number> }).rows ?? {};
        } else {
          throw corrupt(path, 'неизвестная запись');
        }
      }
      if (!ended) throw corrupt(path, 'файл обрезан (нет завершающей записи)');
      for (const t of plan) {
        if ((counts[t.name] ?? 0) !== (ended[t.name] ?? 0)) {
          throw corrupt(
            path,
            `в таблице ${t.name} ${counts[t.name] ?? 0} строк вместо ${ended[t.name] ?? 0}`,
          );
        }
      }
      await countKept(trx);
      await resetSequences(trx);
      await sql`INSERT INTO audit_events (at, actor_id, action, entity_type, entity_id, after)
        VALUES (${now()}, NULL, 'system.restore', 'database', NULL, ${JSON.stringify({
          file: path,
          createdAt: header.createdAt,
          rows: counts,
        })}::jsonb)`.execute(trx);
    });
    return `Восстановлено из ${path} (копия от ${header.createdAt}): ${summarize(counts)}`;
  } finally {
    await lines.return(undefined);
  }
}

// ——— schema ———

async function readSchema(db: AnyDb): Promise<Schema> {
  const { rows: columns } = await sql<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_identity: string;
  }>`SELECT c.table_name, c.column_name, c.data_type, c.is_identity
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
        AND c.table_name NOT LIKE 'schema\\_migrations%'
        AND c.table_name NOT IN (${sql.join(KEPT.map((t) => sql.lit(t)))})
        AND c.is_generated <> 'ALWAYS'
      ORDER BY c.table_name, c.ordinal_position`.execute(db);
  const tables = new Map<string, Table>();
  for (const c of columns) {
    let table = tables.get(c.table_name);
    if (!table) {
      table = { name: c.table_name, columns: [], primaryKey: [] };
      tables.set(c.table_name, table);
    }
    table.columns.push({ name: c.column_name, type: c.data_type, identity: c.is_identity === 'YES' });
  }
  const { rows: keys } = await sql<{ table_name: string; column_name: string }>`
    SELECT cl.relname AS table_name, a.attname AS column_name
      FROM pg_index i
      JOIN pg_class cl ON cl.oid = i.indrelid
      JOIN pg_namespace n ON n.oid = cl.relnamespace
      JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
      JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attnum = k.attnum
     WHERE i.indisprimary AND n.nspname = 'public'
     ORDER BY cl.relname, k.ord`.execute(db);
  for (const k of keys) tables.get(k.table_name)?.primaryKey.push(k.column_name);
  const { rows: references } = await sql<{ child: string; parent: string }>`
    SELECT ch.relname AS child, pa.relname AS parent
      FROM pg_constraint c
      JOIN pg_class ch ON ch.oid = c.conrelid
      JOIN pg_class pa ON pa.oid = c.confrelid
      JOIN pg_namespace n ON n.oid = ch.relnamespace
     WHERE c.contype = 'f' AND n.nspname = 'public'`.execute(db);
  const parents = new Map<string, Set<string>>();
  for (const r of references) {
    if (r.child === r.parent) continue; // a self-reference: primary-key order puts parents first
    if (!parents.has(r.child)) parents.set(r.child, new Set());
    parents.get(r.child)!.add(r.parent);
  }
  return { tables, parents };
}

/** The given tables, parents before children (ties by name, so the order is stable). */
function dependencyOrder(schema: Schema, names: string[]): string[] {
  const wanted = new Set(names);
  const done = new Set<string>();
  const order: string[] = [];
  const visit = (name: string, path: Set<string>) => {
    if (done.has(name) || path.has(name)) return; // a cycle: left to the data, reported by the FK
    path.add(name);
    for (const parent of [...(schema.parents.get(name) ?? [])].sort()) {
      if (wanted.has(parent)) visit(parent, path);
    }
    path.delete(name);
    done.add(name);
    order.push(name);
  };
  for (const name of [...wanted].sort()) visit(name, new Set());
  return order;
}

async function appliedMigrations(db: AnyDb): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`SELECT name FROM schema_migrations ORDER BY name`.execute(db);
  return rows.map((r) => r.name);
}

/** Empty: nobody has an account and nothing has happened (migrations write no audit rows). */
async function assertEmpty(db: AnyDb): Promise<void> {
  for (const table of ['users', 'audit_events']) {
    const { rows: exists } = await sql<{
      t: string | null;
    }>`SELECT to_regclass(${`public.${table}`})::text AS t`.execute(db);
    if (!exists[0]?.t) continue;
    const { rows } = await sql`SELECT 1 FROM ${sql.id(table)} LIMIT 1`.execute(db);
    if (rows.length) {
      throw new Error(
        'База данных не пуста: в ней уже есть пользователи или записи журнала. ' +
          'Восстанавливайте в новый пустой каталог данных (DATA_DIR) или в новую базу PostgreSQL',
      );
    }
  }
}

// ——— values ———

function selectExpression(c: Column) {
  const col = sql.id(c.name);
  switch (c.type) {
    case 'boolean':
    case 'smallint':
    case 'integer':
      return col;
    case 'bytea':
      return sql`encode(${col}, 'base64')`;
    default:
      return sql`${col}::text`;
  }
}

function encodeValue(c: Column, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (c.type) {
    case 'bytea':
      return { $base64: String(value).replace(/\s/g, '') };
    case 'jsonb':
      return JSON.parse(String(value));
    case 'bigint': {
      const n = Number(value);
      return Number.isSafeInteger(n) ? n : String(value);
    }
    default:
      return value;
  }
}

/**
 * Columns of kept data that an older release had and this one has not (the data is kept elsewhere
 * and written again by the restored rows' triggers): a backup carrying them restores without them.
 */
const DROPPED_KEPT: Record<string, readonly string[]> = {
  // Migrations 0036 and 0037 kept a basket's item on its application; 0038 moved it to application_items.
  applications: ['list_json', 'list_abilities'],
};

/** `read`: each of the backup's columns, null for one left out; `columns`: those inserted. */
type PlannedTable = { name: string; read: (Column | null)[]; columns: Column[]; identity: boolean };

function planTable(schema: Schema, t: Header['tables'][number]): PlannedTable {
  const target = schema.tables.get(t.name);
  if (!target) throw new Error(`В базе данных нет таблицы ${t.name} из резервной копии`);
  const read = t.columns.map((c) => {
    const column = target.columns.find((x) => x.name === c.name);
    if (column) return column;
    if (DROPPED_KEPT[t.name]?.includes(c.name)) return null;
    throw new Error(`В таблице ${t.name} нет столбца ${c.name} из резервной копии`);
  });
  const columns = read.filter((c): c is Column => c !== null);
  return { name: t.name, read, columns, identity: target.columns.some((c) => c.identity) };
}

function assertOrder(schema: Schema, plan: PlannedTable[]) {
  const seen = new Set<string>();
  const inBackup = new Set(plan.map((t) => t.name));
  for (const t of plan) {
    for (const parent of schema.parents.get(t.name) ?? []) {
      if (inBackup.has(parent) && !seen.has(parent)) {
        throw new Error(`Порядок таблиц в резервной копии нарушает внешние ключи: ${parent} после ${t.name}`);
      }
    }
    seen.add(t.name);
  }
}

function decodeRow(table: PlannedTable, values: unknown[], path: string): Record<string, unknown> {
  if (values.length !== table.read.length) throw corrupt(path, `неверное число значений в ${table.name}`);
  const row: Record<string, unknown> = {};
  table.read.forEach((c, i) => {
    const value = values[i];
    if (c === null) return;
    if (c.type === 'bytea' && value !== null) {
      const encoded = (value as { $base64?: unknown }).$base64;
      if (typeof encoded !== 'string')
        throw corrupt(path, `неверное значение bytea в ${table.name}.${c.name}`);
      row[c.name] = `\\x${Buffer.from(encoded, 'base64').toString('hex')}`;
    } else {
      row[c.name] = value;
    }
  });
  return row;
}

async function insertBatch(db: AnyDb, table: PlannedTable, rows: Record<string, unknown>[]) {
  const columns = sql.join(table.columns.map((c) => sql.id(c.name)));
  // A json (not jsonb) value travels as its exact text: populate makes it a JSON string, #>> unwraps it.
  const values = sql.join(
    table.columns.map((c) => (c.type === 'json' ? sql`(${sql.id(c.name)} #>> '{}')::json` : sql.id(c.name))),
  );
  const overriding = table.identity ? sql`OVERRIDING SYSTEM VALUE` : sql``;
  await sql`INSERT INTO ${sql.id(table.name)} (${columns}) ${overriding}
    SELECT ${values} FROM json_populate_recordset(NULL::${sql.id(table.name)}, ${JSON.stringify(rows)}::json)`.execute(
    db,
  );
}

/**
 * The kept places and counts of the restored rows, as the migrations that introduced them counted
 * the rows already there: the totals at every grain the fold keeps (queries.ts `foldCounts`).
 */
async function countKept(trx: AnyDb) {
  await sql`INSERT INTO course_counts (course_id, places_held, learners_enrolled, learners_completed)
    ${sql.raw(countsOf('courses'))}`.execute(trx);
  await sql`INSERT INTO application_count_totals (territory_id, department_id, status, n)
    SELECT coalesce(territory_id, 0), coalesce(department_id, 0), status, count(*)::integer
      FROM applications WHERE archived_at IS NULL
     GROUP BY GROUPING SETS ((territory_id, department_id, status), (territory_id, status), (department_id, status), (status))`.execute(
    trx,
  );
}

/** Every identity or serial sequence continues after the largest restored id. */
async function resetSequences(db: AnyDb) {
  const { rows } = await sql<{ table_name: string; column_name: string; seq: string }>`
    SELECT table_name, column_name, seq FROM (
      SELECT table_name, column_name,
             pg_get_serial_sequence(quote_ident(table_schema) || '.' || quote_ident(table_name), column_name) AS seq
        FROM information_schema.columns
       WHERE table_schema = 'public') s
     WHERE seq IS NOT NULL`.execute(db);
  for (const r of rows) {
    const col = sql.id(r.column_name);
    await sql`SELECT setval(${r.seq}::regclass,
        coalesce(max(${col}), (SELECT seqstart FROM pg_sequence WHERE seqrelid = ${r.seq}::regclass)),
        max(${col}) IS NOT NULL)
      FROM ${sql.id(r.table_name)}`.execute(db);
  }
}

// ——— file ———

async function* readLines(path: string): AsyncGenerator<string, void, undefined> {
  const gunzip = createGunzip();
  const reading = pipeline(createReadStream(path), gunzip);
  reading.catch(() => {}); // the error reaches us through the iteration below
  gunzip.setEncoding('utf8');
  let rest = '';
  try {
    for await (const chunk of gunzip as AsyncIterable<string>) {
      rest += chunk;
      let at = rest.indexOf('\n');
      let from = 0;
      while (at !== -1) {
        yield rest.slice(from, at);
        from = at + 1;
        at = rest.indexOf('\n', from);
      }
      rest = rest.slice(from);
    }
  } catch (error) {
    throw new Error(`Файл ${path} не читается как резервная копия ЕБППК (${(error as Error).message})`);
  } finally {
    gunzip.destroy();
  }
  if (rest) yield rest;
}

function parseLine(line: string, path: string): Record<string, unknown> | unknown[] {
  try {
    const value = JSON.parse(line) as unknown;
    if (value && typeof value === 'object') return value as Record<string, unknown> | unknown[];
  } catch {
    // reported below
  }
  throw corrupt(path, 'строка не в формате JSON');
}

function parseHeader(line: string | undefined, path: string): Header {
  const header = line ? (parseLine(line, path) as Partial<Header>) : undefined;
  if (!header || header.format !== BACKUP_FORMAT || !Array.isArray(header.tables)) {
    throw new Error(`Файл ${path} не является резервной копией ЕБППК`);
  }
  if (header.version !== BACKUP_VERSION) {
    throw new Error(
      `Версия формата резервной копии ${header.version} не поддерживается (нужна ${BACKUP_VERSION})`,
    );
  }
  return { ...header, migrations: header.migrations ?? [] } as Header;
}

const corrupt = (path: string, what: string) =>
  new Error(`Резервная копия ${basename(path)} повреждена: ${what}; база данных не изменена`);

// ——— summary ———

function plural(n: number, one: string, few: string, many: string) {
  const d = n % 10;
  const dd = n % 100;
  if (d === 1 && dd !== 11) return one;
  if (d >= 2 && d <= 4 && (dd < 12 || dd > 14)) return few;
  return many;
}

function summarize(counts: Record<string, number>): string {
  const names = Object.keys(counts).sort();
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const detail = names.map((n) => `${n} ${counts[n]}`).join(', ');
  return `${names.length} ${plural(names.length, 'таблица', 'таблицы', 'таблиц')}, ${total} ${plural(
    total,
    'строка',
    'строки',
    'строк',
  )} (${detail})`;
}
