// A teacher's personal data for documents about training (certificates, the FRDO export): birth
// date, sex, СНИЛС (its 11 digits), education level and the diploma that confirms it. All
// nullable: applying needs only what sign-up collects; the profile lists what is still missing.
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE teacher_profiles
      ADD COLUMN birth_date date,
      ADD COLUMN sex text,
      ADD COLUMN snils text,
      ADD COLUMN education_level text,
      ADD COLUMN diploma_surname text,
      ADD COLUMN diploma_series text,
      ADD COLUMN diploma_number text,
      ADD CONSTRAINT teacher_profiles_sex_check CHECK (sex IN ('male', 'female')),
      ADD CONSTRAINT teacher_profiles_snils_check CHECK (snils ~ '^[0-9]{11}$'),
      ADD CONSTRAINT teacher_profiles_education_level_check CHECK (education_level IN
        ('higher', 'secondary_vocational', 'higher_in_progress', 'secondary_vocational_in_progress')),
      ADD CONSTRAINT teacher_profiles_birth_date_check CHECK (birth_date BETWEEN '1900-01-01' AND '2100-12-31'),
      ADD CONSTRAINT teacher_profiles_diploma_check CHECK (
        char_length(diploma_surname) <= 100 AND char_length(diploma_series) <= 20 AND char_length(diploma_number) <= 30)`,
  ]);
}
