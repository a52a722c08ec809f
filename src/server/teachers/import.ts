// Importing teachers and organizations from a spreadsheet (XLSX, or CSV in UTF-8 or Windows-1251,
// `;` or `,`). The upload is parsed and checked at once and kept as an `imports` row with every
// row's problems (the preview, read in pages); applying it is a background job that creates
// everything in ONE transaction or nothing. Decisions: a person or organization the Bank already
// has (a teacher by СНИЛС or e-mail, an organization by name in its territory) is «уже есть» and
// skipped, not an error; a teacher's organization must be in the Bank or on the file's
// «Организации» sheet; a methodist imports only into her territories.
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { email as emailSchema } from '../../contract/auth.js';
import { snils as snilsSchema } from '../../contract/profile.js';
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, type ImportRow } from '../../contract/teachers.js';
import type { Actor, Who } from '../access/actor.js';
import { scopeOf } from '../access/scope.js';
import { recordAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Database } from '../db/database.js';
import type { ImportState } from '../db/schema.js';
import { Conflict, DomainError, Invalid } from '../http/errors.js';
import { teachersPolicy } from './policy.js';
import { insertInvitedBatch } from './service.js';

type Signed = Who & { actor: Actor };

/** The kind of the job that applies an import (jobs/definitions registers it). */
export const IMPORT_JOB_KIND = 'teachers.import';

export const TEACHER_COLUMNS = [
  'Фамилия',
  'Имя',
  'Отчество',
  'E-mail',
  'СНИЛС',
  'Должность',
  'Организация',
  'Территория',
] as const;
export const ORGANIZATION_COLUMNS = ['Организация', 'Краткое наименование', 'ИНН', 'Территория'] as const;
export const TEACHERS_SHEET = 'Педагоги';
export const ORGANIZATIONS_SHEET = 'Организации';

/** The template: both sheets with their headers and one example row each. */
export async function importTemplate(who: Signed): Promise<Buffer> {
  teachersPolicy.authorizeAttempt(who.actor, 'teacher.import');
  const book = new ExcelJS.Workbook();
  book.creator = 'ЕБППК';
  const add = (name: string, headers: readonly string[], example: string[]) => {
    const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = headers.map((h) => ({ header: h, width: Math.max(16, h.length + 4) }));
    sheet.getRow(1).font = { bold: true };
    sheet.addRow(example);
  };
  add(TEACHERS_SHEET, TEACHER_COLUMNS, [
    'Иванова',
    'Мария',
    'Петровна',
    'ivanova@school.example',
    '112-233-445 95',
    'Учитель',
    'МАОУ «СОШ № 1»',
    '',
  ]);
  add(ORGANIZATIONS_SHEET, ORGANIZATION_COLUMNS, ['МАОУ «СОШ № 1»', 'СОШ № 1', '5902123456', '']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

// --- reading the file

type Table = { sheet: string; header: string[]; rows: { row: number; cells: string[] }[] };

const norm = (s: string) => s.trim().toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ');

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value)
      return value.result === undefined ? '' : cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value);
}

async function readXlsx(content: Buffer): Promise<Table[]> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw unreadable();
  }
  return book.worksheets.map((sheet) => {
    const rows: Table['rows'] = [];
    let header: string[] = [];
    sheet.eachRow({ includeEmpty: false }, (r, n) => {
      const cells: string[] = [];
      for (let i = 1; i <= r.cellCount; i++) cells.push(cellText(r.getCell(i).value).trim());
      if (header.length === 0) header = cells;
      else if (cells.some((c) => c !== '')) rows.push({ row: n, cells });
    });
    return { sheet: sheet.name, header, rows };
  });
}

/** UTF-8 if the bytes are valid UTF-8, Windows-1251 otherwise (what Excel saves «CSV» as in Russia). */
export function decodeCsv(content: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('windows-1251').decode(content);
  }
}

