// Statements read on every visit — the public catalog's, a basket's page — where building a Kysely
// query and compiling it cost more Node time than the database spends running it. So they are
// built and compiled once (per database handle and shape), then run again with each request's values.
import { type Compilable, CompiledQuery } from 'kysely';
import type { Database } from './database.js';

/**
 * A query compiled once per database handle and shape (which arguments are given) with marker
 * values in place of its arguments, then run with each call's arguments in their place. The
 * arguments must reach the statement only as parameters, never shape it except by being given or
 * not (`undefined`), which holds for values passed to Kysely's `where`, `limit` or `sql`. An
 * array argument is a list of parameters (`in`), its length part of the shape; the `shaping`
 * arguments (a sort order, a basket) are passed to `build` as they are and choose the statement
 * by their value, never reaching it as parameters.
 */
export function compiledOnce<A extends Record<string, unknown>, R>(
  build: (db: Database, args: A) => Compilable<R>,
  shaping: readonly (keyof A & string)[] = [],
) {
  type Slot = { arg: string | undefined; index: number | undefined; value: unknown };
  type Statement = { sql: string; slots: Slot[] };
  const compiled = new WeakMap<Database, Map<string, Statement>>();
  const shapes = new Set<string>(shaping);
  const shapeOf = (key: string, value: unknown) =>
    shapes.has(key) ? `${key}=${String(value)}` : Array.isArray(value) ? `${key}[${value.length}]` : key;
  return async (db: Database, args: A): Promise<R[]> => {
    const given = Object.keys(args).filter((key) => args[key] !== undefined);
    const shape = given.map((key) => shapeOf(key, args[key])).join();
    let byShape = compiled.get(db);
    if (!byShape) {
      byShape = new Map();
      compiled.set(db, byShape);
    }
    let statement = byShape.get(shape);
    if (!statement) {
      const markers = new Map<string, { arg: string; index: number | undefined }>();
      const marker = (arg: string, index?: number) => {
        const text = `\u0000${arg}\u0000${index ?? ''}\u0000`;
        markers.set(text, { arg, index });
        return text;
      };
      const stand = (key: string) => {
        const value = args[key];
        if (shapes.has(key)) return value;
        return Array.isArray(value) ? value.map((_, i) => marker(key, i)) : marker(key);
      };
      const query = build(db, Object.fromEntries(given.map((key) => [key, stand(key)])) as A).compile();
      statement = {
        sql: query.sql,
        slots: query.parameters.map((value) => {
          const found = typeof value === 'string' ? markers.get(value) : undefined;
          return { arg: found?.arg, index: found?.index, value };
        }),
      };
      byShape.set(shape, statement);
    }
    const parameters = statement.slots.map((s) => {
      if (s.arg === undefined) return s.value;
      const value = args[s.arg];
      return s.index === undefined ? value : (value as unknown[])[s.index];
    });
    // Through the handle's plugins (the CamelCasePlugin names the columns as the builder would).
    return (await db.executeQuery(CompiledQuery.raw(statement.sql, parameters) as CompiledQuery<R>)).rows;
  };
}
