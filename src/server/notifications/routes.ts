// HTTP of notifications: a person's own list, the bell's unread count, marking read, which notices
// come by e-mail; and the operator's outbox of e-mails.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam, problem } from '../../contract/common.js';
import {
  type Notification,
  notification,
  notificationListQuery,
  notificationPage,
  notificationSettings,
  notificationSettingsUpdate,
  type OutboxEmail,
  outboxListQuery,
  outboxPage,
  readAllBody,
  readAllResult,
  unreadCount,
} from '../../contract/notifications.js';
import { z } from '../../contract/zod.js';
import type { Ctx } from '../context.js';
import { signedIn } from '../http/request.js';
import { mailText } from './mail.js';
import * as service from './service.js';
import { getSettings, updateSettings } from './settings.js';

const tags = ['Уведомления'];
const params = z.object({ id: idParam });
const readErrors = { 400: problem, 401: problem, 403: problem };

type NotificationRow = {
  id: number;
  at: Date;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  entityType: string | null;
  entityId: string | null;
  readAt: Date | null;
};

export const presentNotification = (row: NotificationRow): Notification => ({
  id: String(row.id),
  at: row.at.toISOString(),
  kind: row.kind,
  title: row.title,
  body: row.body,
  link: row.link,
  entityType: row.entityType,
  entityId: row.entityId,
  readAt: row.readAt?.toISOString() ?? null,
});

type OutboxRow = Awaited<ReturnType<typeof service.findOutbox>>['items'][number];

const presentOutboxEmail = (row: OutboxRow, publicUrl: string | undefined): OutboxEmail => ({
  id: String(row.id),
  notificationId: row.notificationId === null ? null : String(row.notificationId),
  to: row.toAddress,
  subject: row.subject,
  body: mailText(row.body, row.link, publicUrl),
  createdAt: row.createdAt.toISOString(),
  sentAt: row.sentAt?.toISOString() ?? null,
  attempts: row.attempts,
  lastError: row.lastError,
  nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
  status: row.status,
});

export const notificationRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    // A visitor's write is refused as unauthenticated before its body is even looked at.
    app.addHook('preValidation', async (request) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') signedIn(request);
    });

    app.get(
      '/notifications',
      {
        schema: {
          tags,
          summary: 'Мои уведомления',
          description:
            'Уведомления вошедшего пользователя от новых к старым; `unread=true` — только непрочитанные. ' +
            '`unread` в ответе — число всех непрочитанных.',
          querystring: notificationListQuery,
          response: { 200: notificationPage, ...readErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        const result = await service.findNotifications(ctx, who, request.query);
        return { items: result.items.map(presentNotification), total: result.total, unread: result.unread };
      },
    );

    app.get(
      '/notifications/unread-count',
      {
        schema: {
          tags,
          summary: 'Число непрочитанных уведомлений',
          description: 'Для значка-колокольчика: веб-интерфейс опрашивает его раз в минуту.',
          response: { 200: unreadCount, 401: problem },
        },
      },
      async (request) => {
        const who = signedIn(request);
        return { unread: await service.countUnread(ctx.db, who.actor.userId) };
      },
    );

    app.post(
      '/notifications/:id/read',
      {
        schema: {
          tags,
          summary: 'Отметить уведомление прочитанным',
          description: 'Только своё; чужое или несуществующее — 404. Повторная отметка ничего не меняет.',
          params,
          response: { 200: notification, ...readErrors, 404: problem },
        },
      },
      async (request) =>
        presentNotification(await service.markRead(ctx, signedIn(request), request.params.id)),
    );

    app.post(
      '/notifications/read-all',
      {
        schema: {
          tags,
          summary: 'Отметить все уведомления прочитанными',
          description:
            '`upToId` — только уведомления до этого включительно (самое новое, которое пользователь видел), ' +
            'чтобы не отметить пришедшее только что.',
          body: readAllBody,
          response: { 200: readAllResult, ...readErrors },
        },
      },
      async (request) => service.markAllRead(ctx, signedIn(request), request.body),
    );

    app.get(
      '/me/notification-settings',
      {
        schema: {
          tags,
          summary: 'Какие уведомления приходят по почте',
          description:
            'Виды уведомлений, которые приходят пользователю по его ролям: в Банке — всегда, по почте — ' +
            'по выбору (`email`; пока пользователь не выбрал — `emailByDefault`). `delivery: digest` — одно ' +
            'письмо в день со списком (новые заявки территории для методиста).',
          response: { 200: notificationSettings, ...readErrors },
        },
      },
      async (request) => getSettings(ctx, signedIn(request)),
    );

    app.put(
      '/me/notification-settings',
      {
        schema: {
          tags,
          summary: 'Изменить, какие уведомления приходят по почте',
          description:
            '`email` — вид уведомлений → приходят ли по почте; виды, которых нет в запросе, не меняются. ' +
            'Вид, который пользователю не приходит, — 422. Изменение записывается в журнал аудита.',
          body: notificationSettingsUpdate,
          response: { 200: notificationSettings, ...readErrors, 422: problem },
        },
      },
      async (request) => updateSettings(ctx, signedIn(request), request.body),
    );

    app.get(
      '/outbox',
      {
        schema: {
          tags,
          summary: 'Почтовые сообщения (оператор)',
          description:
            'Письма, поставленные в очередь уведомлениями, от новых к старым: кому, тема, текст (как он ' +
            'отправляется), когда создано и отправлено, попытки и последняя ошибка. Без настроенного SMTP ' +
            '(`smtpConfigured: false`) письма только хранятся здесь. `status`: `pending` — ждёт отправки, ' +
            '`retrying` — была ошибка, будет новая попытка, `sent` — отправлено, `failed` — попытки прекращены.',
          querystring: outboxListQuery,
          response: { 200: outboxPage, ...readErrors },
        },
      },
      async (request) => {
        const result = await service.findOutbox(ctx, signedIn(request), request.query);
        return {
          items: result.items.map((row) => presentOutboxEmail(row, ctx.config.publicUrl)),
          total: result.total,
          smtpConfigured: Boolean(ctx.config.smtpUrl),
        };
      },
    );
  };
