import { describe, expect, it } from 'vitest';
import {
  departmentCast,
  elsewhere,
  outsiders,
  own,
  whoCan,
  withTemporaryPassword,
} from '../../../test/actors.js';
import type { Actor } from '../access/actor.js';
import { type DirectoryAction, directoryPolicy } from './policy.js';

const { can, mayAttempt, actions: DIRECTORY_ACTIONS } = directoryPolicy;

const cast = {
  ...departmentCast,
  ...outsiders,
  operatorWithTemporaryPassword: withTemporaryPassword(departmentCast.operator),
};
/** Every action on the actor's own provider (where a provider is involved) and on another's. */
function decide(a: Actor | null, action: DirectoryAction, providerId: number): boolean {
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
      const who = (providerId: number) => whoCan(cast, (a) => decide(a, action, providerId));
      // The operator everywhere; a provider's administrator on what is kept by the provider, their own only.
      expect(who(own.providerId)).toEqual(
        PROVIDER_KEPT.has(action) ? ['operator', 'providerAdmin'] : ['operator'],
      );
      expect(who(elsewhere.providerId)).toEqual(
        PROVIDER_KEPT.has(action) ? ['operator', 'otherProviderAdmin'] : ['operator'],
      );
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
