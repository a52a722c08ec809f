// The archive's reads: the search and one archived course (archiving is the course page's lifecycle
// action, which refreshes these).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ArchivedCourse, ArchivedCourseCard } from '../../contract/archive';
import type { Page } from '../../contract/common';
import { api, type QueryParams, toQueryString } from '../api';

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
