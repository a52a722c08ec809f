// The teachers' list, a teacher's card with its changes and invitation, registering, and imports
// (upload, the preview's rows, apply, and the progress polled while the job runs).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../contract/common';
import type {
  ImportRow,
  ImportSummary,
  TeacherCard,
  TeacherRegister,
  TeacherRow,
  TeacherUpdate,
} from '../../contract/teachers';
import { api, type QueryParams, toQueryString } from '../api';

export const teacherKeys = {
  all: ['teachers'] as const,
  list: (params: QueryParams) => ['teachers', 'list', params] as const,
  card: (id: string) => ['teachers', 'card', id] as const,
  import: (id: string) => ['imports', id] as const,
  importRows: (id: string, params: QueryParams) => ['imports', id, 'rows', params] as const,
};

export function useTeachers(params: QueryParams) {
  return useQuery({
    queryKey: teacherKeys.list(params),
    queryFn: ({ signal }) => api.get<Page<TeacherRow>>('/teachers', params, signal),
    placeholderData: keepPreviousData,
  });
}

export const teachersXlsxHref = (params: QueryParams) => `/api/v1/teachers.xlsx${toQueryString(params)}`;

export function useTeacher(id: string) {
  return useQuery({
    queryKey: teacherKeys.card(id),
    queryFn: ({ signal }) => api.get<TeacherCard>(`/teachers/${encodeURIComponent(id)}`, undefined, signal),
    enabled: !!id,
  });
}

export function useTeacherMutations(id = '') {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: teacherKeys.all });
  return {
    register: useMutation({
      mutationFn: (body: TeacherRegister) => api.post<TeacherCard>('/teachers', body),
      onSettled: refresh,
    }),
    update: useMutation({
      mutationFn: (body: TeacherUpdate) =>
        api.patch<TeacherCard>(`/teachers/${encodeURIComponent(id)}`, body),
      onSettled: refresh,
    }),
    invite: useMutation({
      mutationFn: () => api.post<{ email: string }>(`/teachers/${encodeURIComponent(id)}/invitation`, {}),
      onSettled: refresh,
    }),
  };
}

const RUNNING = new Set(['queued', 'running']);

export function useImport(id: string) {
  return useQuery({
    queryKey: teacherKeys.import(id),
    queryFn: ({ signal }) => api.get<ImportSummary>(`/imports/${encodeURIComponent(id)}`, undefined, signal),
    enabled: !!id,
    // The apply job's progress: asked again every second while it runs.
    refetchInterval: (query) => (query.state.data && RUNNING.has(query.state.data.state) ? 1000 : false),
  });
}

export function useImportRows(id: string, params: QueryParams) {
  return useQuery({
    queryKey: teacherKeys.importRows(id, params),
    queryFn: ({ signal }) =>
      api.get<Page<ImportRow>>(`/imports/${encodeURIComponent(id)}/rows`, params, signal),
    enabled: !!id,
    placeholderData: keepPreviousData,
  });
}

export function useImportMutations() {
  const queryClient = useQueryClient();
  return {
    upload: useMutation({
      mutationFn: (file: File) => {
        const form = new FormData();
        form.append('file', file);
        return api.upload<ImportSummary>('/imports', form);
      },
    }),
    apply: useMutation({
      mutationFn: (id: string) => api.post<ImportSummary>(`/imports/${encodeURIComponent(id)}/apply`, {}),
      onSuccess: (data) => queryClient.setQueryData(teacherKeys.import(data.id), data),
      onSettled: () => queryClient.invalidateQueries({ queryKey: teacherKeys.all }),
    }),
  };
}
