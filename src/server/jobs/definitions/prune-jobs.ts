// Hourly: finished jobs older than a week are deleted (periodic slots alone add 1,440 rows a day).
import { definePeriodic } from '../queue.js';

const KEEP_DAYS = 7;

export const pruneJobsJob = definePeriodic({
  kind: 'jobs.prune',
  everyMinutes: 60,
  run: async ({ db, now }) => {
    await db
      .deleteFrom('jobs')
      .where('status', '<>', 'pending')
      .where('finishedAt', '<', new Date(now.getTime() - KEEP_DAYS * 86_400_000))
      .execute();
  },
});
