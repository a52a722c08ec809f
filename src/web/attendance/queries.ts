// The attendance journal's reads and writes. Saving or confirming a day answers with that day,
// which replaces it in the cached journal; the territory's lists are refreshed.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type AttendanceMark,
  type Journal,
  type JournalDayUpdate,
  type TerritoryAttendance,
  withDay,
} from '../../contract/attendance';
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
      api.put<JournalDayUpdate>(`${journalPath(courseId)}/${input.date}`, {
        marks: input.marks.map((m) => ({
          applicationId: m.applicationId,
          mark: m.mark,
          ...(m.reason ? { reason: m.reason } : {}),
        })),
        ...(input.reason ? { reason: input.reason } : {}),
      }),
    onSuccess: (day) => {
      client.setQueryData<Journal>(keys.attendance.journal(courseId), (j) => j && withDay(j, day));
      void client.invalidateQueries({ queryKey: ['attendance', 'territory'] });
    },
  });
}

export function useConfirmDay(courseId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (date: string) => api.post<JournalDayUpdate>(`${journalPath(courseId)}/${date}/confirm`),
    onSuccess: (day) =>
      client.setQueryData<Journal>(keys.attendance.journal(courseId), (j) => j && withDay(j, day)),
  });
}

export function useTerritoryAttendance(params: QueryParams, enabled = true) {
  return useQuery({
    queryKey: keys.attendance.territory(params),
    queryFn: ({ signal }) => api.get<TerritoryAttendance>('/attendance/territory', params, signal),
    enabled,
  });
}
