// A teacher's profile as the client sees it: СНИЛС formatted, what documents still need.
import { formatSnils, missingForDocuments, type TeacherProfile } from '../../contract/profile.js';
import type { ProfileRow } from './queries.js';

export function presentProfile(row: ProfileRow): TeacherProfile {
  return {
    userId: String(row.userId),
    lastName: row.lastName,
    firstName: row.firstName,
    middleName: row.middleName,
    birthDate: row.birthDate,
    sex: row.sex,
    snils: row.snils && formatSnils(row.snils),
    educationLevel: row.educationLevel,
    diplomaSurname: row.diplomaSurname,
    diplomaSeries: row.diplomaSeries,
    diplomaNumber: row.diplomaNumber,
    organizationId: String(row.organizationId),
    organizationName: row.organizationName,
    territoryId: String(row.territoryId),
    territoryName: row.territoryName,
    position: row.position,
    subject: row.subject,
    personalDataConsentAt: row.personalDataConsentAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    missingForDocuments: missingForDocuments(row),
  };
}
