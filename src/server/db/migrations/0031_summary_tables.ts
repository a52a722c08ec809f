// The year's summary by territory read from month-by-territory tables instead of counted live from
// a year of applications (docs/benchmarks.md, «How the statistics are counted, and how fast»).
//
// summary_facts: the measures of the facts of the courses starting in a month, by the application's
// territory, plus one row per month for all territories together (territory_id 0): courses and
// groups are counted distinct, so a total is not the sum of the territories' rows; a course starts
// in one month only, so the months' rows do add up. Submitted applications are left out: they are
// counted live, so that applying (the registration rush) writes nothing here.
// summary_teachers: the teachers by their organization's territory and the month of their last CPD
// ('-infinity' for none).
//
// A change that moves a month's inputs does not recount it: statement-level triggers append the
// month to a marks table (summary_*_stale), and the first summary that needs a stale month recounts
// it (src/server/reports/summary.ts, where the reasoning about concurrency is written down). The
// marks tables have no unique index on purpose: two writers marking the same month would wait for
// each other on it. A plain index (no writer waits on another's entry in it) finds a period's marks
// without reading those of the months nobody has asked for since they were marked.
//
// On a database holding data every month is marked stale rather than counted here: the migration
// then costs one pass over the courses and the profiles' index, and the first summary of a year
// recounts that year's months (each in its own short transaction).
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

