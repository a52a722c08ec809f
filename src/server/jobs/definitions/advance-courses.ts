// Every minute: courses move on their dates — closed after the application deadline, finished after
// the last day once every learner has a result (courses/lifecycle.ts, the dated `system` rows; a
// course starts when its first group is formed, not on a date) — and the waitlists of courses
// whose quotas were released take the places that became common.
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
