// HTTP of documents about training: the course's register and its files, one document's PDF and
// actions, and the public check of a registration number.
import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { type FastifyPluginAsyncZod, validatorCompiler } from 'fastify-type-provider-zod';
import { MAX_FILE_BYTES } from '../../contract/catalog.js';
import {
  certificateAction,
  certificateActionBody,
  certificateSummary,
  courseCertificates,
  frdoCheck,
  issueBody,
  issued,
  periodSummary as periodSummarySchema,
  registerQuery,
  verification,
} from '../../contract/certificates.js';
import { idParam, problem } from '../../contract/common.js';
import { z } from '../../contract/zod.js';
import type { Ctx } from '../context.js';
import { sendDownload } from '../http/download.js';
import { DomainError, Invalid } from '../http/errors.js';
import { signedIn, whoOf } from '../http/request.js';
import {
  COURSE_DOCUMENTS,
  type CourseDocumentKind,
  courseDocument,
  providerRegister,
} from './course-documents.js';
import { deleteFrdoTemplate, periodFile, periodSummary, uploadFrdoTemplate } from './period.js';
import { presentCertificate, presentCourseCertificates } from './present.js';
import * as certificates from './service.js';

const tags = ['Документы об обучении'];
const params = z.object({ id: idParam });
const readErrors = { 400: problem, 401: problem, 403: problem, 404: problem };
const writeErrors = { ...readErrors, 409: problem, 422: problem };
const fileResponse = (type: string, description: string) => ({
  200: { description, content: { [type]: { schema: z.string() } } },
});
const PDF = 'application/pdf';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const MB = Math.round(MAX_FILE_BYTES / 1024 / 1024);
// The multipart body is not validated as JSON: the route streams it after checking the actor.
const skipBodyValidation = ((route: Parameters<typeof validatorCompiler>[0]) =>
  route.httpPart === 'body' ? () => ({ value: undefined }) : validatorCompiler(route)) as never;

/** Reads the one file of a multipart request. */
async function readTemplate(request: FastifyRequest) {
  if (!request.isMultipart())
    throw new DomainError(
      415,
      'Неподдерживаемый формат',
      'Отправьте файл как multipart/form-data в поле file',
    );
  try {
    const part = await request.file({ limits: { fileSize: MAX_FILE_BYTES, files: 1 } });
    if (!part) throw new Invalid('Прикрепите файл', [{ field: 'file', message: 'Прикрепите файл' }]);
    return { filename: part.filename, content: await part.toBuffer() };
  } catch (error) {
    if (error instanceof DomainError) throw error;
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      throw new DomainError(413, 'Слишком большой файл', `Размер файла — не больше ${MB} МБ`);
    throw new DomainError(
      400,
      'Неверный запрос',
      'Файл передан не полностью или в неверном формате: выберите файл и отправьте его ещё раз',
    );
  }
}

