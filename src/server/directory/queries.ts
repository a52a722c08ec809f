// Kysely queries of the directories. Directories are public to read, so no scope filter applies
// here: who may change what is decided in policy.ts. Name checks ignore case, so that
// «Школа № 5» and «школа № 5» cannot both exist; the unique constraints remain the last guard.
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import { fetchPage, likePattern, type PageRequest } from '../http/pagination.js';

type Db = Kysely<DB>;
export type ListFilter = PageRequest & { q?: string | undefined };

const sameName = (name: string) => sql<boolean>`lower(name) = lower(${name})`;

/**
 * Case-insensitive substring search that also ignores ё/е: people type «Березовский» for
 * «Берёзовский», and both must find it.
 */
const nameContains = (column: string, q: string): Expression<SqlBool> => {
  const plain = (s: string) => s.replaceAll('ё', 'е').replaceAll('Ё', 'Е');
  return sql<SqlBool>`translate(${sql.ref(column)}, 'Ёё', 'Ее') ilike ${likePattern(plain(q))}`;
};

// --- territories

const territoryColumns = ['id', 'name', 'kind'] as const;

export const findTerritories = (db: Db, { q, ...page }: ListFilter) =>
  fetchPage(
    db
      .selectFrom('territories')
      .select(territoryColumns)
      .$if(Boolean(q), (qb) => qb.where(nameContains('name', q ?? '')))
      .orderBy('name')
      .orderBy('id'),
    page,
  );

export const getTerritory = (db: Db, id: number) =>
  db.selectFrom('territories').where('id', '=', id).select(territoryColumns).executeTakeFirst();

export const lockTerritory = (db: Db, id: number) =>
  db.selectFrom('territories').where('id', '=', id).select(territoryColumns).forUpdate().executeTakeFirst();

export async function territoryNameTaken(db: Db, name: string, exceptId?: number) {
  const row = await db
    .selectFrom('territories')
    .where(sameName(name))
    .$if(exceptId !== undefined, (qb) => qb.where('id', '<>', exceptId ?? 0))
    .select('id')
    .executeTakeFirst();
  return row !== undefined;
}

// --- organizations

const organizationView = (db: Db) =>
  db
    .selectFrom('organizations as o')
    .innerJoin('territories as t', 't.id', 'o.territoryId')
    .select(['o.id', 'o.territoryId', 't.name as territoryName', 'o.name', 'o.shortName', 'o.inn']);

export type OrganizationView = NonNullable<Awaited<ReturnType<typeof getOrganization>>>;

export const findOrganizations = (
  db: Db,
  { q, territoryId, ...page }: ListFilter & { territoryId?: number | undefined },
) =>
  fetchPage(
    organizationView(db)
      .$if(Boolean(q), (qb) => qb.where(nameContains('o.name', q ?? '')))
      .$if(territoryId !== undefined, (qb) => qb.where('o.territoryId', '=', territoryId ?? 0))
      .orderBy('o.name')
      .orderBy('o.id'),
    page,
  );

export const getOrganization = (db: Db, id: number) =>
  organizationView(db).where('o.id', '=', id).executeTakeFirst();

export const lockOrganization = (db: Db, id: number) =>
  db
    .selectFrom('organizations')
    .where('id', '=', id)
    .select(['id', 'territoryId', 'name', 'shortName', 'inn'])
    .forUpdate()
    .executeTakeFirst();

/** Organization names are unique within a territory: two towns may each have «Школа № 1». */
export async function organizationNameTaken(db: Db, territoryId: number, name: string, exceptId?: number) {
  const row = await db
    .selectFrom('organizations')
    .where('territoryId', '=', territoryId)
    .where(sameName(name))
    .$if(exceptId !== undefined, (qb) => qb.where('id', '<>', exceptId ?? 0))
    .select('id')
    .executeTakeFirst();
  return row !== undefined;
}

// --- providers

export const providerColumns = [
  'id',
  'name',
  'shortName',
  'licenseNumber',
  'licenseDate',
  'address',
  'numberTemplate',
  'blankSeries',
  'signatories',
  'inn',
  'ogrn',
  'city',
] as const;

export type ProviderView = NonNullable<Awaited<ReturnType<typeof getProvider>>>;

