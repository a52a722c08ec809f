// The documents policy as a role × action matrix: the course's department, another department,
// the holder and another teacher, a revoked document.
import { describe, expect, it } from 'vitest';
import {
  allowed,
  answers,
  departmentCast as cast,
  DEPT,
  outcome,
  outsiders,
  PROVIDER,
  TEACHER,
} from '../../../test/actors.js';
import { type CertificatePolicyAction, certificatePolicy } from './policy.js';

const { can, authorize } = certificatePolicy;

const document = { departmentId: DEPT, teacherId: TEACHER, revoked: false };
const course = { departmentId: DEPT };
const READERS = allowed({ operator: true, head: true, manager: true });
const STAFF = allowed({ head: true, manager: true });

const EXPECTED: Record<CertificatePolicyAction, ReturnType<typeof allowed>> = {
  'certificate.list': READERS,
  'certificate.issue': STAFF,
  'certificate.export': READERS,
  'certificate.register': allowed({ operator: true, providerAdmin: true, head: true, manager: true }),
  'certificate.template': allowed({ providerAdmin: true }),
  'certificate.pdf': allowed({ operator: true, head: true, manager: true, teacher: true }),
  'certificate.revoke': STAFF,
  'certificate.reissue': STAFF,
};

describe('certificate policy: role × action', () => {
  for (const [action, expected] of Object.entries(EXPECTED) as [CertificatePolicyAction, typeof READERS][])
    it(action, () => {
      // Each action judges a course or a document; a document row serves both (it has the department).
      // (The provider's register judges the provider's departments: the document's.)
      expect(answers((a) => can(a, action, { ...document, id: PROVIDER, departmentIds: [DEPT] }))).toEqual(
        expected,
      );
    });

  it("hides another department's course and documents (404), and another teacher's document", () => {
    expect(outcome(() => authorize(outsiders.otherManager, 'certificate.issue', course))).toBe(404);
    expect(outcome(() => authorize(outsiders.otherManager, 'certificate.pdf', document))).toBe(404);
    expect(outcome(() => authorize(outsiders.otherTeacher, 'certificate.pdf', document))).toBe(404);
    expect(outcome(() => authorize(cast.operator, 'certificate.issue', course))).toBe(403);
    expect(
      outcome(() =>
        authorize(outsiders.otherManager, 'certificate.register', { id: PROVIDER, departmentIds: [DEPT] }),
      ),
    ).toBe(404);
    expect(
      outcome(() =>
        authorize(outsiders.otherProviderAdmin, 'certificate.register', { id: PROVIDER, departmentIds: [] }),
      ),
    ).toBe(404);
    expect(outcome(() => authorize(cast.providerAdmin, 'certificate.list', course))).toBe(403);
  });

  it('refuses to revoke or reissue a revoked document (403), while its PDF stays readable', () => {
    const revoked = { ...document, revoked: true };
    expect(outcome(() => authorize(cast.manager, 'certificate.revoke', revoked))).toBe(403);
    expect(outcome(() => authorize(cast.head, 'certificate.reissue', revoked))).toBe(403);
    expect(outcome(() => authorize(cast.teacher, 'certificate.pdf', revoked))).toBe(200);
  });
});
