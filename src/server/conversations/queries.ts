// Kysely queries of conversations. Lists are filtered by the actor's sides here (their
// department's courses, their territory), so a thread outside them does not exist for the actor;
// unread counts are computed per reader from how far they have read (their own messages are read).
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Actor } from '../access/actor.js';
import { departmentIdsOf, territoryIdsOf } from '../access/predicates.js';
import type { Database } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { fullName } from '../db/sql.js';
import { fetchPage, type PageRequest } from '../http/pagination.js';

type ThreadsEb = ExpressionBuilder<DB & { cv: DB['conversations']; c: DB['courses'] }, 'cv' | 'c'>;

/** Threads the actor is a side of: of their department's courses (staff), of their territory (methodist). */
export function threadScope(eb: ThreadsEb, actor: Actor): Expression<SqlBool> {
  const departments = departmentIdsOf(actor, 'head', 'manager');
  const territories = territoryIdsOf(actor, 'methodist');
  const either = [
    ...(departments.length ? [eb('c.departmentId', 'in', departments)] : []),
    ...(territories.length ? [eb('cv.territoryId', 'in', territories)] : []),
  ];
  return either.length ? eb.and([eb('c.publishedAt', 'is not', null), eb.or(either)]) : sql<SqlBool>`false`;
}

/** Messages of thread `cv` others wrote after the last one `userId` has read. */
const unread = (userId: number) => sql<number>`coalesce((
  SELECT count(*) FROM conversation_messages m
   WHERE m.conversation_id = cv.id AND m.author_id <> ${userId}
     AND m.id > coalesce((SELECT r.last_read_message_id FROM conversation_reads r
                           WHERE r.conversation_id = cv.id AND r.user_id = ${userId}), 0)), 0)::integer`;

const authorName = fullName('u');

/** The heading of a thread (course, department, territory) as `select` columns. */
const headingColumns = (userId: number) =>
  [
    'c.id as courseId',
    'p.title as courseTitle',
    'c.status as courseStatus',
    'c.startsOn as courseStartsOn',
    'c.endsOn as courseEndsOn',
    'c.departmentId',
    'd.name as departmentName',
    'c.publishedAt',
    'c.managerId',
    't.id as territoryId',
    't.name as territoryName',
    unread(userId).as('unreadCount'),
  ] as const;

/** A course × territory thread's heading (and the thread's id once it has a message), if both exist. */
export const headingByCourse = (db: Database, userId: number, courseId: number, territoryId: number) =>
  db
    .selectFrom('courses as c')
    .innerJoin('programs as p', 'p.id', 'c.programId')
    .innerJoin('departments as d', 'd.id', 'c.departmentId')
    .innerJoin('territories as t', (j) => j.on('t.id', '=', territoryId))
    .leftJoin('conversations as cv', (j) =>
      j.onRef('cv.courseId', '=', 'c.id').onRef('cv.territoryId', '=', 't.id'),
    )
    .where('c.id', '=', courseId)
    .select([...headingColumns(userId), 'cv.id as conversationId'])
    .executeTakeFirst();

export const headingById = (db: Database, userId: number, id: number) =>
  db
    .selectFrom('conversations as cv')
    .innerJoin('courses as c', 'c.id', 'cv.courseId')
    .innerJoin('programs as p', 'p.id', 'c.programId')
    .innerJoin('departments as d', 'd.id', 'c.departmentId')
    .innerJoin('territories as t', 't.id', 'cv.territoryId')
    .where('cv.id', '=', id)
    .select([...headingColumns(userId), 'cv.id as conversationId'])
    .executeTakeFirst();

export type Heading = NonNullable<Awaited<ReturnType<typeof headingByCourse>>>;

const messageColumns = [
  'm.id',
  'm.conversationId',
  'm.authorId',
  authorName.as('authorName'),
  'm.body',
  'm.createdAt',
] as const;

export type MessageRow = {
  id: number;
  conversationId: number;
  authorId: number;
  authorName: string;
  body: string;
  createdAt: Date;
};

/** A page of a thread's messages, oldest first: the newest `limit`, or those before `before`. */
export async function messagesOf(
  db: Database,
  conversationId: number,
  page: { before?: number | undefined; limit: number },
): Promise<{ items: MessageRow[]; hasEarlier: boolean }> {
  const rows = await db
    .selectFrom('conversationMessages as m')
    .innerJoin('users as u', 'u.id', 'm.authorId')
    .where('m.conversationId', '=', conversationId)
    .$if(page.before !== undefined, (qb) => qb.where('m.id', '<', page.before ?? 0))
    .orderBy('m.id', 'desc')
    .limit(page.limit + 1)
    .select(messageColumns)
    .execute();
  return { items: rows.slice(0, page.limit).reverse(), hasEarlier: rows.length > page.limit };
}

export const messageById = (db: Database, id: number) =>
  db
    .selectFrom('conversationMessages as m')
    .innerJoin('users as u', 'u.id', 'm.authorId')
    .where('m.id', '=', id)
    .select(messageColumns)
    .executeTakeFirstOrThrow();

