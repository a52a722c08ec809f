// The catalog's search finds a course by its place in any form («Пермь», «Перми», «Пермского
// края»): the place's words, and the same with place adjectives cut to the town's root, join the
// search vector (catalog/search.ts writes it so from now on; this brings the existing courses in).
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `UPDATE courses SET search_vector = search_vector || setweight(to_tsvector('russian', place || ' ' ||
       regexp_replace(place, '([[:alpha:]]{3,}?)(ск|цк)(ий|ого|ому|им|ом|ая|ой|ую|ое|ие|их|ими|ым|ых|ыми|ей)\\M', '\\1', 'gi')), 'D')`,
  ]);
}
