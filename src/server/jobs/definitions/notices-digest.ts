// Every hour: the methodists' daily letters of new applications, once the region's digest hour
// has come (notifications/digest.ts). The slot is hourly so that a process stopped at the hour
// sends the day's letters at the next one; the day's record keeps them from going twice.
import { sendDigests } from '../../notifications/digest.js';
import { definePeriodic } from '../queue.js';

export const noticesDigestJob = definePeriodic({
  kind: 'notifications.digest',
  everyMinutes: 60,
  run: async ({ ctx, db, now }) => {
    await sendDigests(db, now, ctx.config.publicUrl);
  },
});
