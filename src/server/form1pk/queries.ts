// The SQL of the form 1-ПК: the provider's learners who completed a program in the period, counted
// by what the form breaks them down by. A learner completed on the course's last day (the day the
// Bank's documents and the CPD history date the course by); the program is taken as the course
// showed it when it finished (its snapshot), or as it stands for a course not finished yet.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { ProgramForm, ProgramKind, Sex } from '../db/schema.js';

export const providerOf = (db: Database, providerId: number) =>
  db
    .selectFrom('providers')
    .where('id', '=', providerId)
    .select(['id', 'id as providerId', 'name', 'inn', 'ogrn', 'address'])
    .executeTakeFirst();

export type LearnerCount = {
  kind: ProgramKind;
  form: ProgramForm;
  distance: boolean;
  sex: Sex | null;
  /** Full years at the course's last day; null when the profile has no birth date. */
  age: number | null;
  count: number;
};

export async function completedLearners(
  db: Database,
  providerId: number,
  period: { from: string; to: string },
): Promise<LearnerCount[]> {
  const { rows } = await sql<LearnerCount>`
    SELECT k.kind, k.form, k.distance, k.sex, k.age, count(*)::integer AS count
      FROM (
        SELECT coalesce(c.program_snapshot->>'kind', p.kind) AS kind,
               coalesce(c.program_snapshot->>'form', p.form) AS form,
               coalesce((c.program_snapshot->>'distance')::boolean, p.distance) AS distance,
               tp.sex,
               date_part('year', age(c.ends_on, tp.birth_date))::integer AS age
          FROM applications a
          JOIN courses c ON c.id = a.course_id
          JOIN departments d ON d.id = c.department_id
          JOIN programs p ON p.id = c.program_id
          JOIN teacher_profiles tp ON tp.user_id = a.teacher_id
         WHERE d.provider_id = ${providerId}
           AND a.status = 'completed'
           AND c.ends_on BETWEEN ${period.from}::date AND ${period.to}::date
      ) k
     WHERE k.age IS NULL OR k.age >= 15
     GROUP BY k.kind, k.form, k.distance, k.sex, k.age`.execute(db);
  return rows;
}