export async function findConversations(
  db: Database,
  actor: Actor,
  filter: { courseId?: number | undefined; territoryId?: number | undefined } & PageRequest,
) {
  const { courseId, territoryId, ...page } = filter;
  const result = await fetchPage(
    db
      .selectFrom('conversations as cv')
      .innerJoin('courses as c', 'c.id', 'cv.courseId')
      .innerJoin('programs as p', 'p.id', 'c.programId')
      .innerJoin('departments as d', 'd.id', 'c.departmentId')
      .innerJoin('territories as t', 't.id', 'cv.territoryId')
      .where((eb) => threadScope(eb, actor))
      .$if(courseId !== undefined, (qb) => qb.where('cv.courseId', '=', courseId ?? 0))
      .$if(territoryId !== undefined, (qb) => qb.where('cv.territoryId', '=', territoryId ?? 0))
      .select([
        'cv.id',
        'cv.lastMessageAt',
        ...headingColumns(actor.userId),
        sql<number>`(SELECT max(m.id) FROM conversation_messages m WHERE m.conversation_id = cv.id)`.as(
          'lastMessageId',
        ),
      ])
      .orderBy('cv.lastMessageAt', 'desc')
      .orderBy('cv.id', 'desc'),
    page,
  );
  const lastIds = result.items.flatMap((r) => (r.lastMessageId ? [r.lastMessageId] : []));
  const last = lastIds.length
    ? await db
        .selectFrom('conversationMessages as m')
        .innerJoin('users as u', 'u.id', 'm.authorId')
        .where('m.id', 'in', lastIds)
        .select(messageColumns)
        .execute()
    : [];
  const byId = new Map(last.map((m) => [m.id, m]));
  return {
    items: result.items.map((r) => ({ ...r, lastMessage: byId.get(r.lastMessageId) ?? null })),
    total: result.total,
  };
}

export type ConversationRow = Awaited<ReturnType<typeof findConversations>>['items'][number];

/** Unread messages over every thread the actor is a side of, and how many threads hold them. */
export async function unreadTotals(db: Database, actor: Actor) {
  const perThread = db
    .selectFrom('conversations as cv')
    .innerJoin('courses as c', 'c.id', 'cv.courseId')
    .where((eb) => threadScope(eb, actor))
    .select(unread(actor.userId).as('n'));
  const row = await db
    .selectFrom(perThread.as('x'))
    .select([
      sql<number>`coalesce(sum(x.n), 0)::integer`.as('messages'),
      sql<number>`(count(*) FILTER (WHERE x.n > 0))::integer`.as('conversations'),
    ])
    .executeTakeFirstOrThrow();
  return { messages: Number(row.messages), conversations: Number(row.conversations) };
}

/** The thread for a course × territory, created by its first message; two first messages at once share it. */
export const ensureConversation = (db: Database, courseId: number, territoryId: number, at: Date) =>
  db
    .insertInto('conversations')
    .values({ courseId, territoryId, createdAt: at, lastMessageAt: at })
    .onConflict((oc) =>
      oc.columns(['courseId', 'territoryId']).doUpdateSet({
        lastMessageAt: sql`greatest(conversations.last_message_at, excluded.last_message_at)`,
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();

export const lastMessageId = async (db: Database, conversationId: number) =>
  (
    await db
      .selectFrom('conversationMessages')
      .where('conversationId', '=', conversationId)
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst()
  )?.id ?? null;

export const readMark = (db: Database, conversationId: number, userId: number) =>
  db
    .selectFrom('conversationReads')
    .where('conversationId', '=', conversationId)
    .where('userId', '=', userId)
    .select('lastReadMessageId')
    .forUpdate()
    .executeTakeFirst();

/** Moves the reader's mark forward to `messageId` (never back). */
export const markReadUpTo = (
  db: Database,
  conversationId: number,
  userId: number,
  messageId: number,
  at: Date,
) =>
  db
    .insertInto('conversationReads')
    .values({ conversationId, userId, lastReadMessageId: messageId, readAt: at })
    .onConflict((oc) =>
      oc.columns(['conversationId', 'userId']).doUpdateSet({
        lastReadMessageId: sql`greatest(conversation_reads.last_read_message_id, excluded.last_read_message_id)`,
        readAt: (eb) => eb.ref('excluded.readAt'),
      }),
    )
    .execute();

/**
 * Who hears of a new message: the other side's active accounts. For the department, the course's
 * responsible manager and the staff who already wrote in the thread — or, when none of them is
 * there any more, every manager and the head.
 */
export async function otherSide(
  db: Database,
  thread: { conversationId: number; departmentId: number; territoryId: number; managerId: number | null },
  author: { userId: number; staff: boolean; methodist: boolean },
): Promise<number[]> {
  const recipients = new Set<number>();
  if (author.staff) {
    const methodists = await db
      .selectFrom('userRoles as r')
      .innerJoin('users as u', 'u.id', 'r.userId')
      .where('r.role', '=', 'methodist')
      .where('r.territoryId', '=', thread.territoryId)
      .where('u.blockedAt', 'is', null)
      .select('u.id')
      .execute();
    for (const m of methodists) recipients.add(m.id);
  }
  if (author.methodist) {
    const staff = await db
      .selectFrom('userRoles as r')
      .innerJoin('users as u', 'u.id', 'r.userId')
      .where('r.role', 'in', ['head', 'manager'])
      .where('r.departmentId', '=', thread.departmentId)
      .where('u.blockedAt', 'is', null)
      .select([
        'u.id',
        sql<boolean>`exists (SELECT 1 FROM conversation_messages m
          WHERE m.conversation_id = ${thread.conversationId} AND m.author_id = u.id)`.as('wrote'),
      ])
      .execute();
    const engaged = staff.filter((s) => s.id === thread.managerId || s.wrote);
    for (const s of engaged.length ? engaged : staff) recipients.add(s.id);
  }
  recipients.delete(author.userId);
  return [...recipients].sort((a, b) => a - b);
}
