// HTTP surface of the audit log: the operator browses who did what, when, before → after.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type AuditEvent, auditEvent, auditExportQuery, auditListQuery } from '../../contract/audit.js';
import {
  type AuditNames,
  auditActionLabel,
  auditEntityLabel,
  auditSideText,
} from '../../contract/audit-labels.js';
import { page, problem } from '../../contract/common.js';
import { fullName } from '../auth/present.js';
import type { Ctx } from '../context.js';
import { sendDownload } from '../http/download.js';
import { signedIn } from '../http/request.js';
import { XLSX_RESPONSE, XLSX_TYPE, type XlsxColumn, xlsxStream } from '../http/xlsx.js';
import type { AuditRow } from './queries.js';
import { exportAuditEvents, findAuditEvents } from './service.js';

const tags = ['Журнал аудита'];

const parseJson = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);

export const presentAuditEvent = (row: AuditRow): AuditEvent => ({
  id: String(row.id),
  at: row.at.toISOString(),
  actorId: row.actorId === null ? null : String(row.actorId),
  actorName:
    row.actorId !== null && row.actorLastName !== null && row.actorFirstName !== null
      ? fullName({
          lastName: row.actorLastName,
          firstName: row.actorFirstName,
          middleName: row.actorMiddleName,
        })
      : null,
  action: row.action,
  entityType: row.entityType,
  entityId: row.entityId,
  before: parseJson(row.before) ?? null,
  after: parseJson(row.after) ?? null,
  login: row.login,
  ip: row.ip,
});

/**
 * The log's columns in a spreadsheet, in the words of the operator's page: the instant in the
 * region's time, who, what to which record, each side of the change a field a line.
 */
const auditColumns = (names: AuditNames): readonly XlsxColumn<AuditRow>[] => [
  { header: 'Время (Пермь)', width: 20, kind: 'time', value: (r) => r.at },
  { header: 'Кто', width: 32, value: (r) => presentAuditEvent(r).actorName ?? '' },
  { header: 'Логин', width: 28, value: (r) => r.login ?? '' },
  { header: 'Действие', width: 36, value: (r) => auditActionLabel(r.action) },
  { header: 'Объект', width: 22, value: (r) => auditEntityLabel(r.entityType) },
  { header: 'Номер', width: 10, value: (r) => r.entityId ?? '' },
  {
    header: 'Было',
    width: 50,
    wrap: true,
    value: (r) => auditSideText(parseJson(r.before), r.entityType, names),
  },
  {
    header: 'Стало',
    width: 50,
    wrap: true,
    value: (r) => auditSideText(parseJson(r.after), r.entityType, names),
  },
  { header: 'IP', width: 16, value: (r) => r.ip ?? '' },
];

export const auditRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/audit',
      {
        schema: {
          tags,
          summary: 'Журнал аудита (оператор)',
          description:
            'События от новых к старым. `from`/`to` — даты (включительно), `q` ищет по логину и ФИО того, ' +
            'кто действовал.',
          querystring: auditListQuery,
          response: { 200: page(auditEvent), 400: problem, 401: problem, 403: problem },
        },
      },
      async (request) => {
        const result = await findAuditEvents(ctx, signedIn(request), request.query);
        return { items: result.items.map(presentAuditEvent), total: result.total };
      },
    );

    app.get(
      '/audit.xlsx',
      {
        schema: {
          tags,
          summary: 'Журнал аудита в Excel (оператор)',
          description:
            'Те же фильтры, что у журнала, — все отобранные события (до 50 000), от новых к старым, потоком. ' +
            'Выгрузка сама записывается в журнал.',
          querystring: auditExportQuery,
          response: {
            200: XLSX_RESPONSE,
            400: problem,
            401: problem,
            403: problem,
          },
        },
      },
      async (request, reply) => {
        const { names, batches } = await exportAuditEvents(ctx, signedIn(request), request.query);
        return sendDownload(
          reply,
          XLSX_TYPE,
          'Журнал аудита.xlsx',
          xlsxStream('Журнал аудита', auditColumns(names), batches),
        );
      },
    );
  };
