// The statistics scenario of the benchmark: the year's summary by territory — the operator's
// (the whole region) and the capital's methodist's (her territory) — at 10 clients, each request
// the user's own session, against quality.md's bar (p99 ≤ 300 ms regional, ≤ 3 s national).
import { sql } from 'kysely';
import { regionDate } from '../src/server/clock.js';
import type { Database } from '../src/server/db/database.js';
import { openSessions } from './applications.js';

export const REPORT_CONNECTIONS = 10;
/** The bar of p99 by scale (quality.md); the quick scale is held to the regional one. */
export const BAR_REPORT_P99_MS = { quick: 300, regional: 300, national: 3000 } as const;

export type ReportScenario = { name: string; paths: string[]; headers: Record<string, string>; size: number };

export async function reportScenarios(db: Database, now: Date): Promise<ReportScenario[]> {
  const year = regionDate(now).slice(0, 4);
  const { rows: operators } = await sql<{ userId: number }>`
    SELECT user_id FROM user_roles WHERE role = 'operator' ORDER BY user_id LIMIT 1`.execute(db);
  const { rows: methodists } = await sql<{ userId: number }>`
    SELECT r.user_id FROM user_roles r JOIN territories t ON t.id = r.territory_id
     WHERE r.role = 'methodist' ORDER BY (t.name = 'Пермский городской округ') DESC, r.user_id LIMIT 1`.execute(
    db,
  );
  const { rows: counts } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM applications a JOIN courses c ON c.id = a.course_id
     WHERE c.starts_on >= ${`${year}-01-01`} AND c.starts_on <= ${`${year}-12-31`}`.execute(db);
  const operator = operators[0];
  const methodist = methodists[0];
  if (!operator || !methodist) throw new Error('нет оператора или методиста');
  const [operatorCookie, methodistCookie] = await openSessions(db, [operator.userId, methodist.userId], now);
  const path = `/api/v1/reports/summary?from=${year}-01-01&to=${year}-12-31&by=territory`;
  const size = counts[0]?.n ?? 0;
  return [
    {
      name: 'year summary by territory, the operator',
      paths: [path],
      headers: { cookie: operatorCookie ?? '' },
      size,
    },
    {
      name: 'year summary by territory, a methodist',
      paths: [path],
      headers: { cookie: methodistCookie ?? '' },
      size,
    },
  ];
}
