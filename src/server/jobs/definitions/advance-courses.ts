// Every minute: courses move on their dates — closed after the application deadline, running from
// the first day, finished after the last (catalog/lifecycle.ts, the `system` rows).
import { advanceCourses } from '../../catalog/service.js';
import { definePeriodic } from '../queue.js';

export const advanceCoursesJob = definePeriodic({
  kind: 'catalog.advance_courses',
  everyMinutes: 1,
  run: async ({ db, now }) => {
    await advanceCourses(db, now);
  },
});
