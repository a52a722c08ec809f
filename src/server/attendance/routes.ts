// HTTP of the attendance journal: a course's journal, saving and confirming a day, and the
// methodist's view of her territory's learners across courses.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  confirmInput,
  dayInput,
  journal,
  journalDayParams,
  journalDayUpdate,
  journalParams,
  territoryAttendance,
  territoryQuery,
} from '../../contract/attendance.js';
import { problem } from '../../contract/common.js';
import type { Ctx } from '../context.js';
import { sendDownload } from '../http/download.js';
import { signedIn } from '../http/request.js';
import { XLSX_RESPONSE, XLSX_TYPE } from '../http/xlsx.js';
import { presentDay, presentJournal, presentTerritory } from './present.js';
import * as attendance from './service.js';
import { territoryWorkbook } from './spreadsheet.js';

const tags = ['Посещаемость'];
const readErrors = { 400: problem, 401: problem, 403: problem, 404: problem };
const writeErrors = { ...readErrors, 409: problem, 422: problem };

export const attendanceRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    // A visitor's write is refused as unauthenticated before its body is even looked at.
    app.addHook('preValidation', async (request) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') signedIn(request);
    });

    app.get(
      '/courses/:id/attendance',
      {
        schema: {
          tags,
          summary: 'Журнал посещаемости курса',
          description:
            'Дни расписания × слушатели (до формирования группы — переданные поставщику заявки, после — ' +
            'слушатели групп и неявившиеся в первый день), отметки с тем, кто и когда их поставил, ' +
            'подтверждённые дни и итоги. Методист видит слушателей своей территории.',
          params: journalParams,
          response: { 200: journal, ...readErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        return presentJournal(await attendance.getJournal(ctx, who, request.params.id));
      },
    );

    app.put(
      '/courses/:id/attendance/:date',
      {
        schema: {
          tags,
          summary: 'Сохранить посещаемость дня',
          description:
            'Отметки дня одним запросом: `[{applicationId, mark, reason?}]` (`present: true|false` — ' +
            'сокращение) или `{marks, reason}`, где `reason` объясняет изменение подтверждённого дня ' +
            '(без причины его меняет только начальник подразделения). Дата — день расписания, не позже ' +
            'сегодняшнего; уважительная причина обязательна для `excused`. Слушатели, которых нет в ' +
            'запросе, сохраняют свои отметки. Ответ — этот день, как его показывает журнал: итоги, ' +
            'подтверждение, отметки видимых слушателей и счёт по территориям.',
          params: journalDayParams,
          body: dayInput,
          response: { 200: journalDayUpdate, ...writeErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        const { id, date } = request.params;
        return presentDay(await attendance.saveDay(ctx, who, id, date, request.body));
      },
    );

    app.post(
      '/courses/:id/attendance/:date/confirm',
      {
        schema: {
          tags,
          summary: 'Подтвердить посещаемость дня',
          description:
            'Когда отмечены все слушатели. Повторное подтверждение ничего не меняет. Изменить ' +
            'подтверждённый день может начальник подразделения или руководитель курсов с причиной. ' +
            'Ответ — этот день, как при сохранении.',
          params: journalDayParams,
          body: confirmInput,
          response: { 200: journalDayUpdate, ...writeErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        const { id, date } = request.params;
        return presentDay(await attendance.confirmDay(ctx, who, id, date));
      },
    );

    app.get(
      '/attendance/territory',
      {
        schema: {
          tags,
          summary: 'Посещаемость слушателей территории',
          description:
            'Методист — слушатели своей территории на начавшихся курсах: отметка первого дня и итоги. ' +
            'Оператор — любой территории (`territoryId`) или всех. `from`, `to` — курсы, начавшиеся в этот период; ' +
            'не более 5000 слушателей, начиная с курсов, начавшихся последними (`truncated`, если есть ещё); ' +
            '`sort` — порядок: `course`, `teacher`, `organization`, `mark`, `-` перед ним — по убыванию (по умолчанию `-course`).',
          querystring: territoryQuery,
          response: { 200: territoryAttendance, ...readErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        return presentTerritory(await attendance.territoryAttendance(ctx, who, request.query));
      },
    );

    app.get(
      '/attendance/territory.xlsx',
      {
        schema: {
          tags,
          summary: 'Посещаемость слушателей территории в Excel',
          description:
            'Те же фильтры и порядок, что у списка. Выгрузка персональных данных записывается в журнал.',
          querystring: territoryQuery,
          response: {
            200: XLSX_RESPONSE,
            ...readErrors,
          },
        },
      },
      async (request, reply) => {
        const result = await attendance.exportTerritoryAttendance(ctx, signedIn(request), request.query);
        const body = await territoryWorkbook(result.items);
        return sendDownload(reply, XLSX_TYPE, 'Посещаемость слушателей.xlsx', body);
      },
    );
  };
