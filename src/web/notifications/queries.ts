// Notification reads and writes: the bell's unread count (polled), the person's list, marking
// read; and the operator's outbox.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Notification,
  NotificationPage,
  NotificationSettings,
  NotificationSettingsUpdate,
  OutboxPage,
  ReadAllResult,
  UnreadCount,
} from '../../contract/notifications';
import { api, keys, type QueryParams } from '../api';

/** How often the bell asks for the count while the tab is visible (and on returning to it). */
export const POLL_MS = 45_000;

export function useUnreadCount() {
  return useQuery({
    queryKey: keys.notifications.unread,
    queryFn: ({ signal }) => api.get<UnreadCount>('/notifications/unread-count', undefined, signal),
    refetchInterval: POLL_MS,
    refetchOnWindowFocus: true,
    staleTime: 10_000,
  });
}

export function useNotifications(params: QueryParams, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: keys.notifications.list(params),
    queryFn: ({ signal }) => api.get<NotificationPage>('/notifications', params, signal),
    placeholderData: keepPreviousData,
    staleTime: 0,
    enabled: options.enabled ?? true,
  });
}

function useInvalidateNotifications() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: keys.notifications.all });
}

export function useMarkRead() {
  const invalidate = useInvalidateNotifications();
  return useMutation({
    mutationFn: (id: string) => api.post<Notification>(`/notifications/${id}/read`),
    onSuccess: invalidate,
  });
}

/** Marks read everything up to `upToId` (the newest shown), so one that arrives meanwhile stays new. */
export function useMarkAllRead() {
  const invalidate = useInvalidateNotifications();
  return useMutation({
    mutationFn: (upToId?: string) =>
      api.post<ReadAllResult>('/notifications/read-all', upToId ? { upToId } : {}),
    onSuccess: invalidate,
  });
}

export function useOutbox(params: QueryParams) {
  return useQuery({
    queryKey: keys.outbox.list(params),
    queryFn: ({ signal }) => api.get<OutboxPage>('/outbox', params, signal),
    placeholderData: keepPreviousData,
  });
}

/** Which groups of notices come by e-mail (the profile's «Уведомления»). */
export function useNotificationSettings() {
  return useQuery({
    queryKey: keys.notifications.settings,
    queryFn: ({ signal }) => api.get<NotificationSettings>('/me/notification-settings', undefined, signal),
  });
}

export function useSaveNotificationSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NotificationSettingsUpdate) =>
      api.put<NotificationSettings>('/me/notification-settings', body),
    onSuccess: (saved) => queryClient.setQueryData(keys.notifications.settings, saved),
  });
}
