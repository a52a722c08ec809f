// The account policy as a role × action matrix: every cell is written out, so a change to who may
// do what shows here in review.
import { describe, expect, it } from 'vitest';
import { actor, outcome, withTemporaryPassword } from '../../../test/actors.js';
import type { Actor, Grant } from '../access/actor.js';
import { type AccountAction, type AccountTarget, accountsPolicy } from './policy.js';

const { can } = accountsPolicy;

const X = 10; // provider X: departments A (1) and B (2)
const Y = 20; // provider Y: department C (3)
const A = 1;
const B = 2;
const C = 3;
const T = 7; // a territory

const g = {
  operator: { role: 'operator', territoryId: null, providerId: null, departmentId: null },
  teacher: { role: 'teacher', territoryId: null, providerId: null, departmentId: null },
  methodist: { role: 'methodist', territoryId: T, providerId: null, departmentId: null },
  adminX: { role: 'provider_admin', territoryId: null, providerId: X, departmentId: null },
  headA: { role: 'head', territoryId: null, providerId: X, departmentId: A },
  managerA: { role: 'manager', territoryId: null, providerId: X, departmentId: A },
  managerB: { role: 'manager', territoryId: null, providerId: X, departmentId: B },
  headC: { role: 'head', territoryId: null, providerId: Y, departmentId: C },
} satisfies Record<string, Grant>;

let nextId = 100; // targets' user ids, apart from every actor's (user 1)

const actors = {
  operator: actor(g.operator),
  adminX: actor(g.adminX),
  headA: actor(g.headA),
  managerA: actor(g.managerA),
  methodist: actor(g.methodist),
  teacher: actor(g.teacher),
  operatorWithTemporaryPassword: withTemporaryPassword(actor(g.operator)),
};

const target = (grants: Grant[], blocked = false): AccountTarget => ({ userId: nextId++, blocked, grants });
const targets = {
  managerA: target([g.managerA]),
  headA: target([g.headA]),
  managerB: target([g.managerB]),
  headC: target([g.headC]),
  adminX: target([g.adminX]),
  operator: target([g.operator]),
  managerAndTeacher: target([g.managerA, g.teacher]),
  methodist: target([g.methodist]),
};

// Columns in the order of `targets`: managerA headA managerB headC adminX operator manager+teacher methodist.
const matrix: Record<keyof typeof actors, Partial<Record<AccountAction, string>>> = {
  operator: {
    'account.view': '11111111',
    'account.update': '11111111',
    'account.resetPassword': '11111111',
    'account.editRoles': '11111111',
  },
  adminX: {
    'account.view': '11101010',
    'account.update': '11100000',
    'account.resetPassword': '11100000',
    'account.editRoles': '00000000',
  },
  headA: {
    'account.view': '11000010',
    'account.update': '10000000',
    'account.resetPassword': '10000000',
    'account.editRoles': '00000000',
  },
  managerA: {
    'account.view': '00000000',
    'account.update': '00000000',
    'account.resetPassword': '00000000',
    'account.editRoles': '00000000',
  },
  methodist: {
    'account.view': '00000000',
    'account.update': '00000000',
    'account.resetPassword': '00000000',
    'account.editRoles': '00000000',
  },
  teacher: {
    'account.view': '00000000',
    'account.update': '00000000',
    'account.resetPassword': '00000000',
    'account.editRoles': '00000000',
  },
  operatorWithTemporaryPassword: {
    'account.view': '00000000',
    'account.update': '00000000',
    'account.resetPassword': '00000000',
    'account.editRoles': '00000000',
  },
};

describe('account policy matrix', () => {
  for (const [actorName, rows] of Object.entries(matrix)) {
    for (const [action, expected] of Object.entries(rows)) {
      it(`${actorName} × ${action}`, () => {
        const got = Object.values(targets)
          .map((t) => (can(actors[actorName as keyof typeof actors], action as AccountAction, t) ? '1' : '0'))
          .join('');
        expect(got).toBe(expected);
      });
    }
  }

  it('block and unblock follow management and the account state; nobody blocks themselves', () => {
    const op = actors.operator;
    expect(can(op, 'account.block', target([g.managerA]))).toBe(true);
    expect(can(op, 'account.block', target([g.managerA], true))).toBe(false);
    expect(can(op, 'account.unblock', target([g.managerA], true))).toBe(true);
    expect(can(op, 'account.unblock', target([g.managerA]))).toBe(false);
    expect(can(actors.headA, 'account.block', target([g.managerA]))).toBe(true);
    expect(can(actors.headA, 'account.block', target([g.managerB]))).toBe(false);
    const self = { userId: op.userId, blocked: false, grants: [g.operator] };
    expect(can(op, 'account.block', self)).toBe(false);
    expect(can(op, 'account.resetPassword', self)).toBe(false);
    expect(can(op, 'account.editRoles', self)).toBe(false);
    expect(can(op, 'account.update', self)).toBe(true);
  });

  it('creation: the operator any role, a provider admin heads and managers of their provider, a head managers of their department', () => {
    const create = (a: Actor | null, ...grants: Grant[]) => can(a, 'account.create', { grants });
    expect(create(actors.operator, g.operator)).toBe(true);
    expect(create(actors.operator, g.methodist, g.teacher)).toBe(true);
    expect(create(actors.operator)).toBe(false);
    expect(create(actors.adminX, g.headA)).toBe(true);
    expect(create(actors.adminX, g.managerB)).toBe(true);
    expect(create(actors.adminX, g.headC)).toBe(false);
    expect(create(actors.adminX, g.adminX)).toBe(false);
    expect(create(actors.adminX, g.managerA, g.methodist)).toBe(false);
    expect(create(actors.headA, g.managerA)).toBe(true);
    expect(create(actors.headA, g.headA)).toBe(false);
    expect(create(actors.headA, g.managerB)).toBe(false);
    expect(create(actors.managerA, g.managerA)).toBe(false);
    expect(create(actors.methodist, g.teacher)).toBe(false);
    expect(create(null, g.teacher)).toBe(false);
  });
});

describe('account policy: the one 403/404 rule', () => {
  const { authorize } = accountsPolicy;

  it('404 for an account the actor does not see, 403 for one they see but may not manage', () => {
    expect(outcome(() => authorize(actors.headA, 'account.update', targets.headC))).toBe(404);
    expect(outcome(() => authorize(actors.headA, 'account.update', undefined))).toBe(404);
    expect(outcome(() => authorize(actors.headA, 'account.update', targets.headA))).toBe(403);
    expect(outcome(() => authorize(actors.adminX, 'account.block', targets.adminX))).toBe(403);
    expect(outcome(() => authorize(actors.headA, 'account.update', targets.managerA))).toBe(200);
  });

  it('403 before any account is looked at for a role that manages none', () => {
    for (const who of [
      actors.teacher,
      actors.methodist,
      actors.managerA,
      actors.operatorWithTemporaryPassword,
    ])
      expect(outcome(() => authorize(who, 'account.view', undefined))).toBe(403);
    expect(() => authorize(actors.teacher, 'account.view', targets.managerA)).toThrow(
      'Управление учётными записями вам недоступно',
    );
    expect(() => authorize(actors.headA, 'account.editRoles', targets.managerA)).toThrow(
      'Роли назначает только оператор',
    );
  });

  it('a role beyond the actor’s reach is a 403 with its reason, never a 404', () => {
    expect(() => authorize(actors.headA, 'account.create', { grants: [g.headA] })).toThrow(
      'Вы не можете назначить такую роль: она вне ваших полномочий',
    );
  });
});
