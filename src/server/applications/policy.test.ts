// The application policy as role × action tables: every cell is written out, so a change to who
// may do what — in workflow.ts's parties or in policy.ts — shows here in review.
import { describe, expect, it } from 'vitest';
import {
  DEPT as D,
  departmentCast,
  outcome,
  outsiders,
  PROVIDER as P,
  TERRITORY as T,
  TEACHER,
  whoCan as whoOf,
  withTemporaryPassword,
} from '../../../test/actors.js';
import { APPLICATION_ACTIONS, type ApplicationAction } from '../../contract/applications.js';
import type { Actor } from '../access/actor.js';
import { type ApplicationTarget, applicationsPolicy, ruleOf } from './policy.js';
import { TRANSITIONS } from './workflow.js';

const { can, authorize } = applicationsPolicy;

const cast = {
  ...departmentCast,
  ...outsiders,
  methodistWithTemporaryPassword: withTemporaryPassword(departmentCast.methodist),
};
type Who = keyof typeof cast;

const application = (status: ApplicationTarget['status']): ApplicationTarget => ({
  teacherId: TEACHER,
  territoryId: T,
  departmentId: D,
  providerId: P,
  status,
});
const forwarded = application('forwarded');
const submitted = application('submitted');

const whoCan = (decide: (a: Actor | null) => boolean) => whoOf(cast, decide);

describe('application policy: role × action', () => {
  it('application.view: the teacher, the territory’s methodist, the operator; the department’s staff and the provider’s administrator once it reached the provider', () => {
    expect(whoCan((a) => can(a, 'application.view', forwarded))).toEqual([
      'operator',
      'providerAdmin',
      'head',
      'manager',
      'methodist',
      'teacher',
    ]);
    expect(whoCan((a) => can(a, 'application.view', submitted))).toEqual([
      'operator',
      'methodist',
      'teacher',
    ]);
  });

  // Read off workflow.ts: an action's parties, as roles of this application's teacher, territory, department.
  const PARTIES: Record<ApplicationAction, Who[]> = {
    forward: ['methodist'],
    reject: ['methodist'],
    recall: ['methodist'],
    withdraw: ['methodist', 'teacher'],
    decline: ['head', 'manager'],
    complete: ['head', 'manager'],
    fail: ['head', 'manager'],
  };
  for (const action of APPLICATION_ACTIONS)
    it(`application.${action}: ${PARTIES[action].join(', ')}`, () => {
      expect(whoCan((a) => can(a, ruleOf(action), forwarded))).toEqual(PARTIES[action]);
    });

  it('403 for a role no party of the action holds, 404 out of sight, 403 in sight but not a party', () => {
    // Nobody of the role takes it: refused before the application is looked at.
    expect(outcome(() => authorize(cast.operator, 'application.withdraw', forwarded))).toBe(403);
    expect(outcome(() => authorize(cast.operator, 'application.withdraw', undefined))).toBe(403);
    expect(outcome(() => authorize(cast.teacher, 'application.decline', forwarded))).toBe(403);
    expect(() => authorize(cast.providerAdmin, 'application.decline', forwarded)).toThrow(
      'Вам недоступно действие «отказать»',
    );
    // Of the role, but the application is not theirs to know about.
    expect(outcome(() => authorize(cast.otherMethodist, 'application.recall', forwarded))).toBe(404);
    expect(outcome(() => authorize(cast.otherManager, 'application.decline', forwarded))).toBe(404);
    expect(outcome(() => authorize(cast.otherTeacher, 'application.withdraw', forwarded))).toBe(404);
    expect(outcome(() => authorize(cast.head, 'application.decline', submitted))).toBe(404);
    expect(() => authorize(cast.methodist, 'application.forward', undefined)).toThrow('Заявка не найдена');
    expect(authorize(cast.manager, 'application.decline', forwarded)).toBe(forwarded);
  });

  it('each action has the same parties in every state, so one rule per action judges the party', () => {
    for (const action of new Set(TRANSITIONS.map((t) => t.action))) {
      const parties = TRANSITIONS.filter((t) => t.action === action).map((t) => [...t.by].sort().join());
      expect(new Set(parties).size, action).toBe(1);
    }
  });

  it('application.apply: a teacher for themselves, a methodist for her territory’s teachers', () => {
    const forTeacher = { teacherId: TEACHER, territoryId: T };
    expect(whoCan((a) => can(a, 'application.apply', forTeacher))).toEqual(['methodist', 'teacher']);
    expect(outcome(() => authorize(cast.otherMethodist, 'application.apply', forTeacher))).toBe(404);
    expect(outcome(() => authorize(cast.otherTeacher, 'application.apply', forTeacher))).toBe(404);
    expect(outcome(() => authorize(cast.methodist, 'application.apply', undefined))).toBe(404);
    // Applying for oneself with no teacher's profile: one exists for oneself, so a 403 with the reason.
    expect(() =>
      authorize(cast.methodist, 'application.apply', { teacherId: cast.methodist.userId, territoryId: null }),
    ).toThrow('Подать заявку может учитель (педагог) с профилем в Банке');
    expect(outcome(() => authorize(cast.operator, 'application.apply', forTeacher))).toBe(403);
  });

  it('course.places', () => {
    const course = { departmentId: D, providerId: P };
    expect(whoCan((a) => can(a, 'course.places', course))).toEqual([
      'operator',
      'providerAdmin',
      'head',
      'manager',
      'methodist',
      'otherMethodist',
    ]);
    expect(outcome(() => authorize(cast.otherManager, 'course.places', course))).toBe(404);
    expect(outcome(() => authorize(cast.teacher, 'course.places', course))).toBe(403);
  });
});
