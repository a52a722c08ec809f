// HTTP of attached files: uploading to and removing from a program or a course (the same two
// routes under each owner), and downloading any file by its id.
import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { type FastifyPluginAsyncZod, validatorCompiler } from 'fastify-type-provider-zod';
import { FILE_EXTENSIONS, fileInfo, MAX_FILE_BYTES } from '../../contract/catalog.js';
import { INVISIBLE, idParam, problem, VISIBLE_ONLY } from '../../contract/common.js';
import { z } from '../../contract/zod.js';
import { presentFile } from '../catalog/present.js';
import type { Ctx } from '../context.js';
import { contentDisposition } from '../http/download.js';
import { DomainError, Invalid } from '../http/errors.js';
import { signedIn, whoOf } from '../http/request.js';
import { addFile, type FileOwner, getFile, removeFile, type Upload } from './service.js';

const publicTags = ['Каталог'];
const tags = ['Программы и курсы'];
const params = z.object({ id: idParam });
const fileParams = z.object({ id: idParam, fileId: idParam });
const writeErrors = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };
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
async function readUpload(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart())
    throw new DomainError(
      415,
      'Неподдерживаемый формат',
      'Отправьте файл как multipart/form-data в поле file',
    );
  let part: Awaited<ReturnType<FastifyRequest['file']>>;
  let content: Buffer;
  try {
    part = await request.file({
      limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 5, fieldSize: 2000 },
    });
    if (!part) throw new Invalid('Прикрепите файл', [{ field: 'file', message: 'Прикрепите файл' }]);
    content = await part.toBuffer();
  } catch (error) {
    if (error instanceof DomainError) throw error;
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      throw new DomainError(413, 'Слишком большой файл', `Размер файла — не больше ${MB} МБ`);
    // The multipart parser's own errors: no boundary, a body cut short, a broken part.
    throw new DomainError(
      400,
      'Неверный запрос',
      'Файл передан не полностью или в неверном формате: выберите файл и отправьте его ещё раз',
    );
  }
  const field = part.fields.title;
  const raw = field && !Array.isArray(field) && field.type === 'field' ? String(field.value) : '';
  // The title is a text like any other: the same refusal as the contract's text fields.
  if (INVISIBLE.test(raw)) throw new Invalid(VISIBLE_ONLY, [{ field: 'title', message: VISIBLE_ONLY }]);
  const title =
    raw
      .replace(/\p{Cc}/gu, '')
      .trim()
      .slice(0, 300) || null;
  return { filename: part.filename, title, content };
}

/** Each kind of owner: where its files are, and how the OpenAPI document names their routes. */
const OWNERS: readonly { kind: FileOwner['kind']; path: string; add: string; remove: string }[] = [
  {
    kind: 'program',
    path: '/programs',
    add: 'Прикрепить файл к программе',
    remove: 'Удалить файл программы',
  },
  { kind: 'course', path: '/courses', add: 'Прикрепить файл к курсу', remove: 'Удалить файл курса' },
];

export const fileRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(multipart, {
      limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 5, fieldSize: 2000, parts: 10 },
    });
    // A visitor's write is refused as unauthenticated before its body is even looked at.
    app.addHook('preValidation', async (request) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') signedIn(request);
    });

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
        const file = await getFile(ctx, whoOf(request), request.params.id);
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

    for (const { kind, path, add, remove } of OWNERS) {
      app.post(
        `${path}/:id/files`,
        {
          schema: {
            tags,
            summary: add,
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
          const owner = { kind, id: request.params.id };
          const file = await addFile(ctx, who, owner, () => readUpload(request));
          return reply.status(201).send(presentFile(file));
        },
      );

      app.delete(
        `${path}/:id/files/:fileId`,
        {
          schema: { tags, summary: remove, params: fileParams, response: { 204: z.null(), ...writeErrors } },
        },
        async (request, reply) => {
          const who = signedIn(request);
          await removeFile(ctx, who, { kind, id: request.params.id }, request.params.fileId);
          return reply.status(204).send(null);
        },
      );
    }
  };