const MONTH = (d: string) => `date_trunc('month', (${d})::timestamp)::date`;
const CPD_MONTH = (d: string) => `coalesce(${MONTH(d)}, '-infinity'::date)`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `CREATE TABLE summary_facts (
       month date NOT NULL,
       territory_id integer NOT NULL,
       courses integer NOT NULL,
       groups integer NOT NULL,
       applications integer NOT NULL,
       rejected integer NOT NULL,
       forwarded integer NOT NULL,
       waitlisted integer NOT NULL,
       declined integer NOT NULL,
       withdrawn integer NOT NULL,
       enrolled integer NOT NULL,
       no_show integer NOT NULL,
       completed integer NOT NULL,
       not_completed integer NOT NULL,
       in_group integer NOT NULL,
       person_hours bigint NOT NULL,
       documents integer NOT NULL,
       PRIMARY KEY (month, territory_id))`,
    `CREATE TABLE summary_facts_stale (month date NOT NULL)`,
    `CREATE INDEX summary_facts_stale_idx ON summary_facts_stale (month)`,
    `CREATE TABLE summary_teachers (
       month date NOT NULL,
       territory_id integer NOT NULL,
       teachers integer NOT NULL,
       PRIMARY KEY (month, territory_id))`,
    `CREATE TABLE summary_teachers_stale (month date NOT NULL)`,
    `CREATE INDEX summary_teachers_stale_idx ON summary_teachers_stale (month)`,

    // Applications: a new one counts here unless it is submitted; a change counts when it moves
    // the state, the group, the territory or the course of an application that is (or was) past
    // submission. Both the old and the new course's month are marked.
    `CREATE FUNCTION summary_mark_applications_insert() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       INSERT INTO summary_facts_stale (month)
       SELECT DISTINCT ${MONTH('c.starts_on')} FROM new_rows n JOIN courses c ON c.id = n.course_id
        WHERE n.status <> 'submitted';
       RETURN NULL;
     END $$`,
    `CREATE FUNCTION summary_mark_applications_update() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       INSERT INTO summary_facts_stale (month)
       SELECT DISTINCT ${MONTH('c.starts_on')}
         FROM old_rows o JOIN new_rows n ON n.id = o.id
         CROSS JOIN LATERAL (VALUES (o.course_id), (n.course_id)) v(course_id)
         JOIN courses c ON c.id = v.course_id
        WHERE (o.status, o.course_id, o.group_id, o.territory_id)
              IS DISTINCT FROM (n.status, n.course_id, n.group_id, n.territory_id)
          AND (o.status <> 'submitted' OR n.status <> 'submitted');
       RETURN NULL;
     END $$`,
    `CREATE FUNCTION summary_mark_applications_delete() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       INSERT INTO summary_facts_stale (month)
       SELECT DISTINCT ${MONTH('c.starts_on')} FROM old_rows o JOIN courses c ON c.id = o.course_id
        WHERE o.status <> 'submitted';
       RETURN NULL;
     END $$`,
    `CREATE TRIGGER summary_applications_insert AFTER INSERT ON applications
       REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION summary_mark_applications_insert()`,
    `CREATE TRIGGER summary_applications_update AFTER UPDATE ON applications
       REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
       FOR EACH STATEMENT EXECUTE FUNCTION summary_mark_applications_update()`,
    `CREATE TRIGGER summary_applications_delete AFTER DELETE ON applications
       REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION summary_mark_applications_delete()`,

    // Documents: a valid certificate issued, revoked, moved or deleted, in its course's month.
    `CREATE FUNCTION summary_mark_certificates_insert() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       INSERT INTO summary_facts_stale (month)
       SELECT DISTINCT ${MONTH('c.starts_on')} FROM new_rows n JOIN courses c ON c.id = n.course_id
        WHERE n.revoked_at IS NULL;
       RETURN NULL;
     END $$`,
    `CREATE FUNCTION summary_mark_certificates_update() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       INSERT INTO summary_facts_stale (month)
       SELECT DISTINCT ${MONTH('c.starts_on')}
         FROM old_rows o JOIN new_rows n ON n.id = o.id
         CROSS JOIN LATERAL (VALUES (o.course_id), (n.course_id)) v(course_id)
         JOIN courses c ON c.id = v.course_id
        WHERE (o.revoked_at IS NULL, o.application_id, o.course_id)
              IS DISTINCT FROM (n.revoked_at IS NULL, n.application_id, n.course_id);
       RETURN NULL;
     END $$`,
    `CREATE FUNCTION summary_mark_certificates_delete() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       INSERT INTO summary_facts_stale (month)
       SELECT DISTINCT ${MONTH('c.starts_on')} FROM old_rows o JOIN courses c ON c.id = o.course_id
        WHERE o.revoked_at IS NULL;
       RETURN NULL;
     END $$`,
    `CREATE TRIGGER summary_certificates_insert AFTER INSERT ON certificates
       REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION summary_mark_certificates_insert()`,
    `CREATE TRIGGER summary_certificates_update AFTER UPDATE ON certificates
       REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
       FOR EACH STATEMENT EXECUTE FUNCTION summary_mark_certificates_update()`,
    `CREATE TRIGGER summary_certificates_delete AFTER DELETE ON certificates
       REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION summary_mark_certificates_delete()`,

    // Courses: a new date moves the course's facts from one month to another; the program or the
    // snapshot's hours change the person-hours. (The department does not enter a summary by
    // territory.) A deleted course's month is marked here, since its applications' own marks cannot
    // find its date once it is gone.
    `CREATE FUNCTION summary_mark_courses_update() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       INSERT INTO summary_facts_stale (month)
       SELECT DISTINCT m.month
         FROM old_rows o JOIN new_rows n ON n.id = o.id
         CROSS JOIN LATERAL (VALUES (${MONTH('o.starts_on')}), (${MONTH('n.starts_on')})) m(month)
        WHERE (o.starts_on, o.program_id, o.program_snapshot->>'hours')
              IS DISTINCT FROM (n.starts_on, n.program_id, n.program_snapshot->>'hours');
       RETURN NULL;
     END $$`,
    `CREATE FUNCTION summary_mark_courses_delete() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       INSERT INTO summary_facts_stale (month) SELECT DISTINCT ${MONTH('o.starts_on')} FROM old_rows o;
       RETURN NULL;
     END $$`,
    `CREATE TRIGGER summary_courses_update AFTER UPDATE ON courses
       REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
       FOR EACH STATEMENT EXECUTE FUNCTION summary_mark_courses_update()`,
    `CREATE TRIGGER summary_courses_delete AFTER DELETE ON courses
       REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION summary_mark_courses_delete()`,

    // Programs: their hours count for the courses whose snapshot holds none.
    `CREATE FUNCTION summary_mark_programs_update() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       INSERT INTO summary_facts_stale (month)
       SELECT DISTINCT ${MONTH('c.starts_on')}
         FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN courses c ON c.program_id = n.id
        WHERE o.hours IS DISTINCT FROM n.hours AND c.program_snapshot->>'hours' IS NULL;
       RETURN NULL;
     END $$`,
    `CREATE TRIGGER summary_programs_update AFTER UPDATE ON programs
       REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
       FOR EACH STATEMENT EXECUTE FUNCTION summary_mark_programs_update()`,

    // Teachers: a profile added or removed, or moved to another organization or last CPD month.
    `CREATE FUNCTION summary_mark_teachers_insert() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       INSERT INTO summary_teachers_stale (month) SELECT DISTINCT ${CPD_MONTH('n.last_cpd_on')} FROM new_rows n;
       RETURN NULL;
     END $$`,
    `CREATE FUNCTION summary_mark_teachers_update() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       INSERT INTO summary_teachers_stale (month)
       SELECT DISTINCT m.month
         FROM old_rows o JOIN new_rows n ON n.user_id = o.user_id
         CROSS JOIN LATERAL (VALUES (${CPD_MONTH('o.last_cpd_on')}), (${CPD_MONTH('n.last_cpd_on')})) m(month)
        WHERE (o.organization_id, o.last_cpd_on) IS DISTINCT FROM (n.organization_id, n.last_cpd_on);
       RETURN NULL;
     END $$`,
    `CREATE FUNCTION summary_mark_teachers_delete() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       INSERT INTO summary_teachers_stale (month) SELECT DISTINCT ${CPD_MONTH('o.last_cpd_on')} FROM old_rows o;
       RETURN NULL;
     END $$`,
    `CREATE TRIGGER summary_teachers_insert AFTER INSERT ON teacher_profiles
       REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION summary_mark_teachers_insert()`,
    `CREATE TRIGGER summary_teachers_update AFTER UPDATE ON teacher_profiles
       REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
       FOR EACH STATEMENT EXECUTE FUNCTION summary_mark_teachers_update()`,
    `CREATE TRIGGER summary_teachers_delete AFTER DELETE ON teacher_profiles
       REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION summary_mark_teachers_delete()`,

    // Organizations: a school moved to another territory takes its teachers' months with it.
    `CREATE FUNCTION summary_mark_organizations_update() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       INSERT INTO summary_teachers_stale (month)
       SELECT DISTINCT ${CPD_MONTH('tp.last_cpd_on')}
         FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN teacher_profiles tp ON tp.organization_id = n.id
        WHERE o.territory_id IS DISTINCT FROM n.territory_id;
       RETURN NULL;
     END $$`,
    `CREATE TRIGGER summary_organizations_update AFTER UPDATE ON organizations
       REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
       FOR EACH STATEMENT EXECUTE FUNCTION summary_mark_organizations_update()`,

    // What the database already holds: every month stale, counted when first asked for.
    `INSERT INTO summary_facts_stale (month) SELECT DISTINCT ${MONTH('starts_on')} FROM courses`,
    `INSERT INTO summary_teachers_stale (month) SELECT DISTINCT ${CPD_MONTH('last_cpd_on')} FROM teacher_profiles`,
  ]);
}
