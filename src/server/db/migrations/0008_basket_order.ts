// Indexes that let a basket's page be read from indexes alone (no heap, no join of every course):
// the methodist's basket in its own order (the waitlist first, in its order, then the newest) with
// the columns its filters use, and the provider's basket through its department's courses. The
// new indexes serve every lookup the ones they replace served.
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `CREATE INDEX applications_basket_idx ON applications (territory_id, waitlisted_at, id DESC)
       INCLUDE (status, course_id, organization_id)`,
    `DROP INDEX applications_territory_idx`,
    `DROP INDEX applications_course_idx`,
    `CREATE INDEX applications_course_idx ON applications (course_id, status, territory_id)
       INCLUDE (waitlisted_at, id)`,
    `DROP INDEX courses_department_idx`,
    `CREATE INDEX courses_department_idx ON courses (department_id, starts_on) INCLUDE (id)`,
  ]);
}