/** RFC 4180 fields (quotes doubled inside quotes), the separator guessed from the header line. */
export function parseCsv(text: string): string[][] {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const sep = (first.match(/;/g)?.length ?? 0) >= (first.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === sep) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function readCsv(content: Buffer, fileName: string): Table[] {
  const lines = parseCsv(decodeCsv(content));
  const [header = [], ...rest] = lines;
  return [
    {
      sheet: fileName,
      header: header.map((h) => h.trim()),
      rows: rest
        .map((cells, i) => ({ row: i + 2, cells: cells.map((c) => c.trim()) }))
        .filter((r) => r.cells.some((c) => c !== '')),
    },
  ];
}

const unreadable = () =>
  new Invalid('Не удалось прочитать файл: загрузите таблицу Excel (.xlsx) или CSV', [
    { field: 'file', message: 'Файл не читается как XLSX или CSV' },
  ]);

const HEADERS: Record<string, string> = {
  фамилия: 'lastName',
  имя: 'firstName',
  отчество: 'middleName',
  'e-mail': 'email',
  email: 'email',
  'электронная почта': 'email',
  снилс: 'snils',
  должность: 'position',
  организация: 'organization',
  наименование: 'organization',
  'краткое наименование': 'shortName',
  инн: 'inn',
  территория: 'territory',
};
const COLUMN_LABEL: Record<string, string> = {
  lastName: 'Фамилия',
  firstName: 'Имя',
  middleName: 'Отчество',
  email: 'E-mail',
  snils: 'СНИЛС',
  position: 'Должность',
  organization: 'Организация',
  shortName: 'Краткое наименование',
  inn: 'ИНН',
  territory: 'Территория',
};

type Fields = Record<string, string>;
type Parsed = { sheet: string; kind: 'teacher' | 'organization'; row: number; fields: Fields };

function classify(tables: Table[]): Parsed[] {
  const parsed: Parsed[] = [];
  for (const t of tables) {
    const keys = t.header.map((h) => HEADERS[norm(h)] ?? null);
    const kind = keys.includes('lastName')
      ? 'teacher'
      : keys.includes('organization')
        ? 'organization'
        : null;
    if (kind === null) {
      if (t.rows.length === 0) continue;
      throw new Invalid(
        `Лист «${t.sheet}»: не найдены заголовки. Первая строка должна содержать названия столбцов, как в шаблоне`,
        [{ field: 'file', message: 'Нет заголовков' }],
      );
    }
    for (const r of t.rows) {
      const fields: Fields = {};
      keys.forEach((k, i) => {
        if (k) fields[k] = r.cells[i] ?? '';
      });
      parsed.push({ sheet: t.sheet, kind, row: r.row, fields });
    }
  }
  return parsed;
}

// --- checking

/** A row as the imports table keeps it: the preview's and, for the apply, its values. */
export type StoredRow = ImportRow & {
  teacher?: {
    lastName: string;
    firstName: string;
    middleName: string | null;
    email: string;
    snils: string | null;
    position: string;
    /** An organization of the Bank, or the key of one this file adds. */
    organizationId: number | null;
    organizationKey: string | null;
  };
  organization?: {
    key: string;
    name: string;
    shortName: string | null;
    inn: string | null;
    territoryId: number;
  };
};

const orgKey = (territoryId: number, name: string) => `${territoryId}:${norm(name)}`;

async function check(db: Database, actor: Actor, parsed: Parsed[]): Promise<StoredRow[]> {
  const scope = scopeOf(actor);
  const mine = new Set(scope.territories('methodist'));
  const allowed = (territoryId: number) => scope.all || mine.has(territoryId);
  const territories = await db.selectFrom('territories').select(['id', 'name']).execute();
  const territoryByName = new Map(territories.map((t) => [norm(t.name), t]));
  const positions = await db.selectFrom('positions').select('name').execute();
  const positionByName = new Map(positions.map((p) => [norm(p.name), p.name]));
  const bankOrgs = await db
    .selectFrom('organizations')
    .$if(!scope.all, (qb) => qb.where('territoryId', 'in', mine.size ? [...mine] : [0]))
    .select(['id', 'name', 'territoryId'])
    .execute();
  const bankOrgByKey = new Map(bankOrgs.map((o) => [orgKey(o.territoryId, o.name), o]));
  const onlyTerritory = !scope.all && mine.size === 1 ? [...mine][0] : undefined;

  const rows: StoredRow[] = [];
  const territoryOf = (value: string, issues: StoredRow['issues']): number | null => {
    if (!value) {
      if (onlyTerritory !== undefined) return onlyTerritory;
      return null;
    }
    const t = territoryByName.get(norm(value));
    if (!t) {
      issues.push({ column: 'Территория', message: `Территория «${value}» не найдена в справочнике` });
      return null;
    }
    if (!allowed(t.id)) {
      issues.push({
        column: 'Территория',
        message: `Территория «${t.name}» — не ваша: методист импортирует только в свои территории`,
      });
      return null;
    }
    return t.id;
  };

  // Organizations first: the teachers' rows may name them.
  const fileOrgs = new Map<string, { row: number; territoryId: number }>();
  for (const p of parsed.filter((x) => x.kind === 'organization')) {
    const issues: StoredRow['issues'] = [];
    const name = p.fields.organization ?? '';
    if (!name) issues.push({ column: 'Организация', message: 'Заполните наименование организации' });
    else if (name.length > 500)
      issues.push({ column: 'Организация', message: 'Слишком длинное наименование' });
    const territoryId = territoryOf(p.fields.territory ?? '', issues);
    if (territoryId === null && !p.fields.territory)
      issues.push({ column: 'Территория', message: 'Укажите территорию организации' });
    const inn = (p.fields.inn ?? '').replace(/\s/g, '');
    if (inn && !/^(\d{10}|\d{12})$/.test(inn))
      issues.push({ column: 'ИНН', message: 'ИНН — 10 или 12 цифр' });
    let status: StoredRow['status'] = 'new';
    let organization: StoredRow['organization'];
    if (name && territoryId !== null) {
      const key = orgKey(territoryId, name);
      const twin = fileOrgs.get(key);
      if (twin)
        issues.push({ column: 'Организация', message: `Эта организация уже есть в строке ${twin.row}` });
      else fileOrgs.set(key, { row: p.row, territoryId });
      if (bankOrgByKey.has(key)) status = 'existing';
      organization = { key, name, shortName: p.fields.shortName || null, inn: inn || null, territoryId };
    }
    if (issues.length) status = 'error';
    rows.push({
      row: p.row,
      sheet: p.sheet,
      kind: 'organization',
      name,
      detail: [p.fields.territory, inn].filter(Boolean).join(', '),
      status,
      issues:
        status === 'existing' ? [{ column: null, message: 'Уже есть в Банке: строка пропускается' }] : issues,
      ...(status === 'new' ? { organization } : {}),
    });
  }
  const newOrgKeys = new Set(
    rows.filter((r) => r.kind === 'organization' && r.status === 'new').map((r) => r.organization?.key),
  );
  const fileOrgsByName = new Map<string, string[]>();
  for (const key of fileOrgs.keys()) {
    const name = key.slice(key.indexOf(':') + 1);
    fileOrgsByName.set(name, [...(fileOrgsByName.get(name) ?? []), key]);
  }

  const teacherRows = parsed.filter((x) => x.kind === 'teacher');
  const emails = teacherRows.map((p) => norm(p.fields.email ?? '')).filter(Boolean);
  const snilses = teacherRows
    .map((p) => (p.fields.snils ?? '').replace(/\D/g, ''))
    .filter((s) => s.length === 11);
  const knownEmails = new Set<string>();
  for (let i = 0; i < emails.length; i += 1000) {
    const chunk = emails.slice(i, i + 1000);
    const found = await db
      .selectFrom('users')
      .where((eb) => eb.or([eb('login', 'in', chunk), eb(sql`lower(btrim(email))`, 'in', chunk)]))
      .select(['login', 'email'])
      .execute();
    for (const u of found) {
      knownEmails.add(norm(u.login));
      if (u.email) knownEmails.add(norm(u.email));
    }
  }
  const knownSnils = new Set<string>();
  for (let i = 0; i < snilses.length; i += 1000) {
    const found = await db
      .selectFrom('teacherProfiles')
      .where('snils', 'in', snilses.slice(i, i + 1000))
      .select('snils')
      .execute();
    for (const s of found) if (s.snils) knownSnils.add(s.snils);
  }

  const seenEmail = new Map<string, number>();
  const seenSnils = new Map<string, number>();
  for (const p of teacherRows) {
    const f = p.fields;
    const issues: StoredRow['issues'] = [];
    const need = (key: string) => {
      if (!f[key]) issues.push({ column: COLUMN_LABEL[key] ?? key, message: 'Заполните поле' });
    };
    need('lastName');
    need('firstName');
    for (const key of ['lastName', 'firstName', 'middleName'])
      if ((f[key] ?? '').length > 100)
        issues.push({ column: COLUMN_LABEL[key] ?? key, message: 'Не длиннее 100 символов' });
    const emailParsed = emailSchema.safeParse(f.email ?? '');
    let email = '';
    if (!f.email) issues.push({ column: 'E-mail', message: 'Укажите адрес: на него уйдёт приглашение' });
    else if (!emailParsed.success)
      issues.push({ column: 'E-mail', message: `Неверный адрес электронной почты «${f.email}»` });
    else email = emailParsed.data;
    let snils: string | null = null;
    if (f.snils) {
      const s = snilsSchema.safeParse(f.snils);
      if (s.success) snils = s.data;
      else issues.push({ column: 'СНИЛС', message: s.error.issues[0]?.message ?? 'Неверный СНИЛС' });
    }
    const position = positionByName.get(norm(f.position ?? ''));
    if (!f.position) issues.push({ column: 'Должность', message: 'Заполните поле' });
    else if (!position)
      issues.push({ column: 'Должность', message: `Должности «${f.position}» нет в справочнике должностей` });
    let organizationId: number | null = null;
    let organizationKey: string | null = null;
    const orgName = f.organization ?? '';
    if (!orgName) issues.push({ column: 'Организация', message: 'Заполните поле' });
    else {
      const territoryId = f.territory ? territoryOf(f.territory, issues) : null;
      if (!f.territory || territoryId !== null) {
        const inBank = bankOrgs.filter(
          (o) => norm(o.name) === norm(orgName) && (territoryId === null || o.territoryId === territoryId),
        );
        const inFile = (fileOrgsByName.get(norm(orgName)) ?? []).filter(
          (k) => newOrgKeys.has(k) && (territoryId === null || k.startsWith(`${territoryId}:`)),
        );
        if (inBank.length + inFile.length === 0)
          issues.push({
            column: 'Организация',
            message: `Организация «${orgName}» не найдена: проверьте название или добавьте её на лист «${ORGANIZATIONS_SHEET}»`,
          });
        else if (inBank.length + inFile.length > 1)
          issues.push({
            column: 'Организация',
            message: `Организаций «${orgName}» несколько: укажите территорию`,
          });
        else if (inBank[0]) organizationId = inBank[0].id;
        else organizationKey = inFile[0] ?? null;
      }
    }
    if (email) {
      const twin = seenEmail.get(email);
      if (twin !== undefined)
        issues.push({ column: 'E-mail', message: `Этот адрес уже встречается в строке ${twin}` });
      else seenEmail.set(email, p.row);
    }
    if (snils) {
      const twin = seenSnils.get(snils);
      if (twin !== undefined)
        issues.push({ column: 'СНИЛС', message: `Этот СНИЛС уже встречается в строке ${twin}` });
      else seenSnils.set(snils, p.row);
    }
    const known = (email && knownEmails.has(email)) || (snils && knownSnils.has(snils));
    const status: StoredRow['status'] = issues.length ? 'error' : known ? 'existing' : 'new';
    const by = [
      email && knownEmails.has(email) ? 'e-mail' : null,
      snils && knownSnils.has(snils) ? 'СНИЛС' : null,
    ]
      .filter(Boolean)
      .join(' и ');
    rows.push({
      row: p.row,
      sheet: p.sheet,
      kind: 'teacher',
      name: [f.lastName, f.firstName, f.middleName].filter(Boolean).join(' '),
      detail: [email, position, orgName].filter(Boolean).join(', '),
      status,
      issues:
        status === 'existing'
          ? [{ column: null, message: `Уже есть в Банке (по ${by}): строка пропускается` }]
          : issues,
      ...(status === 'new'
        ? {
            teacher: {
              lastName: f.lastName ?? '',
              firstName: f.firstName ?? '',
              middleName: f.middleName || null,
              email,
              snils,
              position: position ?? '',
              organizationId,
              organizationKey,
            },
          }
        : {}),
    });
  }
  return rows;
}

// --- the use cases

export type Upload = { fileName: string; content: Buffer };

export async function uploadImport(ctx: Ctx, who: Signed, read: () => Promise<Upload>) {
  teachersPolicy.authorizeAttempt(who.actor, 'teacher.import');
  const { fileName, content } = await read();
  if (content.length > IMPORT_MAX_BYTES)
    throw new DomainError(413, 'Слишком большой файл', 'Файл импорта — не больше 5 МБ');
  const isXlsx = content.subarray(0, 2).toString('latin1') === 'PK';
  const tables = isXlsx ? await readXlsx(content) : readCsv(content, fileName);
  const parsed = classify(tables);
  if (parsed.length === 0)
    throw new Invalid('В файле нет строк с данными: заполните таблицу по шаблону', [
      { field: 'file', message: 'Нет строк' },
    ]);
  if (parsed.length > IMPORT_MAX_ROWS)
    throw new Invalid(
      `В файле ${parsed.length} строк: за один раз — не больше ${IMPORT_MAX_ROWS}. Разделите файл`,
      [{ field: 'file', message: 'Слишком много строк' }],
    );
  const rows = await check(ctx.db, who.actor, parsed);
  const now = ctx.now();
  const errors = rows.filter((r) => r.status === 'error').length;
  const id = randomUUID();
  const state: ImportState = errors ? 'invalid' : 'ready';
  await ctx.db
    .insertInto('imports')
    .values({
      id,
      createdBy: who.actor.userId,
      fileName: fileName.slice(0, 300),
      state,
      rows: JSON.stringify(rows),
      total: rows.length,
      errors,
      existing: rows.filter((r) => r.status === 'existing').length,
      processed: 0,
      result: null,
      failure: null,
      createdAt: now,
      updatedAt: now,
    })
    .execute();
  return getImport(ctx, who, id);
}

const loadImport = async (db: Database, actor: Actor, id: string) =>
  teachersPolicy.authorize(
    actor,
    'import.view',
    await db.selectFrom('imports').where('id', '=', id).selectAll().executeTakeFirst(),
  );

/** Rows one statement of the apply inserts. */
const BATCH = 500;

/** Live progress of imports this process is applying: the apply's transaction is not visible until it commits. */
const progress = new Map<string, number>();

export async function getImport(ctx: Ctx, who: Signed, id: string) {
  teachersPolicy.authorizeAttempt(who.actor, 'import.view');
  const row = await loadImport(ctx.db, who.actor, id);
  const { rows: _rows, ...rest } = row;
  return { ...rest, processed: rest.state === 'running' ? (progress.get(id) ?? 0) : rest.processed };
}

export async function importRows(
  ctx: Ctx,
  who: Signed,
  id: string,
  query: { problems?: 'true' | 'false' | undefined; limit: number; offset: number },
) {
  teachersPolicy.authorizeAttempt(who.actor, 'import.view');
  const row = await loadImport(ctx.db, who.actor, id);
  const all = (row.rows as StoredRow[]).filter((r) => query.problems !== 'true' || r.status !== 'new');
  return {
    total: all.length,
    items: all
      .slice(query.offset, query.offset + query.limit)
      .map(({ teacher: _t, organization: _o, ...r }) => r),
  };
}

/** «Импортировать»: queues the apply job; nothing is created while the file has an error. */
export async function applyImport(ctx: Ctx, who: Signed, base: string, id: string) {
  teachersPolicy.authorizeAttempt(who.actor, 'teacher.import');
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const row = await loadImport(trx, who.actor, id);
    if (row.state === 'invalid')
      throw new Conflict(`В файле ${row.errors} строк с ошибками: исправьте их и загрузите файл заново`);
    if (row.state !== 'ready') throw new Conflict('Этот файл уже импортируется или импортирован');
    await trx.updateTable('imports').set({ state: 'queued', updatedAt: now }).where('id', '=', id).execute();
    await trx
      .insertInto('jobs')
      .values({
        id: `${IMPORT_JOB_KIND}:${id}`,
        kind: IMPORT_JOB_KIND,
        payload: JSON.stringify({ importId: id, base, actorId: who.actor.userId }),
        runAt: now,
        maxAttempts: 2,
        createdAt: now,
      })
      .execute();
  });
  return getImport(ctx, who, id);
}

