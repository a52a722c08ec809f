// HTTP of the catalog: the public catalog and course page (no login), the department's workspace
// of programs and courses, their files, quotas and lifecycle actions, and file downloads.
import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { type FastifyPluginAsyncZod, validatorCompiler } from 'fastify-type-provider-zod';
import {
  catalogCourse,
  catalogItem,
  catalogQuery,
  course,
  courseAction,
  courseCreate,
  courseListQuery,
  courseSummary,
  courseUpdate,
  FILE_EXTENSIONS,
  fileInfo,
  historyEntry,
  MAX_FILE_BYTES,
  managerInput,
  program,
  programCreate,
  programListQuery,
  programSummary,
  programUpdate,
  quotasInput,
  transitionInput,
} from '../../contract/catalog.js';
import { idParam, page, problem } from '../../contract/common.js';
import { z } from '../../contract/zod.js';
import type { Ctx } from '../context.js';
import { DomainError, Invalid } from '../http/errors.js';
import { signedIn, whoOf } from '../http/request.js';
import type { AnswerCache } from './answers.js';
import { contentDisposition } from './files.js';
import {
  presentCatalogCourse,
  presentCatalogItem,
  presentCourse,
  presentCourseSummary,
  presentFile,
  presentHistory,
  presentProgram,
  presentProgramSummary,
} from './present.js';
import * as catalog from './service.js';

const publicTags = ['Каталог'];
const tags = ['Программы и курсы'];
const params = z.object({ id: idParam });
const fileParams = z.object({ id: idParam, fileId: idParam });
const readErrors = { 400: problem, 401: problem, 403: problem, 404: problem };
const writeErrors = { ...readErrors, 409: problem, 422: problem };
const uploadErrors = { ...writeErrors, 413: problem, 415: problem };

const MB = MAX_FILE_BYTES / 1024 / 1024;

/** How an upload is described in the OpenAPI document; the body itself is read as a stream. */
const uploadBody = z.object({
  title: z.string().max(300).optional().describe('Подпись файла, например «Учебный план» (до поля file)'),
  file: z
    .string()
    .meta({ format: 'binary' })
    .describe(`Файл до ${MB} МБ: ${FILE_EXTENSIONS.join(', ')}`),
});
// The multipart body is not validated as JSON: the route streams it after checking the actor.
// (Typed loosely: Fastify types a route's compiler by that route's own schema.)
const skipBodyValidation = ((route: Parameters<typeof validatorCompiler>[0]) =>
  route.httpPart === 'body' ? () => ({ value: undefined }) : validatorCompiler(route)) as never;

/** Reads the one file of a multipart request (and its optional `title` field sent before it). */
async function readUpload(request: FastifyRequest): Promise<catalog.Upload> {
  if (!request.isMultipart())
    throw new DomainError(
      415,
      'Неподдерживаемый формат',
      'Отправьте файл как multipart/form-data в поле file',
    );
  const part = await request.file({
    limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 5, fieldSize: 2000 },
  });
  if (!part) throw new Invalid('Прикрепите файл', [{ field: 'file', message: 'Прикрепите файл' }]);
  let content: Buffer;
  try {
    content = await part.toBuffer();
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      throw new DomainError(413, 'Слишком большой файл', `Размер файла — не больше ${MB} МБ`);
    throw error;
  }
  const field = part.fields.title;
  const raw = field && !Array.isArray(field) && field.type === 'field' ? String(field.value) : '';
  const title =
    raw
      .replace(/\p{Cc}/gu, '')
      .trim()
      .slice(0, 300) || null;
  return { filename: part.filename, title, content };
}

