// Actors without a database, for policy matrices: one per role around one department of one
// provider, and the rows such a matrix judges (the department's own, another department's of the
// same provider, another provider's).
import type { Actor, Grant } from '../src/server/access/actor.js';

export const actor = (grant: Partial<Grant> & Pick<Grant, 'role'>, over: Partial<Actor> = {}): Actor => ({
  userId: 1,
  login: 'x@example.ru',
  grants: [{ territoryId: null, providerId: null, departmentId: null, ...grant }],
  mustChangePassword: false,
  sessionId: 's',
  csrfToken: 'c',
  ...over,
});

const DEPT = 3;
const PROVIDER = 7;

/** Every role around department DEPT of provider PROVIDER, and the anonymous visitor. */
export const departmentCast = {
  anonymous: null,
  operator: actor({ role: 'operator' }),
  providerAdmin: actor({ role: 'provider_admin', providerId: PROVIDER }),
  head: actor({ role: 'head', departmentId: DEPT, providerId: PROVIDER }),
  manager: actor({ role: 'manager', departmentId: DEPT, providerId: PROVIDER }),
  methodist: actor({ role: 'methodist', territoryId: 5 }),
  teacher: actor({ role: 'teacher' }),
  headWithTemporaryPassword: actor({ role: 'head', departmentId: DEPT }, { mustChangePassword: true }),
};
export type CastMember = keyof typeof departmentCast;

export const own = { departmentId: DEPT, providerId: PROVIDER };
export const sameProvider = { departmentId: DEPT + 1, providerId: PROVIDER };
export const elsewhere = { departmentId: DEPT + 2, providerId: PROVIDER + 1 };

/** A row of the matrix: the members named true may, no one else. */
export const allowed = (o: Partial<Record<CastMember, boolean>>): Record<CastMember, boolean> => ({
  anonymous: false,
  operator: false,
  providerAdmin: false,
  head: false,
  manager: false,
  methodist: false,
  teacher: false,
  headWithTemporaryPassword: false,
  ...o,
});

/** What each member of the cast is answered. */
export const answers = (decide: (actor: Actor | null) => boolean) =>
  Object.fromEntries(Object.entries(departmentCast).map(([member, a]) => [member, decide(a)])) as Record<
    CastMember,
    boolean
  >;
