// HTTP of CPD histories: the teacher's own, a teacher's for her methodist and the operator, the
// overdue list with its spreadsheet, and courses completed before the Bank.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problem } from '../../contract/common.js';
import {
  cpdHistory,
  externalCpdInput,
  externalParams,
  overdueExportQuery,
  overduePage,
  overdueQuery,
  teacherParams,
} from '../../contract/cpd.js';
import { z } from '../../contract/zod.js';
import type { Ctx } from '../context.js';
import { sendDownload } from '../http/download.js';
import { signedIn } from '../http/request.js';
import { toXlsx, XLSX_RESPONSE, XLSX_TYPE } from '../http/xlsx.js';
import { OVERDUE_COLUMNS, presentCpd, presentOverdue } from './present.js';
import * as cpd from './service.js';

const tags = ['Повышение квалификации педагогов'];
const readErrors = { 400: problem, 401: problem, 403: problem, 404: problem };
const writeErrors = { ...readErrors, 409: problem, 422: problem };
const ruleText =
  'Правило (273-ФЗ, ст. 47): повышение квалификации не реже раза в три года. dueOn — три года после окончания ' +
  'последнего пройденного курса; overdue — срок прошёл или курсов нет, due — срок в ближайшие шесть месяцев, ' +
  'ok — иначе (по часам Банка).';

export const cpdRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.addHook('preValidation', async (request) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') signedIn(request);
    });

    app.get(
      '/me/cpd',
      {
        schema: {
          tags,
          summary: 'Моё повышение квалификации',
          description: `Курсы педагога в Банке и пройденные до Банка. ${ruleText}`,
          response: { 200: cpdHistory, ...readErrors },
        },
      },
      async (request) => presentCpd(await cpd.getOwnCpd(ctx, signedIn(request))),
    );

    app.get(
      '/teachers/overdue',
      {
        schema: {
          tags,
          summary: 'Педагоги без повышения квалификации',
          description:
            'Педагоги, у которых срок повышения квалификации прошёл (overdue) или наступает в ближайшие ' +
            `шесть месяцев (due), и их число по состояниям. Методист — своей территории, оператор — региона. ${ruleText}`,
          querystring: overdueQuery,
          response: { 200: overduePage, ...readErrors },
        },
      },
      async (request) => {
        const list = await cpd.findOverdue(ctx, signedIn(request), request.query);
        return { items: list.items.map(presentOverdue), total: list.total, counts: list.counts };
      },
    );

    app.get(
      '/teachers/overdue.xlsx',
      {
        schema: {
          tags,
          summary: 'Педагоги без повышения квалификации в Excel',
          description:
            'Те же фильтры и порядок, что у списка. Выгрузка персональных данных записывается в журнал.',
          querystring: overdueExportQuery,
          response: {
            200: XLSX_RESPONSE,
            ...readErrors,
          },
        },
      },
      async (request, reply) => {
        const list = await cpd.exportOverdue(ctx, signedIn(request), request.query);
        const body = await toXlsx('Педагоги без ПК', OVERDUE_COLUMNS, list.items);
        return sendDownload(reply, XLSX_TYPE, 'Педагоги без повышения квалификации.xlsx', body);
      },
    );

    app.get(
      '/teachers/:id/cpd',
      {
        schema: {
          tags,
          summary: 'Повышение квалификации педагога',
          description: `Методист территории педагога и оператор. ${ruleText}`,
          params: teacherParams,
          response: { 200: cpdHistory, ...readErrors },
        },
      },
      async (request) => presentCpd(await cpd.getTeacherCpd(ctx, signedIn(request), request.params.id)),
    );

    app.post(
      '/teachers/:id/cpd/external',
      {
        schema: {
          tags,
          summary: 'Добавить курс, пройденный до Банка',
          description:
            'По документу педагога (удостоверение или диплом): программа, организация, часы, даты, серия, ' +
            'номер и дата выдачи. Методист территории педагога или оператор.',
          params: teacherParams,
          body: externalCpdInput,
          response: { 201: cpdHistory, ...writeErrors },
        },
      },
      async (request, reply) => {
        const history = await cpd.addExternal(ctx, signedIn(request), request.params.id, request.body);
        return reply.status(201).send(presentCpd(history));
      },
    );

    app.delete(
      '/teachers/:id/cpd/external/:recordId',
      {
        schema: {
          tags,
          summary: 'Удалить курс, пройденный до Банка',
          params: externalParams,
          response: { 204: z.null(), ...writeErrors },
        },
      },
      async (request, reply) => {
        await cpd.removeExternal(ctx, signedIn(request), request.params.id, request.params.recordId);
        return reply.status(204).send(null);
      },
    );
  };