export const certificateRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(multipart, { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 5, parts: 10 } });
    app.addHook('preValidation', async (request) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') signedIn(request);
    });
    /** The public check page's address: PUBLIC_URL, or the address the request came to. */
    const originOf = (request: { protocol: string; host: string }) =>
      ctx.config.publicUrl ?? `${request.protocol}://${request.host}`;

    app.get(
      '/courses/:id/certificates',
      {
        schema: {
          tags,
          summary: 'Документы курса',
          description:
            'Слушатели с результатом обучения, их документы и чего не хватает в профиле для выдачи.',
          params,
          response: { 200: courseCertificates, ...readErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        const {
          course,
          learners,
          certificates: rows,
          groups,
        } = await certificates.courseCertificates(ctx, who, request.params.id);
        return presentCourseCertificates(course, learners, rows, groups, who.actor);
      },
    );

    app.post(
      '/courses/:id/certificates',
      {
        schema: {
          tags,
          summary: 'Выдать документы',
          description:
            'Удостоверение (диплом для программ переподготовки) — завершившим обучение, справка — не завершившим; ' +
            'каждому выбранному (или каждому без действующего документа). Слушатели с неполным профилем ' +
            'перечислены в `blocked`; если не выдано ни одного документа — 422 с их списком.',
          params,
          body: issueBody,
          response: { 200: issued, ...writeErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        const result = await certificates.issueCertificates(ctx, who, request.params.id, request.body);
        return {
          items: result.items.map((r) => ({
            applicationId: String(r.applicationId),
            certificateId: String(r.id),
            kind: r.kind,
            registrationNumber: r.registrationNumber,
          })),
          blocked: result.blocked,
        };
      },
    );

    app.get(
      '/courses/:id/documents/certificates.pdf',
      {
        schema: {
          tags,
          summary: 'Документы группы одним PDF',
          params,
          response: {
            ...fileResponse(PDF, 'Действующие документы курса, по странице на документ'),
            ...readErrors,
          },
        },
      },
      async (request, reply) => {
        const { pdf, name } = await certificates.courseCertificatesPdf(
          ctx,
          signedIn(request),
          request.params.id,
          originOf(request),
        );
        return sendDownload(reply, PDF, name, pdf);
      },
    );

    app.get(
      '/courses/:id/documents/frdo-check',
      {
        schema: {
          tags,
          summary: 'Проверка выгрузки в ФИС ФРДО',
          description:
            'Сколько строк будет в выгрузке и какие из них реестр не примет (с названиями столбцов).',
          params,
          response: { 200: frdoCheck, ...readErrors },
        },
      },
      async (request) => {
        const result = await certificates.frdoCheck(ctx, signedIn(request), request.params.id);
        return result;
      },
    );

    app.get(
      '/courses/:id/documents/frdo.xlsx',
      {
        schema: {
          tags,
          summary: 'Выгрузка в ФИС ФРДО',
          description:
            'Лист «Шаблон»: 40 столбцов шаблона реестра по порядку, строка на каждый действующий документ о квалификации. ' +
            '422 перечисляет строки, которые реестр не примет.',
          params,
          response: { ...fileResponse(XLSX, 'Таблица для загрузки в ФИС ФРДО'), ...writeErrors },
        },
      },
      async (request, reply) => {
        const { xlsx, name } = await certificates.courseFrdo(ctx, signedIn(request), request.params.id);
        return sendDownload(reply, XLSX, name, xlsx);
      },
    );

    for (const [kind, spec] of Object.entries(COURSE_DOCUMENTS) as [
      CourseDocumentKind,
      (typeof COURSE_DOCUMENTS)[CourseDocumentKind],
    ][])
      app.get(
        `/courses/:id/documents/${kind}`,
        {
          schema: {
            tags,
            summary: spec.summary,
            description: spec.needsGroup
              ? 'Сотрудникам подразделения курса и оператору; 409 — у курса ещё нет группы. Скачивание записывается в журнал.'
              : 'Сотрудникам подразделения курса и оператору. Скачивание записывается в журнал.',
            params,
            response: { ...fileResponse(spec.type, spec.title), ...readErrors, 409: problem },
          },
        },
        async (request, reply) => {
          const { content, type, name } = await courseDocument(
            ctx,
            signedIn(request),
            request.params.id,
            kind,
          );
          return sendDownload(reply, type, name, content);
        },
      );

    app.get(
      '/providers/:id/certificates/register.xlsx',
      {
        schema: {
          tags,
          summary: 'Реестр выданных документов за период',
          description:
            'Документы организации, выданные в период (по дате выдачи, включительно), — подразделений, ' +
            'которые ведёт сотрудник (оператору — всех). Скачивание записывается в журнал.',
          params,
          querystring: registerQuery,
          response: {
            ...fileResponse(XLSX, 'Реестр в порядке регистрационных номеров'),
            ...readErrors,
            422: problem,
          },
        },
      },
      async (request, reply) => {
        const { content, name } = await providerRegister(
          ctx,
          signedIn(request),
          request.params.id,
          request.query,
        );
        return sendDownload(reply, XLSX, name, content);
      },
    );

    app.get(
      '/providers/:id/certificates/summary',
      {
        schema: {
          tags,
          summary: 'Документы организации за период: сводка',
          description:
            'Сколько документов выдано в период (по дате выдачи), сколько действующих, строки выгрузки в ФИС ФРДО, ' +
            'которые реестр не примет, и загруженный шаблон ФРДО организации.',
          params,
          querystring: registerQuery,
          response: { 200: periodSummarySchema, ...readErrors, 422: problem },
        },
      },
      async (request) => periodSummary(ctx, signedIn(request), request.params.id, request.query),
    );

    for (const [file, type, summary] of [
      ['frdo.xlsx', XLSX, 'Выгрузка в ФИС ФРДО за период'],
      ['certificates.pdf', PDF, 'Документы организации за период одним PDF'],
    ] as const)
      app.get(
        `/providers/:id/certificates/${file}`,
        {
          schema: {
            tags,
            summary,
            description:
              'Сразу, одним ответом; для большого периода интерфейс запускает задание ' +
              '(POST /providers/{id}/certificates/jobs). Скачивание записывается в журнал.' +
              (file === 'frdo.xlsx' ? ' 422 перечисляет строки, которые реестр не примет.' : ''),
            params,
            querystring: registerQuery,
            response: { ...fileResponse(type, summary), ...readErrors, 422: problem },
          },
        },
        async (request, reply) => {
          const made = await periodFile(
            ctx,
            signedIn(request),
            request.params.id,
            request.query,
            file,
            originOf(request),
          );
          return sendDownload(reply, made.type, made.name, made.content);
        },
      );

    app.put(
      '/providers/:id/frdo-template',
      {
        schema: {
          tags,
          summary: 'Загрузить шаблон ФРДО организации',
          description:
            'multipart/form-data, поле file: действующий шаблон реестра (.xlsx). Выгрузка в ФИС ФРДО заполняет его: ' +
            'строку заголовков находит по названиям столбцов, остальные листы сохраняет. 422 — в шаблоне нет ' +
            'обязательных столбцов (они перечислены). Заменяет загруженный ранее. Администратору организации.',
          consumes: ['multipart/form-data'],
          params,
          body: z.object({
            file: z.string().meta({ format: 'binary' }).describe(`Шаблон .xlsx до ${MB} МБ`),
          }),
          response: {
            200: z.object({ name: z.string(), uploadedAt: z.string() }),
            ...writeErrors,
            413: problem,
            415: problem,
          },
        },
        validatorCompiler: skipBodyValidation,
      },
      async (request) =>
        uploadFrdoTemplate(ctx, signedIn(request), request.params.id, () => readTemplate(request)),
    );

    app.delete(
      '/providers/:id/frdo-template',
      {
        schema: {
          tags,
          summary: 'Удалить шаблон ФРДО организации',
          description: 'Выгрузка снова строится по встроенному шаблону. Администратору организации.',
          params,
          response: { 204: z.null(), ...writeErrors },
        },
      },
      async (request, reply) => {
        await deleteFrdoTemplate(ctx, signedIn(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/certificates/:id/pdf',
      {
        schema: {
          tags,
          summary: 'Документ в PDF',
          description: 'Владельцу документа, сотрудникам подразделения курса, оператору.',
          params,
          response: { ...fileResponse(PDF, 'Документ, A4 альбомной ориентации'), ...readErrors },
        },
      },
      async (request, reply) => {
        const { pdf, name } = await certificates.certificatePdf(
          ctx,
          signedIn(request),
          request.params.id,
          originOf(request),
        );
        return sendDownload(reply, PDF, name, pdf);
      },
    );

    app.post(
      '/certificates/:id/actions/:action',
      {
        schema: {
          tags,
          summary: 'Аннулировать или переоформить документ',
          description:
            '`revoke` — номер остаётся в реестре с отметкой об аннулировании; `reissue` — аннулирует и выдаёт ' +
            'новый документ с новым номером, старый указывает на него.',
          params: z.object({ id: idParam, action: certificateAction }),
          body: certificateActionBody,
          response: { 200: certificateSummary, ...writeErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        const { id, replacement } = await certificates.actOnCertificate(
          ctx,
          who,
          request.params.id,
          request.params.action,
          request.body.reason,
        );
        return presentCertificate(await certificates.certificate(ctx, who, replacement?.id ?? id), who.actor);
      },
    );

    app.get(
      '/certificates/verify/:number',
      {
        schema: {
          tags,
          summary: 'Проверить подлинность документа',
          description:
            'Для всех: фамилия и инициалы владельца, программа, часы, организация, дата выдачи, аннулирован ли. ' +
            '404 — такой номер не выдавался. Проверки несуществующих номеров ограничены по адресу.',
          params: z.object({ number: z.string().trim().min(1).max(60) }),
          response: { 200: verification, 400: problem, 404: problem, 429: problem },
        },
      },
      async (request) => certificates.verify(ctx, whoOf(request), request.params.number),
    );
  };
