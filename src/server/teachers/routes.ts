// HTTP of the methodist's teachers: the list (also the apply-on-behalf picker) and its spreadsheet,
// a teacher's card and its changes, registering with an invitation, and the import of teachers and
// organizations (template, upload with preview, the preview's rows, apply, progress).
import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { type FastifyPluginAsyncZod, validatorCompiler } from 'fastify-type-provider-zod';
import { problem } from '../../contract/common.js';
import {
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
  importParams,
  importRowsPage,
  importRowsQuery,
  importSummary,
  invitationResult,
  teacherCard,
  teacherExportQuery,
  teacherListQuery,
  teacherPage,
  teacherParams,
  teacherRegister,
  teacherUpdate,
} from '../../contract/teachers.js';
import { z } from '../../contract/zod.js';
import { regionDate } from '../clock.js';
import type { Ctx } from '../context.js';
import { sendDownload } from '../http/download.js';
import { DomainError, Invalid } from '../http/errors.js';
import { signedIn } from '../http/request.js';
import { toXlsx, XLSX_RESPONSE, XLSX_TYPE } from '../http/xlsx.js';
import * as imports from './import.js';
import { presentImport, presentTeacherCard, presentTeacherRow, TEACHER_COLUMNS } from './present.js';
import * as teachers from './service.js';

const tags = ['Педагоги территории'];
const readErrors = { 400: problem, 401: problem, 403: problem, 404: problem };
const writeErrors = { ...readErrors, 409: problem, 422: problem };

/** Where the invitation links lead: PUBLIC_URL when set, else this request's origin (as auth's links). */
const linkBase = (ctx: Ctx, request: FastifyRequest) =>
  ctx.config.publicUrl ?? `${request.protocol}://${request.host}`;

const skipBodyValidation = ((route: Parameters<typeof validatorCompiler>[0]) =>
  route.httpPart === 'body' ? () => ({ value: undefined }) : validatorCompiler(route)) as never;

async function readUpload(request: FastifyRequest): Promise<imports.Upload> {
  if (!request.isMultipart())
    throw new DomainError(
      415,
      'Неподдерживаемый формат',
      'Отправьте файл как multipart/form-data в поле file',
    );
  try {
    const part = await request.file({ limits: { fileSize: IMPORT_MAX_BYTES, files: 1 } });
    if (!part) throw new Invalid('Прикрепите файл', [{ field: 'file', message: 'Прикрепите файл' }]);
    const content = await part.toBuffer();
    return { fileName: part.filename || 'файл', content };
  } catch (error) {
    if (error instanceof DomainError) throw error;
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      throw new DomainError(413, 'Слишком большой файл', 'Файл импорта — не больше 5 МБ');
    throw new DomainError(
      400,
      'Неверный запрос',
      'Файл передан не полностью: выберите его и отправьте ещё раз',
    );
  }
}

