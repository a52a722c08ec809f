// Work a user starts and follows: its state, how far it got and the file it produced.
import { id } from './common.js';
import { z } from './zod.js';

export const JOB_STATES = ['queued', 'running', 'done', 'failed', 'expired'] as const;
export type JobState = (typeof JOB_STATES)[number];

export const jobView = z.object({
  id: z.string(),
  kind: z.string(),
  /** What the job makes, in Russian: «ФРДО за период 01.01.2026–31.03.2026». */
  title: z.string(),
  state: z.enum(JOB_STATES),
  progress: z.object({ done: z.number(), total: z.number().nullable() }),
  /** Why it failed, in Russian. */
  error: z.string().nullable(),
  /** The file's name once done; null before, and after it was deleted. */
  resultName: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Until when the file may be downloaded. */
  expiresAt: z.string().nullable(),
  /** Where in the UI the job was started. */
  link: z.string().nullable(),
});
export type JobView = z.infer<typeof jobView>;

export const jobList = z.object({ items: z.array(jobView) });
export const jobId = id;
