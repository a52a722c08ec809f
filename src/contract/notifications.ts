// Notifications: a person's own in-app notices (the bell) and, for the operator, the outbox of
// e-mails the Bank sent or keeps for sending.
import { id, pageQuery, searchText } from './common.js';
import { z } from './zod.js';

export const notificationListQuery = z.object({
  /** `true`: only the unread ones. */
  unread: z.enum(['true', 'false']).optional(),
  ...pageQuery,
});
export type NotificationListQuery = z.output<typeof notificationListQuery>;

export const notification = z.object({
  id,
  at: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  /** A path of the web UI (`/applications/15`), or null. */
  link: z.string().nullable(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof notification>;

export const notificationPage = z.object({
  items: z.array(notification),
  total: z.number(),
  /** All of the person's unread notifications, whatever the filter and page. */
  unread: z.number(),
});
export type NotificationPage = z.infer<typeof notificationPage>;

export const unreadCount = z.object({ unread: z.number() });
export type UnreadCount = z.infer<typeof unreadCount>;

/** Ids of notifications are bigint: larger than the int4 ids of other records. */
const notificationRef = z
  .union([z.string(), z.number()])
  .pipe(
    z.coerce
      .number<string | number>()
      .int()
      .positive('Неверный идентификатор')
      .max(Number.MAX_SAFE_INTEGER, 'Неверный идентификатор'),
  );

export const readAllBody = z
  .strictObject({
    /** Only notifications up to this one (the newest the person has seen); absent: all. */
    upToId: notificationRef.optional(),
  })
  // A POST without a body arrives as null.
  .nullish();
export type ReadAllBody = z.input<typeof readAllBody>;

export const readAllResult = z.object({
  /** How many were marked read by this call. */
  marked: z.number(),
  unread: z.number(),
});
export type ReadAllResult = z.infer<typeof readAllResult>;

// --- the outbox

export const OUTBOX_STATUSES = ['pending', 'retrying', 'sent', 'failed'] as const;
export const outboxStatus = z.enum(OUTBOX_STATUSES);
export type OutboxStatus = z.infer<typeof outboxStatus>;

export const outboxListQuery = z.object({
  status: outboxStatus.optional(),
  /** Searches the address and the subject. */
  q: searchText,
  ...pageQuery,
});
export type OutboxListQuery = z.output<typeof outboxListQuery>;

export const outboxEmail = z.object({
  id,
  notificationId: id.nullable(),
  to: z.string(),
  subject: z.string(),
  /** The text exactly as it is (or would be) sent. */
  body: z.string(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  /**
   * `pending` waits for its first attempt (or for SMTP to be configured), `retrying` failed and
   * waits for another, `sent`, `failed` — given up.
   */
  status: outboxStatus,
});
export type OutboxEmail = z.infer<typeof outboxEmail>;

export const outboxPage = z.object({
  items: z.array(outboxEmail),
  total: z.number(),
  /** Whether this server sends mail at all (SMTP_URL set); without it mail is only stored. */
  smtpConfigured: z.boolean(),
});
export type OutboxPage = z.infer<typeof outboxPage>;
