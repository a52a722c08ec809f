// Every job this server knows. A process claims only kinds listed here, so a new kind added by a
// newer release is left for the processes that know it.
import type { JobDefinition } from '../queue.js';
import { advanceCoursesJob } from './advance-courses.js';
import { importTeachersJob } from './import-teachers.js';
import { noticesDigestJob } from './notices-digest.js';
import { periodDocumentsJob } from './period-documents.js';
import { pruneJobsJob } from './prune-jobs.js';
import { recountSummariesJob } from './recount-summaries.js';
import { sendMailJob } from './send-mail.js';

export const JOBS: readonly JobDefinition[] = [
  advanceCoursesJob,
  importTeachersJob,
  noticesDigestJob,
  pruneJobsJob,
  recountSummariesJob,
  sendMailJob,
  periodDocumentsJob as JobDefinition,
];
