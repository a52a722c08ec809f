// Conversation reads and writes: the reader's threads and unread totals, a thread (by id or by
// course × territory) refreshed while open, posting, marking read.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../contract/common';
import type { ConversationSummary, Message, Thread, UnreadCount } from '../../contract/conversations';
import { api, keys, type QueryParams } from '../api';

/** How often an open list or thread asks for new messages. */
const POLL_MS = 30_000;

export function useConversations(params: QueryParams) {
  return useQuery({
    queryKey: keys.conversations.list(params),
    queryFn: ({ signal }) => api.get<Page<ConversationSummary>>('/conversations', params, signal),
    placeholderData: keepPreviousData,
    refetchInterval: POLL_MS,
  });
}

export function useUnreadConversations(enabled = true) {
  return useQuery({
    queryKey: keys.conversations.unread,
    queryFn: ({ signal }) => api.get<UnreadCount>('/conversations/unread-count', undefined, signal),
    refetchInterval: POLL_MS,
    enabled,
  });
}

/** The latest messages of a thread; `limit` grows when the reader asks for earlier ones. */
export function useThread(courseId: string, territoryId: string, limit: number) {
  return useQuery({
    queryKey: [...keys.conversations.thread(courseId, territoryId), limit],
    queryFn: ({ signal }) =>
      api.get<Thread>(`/courses/${courseId}/conversations/${territoryId}`, { limit }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: POLL_MS,
  });
}

export function useThreadById(id: string) {
  return useQuery({
    queryKey: keys.conversations.one(id),
    queryFn: ({ signal }) => api.get<Thread>(`/conversations/${id}`, { limit: 1 }, signal),
  });
}

export function usePostMessage(courseId: string, territoryId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string) =>
      api.post<Message>(`/courses/${courseId}/conversations/${territoryId}/messages`, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.conversations.all }),
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<UnreadCount>(`/conversations/${id}/read`),
    onSuccess: (totals) => {
      queryClient.setQueryData(keys.conversations.unread, totals);
      // The lists' and the thread's own unread counts change too.
      void queryClient.invalidateQueries({
        queryKey: keys.conversations.all,
        predicate: (q) => q.queryKey[1] !== 'unread',
      });
    },
  });
}
