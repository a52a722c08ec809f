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
// A table of their own, not columns of `courses`: a bulk forward of a course's applications
// changes the counts once per application, and a course's row (~2.3 KB with its two search
// vectors, in ten indexes, a GIN one among them) written that often was mostly a new version with
// new entries in every index, and bloated the table the catalog reads. A counts row is ~40 bytes
// in its primary key alone, so its updates are HOT.
//
// Applying (submitted) holds no place and counts as nothing: the triggers' WHEN conditions let the
// registration rush's inserts pass without a call. A course gets its counts row when it is written,
// counted from the applications already there (none, but for a restore, which writes the course
// before its applications).
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

const held = (a: string) => `(${a}.status IN ('forwarded', 'enrolled'))`;
const learner = (a: string) => `(${a}.status IN ('enrolled', 'completed', 'not_completed'))`;
const completed = (a: string) => `(${a}.status = 'completed')`;
const counted = (a: string) => `(${a}.status IN ('forwarded', 'enrolled', 'completed', 'not_completed'))`;

/** The counts of the courses `courses` selects (a relation with `id`), from their applications. */
const countsOf = (courses: string) => `
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
    // One update of the counts row per change; a status change on the same course adds the
    // difference, so a forward that becomes an enrolment writes the row once.
    `CREATE FUNCTION course_places_keep() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP = 'UPDATE' AND OLD.course_id = NEW.course_id THEN
         UPDATE course_counts SET
             places_held = places_held + ${held('NEW')}::integer - ${held('OLD')}::integer,
             learners_enrolled = learners_enrolled + ${learner('NEW')}::integer - ${learner('OLD')}::integer,
             learners_completed = learners_completed + ${completed('NEW')}::integer - ${completed('OLD')}::integer
          WHERE course_id = NEW.course_id;
         RETURN NULL;
       END IF;
       IF TG_OP <> 'INSERT' THEN
         UPDATE course_counts SET places_held = places_held - ${held('OLD')}::integer,
             learners_enrolled = learners_enrolled - ${learner('OLD')}::integer,
             learners_completed = learners_completed - ${completed('OLD')}::integer
          WHERE course_id = OLD.course_id;
       END IF;
       IF TG_OP <> 'DELETE' THEN
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
    `CREATE TRIGGER applications_course_places_update AFTER UPDATE OF status, course_id ON applications
       FOR EACH ROW WHEN (${held('OLD')} <> ${held('NEW')} OR ${learner('OLD')} <> ${learner('NEW')}
                          OR ${completed('OLD')} <> ${completed('NEW')}
                          OR (OLD.course_id <> NEW.course_id AND (${counted('OLD')} OR ${counted('NEW')})))
       EXECUTE FUNCTION course_places_keep()`,
    // A course written anew (a restore, too) gets its counts row, counted from the applications
    // already there: its applications, restored after it, add themselves.
    `CREATE FUNCTION course_counts_new() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       INSERT INTO course_counts (course_id, places_held, learners_enrolled, learners_completed)
       ${countsOf('(SELECT NEW.id AS id)')};
       RETURN NULL;
     END
     $$`,
    `CREATE TRIGGER courses_counts_new AFTER INSERT ON courses
       FOR EACH ROW EXECUTE FUNCTION course_counts_new()`,
  ]);
}
