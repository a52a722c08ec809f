// A basket's page still wrote each of its 50 items at reading time: five lookups (the application,
// its course, teacher profile, organization and territory) and two timestamps formatted by
// to_char (0.15–0.3 ms of a page by themselves). An application now keeps its whole item as
// the list writes it (`list_json`: the contract's keys up to `updatedAt`, JSON text, without its
// closing brace) and what its abilities depend on (`list_abilities`: its state, teacher and
// territory, then the course's `list_abilities`), written by a trigger of the row on every write
// of it and again whenever a kept text it is made of changes (migration 0035's course, teacher
// profile, organization and territory texts; a teacher's name when she has no profile). A page
// reads one row per item; only the waitlist place is counted when it is read.
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

const utc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Has the applications that `where` picks written again (their trigger writes their texts) when `event` on `on` makes `when` hold. */
const touch = (on: string, event: 'INSERT' | 'UPDATE' | 'DELETE', when: string, where: string) => {
  const name = `${on}_${event.toLowerCase()}_applications_list_json`;
  return [
    `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       UPDATE applications SET list_json = NULL WHERE ${where};
       RETURN NULL;
     END
     $$`,
    `CREATE TRIGGER ${name} AFTER ${event} ON ${on} FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION ${name}()`,
  ];
};

const changed = (...columns: string[]) =>
  columns.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ');

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE applications ADD COLUMN list_json text, ADD COLUMN list_abilities text`,
    `CREATE FUNCTION applications_list_json() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE course record; teacher text; organization text; territory text;
     BEGIN
       SELECT c.list_json, c.list_abilities INTO course FROM courses c WHERE c.id = NEW.course_id;
       SELECT tp.list_json INTO teacher FROM teacher_profiles tp WHERE tp.user_id = NEW.teacher_id;
       IF teacher IS NULL THEN
         SELECT concat('{"id":"', u.id, '","fullName":', to_json(concat_ws(' ', u.last_name, u.first_name, u.middle_name)),
                       ',"position":""}')
           INTO teacher FROM users u WHERE u.id = NEW.teacher_id;
       END IF;
       SELECT o.list_json INTO organization FROM organizations o WHERE o.id = NEW.organization_id;
       SELECT t.list_json INTO territory FROM territories t WHERE t.id = NEW.territory_id;
       NEW.list_json := concat('{"id":"', NEW.id, '","status":"', NEW.status, '","course":', course.list_json,
         ',"teacher":', teacher, ',"organization":', organization, ',"territory":', territory,
         ',"reason":', coalesce(to_json(NEW.reason)::text, 'null'),
         ',"createdAt":"', ${utc('NEW.created_at')}, '","updatedAt":"', ${utc('NEW.updated_at')}, '"');
       NEW.list_abilities := concat_ws(',', NEW.status, NEW.teacher_id, NEW.territory_id, course.list_abilities);
       RETURN NEW;
     END
     $$`,
    `CREATE TRIGGER applications_list_json BEFORE INSERT OR UPDATE ON applications
       FOR EACH ROW EXECUTE FUNCTION applications_list_json()`,
    ...touch('courses', 'UPDATE', changed('list_json', 'list_abilities'), 'course_id = NEW.id'),
    // A profile written after its teacher's applications (a restored backup writes the
    // applications first) replaces the text written from her account, and one removed leaves it.
    ...touch('teacher_profiles', 'INSERT', 'true', 'teacher_id = NEW.user_id'),
    ...touch('teacher_profiles', 'UPDATE', changed('list_json'), 'teacher_id = NEW.user_id'),
    ...touch('teacher_profiles', 'DELETE', 'true', 'teacher_id = OLD.user_id'),
    ...touch(
      'users',
      'UPDATE',
      changed('last_name', 'first_name', 'middle_name'),
      'teacher_id = NEW.id AND NOT EXISTS (SELECT 1 FROM teacher_profiles tp WHERE tp.user_id = NEW.id)',
    ),
    ...touch('organizations', 'UPDATE', changed('list_json'), 'organization_id = NEW.id'),
    ...touch('territories', 'UPDATE', changed('list_json'), 'territory_id = NEW.id'),
    // The applications there are get their texts from their trigger alone: the others (kept
    // counts, places, the statistics' marks) would count a write that changes nothing of theirs.
    `ALTER TABLE applications DISABLE TRIGGER USER`,
    `ALTER TABLE applications ENABLE TRIGGER applications_list_json`,
    `UPDATE applications SET list_json = NULL`,
    `ALTER TABLE applications ENABLE TRIGGER USER`,
    `SET CONSTRAINTS ALL IMMEDIATE`,
    `ALTER TABLE applications ALTER COLUMN list_json SET NOT NULL, ALTER COLUMN list_abilities SET NOT NULL`,
  ]);
}
