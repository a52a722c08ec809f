// HTTP surface of the audit log: the operator browses who did what, when, before → after.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type AuditEvent, auditEvent, auditListQuery } from '../../contract/audit.js';
import { page, problem } from '../../contract/common.js';
import { fullName } from '../auth/present.js';
import type { Ctx } from '../context.js';
import { signedIn } from '../http/request.js';
import type { AuditRow } from './queries.js';
import { findAuditEvents } from './service.js';

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
  };
