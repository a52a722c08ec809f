// One error handler for the whole API: domain errors, validation errors, malformed bodies and
// database constraint violations all leave as application/problem+json with a Russian title.
// Anything unexpected is logged and answered with a 500 that reveals nothing.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, type FieldError, TooManyRequests } from './errors.js';

export function sendProblem(
  reply: FastifyReply,
  status: number,
  title: string,
  detail?: string,
  errors?: FieldError[],
) {
  return reply
    .status(status)
    .type('application/problem+json; charset=utf-8')
    .send({
      type: 'about:blank',
      title,
      status,
      ...(detail ? { detail } : {}),
      ...(errors ? { errors } : {}),
    });
}

/**
 * A request the HTTP parser refused before Fastify saw it (headers too large, a broken request
 * line, a client too slow): answered as problem+json too, then the connection is closed.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, title, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [
          431,
          'Слишком большие заголовки',
          'Заголовки запроса слишком велики: удалите лишние cookie сайта и повторите',
        ]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Время ожидания истекло', 'Запрос не был получен полностью вовремя']
        : [400, 'Неверный запрос', 'Запрос не разобран: он не соответствует протоколу HTTP'];
  const body = Buffer.from(JSON.stringify({ type: 'about:blank', title, status, detail }));
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
        `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.toString()}`,
    );
  socket.destroy(error);
}

const FRAMEWORK_ERRORS: Record<string, [number, string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'Неверный запрос', 'Тело запроса — не корректный JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'Неверный запрос', 'Тело запроса пустое'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'Слишком большой запрос', 'Размер запроса превышает допустимый'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'Неподдерживаемый формат', 'Отправьте данные в формате JSON'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'Неверный запрос', 'Неверная длина запроса'],
  FST_ERR_CTP_INVALID_TYPE: [400, 'Неверный запрос', 'Неверный тип содержимого'],
  FST_ERR_BAD_URL: [400, 'Неверный запрос', 'Неверный адрес'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'Неверный запрос', 'Неверный запрос'],
};

type DbError = { code?: string; constraint?: string; detail?: string };

function isDbError(error: unknown): error is DbError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as DbError).code === 'string' &&
    /^[0-9A-Z]{5}$/.test((error as DbError).code ?? '')
  );
}

type Validation = {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
};

/** One message per field, the first the schema reported; an unknown field is named as such. */
function fieldErrors(validation: Validation[]): FieldError[] {
  const byField = new Map<string, string>();
  for (const v of validation) {
    const base = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const unknown =
      v.keyword === 'unrecognized_keys' && Array.isArray(v.params.keys) ? (v.params.keys as string[]) : null;
    if (unknown) {
      for (const key of unknown) byField.set(base ? `${base}.${key}` : key, 'Неизвестное поле');
      continue;
    }
    const field = base || '(запрос)';
    if (!byField.has(field)) byField.set(field, v.message ?? 'Неверное значение');
  }
  return [...byField].map(([field, message]) => ({ field, message }));
}

export function installProblemHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | DomainError | Error, request, reply) => {
    if (error instanceof DomainError) {
      if (error instanceof TooManyRequests) reply.header('retry-after', String(error.retryAfterSeconds));
      return sendProblem(reply, error.status, error.title, error.detail, error.errors);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      return sendProblem(
        reply,
        400,
        'Неверные данные',
        'Проверьте заполнение полей',
        fieldErrors(error.validation),
      );
    }
    const code = (error as FastifyError).code;
    const known = code ? FRAMEWORK_ERRORS[code] : undefined;
    if (known) return sendProblem(reply, known[0], known[1], known[2]);
    if (isDbError(error)) {
      // The database is the last guard of uniqueness and references: say which rule was hit.
      if (error.code === '23505') return sendProblem(reply, 409, 'Конфликт', 'Такая запись уже существует');
      if (error.code === '23503')
        return sendProblem(reply, 422, 'Неверные данные', 'Ссылка на несуществующую запись');
      if (
        error.code === '23514' ||
        error.code === '22P02' ||
        error.code === '22007' ||
        error.code === '22008' ||
        error.code === '22003' ||
        error.code === '22001'
      )
        return sendProblem(reply, 422, 'Неверные данные', 'Значение вне допустимого диапазона');
      // Text the database cannot store (a NUL byte, an invalid encoding).
      if (error.code === '22021' || error.code === '22P05')
        return sendProblem(reply, 400, 'Неверные данные', 'Текст содержит недопустимые символы');
      if (error.code === '40001' || error.code === '40P01')
        return sendProblem(
          reply,
          409,
          'Конфликт',
          'Данные изменились одновременно с вашим запросом, повторите действие',
        );
    }
    const status = (error as FastifyError).statusCode;
    if (status && status >= 400 && status < 500)
      return sendProblem(reply, status, 'Неверный запрос', undefined);
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, 500, 'Внутренняя ошибка', 'Произошла ошибка на сервере; попробуйте позже');
  });
}
