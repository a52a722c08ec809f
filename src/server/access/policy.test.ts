import { describe, expect, it } from 'vitest';
import { DEPT, departmentCast, outcome, withTemporaryPassword } from '../../../test/actors.js';
import { definePolicy, rule } from './policy.js';
import { isStaffOf } from './predicates.js';

type Row = { departmentId: number; locked: boolean };
const policy = definePolicy({
  'thing.view': rule<Row>(['head', 'manager'], (a, row) => isStaffOf(a, row.departmentId)),
  'thing.edit': rule<Row>(['head', 'manager'], (a, row) => isStaffOf(a, row.departmentId) && !row.locked, {
    sees: (a, row) => isStaffOf(a, row.departmentId),
    denied: 'Запись заперта',
    missing: 'Запись не найдена',
  }),
  'thing.create': rule(['head']),
});

const { head, manager, teacher } = departmentCast;
const mine: Row = { departmentId: DEPT, locked: false };
const locked: Row = { departmentId: DEPT, locked: true };
const theirs: Row = { departmentId: DEPT + 1, locked: false };

describe('access policy: the one 403/404 rule', () => {
  it('403 for a role that may never attempt the action, before the row is judged', () => {
    expect(outcome(() => policy.authorize(teacher, 'thing.view', mine))).toBe(403);
    expect(outcome(() => policy.authorize(teacher, 'thing.view', undefined))).toBe(403);
    expect(outcome(() => policy.authorize(manager, 'thing.create', null))).toBe(403);
  });

  it('404 for a missing row or one outside what the actor sees', () => {
    expect(outcome(() => policy.authorize(head, 'thing.view', undefined))).toBe(404);
    expect(outcome(() => policy.authorize(head, 'thing.view', theirs))).toBe(404);
    expect(outcome(() => policy.authorize(head, 'thing.edit', theirs))).toBe(404);
  });

  it('403 with the rule’s reason for a row the actor sees but may not change', () => {
    expect(() => policy.authorize(head, 'thing.edit', locked)).toThrow('Запись заперта');
    expect(outcome(() => policy.authorize(head, 'thing.edit', locked))).toBe(403);
  });

  it('hands back the row when allowed', () => {
    expect(policy.authorize(manager, 'thing.edit', mine)).toBe(mine);
    expect(policy.authorize(head, 'thing.create', null)).toBeNull();
  });

  it('grants nothing to a visitor, to a temporary password, or for an unknown action', () => {
    const temporary = withTemporaryPassword(head);
    for (const who of [null, undefined, temporary]) {
      expect(policy.can(who, 'thing.view', mine)).toBe(false);
      expect(policy.mayAttempt(who, 'thing.view')).toBe(false);
    }
    expect(policy.can(head, 'thing.delete' as 'thing.view', mine)).toBe(false);
    expect(policy.can(head, 'constructor' as 'thing.view', mine)).toBe(false);
    expect(outcome(() => policy.authorize(head, 'thing.delete' as 'thing.view', mine))).toBe(403);
  });

  it('authorizeAttempt: the 403 alone, for a list or a bulk action with no one row to judge', () => {
    expect(policy.authorizeAttempt(head, 'thing.edit')).toBe(head);
    expect(() => policy.authorizeAttempt(teacher, 'thing.edit')).toThrow('Запись заперта');
    expect(outcome(() => policy.authorizeAttempt(null, 'thing.view'))).toBe(403);
    expect(outcome(() => policy.authorizeAttempt(head, 'thing.delete' as 'thing.view'))).toBe(403);
  });

  it('gives presenters the same answers as abilities', () => {
    expect(policy.abilities(head, locked, ['thing.view', 'thing.edit'])).toEqual({
      'thing.view': true,
      'thing.edit': false,
    });
    expect(policy.actions).toEqual(['thing.view', 'thing.edit', 'thing.create']);
  });
});
