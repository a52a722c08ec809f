// HTTP of a teacher's own profile: GET and PUT /me/profile.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problem } from '../../contract/common.js';
import { profileUpdate, teacherProfile } from '../../contract/profile.js';
import type { Ctx } from '../context.js';
import { signedIn } from '../http/request.js';
import { presentProfile } from './present.js';
import { getProfile, updateProfile } from './service.js';

const tags = ['Вход и учётная запись'];
const errors = { 400: problem, 401: problem, 403: problem, 404: problem };

export const profileRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.addHook('preValidation', async (request) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') signedIn(request);
    });

    app.get(
      '/me/profile',
      {
        schema: {
          tags,
          summary: 'Профиль педагога',
          description:
            'Место работы и персональные данные для документов об обучении. `missingForDocuments` — поля, ' +
            'которые ещё нужно заполнить, чтобы поставщик выдал удостоверение и выгрузил его в ФИС ФРДО ' +
            '(данные диплома — когда образование уже получено). Подать заявку можно и без них.',
          response: { 200: teacherProfile, ...errors },
        },
      },
      async (request) => presentProfile(await getProfile(ctx, signedIn(request))),
    );

    app.put(
      '/me/profile',
      {
        schema: {
          tags,
          summary: 'Изменение профиля педагога',
          description:
            'Поля, которых нет в запросе, не меняются; null (или пустая строка) очищает необязательное поле. ' +
            'СНИЛС принимается как `123-456-789 64` или `12345678964` и проверяется по контрольному числу; ' +
            'дата рождения — от 16 до 100 лет назад; должность — из справочника должностей. ' +
            'Каждое изменение записывается в журнал аудита. Организация другой территории допустима: поданные ' +
            'заявки остаются у прежней территории, методисты обеих территорий получают уведомление.',
          body: profileUpdate,
          response: { 200: teacherProfile, ...errors, 422: problem },
        },
      },
      async (request) => presentProfile(await updateProfile(ctx, signedIn(request), request.body)),
    );
  };
