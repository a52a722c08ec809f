// Hourly: finished jobs older than a week are deleted (periodic slots alone add 1,440 rows a day),
// and the files of users' jobs once their time is up (progress.ts RESULT_KEEP_HOURS).
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
    await db
      .updateTable('jobs')
      .set({ result: null, resultName: null, resultType: null })
      .where('resultExpiresAt', '<', now)
      .where('result', 'is not', null)
      .execute();
  },
});
