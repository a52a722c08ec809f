// Conversations between a course's department and a territory's methodists: reading threads,
// posting (the first message creates the thread), marking read. Every write is one transaction
// with its audit row; the other side is notified in the same transaction.
import type { ConversationListQuery, MessageInput, ThreadQuery } from '../../contract/conversations.js';
import type { Actor, Who } from '../access/actor.js';
import { isMethodistOf, isStaffOf } from '../access/predicates.js';
import { recordAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Database } from '../db/database.js';
import { Conflict, Forbidden, NotFound } from '../http/errors.js';
import { notify } from '../notifications/notify.js';
import { can, mayAttempt } from './policy.js';
import * as q from './queries.js';

type Signed = Who & { actor: Actor };

/** 403 when no role of the actor takes part in conversations; 404 for a thread they are not a side of. */
function authorize(actor: Actor, heading: q.Heading | undefined): q.Heading {
  if (!mayAttempt(actor)) throw new Forbidden('Переписка доступна руководителям курсов и методистам');
  if (
    heading === undefined ||
    !can(actor, {
      departmentId: heading.departmentId,
      territoryId: heading.territoryId,
      published: heading.publishedAt !== null,
    })
  )
    throw new NotFound('Переписка не найдена или недоступна');
  return heading;
}

/** An archived course is read-only, its thread included. */
const canPost = (heading: q.Heading) => heading.courseStatus !== 'archived';

export function findConversations(ctx: Ctx, who: Signed, query: ConversationListQuery) {
  if (!mayAttempt(who.actor)) throw new Forbidden('Переписка доступна руководителям курсов и методистам');
  return q.findConversations(ctx.db, who.actor, query);
}

export function unreadCount(ctx: Ctx, who: Signed) {
  if (!mayAttempt(who.actor)) throw new Forbidden('Переписка доступна руководителям курсов и методистам');
  return q.unreadTotals(ctx.db, who.actor);
}

async function threadOf(db: Database, heading: q.Heading, page: ThreadQuery) {
  const messages =
    heading.conversationId === null
      ? { items: [], hasEarlier: false }
      : await q.messagesOf(db, heading.conversationId, page);
  return { heading, messages: messages.items, hasEarlier: messages.hasEarlier, canPost: canPost(heading) };
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
    await q.headingByCourse(ctx.db, who.actor.userId, courseId, territoryId),
  );
  return threadOf(ctx.db, heading, page);
}

export async function getThreadById(ctx: Ctx, who: Signed, id: number, page: ThreadQuery) {
  const heading = authorize(who.actor, await q.headingById(ctx.db, who.actor.userId, id));
  return threadOf(ctx.db, heading, page);
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
    const heading = authorize(actor, await q.headingByCourse(trx, actor.userId, courseId, territoryId));
    if (!canPost(heading)) throw new Conflict('Курс в архиве: переписка по нему доступна только для чтения');
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
      {
        userId: actor.userId,
        staff: isStaffOf(actor, heading.departmentId),
        methodist: isMethodistOf(actor, heading.territoryId),
      },
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
    authorize(actor, await q.headingById(trx, actor.userId, id));
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
