// The profile policy: a teacher, their own profile only.
import { describe, expect, it } from 'vitest';
import { actor, outcome, rolesThat } from '../../../test/actors.js';
import { profilePolicy } from './policy.js';

const { can, authorize, actions } = profilePolicy;

describe('profile policy: role × action', () => {
  for (const action of actions)
    it(`${action}: a teacher, their own profile`, () => {
      expect(rolesThat((a) => can(a, action, { userId: 1 }))).toEqual(['teacher']);
      expect(can(actor({ role: 'teacher' }), action, { userId: 2 })).toBe(false);
      expect(can(null, action, { userId: 1 })).toBe(false);
      expect(() => authorize(actor({ role: 'methodist' }), action, { userId: 1 })).toThrow(
        'Профиль с данными для документов есть только у педагога',
      );
      expect(() => authorize(actor({ role: 'teacher' }), action, undefined)).toThrow(
        'Профиль педагога не найден. Обратитесь к оператору Банка',
      );
      expect(outcome(() => authorize(actor({ role: 'teacher' }), action, { userId: 2 }))).toBe(404);
    });
});
