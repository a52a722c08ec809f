// A territory's methodists are found by an index. Every new application tells its territory's
// methodists in the statement that makes it (applications/queries.ts `insertApplication`), and
// without an index that lookup read all of `user_roles` — a row per teacher, 35,000 in a region —
// for each application: about 2 ms of the database's CPU per application, more than the rest of the
// statement, which in a registration rush on two cores cost more than a third of the rate. Only a
// methodist's role has a territory (user_roles_scope_check), so the index holds the methodists
// alone, as user_roles_department_idx holds the department roles.
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `CREATE INDEX user_roles_territory_idx ON user_roles (territory_id, user_id) WHERE territory_id IS NOT NULL`,
  ]);
}
