// Who may do what to documents about training. The course's department (its manager and head)
// issues, revokes and reissues them; the operator reads the register and its files; the holder
// downloads her own document. Another department's staff do not see the course or its documents
// (404). The public check of a number needs no rule: anyone may ask it.
import { type ActionOf, definePolicy, rule } from '../access/policy.js';
import { isOperator, isProviderAdminOf, isStaffOf, isTeacher } from '../access/predicates.js';

/** A course as the rules see it. */
export type CourseTarget = { departmentId: number };
/** A document as the rules see it. */
export type CertificateTarget = { departmentId: number; teacherId: number; revoked: boolean };

const readsCourse = (actor: Parameters<typeof isStaffOf>[0], row: CourseTarget) =>
  isStaffOf(actor, row.departmentId) || isOperator(actor);

const changes = rule<CertificateTarget>(
  ['head', 'manager'],
  (actor, row) => isStaffOf(actor, row.departmentId) && !row.revoked,
  {
    sees: (actor, row) => isStaffOf(actor, row.departmentId) || isOperator(actor),
    denied: 'Документ уже аннулирован',
  },
);

export const certificatePolicy = definePolicy({
  /** The course's learners with results and their documents. */
  'certificate.list': rule<CourseTarget>(['operator', 'head', 'manager'], readsCourse),
  'certificate.issue': rule<CourseTarget>(
    ['head', 'manager'],
    (actor, row) => isStaffOf(actor, row.departmentId),
    {
      sees: readsCourse,
      denied: 'Документы выдаёт подразделение, которое ведёт курс',
    },
  ),
  /** A file listing the course's learners with personal data (the group's documents, the FRDO). */
  'certificate.export': rule<CourseTarget>(['operator', 'head', 'manager'], readsCourse),
  /**
   * A provider's documents for a period (register, FRDO, PDF): of the departments the actor keeps,
   * every one for the provider's administrator.
   */
  'certificate.register': rule<{ id: number; departmentIds: number[] }>(
    ['operator', 'provider_admin', 'head', 'manager'],
    (actor, row) =>
      isOperator(actor) ||
      isProviderAdminOf(actor, row.id) ||
      row.departmentIds.some((d) => isStaffOf(actor, d)),
    { missing: 'Организация не найдена' },
  ),
  /** The provider's copy of the registry's FRDO template: its administrator replaces it. */
  'certificate.template': rule<{ id: number; departmentIds: number[] }>(
    ['provider_admin'],
    (actor, row) => isProviderAdminOf(actor, row.id),
    { missing: 'Организация не найдена' },
  ),
  'certificate.pdf': rule<CertificateTarget>(
    ['operator', 'head', 'manager', 'teacher'],
    (actor, row) =>
      isOperator(actor) ||
      isStaffOf(actor, row.departmentId) ||
      (isTeacher(actor) && actor.userId === row.teacherId),
    { missing: 'Документ не найден' },
  ),
  'certificate.revoke': changes,
  'certificate.reissue': changes,
});

export type CertificatePolicyAction = ActionOf<typeof certificatePolicy>;
