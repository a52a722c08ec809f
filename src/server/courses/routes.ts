// HTTP of courses in the workspace: the department's courses, their quotas, responsible manager
// and lifecycle actions. Their files are files/routes.ts; the public course page is catalog/.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  course,
  courseAction,
  courseCreate,
  courseExportQuery,
  courseListQuery,
  courseSummary,
  courseUpdate,
  historyEntry,
  managerInput,
  quotasInput,
  transitionInput,
} from '../../contract/catalog.js';
import { idParam, page, problem } from '../../contract/common.js';
import { z } from '../../contract/zod.js';
import type { Ctx } from '../context.js';
import { sendDownload } from '../http/download.js';
import { signedIn } from '../http/request.js';
import { toXlsx, XLSX_RESPONSE, XLSX_TYPE } from '../http/xlsx.js';
import { COURSE_COLUMNS, presentCourse, presentCourseSummary, presentHistory } from './present.js';
import * as courses from './service.js';

const tags = ['Программы и курсы'];
const params = z.object({ id: idParam });
const readErrors = { 400: problem, 401: problem, 403: problem, 404: problem };
const writeErrors = { ...readErrors, 409: problem, 422: problem };

export const courseRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    // A visitor's write is refused as unauthenticated before its body is even looked at.
    app.addHook('preValidation', async (request) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') signedIn(request);
    });

    app.get(
      '/courses',
      {
        schema: {
          tags,
          summary: 'Курсы (рабочий кабинет)',
          description:
            'Сотрудники подразделения видят все его курсы, включая черновики; администратор поставщика и ' +
            'оператор — опубликованные курсы (поставщика и все). Порядок `sort`: `program`, `startsOn`, ' +
            '`applyUntil`, `status`, `manager`, `-` перед ним — по убыванию; без него — новые курсы первыми.',
          querystring: courseListQuery,
          response: { 200: page(courseSummary), ...readErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        const result = await courses.findCourses(ctx, who, request.query);
        return { items: result.items.map((r) => presentCourseSummary(r, who.actor)), total: result.total };
      },
    );

    app.get(
      '/courses.xlsx',
      {
        schema: {
          tags,
          summary: 'Курсы (рабочий кабинет) в Excel',
          description:
            'Те же курсы, фильтры и порядок, что у списка, все строки. Выгрузка записывается в журнал.',
          querystring: courseExportQuery,
          response: {
            200: XLSX_RESPONSE,
            ...readErrors,
          },
        },
      },
      async (request, reply) => {
        const list = await courses.exportCourses(ctx, signedIn(request), request.query);
        return sendDownload(
          reply,
          XLSX_TYPE,
          'Курсы.xlsx',
          await toXlsx('Курсы', COURSE_COLUMNS, list.items),
        );
      },
    );

    app.get(
      '/courses/:id',
      {
        schema: { tags, summary: 'Курс (рабочий кабинет)', params, response: { 200: course, ...readErrors } },
      },
      async (request) => {
        const who = signedIn(request);
        return presentCourse(await courses.getCourse(ctx, who, request.params.id), who.actor);
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
        return presentHistory(await courses.getCourseHistory(ctx, who, request.params.id));
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
        const card = await courses.createCourse(ctx, who, request.body);
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
          await courses.updateCourse(ctx, who, request.params.id, request.body),
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
          await courses.setCourseQuotas(ctx, who, request.params.id, request.body),
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
          await courses.reassignCourseManager(ctx, who, request.params.id, request.body.managerId),
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
        const card = await courses.transitionCourse(
          ctx,
          who,
          request.params.id,
          request.params.action,
          request.body,
        );
        return presentCourse(card, who.actor);
      },
    );
  };
