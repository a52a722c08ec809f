// The attendance policy as a role × action matrix: inside the course's department and outside it,
// and for a methodist whose territory's teachers applied to the course or did not.
import { describe, expect, it } from 'vitest';
import {
  answers,
  departmentCast as cast,
  elsewhere,
  outcome,
  outsiders,
  own,
  allowed as row,
  sameProvider,
  TERRITORY,
} from '../../../test/actors.js';
import { type AttendancePolicyAction, attendancePolicy } from './policy.js';

const { can, authorize, actions } = attendancePolicy;

const journal = (where: typeof own, methodistTerritories: number[] = []) => ({
  ...where,
  published: true,
  methodistTerritories,
});

const STAFF = row({ head: true, manager: true });
const EXPECTED: Record<AttendancePolicyAction, ReturnType<typeof row>> = {
  'attendance.view': row({ operator: true, providerAdmin: true, head: true, manager: true }),
  'attendance.mark': STAFF,
  'attendance.confirm': STAFF,
  'attendance.changeConfirmed': row({ head: true }),
  'attendance.territory': row({ operator: true, methodist: true }),
};

describe('attendance policy: role × action', () => {
  for (const action of actions)
    it(action, () => {
      expect(answers((a) => can(a, action, journal(own)))).toEqual(EXPECTED[action]);
    });

  it('lets the readers alone see another department’s journal', () => {
    expect(answers((a) => can(a, 'attendance.view', journal(sameProvider)))).toEqual(
      row({ operator: true, providerAdmin: true }),
    );
    expect(answers((a) => can(a, 'attendance.view', journal(elsewhere)))).toEqual(row({ operator: true }));
    expect(answers((a) => can(a, 'attendance.mark', journal(sameProvider)))).toEqual(row({}));
  });

  it('shows a methodist the journal of a course her territory’s teachers applied to, and no other', () => {
    const mine = journal(elsewhere, [TERRITORY]);
    expect(can(cast.methodist, 'attendance.view', mine)).toBe(true);
    expect(outcome(() => authorize(outsiders.otherMethodist, 'attendance.view', journal(elsewhere)))).toBe(
      404,
    );
    expect(outcome(() => authorize(cast.methodist, 'attendance.mark', mine))).toBe(403);
    expect(outcome(() => authorize(outsiders.otherManager, 'attendance.mark', journal(own)))).toBe(404);
    expect(outcome(() => authorize(cast.teacher, 'attendance.view', mine))).toBe(403);
  });
});
