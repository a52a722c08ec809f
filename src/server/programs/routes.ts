// HTTP of programs: the department's programs in the workspace. Their files are files/routes.ts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  program,
  programCreate,
  programListQuery,
  programSummary,
  programUpdate,
} from '../../contract/catalog.js';
import { idParam, page, problem } from '../../contract/common.js';
import { z } from '../../contract/zod.js';
import type { Ctx } from '../context.js';
import { signedIn } from '../http/request.js';
import { presentProgram, presentProgramSummary } from './present.js';
import * as programs from './service.js';

const tags = ['Программы и курсы'];
const params = z.object({ id: idParam });
const readErrors = { 400: problem, 401: problem, 403: problem, 404: problem };
const writeErrors = { ...readErrors, 409: problem, 422: problem };

export const programRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    // A visitor's write is refused as unauthenticated before its body is even looked at.
    app.addHook('preValidation', async (request) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') signedIn(request);
    });

    app.get(
      '/programs',
      {
        schema: {
          tags,
          summary: 'Программы',
          description:
            'Сотрудники подразделения видят его программы, администратор поставщика — программы поставщика, ' +
            'оператор — все. `q` ищет по части названия.',
          querystring: programListQuery,
          response: { 200: page(programSummary), ...readErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        const result = await programs.findPrograms(ctx, who, request.query);
        return { items: result.items.map((r) => presentProgramSummary(r, who.actor)), total: result.total };
      },
    );

    app.get(
      '/programs/:id',
      { schema: { tags, summary: 'Программа', params, response: { 200: program, ...readErrors } } },
      async (request) => {
        const who = signedIn(request);
        const { row, files } = await programs.getProgram(ctx, who, request.params.id);
        return presentProgram(row, files, who.actor);
      },
    );

    app.post(
      '/programs',
      {
        schema: {
          tags,
          summary: 'Добавить программу',
          description: 'Руководитель курсов или начальник — в своём подразделении.',
          body: programCreate,
          response: { 201: program, ...writeErrors },
        },
      },
      async (request, reply) => {
        const who = signedIn(request);
        const { row, files } = await programs.createProgram(ctx, who, request.body);
        return reply.status(201).send(presentProgram(row, files, who.actor));
      },
    );

    app.patch(
      '/programs/:id',
      {
        schema: {
          tags,
          summary: 'Изменить программу',
          description:
            'Идущие и будущие курсы показывают программу с изменениями; завершённые — такой, какой она была.',
          params,
          body: programUpdate,
          response: { 200: program, ...writeErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        const { row, files } = await programs.updateProgram(ctx, who, request.params.id, request.body);
        return presentProgram(row, files, who.actor);
      },
    );
  };
