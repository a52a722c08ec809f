// Actors without a database, for policy matrices: one per role around one department of one
// provider and one territory, the same roles just outside them, and the rows such a matrix judges
// (the department's own, another department's of the same provider, another provider's).
import { expect, it } from 'vitest';
import type { Actor, Grant, Role } from '../src/server/access/actor.js';
import { ANY_ROLE } from '../src/server/access/policy.js';

export const actor = (grant: Partial<Grant> & Pick<Grant, 'role'>, over: Partial<Actor> = {}): Actor => ({
  userId: 1,
  login: 'x@example.ru',
  grants: [{ territoryId: null, providerId: null, departmentId: null, ...grant }],
  mustChangePassword: false,
  sessionId: 's',
  csrfToken: 'c',
  ...over,
});

/** The same actor before they changed a temporary password: granted nothing. */
export const withTemporaryPassword = (a: Actor): Actor => ({ ...a, mustChangePassword: true });

export const DEPT = 3;
export const PROVIDER = 7;
export const TERRITORY = 5;
/** The teacher's user id, distinct from every other actor's (they all are user 1). */
export const TEACHER = 100;

/** Every role around department DEPT of provider PROVIDER and territory TERRITORY, and the anonymous visitor. */
export const departmentCast = {
  anonymous: null,
  operator: actor({ role: 'operator' }),
  providerAdmin: actor({ role: 'provider_admin', providerId: PROVIDER }),
  head: actor({ role: 'head', departmentId: DEPT, providerId: PROVIDER }),
  manager: actor({ role: 'manager', departmentId: DEPT, providerId: PROVIDER }),
  methodist: actor({ role: 'methodist', territoryId: TERRITORY }),
  teacher: actor({ role: 'teacher' }, { userId: TEACHER }),
  headWithTemporaryPassword: actor({ role: 'head', departmentId: DEPT }, { mustChangePassword: true }),
};
export type CastMember = keyof typeof departmentCast;

/** The same roles just outside: another provider's department, another territory, another teacher. */
export const outsiders = {
  otherProviderAdmin: actor({ role: 'provider_admin', providerId: PROVIDER + 1 }),
  otherManager: actor({ role: 'manager', departmentId: DEPT + 1, providerId: PROVIDER + 1 }),
  otherMethodist: actor({ role: 'methodist', territoryId: TERRITORY + 1 }),
  otherTeacher: actor({ role: 'teacher' }, { userId: TEACHER + 1 }),
};

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

/** The members of `cast` answered yes, in the cast's order. */
export const whoCan = <C extends Record<string, Actor | null>>(
  cast: C,
  decide: (actor: Actor | null) => boolean,
): (keyof C & string)[] =>
  (Object.keys(cast) as (keyof C & string)[]).filter((member) => decide(cast[member] as Actor | null));

/** The roles whose holder (user 1, no territory, provider or department) is answered yes. */
export const rolesThat = (decide: (actor: Actor) => boolean, over: Partial<Actor> = {}): Role[] =>
  ANY_ROLE.filter((role) => decide(actor({ role }, over)));

/** The HTTP status a call answers with: the one it throws, or 200. */
export const outcome = (fn: () => unknown): number => {
  try {
    fn();
    return 200;
  } catch (e) {
    return (e as { status: number }).status;
  }
};

/** Outside the actor's department only the readers see: within the provider its administrator and
 * the operator, at another provider the operator alone. */
export const outsideDepartment = (reads: boolean) => ({
  sameProvider: allowed(reads ? { operator: true, providerAdmin: true } : {}),
  elsewhere: allowed(reads ? { operator: true } : {}),
});

/** One test per action of a department's policy: `expected` in the actor's own department, and
 * outside it the readers of `view` alone. */
export const departmentMatrix = <A extends string>(
  actions: readonly A[],
  view: A,
  expected: Record<A, Record<CastMember, boolean>>,
  table: (action: A, where: typeof own) => Record<CastMember, boolean>,
) => {
  for (const action of actions)
    it(action, () => {
      expect(table(action, own)).toEqual(expected[action]);
      const outside = outsideDepartment(action === view);
      expect(table(action, sameProvider)).toEqual(outside.sameProvider);
      expect(table(action, elsewhere)).toEqual(outside.elsewhere);
    });
};
