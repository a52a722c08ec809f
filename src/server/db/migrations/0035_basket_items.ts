// A basket's page wrote each of its 50 items from seven tables (the course, its program,
// department and provider, the teacher and her profile, the organization, the territory), escaping
// and formatting each name and date anew on every page: two thirds of the statement's time. Each
// part of an item that belongs to another row is now kept on that row as the list writes it
// (`list_json`, JSON text), written by a trigger of the row whenever it is written and again when
// a row it reads changes (a course's program title, department or provider name; a teacher's
// name), so that a page concatenates a few kept texts. A course also keeps what an application's
// abilities read of it (`list_abilities`: its state, last day, department and provider). Applying
// writes none of them.
//
// A page in the second half of a list is now read from the list's end (queries.ts `listPage`).
// The default order's indexes held the archived applications too, and those, the oldest, lie at
// the end of it: read backwards, a page skipped all of them first. They now hold the working
// applications only, as every other order's index does (a list of archived applications is read
// by course; the archive finds the courses a territory's teachers learned on from an index of
// their own, the learners' by territory). A department's indexes serve the provider's basket
// alone, which lists the states an application reaches once forwarded: they now hold only those,
// so that a page no longer steps over the submitted, rejected and withdrawn ones (and applying
// writes none of them).
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

/** Sets NEW.list_json from `value` (an expression over NEW) before every write of `table`. */
const kept = (table: string, declare: string, value: string) => [
  `CREATE FUNCTION ${table}_list_json() RETURNS trigger LANGUAGE plpgsql AS $$
   ${declare}
   BEGIN
     ${value}
     RETURN NEW;
   END
   $$`,
  `CREATE TRIGGER ${table}_list_json BEFORE INSERT OR UPDATE ON ${table}
     FOR EACH ROW EXECUTE FUNCTION ${table}_list_json()`,
];

/** Has `table`'s rows that `where` picks written again (their trigger keeps their text) when `on` changes `columns`. */
const touch = (on: string, columns: string[], table: string, where: string) => [
  `CREATE FUNCTION ${on}_${table}_list_json() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     UPDATE ${table} SET list_json = NULL WHERE ${where};
     RETURN NULL;
   END
   $$`,
  `CREATE TRIGGER ${on}_${table}_list_json AFTER UPDATE OF ${columns.join(', ')} ON ${on}
     FOR EACH ROW WHEN (${columns.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ')})
     EXECUTE FUNCTION ${on}_${table}_list_json()`,
];

/** The states of the provider's basket (contract/applications.ts `PROVIDER_STATUSES`). */
const reached = `status IN ('forwarded', 'waitlisted', 'declined', 'enrolled', 'no_show', 'completed', 'not_completed')`;
const rank = `array_position('{submitted,rejected,forwarded,waitlisted,declined,withdrawn,enrolled,no_show,completed,not_completed}'::text[], status)`;
/** A department's basket indexes by order (migrations 0018, 0023, 0033), the default order's first. */
const departmentOrders: [string, string][] = [
  ['default', 'waitlisted_at, id DESC'],
  ['applied', 'created_at, id'],
  ['starts', 'course_starts_on, id'],
  ['apply', 'course_apply_until, id'],
  ['status', `(${rank}), id`],
  ['teacher', 'teacher_key, id'],
  ['organization', 'organization_key, id'],
];

const nameObject = `NEW.list_json := concat('{"id":"', NEW.id, '","name":', to_json(NEW.name), '}');`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `DROP INDEX applications_basket_idx`,
    `DROP INDEX applications_department_idx`,
    `CREATE INDEX applications_territory_default_idx ON applications (territory_id, waitlisted_at, id DESC)
       INCLUDE (status, organization_id, course_id, teacher_id) WHERE archived_at IS NULL`,
    `CREATE INDEX applications_learners_territory_idx ON applications (territory_id, course_id)
       WHERE status IN ('enrolled', 'completed', 'not_completed')`,
    ...departmentOrders.flatMap(([order, keys]) => [
      ...(order === 'default' ? [] : [`DROP INDEX applications_department_${order}_idx`]),
      `CREATE INDEX applications_department_${order}_idx ON applications (department_id, ${keys})
         INCLUDE (status, territory_id, organization_id, course_id, teacher_id) WHERE archived_at IS NULL AND ${reached}`,
    ]),
    `ALTER TABLE courses ADD COLUMN list_json text, ADD COLUMN list_abilities text`,
    `ALTER TABLE teacher_profiles ADD COLUMN list_json text`,
    `ALTER TABLE organizations ADD COLUMN list_json text`,
    `ALTER TABLE territories ADD COLUMN list_json text`,
    // The contract's keys in its order (applicationSummary.course), as the page wrote them.
    ...kept(
      'courses',
      'DECLARE department record; program_title text;',
      `SELECT d.name, d.provider_id, pr.name AS provider_name INTO department
         FROM departments d JOIN providers pr ON pr.id = d.provider_id WHERE d.id = NEW.department_id;
       SELECT p.title INTO program_title FROM programs p WHERE p.id = NEW.program_id;
       NEW.list_json := concat('{"id":"', NEW.id,
         '","title":', to_json(coalesce(NEW.program_snapshot->>'title', program_title)),
         ',"status":"', NEW.status, '","startsOn":"', to_char(NEW.starts_on, 'YYYY-MM-DD'),
         '","endsOn":"', to_char(NEW.ends_on, 'YYYY-MM-DD'), '","applyUntil":"', to_char(NEW.apply_until, 'YYYY-MM-DD'),
         '","departmentName":', to_json(department.name), ',"providerName":', to_json(department.provider_name), '}');
       NEW.list_abilities := concat_ws(',', NEW.status, to_char(NEW.ends_on, 'YYYY-MM-DD'), NEW.department_id,
         department.provider_id);`,
    ),
    ...kept(
      'teacher_profiles',
      '',
      `SELECT concat('{"id":"', NEW.user_id, '","fullName":', to_json(concat_ws(' ', u.last_name, u.first_name, u.middle_name)),
              ',"position":', to_json(coalesce(NEW.position, '')), '}')
         INTO NEW.list_json FROM users u WHERE u.id = NEW.user_id;`,
    ),
    ...kept('organizations', '', nameObject),
    ...kept('territories', '', nameObject),
    ...touch('programs', ['title'], 'courses', 'program_id = NEW.id'),
    ...touch('departments', ['name', 'provider_id'], 'courses', 'department_id = NEW.id'),
    ...touch(
      'providers',
      ['name'],
      'courses',
      'department_id IN (SELECT d.id FROM departments d WHERE d.provider_id = NEW.id)',
    ),
    ...touch('users', ['last_name', 'first_name', 'middle_name'], 'teacher_profiles', 'user_id = NEW.id'),
    // The rows there are: each write has its trigger keep its text.
    `UPDATE courses SET list_json = NULL`,
    `UPDATE teacher_profiles SET list_json = NULL`,
    `UPDATE organizations SET list_json = NULL`,
    `UPDATE territories SET list_json = NULL`,
    // The catalog's version moves now (its triggers are deferred), so that the tables can be altered.
    `SET CONSTRAINTS ALL IMMEDIATE`,
    `ALTER TABLE courses ALTER COLUMN list_json SET NOT NULL, ALTER COLUMN list_abilities SET NOT NULL`,
    `ALTER TABLE teacher_profiles ALTER COLUMN list_json SET NOT NULL`,
    `ALTER TABLE organizations ALTER COLUMN list_json SET NOT NULL`,
    `ALTER TABLE territories ALTER COLUMN list_json SET NOT NULL`,
  ]);
}
