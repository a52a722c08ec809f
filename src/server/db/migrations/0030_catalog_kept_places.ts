// Places held and learners kept on the course. Every catalog page showed, for each of its 20
// courses, the places left and the learners counted from the applications index on every uncached
// visit: more of a search's database time than finding and ranking its matches. The counts are now
// columns of `courses`, kept by triggers on `applications` in the transaction of every write that
// changes them, whoever writes (a forward, an enrolment, a withdrawal, a waitlist promotion, a
// result, a cancellation, a restore), so no transition can be missed by a caller:
//
//   places_held        forwarded + enrolled (a place taken: docs/domain.md)
//   learners_enrolled  enrolled + completed + not_completed (joined a group, whatever the result)
//   learners_completed completed
//
// Applying (submitted) holds no place and counts as nothing: the triggers' WHEN conditions let the
// registration rush's inserts pass without a call. A course is written with zero counts and
// takes them from the applications already there (none, but for a restore, which writes the
// course's row, with the counts it had, before its applications).
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

const held = (a: string) => `(${a}.status IN ('forwarded', 'enrolled'))`;
const learner = (a: string) => `(${a}.status IN ('enrolled', 'completed', 'not_completed'))`;
const completed = (a: string) => `(${a}.status = 'completed')`;
const counted = (a: string) => `(${a}.status IN ('forwarded', 'enrolled', 'completed', 'not_completed'))`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE courses ADD COLUMN places_held integer NOT NULL DEFAULT 0,
       ADD COLUMN learners_enrolled integer NOT NULL DEFAULT 0,
       ADD COLUMN learners_completed integer NOT NULL DEFAULT 0`,
    `UPDATE courses c SET places_held = k.held, learners_enrolled = k.learners, learners_completed = k.completed
       FROM (SELECT a.course_id, count(*) FILTER (WHERE ${held('a')})::integer AS held,
                    count(*) FILTER (WHERE ${learner('a')})::integer AS learners,
                    count(*) FILTER (WHERE ${completed('a')})::integer AS completed
               FROM applications a GROUP BY a.course_id) k
      WHERE k.course_id = c.id`,
    // One update of the course's row per change; a status change on the same course adds the
    // difference, so a forward that becomes an enrolment writes the row once.
    `CREATE FUNCTION course_places_keep() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP = 'UPDATE' AND OLD.course_id = NEW.course_id THEN
         UPDATE courses SET
             places_held = places_held + ${held('NEW')}::integer - ${held('OLD')}::integer,
             learners_enrolled = learners_enrolled + ${learner('NEW')}::integer - ${learner('OLD')}::integer,
             learners_completed = learners_completed + ${completed('NEW')}::integer - ${completed('OLD')}::integer
          WHERE id = NEW.course_id;
         RETURN NULL;
       END IF;
       IF TG_OP <> 'INSERT' THEN
         UPDATE courses SET places_held = places_held - ${held('OLD')}::integer,
             learners_enrolled = learners_enrolled - ${learner('OLD')}::integer,
             learners_completed = learners_completed - ${completed('OLD')}::integer
          WHERE id = OLD.course_id;
       END IF;
       IF TG_OP <> 'DELETE' THEN
         UPDATE courses SET places_held = places_held + ${held('NEW')}::integer,
             learners_enrolled = learners_enrolled + ${learner('NEW')}::integer,
             learners_completed = learners_completed + ${completed('NEW')}::integer
          WHERE id = NEW.course_id;
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
    // A course's row written anew (a restore) counts the applications already there, not the
    // figures it carries: its applications, restored after it, add themselves.
    `CREATE FUNCTION course_places_new() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       SELECT count(*) FILTER (WHERE ${held('a')}), count(*) FILTER (WHERE ${learner('a')}),
              count(*) FILTER (WHERE ${completed('a')})
         INTO NEW.places_held, NEW.learners_enrolled, NEW.learners_completed
         FROM applications a WHERE a.course_id = NEW.id;
       RETURN NEW;
     END
     $$`,
    `CREATE TRIGGER courses_places_new BEFORE INSERT ON courses
       FOR EACH ROW EXECUTE FUNCTION course_places_new()`,
  ]);
}
