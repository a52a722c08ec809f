// HTTP of the course archive: the search, its spreadsheet and one archived course.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  archivedCourseCard,
  archiveExportQuery,
  archivePage,
  archiveParams,
  archiveQuery,
} from '../../contract/archive.js';
import { problem } from '../../contract/common.js';
import type { Ctx } from '../context.js';
import { sendDownload } from '../http/download.js';
import { signedIn } from '../http/request.js';
import { toXlsx, XLSX_RESPONSE, XLSX_TYPE } from '../http/xlsx.js';
import { ARCHIVE_COLUMNS, presentArchived, presentArchivedCard } from './present.js';
import * as archive from './service.js';

const tags = ['Архив курсов'];
const readErrors = { 400: problem, 401: problem, 403: problem, 404: problem };
const scopeText =
  'Сотрудники подразделения видят курсы подразделения, администратор поставщика — курсы поставщика, ' +
  'методист — курсы, на которых учились педагоги её территории, оператор — все.';

export const archiveRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/archive/courses',
      {
        schema: {
          tags,
          summary: 'Поиск в архиве курсов',
          description: `Завершённые курсы, перенесённые в архив. ${scopeText}`,
          querystring: archiveQuery,
          response: { 200: archivePage, ...readErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        const page = await archive.findArchivedCourses(ctx, who, request.query);
        return { items: page.items.map(presentArchived), total: page.total };
      },
    );

    app.get(
      '/archive/courses.xlsx',
      {
        schema: {
          tags,
          summary: 'Архив курсов в Excel',
          description: `Те же фильтры и порядок, что у поиска, без разбиения на страницы. ${scopeText}`,
          querystring: archiveExportQuery,
          response: {
            200: XLSX_RESPONSE,
            ...readErrors,
          },
        },
      },
      async (request, reply) => {
        const who = signedIn(request);
        const rows = await archive.exportArchivedCourses(ctx, who, request.query);
        const body = await toXlsx('Архив курсов', ARCHIVE_COLUMNS, rows);
        return sendDownload(reply, XLSX_TYPE, 'Архив курсов.xlsx', body);
      },
    );

    app.get(
      '/archive/courses/:id',
      {
        schema: {
          tags,
          summary: 'Курс в архиве',
          description:
            'Курс, каким он завершился: заявки с итогами и группами (методист видит заявки своей территории), ' +
            'история состояний. Только для чтения.',
          params: archiveParams,
          response: { 200: archivedCourseCard, ...readErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        return presentArchivedCard(await archive.getArchivedCourse(ctx, who, request.params.id));
      },
    );
  };
