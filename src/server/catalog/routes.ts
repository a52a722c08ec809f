// HTTP of the public catalog: the search, a course's page and its calendar, with no login. The
// answers are kept a moment in the answer cache (answers.ts), which every successful change forgets.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  type CatalogCourse,
  type CatalogItem,
  catalogCourse,
  catalogItem,
  catalogQuery,
} from '../../contract/catalog.js';
import { idParam, type Page, page, problem } from '../../contract/common.js';
import { z } from '../../contract/zod.js';
import type { Ctx } from '../context.js';
import { contentDisposition } from '../http/download.js';
import type { AnswerCache } from './answers.js';
import { presentCatalogCourse } from './present.js';
import * as catalog from './service.js';

const publicTags = ['Каталог'];
const params = z.object({ id: idParam });

export const catalogRoutes =
  (ctx: Ctx, answers: AnswerCache): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/catalog',
      {
        schema: {
          tags: publicTags,
          summary: 'Каталог курсов',
          description:
            'Опубликованные курсы, а также курсы с закрытым приёмом заявок и идущие (поле status). `q` — ' +
            'полнотекстовый поиск на русском языке по названию, аннотации, тематике и темам расписания ' +
            '(с учётом словоформ; кавычки — точная фраза, «-слово» — исключить), результаты по релевантности; ' +
            'без `q` — по дате начала. `from`/`to` — дата начала курса, `territoryId` — только курсы, где ' +
            'у территории есть свободные места (по её квоте или общие).',
          querystring: catalogQuery,
          response: { 200: page(catalogItem), 400: problem },
        },
      },
      // The answer is JSON text in the schema's shape (listing.ts joins the items' text the database
      // wrote, or queries.ts has the database write it all; tests hold both to the schema): a string
      // with a JSON type is sent as it is, not serialized again.
      async (request, reply) => {
        const body = await answers.get(request.url, () => catalog.findCatalogCourses(ctx, request.query));
        return reply.type('application/json; charset=utf-8').send(body as unknown as Page<CatalogItem>);
      },
    );

    app.get(
      '/catalog/:id',
      {
        schema: {
          tags: publicTags,
          summary: 'Страница курса',
          description:
            'Программа, даты, место, расписание, файлы, число мест и свободных мест всего и по квотам территорий.',
          params,
          response: { 200: catalogCourse, 400: problem, 404: problem },
        },
      },
      // The answer cache keeps the page as JSON text, sent as it is (as the search's), so that a
      // cached answer is not checked against the schema and serialized again on every visit. The
      // presenter is typed by the contract; `catalog.test.ts` holds the text to the schema.
      async (request, reply) => {
        const body = await answers.get(request.url, async () =>
          JSON.stringify(presentCatalogCourse(await catalog.getCatalogCourse(ctx, request.params.id))),
        );
        return reply.type('application/json; charset=utf-8').send(body as unknown as CatalogCourse);
      },
    );

    app.get(
      '/catalog/:id/schedule.ics',
      {
        schema: {
          tags: publicTags,
          summary: 'Расписание курса в формате iCalendar',
          description:
            'Для импорта в Яндекс Календарь, Google Календарь и другие (время — Asia/Yekaterinburg).',
          params,
          response: {
            200: { description: 'Календарь', content: { 'text/calendar': { schema: z.string() } } },
            400: problem,
            404: problem,
          },
        },
      },
      async (request, reply) => {
        const body = await catalog.getCourseCalendar(ctx, request.params.id);
        return reply
          .type('text/calendar; charset=utf-8')
          .header('content-disposition', contentDisposition(`course-${request.params.id}.ics`))
          .send(body);
      },
    );
  };
