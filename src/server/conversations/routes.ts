// HTTP of conversations: the reader's threads and unread counts, a thread by id or by course ×
// territory, posting a message, marking a thread read.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam, page, problem } from '../../contract/common.js';
import {
  conversationListQuery,
  conversationSummary,
  message,
  messageInput,
  thread,
  threadQuery,
  unreadCount,
} from '../../contract/conversations.js';
import { z } from '../../contract/zod.js';
import type { Ctx } from '../context.js';
import { signedIn } from '../http/request.js';
import { presentMessage, presentSummary, presentThread } from './present.js';
import * as conversations from './service.js';

const tags = ['Переписка'];
const readErrors = { 400: problem, 401: problem, 403: problem, 404: problem };
const params = z.object({ id: idParam });
const threadParams = z.object({ courseId: idParam, territoryId: idParam });
const SIDES =
  'Видна только двум сторонам: руководителям курсов и начальнику подразделения, которое ведёт курс, ' +
  'и методистам территории; для остальных переписки нет (404).';

export const conversationRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.addHook('preValidation', async (request) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') signedIn(request);
    });

    app.get(
      '/conversations',
      {
        schema: {
          tags,
          summary: 'Мои переписки',
          description:
            'Переписки по курсам подразделения (руководитель курсов, начальник) или по курсам с педагогами ' +
            'своей территории (методист): курс, территория, последнее сообщение и число непрочитанных. ' +
            'Сначала те, где писали последними.',
          querystring: conversationListQuery,
          response: { 200: page(conversationSummary), ...readErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        const result = await conversations.findConversations(ctx, who, request.query);
        return { items: result.items.map((r) => presentSummary(r, who.actor.userId)), total: result.total };
      },
    );

    app.get(
      '/conversations/unread-count',
      {
        schema: {
          tags,
          summary: 'Непрочитанные сообщения',
          description: 'Сколько сообщений других участников не прочитано и в скольких переписках.',
          response: { 200: unreadCount, ...readErrors },
        },
      },
      async (request) => conversations.unreadCount(ctx, signedIn(request)),
    );

    app.get(
      '/conversations/:id',
      {
        schema: {
          tags,
          summary: 'Переписка',
          description: `Сообщения по порядку: последние \`limit\`, более ранние — с \`before\`. ${SIDES}`,
          params,
          querystring: threadQuery,
          response: { 200: thread, ...readErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        const result = await conversations.getThreadById(ctx, who, request.params.id, request.query);
        return presentThread(result, who.actor.userId);
      },
    );

    app.post(
      '/conversations/:id/read',
      {
        schema: {
          tags,
          summary: 'Отметить переписку прочитанной',
          description: 'До последнего сообщения; в ответе — оставшиеся непрочитанные по всем перепискам.',
          params,
          response: { 200: unreadCount, ...readErrors },
        },
      },
      async (request) => conversations.markRead(ctx, signedIn(request), request.params.id),
    );

    app.get(
      '/courses/:courseId/conversations/:territoryId',
      {
        schema: {
          tags,
          summary: 'Переписка по курсу с территорией',
          description:
            'Ничего не создаёт: до первого сообщения переписка пуста (id — null). Курс должен быть ' +
            `опубликован хотя бы раз. ${SIDES}`,
          params: threadParams,
          querystring: threadQuery,
          response: { 200: thread, ...readErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        const { courseId, territoryId } = request.params;
        const result = await conversations.getThread(ctx, who, courseId, territoryId, request.query);
        return presentThread(result, who.actor.userId);
      },
    );

    app.post(
      '/courses/:courseId/conversations/:territoryId/messages',
      {
        schema: {
          tags,
          summary: 'Написать в переписку по курсу с территорией',
          description:
            'Первое сообщение создаёт переписку. Другая сторона получает уведомление. По курсу в архиве ' +
            'писать нельзя (409).',
          params: threadParams,
          body: messageInput,
          response: { 201: message, ...readErrors, 409: problem },
        },
      },
      async (request, reply) => {
        const who = signedIn(request);
        const { courseId, territoryId } = request.params;
        const row = await conversations.postMessage(ctx, who, courseId, territoryId, request.body);
        return reply.status(201).send(presentMessage(row, who.actor.userId));
      },
    );
  };