/**
 * The apply job's work: every organization and teacher of the file in one transaction (with each
 * teacher's invitation queued), or none when anything fails — the failure is then recorded on the
 * import. Running it again after an interrupted run starts over: the first run committed nothing.
 */
export async function runImport(ctx: Ctx, payload: { importId: string; base: string; actorId: number }) {
  const { importId, base } = payload;
  const started = await ctx.db
    .updateTable('imports')
    .set({ state: 'running', updatedAt: ctx.now() })
    .where('id', '=', importId)
    .where('state', 'in', ['queued', 'running'])
    .returning(['rows', 'total'])
    .executeTakeFirst();
  if (!started) return;
  progress.set(importId, 0);
  try {
    const now = ctx.now();
    await ctx.db.transaction().execute(async (trx) => {
      const rows = started.rows as StoredRow[];
      const orgIds = new Map<string, number>();
      let organizations = 0;
      let teachers = 0;
      const newOrgs = rows.flatMap((r) => (r.status === 'new' && r.organization ? [r.organization] : []));
      for (let i = 0; i < newOrgs.length; i += BATCH) {
        const batch = newOrgs.slice(i, i + BATCH);
        const created = await trx
          .insertInto('organizations')
          .values(
            batch.map((o) => ({
              territoryId: o.territoryId,
              name: o.name,
              shortName: o.shortName,
              inn: o.inn,
              createdAt: now,
              updatedAt: now,
            })),
          )
          .returning(['id', 'name', 'territoryId'])
          .execute();
        for (const o of created) orgIds.set(orgKey(o.territoryId, o.name), o.id);
        organizations += batch.length;
      }
      let done = rows.length - rows.filter((r) => r.status === 'new' && r.teacher).length;
      progress.set(importId, done);
      const newTeachers = rows.flatMap((r) =>
        r.status === 'new' && r.teacher ? [{ ...r.teacher, row: r.row }] : [],
      );
      for (let i = 0; i < newTeachers.length; i += BATCH) {
        const batch = newTeachers.slice(i, i + BATCH).map((t) => {
          const organizationId = t.organizationId ?? orgIds.get(t.organizationKey ?? '');
          if (organizationId === undefined) throw new Error(`строка ${t.row}: организация не создана`);
          return { ...t, organizationId };
        });
        await insertInvitedBatch(trx, now, base, batch);
        teachers += batch.length;
        done += batch.length;
        progress.set(importId, done);
      }
      const result = { teachers, organizations, invitations: teachers };
      await trx
        .updateTable('imports')
        .set({ state: 'done', processed: rows.length, result: JSON.stringify(result), updatedAt: ctx.now() })
        .where('id', '=', importId)
        .execute();
      const actor = await trx
        .selectFrom('users')
        .where('id', '=', payload.actorId)
        .select('login')
        .executeTakeFirst();
      await recordAudit(
        trx,
        now,
        { actor: null, meta: null },
        {
          action: 'teachers.imported',
          entityType: 'import',
          entityId: importId,
          actorId: payload.actorId,
          login: actor?.login ?? null,
          after: {
            ...result,
            rows: rows.length,
            skipped: rows.filter((r) => r.status === 'existing').length,
          },
        },
      );
    });
  } catch (error) {
    await ctx.db
      .updateTable('imports')
      .set({
        state: 'failed',
        failure: `Ничего не импортировано: ${error instanceof Error ? error.message : String(error)}`.slice(
          0,
          1000,
        ),
        updatedAt: ctx.now(),
      })
      .where('id', '=', importId)
      .execute();
  } finally {
    progress.delete(importId);
  }
}
