// The conversation policy as a role × action table: a thread's two sides, nobody else.
import { describe, expect, it } from 'vitest';
import {
  DEPT,
  departmentCast,
  outcome,
  outsiders,
  TERRITORY,
  whoCan,
  withTemporaryPassword,
} from '../../../test/actors.js';
import { conversationsPolicy, type ThreadTarget } from './policy.js';

const { can, authorize, actions } = conversationsPolicy;

const cast = {
  ...departmentCast,
  ...outsiders,
  managerWithTemporaryPassword: withTemporaryPassword(departmentCast.manager),
};

const thread: ThreadTarget = {
  departmentId: DEPT,
  territoryId: TERRITORY,
  publishedAt: new Date('2026-09-01'),
};
const draft: ThreadTarget = { ...thread, publishedAt: null };

describe('conversation policy: role × action', () => {
  for (const action of actions)
    it(`${action}: the department's staff and the territory's methodists, about a published course`, () => {
      const who = (row: ThreadTarget) => whoCan(cast, (a) => can(a, action, row));
      expect(who(thread)).toEqual(['head', 'manager', 'methodist']);
      expect(who(draft)).toEqual([]);
    });

  it('403 for a role that is never a side, 404 for a thread one is not a side of', () => {
    expect(() => authorize(cast.teacher, 'conversation.view', thread)).toThrow(
      'Переписка доступна руководителям курсов и методистам',
    );
    expect(outcome(() => authorize(cast.operator, 'conversation.post', thread))).toBe(403);
    expect(outcome(() => authorize(cast.providerAdmin, 'conversation.view', undefined))).toBe(403);
    expect(() => authorize(cast.otherManager, 'conversation.view', thread)).toThrow(
      'Переписка не найдена или недоступна',
    );
    expect(outcome(() => authorize(cast.otherMethodist, 'conversation.post', thread))).toBe(404);
    expect(outcome(() => authorize(cast.manager, 'conversation.view', draft))).toBe(404);
    expect(authorize(cast.methodist, 'conversation.markRead', thread)).toBe(thread);
  });
});
