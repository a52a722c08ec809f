// Documents and the course's register as the API sends them, with the actor's abilities.
import type {
  CertificateLearner,
  CertificateSummary,
  CourseCertificates,
} from '../../contract/certificates.js';
import type { Actor } from '../access/actor.js';
import { certificatePolicy } from './policy.js';
import type { CertificateRow, CourseRow, LearnerRow } from './queries.js';
import { kindFor, missingOf } from './service.js';

const { abilities, can } = certificatePolicy;

export function presentCertificate(row: CertificateRow, actor: Actor): CertificateSummary {
  const target = {
    departmentId: row.departmentId,
    teacherId: row.teacherId,
    revoked: row.revokedAt !== null,
  };
  const can_ = abilities(actor, target, ['certificate.pdf', 'certificate.revoke', 'certificate.reissue']);
  return {
    id: String(row.id),
    kind: row.kind,
    registrationNumber: row.registrationNumber,
    blankSeries: row.blankSeries,
    blankNumber: row.blankNumber,
    issuedOn: row.issuedOn,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revokeReason: row.revokeReason,
    replacedBy: row.replacedById
      ? { id: String(row.replacedById), registrationNumber: row.replacedByNumber ?? '' }
      : null,
    replaces: row.replacesId
      ? { id: String(row.replacesId), registrationNumber: row.replacesNumber ?? '' }
      : null,
    abilities: {
      pdf: can_['certificate.pdf'],
      revoke: can_['certificate.revoke'],
      reissue: can_['certificate.reissue'],
    },
  };
}

export function presentCourseCertificates(
  course: CourseRow,
  learners: LearnerRow[],
  certificates: CertificateRow[],
  groups: string[],
  actor: Actor,
): CourseCertificates {
  const items = learners.map((l): CertificateLearner => {
    const status = l.status as 'completed' | 'not_completed';
    const kind = kindFor(status, course.program.kind);
    return {
      applicationId: String(l.applicationId),
      teacherId: String(l.teacherId),
      lastName: l.lastName,
      firstName: l.firstName,
      middleName: l.middleName,
      status,
      kind,
      groupNumber: l.groupNumber,
      missing: missingOf(l, kind),
      documents: certificates
        .filter((c) => c.applicationId === l.applicationId)
        .map((c) => presentCertificate(c, actor)),
    };
  });
  return {
    items,
    abilities: {
      issue: can(actor, 'certificate.issue', course),
      download: can(actor, 'certificate.export', course),
    },
    groups,
  };
}
