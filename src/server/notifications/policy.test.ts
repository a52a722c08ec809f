// The notification policy: one's own notifications, and the outbox for the operator.
import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../access/actor.js';
import { ANY_ROLE } from '../access/policy.js';
import { notificationsPolicy } from './policy.js';

const { can, authorize, mayAttempt } = notificationsPolicy;

const actor = (role: Role, userId = 1, over: Partial<Actor> = {}): Actor => ({
  userId,
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

describe('notification policy: role × action', () => {
  it('outbox.view: the operator only', () => {
    expect(ANY_ROLE.filter((role) => mayAttempt(actor(role), 'outbox.view'))).toEqual(['operator']);
    expect(mayAttempt(null, 'outbox.view')).toBe(false);
    expect(mayAttempt(actor('operator', 1, { mustChangePassword: true }), 'outbox.view')).toBe(false);
    expect(() => authorize(actor('manager'), 'outbox.view', null)).toThrow(
      'Почтовые сообщения доступны только оператору',
    );
  });

  it('notification.markRead: anyone, their own only — another’s does not exist for them', () => {
    for (const role of ANY_ROLE) {
      expect(can(actor(role, 1), 'notification.markRead', { userId: 1 })).toBe(true);
      expect(can(actor(role, 1), 'notification.markRead', { userId: 2 })).toBe(false);
    }
    expect(can(null, 'notification.markRead', { userId: 1 })).toBe(false);
    expect(outcome(() => authorize(actor('operator', 1), 'notification.markRead', { userId: 2 }))).toBe(404);
    expect(() => authorize(actor('teacher', 1), 'notification.markRead', undefined)).toThrow(
      'Уведомление не найдено',
    );
  });
});
