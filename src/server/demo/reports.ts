// The demo's reporting periods: the current year (open, its figures live) and the previous quarter,
// already closed, so the statistics page shows both a live and a frozen period; and some paid
// courses among the budget ones.
import { sql } from 'kysely';
import { calendarEnd } from '../../contract/reports.js';
import { regionDate } from '../clock.js';
import type { Database } from '../db/database.js';
import { recordClosedPeriod } from '../reports/service.js';

const ROMAN = ['I', 'II', 'III', 'IV'];

export async function seedReports(db: Database, now: Date) {
  const today = regionDate(now);
  // Every sixth course is paid for by its learners, so the summary by funding has both sources.
  await sql`UPDATE courses SET funding = 'paid' WHERE id % 6 = 0`.execute(db);
  const year = Number(today.slice(0, 4));
  const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3);
  const [qYear, qIndex] = quarter === 0 ? [year - 1, 3] : [year, quarter - 1];
  const startsOn = `${qYear}-${String(qIndex * 3 + 1).padStart(2, '0')}-01`;
  await db
    .insertInto('reportingPeriods')
    .values({
      name: `${year} год`,
      kind: 'year',
      startsOn: `${year}-01-01`,
      endsOn: `${year}-12-31`,
      createdBy: null,
      createdAt: now,
      updatedAt: now,
    })
    .execute();
  await recordClosedPeriod(db, now, {
    name: `${ROMAN[qIndex]} квартал ${qYear}`,
    kind: 'quarter',
    startsOn,
    endsOn: calendarEnd('quarter', startsOn) as string,
  });
}
