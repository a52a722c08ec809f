// Baskets sorted by the date of application: a territory's (the methodist's) and a department's
// (the provider's) working applications in that order, with what the list filters and joins by, so
// that the methodist's default page (her new applications, oldest first) and a deep page of any
// order by date are read from an index alone. Orders by a name or a course's date read the basket
// from these indexes too (index-only) and join the names of its rows.
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `CREATE INDEX applications_territory_applied_idx ON applications (territory_id, created_at, id)
       INCLUDE (status, teacher_id, organization_id, course_id) WHERE archived_at IS NULL`,
    `CREATE INDEX applications_department_applied_idx ON applications (department_id, created_at, id)
       INCLUDE (status, territory_id, teacher_id, organization_id, course_id) WHERE archived_at IS NULL`,
  ]);
}
