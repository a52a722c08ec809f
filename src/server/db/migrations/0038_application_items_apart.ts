// The kept items of migration 0036 move from `applications` to a table of their own. In the row,
// a kilobyte of text made `applications` several times wider than the rest of it; a basket's page
// steps over the entries of its list's index up to its offset, and an index-only scan asks the
// table's visibility map about each entry's page: once the table passed 32,768 pages (256 MB,
// what one page of the map covers), consecutive entries kept switching between the map's pages,
// and a page's walk cost about twice as much (the regional data set: 474 MB, 2.1 ms for the
// 6,459 entries of a deep page; 47 MB and 1.1 ms after this migration). A text written again (a
// course, a teacher or an organization renamed) now writes `application_items` only, not a new
// version of every application with all of its indexes. The table is written again compact, in
// the order of its ids, and vacuumed once that has committed.
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

const utc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Writes the items of the applications `a` that `where` picks (the texts as migration 0036 wrote them). */
const writeItems = (from: string, where: string) => `
  INSERT INTO application_items AS i (application_id, list_json, list_abilities)
  SELECT a.id,
         concat('{"id":"', a.id, '","status":"', a.status, '","course":', c.list_json,
           ',"teacher":', coalesce(tp.list_json, concat('{"id":"', u.id, '","fullName":',
             to_json(concat_ws(' ', u.last_name, u.first_name, u.middle_name)), ',"position":""}')),
           ',"organization":', o.list_json, ',"territory":', t.list_json,
           ',"reason":', coalesce(to_json(a.reason)::text, 'null'),
           ',"createdAt":"', ${utc('a.created_at')}, '","updatedAt":"', ${utc('a.updated_at')}, '"'),
         concat_ws(',', a.status, a.teacher_id, a.territory_id, c.list_abilities)
    FROM ${from}
    JOIN courses c ON c.id = a.course_id
    JOIN users u ON u.id = a.teacher_id
    LEFT JOIN teacher_profiles tp ON tp.user_id = a.teacher_id
    JOIN organizations o ON o.id = a.organization_id
    JOIN territories t ON t.id = a.territory_id
   WHERE ${where}
  ON CONFLICT (application_id) DO UPDATE SET list_json = excluded.list_json, list_abilities = excluded.list_abilities`;

/**
 * The function of migration 0036's trigger on `event` of `on`, which rewrote the applications that
 * `where` picks, now writes their items; the trigger itself, and when it fires, stay as they are.
 */
const touch = (on: string, event: 'INSERT' | 'UPDATE' | 'DELETE', where: string) =>
  `CREATE OR REPLACE FUNCTION ${on}_${event.toLowerCase()}_applications_list_json() RETURNS trigger
   LANGUAGE plpgsql AS $$
   BEGIN
     ${writeItems('applications a', where)};
     RETURN NULL;
   END
   $$`;

const changed = (...columns: string[]) =>
  columns.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ');

/** What an item is written of: a change of any other column (a group, the archive) leaves it. */
const ITEM_COLUMNS = [
  'status',
  'course_id',
  'teacher_id',
  'organization_id',
  'territory_id',
  'reason',
  'created_at',
  'updated_at',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `CREATE TABLE application_items (
       application_id integer PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
       list_json text NOT NULL,
       list_abilities text NOT NULL
     )`,
    `INSERT INTO application_items (application_id, list_json, list_abilities)
     SELECT id, list_json, list_abilities FROM applications`,
    `DROP TRIGGER applications_list_json ON applications`,
    `DROP FUNCTION applications_list_json()`,
    `ALTER TABLE applications DROP COLUMN list_json, DROP COLUMN list_abilities`,
    `CREATE FUNCTION applications_list_json() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       ${writeItems('(SELECT NEW.*) a', 'true')};
       RETURN NULL;
     END
     $$`,
    `CREATE TRIGGER applications_list_json_insert AFTER INSERT ON applications
       FOR EACH ROW EXECUTE FUNCTION applications_list_json()`,
    `CREATE TRIGGER applications_list_json_update AFTER UPDATE ON applications
       FOR EACH ROW WHEN (${changed(...ITEM_COLUMNS)}) EXECUTE FUNCTION applications_list_json()`,
    touch('courses', 'UPDATE', 'a.course_id = NEW.id'),
    touch('teacher_profiles', 'INSERT', 'a.teacher_id = NEW.user_id'),
    touch('teacher_profiles', 'UPDATE', 'a.teacher_id = NEW.user_id'),
    touch('teacher_profiles', 'DELETE', 'a.teacher_id = OLD.user_id'),
    touch('users', 'UPDATE', 'a.teacher_id = NEW.id AND tp.user_id IS NULL'),
    touch('organizations', 'UPDATE', 'a.organization_id = NEW.id'),
    touch('territories', 'UPDATE', 'a.territory_id = NEW.id'),
    `CLUSTER applications USING applications_pkey`,
  ]);
}

// Written again, the table has no visibility map: until a vacuum, its index-only scans would
// read every entry's row, and the planner would sort whole baskets instead.
export const afterCommit = ['VACUUM (ANALYZE) applications', 'VACUUM (ANALYZE) application_items'];
