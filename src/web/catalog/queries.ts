// Reads of the public catalog: a page of courses for the filters, and one course's page.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { CatalogCourse, CatalogItem } from '../../contract/catalog';
import type { Page } from '../../contract/common';
import { api, keys, type QueryParams } from '../api';

export function useCatalog(params: QueryParams) {
  return useQuery({
    queryKey: keys.catalog.list(params),
    queryFn: ({ signal }) => api.get<Page<CatalogItem>>('/catalog', params, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCatalogCourse(id: string) {
  return useQuery({
    queryKey: keys.catalog.one(id),
    queryFn: ({ signal }) => api.get<CatalogCourse>(`/catalog/${encodeURIComponent(id)}`, undefined, signal),
  });
}
