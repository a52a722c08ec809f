// Kysely queries of a teacher's profile: the row with its organization and territory names.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';

export const PERSONAL_COLUMNS = [
  'birthDate',
  'sex',
  'snils',
  'educationLevel',
  'diplomaSurname',
  'diplomaSeries',
  'diplomaNumber',
] as const;

export const profileOf = (db: Database, userId: number) =>
  db
    .selectFrom('teacherProfiles as tp')
    .innerJoin('users as u', 'u.id', 'tp.userId')
    .innerJoin('organizations as o', 'o.id', 'tp.organizationId')
    .innerJoin('territories as t', 't.id', 'o.territoryId')
    .where('tp.userId', '=', userId)
    .select([
      'tp.userId',
      'u.lastName',
      'u.firstName',
      'u.middleName',
      ...PERSONAL_COLUMNS.map((c) => `tp.${c}` as const),
      'tp.organizationId',
      'o.name as organizationName',
      'o.territoryId',
      't.name as territoryName',
      'tp.position',
      'tp.subject',
      'tp.personalDataConsentAt',
      'tp.updatedAt',
    ])
    .executeTakeFirst();

export type ProfileRow = NonNullable<Awaited<ReturnType<typeof profileOf>>>;

/** The editable fields of a profile, locked for the change. */
export const lockProfile = (db: Database, userId: number) =>
  db
    .selectFrom('teacherProfiles')
    .where('userId', '=', userId)
    .select(['userId', ...PERSONAL_COLUMNS, 'organizationId', 'position', 'subject'])
    .forUpdate()
    .executeTakeFirst();

/** The teacher's organization and territory, by id and name: what a move's audit row names. */
export const placeOfWork = (db: Database, userId: number) =>
  db
    .selectFrom('teacherProfiles as tp')
    .innerJoin('users as u', 'u.id', 'tp.userId')
    .innerJoin('organizations as o', 'o.id', 'tp.organizationId')
    .innerJoin('territories as t', 't.id', 'o.territoryId')
    .where('tp.userId', '=', userId)
    .select([
      'tp.organizationId',
      'o.name as organizationName',
      'o.territoryId',
      't.name as territoryName',
      sql<string>`u.last_name || ' ' || u.first_name || coalesce(' ' || u.middle_name, '')`.as('teacherName'),
    ])
    .executeTakeFirstOrThrow();
export type PlaceOfWork = Awaited<ReturnType<typeof placeOfWork>>;

export const organizationExists = async (db: Database, id: number) =>
  (await db.selectFrom('organizations').where('id', '=', id).select('id').executeTakeFirst()) !== undefined;

export const positionExists = async (db: Database, name: string) =>
  (await db.selectFrom('positions').where('name', '=', name).select('id').executeTakeFirst()) !== undefined;
