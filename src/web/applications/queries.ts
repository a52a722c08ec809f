// Application reads and writes: the baskets and one's own list, one application with its history,
// a course's places by territory, applying, and the workflow's actions one by one and in bulk.
// A write refreshes every application list and the places it may have changed (the baskets', the
// catalog's and the workspace's).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Application,
  ApplicationAction,
  ApplicationPage,
  BulkResult,
  PlacesBreakdown,
} from '../../contract/applications';
import { api, keys, type QueryParams } from '../api';

const path = (id: string) => `/applications/${encodeURIComponent(id)}`;

export function useApplications(params: QueryParams, enabled = true) {
  return useQuery({
    queryKey: keys.applications.list(params),
    queryFn: ({ signal }) => api.get<ApplicationPage>('/applications', params, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useApplication(id: string) {
  return useQuery({
    queryKey: keys.applications.one(id),
    queryFn: ({ signal }) => api.get<Application>(path(id), undefined, signal),
    enabled: !!id,
  });
}

/** A course's places by territory (all of them for its department, her own for a methodist). */
export function useCoursePlaces(courseId: string) {
  return useQuery({
    queryKey: keys.applications.places(courseId),
    queryFn: ({ signal }) =>
      api.get<PlacesBreakdown>(`/courses/${encodeURIComponent(courseId)}/places`, undefined, signal),
    enabled: !!courseId,
  });
}

function useRefresh() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: keys.applications.all }),
      queryClient.invalidateQueries({ queryKey: keys.catalog.all }),
      queryClient.invalidateQueries({ queryKey: keys.courses.all }),
    ]);
}

export function useApply() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: { courseId: string; teacherId?: string }) =>
      api.post<Application>('/applications', body),
    onSettled: refresh,
  });
}

export type ActionRequest = { id: string; action: ApplicationAction; reason?: string };

export function useApplicationAction() {
  const queryClient = useQueryClient();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, action, reason }: ActionRequest) =>
      api.post<Application>(`${path(id)}/actions/${action}`, reason ? { reason } : {}),
    onSuccess: (application) => queryClient.setQueryData(keys.applications.one(application.id), application),
    // A 409 means the state changed meanwhile: the fresh state is worth showing either way.
    onSettled: refresh,
  });
}

export type BulkRequest = { ids: string[]; action: ApplicationAction; reason?: string };

export function useBulkAction() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ ids, action, reason }: BulkRequest) =>
      api.post<BulkResult>(`/applications/actions/${action}`, reason ? { ids, reason } : { ids }),
    onSettled: refresh,
  });
}
