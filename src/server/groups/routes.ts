// HTTP of groups: a course's groups and learners, forming a group, renumbering one. Results are the
// applications' actions (`/applications/{id}/actions/complete|fail` and their bulk form).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam, problem } from '../../contract/common.js';
import { courseGroups, groupCreate, groupCreated, groupUpdate } from '../../contract/groups.js';
import { z } from '../../contract/zod.js';
import type { Ctx } from '../context.js';
import { signedIn } from '../http/request.js';
import { presentCourseGroups } from './present.js';
import * as groups from './service.js';

const tags = ['Группы и итоги'];
const params = z.object({ id: idParam });
const readErrors = { 400: problem, 401: problem, 403: problem, 404: problem };
const writeErrors = { ...readErrors, 409: problem, 422: problem };

export const groupRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.addHook('preValidation', async (request) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') signedIn(request);
    });

    app.get(
      '/courses/:id/groups',
      {
        schema: {
          tags,
          summary: 'Группы курса и их слушатели',
          description:
            'Сотрудники подразделения курса и оператор видят всех слушателей; методист — слушателей своей ' +
            'территории. Также — кто ждёт зачисления (с отметкой первого дня) и можно ли сформировать группу.',
          params,
          response: { 200: courseGroups, ...readErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        return presentCourseGroups(await groups.courseGroups(ctx, who, request.params.id));
      },
    );

    app.post(
      '/courses/:id/groups',
      {
        schema: {
          tags,
          summary: 'Сформировать группу',
          description:
            'Из выбранных слушателей или (без списка) из всех переданных поставщику, отмеченных ' +
            'присутствующими в первый день и ещё не в группе. С первого дня курса. Первая группа начинает ' +
            'курс: отсутствовавшие получают «Неявка», не рассмотренные и резерв — «Курс начался».',
          params,
          body: groupCreate,
          response: { 201: groupCreated, ...writeErrors },
        },
      },
      async (request, reply) => {
        const who = signedIn(request);
        const g = await groups.formGroup(ctx, who, request.params.id, request.body);
        reply.code(201);
        return { id: String(g.id), number: g.number, applicationIds: g.applicationIds.map(String) };
      },
    );

    app.patch(
      '/groups/:id',
      {
        schema: {
          tags,
          summary: 'Изменить номер группы',
          params,
          body: groupUpdate,
          response: {
            200: z.object({ id: z.string(), number: z.string(), courseId: z.string() }),
            ...writeErrors,
          },
        },
      },
      async (request) => {
        const who = signedIn(request);
        const g = await groups.updateGroup(ctx, who, request.params.id, request.body);
        return { id: String(g.id), number: g.number, courseId: String(g.courseId) };
      },
    );
  };
