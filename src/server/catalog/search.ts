// Russian full-text search of the catalog. Each course keeps a `search_vector` built from its
// program's title (weight A), annotation, subjects and planned results (B) and its schedule's
// topics (C) with the `russian` configuration, so word forms match («учителей математики» finds
// «Учитель математики…»). The vector spans two tables, so no generated column can hold it:
// every write that changes one of its sources calls `refreshSearchVectors` in its transaction.
// Beside it `rank_vector`, the title (A) and annotation (B) alone, orders the matches: a broad
// search ranks nearly every listed course, and ranking on the whole vector, topics included, was
// most of a search's time in the database. The program's form, kind and distance are kept on the
// course by the same statement, so that the catalog filters by them without reading the program
// of every course the words match.
// The course's place (weight D) is in the vector too. The Russian stemmer does not bring a town and
// its adjective to one stem («Пермь» → «перм», «Пермского края» → «пермск»), so the place's words
// enter it also with the adjective's ending cut (`placeRoots`), and a query is matched as written
// or with the same endings cut: «Пермь», «Перми», «Пермский», «Пермского края» all find each other.
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Database } from '../db/database.js';

/**
 * Rebuilds the search vectors (and the program's form, kind and distance the catalog filters by) of
 * the given courses, or of every live course of the given programs.
 */
export async function refreshSearchVectors(
  db: Database,
  target: { courseIds: number[] } | { programIds: number[] } | 'all',
): Promise<void> {
  const where =
    target === 'all'
      ? sql`true`
      : 'courseIds' in target
        ? sql`c.id = ANY(${target.courseIds}::int[])`
        : // A finished course shows the program as it was, so its vector no longer follows the program.
          sql`c.program_id = ANY(${target.programIds}::int[]) AND c.program_snapshot IS NULL`;
  if (target !== 'all' && ('courseIds' in target ? target.courseIds : target.programIds).length === 0) return;
  await sql`
    UPDATE courses c SET search_vector =
        setweight(to_tsvector('russian', p.title), 'A')
     || setweight(to_tsvector('russian', p.annotation || ' ' || array_to_string(p.subjects, ' ') || ' ' || p.planned_results), 'B')
     || setweight(to_tsvector('russian', coalesce(
          (SELECT string_agg(s.topic, ' ' ORDER BY s.date, s.starts_at) FROM schedule_days s WHERE s.course_id = c.id), '')), 'C')
     || setweight(to_tsvector('russian', c.place || ' ' || ${placeRoots(sql.ref('c.place'))}), 'D'),
      rank_vector =
        setweight(to_tsvector('russian', p.title), 'A')
     || setweight(to_tsvector('russian', p.annotation), 'B'),
      program_form = p.form, program_kind = p.kind, program_distance = p.distance
    FROM programs p
    WHERE p.id = c.program_id AND ${where}`.execute(db);
}

/**
 * Russian place adjectives («Пермского», «Кунгурский», «Чайковская») cut to the town's root
 * («Перм», «Кунгур», «Чайков»), which the stemmer then reads as it reads the town's own name.
 * Kept in one place: the vector's places and the user's words must be cut alike.
 */
export const PLACE_ADJECTIVE =
  '([[:alpha:]]{3,}?)(ск|цк)(ий|ого|ому|им|ом|ая|ой|ую|ое|ие|их|ими|ым|ых|ыми|ей)\\M';
export const placeRoots = (text: Expression<string> | ReturnType<typeof sql>) =>
  sql<string>`regexp_replace(${text}, ${sql.lit(PLACE_ADJECTIVE)}, '\\1', 'gi')`;

/**
 * The user's words as a query: quotes, `or` and `-word` work as in a web search engine; matched as
 * written or with place adjectives cut (`placeRoots`). A scalar subquery, so that the words are
 * parsed and stemmed once per statement (an init plan) even in a generic plan, where a function of
 * a parameter would be called again for every course.
 */
export const searchQuery = (q: string) =>
  sql`(SELECT websearch_to_tsquery('russian', ${q}::text) || websearch_to_tsquery('russian', ${placeRoots(sql`${q}::text`)}))`;

/**
 * Whether a course matches the words, usable with the GIN index of `search_vector` in a prepared
 * statement's generic plan too (the words are a parameter).
 */
export const matches = (vector: string, q: string): Expression<SqlBool> =>
  sql<SqlBool>`${sql.ref(vector)} @@ ${searchQuery(q)}`;

/** Whether the words make an empty query: only stop words, or no word at all. */
export const meaningless = (q: string) => sql<boolean>`numnode(${searchQuery(q)}) = 0`;

/** Relevance for ordering (of `rank_vector`): title words weigh most, then the annotation's. */
export const rank = (vector: string, q: string) =>
  sql<number>`ts_rank(${sql.ref(vector)}, ${searchQuery(q)})`;
