// The conversation policy as a role × action table: a thread's two sides, nobody else.
import { describe, expect, it } from 'vitest';
import type { Actor, Grant } from '../access/actor.js';
import { conversationsPolicy, type ThreadTarget } from './policy.js';

const { can, authorize, actions } = conversationsPolicy;

const T = 5;
const D = 3;

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
  providerAdmin: actor({ role: 'provider_admin', providerId: 7 }),
  head: actor({ role: 'head', departmentId: D, providerId: 7 }),
  manager: actor({ role: 'manager', departmentId: D, providerId: 7 }),
  methodist: actor({ role: 'methodist', territoryId: T }),
  teacher: actor({ role: 'teacher' }),
  otherManager: actor({ role: 'manager', departmentId: D + 1, providerId: 8 }),
  otherMethodist: actor({ role: 'methodist', territoryId: T + 1 }),
  managerWithTemporaryPassword: actor({ role: 'manager', departmentId: D }, { mustChangePassword: true }),
};
type Who = keyof typeof cast;

const thread: ThreadTarget = { departmentId: D, territoryId: T, publishedAt: new Date('2026-09-01') };
const draft: ThreadTarget = { ...thread, publishedAt: null };

const outcome = (fn: () => unknown) => {
  try {
    fn();
    return 200;
  } catch (e) {
    return (e as { status: number }).status;
  }
};

describe('conversation policy: role × action', () => {
  for (const action of actions)
    it(`${action}: the department's staff and the territory's methodists, about a published course`, () => {
      const who = (row: ThreadTarget) =>
        (Object.keys(cast) as Who[]).filter((w) => can(cast[w], action, row));
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
