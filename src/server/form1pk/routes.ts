// HTTP of the federal form 1-ПК. Its paths sit among the reports (`/reports/form-1pk`), as the API
// lists them; the form's code is this module's.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problem } from '../../contract/common.js';
import { form1pk, form1pkQuery } from '../../contract/form1pk.js';
import { z } from '../../contract/zod.js';
import type { Ctx } from '../context.js';
import { sendDownload } from '../http/download.js';
import { signedIn } from '../http/request.js';
import { XLSX_TYPE } from '../http/xlsx.js';
import * as service from './service.js';
import { form1pkWorkbook } from './spreadsheet.js';

const tags = ['Форма 1-ПК'];
const readErrors = { 400: problem, 401: problem, 403: problem, 404: problem, 422: problem };
const description =
  'Квартальная форма № 1-ПК (приказ Росстата от 30.11.2022 № 877) по данным Банка: слушатели поставщика, ' +
  'завершившие обучение с 1 января года по последний день квартала, по видам программ, полу, возрасту и ' +
  'формам обучения. Строки, которых Банк не знает (источники финансирования, инвалидность), приходят пустыми ' +
  'с manual = true. Оператор указывает поставщика (providerId), администратор поставщика получает свою форму.';

export const form1pkRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/reports/form-1pk',
      {
        schema: {
          tags,
          summary: 'Форма 1-ПК',
          description,
          querystring: form1pkQuery,
          response: { 200: form1pk, ...readErrors },
        },
      },
      async (request) => service.form1pk(ctx, signedIn(request), request.query),
    );

    app.get(
      '/reports/form-1pk.xlsx',
      {
        schema: {
          tags,
          summary: 'Форма 1-ПК в Excel',
          description: `${description} Таблица повторяет макет формы.`,
          querystring: form1pkQuery,
          response: {
            200: { description: 'Форма', content: { [XLSX_TYPE]: { schema: z.string() } } },
            ...readErrors,
          },
        },
      },
      async (request, reply) => {
        const form = await service.form1pk(ctx, signedIn(request), request.query);
        const body = await form1pkWorkbook(form);
        return sendDownload(reply, XLSX_TYPE, `Форма 1-ПК ${form.year} ${form.quarter} кв.xlsx`, body);
      },
    );
  };
