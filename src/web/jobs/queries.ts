// A user's jobs: one followed while it runs (polled until it ends), and the list of her latest.
import { useQuery } from '@tanstack/react-query';
import type { JobView } from '../../contract/jobs';
import { api } from '../api';

export const jobKeys = {
  all: ['jobs'] as const,
  one: (id: string) => ['jobs', id] as const,
};

/** How often a running job is asked about. */
const POLL_MS = 1500;
const running = (job: JobView | undefined) => job?.state === 'queued' || job?.state === 'running';

export const jobResultUrl = (id: string) => `/api/v1/jobs/${encodeURIComponent(id)}/result`;

export function useJob(id: string | null) {
  return useQuery({
    queryKey: jobKeys.one(id ?? ''),
    queryFn: ({ signal }) => api.get<JobView>(`/jobs/${encodeURIComponent(id ?? '')}`, undefined, signal),
    enabled: id !== null,
    refetchInterval: (query) => (running(query.state.data) ? POLL_MS : false),
  });
}

export function useMyJobs() {
  return useQuery({
    queryKey: jobKeys.all,
    queryFn: ({ signal }) => api.get<{ items: JobView[] }>('/jobs', undefined, signal),
    refetchInterval: (query) => (query.state.data?.items.some(running) ? POLL_MS * 2 : false),
  });
}
