// Places held and learners kept per course. Every catalog page showed, for each of its 20 courses,
// the places left and the learners counted from the applications index on every uncached visit:
// more of a search's database time than finding and ranking its matches. The counts are now kept
// in `course_counts`, by triggers on `applications` in the transaction of every write that changes
// them, whoever writes (a forward, an enrolment, a withdrawal, a waitlist promotion, a result, a
// cancellation, a restore), so no transition can be missed by a caller:
//
//   places_held        forwarded + enrolled (a place taken: docs/domain.md)
//   learners_enrolled  enrolled + completed + not_completed (joined a group, whatever the result)
//   learners_completed completed
//
// A table of their own, not columns of `courses`: kept on the course, a bulk forward of 500
// applications of one course updated its row (~2.3 KB with its two search vectors, in ten indexes,
// a GIN one among them) 500 times, a fifth of them not HOT (new entries in every index), at about
// three times the statement's own time, and bloated the table the catalog reads. A counts row is
// ~40 bytes, indexed by its primary key alone, so its updates are HOT; and a change of state is
// counted once per statement and course.
//
// Applying (submitted) holds no place and counts as nothing: the triggers' WHEN conditions let the
// registration rush's inserts pass without a call. A course gets its counts row when it is written,
// counted from the applications already there (none). A restore counts them once all its rows
// are in (db/backup.ts `countKept`), so for its transaction (`ebppk.restoring`) the triggers stand
// aside.
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

const held = (a: string) => `(${a}.status IN ('forwarded', 'enrolled'))`;
const learner = (a: string) => `(${a}.status IN ('enrolled', 'completed', 'not_completed'))`;
const completed = (a: string) => `(${a}.status = 'completed')`;
const counted = (a: string) => `(${a}.status IN ('forwarded', 'enrolled', 'completed', 'not_completed'))`;

/** The counts of the courses `courses` selects (a relation with `id`), from their applications (db/backup.ts counts a restore's so). */
export const countsOf = (courses: string) => `
  SELECT c.id, count(a.id) FILTER (WHERE ${held('a')})::integer,
         count(a.id) FILTER (WHERE ${learner('a')})::integer,
         count(a.id) FILTER (WHERE ${completed('a')})::integer
    FROM ${courses} c LEFT JOIN applications a ON a.course_id = c.id
   GROUP BY c.id`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `CREATE TABLE course_counts (
       course_id integer PRIMARY KEY REFERENCES courses (id) ON DELETE CASCADE,
       places_held integer NOT NULL DEFAULT 0,
       learners_enrolled integer NOT NULL DEFAULT 0,
       learners_completed integer NOT NULL DEFAULT 0
     )`,
    `INSERT INTO course_counts (course_id, places_held, learners_enrolled, learners_completed)
     ${countsOf('courses')}`,
    // An application written or deleted with a place or as a learner adds or takes itself.
    `CREATE FUNCTION course_places_keep() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF current_setting('ebppk.restoring', true) = 'on' THEN RETURN NULL; END IF;
       IF TG_OP = 'DELETE' THEN
         UPDATE course_counts SET places_held = places_held - ${held('OLD')}::integer,
             learners_enrolled = learners_enrolled - ${learner('OLD')}::integer,
             learners_completed = learners_completed - ${completed('OLD')}::integer
          WHERE course_id = OLD.course_id;
       ELSE
         UPDATE course_counts SET places_held = places_held + ${held('NEW')}::integer,
             learners_enrolled = learners_enrolled + ${learner('NEW')}::integer,
             learners_completed = learners_completed + ${completed('NEW')}::integer
          WHERE course_id = NEW.course_id;
       END IF;
       RETURN NULL;
     END
     $$`,
    `CREATE TRIGGER applications_course_places_insert AFTER INSERT ON applications
       FOR EACH ROW WHEN ${counted('NEW')} EXECUTE FUNCTION course_places_keep()`,
    `CREATE TRIGGER applications_course_places_delete AFTER DELETE ON applications
       FOR EACH ROW WHEN ${counted('OLD')} EXECUTE FUNCTION course_places_keep()`,
    // Changes, once per statement and course: a bulk forward of a course's 500 applications is one
    // update of its counts row, not 500 (with a row trigger, 54 ms of the backend's CPU per such
    // statement against 38-50 ms without any; 42-46 ms with this one). The changed rows, before and after,
    // add their difference per course; a move to another course takes from one and adds to the
    // other. PostgreSQL allows no column list with transition tables: every update of
    // applications fires it, and finds nothing to write unless a status or a course changed.
    `CREATE FUNCTION course_places_change() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF current_setting('ebppk.restoring', true) = 'on' THEN RETURN NULL; END IF;
       UPDATE course_counts k SET places_held = k.places_held + d.held,
              learners_enrolled = k.learners_enrolled + d.learners,
              learners_completed = k.learners_completed + d.completed
         FROM (SELECT x.course_id, sum(x.held)::integer AS held, sum(x.learners)::integer AS learners,
                      sum(x.completed)::integer AS completed
                 FROM (SELECT n.course_id, ${held('n')}::integer AS held, ${learner('n')}::integer AS learners,
                              ${completed('n')}::integer AS completed
                         FROM changed_after n WHERE ${counted('n')}
                       UNION ALL
                       SELECT o.course_id, -${held('o')}::integer, -${learner('o')}::integer, -${completed('o')}::integer
                         FROM changed_before o WHERE ${counted('o')}) x
                GROUP BY x.course_id) d
        WHERE k.course_id = d.course_id AND (d.held <> 0 OR d.learners <> 0 OR d.completed <> 0);
       RETURN NULL;
     END
     $$`,
    `CREATE TRIGGER applications_course_places_update AFTER UPDATE ON applications
       REFERENCING OLD TABLE AS changed_before NEW TABLE AS changed_after
       FOR EACH STATEMENT EXECUTE FUNCTION course_places_change()`,
    // A course written anew gets its counts row, counted from the applications already there.
    `CREATE FUNCTION course_counts_new() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF current_setting('ebppk.restoring', true) = 'on' THEN RETURN NULL; END IF;
       INSERT INTO course_counts (course_id, places_held, learners_enrolled, learners_completed)
       ${countsOf('(SELECT NEW.id AS id)')};
       RETURN NULL;
     END
     $$`,
    `CREATE TRIGGER courses_counts_new AFTER INSERT ON courses
       FOR EACH ROW EXECUTE FUNCTION course_counts_new()`,
  ]);
}
