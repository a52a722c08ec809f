// The cabinet's dashboards, one read per role, and the region's spreadsheet link.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  HeadDashboard,
  ManagerDashboard,
  MethodistDashboard,
  RegionDashboard,
} from '../../contract/dashboards';
import { api, type QueryParams, toQueryString } from '../api';

export const dashboardKeys = {
  all: ['dashboards'] as const,
  role: (role: string, params: QueryParams = {}) => ['dashboards', role, params] as const,
};

const read =
  <T>(path: string, params: QueryParams = {}) =>
  ({ signal }: { signal: AbortSignal }) =>
    api.get<T>(path, params, signal);

export const useManagerDashboard = () =>
  useQuery({
    queryKey: dashboardKeys.role('manager'),
    queryFn: read<ManagerDashboard>('/dashboards/manager'),
  });

export const useMethodistDashboard = () =>
  useQuery({
    queryKey: dashboardKeys.role('methodist'),
    queryFn: read<MethodistDashboard>('/dashboards/methodist'),
  });

export const useHeadDashboard = () =>
  useQuery({ queryKey: dashboardKeys.role('head'), queryFn: read<HeadDashboard>('/dashboards/head') });

export const useRegionDashboard = (params: QueryParams) =>
  useQuery({
    queryKey: dashboardKeys.role('region', params),
    queryFn: read<RegionDashboard>('/dashboards/region', params),
    placeholderData: keepPreviousData,
  });

export const regionXlsxHref = (params: QueryParams) =>
  `/api/v1/dashboards/region.xlsx${toQueryString(params)}`;
