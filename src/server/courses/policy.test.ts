// The course policy as a role × action matrix: inside the actor's department or provider, and
// outside it; for a course that has been published and for a draft.
import { describe, expect, it } from 'vitest';
import {
  answers,
  departmentCast as cast,
  departmentMatrix,
  elsewhere,
  own,
  allowed as row,
  sameProvider,
} from '../../../test/actors.js';
import { type CoursePolicyAction, coursePolicy } from './policy.js';

const { can, mayAttempt, authorize, actions } = coursePolicy;

/** Expected answers in the actor's own department for each action. */
const STAFF = row({ head: true, manager: true });
const EXPECTED: Record<CoursePolicyAction, ReturnType<typeof row>> = {
  'course.view': row({ operator: true, providerAdmin: true, head: true, manager: true }),
  'course.create': STAFF,
  'course.update': STAFF,
  'course.transition': STAFF,
  'course.quotas': STAFF,
  'course.files': STAFF,
  'course.reassign': row({ head: true }),
};

const table = (action: CoursePolicyAction, where: typeof own, published = true) =>
  answers((a) =>
    action === 'course.view' ? can(a, action, { ...where, published }) : can(a, action, where),
  );

describe('course policy: role × action', () => {
  departmentMatrix(actions, 'course.view', EXPECTED, table);

  it('keeps a draft inside its department', () => {
    expect(table('course.view', own, false)).toEqual(STAFF);
    expect(table('course.view', sameProvider, false)).toEqual(row({}));
  });

  it('tells who may attempt an action at all (403) from whom the row is hidden (404)', () => {
    expect(mayAttempt(cast.manager, 'course.update')).toBe(true);
    expect(mayAttempt(cast.manager, 'course.reassign')).toBe(false);
    expect(mayAttempt(cast.providerAdmin, 'course.update')).toBe(false);
    expect(mayAttempt(cast.providerAdmin, 'course.view')).toBe(true);
    expect(mayAttempt(cast.teacher, 'course.view')).toBe(false);
    expect(() => authorize(cast.providerAdmin, 'course.update', own)).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    expect(() => authorize(cast.manager, 'course.update', elsewhere)).toThrow(
      expect.objectContaining({ status: 404 }),
    );
    expect(() => authorize(cast.manager, 'course.create', elsewhere)).toThrow('Программа не найдена');
  });
});
