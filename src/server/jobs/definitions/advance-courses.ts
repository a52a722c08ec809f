// Every minute: courses move on their dates — closed after the application deadline, running from
// the first day, finished after the last (courses/lifecycle.ts, the `system` rows) — and the
// waitlists of courses whose quotas were released take the places that became common.
import { promoteReleasedWaitlists } from '../../applications/service.js';
import { advanceCourses } from '../../courses/service.js';
import { definePeriodic } from '../queue.js';

export const advanceCoursesJob = definePeriodic({
  kind: 'catalog.advance_courses',
  everyMinutes: 1,
  run: async ({ db, now }) => {
    await advanceCourses(db, now);
    await promoteReleasedWaitlists(db, now);
  },
});
