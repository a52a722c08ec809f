// The course archive and each teacher's CPD history.
//
// An archived course's applications leave the working baskets: `applications.archived_at` is set
// with the course's archiving, and the baskets' indexes carry it so that a basket is still counted
// from its index alone.
//
// The three-year rule reads each teacher's last completed course (a Bank course completed, or a
// course before the Bank from the teacher's document): `teacher_profiles.last_cpd_on`, kept by
// triggers on every write that may change it, whoever writes (a result recorded, a record added
// or removed, a restore), so the regional list of overdue teachers is read from one index instead
// of looking up 35,000 teachers' histories on each request.
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE applications ADD COLUMN archived_at timestamptz`,
    `UPDATE applications a SET archived_at = c.updated_at FROM courses c
      WHERE c.id = a.course_id AND c.status = 'archived'`,
    `DROP INDEX applications_basket_idx`,
    `CREATE INDEX applications_basket_idx ON applications (territory_id, waitlisted_at, id DESC)
       INCLUDE (status, course_id, organization_id, archived_at)`,
    `DROP INDEX applications_department_idx`,
    `CREATE INDEX applications_department_idx ON applications (department_id, waitlisted_at, id DESC)
       INCLUDE (status, course_id, territory_id, organization_id, archived_at)`,
    // The archive's search: archived courses, the latest first.
    `CREATE INDEX courses_archived_idx ON courses (ends_on DESC, id DESC) WHERE status = 'archived'`,

    `ALTER TABLE teacher_profiles ADD COLUMN last_cpd_on date`,
    `CREATE FUNCTION teacher_last_cpd(teacher integer) RETURNS date LANGUAGE sql STABLE AS $$
       SELECT max(d) FROM (
         SELECT c.ends_on AS d FROM applications a JOIN courses c ON c.id = a.course_id
          WHERE a.teacher_id = teacher AND a.status = 'completed'
         UNION ALL
         SELECT e.ends_on FROM external_cpd e WHERE e.teacher_id = teacher
       ) done
     $$`,
    `CREATE FUNCTION teacher_last_cpd_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP <> 'INSERT' THEN
         UPDATE teacher_profiles SET last_cpd_on = teacher_last_cpd(OLD.teacher_id)
          WHERE user_id = OLD.teacher_id AND last_cpd_on IS DISTINCT FROM teacher_last_cpd(OLD.teacher_id);
       END IF;
       IF TG_OP <> 'DELETE' THEN
         UPDATE teacher_profiles SET last_cpd_on = teacher_last_cpd(NEW.teacher_id)
          WHERE user_id = NEW.teacher_id AND last_cpd_on IS DISTINCT FROM teacher_last_cpd(NEW.teacher_id);
       END IF;
       RETURN NULL;
     END
     $$`,
    // Only a completed application moves the date: the rush of applications and every other
    // transition pass without a lookup.
    `CREATE TRIGGER applications_last_cpd_insert AFTER INSERT ON applications
       FOR EACH ROW WHEN (NEW.status = 'completed') EXECUTE FUNCTION teacher_last_cpd_refresh()`,
    `CREATE TRIGGER applications_last_cpd_delete AFTER DELETE ON applications
       FOR EACH ROW WHEN (OLD.status = 'completed') EXECUTE FUNCTION teacher_last_cpd_refresh()`,
    `CREATE TRIGGER applications_last_cpd_update AFTER UPDATE OF status ON applications
       FOR EACH ROW WHEN (OLD.status = 'completed' OR NEW.status = 'completed')
       EXECUTE FUNCTION teacher_last_cpd_refresh()`,
    `CREATE TRIGGER external_cpd_last_cpd AFTER INSERT OR DELETE OR UPDATE ON external_cpd
       FOR EACH ROW EXECUTE FUNCTION teacher_last_cpd_refresh()`,
    // A profile written anew (a restore) takes its value from the rows already there.
    `CREATE FUNCTION teacher_profile_last_cpd() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       NEW.last_cpd_on := teacher_last_cpd(NEW.user_id);
       RETURN NEW;
     END
     $$`,
    `CREATE TRIGGER teacher_profiles_last_cpd BEFORE INSERT ON teacher_profiles
       FOR EACH ROW EXECUTE FUNCTION teacher_profile_last_cpd()`,
    `UPDATE teacher_profiles SET last_cpd_on = teacher_last_cpd(user_id)`,
    // The overdue list: the whole region in the rule's order, or one organization's teachers.
    `CREATE INDEX teacher_profiles_last_cpd_idx ON teacher_profiles (last_cpd_on NULLS FIRST, user_id)
       INCLUDE (organization_id, position)`,
    `CREATE INDEX teacher_profiles_organization_cpd_idx ON teacher_profiles (organization_id, last_cpd_on)
       INCLUDE (position)`,
    `DROP INDEX teacher_profiles_organization_idx`,
  ]);
}
