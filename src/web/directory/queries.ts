// Directory reads shared by pages and selects: territories, organizations, providers,
// departments, positions. Lists are pages ({items, total}) scoped by the server.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Page } from '../../contract/common';
import type { Department, Organization, Position, Provider, Territory } from '../../contract/directory';
import { api, keys, type QueryParams } from '../api';

/** The largest page the server gives; directories that are small are read whole. */
export const WHOLE = 200;

export function useTerritories(params: QueryParams = { limit: WHOLE }) {
  return useQuery({
    queryKey: keys.territories.list(params),
    queryFn: ({ signal }) => api.get<Page<Territory>>('/territories', params, signal),
    placeholderData: keepPreviousData,
  });
}

export function useOrganizations(params: QueryParams, enabled = true) {
  return useQuery({
    queryKey: keys.organizations.list(params),
    queryFn: ({ signal }) => api.get<Page<Organization>>('/organizations', params, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useProviders(params: QueryParams = { limit: WHOLE }) {
  return useQuery({
    queryKey: keys.providers.list(params),
    queryFn: ({ signal }) => api.get<Page<Provider>>('/providers', params, signal),
    placeholderData: keepPreviousData,
  });
}

export function useProvider(id: string) {
  return useQuery({
    queryKey: keys.providers.one(id),
    queryFn: ({ signal }) => api.get<Provider>(`/providers/${id}`, undefined, signal),
  });
}

export function useProviderDepartments(providerId: string | undefined) {
  return useQuery({
    queryKey: keys.departments.ofProvider(providerId ?? ''),
    queryFn: ({ signal }) =>
      api.get<Page<Department>>(`/providers/${providerId}/departments`, { limit: WHOLE }, signal),
    enabled: !!providerId,
  });
}

export function usePositions(params: QueryParams = { limit: WHOLE }) {
  return useQuery({
    queryKey: keys.positions.list(params),
    queryFn: ({ signal }) => api.get<Page<Position>>('/positions', params, signal),
    placeholderData: keepPreviousData,
  });
}

export const fetchDepartments = (params: QueryParams, signal?: AbortSignal) =>
  api.get<Page<Department>>('/departments', params, signal);
