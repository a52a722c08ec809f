// HTTP of statistics: the reporting periods (the operator keeps them) and the summary with its
// spreadsheet (`.xlsx`, or the summary's URL asked with the spreadsheet's Accept header).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problem } from '../../contract/common.js';
import {
  periodInput,
  periodList,
  periodParams,
  periodReopen,
  reportingPeriod,
  summary,
  summaryQuery,
} from '../../contract/reports.js';
import { z } from '../../contract/zod.js';
import type { Ctx } from '../context.js';
import { sendDownload } from '../http/download.js';
import { signedIn } from '../http/request.js';
import { toXlsx, XLSX_RESPONSE, XLSX_TYPE } from '../http/xlsx.js';
import { presentPeriod, presentSummary, summaryColumns, summaryHead, summaryLines } from './present.js';
import * as reports from './service.js';

const tags = ['Статистика'];
const readErrors = { 400: problem, 401: problem, 403: problem, 404: problem };
const writeErrors = { ...readErrors, 409: problem, 422: problem };
const scopeText =
  'Каждая цифра ограничена тем, что видит пользователь: методист — заявки педагогов своей территории, ' +
  'руководитель и менеджер — заявки, дошедшие до своего подразделения, администратор поставщика — до своего ' +
  'поставщика, оператор — все. Доля педагогов с КПК за три года — для оператора и методистов, по территории, ' +
  'организации и должности.';
const measuresText =
  'Заявки курсов, первый день которых попадает в период. courses — курсы, на которых были слушатели в группе, ' +
  'groups — сформированные группы (в итогах — без повторов, а не сумма строк); enrolled — все, кто был зачислен ' +
  'в группу, каков бы ни был итог; personHours — часы программы × окончивших; documents — действующие документы. ' +
  'Для закрытого периода (periodId или точно его даты) — данные на момент закрытия.';

export const reportRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.addHook('preValidation', async (request) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') signedIn(request);
    });

    app.get(
      '/reports/periods',
      {
        schema: {
          tags,
          summary: 'Отчётные периоды',
          description: 'Периоды, заведённые оператором: новые первыми; закрытые — с датой закрытия.',
          response: { 200: periodList, ...readErrors },
        },
      },
      async (request) => ({
        items: (await reports.listPeriods(ctx, signedIn(request))).map(presentPeriod),
      }),
    );

    app.post(
      '/reports/periods',
      {
        schema: {
          tags,
          summary: 'Новый отчётный период',
          description:
            'Только оператор. Год, полугодие, квартал и месяц — календарные (с первого по последний день); ' +
            'произвольный — любые даты не длиннее десяти лет.',
          body: periodInput,
          response: { 201: reportingPeriod, ...writeErrors },
        },
      },
      async (request, reply) => {
        const created = await reports.createPeriod(ctx, signedIn(request), request.body);
        return reply.code(201).send(presentPeriod(created));
      },
    );

    app.put(
      '/reports/periods/:id',
      {
        schema: {
          tags,
          summary: 'Изменить отчётный период',
          description:
            'Только оператор и только открытый период (закрытый — 409: сначала откройте его заново).',
          params: periodParams,
          body: periodInput,
          response: { 200: reportingPeriod, ...writeErrors },
        },
      },
      async (request) =>
        presentPeriod(await reports.updatePeriod(ctx, signedIn(request), request.params.id, request.body)),
    );

    app.post(
      '/reports/periods/:id/close',
      {
        schema: {
          tags,
          summary: 'Закрыть отчётный период',
          description:
            'Только оператор, после конца периода. Данные периода копируются в снимок: цифры закрытого периода ' +
            'больше не меняются, даже если позже изменятся названия, итоги или документы.',
          params: periodParams,
          response: { 200: reportingPeriod, ...writeErrors },
        },
      },
      async (request) => presentPeriod(await reports.closePeriod(ctx, signedIn(request), request.params.id)),
    );

    app.post(
      '/reports/periods/:id/reopen',
      {
        schema: {
          tags,
          summary: 'Открыть закрытый период заново',
          description:
            'Только оператор, с указанием причины (в журнале аудита). Снимок удаляется: цифры периода снова ' +
            'считаются по текущим данным до следующего закрытия.',
          params: periodParams,
          body: periodReopen,
          response: { 200: reportingPeriod, ...writeErrors },
        },
      },
      async (request) =>
        presentPeriod(
          await reports.reopenPeriod(ctx, signedIn(request), request.params.id, request.body.reason),
        ),
    );

    const summaryOf = async (
      request: { query: z.output<typeof summaryQuery> } & Parameters<typeof signedIn>[0],
    ) => presentSummary(await reports.getSummary(ctx, signedIn(request), request.query));

    const sendXlsx = async (s: z.infer<typeof summary>, reply: Parameters<typeof sendDownload>[0]) => {
      const body = await toXlsx(
        'Сводка',
        summaryColumns(s.by, s.totals.teachers !== null),
        summaryLines(s),
        summaryHead(s),
      );
      return sendDownload(reply, XLSX_TYPE, `Сводка ${s.period.from} — ${s.period.to}.xlsx`, body);
    };

    app.get(
      '/reports/summary',
      {
        schema: {
          tags,
          summary: 'Сводка за период',
          description: `${measuresText} by — одно или два измерения через запятую. ${scopeText} С заголовком Accept: ${XLSX_TYPE} — та же сводка в Excel.`,
          querystring: summaryQuery,
          response: {
            200: {
              description: 'Сводка',
              content: { 'application/json': { schema: summary }, [XLSX_TYPE]: { schema: z.string() } },
            },
            ...readErrors,
          },
        },
      },
      async (request, reply) => {
        const s = await summaryOf(request);
        if ((request.headers.accept ?? '').includes(XLSX_TYPE)) return sendXlsx(s, reply);
        return s;
      },
    );

    app.get(
      '/reports/summary.xlsx',
      {
        schema: {
          tags,
          summary: 'Сводка за период в Excel',
          description: `Те же строки и итоги, что у сводки; в шапке — период и охват. ${scopeText}`,
          querystring: summaryQuery,
          response: {
            200: XLSX_RESPONSE,
            ...readErrors,
          },
        },
      },
      async (request, reply) => sendXlsx(await summaryOf(request), reply),
    );
  };
