// The department workspace's reads and writes: programs and courses as the server scopes them,
// a course's history, its files, and the department's managers. A write puts the answer into the
// item's cache entry and refreshes the lists (and the public catalog, which shows published courses).
import {
  keepPreviousData,
  type QueryClient,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { User } from '../../contract/accounts';
import type {
  Course,
  CourseAction,
  CourseCreate,
  CourseSummary,
  CourseUpdate,
  FileInfo,
  HistoryEntry,
  Program,
  ProgramCreate,
  ProgramSummary,
  ProgramUpdate,
} from '../../contract/catalog';
import type { Page } from '../../contract/common';
import { api, keys, type QueryParams } from '../api';
import { archiveKeys } from '../archive/queries';
import { WHOLE } from '../directory/queries';

const path = (kind: 'programs' | 'courses', id: string) => `/${kind}/${encodeURIComponent(id)}`;

export function usePrograms(params: QueryParams) {
  return useQuery({
    queryKey: keys.programs.list(params),
    queryFn: ({ signal }) => api.get<Page<ProgramSummary>>('/programs', params, signal),
    placeholderData: keepPreviousData,
  });
}

export function useProgram(id: string) {
  return useQuery({
    queryKey: keys.programs.one(id),
    queryFn: ({ signal }) => api.get<Program>(path('programs', id), undefined, signal),
    enabled: !!id,
  });
}

export function useCourses(params: QueryParams, enabled = true) {
  return useQuery({
    queryKey: keys.courses.list(params),
    queryFn: ({ signal }) => api.get<Page<CourseSummary>>('/courses', params, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCourse(id: string) {
  return useQuery({
    queryKey: keys.courses.one(id),
    queryFn: ({ signal }) => api.get<Course>(path('courses', id), undefined, signal),
  });
}

export function useCourseHistory(id: string) {
  return useQuery({
    queryKey: keys.courses.history(id),
    queryFn: ({ signal }) => api.get<Page<HistoryEntry>>(`${path('courses', id)}/history`, undefined, signal),
  });
}

/** The active managers of a department: whom a head may make a course's responsible manager. */
export function useDepartmentManagers(departmentId: string, enabled = true) {
  const params = { departmentId, role: 'manager', blocked: 'false', limit: WHOLE };
  return useQuery({
    queryKey: keys.users.list(params),
    queryFn: ({ signal }) => api.get<Page<User>>('/users', params, signal),
    enabled: enabled && !!departmentId,
  });
}

/**
 * After a write: the saved item goes into its cache entry, and everything that may show it is
 * refreshed — programs count their courses, courses show their program, the catalog shows
 * published courses.
 */
function refresh(
  queryClient: QueryClient,
  saved?: { kind: 'programs' | 'courses'; id: string; data: unknown },
) {
  if (saved) queryClient.setQueryData([saved.kind, 'one', saved.id], saved.data);
  const stale = (key: readonly unknown[]) =>
    !saved || key[0] !== saved.kind || key[1] !== 'one' || key[2] !== saved.id;
  return Promise.all(
    // Archiving also moves the course into the archive and its applications out of the baskets.
    [keys.programs.all, keys.courses.all, keys.catalog.all, keys.applications.all, archiveKeys.all].map(
      (queryKey) => queryClient.invalidateQueries({ queryKey, predicate: (q) => stale(q.queryKey) }),
    ),
  );
}

const savedProgram = (data: Program) => ({ kind: 'programs' as const, id: data.id, data });
const savedCourse = (data: Course) => ({ kind: 'courses' as const, id: data.id, data });

export function useCreateProgram() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ProgramCreate) => api.post<Program>('/programs', body),
    onSuccess: (saved) => refresh(queryClient, savedProgram(saved)),
  });
}

export function useUpdateProgram(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ProgramUpdate) => api.patch<Program>(path('programs', id), body),
    onSuccess: (saved) => refresh(queryClient, savedProgram(saved)),
  });
}

export function useCreateCourse() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CourseCreate) => api.post<Course>('/courses', body),
    onSuccess: (saved) => refresh(queryClient, savedCourse(saved)),
  });
}

/** Every write to one course answers with the course: its fields, schedule, quotas, manager, state. */
export function useCourseMutations(id: string) {
  const queryClient = useQueryClient();
  const onSuccess = (saved: Course) => refresh(queryClient, savedCourse(saved));
  const base = path('courses', id);
  return {
    update: useMutation({
      mutationFn: (body: CourseUpdate) => api.patch<Course>(base, body),
      onSuccess,
    }),
    quotas: useMutation({
      mutationFn: (body: { territoryId: string; places: number }[]) =>
        api.put<Course>(`${base}/quotas`, body),
      onSuccess,
    }),
    manager: useMutation({
      mutationFn: (managerId: string) => api.put<Course>(`${base}/manager`, { managerId }),
      onSuccess,
    }),
    action: useMutation({
      mutationFn: ({ action, reason }: { action: CourseAction; reason?: string }) =>
        api.post<Course>(`${base}/actions/${action}`, reason === undefined ? {} : { reason }),
      onSuccess,
    }),
  };
}

/** Upload and delete of a program's or a course's files; the owner is re-read afterwards. */
export function useFileMutations(owner: 'programs' | 'courses', id: string) {
  const queryClient = useQueryClient();
  const onSuccess = () => refresh(queryClient);
  const base = `${path(owner, id)}/files`;
  return {
    upload: useMutation({
      mutationFn: ({ file, title }: { file: File; title: string }) => {
        const form = new FormData();
        // The server reads the title only when it comes before the file.
        if (title.trim()) form.append('title', title.trim());
        form.append('file', file, file.name);
        return api.upload<FileInfo>(base, form);
      },
      onSuccess,
    }),
    remove: useMutation({
      mutationFn: (fileId: string) => api.delete<void>(`${base}/${encodeURIComponent(fileId)}`),
      onSuccess,
    }),
  };
}
