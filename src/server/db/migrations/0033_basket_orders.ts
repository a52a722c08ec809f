// A basket ordered by state or by a course's date sorted the whole basket on every page (the
// capital's 16,000 applications: joined to their courses for the dates, ranked for the state), and
// a deep page sorted nearly all of them. Each of these orders now has an index per basket kind (a
// territory's, a department's) over the working applications, holding what the list filters by,
// so that any page of any order is read from an index in its order, as the orders by date of
// application and by name are (migrations 0018, 0023).
//
// The course's start and apply-until dates are kept on each application for that (a course never
// changes its department, but its dates may be edited: a trigger carries them to its
// applications), and the state's rank in the workflow's order is the index's expression —
// queries.ts `statusRank` must stay the same expression, or the planner will not match it.
// The index of the courses' dates by id (migration 0029), read only to join them for these
// orders, goes.
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

const rank = `array_position('{submitted,rejected,forwarded,waitlisted,declined,withdrawn,enrolled,no_show,completed,not_completed}'::text[], status)`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE applications ADD COLUMN course_starts_on date, ADD COLUMN course_apply_until date`,
    // The indexes before the rows are written: written after, an index over rows this
    // transaction updated in place (HOT) could be used only by transactions newer than the
    // oldest one running anywhere at that moment.
    `CREATE INDEX applications_territory_starts_idx ON applications (territory_id, course_starts_on, id)
       INCLUDE (status, organization_id, course_id, teacher_id) WHERE archived_at IS NULL`,
    `CREATE INDEX applications_department_starts_idx ON applications (department_id, course_starts_on, id)
       INCLUDE (status, territory_id, organization_id, course_id, teacher_id) WHERE archived_at IS NULL`,
    `CREATE INDEX applications_territory_apply_idx ON applications (territory_id, course_apply_until, id)
       INCLUDE (status, organization_id, course_id, teacher_id) WHERE archived_at IS NULL`,
    `CREATE INDEX applications_department_apply_idx ON applications (department_id, course_apply_until, id)
       INCLUDE (status, territory_id, organization_id, course_id, teacher_id) WHERE archived_at IS NULL`,
    `CREATE INDEX applications_territory_status_idx ON applications (territory_id, (${rank}), id)
       INCLUDE (status, organization_id, course_id, teacher_id) WHERE archived_at IS NULL`,
    `CREATE INDEX applications_department_status_idx ON applications (department_id, (${rank}), id)
       INCLUDE (status, territory_id, organization_id, course_id, teacher_id) WHERE archived_at IS NULL`,
    `UPDATE applications a SET course_starts_on = c.starts_on, course_apply_until = c.apply_until
       FROM courses c WHERE c.id = a.course_id`,
    `ALTER TABLE applications ALTER COLUMN course_starts_on SET NOT NULL,
       ALTER COLUMN course_apply_until SET NOT NULL`,
    `CREATE FUNCTION application_course_dates() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       SELECT c.starts_on, c.apply_until INTO NEW.course_starts_on, NEW.course_apply_until
         FROM courses c WHERE c.id = NEW.course_id;
       RETURN NEW;
     END
     $$`,
    // Applying writes the dates itself (it reads the course anyway; queries.ts `insertApplication`),
    // which spares a registration rush the trigger's call; any other writer leaves them to it.
    `CREATE TRIGGER applications_course_dates BEFORE INSERT ON applications
       FOR EACH ROW WHEN (NEW.course_starts_on IS NULL OR NEW.course_apply_until IS NULL)
       EXECUTE FUNCTION application_course_dates()`,
    `CREATE TRIGGER applications_course_moved BEFORE UPDATE OF course_id ON applications
       FOR EACH ROW EXECUTE FUNCTION application_course_dates()`,
    `CREATE FUNCTION course_application_dates() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       UPDATE applications SET course_starts_on = NEW.starts_on, course_apply_until = NEW.apply_until
        WHERE course_id = NEW.id;
       RETURN NULL;
     END
     $$`,
    `CREATE TRIGGER courses_application_dates AFTER UPDATE OF starts_on, apply_until ON courses
       FOR EACH ROW WHEN (OLD.starts_on <> NEW.starts_on OR OLD.apply_until <> NEW.apply_until)
       EXECUTE FUNCTION course_application_dates()`,
    `DROP INDEX courses_order_dates_idx`,
  ]);
}
