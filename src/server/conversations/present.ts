// Conversations as the client sees them: ids as strings, instants as ISO text, whose message is whose.
import type { ConversationSummary, Message, Thread } from '../../contract/conversations.js';
import type { ConversationRow, Heading, MessageRow } from './queries.js';

export const presentMessage = (m: MessageRow, readerId: number): Message => ({
  id: String(m.id),
  conversationId: String(m.conversationId),
  authorId: String(m.authorId),
  authorName: m.authorName,
  body: m.body,
  createdAt: m.createdAt.toISOString(),
  own: m.authorId === readerId,
});

const heading = (h: Omit<Heading, 'conversationId'>) => ({
  courseId: String(h.courseId),
  courseTitle: h.courseTitle,
  courseStatus: h.courseStatus,
  courseStartsOn: h.courseStartsOn,
  courseEndsOn: h.courseEndsOn,
  departmentName: h.departmentName,
  territoryId: String(h.territoryId),
  territoryName: h.territoryName,
  unreadCount: h.unreadCount,
});

export const presentSummary = (row: ConversationRow, readerId: number): ConversationSummary => ({
  id: String(row.id),
  ...heading(row),
  lastMessage: row.lastMessage && presentMessage(row.lastMessage, readerId),
  lastMessageAt: row.lastMessageAt.toISOString(),
});

export const presentThread = (
  t: { heading: Heading; messages: MessageRow[]; hasEarlier: boolean; canPost: boolean },
  readerId: number,
): Thread => ({
  id: t.heading.conversationId === null ? null : String(t.heading.conversationId),
  ...heading(t.heading),
  messages: t.messages.map((m) => presentMessage(m, readerId)),
  hasEarlier: t.hasEarlier,
  canPost: t.canPost,
});
