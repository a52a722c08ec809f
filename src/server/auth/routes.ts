import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authResult, changePasswordBody, loginBody, me, signupBody } from '../../contract/auth.js';
import { problem } from '../../contract/common.js';
import { z } from '../../contract/zod.js';
import type { Ctx } from '../context.js';
import { clearSessionCookie, metaOf, setSessionCookie, signedIn } from '../http/request.js';
import { presentMe } from './present.js';
import { changePassword, login, logout, signup } from './service.js';

const tags = ['Вход и учётная запись'];

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
      { schema: { tags, summary: 'Регистрация педагога', body: signupBody, response: { 201: authResult } } },
      async (request, reply) => {
        const session = await signup(ctx, metaOf(request), request.body);
        setSessionCookie(request, reply, session.token, session.expiresAt);
        const user = await presentMe(ctx, session.userId, session.csrfToken);
        return reply.status(201).send({ user, csrfToken: session.csrfToken });
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
