// The audit log as the operator browses it.
import { id, idFilter, pageQuery, searchText } from './common.js';
import { z } from './zod.js';

const auditFilters = {
  actorId: idFilter,
  action: z.string().trim().max(100).optional(),
  entityType: z.string().trim().max(100).optional(),
  entityId: z.string().trim().max(100).optional(),
  /** Searches the login and the actor's name. */
  q: searchText,
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
};
export const auditListQuery = z.object({ ...auditFilters, ...pageQuery });
export type AuditListQuery = z.output<typeof auditListQuery>;
/** The export: the same filters, the whole log they select. */
export const auditExportQuery = z.object(auditFilters);
export type AuditExportQuery = z.output<typeof auditExportQuery>;

export const auditEvent = z.object({
  id,
  at: z.string(),
  actorId: id.nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  login: z.string().nullable(),
  ip: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof auditEvent>;