export const catalogRoutes =
  (ctx: Ctx, answers: AnswerCache): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(multipart, {
      limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 5, fieldSize: 2000, parts: 10 },
    });
    // A visitor's write is refused as unauthenticated before its body is even looked at.
    app.addHook('preValidation', async (request) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') signedIn(request);
    });

    // --- the public catalog

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
      (request) =>
        answers.get(request.url, async () => {
          const result = await catalog.findCatalogCourses(ctx, request.query);
          return { items: result.items.map(presentCatalogItem), total: result.total };
        }),
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
      (request) =>
        answers.get(request.url, async () =>
          presentCatalogCourse(await catalog.getCatalogCourse(ctx, request.params.id)),
        ),
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

    app.get(
      '/files/:id',
      {
        schema: {
          tags: publicTags,
          summary: 'Скачать файл',
          description:
            'Файл курса или программы. Файлы опубликованных курсов доступны всем, остальные — сотрудникам, ' +
            'которые видят курс или программу.',
          params,
          response: {
            200: { description: 'Файл', content: { 'application/octet-stream': { schema: z.string() } } },
            400: problem,
            404: problem,
          },
        },
      },
      async (request, reply) => {
        const file = await catalog.getFile(ctx, whoOf(request), request.params.id);
        return (
          reply
            .type(file.contentType)
            .header('content-disposition', contentDisposition(file.name))
            .header('x-content-type-options', 'nosniff')
            .header('cache-control', 'private, no-cache')
            // A Buffer goes out as it is; the schema above only documents it.
            .send(file.content as unknown as string)
        );
      },
    );

    // --- programs

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
        const result = await catalog.findPrograms(ctx, who, request.query);
        return { items: result.items.map((r) => presentProgramSummary(r, who.actor)), total: result.total };
      },
    );

    app.get(
      '/programs/:id',
      { schema: { tags, summary: 'Программа', params, response: { 200: program, ...readErrors } } },
      async (request) => {
        const who = signedIn(request);
        const { row, files } = await catalog.getProgram(ctx, who, request.params.id);
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
        const { row, files } = await catalog.createProgram(ctx, who, request.body);
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
        const { row, files } = await catalog.updateProgram(ctx, who, request.params.id, request.body);
        return presentProgram(row, files, who.actor);
      },
    );

    app.post(
      '/programs/:id/files',
      {
        schema: {
          tags,
          summary: 'Прикрепить файл к программе',
          description: `multipart/form-data: поле file (до ${MB} МБ; ${FILE_EXTENSIONS.join(', ')}), необязательное title.`,
          consumes: ['multipart/form-data'],
          params,
          body: uploadBody,
          response: { 201: fileInfo, ...uploadErrors },
        },
        validatorCompiler: skipBodyValidation,
      },
      async (request, reply) => {
        const who = signedIn(request);
        const file = await catalog.addProgramFile(ctx, who, request.params.id, () => readUpload(request));
        return reply.status(201).send(presentFile(file));
      },
    );

    app.delete(
      '/programs/:id/files/:fileId',
      {
        schema: {
          tags,
          summary: 'Удалить файл программы',
          params: fileParams,
          response: { 204: z.null(), ...writeErrors },
        },
      },
      async (request, reply) => {
        const who = signedIn(request);
        await catalog.deleteProgramFile(ctx, who, request.params.id, request.params.fileId);
        return reply.status(204).send(null);
      },
    );

    // --- courses

    app.get(
      '/courses',
      {
        schema: {
          tags,
          summary: 'Курсы (рабочий кабинет)',
          description:
            'Сотрудники подразделения видят все его курсы, включая черновики; администратор поставщика и ' +
            'оператор — опубликованные курсы (поставщика и все). Новые курсы — первыми.',
          querystring: courseListQuery,
          response: { 200: page(courseSummary), ...readErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        const result = await catalog.findCourses(ctx, who, request.query);
        return { items: result.items.map((r) => presentCourseSummary(r, who.actor)), total: result.total };
      },
    );

    app.get(
      '/courses/:id',
      {
        schema: { tags, summary: 'Курс (рабочий кабинет)', params, response: { 200: course, ...readErrors } },
      },
      async (request) => {
        const who = signedIn(request);
        return presentCourse(await catalog.getCourse(ctx, who, request.params.id), who.actor);
      },
    );

    app.get(
      '/courses/:id/history',
      {
        schema: {
          tags,
          summary: 'История состояний курса',
          params,
          response: { 200: page(historyEntry), ...readErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        return presentHistory(await catalog.getCourseHistory(ctx, who, request.params.id));
      },
    );

    app.post(
      '/courses',
      {
        schema: {
          tags,
          summary: 'Создать курс (черновик)',
          description:
            'Руководитель курсов или начальник подразделения программы. Ответственный — создавший курс ' +
            'руководитель курсов или `managerId` (другого руководителя назначает начальник).',
          body: courseCreate,
          response: { 201: course, ...writeErrors },
        },
      },
      async (request, reply) => {
        const who = signedIn(request);
        const card = await catalog.createCourse(ctx, who, request.body);
        return reply.status(201).send(presentCourse(card, who.actor));
      },
    );

    app.patch(
      '/courses/:id',
      {
        schema: {
          tags,
          summary: 'Изменить курс',
          description:
            'Пока курс — черновик, опубликован или приём закрыт. Расписание заменяется целиком; опубликованный ' +
            'курс должен оставаться полным.',
          params,
          body: courseUpdate,
          response: { 200: course, ...writeErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        return presentCourse(
          await catalog.updateCourse(ctx, who, request.params.id, request.body),
          who.actor,
        );
      },
    );

    app.put(
      '/courses/:id/quotas',
      {
        schema: {
          tags,
          summary: 'Квоты территорий',
          description:
            'Заменяет все квоты курса. Сумма квот не больше числа мест. С даты quotaReleaseOn курса ' +
            'неиспользованные места квот становятся общими.',
          params,
          body: quotasInput,
          response: { 200: course, ...writeErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        return presentCourse(
          await catalog.setCourseQuotas(ctx, who, request.params.id, request.body),
          who.actor,
        );
      },
    );

    app.put(
      '/courses/:id/manager',
      {
        schema: {
          tags,
          summary: 'Назначить ответственного руководителя курсов',
          description: 'Начальник подразделения; руководитель — из того же подразделения.',
          params,
          body: managerInput,
          response: { 200: course, ...writeErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        return presentCourse(
          await catalog.reassignCourseManager(ctx, who, request.params.id, request.body.managerId),
          who.actor,
        );
      },
    );

    app.post(
      '/courses/:id/actions/:action',
      {
        schema: {
          tags,
          summary: 'Действие жизненного цикла курса',
          description:
            'publish — опубликовать полный черновик (422 со списком недостающего); close — закрыть приём ' +
            'заявок досрочно; cancel — отменить до начала обучения, с причиной `reason`; archive — перенести ' +
            'завершённый курс в архив. 409 — если состояние курса не допускает действия (или изменилось).',
          params: z.object({ id: idParam, action: courseAction }),
          body: transitionInput,
          response: { 200: course, ...writeErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        const card = await catalog.transitionCourse(
          ctx,
          who,
          request.params.id,
          request.params.action,
          request.body,
        );
        return presentCourse(card, who.actor);
      },
    );

    app.post(
      '/courses/:id/files',
      {
        schema: {
          tags,
          summary: 'Прикрепить файл к курсу',
          description: `multipart/form-data: поле file (до ${MB} МБ; ${FILE_EXTENSIONS.join(', ')}), необязательное title.`,
          consumes: ['multipart/form-data'],
          params,
          body: uploadBody,
          response: { 201: fileInfo, ...uploadErrors },
        },
        validatorCompiler: skipBodyValidation,
      },
      async (request, reply) => {
        const who = signedIn(request);
        const file = await catalog.addCourseFile(ctx, who, request.params.id, () => readUpload(request));
        return reply.status(201).send(presentFile(file));
      },
    );

    app.delete(
      '/courses/:id/files/:fileId',
      {
        schema: {
          tags,
          summary: 'Удалить файл курса',
          params: fileParams,
          response: { 204: z.null(), ...writeErrors },
        },
      },
      async (request, reply) => {
        const who = signedIn(request);
        await catalog.deleteCourseFile(ctx, who, request.params.id, request.params.fileId);
        return reply.status(204).send(null);
      },
    );
  };
