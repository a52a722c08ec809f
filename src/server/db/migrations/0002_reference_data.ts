// The region's territories (Perm Krai after the 2024 reform) and the teaching positions
// (decree No. 225 of 2022): every new Bank starts with them; the operator keeps them current.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import territories from '../../directory/data/perm-territories.json' with { type: 'json' };
import positions from '../../directory/data/positions.json' with { type: 'json' };

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const t of territories.territories) {
    await sql`INSERT INTO territories (name, kind, created_at, updated_at) VALUES (${t.name}, ${t.kind}, now(), now())`.execute(
      db,
    );
  }
  let order = 0;
  for (const name of positions.positions) {
    order += 10;
    await sql`INSERT INTO positions (name, sort_order) VALUES (${name}, ${order})`.execute(db);
  }
}
