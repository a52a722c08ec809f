// SQL fragments that several modules would otherwise each write out.
import { type RawBuilder, sql } from 'kysely';

/**
 * The full name of the `users` row `alias`: last, first and middle name separated by spaces, the
 * middle name left out when there is none. Usable in Kysely builders and in `sql` templates alike.
 */
export const fullName = (alias: string): RawBuilder<string> =>
  sql<string>`concat_ws(' ', ${sql.ref(`${alias}.last_name`)}, ${sql.ref(`${alias}.first_name`)}, ${sql.ref(`${alias}.middle_name`)})`;
