// The public catalog's statements run on every uncached visit, where building a Kysely query and
// compiling it cost more Node time than the database spends running it. So they are built and
// compiled once (per database handle and shape), then run again with each request's values.
import { type Compilable, CompiledQuery } from 'kysely';
import type { Database } from '../db/database.js';

/**
 * A query compiled once per database handle and shape (which arguments are given) with marker
 * values in place of its arguments, then run with each call's arguments in their place. The
 * arguments must reach the statement only as parameters, never shape it except by being given or
 * not (`undefined`), which holds for values passed to Kysely's `where`, `limit` or `sql`.
 */
export function compiledOnce<A extends Record<string, unknown>, R>(
  build: (db: Database, args: A) => Compilable<R>,
) {
  type Statement = { sql: string; slots: { arg: string | undefined; value: unknown }[] };
  const compiled = new WeakMap<Database, Map<string, Statement>>();
  return async (db: Database, args: A): Promise<R[]> => {
    const given = Object.keys(args).filter((key) => args[key] !== undefined);
    const shape = given.join();
    let shapes = compiled.get(db);
    if (!shapes) {
      shapes = new Map();
      compiled.set(db, shapes);
    }
    let statement = shapes.get(shape);
    if (!statement) {
      const markers = new Map(given.map((key) => [`\u0000${key}\u0000`, key]));
      const query = build(
        db,
        Object.fromEntries(given.map((key) => [key, `\u0000${key}\u0000`])) as A,
      ).compile();
      statement = {
        sql: query.sql,
        slots: query.parameters.map((value) => ({
          arg: typeof value === 'string' ? markers.get(value) : undefined,
          value,
        })),
      };
      shapes.set(shape, statement);
    }
    const parameters = statement.slots.map((s) => (s.arg === undefined ? s.value : args[s.arg]));
    // Through the handle's plugins (the CamelCasePlugin names the columns as the builder would).
    return (await db.executeQuery(CompiledQuery.raw(statement.sql, parameters) as CompiledQuery<R>)).rows;
  };
}
