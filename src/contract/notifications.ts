// Notifications: a person's own in-app notices (the bell) and, for the operator, the outbox of
// e-mails the Bank sent or keeps for sending.
import { APPLICATION_STATUSES } from './applications.js';
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

// --- who hears what: the notice settings (one row per group of notices a user may take by e-mail)

/** Who receives a group of notices. */
export type NoticeAudience =
  /** The teacher the application is of. */
  | 'teacher'
  /** The methodists of the territory the application was made in (or the teacher's, old and new). */
  | 'territory_methodists'
  /** The course's manager; the department's heads when the course has none. */
  | 'course_manager'
  /** The other side of a conversation about a course. */
  | 'conversation_side';

export type NoticeSetting = {
  /** The notices' machine kinds (`notifications.kind`). */
  kinds: readonly string[];
  audience: NoticeAudience;
  /** The roles whose holders receive these notices: the profile offers the setting to them. */
  roles: readonly ('teacher' | 'methodist' | 'manager' | 'head')[];
  /** In-app always; e-mail `now` with the notice, or once a day in the `digest`. */
  email: 'now' | 'digest';
  /** Whether e-mail is on until the user chooses. */
  emailByDefault: boolean;
};

/**
 * Every notice the Bank writes, by the group a user switches e-mail for. A kind not listed is
 * mailed at once to whoever it is written to.
 */
export const NOTICE_SETTINGS = {
  'teacher.applications': {
    kinds: [...APPLICATION_STATUSES.map((s) => `application.${s}`), 'certificate.issued'],
    audience: 'teacher',
    roles: ['teacher'],
    email: 'now',
    emailByDefault: true,
  },
  'methodist.new_application': {
    kinds: ['application.new'],
    audience: 'territory_methodists',
    roles: ['methodist'],
    email: 'digest',
    emailByDefault: true,
  },
  'methodist.provider_decision': {
    kinds: ['application.provider_declined', 'application.provider_promoted'],
    audience: 'territory_methodists',
    roles: ['methodist'],
    email: 'now',
    emailByDefault: true,
  },
  'methodist.teacher_moved': {
    kinds: ['teacher.moved'],
    audience: 'territory_methodists',
    roles: ['methodist'],
    email: 'now',
    emailByDefault: false,
  },
  'manager.forwarded': {
    kinds: ['course.forwarded'],
    audience: 'course_manager',
    roles: ['manager', 'head'],
    email: 'now',
    emailByDefault: false,
  },
  'manager.places': {
    kinds: ['course.places_filling', 'course.places_full'],
    audience: 'course_manager',
    roles: ['manager', 'head'],
    email: 'now',
    emailByDefault: true,
  },
  'manager.left': {
    kinds: ['application.recall', 'application.withdraw'],
    audience: 'course_manager',
    roles: ['manager', 'head'],
    email: 'now',
    emailByDefault: true,
  },
  'conversation.messages': {
    kinds: ['conversation_message'],
    audience: 'conversation_side',
    roles: ['methodist', 'manager', 'head'],
    email: 'now',
    emailByDefault: true,
  },
} as const satisfies Record<string, NoticeSetting>;

export type NoticeSettingKey = keyof typeof NOTICE_SETTINGS;
export const NOTICE_SETTING_KEYS = Object.keys(NOTICE_SETTINGS) as NoticeSettingKey[];
export const noticeSettingKey = z.enum(NOTICE_SETTING_KEYS as [NoticeSettingKey, ...NoticeSettingKey[]]);

/** The group a notice's kind belongs to, if any. */
export const settingOfKind = (kind: string): NoticeSettingKey | undefined =>
  NOTICE_SETTING_KEYS.find((key) => (NOTICE_SETTINGS[key].kinds as readonly string[]).includes(kind));

export const notificationSettings = z.object({
  items: z.array(
    z.object({
      key: noticeSettingKey,
      /** `now`: each notice by e-mail; `digest`: one letter a day listing them. */
      delivery: z.enum(['now', 'digest']),
      email: z.boolean(),
      emailByDefault: z.boolean(),
    }),
  ),
});
export type NotificationSettings = z.infer<typeof notificationSettings>;

export const notificationSettingsUpdate = z.strictObject({
  /** E-mail on or off per group; groups absent keep their setting. */
  email: z.partialRecord(noticeSettingKey, z.boolean()),
});
export type NotificationSettingsUpdate = z.infer<typeof notificationSettingsUpdate>;
