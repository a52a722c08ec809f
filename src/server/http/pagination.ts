// `{items, total}` pages from one Kysely query: the page and the total in a single round trip.
import { type SelectQueryBuilder, sql } from 'kysely';

export type PageRequest = { limit: number; offset: number };

export async function fetchPage<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  { limit, offset }: PageRequest,
): Promise<{ items: O[]; total: number }> {
  const rows = await query
    .select(sql<number>`count(*) over ()`.as('totalCount'))
    .limit(limit)
    .offset(offset)
    .execute();
  let total = Number((rows[0] as { totalCount?: number } | undefined)?.totalCount ?? 0);
  // Past the last page the window count is lost with the rows; count separately only then.
  if (rows.length === 0 && offset > 0) {
    const counted = await query
      .clearSelect()
      .clearOrderBy()
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirst();
    total = Number((counted as { n?: number } | undefined)?.n ?? 0);
  }
  const items = rows.map((row) => {
    const { totalCount: _omit, ...rest } = row as O & { totalCount: number };
    return rest as O;
  });
  return { items, total };
}

/** Escapes LIKE wildcards in a user's search text. */
export const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
