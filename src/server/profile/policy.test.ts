// The profile policy: a teacher, their own profile only.
import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../access/actor.js';
import { ANY_ROLE } from '../access/policy.js';
import { profilePolicy } from './policy.js';

const { can, authorize, actions } = profilePolicy;

const actor = (role: Role, over: Partial<Actor> = {}): Actor => ({
  userId: 1,
  login: 'x@example.ru',
  grants: [{ role, territoryId: null, providerId: null, departmentId: null }],
  mustChangePassword: false,
  sessionId: 's',
  csrfToken: 'c',
  ...over,
});

const outcome = (fn: () => unknown) => {
  try {
    fn();
    return 200;
  } catch (e) {
    return (e as { status: number }).status;
  }
};

describe('profile policy: role × action', () => {
  for (const action of actions)
    it(`${action}: a teacher, their own profile`, () => {
      expect(ANY_ROLE.filter((role) => can(actor(role), action, { userId: 1 }))).toEqual(['teacher']);
      expect(can(actor('teacher'), action, { userId: 2 })).toBe(false);
      expect(can(null, action, { userId: 1 })).toBe(false);
      expect(() => authorize(actor('methodist'), action, { userId: 1 })).toThrow(
        'Профиль с данными для документов есть только у педагога',
      );
      expect(() => authorize(actor('teacher'), action, undefined)).toThrow(
        'Профиль педагога не найден. Обратитесь к оператору Банка',
      );
      expect(outcome(() => authorize(actor('teacher'), action, { userId: 2 }))).toBe(404);
    });
});
