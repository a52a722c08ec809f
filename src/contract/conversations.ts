// Conversations: one thread per course × territory between the course's department (its managers
// and head) and the territory's methodists — forming the group, ensuring attendance.
import { id, idFilter, pageQuery } from './common.js';
import { z } from './zod.js';

export const MAX_MESSAGE = 4000;

// Line breaks and tabs belong in a message; other control characters (NUL) do not.
const hasControl = (v: string) => /\p{Cc}/u.test(v.replace(/[\n\r\t]/g, ''));

export const messageInput = z.strictObject({
  body: z
    .string()
    .trim()
    .min(1, 'Напишите сообщение')
    .max(MAX_MESSAGE, `Не длиннее ${MAX_MESSAGE} символов`)
    .refine((v) => !hasControl(v), 'Уберите непечатаемые символы'),
});
export type MessageInput = z.infer<typeof messageInput>;

export const conversationListQuery = z.object({
  courseId: idFilter,
  territoryId: idFilter,
  ...pageQuery,
});
export type ConversationListQuery = z.infer<typeof conversationListQuery>;

export const threadQuery = z.object({
  /** Messages before this one (older pages); the newest first page without it. */
  before: idFilter,
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export type ThreadQuery = z.infer<typeof threadQuery>;

export const message = z.object({
  id,
  conversationId: id,
  authorId: id,
  authorName: z.string(),
  body: z.string(),
  createdAt: z.string(),
  /** Written by the reader. */
  own: z.boolean(),
});
export type Message = z.infer<typeof message>;

const threadHeading = {
  courseId: id,
  courseTitle: z.string(),
  courseStatus: z.string(),
  courseStartsOn: z.string(),
  courseEndsOn: z.string(),
  departmentName: z.string(),
  territoryId: id,
  territoryName: z.string(),
  unreadCount: z.number(),
};

export const conversationSummary = z.object({
  id,
  ...threadHeading,
  lastMessage: message.nullable(),
  lastMessageAt: z.string(),
});
export type ConversationSummary = z.infer<typeof conversationSummary>;

export const thread = z.object({
  /** null until the first message. */
  id: id.nullable(),
  ...threadHeading,
  /** Oldest first. */
  messages: z.array(message),
  /** Older messages exist: ask with `before` = the first message's id. */
  hasEarlier: z.boolean(),
  /** The reader may write here (an archived course's thread is read-only). */
  canPost: z.boolean(),
});
export type Thread = z.infer<typeof thread>;

export const unreadCount = z.object({
  /** Unread messages in all the reader's threads. */
  messages: z.number(),
  /** Threads with unread messages. */
  conversations: z.number(),
});
export type UnreadCount = z.infer<typeof unreadCount>;
