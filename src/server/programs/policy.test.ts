// The program policy as a role × action matrix: inside the actor's department or provider, and
// outside it.
import { describe, expect, it } from 'vitest';
import {
  answers,
  departmentCast as cast,
  departmentMatrix,
  elsewhere,
  type own,
  allowed as row,
} from '../../../test/actors.js';
import { type ProgramPolicyAction, programPolicy } from './policy.js';

const { can, mayAttempt, authorize, actions } = programPolicy;

/** Expected answers in the actor's own department for each action. */
const STAFF = row({ head: true, manager: true });
const EXPECTED: Record<ProgramPolicyAction, ReturnType<typeof row>> = {
  'program.view': row({ operator: true, providerAdmin: true, head: true, manager: true }),
  'program.create': STAFF,
  'program.update': STAFF,
  'program.files': STAFF,
};

const table = (action: ProgramPolicyAction, where: typeof own) => answers((a) => can(a, action, where));

describe('program policy: role × action', () => {
  departmentMatrix(actions, 'program.view', EXPECTED, table);

  it("hides another department's program (404) but refuses creating in another department (403)", () => {
    expect(mayAttempt(cast.anonymous, 'program.view')).toBe(false);
    expect(mayAttempt(cast.providerAdmin, 'program.update')).toBe(false);
    expect(() => authorize(cast.manager, 'program.update', elsewhere)).toThrow(
      expect.objectContaining({ status: 404 }),
    );
    expect(() => authorize(cast.manager, 'program.create', elsewhere)).toThrow(
      'Программы создаются только в своём подразделении',
    );
  });
});
