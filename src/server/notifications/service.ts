// A person's notifications (only their own: another's id is simply not found) and the operator's
// view of the outbox. Marking read changes state, so it is audited like every change.
import { sql } from 'kysely';
import type {
  NotificationListQuery,
  OutboxListQuery,
  OutboxStatus,
  ReadAllBody,
} from '../../contract/notifications.js';
import type { Actor, Who } from '../access/actor.js';
import { recordAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Database } from '../db/database.js';
import { fetchPage, likePattern } from '../http/pagination.js';
import { notificationsPolicy } from './policy.js';

const { authorize } = notificationsPolicy;

type Signed = Who & { actor: Actor };

const COLUMNS = ['id', 'at', 'kind', 'title', 'body', 'link', 'entityType', 'entityId', 'readAt'] as const;

export async function countUnread(db: Database, userId: number): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select(sql<number>`count(*)`.as('n'))
    .where('userId', '=', userId)
    .where('readAt', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The person's notifications, newest first, with their unread count. */
export async function findNotifications(ctx: Ctx, who: Signed, query: NotificationListQuery) {
  const userId = who.actor.userId;
  const rows = ctx.db
    .selectFrom('notifications')
    .select(COLUMNS)
    .where('userId', '=', userId)
    .$if(query.unread === 'true', (qb) => qb.where('readAt', 'is', null))
    .orderBy('id', 'desc');
  const [page, unread] = await Promise.all([fetchPage(rows, query), countUnread(ctx.db, userId)]);
  return { ...page, unread };
}

export async function markRead(ctx: Ctx, who: Signed, id: number) {
  const now = ctx.now();
  const userId = who.actor.userId;
  return ctx.db.transaction().execute(async (trx) => {
    // The update's condition on read_at makes two marks at once yield one change and one audit row.
    const updated = await trx
      .updateTable('notifications')
      .set({ readAt: now })
      .where('id', '=', id)
      .where('userId', '=', userId)
      .where('readAt', 'is', null)
      .returning([...COLUMNS, 'userId'])
      .executeTakeFirst();
    // Already read (nothing changes, nothing to audit) or not the person's own (a 404).
    const row = authorize(
      who.actor,
      'notification.markRead',
      updated ??
        (await trx
          .selectFrom('notifications')
          .select([...COLUMNS, 'userId'])
          .where('id', '=', id)
          .where('userId', '=', userId)
          .executeTakeFirst()),
    );
    if (updated)
      await recordAudit(trx, now, who, {
        action: 'notification.read',
        entityType: 'notification',
        entityId: id,
        before: { readAt: null },
        after: { readAt: now },
      });
    return row;
  });
}

/** Marks every unread notification of the person read (up to `upToId`, the newest they saw). */
export async function markAllRead(ctx: Ctx, who: Signed, body: ReadAllBody) {
  const now = ctx.now();
  const userId = who.actor.userId;
  const upToId = body?.upToId === undefined ? undefined : Number(body.upToId);
  return ctx.db.transaction().execute(async (trx) => {
    const marked = await trx
      .updateTable('notifications')
      .set({ readAt: now })
      .where('userId', '=', userId)
      .where('readAt', 'is', null)
      .$if(upToId !== undefined, (qb) => qb.where('id', '<=', upToId as number))
      .returning('id')
      .execute();
    if (marked.length > 0)
      await recordAudit(trx, now, who, {
        action: 'notification.read_all',
        entityType: 'user',
        entityId: userId,
        after: { count: marked.length },
      });
    const unread = await countUnread(trx, userId);
    return { marked: marked.length, unread };
  });
}

const statusOf = (row: {
  sentAt: Date | null;
  nextAttemptAt: Date | null;
  attempts: number;
}): OutboxStatus =>
  row.sentAt ? 'sent' : row.nextAttemptAt === null ? 'failed' : row.attempts > 0 ? 'retrying' : 'pending';

/** The outbox, newest first: the operator's only. */
export async function findOutbox(ctx: Ctx, who: Signed, query: OutboxListQuery) {
  authorize(who.actor, 'outbox.view', null);
  const terms = (query.q ?? '').split(/\s+/).filter(Boolean).slice(0, 5);
  const rows = ctx.db
    .selectFrom('outboxEmails as o')
    .leftJoin('notifications as n', 'n.id', 'o.notificationId')
    .select([
      'o.id',
      'o.notificationId',
      'o.toAddress',
      'o.subject',
      'o.body',
      'o.createdAt',
      'o.sentAt',
      'o.attempts',
      'o.lastError',
      'o.nextAttemptAt',
      'n.link',
    ])
    .$if(query.status !== undefined, (qb) =>
      qb.where((eb) => {
        switch (query.status) {
          case 'sent':
            return eb('o.sentAt', 'is not', null);
          case 'failed':
            return eb.and([eb('o.sentAt', 'is', null), eb('o.nextAttemptAt', 'is', null)]);
          case 'retrying':
            return eb.and([eb('o.nextAttemptAt', 'is not', null), eb('o.attempts', '>', 0)]);
          default:
            return eb.and([eb('o.nextAttemptAt', 'is not', null), eb('o.attempts', '=', 0)]);
        }
      }),
    )
    .$if(terms.length > 0, (qb) =>
      qb.where((eb) =>
        eb.and(
          terms.map((term) => {
            const pattern = likePattern(term);
            return eb.or([eb('o.toAddress', 'ilike', pattern), eb('o.subject', 'ilike', pattern)]);
          }),
        ),
      ),
    )
    .orderBy('o.id', 'desc');
  const page = await fetchPage(rows, query);
  return { items: page.items.map((row) => ({ ...row, status: statusOf(row) })), total: page.total };
}
