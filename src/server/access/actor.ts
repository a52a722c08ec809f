// Who is acting: the signed-in user with their role grants, or an anonymous visitor.
import type { Role } from '../db/schema.js';

export type { Role };

/** One role held with its scope. A head's or manager's grant also carries their department's provider. */
export type Grant = {
  role: Role;
  territoryId: number | null;
  providerId: number | null;
  departmentId: number | null;
};

export type Actor = {
  userId: number;
  login: string;
  grants: Grant[];
  mustChangePassword: boolean;
  sessionId: string;
  csrfToken: string;
};

/** Where a request came from: recorded in the audit log, used to throttle. */
export type RequestMeta = { ip: string; userAgent: string | null };

/** The acting party of a use case: the actor (null for a visitor) and where the request came from. */
export type Who = { actor: Actor | null; meta: RequestMeta };
