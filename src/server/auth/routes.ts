import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  authResult,
  changePasswordBody,
  emailConfirmBody,
  emailConfirmResult,
  loginBody,
  me,
  recoveryBody,
  recoveryConfirmBody,
  recoveryConfirmResult,
  recoveryResult,
  signupBody,
  signupResult,
} from '../../contract/auth.js';
import { problem } from '../../contract/common.js';
import { z } from '../../contract/zod.js';
import type { Ctx } from '../context.js';
import { clearSessionCookie, metaOf, setSessionCookie, signedIn } from '../http/request.js';
import { presentMe } from './present.js';
import { completeRecovery, confirmEmail, requestRecovery, resendConfirmation } from './recovery.js';
import { changePassword, login, logout, signup } from './service.js';

const tags = ['Вход и учётная запись'];

/** Where links in the mail lead: PUBLIC_URL when set (it should be, behind a proxy), else this request's origin. */
const linkBase = (ctx: Ctx, request: FastifyRequest) =>
  ctx.config.publicUrl ?? `${request.protocol}://${request.host}`;

export const authRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/auth/login',
      {
        schema: {
          tags,
          summary: 'Вход',
          body: loginBody,
          response: { 200: authResult, 401: problem, 429: problem },
        },
      },
      async (request, reply) => {
        const session = await login(ctx, metaOf(request), request.body);
        setSessionCookie(request, reply, session.token, session.expiresAt);
        const user = await presentMe(ctx, session.userId, session.csrfToken);
        return { user, csrfToken: session.csrfToken };
      },
    );

    app.post(
      '/auth/logout',
      { schema: { tags, summary: 'Выход', response: { 204: z.null() } } },
      async (request, reply) => {
        await logout(ctx, signedIn(request));
        clearSessionCookie(reply);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/auth/signup',
      {
        schema: {
          tags,
          summary: 'Регистрация педагога',
          description:
            'Ответ один и тот же, был ли адрес уже известен или нет: для нового адреса создаётся учётная ' +
            'запись и на адрес уходит ссылка для подтверждения; для известного ничего не создаётся, а ' +
            'владельцу адреса уходит письмо о попытке регистрации. После ответа входят как обычно.',
          body: signupBody,
          response: { 202: signupResult, 422: problem, 429: problem },
        },
      },
      async (request, reply) => {
        const result = await signup(ctx, metaOf(request), linkBase(ctx, request), request.body);
        return reply.status(202).send(result);
      },
    );

    app.post(
      '/auth/recovery',
      {
        schema: {
          tags,
          summary: 'Восстановление пароля: запрос ссылки',
          description:
            'Ответ 202 один и тот же, известен ли адрес или нет. Если известен, на него уходит ссылка ' +
            'для смены пароля: действует 1 час и один раз; не больше 3 ссылок в час одной учётной записи.',
          body: recoveryBody,
          response: { 202: recoveryResult, 429: problem },
        },
      },
      async (request, reply) => {
        const result = await requestRecovery(ctx, metaOf(request), linkBase(ctx, request), request.body);
        return reply.status(202).send(result);
      },
    );

    app.post(
      '/auth/recovery/confirm',
      {
        schema: {
          tags,
          summary: 'Восстановление пароля: новый пароль по ссылке',
          description:
            'Задаёт новый пароль учётной записи, завершает все её сеансы, снимает ограничение попыток ' +
            'входа и подтверждает адрес. Ссылка после этого недействительна. Отвечает логином для входа.',
          body: recoveryConfirmBody,
          response: { 200: recoveryConfirmResult, 422: problem },
        },
      },
      async (request) => completeRecovery(ctx, metaOf(request), request.body),
    );

    app.post(
      '/auth/invitation/confirm',
      {
        schema: {
          tags,
          summary: 'Приглашение: пароль по ссылке',
          description:
            'Педагог, которого зарегистрировал методист, задаёт пароль по ссылке из приглашения (7 дней, один ' +
            'раз). Адрес подтверждается, учётная запись перестаёт быть «приглашённой». Отвечает логином.',
          body: recoveryConfirmBody,
          response: { 200: recoveryConfirmResult, 422: problem },
        },
      },
      async (request) => completeRecovery(ctx, metaOf(request), request.body, 'invitation'),
    );

    app.post(
      '/auth/email/confirm',
      {
        schema: {
          tags,
          summary: 'Подтверждение адреса электронной почты',
          body: emailConfirmBody,
          response: { 200: emailConfirmResult, 409: problem, 422: problem },
        },
      },
      async (request) => confirmEmail(ctx, metaOf(request), request.body),
    );

    app.post(
      '/auth/email/confirmation',
      {
        schema: {
          tags,
          summary: 'Отправить ссылку для подтверждения адреса ещё раз',
          response: { 202: emailConfirmResult, 401: problem, 409: problem, 429: problem },
        },
      },
      async (request, reply) => {
        const result = await resendConfirmation(ctx, signedIn(request), linkBase(ctx, request));
        return reply.status(202).send(result);
      },
    );

    app.post(
      '/auth/password',
      { schema: { tags, summary: 'Смена пароля', body: changePasswordBody, response: { 200: authResult } } },
      async (request, reply) => {
        const who = signedIn(request);
        const session = await changePassword(ctx, who, request.body);
        setSessionCookie(request, reply, session.token, session.expiresAt);
        const user = await presentMe(ctx, session.userId, session.csrfToken);
        return { user, csrfToken: session.csrfToken };
      },
    );

    app.get(
      '/me',
      { schema: { tags, summary: 'Текущий пользователь', response: { 200: me } } },
      async (request) => {
        const { actor } = signedIn(request);
        return presentMe(ctx, actor.userId, actor.csrfToken);
      },
    );
  };