export const teacherRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(multipart, { limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 2, parts: 3 } });
    app.addHook('preValidation', async (request) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') signedIn(request);
    });

    app.get(
      '/teachers',
      {
        schema: {
          tags,
          summary: 'Педагоги территории',
          description:
            'Педагоги территорий методиста (оператору — все): организация, должность, адрес и его подтверждение, ' +
            'учётная запись, заявки (действующие/всего), состояние повышения квалификации (правило трёх лет). ' +
            'Сортировка по любому столбцу (`-` — по убыванию), фильтры. Без `account` — все, кроме заблокированных.',
          querystring: teacherListQuery,
          response: { 200: teacherPage, ...readErrors },
        },
      },
      async (request) => {
        const list = await teachers.findTeachers(ctx, signedIn(request), request.query);
        const today = regionDate(ctx.now());
        return { items: list.items.map((r) => presentTeacherRow(r, today)), total: list.total };
      },
    );

    app.get(
      '/teachers.xlsx',
      {
        schema: {
          tags,
          summary: 'Педагоги территории в Excel',
          description:
            'Те же фильтры и порядок, что у списка. Выгрузка персональных данных записывается в журнал.',
          querystring: teacherExportQuery,
          response: { 200: XLSX_RESPONSE, ...readErrors },
        },
      },
      async (request, reply) => {
        const list = await teachers.exportTeachers(ctx, signedIn(request), request.query);
        const today = regionDate(ctx.now());
        const rows = list.items.map((r) => presentTeacherRow(r, today));
        return sendDownload(
          reply,
          XLSX_TYPE,
          'Педагоги.xlsx',
          await toXlsx('Педагоги', TEACHER_COLUMNS, rows),
        );
      },
    );

    app.post(
      '/teachers',
      {
        schema: {
          tags,
          summary: 'Зарегистрировать педагога',
          description:
            'Методист (в организации своей территории) или оператор создаёт учётную запись педагога без пароля ' +
            '(«приглашён»); на адрес уходит приглашение со ссылкой (7 дней, один раз), по которой педагог задаёт ' +
            'пароль. Адрес, который уже есть в Банке, — 409.',
          body: teacherRegister,
          response: { 201: teacherCard, ...writeErrors },
        },
      },
      async (request, reply) => {
        const who = signedIn(request);
        const card = await teachers.registerTeacher(ctx, who, linkBase(ctx, request), request.body);
        return reply.status(201).send(presentTeacherCard(card, who.actor));
      },
    );

    app.get(
      '/teachers/:id',
      {
        schema: {
          tags,
          summary: 'Карточка педагога',
          description:
            'ФИО, организация, должность, адрес, учётная запись, заявки. Без СНИЛС, даты рождения и диплома: их ' +
            'видит только сам педагог.',
          params: teacherParams,
          response: { 200: teacherCard, ...readErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        return presentTeacherCard(await teachers.getTeacher(ctx, who, request.params.id), who.actor);
      },
    );

    app.patch(
      '/teachers/:id',
      {
        schema: {
          tags,
          summary: 'Изменить организацию или должность педагога',
          params: teacherParams,
          body: teacherUpdate,
          response: { 200: teacherCard, ...writeErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        const card = await teachers.updateTeacher(ctx, who, request.params.id, request.body);
        return presentTeacherCard(card, who.actor);
      },
    );

    app.post(
      '/teachers/:id/invitation',
      {
        schema: {
          tags,
          summary: 'Отправить приглашение ещё раз',
          description:
            'Только приглашённому педагогу, который ещё не задал пароль; не больше трёх писем в час.',
          params: teacherParams,
          response: { 200: invitationResult, 429: problem, ...writeErrors },
        },
      },
      async (request) =>
        teachers.resendInvitation(ctx, signedIn(request), linkBase(ctx, request), request.params.id),
    );

    app.get(
      '/imports/template.xlsx',
      {
        schema: {
          tags,
          summary: 'Шаблон файла импорта',
          description: 'Листы «Педагоги» и «Организации» с заголовками и строкой-примером.',
          response: { 200: XLSX_RESPONSE, ...readErrors },
        },
      },
      async (request, reply) => {
        const template = await imports.importTemplate(signedIn(request));
        return sendDownload(reply, XLSX_TYPE, 'Шаблон импорта педагогов.xlsx', template);
      },
    );

    app.post(
      '/imports',
      {
        schema: {
          tags,
          summary: 'Загрузить файл импорта педагогов и организаций',
          description:
            `multipart/form-data, поле file: XLSX по шаблону или CSV (UTF-8 или Windows-1251, разделитель «;» или ` +
            `«,»), до 5 МБ и ${IMPORT_MAX_ROWS} строк. Файл проверяется сразу; ничего не создаётся до «Импортировать». ` +
            'Кто уже есть в Банке (по СНИЛС или e-mail; организация — по названию в территории), пропускается.',
          consumes: ['multipart/form-data'],
          body: z.object({ file: z.string().meta({ format: 'binary' }).describe('Файл XLSX или CSV') }),
          response: { 201: importSummary, 413: problem, 415: problem, ...writeErrors },
        },
        validatorCompiler: skipBodyValidation,
      },
      async (request, reply) => {
        const summary = await imports.uploadImport(ctx, signedIn(request), () => readUpload(request));
        return reply.status(201).send(presentImport(summary));
      },
    );

    app.get(
      '/imports/:id',
      {
        schema: {
          tags,
          summary: 'Импорт: состояние и ход',
          params: importParams,
          response: { 200: importSummary, ...readErrors },
        },
      },
      async (request) => presentImport(await imports.getImport(ctx, signedIn(request), request.params.id)),
    );

    app.get(
      '/imports/:id/rows',
      {
        schema: {
          tags,
          summary: 'Импорт: строки файла с ошибками',
          description: 'Постранично; `problems=true` — только строки с ошибками и уже имеющиеся в Банке.',
          params: importParams,
          querystring: importRowsQuery,
          response: { 200: importRowsPage, ...readErrors },
        },
      },
      async (request) => imports.importRows(ctx, signedIn(request), request.params.id, request.query),
    );

    app.post(
      '/imports/:id/apply',
      {
        schema: {
          tags,
          summary: 'Импортировать',
          description:
            'Ставит импорт в очередь: всё создаётся в фоне одной транзакцией (или ничего), каждому новому педагогу ' +
            'уходит приглашение. Ход — в `GET /imports/{id}`. Файл с ошибками — 409.',
          params: importParams,
          response: { 202: importSummary, ...writeErrors },
        },
      },
      async (request, reply) => {
        const who = signedIn(request);
        const summary = await imports.applyImport(ctx, who, linkBase(ctx, request), request.params.id);
        return reply.status(202).send(presentImport(summary));
      },
    );
  };
