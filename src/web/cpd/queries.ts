// CPD reads and writes: the teacher's own history, a teacher's for her methodist, the overdue list,
// and courses before the Bank added and removed (which refresh that teacher's history and the list).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CpdHistory, ExternalCpdInput, OverduePage } from '../../contract/cpd';
import { api, type QueryParams, toQueryString } from '../api';

export const cpdKeys = {
  all: ['cpd'] as const,
  mine: ['cpd', 'mine'] as const,
  teacher: (id: string) => ['cpd', 'teacher', id] as const,
  overdue: (params: QueryParams) => ['cpd', 'overdue', params] as const,
};

export function useMyCpd(enabled = true) {
  return useQuery({
    queryKey: cpdKeys.mine,
    queryFn: ({ signal }) => api.get<CpdHistory>('/me/cpd', undefined, signal),
    enabled,
  });
}

export function useTeacherCpd(id: string) {
  return useQuery({
    queryKey: cpdKeys.teacher(id),
    queryFn: ({ signal }) =>
      api.get<CpdHistory>(`/teachers/${encodeURIComponent(id)}/cpd`, undefined, signal),
    enabled: !!id,
  });
}

export function useOverdue(params: QueryParams) {
  return useQuery({
    queryKey: cpdKeys.overdue(params),
    queryFn: ({ signal }) => api.get<OverduePage>('/teachers/overdue', params, signal),
    placeholderData: keepPreviousData,
  });
}

export const overdueXlsxHref = (params: QueryParams) =>
  `/api/v1/teachers/overdue.xlsx${toQueryString(params)}`;

export function useExternalMutations(teacherId: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: cpdKeys.all });
  const base = `/teachers/${encodeURIComponent(teacherId)}/cpd/external`;
  return {
    add: useMutation({
      mutationFn: (body: ExternalCpdInput) => api.post<CpdHistory>(base, body),
      onSettled: refresh,
    }),
    remove: useMutation({
      mutationFn: (recordId: string) => api.delete<void>(`${base}/${encodeURIComponent(recordId)}`),
      onSettled: refresh,
    }),
  };
}
