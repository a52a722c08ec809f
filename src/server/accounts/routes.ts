// HTTP surface of account management: validate with the contract, call one use case, present.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  passwordResetResult,
  user,
  userCreate,
  userListQuery,
  userRolesUpdate,
  userUpdate,
} from '../../contract/accounts.js';
import { idParam, page, problem } from '../../contract/common.js';
import { z } from '../../contract/zod.js';
import type { Ctx } from '../context.js';
import { signedIn } from '../http/request.js';
import { presentUser, presentUserPage } from './present.js';
import {
  blockUser,
  createUser,
  findUsers,
  getUser,
  resetUserPassword,
  setUserRoles,
  unblockUser,
  updateUser,
} from './service.js';

const tags = ['Учётные записи'];
const params = z.object({ id: idParam });
const errors = { 400: problem, 401: problem, 403: problem, 404: problem };
const writeErrors = { ...errors, 409: problem, 422: problem };

export const accountRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/users',
      {
        schema: {
          tags,
          summary: 'Список учётных записей',
          description:
            'Оператор видит все учётные записи, администратор поставщика — начальников и руководителей курсов ' +
            'подразделений своего поставщика и его администраторов, начальник подразделения — начальников ' +
            'и руководителей курсов своего подразделения. `q` ищет по логину, фамилии и имени.',
          querystring: userListQuery,
          response: { 200: page(user), ...errors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        return presentUserPage(await findUsers(ctx, who, request.query), who.actor);
      },
    );

    app.get(
      '/users/:id',
      {
        schema: {
          tags,
          summary: 'Учётная запись',
          params,
          response: { 200: user, ...errors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        return presentUser(await getUser(ctx, who, request.params.id), who.actor);
      },
    );

    app.post(
      '/users',
      {
        schema: {
          tags,
          summary: 'Создать учётную запись',
          description:
            'Оператор назначает любые роли, администратор поставщика — начальников и руководителей курсов ' +
            'подразделений своего поставщика, начальник — руководителей курсов своего подразделения. ' +
            'Пользователь сменит заданный пароль при первом входе.',
          body: userCreate,
          response: { 201: user, ...writeErrors },
        },
      },
      async (request, reply) => {
        const who = signedIn(request);
        const account = await createUser(ctx, who, request.body);
        return reply.status(201).send(presentUser(account, who.actor));
      },
    );

    app.patch(
      '/users/:id',
      {
        schema: {
          tags,
          summary: 'Изменить ФИО и адрес электронной почты',
          params,
          body: userUpdate,
          response: { 200: user, ...writeErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        return presentUser(await updateUser(ctx, who, request.params.id, request.body), who.actor);
      },
    );

    app.put(
      '/users/:id/roles',
      {
        schema: {
          tags,
          summary: 'Назначить роли (оператор)',
          params,
          body: userRolesUpdate,
          response: { 200: user, ...writeErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        return presentUser(await setUserRoles(ctx, who, request.params.id, request.body), who.actor);
      },
    );

    app.post(
      '/users/:id/block',
      {
        schema: {
          tags,
          summary: 'Заблокировать учётную запись',
          description: 'Все сеансы пользователя завершаются. Учётные записи не удаляются.',
          params,
          response: { 200: user, ...writeErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        return presentUser(await blockUser(ctx, who, request.params.id), who.actor);
      },
    );

    app.post(
      '/users/:id/unblock',
      {
        schema: {
          tags,
          summary: 'Разблокировать учётную запись',
          params,
          response: { 200: user, ...writeErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        return presentUser(await unblockUser(ctx, who, request.params.id), who.actor);
      },
    );

    app.post(
      '/users/:id/password-reset',
      {
        schema: {
          tags,
          summary: 'Сбросить пароль',
          description:
            'Выдаёт временный пароль (показывается один раз), который пользователь обязан сменить при ' +
            'следующем входе; все сеансы пользователя завершаются.',
          params,
          response: { 200: passwordResetResult, ...writeErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        const { account, temporaryPassword } = await resetUserPassword(ctx, who, request.params.id);
        return { user: presentUser(account, who.actor), temporaryPassword };
      },
    );
  };
