// The audit log's policy: the operator only.
import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../access/actor.js';
import { ANY_ROLE } from '../access/policy.js';
import { auditPolicy } from './policy.js';

const actor = (role: Role, over: Partial<Actor> = {}): Actor => ({
  userId: 1,
  login: 'x@example.ru',
  grants: [{ role, territoryId: null, providerId: null, departmentId: null }],
  mustChangePassword: false,
  sessionId: 's',
  csrfToken: 'c',
  ...over,
});

describe('audit policy: role × action', () => {
  it('audit.view: the operator only, with the reason for anyone else', () => {
    expect(ANY_ROLE.filter((role) => auditPolicy.can(actor(role), 'audit.view', null))).toEqual(['operator']);
    expect(auditPolicy.can(null, 'audit.view', null)).toBe(false);
    expect(auditPolicy.can(actor('operator', { mustChangePassword: true }), 'audit.view', null)).toBe(false);
    expect(() => auditPolicy.authorize(actor('provider_admin'), 'audit.view', null)).toThrow(
      'Журнал аудита доступен только оператору',
    );
    expect(auditPolicy.authorize(actor('operator'), 'audit.view', null)).toBeNull();
  });
});
