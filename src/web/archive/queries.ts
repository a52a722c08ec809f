// The archive's reads (the search, one archived course) and archiving a finished course. Archiving
// refreshes the workspace's courses, the applications (they leave the baskets) and the archive.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ArchivedCourse, ArchivedCourseCard } from '../../contract/archive';
import type { Course } from '../../contract/catalog';
import type { Page } from '../../contract/common';
import { api, keys, type QueryParams, toQueryString } from '../api';

export const archiveKeys = {
  all: ['archive'] as const,
  list: (params: QueryParams) => ['archive', 'list', params] as const,
  one: (id: string) => ['archive', 'one', id] as const,
};

export function useArchive(params: QueryParams) {
  return useQuery({
    queryKey: archiveKeys.list(params),
    queryFn: ({ signal }) => api.get<Page<ArchivedCourse>>('/archive/courses', params, signal),
    placeholderData: keepPreviousData,
  });
}

/** The spreadsheet of the same search: a plain link, the session cookie goes with it. */
export const archiveXlsxHref = (params: QueryParams) =>
  `/api/v1/archive/courses.xlsx${toQueryString(params)}`;

export function useArchivedCourse(id: string) {
  return useQuery({
    queryKey: archiveKeys.one(id),
    queryFn: ({ signal }) =>
      api.get<ArchivedCourseCard>(`/archive/courses/${encodeURIComponent(id)}`, undefined, signal),
    enabled: !!id,
  });
}

export function useArchiveCourse(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<Course>(`/courses/${encodeURIComponent(id)}/actions/archive`),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.courses.all }),
        queryClient.invalidateQueries({ queryKey: keys.applications.all }),
        queryClient.invalidateQueries({ queryKey: archiveKeys.all }),
      ]),
  });
}
