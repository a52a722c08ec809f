// HTTP of a user's jobs: starting a provider's documents for a period, following a job, and
// downloading its file.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { periodJobBody } from '../../contract/certificates.js';
import { idParam, problem } from '../../contract/common.js';
import { jobList, jobView } from '../../contract/jobs.js';
import { z } from '../../contract/zod.js';
import type { Ctx } from '../context.js';
import { sendDownload } from '../http/download.js';
import { signedIn } from '../http/request.js';
import { presentJob } from './present.js';
import * as jobs from './service.js';

const tags = ['Задания'];
const jobParams = z.object({ id: z.string().max(100) });
const readErrors = { 400: problem, 401: problem, 403: problem, 404: problem };

export const jobRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    const originOf = (request: { protocol: string; host: string }) =>
      ctx.config.publicUrl ?? `${request.protocol}://${request.host}`;

    app.get(
      '/jobs',
      {
        schema: {
          tags,
          summary: 'Мои задания',
          description: 'Задания, запущенные пользователем, — новые первыми.',
          response: { 200: jobList, 401: problem, 403: problem },
        },
      },
      async (request) => {
        const rows = await jobs.myJobs(ctx, signedIn(request));
        return { items: rows.map((r) => presentJob(r, ctx.now())) };
      },
    );

    app.get(
      '/jobs/:id',
      {
        schema: {
          tags,
          summary: 'Задание',
          description: 'Состояние и ход задания. Только тому, кто его запустил; остальным — 404.',
          params: jobParams,
          response: { 200: jobView, ...readErrors },
        },
      },
      async (request) => presentJob(await jobs.job(ctx, signedIn(request), request.params.id), ctx.now()),
    );

    app.get(
      '/jobs/:id/result',
      {
        schema: {
          tags,
          summary: 'Скачать файл задания',
          description:
            'Файл выполненного задания — тому, кто его запустил, пока он хранится (24 ч). 409 — файл ещё готовится. ' +
            'Скачивание записывается в журнал.',
          params: jobParams,
          response: {
            200: {
              description: 'Файл задания',
              content: { 'application/octet-stream': { schema: z.string() } },
            },
            ...readErrors,
            409: problem,
          },
        },
      },
      async (request, reply) => {
        const file = await jobs.jobResult(ctx, signedIn(request), request.params.id);
        return sendDownload(reply, file.type, file.name, file.content);
      },
    );

    app.post(
      '/providers/:id/certificates/jobs',
      {
        schema: {
          tags,
          summary: 'Подготовить документы организации за период',
          description:
            'Запускает задание: реестр (register.xlsx), выгрузка в ФИС ФРДО (frdo.xlsx) или все действующие ' +
            'документы одним PDF (certificates.pdf) за период по дате выдачи. Ход задания — GET /jobs/{id}.',
          params: z.object({ id: idParam }),
          body: periodJobBody,
          response: { 202: jobView, ...readErrors, 422: problem },
        },
      },
      async (request, reply) => {
        const row = await jobs.startPeriodJob(
          ctx,
          signedIn(request),
          request.params.id,
          request.body,
          originOf(request),
        );
        return reply.status(202).send(presentJob(row, ctx.now()));
      },
    );
  };
