// The program policy as a role × action matrix: inside the actor's department or provider, and
// outside it.
import { describe, expect, it } from 'vitest';
import type { Actor, Grant } from '../access/actor.js';
import { type ProgramPolicyAction, programPolicy } from './policy.js';

const { can, mayAttempt, authorize, actions } = programPolicy;

const DEPT = 3;
const PROVIDER = 7;

const actor = (grant: Partial<Grant> & Pick<Grant, 'role'>, over: Partial<Actor> = {}): Actor => ({
  userId: 1,
  login: 'x@example.ru',
  grants: [{ territoryId: null, providerId: null, departmentId: null, ...grant }],
  mustChangePassword: false,
  sessionId: 's',
  csrfToken: 'c',
  ...over,
});

const cast = {
  anonymous: null,
  operator: actor({ role: 'operator' }),
  providerAdmin: actor({ role: 'provider_admin', providerId: PROVIDER }),
  head: actor({ role: 'head', departmentId: DEPT, providerId: PROVIDER }),
  manager: actor({ role: 'manager', departmentId: DEPT, providerId: PROVIDER }),
  methodist: actor({ role: 'methodist', territoryId: 5 }),
  teacher: actor({ role: 'teacher' }),
  headWithTemporaryPassword: actor({ role: 'head', departmentId: DEPT }, { mustChangePassword: true }),
};
type Who = keyof typeof cast;

const own = { departmentId: DEPT, providerId: PROVIDER };
const sameProvider = { departmentId: DEPT + 1, providerId: PROVIDER };
const elsewhere = { departmentId: DEPT + 2, providerId: PROVIDER + 1 };

const row = (o: Partial<Record<Who, boolean>>) => ({
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

/** Expected answers in the actor's own department for each action. */
const STAFF = row({ head: true, manager: true });
const EXPECTED: Record<ProgramPolicyAction, ReturnType<typeof row>> = {
  'program.view': row({ operator: true, providerAdmin: true, head: true, manager: true }),
  'program.create': STAFF,
  'program.update': STAFF,
  'program.files': STAFF,
};

const table = (action: ProgramPolicyAction, where: typeof own) =>
  Object.fromEntries(Object.keys(cast).map((w) => [w, can(cast[w as Who], action, where)]));

describe('program policy: role × action', () => {
  for (const action of actions) {
    it(action, () => {
      expect(table(action, own)).toEqual(EXPECTED[action]);
      // Another department of the same provider: only its readers (provider admin, operator).
      const readers = action === 'program.view';
      expect(table(action, sameProvider)).toEqual(
        row(readers ? { operator: true, providerAdmin: true } : {}),
      );
      expect(table(action, elsewhere)).toEqual(row(readers ? { operator: true } : {}));
    });
  }

  it("hides another department's program (404) but refuses creating in another department (403)", () => {
    expect(mayAttempt(cast.anonymous, 'program.view')).toBe(false);
    expect(mayAttempt(cast.providerAdmin, 'program.update')).toBe(false);
    expect(() => authorize(cast.manager, 'program.update', elsewhere)).toThrow(
      expect.objectContaining({ status: 404 }),
    );
    expect(() => authorize(cast.manager, 'program.create', elsewhere)).toThrow(
      'Программы создаются только в своём подразделении',
    );
  });
});
