// HTTP of the cabinet's dashboards: one read per role, and the region's table as a spreadsheet.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problem } from '../../contract/common.js';
import {
  headDashboard,
  managerDashboard,
  methodistDashboard,
  regionDashboard,
  regionQuery,
} from '../../contract/dashboards.js';
import type { Ctx } from '../context.js';
import { sendDownload } from '../http/download.js';
import { signedIn } from '../http/request.js';
import { toXlsx, XLSX_RESPONSE, XLSX_TYPE } from '../http/xlsx.js';
import {
  presentHead,
  presentManager,
  presentMethodist,
  presentRegion,
  REGION_COLUMNS,
  regionLines,
} from './present.js';
import * as dashboards from './service.js';

const tags = ['Сводки кабинета'];
const readErrors = { 400: problem, 401: problem, 403: problem };

export const dashboardRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/dashboards/manager',
      {
        schema: {
          tags,
          summary: 'Сводка менеджера',
          description:
            'Курсы менеджера, открытые для заявок и идущие: заявки по состояниям и по территориям.',
          response: { 200: managerDashboard, ...readErrors },
        },
      },
      async (request) => presentManager(await dashboards.managerDashboard(ctx, signedIn(request))),
    );

    app.get(
      '/dashboards/methodist',
      {
        schema: {
          tags,
          summary: 'Сводка методиста',
          description:
            'Территории методиста: заявки педагогов по состояниям, посещаемость на идущих курсах, ' +
            'число педагогов без повышения квалификации более трёх лет.',
          response: { 200: methodistDashboard, ...readErrors },
        },
      },
      async (request) => presentMethodist(await dashboards.methodistDashboard(ctx, signedIn(request))),
    );

    app.get(
      '/dashboards/head',
      {
        schema: {
          tags,
          summary: 'Сводка руководителя отдела',
          description: 'Курсы отдела: заявки по состояниям, слушатели, завершившие обучение.',
          response: { 200: headDashboard, ...readErrors },
        },
      },
      async (request) => presentHead(await dashboards.headDashboard(ctx, signedIn(request))),
    );

    app.get(
      '/dashboards/region',
      {
        schema: {
          tags,
          summary: 'Сводка по территориям региона',
          description:
            'Оператор: каждая территория — педагоги, заявки на курсы, начинающиеся в году (year, по умолчанию ' +
            'текущий), зачисленные, завершившие, доля педагогов с повышением квалификации за три года, без него.',
          querystring: regionQuery,
          response: { 200: regionDashboard, ...readErrors },
        },
      },
      async (request) =>
        presentRegion(await dashboards.regionDashboard(ctx, signedIn(request), request.query)),
    );

    app.get(
      '/dashboards/region.xlsx',
      {
        schema: {
          tags,
          summary: 'Сводка по территориям региона в Excel',
          description: 'Те же строки и порядок, что на экране, и строка итогов.',
          querystring: regionQuery,
          response: {
            200: XLSX_RESPONSE,
            ...readErrors,
          },
        },
      },
      async (request, reply) => {
        const region = await dashboards.regionDashboard(ctx, signedIn(request), request.query);
        const body = await toXlsx(`Территории ${region.year}`, REGION_COLUMNS, regionLines(region));
        return sendDownload(reply, XLSX_TYPE, `Сводка по территориям ${region.year}.xlsx`, body);
      },
    );
  };
