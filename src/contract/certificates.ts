// Documents about training (удостоверения, дипломы, справки): the course's register, issuing,
// revoking and reissuing, and the public check of a registration number. The FRDO export's
// columns live in the server's versioned configuration (certificates/frdo/).

import { id, isoDate, refId, text } from './common.js';
import { type DocumentField, documentField } from './profile.js';
import { z } from './zod.js';

export const CERTIFICATE_KINDS = ['certificate', 'diploma', 'spravka'] as const;
export const certificateKind = z.enum(CERTIFICATE_KINDS);
export type CertificateKind = z.infer<typeof certificateKind>;
export const CERTIFICATE_KIND_LABELS: Record<CertificateKind, string> = {
  certificate: 'Удостоверение о повышении квалификации',
  diploma: 'Диплом о профессиональной переподготовке',
  spravka: 'Справка об обучении',
};

/** The registration number's template: `{year}` and `{seq}` (five digits; `{seq:N}` for N). */
export const DEFAULT_NUMBER_TEMPLATE = '{year}-{seq}';
const TEMPLATE_TOKEN = /\{(year|seq(?::([1-9]))?)\}/g;

/** A registration number from the template, the year and the sequence. */
export function formatRegistrationNumber(template: string, year: number, sequence: number): string {
  return template.replace(TEMPLATE_TOKEN, (_m, token: string, width?: string) =>
    token === 'year' ? String(year) : String(sequence).padStart(Number(width ?? 5), '0'),
  );
}

export const numberTemplate = z
  .string()
  .trim()
  .min(1, 'Заполните поле')
  .max(60)
  .refine(
    (v) => v.includes('{year}') && /\{seq(?::[1-9])?\}/.test(v),
    'Шаблон должен содержать {year} (год) и {seq} (порядковый номер), например {year}-{seq}',
  )
  .refine((v) => /^[\p{L}\d{}:/\-. №]*$/u.test(v), 'Только буквы, цифры, пробел и знаки - / . №');

export const signatory = z.object({ name: text(200), position: text(200) });
export type Signatory = z.infer<typeof signatory>;
export const signatories = z.array(signatory).max(4, 'Не больше четырёх подписантов');

export const certificateSummary = z.object({
  id,
  kind: certificateKind,
  registrationNumber: z.string(),
  blankSeries: z.string().nullable(),
  blankNumber: z.string(),
  issuedOn: z.string(),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
  /** The document issued in place of this revoked one. */
  replacedBy: z.object({ id, registrationNumber: z.string() }).nullable(),
  replaces: z.object({ id, registrationNumber: z.string() }).nullable(),
  abilities: z.object({ pdf: z.boolean(), revoke: z.boolean(), reissue: z.boolean() }),
});
export type CertificateSummary = z.infer<typeof certificateSummary>;

/** A learner of the course with a result, and the documents she has been issued. */
export const certificateLearner = z.object({
  applicationId: id,
  teacherId: id,
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string().nullable(),
  status: z.enum(['completed', 'not_completed']),
  /** What the document she would get next is. */
  kind: certificateKind,
  groupNumber: z.string().nullable(),
  /** Profile fields the document (and the FRDO) still lack: nothing is issued to her until filled. */
  missing: z.array(documentField),
  documents: z.array(certificateSummary),
});
export type CertificateLearner = z.infer<typeof certificateLearner>;

export const courseCertificates = z.object({
  items: z.array(certificateLearner),
  abilities: z.object({ issue: z.boolean(), download: z.boolean() }),
  /** The course's groups' numbers: the orders, lists and sheets need one. */
  groups: z.array(z.string()),
});
export type CourseCertificates = z.infer<typeof courseCertificates>;

export const issueBody = z.strictObject({
  applicationIds: z.array(refId).min(1, 'Выберите слушателей').max(1000).optional(),
});
export type IssueBody = z.input<typeof issueBody>;

export const issued = z.object({
  items: z.array(
    z.object({ applicationId: id, certificateId: id, kind: certificateKind, registrationNumber: z.string() }),
  ),
  /** Learners left without a document: what their profile lacks. */
  blocked: z.array(
    z.object({ applicationId: id, name: z.string(), missing: z.array(documentField), message: z.string() }),
  ),
});
export type Issued = z.infer<typeof issued>;

export const CERTIFICATE_ACTIONS = ['revoke', 'reissue'] as const;
export const certificateAction = z.enum(CERTIFICATE_ACTIONS);
export type CertificateAction = z.infer<typeof certificateAction>;
export const certificateActionBody = z.strictObject({ reason: text(500) });

/** The public check: no personal data beyond the surname and initials. */
export const verification = z.object({
  registrationNumber: z.string(),
  kind: certificateKind,
  kindLabel: z.string(),
  holder: z.string(),
  programTitle: z.string(),
  hours: z.number(),
  providerName: z.string(),
  issuedOn: z.string(),
  revoked: z.boolean(),
  revokedOn: z.string().nullable(),
  replacedBy: z.string().nullable(),
});
export type Verification = z.infer<typeof verification>;

export const frdoCheck = z.object({
  /** Rows the export holds: the course's valid certificates and diplomas. */
  rows: z.number(),
  /** Rows the registry would reject, with the columns at fault. */
  problems: z.array(
    z.object({
      certificateId: id,
      registrationNumber: z.string(),
      holder: z.string(),
      columns: z.array(z.string()),
    }),
  ),
  version: z.string(),
});
export type FrdoCheck = z.infer<typeof frdoCheck>;

/** The profile fields each kind of document needs (the FRDO's columns included). */
export function neededFields(kind: CertificateKind, missingForDocuments: DocumentField[]): DocumentField[] {
  return kind === 'spravka' ? missingForDocuments.filter((f) => f === 'birthDate') : missingForDocuments;
}

/** The period of the provider's register of documents (issue dates, both ends included). */
export const registerQuery = z.object({ from: isoDate, to: isoDate });
export type RegisterQuery = z.infer<typeof registerQuery>;

/** The files of a provider's documents for a period. */
export const PERIOD_FILES = ['register.xlsx', 'frdo.xlsx', 'certificates.pdf'] as const;
export type PeriodFile = (typeof PERIOD_FILES)[number];
export const periodJobBody = registerQuery.extend({ file: z.enum(PERIOD_FILES) });
export type PeriodJobBody = z.infer<typeof periodJobBody>;

/** What a provider's documents for a period hold, before any file is made. */
export const periodSummary = z.object({
  /** Documents issued in the period, revoked ones included (the register lists them). */
  documents: z.number(),
  /** Valid documents: the pages of the period's PDF. */
  valid: z.number(),
  /** Rows of the FRDO file and those the registry would reject. */
  frdo: frdoCheck,
  /** The provider's own copy of the registry's template, if uploaded. */
  template: z.object({ name: z.string(), uploadedAt: z.string() }).nullable(),
});
export type PeriodSummary = z.infer<typeof periodSummary>;
