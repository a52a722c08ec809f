// A job as its user sees it.
import type { JobState, JobView } from '../../contract/jobs.js';
import { userError } from './queue.js';
import type { JobRow } from './service.js';

function stateOf(row: JobRow, now: Date): JobState {
  if (row.status === 'failed') return 'failed';
  if (row.status === 'pending') return row.attempts > 0 ? 'running' : 'queued';
  return row.resultName && row.resultExpiresAt && row.resultExpiresAt > now ? 'done' : 'expired';
}

export function presentJob(row: JobRow, now: Date): JobView {
  const payload = (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as {
    title?: unknown;
    link?: unknown;
  };
  const state = stateOf(row, now);
  return {
    id: row.id,
    kind: row.kind,
    title: typeof payload.title === 'string' ? payload.title : row.kind,
    state,
    progress: { done: row.progressDone, total: row.progressTotal },
    error: state === 'failed' && row.lastError ? userError(row.lastError) : null,
    resultName: state === 'done' ? row.resultName : null,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    expiresAt: state === 'done' ? (row.resultExpiresAt?.toISOString() ?? null) : null,
    link: typeof payload.link === 'string' ? payload.link : null,
  };
}
