// The notification policy: one's own notifications, and the outbox for the operator.
import { describe, expect, it } from 'vitest';
import { actor, outcome, rolesThat, withTemporaryPassword } from '../../../test/actors.js';
import { ANY_ROLE } from '../access/policy.js';
import { notificationsPolicy } from './policy.js';

const { can, authorize, mayAttempt } = notificationsPolicy;

describe('notification policy: role × action', () => {
  it('outbox.view: the operator only', () => {
    expect(rolesThat((a) => mayAttempt(a, 'outbox.view'))).toEqual(['operator']);
    expect(mayAttempt(null, 'outbox.view')).toBe(false);
    expect(mayAttempt(withTemporaryPassword(actor({ role: 'operator' })), 'outbox.view')).toBe(false);
    expect(() => authorize(actor({ role: 'manager' }), 'outbox.view', null)).toThrow(
      'Почтовые сообщения доступны только оператору',
    );
  });

  it('notification.markRead: anyone, their own only — another’s does not exist for them', () => {
    for (const role of ANY_ROLE) {
      expect(can(actor({ role }), 'notification.markRead', { userId: 1 })).toBe(true);
      expect(can(actor({ role }), 'notification.markRead', { userId: 2 })).toBe(false);
    }
    expect(can(null, 'notification.markRead', { userId: 1 })).toBe(false);
    expect(
      outcome(() => authorize(actor({ role: 'operator' }), 'notification.markRead', { userId: 2 })),
    ).toBe(404);
    expect(() => authorize(actor({ role: 'teacher' }), 'notification.markRead', undefined)).toThrow(
      'Уведомление не найдено',
    );
  });
});
