// The audit log's policy: the operator only.
import { describe, expect, it } from 'vitest';
import { actor, rolesThat, withTemporaryPassword } from '../../../test/actors.js';
import { auditPolicy } from './policy.js';

describe('audit policy: role × action', () => {
  it('audit.view: the operator only, with the reason for anyone else', () => {
    expect(rolesThat((a) => auditPolicy.can(a, 'audit.view', null))).toEqual(['operator']);
    expect(auditPolicy.can(null, 'audit.view', null)).toBe(false);
    expect(auditPolicy.can(withTemporaryPassword(actor({ role: 'operator' })), 'audit.view', null)).toBe(
      false,
    );
    expect(() => auditPolicy.authorize(actor({ role: 'provider_admin' }), 'audit.view', null)).toThrow(
      'Журнал аудита доступен только оператору',
    );
    expect(auditPolicy.authorize(actor({ role: 'operator' }), 'audit.view', null)).toBeNull();
  });
});
