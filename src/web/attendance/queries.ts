// The attendance journal's reads and writes. Saving or confirming a day answers with the whole
// journal, which replaces the cached one; the territory's lists and the course's applications
// (whose learners the journal shows) are refreshed.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AttendanceMark, Journal, TerritoryAttendance } from '../../contract/attendance';
import { api, keys, type QueryParams } from '../api';

const journalPath = (courseId: string) => `/courses/${encodeURIComponent(courseId)}/attendance`;

export function useJournal(courseId: string) {
  return useQuery({
    queryKey: keys.attendance.journal(courseId),
    queryFn: ({ signal }) => api.get<Journal>(journalPath(courseId), undefined, signal),
    enabled: !!courseId,
  });
}

export type DayMark = { applicationId: string; mark: AttendanceMark; reason?: string | null };

export function useSaveDay(courseId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { date: string; marks: DayMark[]; reason?: string }) =>
      api.put<Journal>(`${journalPath(courseId)}/${input.date}`, {
        marks: input.marks.map((m) => ({
          applicationId: m.applicationId,
          mark: m.mark,
          ...(m.reason ? { reason: m.reason } : {}),
        })),
        ...(input.reason ? { reason: input.reason } : {}),
      }),
    onSuccess: (journal) => {
      client.setQueryData(keys.attendance.journal(courseId), journal);
      void client.invalidateQueries({ queryKey: ['attendance', 'territory'] });
    },
  });
}

export function useConfirmDay(courseId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (date: string) => api.post<Journal>(`${journalPath(courseId)}/${date}/confirm`),
    onSuccess: (journal) => client.setQueryData(keys.attendance.journal(courseId), journal),
  });
}

export function useTerritoryAttendance(params: QueryParams, enabled = true) {
  return useQuery({
    queryKey: keys.attendance.territory(params),
    queryFn: ({ signal }) => api.get<TerritoryAttendance>('/attendance/territory', params, signal),
    enabled,
  });
}
