// What a document was issued with, frozen in its row: later edits of the profile, the program or
// the provider's card never change an issued document, its PDF or its FRDO row.
import type { CertificateKind, Signatory } from '../../contract/certificates.js';
import type { EducationLevel, ProgramForm, ProgramKind, Sex } from '../db/schema.js';

export type Snapshot = {
  holder: {
    lastName: string;
    firstName: string;
    middleName: string | null;
    birthDate: string | null;
    sex: Sex | null;
    snils: string | null;
    educationLevel: EducationLevel | null;
    diplomaSurname: string | null;
    diplomaSeries: string | null;
    diplomaNumber: string | null;
  };
  program: { title: string; kind: ProgramKind; hours: number; form: ProgramForm };
  course: { startsOn: string; endsOn: string; groupNumber: string | null; departmentName: string };
  provider: {
    name: string;
    shortName: string | null;
    address: string | null;
    city: string | null;
    licenseNumber: string;
    licenseDate: string;
    inn: string | null;
    ogrn: string | null;
  };
  signatories: Signatory[];
  /** Who paid: the course's funding source. */
  funding: 'budget' | 'paid';
  /** The document this one replaces, for the FRDO's «оригинал» columns. */
  original: {
    kind: CertificateKind;
    blankSeries: string | null;
    blankNumber: string;
    registrationNumber: string;
    issuedOn: string;
    lastName: string;
    firstName: string;
    middleName: string | null;
  } | null;
};

/** A document as the PDF and the FRDO read it: its row's register fields and its snapshot. */
export type IssuedDocument = {
  id: number;
  kind: CertificateKind;
  registrationNumber: string;
  blankSeries: string | null;
  blankNumber: string;
  issuedOn: string;
  revokedAt: Date | null;
  snapshot: Snapshot;
};

/** «Иванова М. П.» */
export const surnameWithInitials = (p: { lastName: string; firstName: string; middleName: string | null }) =>
  [p.lastName, `${p.firstName.slice(0, 1)}.`, p.middleName ? `${p.middleName.slice(0, 1)}.` : '']
    .filter(Boolean)
    .join(' ');

export const fullNameOf = (p: { lastName: string; firstName: string; middleName: string | null }) =>
  [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');

export { ruDate } from '../../contract/common.js';
