// Conversations between a course's department and a territory's methodists: reading threads,
// posting (the first message creates the thread), marking read. Every write is one transaction
// with its audit row; the other side is notified in the same transaction.
import type { ConversationListQuery, MessageInput, ThreadQuery } from '../../contract/conversations.js';
import type { Actor, Who } from '../access/actor.js';
import { recordAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Database } from '../db/database.js';
import { Conflict } from '../http/errors.js';
import { notify } from '../notifications/notify.js';
import { conversationsPolicy, sidesOf } from './policy.js';
import * as q from './queries.js';

type Signed = Who & { actor: Actor };

const { authorize, authorizeAttempt } = conversationsPolicy;

/** An archived course is read-only, its thread included. */
const isOpen = (heading: q.Heading) => heading.courseStatus !== 'archived';

export function findConversations(ctx: Ctx, who: Signed, query: ConversationListQuery) {
  authorizeAttempt(who.actor, 'conversation.view');
  return q.findConversations(ctx.db, who.actor, query);
}

export function unreadCount(ctx: Ctx, who: Signed) {
  authorizeAttempt(who.actor, 'conversation.view');
  return q.unreadTotals(ctx.db, who.actor);
}

async function threadOf(db: Database, actor: Actor, heading: q.Heading, page: ThreadQuery) {
  const messages =
    heading.conversationId === null
      ? { items: [], hasEarlier: false }
      : await q.messagesOf(db, heading.conversationId, page);
  return {
    heading,
    messages: messages.items,
    hasEarlier: messages.hasEarlier,
    canPost: isOpen(heading) && conversationsPolicy.can(actor, 'conversation.post', heading),
  };
}

/** The thread of a course × territory; an empty one (id null) before its first message. */
export async function getThread(
  ctx: Ctx,
  who: Signed,
  courseId: number,
  territoryId: number,
  page: ThreadQuery,
) {
  const heading = authorize(
    who.actor,
    'conversation.view',
    await q.headingByCourse(ctx.db, who.actor.userId, courseId, territoryId),
  );
  return threadOf(ctx.db, who.actor, heading, page);
}

export async function getThreadById(ctx: Ctx, who: Signed, id: number, page: ThreadQuery) {
  const heading = authorize(
    who.actor,
    'conversation.view',
    await q.headingById(ctx.db, who.actor.userId, id),
  );
  return threadOf(ctx.db, who.actor, heading, page);
}

export async function postMessage(
  ctx: Ctx,
  who: Signed,
  courseId: number,
  territoryId: number,
  input: MessageInput,
) {
  const now = ctx.now();
  const { actor } = who;
  return ctx.db.transaction().execute(async (trx) => {
    const heading = authorize(
      actor,
      'conversation.post',
      await q.headingByCourse(trx, actor.userId, courseId, territoryId),
    );
    if (!isOpen(heading)) throw new Conflict('Курс в архиве: переписка по нему доступна только для чтения');
    const conversation = await q.ensureConversation(trx, courseId, territoryId, now);
    const { id: messageId } = await trx
      .insertInto('conversationMessages')
      .values({ conversationId: conversation.id, authorId: actor.userId, body: input.body, createdAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    // What one writes, one has read.
    await q.markReadUpTo(trx, conversation.id, actor.userId, messageId, now);
    await recordAudit(trx, now, who, {
      action: 'conversation.message_posted',
      entityType: 'conversation',
      entityId: conversation.id,
      after: { courseId, territoryId, messageId, body: input.body },
    });
    const message = await q.messageById(trx, messageId);
    const recipients = await q.otherSide(
      trx,
      { ...heading, conversationId: conversation.id },
      { userId: actor.userId, ...sidesOf(actor, heading) },
    );
    await notifyOtherSide(trx, now, recipients, heading, conversation.id, input.body);
    return message;
  });
}

/** Marks the thread read up to its last message; the reader's unread totals after it. */
export async function markRead(ctx: Ctx, who: Signed, id: number) {
  const now = ctx.now();
  const { actor } = who;
  await ctx.db.transaction().execute(async (trx) => {
    authorize(actor, 'conversation.markRead', await q.headingById(trx, actor.userId, id));
    const last = await q.lastMessageId(trx, id);
    const before = (await q.readMark(trx, id, actor.userId))?.lastReadMessageId ?? null;
    if (last === null || (before !== null && before >= last)) return;
    await q.markReadUpTo(trx, id, actor.userId, last, now);
    await recordAudit(trx, now, who, {
      action: 'conversation.read',
      entityType: 'conversation',
      entityId: id,
      before: { lastReadMessageId: before },
      after: { lastReadMessageId: last },
    });
  });
  return q.unreadTotals(ctx.db, actor);
}

/** The other side hears of a new message: an in-app notice and an e-mail, in the post's transaction. */
function notifyOtherSide(
  db: Database,
  at: Date,
  userIds: number[],
  heading: q.Heading,
  conversationId: number,
  body: string,
) {
  return notify(db, at, userIds, {
    kind: 'conversation_message',
    title: `Новое сообщение по курсу «${heading.courseTitle}», ${heading.territoryName}`,
    body: body.length > 200 ? `${body.slice(0, 199)}…` : body,
    link: `/conversations/${conversationId}`,
    entityType: 'conversation',
    entityId: conversationId,
  });
}
