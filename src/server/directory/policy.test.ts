import { describe, expect, it } from 'vitest';
import type { Actor, Grant } from '../access/actor.js';
import { type DirectoryAction, directoryPolicy } from './policy.js';

const { can, mayAttempt, actions: DIRECTORY_ACTIONS } = directoryPolicy;

const PROVIDER = 7;
const OTHER_PROVIDER = 8;

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
  head: actor({ role: 'head', departmentId: 3, providerId: PROVIDER }),
  manager: actor({ role: 'manager', departmentId: 3, providerId: PROVIDER }),
  methodist: actor({ role: 'methodist', territoryId: 5 }),
  teacher: actor({ role: 'teacher' }),
  operatorWithTemporaryPassword: actor({ role: 'operator' }, { mustChangePassword: true }),
};
type Who = keyof typeof cast;

/** Every action on the actor's own provider (where a provider is involved) and on another's. */
function decide(who: Who, action: DirectoryAction, providerId: number): boolean {
  const a = cast[who];
  switch (action) {
    case 'territory.create':
    case 'organization.create':
    case 'provider.create':
    case 'position.create':
      return can(a, action, null);
    case 'territory.update':
    case 'organization.update':
    case 'position.update':
      return can(a, action, { id: 1 });
    case 'provider.update':
      return can(a, action, { id: providerId });
    case 'department.create':
    case 'department.update':
      return can(a, action, { providerId });
  }
}

const PROVIDER_KEPT = new Set<DirectoryAction>(['provider.update', 'department.create', 'department.update']);

describe('directory policy: role × action', () => {
  for (const action of DIRECTORY_ACTIONS) {
    it(`${action}`, () => {
      const own = Object.fromEntries(Object.keys(cast).map((w) => [w, decide(w as Who, action, PROVIDER)]));
      const other = Object.fromEntries(
        Object.keys(cast).map((w) => [w, decide(w as Who, action, OTHER_PROVIDER)]),
      );
      const expected = (providerAdmin: boolean) => ({
        anonymous: false,
        operator: true,
        providerAdmin,
        head: false,
        manager: false,
        methodist: false,
        teacher: false,
        operatorWithTemporaryPassword: false,
      });
      expect(own).toEqual(expected(PROVIDER_KEPT.has(action)));
      expect(other).toEqual(expected(false));
    });
  }

  it('tells who may attempt an action at all (403) from who may not touch this row (404)', () => {
    expect(mayAttempt(cast.providerAdmin, 'provider.update')).toBe(true);
    expect(mayAttempt(cast.providerAdmin, 'territory.update')).toBe(false);
    expect(mayAttempt(cast.teacher, 'department.create')).toBe(false);
    expect(mayAttempt(cast.anonymous, 'position.create')).toBe(false);
    expect(mayAttempt(cast.operator, 'position.create')).toBe(true);
  });

  it('denies an action it does not know', () => {
    expect(can(cast.operator, 'territory.delete' as DirectoryAction, null as never)).toBe(false);
    expect(mayAttempt(cast.operator, 'territory.delete' as DirectoryAction)).toBe(false);
  });
});
