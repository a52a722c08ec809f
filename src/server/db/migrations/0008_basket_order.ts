// Baskets read from indexes in their own order (the waitlist first, in its order, then the
// newest), neither sorting nor joining a territory's or a department's thousands of applications:
// the methodist's by territory, the provider's by the course's department, which an application
// now carries (a course never changes department: its program does not). The columns the
// baskets' filters use are carried in the indexes, so that counting a basket reads the index
// alone. The new indexes serve every lookup of those they replace.
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE applications ADD COLUMN department_id integer
       CONSTRAINT applications_department_fk REFERENCES departments (id)`,
    `UPDATE applications a SET department_id = c.department_id FROM courses c WHERE c.id = a.course_id`,
    `ALTER TABLE applications ALTER COLUMN department_id SET NOT NULL`,
    `CREATE INDEX applications_basket_idx ON applications (territory_id, waitlisted_at, id DESC)
       INCLUDE (status, course_id, organization_id)`,
    `CREATE INDEX applications_department_idx ON applications (department_id, waitlisted_at, id DESC)
       INCLUDE (status, course_id, territory_id, organization_id)`,
    `DROP INDEX applications_territory_idx`,
    `DROP INDEX applications_course_idx`,
    `CREATE INDEX applications_course_idx ON applications (course_id, status, territory_id)
       INCLUDE (waitlisted_at, id)`,
  ]);
}
