// Every minute: the months of the summary tables that changes marked stale are recounted
// (reports/summary.ts), so that the summaries people open rarely wait for a recount. Each month is
// recounted in a short transaction of its own, so the job works outside the claiming one.
import { recountStaleMonths } from '../../reports/summary.js';
import { definePeriodic } from '../queue.js';

export const recountSummariesJob = definePeriodic({
  kind: 'reports.recount_summaries',
  everyMinutes: 1,
  work: ({ ctx }) => recountStaleMonths(ctx.db),
});
