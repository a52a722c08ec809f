// Statistics' reads and the operator's period changes (which refresh the periods and the summaries:
// closing or reopening switches a period between its snapshot and the live figures).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PeriodInput, ReportingPeriod, Summary } from '../../contract/reports';
import { api, type QueryParams, toQueryString } from '../api';

export const reportKeys = {
  all: ['reports'] as const,
  periods: ['reports', 'periods'] as const,
  summary: (params: QueryParams) => ['reports', 'summary', params] as const,
};

export function usePeriods() {
  return useQuery({
    queryKey: reportKeys.periods,
    queryFn: ({ signal }) => api.get<{ items: ReportingPeriod[] }>('/reports/periods', undefined, signal),
  });
}

export function useSummary(params: QueryParams, enabled: boolean) {
  return useQuery({
    queryKey: reportKeys.summary(params),
    queryFn: ({ signal }) => api.get<Summary>('/reports/summary', params, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** The spreadsheet of the same summary, rows in the same order: a plain link, the session cookie goes with it. */
export const summaryXlsxHref = (params: QueryParams) =>
  `/api/v1/reports/summary.xlsx${toQueryString(params)}`;

export function usePeriodMutations() {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: reportKeys.all });
  return {
    create: useMutation({
      mutationFn: (body: PeriodInput) => api.post<ReportingPeriod>('/reports/periods', body),
      onSettled: refresh,
    }),
    close: useMutation({
      mutationFn: (id: string) =>
        api.post<ReportingPeriod>(`/reports/periods/${encodeURIComponent(id)}/close`),
      onSettled: refresh,
    }),
    reopen: useMutation({
      mutationFn: ({ id, reason }: { id: string; reason: string }) =>
        api.post<ReportingPeriod>(`/reports/periods/${encodeURIComponent(id)}/reopen`, { reason }),
      onSettled: refresh,
    }),
  };
}
