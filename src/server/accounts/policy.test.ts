// The account policy as a role × action matrix: every cell is written out, so a change to who may
// do what shows here in review.
import { describe, expect, it } from 'vitest';
import type { Actor, Grant } from '../access/actor.js';
import { type AccountAction, type AccountTarget, can } from './policy.js';

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

let nextId = 100;
const actor = (grants: Grant[], over: Partial<Actor> = {}): Actor => ({
  userId: nextId++,
  login: 'actor',
  grants,
  mustChangePassword: false,
  sessionId: 's',
  csrfToken: 'c',
  ...over,
});

const actors = {
  operator: actor([g.operator]),
  adminX: actor([g.adminX]),
  headA: actor([g.headA]),
  managerA: actor([g.managerA]),
  methodist: actor([g.methodist]),
  teacher: actor([g.teacher]),
  operatorWithTemporaryPassword: actor([g.operator], { mustChangePassword: true }),
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
  operator: { view: '11111111', update: '11111111', resetPassword: '11111111', editRoles: '11111111' },
  adminX: { view: '11101010', update: '11100000', resetPassword: '11100000', editRoles: '00000000' },
  headA: { view: '11000010', update: '10000000', resetPassword: '10000000', editRoles: '00000000' },
  managerA: { view: '00000000', update: '00000000', resetPassword: '00000000', editRoles: '00000000' },
  methodist: { view: '00000000', update: '00000000', resetPassword: '00000000', editRoles: '00000000' },
  teacher: { view: '00000000', update: '00000000', resetPassword: '00000000', editRoles: '00000000' },
  operatorWithTemporaryPassword: {
    view: '00000000',
    update: '00000000',
    resetPassword: '00000000',
    editRoles: '00000000',
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
    expect(can(op, 'block', target([g.managerA]))).toBe(true);
    expect(can(op, 'block', target([g.managerA], true))).toBe(false);
    expect(can(op, 'unblock', target([g.managerA], true))).toBe(true);
    expect(can(op, 'unblock', target([g.managerA]))).toBe(false);
    expect(can(actors.headA, 'block', target([g.managerA]))).toBe(true);
    expect(can(actors.headA, 'block', target([g.managerB]))).toBe(false);
    const self = { userId: op.userId, blocked: false, grants: [g.operator] };
    expect(can(op, 'block', self)).toBe(false);
    expect(can(op, 'resetPassword', self)).toBe(false);
    expect(can(op, 'editRoles', self)).toBe(false);
    expect(can(op, 'update', self)).toBe(true);
  });

  it('creation: the operator any role, a provider admin heads and managers of their provider, a head managers of their department', () => {
    const create = (a: Actor | null, ...grants: Grant[]) => can(a, 'create', { grants });
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