export const findProviders = (db: Db, { q, ...page }: ListFilter) =>
  fetchPage(
    db
      .selectFrom('providers')
      .select(providerColumns)
      .$if(Boolean(q), (qb) => qb.where(nameContains('name', q ?? '')))
      .orderBy('name')
      .orderBy('id'),
    page,
  );

export const getProvider = (db: Db, id: number) =>
  db.selectFrom('providers').where('id', '=', id).select(providerColumns).executeTakeFirst();

export const lockProvider = (db: Db, id: number) =>
  db.selectFrom('providers').where('id', '=', id).select(providerColumns).forUpdate().executeTakeFirst();

export async function providerNameTaken(db: Db, name: string, exceptId?: number) {
  const row = await db
    .selectFrom('providers')
    .where(sameName(name))
    .$if(exceptId !== undefined, (qb) => qb.where('id', '<>', exceptId ?? 0))
    .select('id')
    .executeTakeFirst();
  return row !== undefined;
}

// --- departments

const departmentView = (db: Db) =>
  db
    .selectFrom('departments as d')
    .innerJoin('providers as p', 'p.id', 'd.providerId')
    .select(['d.id', 'd.providerId', 'p.name as providerName', 'd.name', 'd.code']);

export type DepartmentView = NonNullable<Awaited<ReturnType<typeof getDepartment>>>;

export const findDepartments = (
  db: Db,
  { q, providerId, ...page }: ListFilter & { providerId?: number | undefined },
) =>
  fetchPage(
    departmentView(db)
      .$if(Boolean(q), (qb) => qb.where(nameContains('d.name', q ?? '')))
      .$if(providerId !== undefined, (qb) => qb.where('d.providerId', '=', providerId ?? 0))
      .orderBy('d.name')
      .orderBy('d.id'),
    page,
  );

export const getDepartment = (db: Db, id: number) =>
  departmentView(db).where('d.id', '=', id).executeTakeFirst();

export const lockDepartment = (db: Db, id: number) =>
  db
    .selectFrom('departments')
    .where('id', '=', id)
    .select(['id', 'providerId', 'name', 'code'])
    .forUpdate()
    .executeTakeFirst();

export async function departmentNameTaken(db: Db, providerId: number, name: string, exceptId?: number) {
  const row = await db
    .selectFrom('departments')
    .where('providerId', '=', providerId)
    .where(sameName(name))
    .$if(exceptId !== undefined, (qb) => qb.where('id', '<>', exceptId ?? 0))
    .select('id')
    .executeTakeFirst();
  return row !== undefined;
}

// --- positions

const positionColumns = ['id', 'name', 'sortOrder'] as const;

/** Positions keep the order of the official list (sort_order), not the alphabet. */
export const findPositions = (db: Db, { q, ...page }: ListFilter) =>
  fetchPage(
    db
      .selectFrom('positions')
      .select(positionColumns)
      .$if(Boolean(q), (qb) => qb.where(nameContains('name', q ?? '')))
      .orderBy('sortOrder')
      .orderBy('name')
      .orderBy('id'),
    page,
  );

export const getPosition = (db: Db, id: number) =>
  db.selectFrom('positions').where('id', '=', id).select(positionColumns).executeTakeFirst();

export const lockPosition = (db: Db, id: number) =>
  db.selectFrom('positions').where('id', '=', id).select(positionColumns).forUpdate().executeTakeFirst();

export async function positionNameTaken(db: Db, name: string, exceptId?: number) {
  const row = await db
    .selectFrom('positions')
    .where(sameName(name))
    .$if(exceptId !== undefined, (qb) => qb.where('id', '<>', exceptId ?? 0))
    .select('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** A new position goes to the end of the list. */
export async function nextPositionOrder(db: Db): Promise<number> {
  const row = await db
    .selectFrom('positions')
    .select(sql<number>`coalesce(max(sort_order), 0) + 10`.as('next'))
    .executeTakeFirstOrThrow();
  return Number(row.next);
}

/**
 * Teacher profiles hold a position by its name (what certificates print), so a renamed position
 * renames it there too; otherwise those profiles would no longer match the list they were chosen from.
 */
export async function renamePositionInProfiles(db: Db, from: string, to: string, now: Date) {
  const result = await db
    .updateTable('teacherProfiles')
    .set({ position: to, updatedAt: now })
    .where('position', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
