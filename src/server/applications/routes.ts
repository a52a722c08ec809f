// HTTP of applications: applying, the baskets, one application with its history, transitions one
// by one and in bulk, and a course's places by territory.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  type ApplicationPage,
  actionInput,
  application,
  applicationAction,
  applicationCreate,
  applicationExportQuery,
  applicationListQuery,
  applicationPage,
  applicationParams,
  bulkActionInput,
  bulkResult,
  courseParams,
  placesBreakdown,
} from '../../contract/applications.js';
import { idParam, problem } from '../../contract/common.js';
import { z } from '../../contract/zod.js';
import { regionDate } from '../clock.js';
import type { Ctx } from '../context.js';
import { sendDownload } from '../http/download.js';
import { signedIn } from '../http/request.js';
import { XLSX_RESPONSE, XLSX_TYPE, xlsxStream } from '../http/xlsx.js';
import { APPLICATION_COLUMNS, presentApplication, presentApplicationPage, presentPlaces } from './present.js';
import * as applications from './service.js';

const tags = ['Заявки'];
const readErrors = { 400: problem, 401: problem, 403: problem, 404: problem };
const writeErrors = { ...readErrors, 409: problem, 422: problem };

export const applicationRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/applications',
      {
        schema: {
          tags,
          summary: 'Подать заявку на курс',
          description:
            'Учитель подаёт заявку за себя; методист — за педагога своей территории (`teacherId`). Курс должен ' +
            'быть опубликован, а срок приёма заявок — не истечь. 409 — если у педагога уже есть действующая ' +
            'заявка на этот курс.',
          body: applicationCreate,
          response: { 201: application, ...writeErrors },
        },
      },
      async (request, reply) => {
        const who = signedIn(request);
        const card = await applications.apply(ctx, who, request.body);
        reply.code(201);
        return presentApplication(card, who.actor, regionDate(ctx.now()));
      },
    );

    app.get(
      '/applications',
      {
        schema: {
          tags,
          summary: 'Заявки: копилки и списки',
          description:
            '`basket=methodist` — заявки педагогов территорий методиста; `basket=provider` — заявки, переданные ' +
            'на курсы кафедры (копилка поставщика), в резерве — по очереди; `basket=mine` — свои заявки; ' +
            '`basket=region` — все заявки региона (оператор, только просмотр). Без `basket` — все видимые вам ' +
            'заявки. `sort` — поле (`appliedAt`, `startsOn`, `applyUntil`, `teacher`, `organization`, ' +
            '`status`), `-` перед ним — по убыванию; при равенстве — по номеру заявки. `byStatus` — сколько ' +
            'заявок списка в каждом состоянии (без учёта фильтра по состоянию).',
          querystring: applicationListQuery,
          response: { 200: applicationPage, ...readErrors },
        },
      },
      // The answer is JSON text written by the database in the schema's shape, the abilities added
      // (present.ts; a test holds it to the schema): a string with a JSON type is sent as it is.
      async (request, reply) => {
        const who = signedIn(request);
        const page = await applications.findApplications(ctx, who, request.query);
        const body = presentApplicationPage(page, who.actor, regionDate(ctx.now()));
        return reply.type('application/json; charset=utf-8').send(body as unknown as ApplicationPage);
      },
    );

    app.get(
      '/applications.xlsx',
      {
        schema: {
          tags,
          summary: 'Заявки в Excel',
          description:
            'Тот же список, что `GET /applications`, с теми же фильтрами и порядком — целиком (до 50 000 строк), ' +
            'потоком. Выгрузка персональных данных записывается в журнал.',
          querystring: applicationExportQuery,
          response: {
            200: XLSX_RESPONSE,
            ...readErrors,
          },
        },
      },
      async (request, reply) => {
        const batches = await applications.exportApplications(ctx, signedIn(request), request.query);
        return sendDownload(
          reply,
          XLSX_TYPE,
          'Заявки.xlsx',
          xlsxStream('Заявки', APPLICATION_COLUMNS, batches),
        );
      },
    );

    app.get(
      '/applications/:id',
      {
        schema: {
          tags,
          summary: 'Заявка и её история',
          params: z.object({ id: idParam }),
          response: { 200: application, ...readErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        return presentApplication(
          await applications.getApplication(ctx, who, request.params.id),
          who.actor,
          regionDate(ctx.now()),
        );
      },
    );

    app.post(
      '/applications/:id/actions/:action',
      {
        schema: {
          tags,
          summary: 'Действие с заявкой',
          description:
            'forward, reject, recall — методист; withdraw — учитель или методист; decline, complete, fail — ' +
            'менеджер курса. reject, decline и fail требуют `reason`. forward занимает место (квота территории, ' +
            'затем общие места) или ставит заявку в резерв. 409 — если состояние заявки или курса не допускает ' +
            'действия (в том числе если оно изменилось).',
          params: applicationParams,
          body: actionInput,
          response: { 200: application, ...writeErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        const card = await applications.transition(
          ctx,
          who,
          request.params.id,
          request.params.action,
          request.body,
        );
        return presentApplication(card, who.actor, regionDate(ctx.now()));
      },
    );

    app.post(
      '/applications/actions/:action',
      {
        schema: {
          tags,
          summary: 'Действие с несколькими заявками',
          description:
            'Заявки — в указанном порядке; заявки одного курса проходят вместе, в одной транзакции. Ответ ' +
            'сообщает по каждой, удалось ли действие и почему нет: отказ по одной не мешает остальным.',
          params: z.object({ action: applicationAction }),
          body: bulkActionInput,
          response: { 200: bulkResult, ...writeErrors },
        },
      },
      async (request) =>
        applications.bulkTransition(ctx, signedIn(request), request.params.action, request.body),
    );

    app.get(
      '/courses/:id/places',
      {
        schema: {
          tags,
          summary: 'Места курса по территориям',
          description:
            'Квота, переданные (занятые места), резерв и свободные для территории места. Кафедра курса видит все ' +
            'территории, методист — свои.',
          params: courseParams,
          response: { 200: placesBreakdown, ...readErrors },
        },
      },
      async (request) =>
        presentPlaces(await applications.placesOfCourse(ctx, signedIn(request), request.params.id)),
    );
  };
