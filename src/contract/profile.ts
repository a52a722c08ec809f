// A teacher's own profile (`/me/profile`): the place of work that sign-up collected, and the
// personal fields that certificates and the FRDO export need (birth date, sex, СНИЛС, education
// level and the diploma it was confirmed by). Applying needs none of the latter; the profile says
// which are still missing for documents.
import { id, isoDate, optionalText, refId, text } from './common.js';
import { z } from './zod.js';

export const SEXES = ['male', 'female'] as const;
export const sex = z.enum(SEXES, 'Выберите пол');
export type Sex = z.infer<typeof sex>;
export const SEX_LABELS: Record<Sex, string> = { male: 'Мужской', female: 'Женский' };

/**
 * Who may study under a continuing-education program (273-ФЗ, art. 76 p. 3): people with secondary
 * vocational or higher education, and people receiving it. The FRDO export's «Уровень образования
 * ВО/СПО» takes the level itself; a student has no diploma yet.
 */
export const EDUCATION_LEVELS = [
  'higher',
  'secondary_vocational',
  'higher_in_progress',
  'secondary_vocational_in_progress',
] as const;
export const educationLevel = z.enum(EDUCATION_LEVELS, 'Выберите уровень образования из списка');
export type EducationLevel = z.infer<typeof educationLevel>;
export const EDUCATION_LEVEL_LABELS: Record<EducationLevel, string> = {
  higher: 'Высшее образование',
  secondary_vocational: 'Среднее профессиональное образование',
  higher_in_progress: 'Получает высшее образование',
  secondary_vocational_in_progress: 'Получает среднее профессиональное образование',
};
/** Levels confirmed by a diploma: its surname, series and number go into the documents. */
export const DIPLOMA_LEVELS: readonly EducationLevel[] = ['higher', 'secondary_vocational'];

// --- СНИЛС

/**
 * The control number of a СНИЛС from its first nine digits: each digit times its weight (9 for
 * the first … 1 for the ninth), summed; below 100 the sum itself, 100 and 101 give 00, above 101
 * the remainder of division by 101 (where 100 again gives 00).
 */
export function snilsControl(first9: string): number {
  const sum = [...first9].reduce((s, d, i) => s + Number(d) * (9 - i), 0);
  if (sum < 100) return sum;
  if (sum <= 101) return 0;
  const rest = sum % 101;
  return rest === 100 ? 0 : rest;
}

/** Numbers up to 001-001-998 were issued before the control number existed and are not checked. */
const UNCHECKED_UP_TO = 1_001_998;

/** Whether 11 digits form a СНИЛС whose control number agrees. */
export function isValidSnils(digits: string): boolean {
  if (!/^\d{11}$/.test(digits)) return false;
  if (Number(digits.slice(0, 9)) <= UNCHECKED_UP_TO) return true;
  return snilsControl(digits.slice(0, 9)) === Number(digits.slice(9));
}

/** 11 digits → `123-456-789 64`, as documents print it. */
export const formatSnils = (digits: string) =>
  `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6, 9)} ${digits.slice(9)}`;

export const SNILS_FORMAT = 'СНИЛС — 11 цифр, например 123-456-789 64';
export const SNILS_CHECKSUM = 'Неверный СНИЛС: не сходится контрольное число. Проверьте цифры';

/** A СНИЛС as typed (`123-456-789 64`, `12345678964`) → its 11 digits, checksum verified. */
export const snils = z
  .string()
  .trim()
  .regex(/^\d{3}[-\s]?\d{3}[-\s]?\d{3}[-\s]?\d{2}$/, SNILS_FORMAT)
  .transform((v) => v.replace(/\D/g, ''))
  .refine(isValidSnils, SNILS_CHECKSUM);

// --- the profile

/** A typed field a form may leave empty: '' (or spaces) and null clear it; absent leaves it as it is. */
const clearable = <T extends z.ZodType<unknown, string>>(schema: T) =>
  z
    .string()
    .trim()
    .transform((v) => (v === '' ? null : v))
    .pipe(schema.nullable())
    .nullable()
    .optional();

const documentCode = (max: number) =>
  z
    .string()
    .max(max, `Не длиннее ${max} символов`)
    .regex(/^[\p{L}\d][\p{L}\d -]*$/u, 'Только буквы, цифры, пробел и дефис');

export const profileUpdate = z.strictObject({
  birthDate: clearable(isoDate),
  sex: sex.nullable().optional(),
  snils: clearable(snils),
  educationLevel: educationLevel.nullable().optional(),
  diplomaSurname: optionalText(100).optional(),
  diplomaSeries: clearable(documentCode(20)),
  diplomaNumber: clearable(documentCode(30)),
  organizationId: refId.optional(),
  position: text(200).optional(),
  subject: optionalText(200).optional(),
});
export type ProfileUpdateBody = z.input<typeof profileUpdate>;
export type ProfileUpdate = z.output<typeof profileUpdate>;

/** The fields the documents about training need, in the order the profile form shows them. */
export const DOCUMENT_FIELDS = [
  'birthDate',
  'sex',
  'snils',
  'educationLevel',
  'diplomaSurname',
  'diplomaSeries',
  'diplomaNumber',
] as const;
export const documentField = z.enum(DOCUMENT_FIELDS);
export type DocumentField = z.infer<typeof documentField>;

type DocumentValues = { [F in DocumentField]: string | null };

/** What is still missing for documents: diploma data only once the education is complete. */
export function missingForDocuments(p: DocumentValues): DocumentField[] {
  const diploma = p.educationLevel === null || DIPLOMA_LEVELS.includes(p.educationLevel as EducationLevel);
  return DOCUMENT_FIELDS.filter((f) => (f.startsWith('diploma') ? diploma && !p[f] : !p[f]));
}

export const teacherProfile = z.object({
  userId: id,
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string().nullable(),
  birthDate: z.string().nullable(),
  sex: sex.nullable(),
  /** Formatted `123-456-789 64`. */
  snils: z.string().nullable(),
  educationLevel: educationLevel.nullable(),
  diplomaSurname: z.string().nullable(),
  diplomaSeries: z.string().nullable(),
  diplomaNumber: z.string().nullable(),
  organizationId: id,
  organizationName: z.string(),
  territoryId: id,
  territoryName: z.string(),
  position: z.string(),
  subject: z.string().nullable(),
  personalDataConsentAt: z.string(),
  updatedAt: z.string(),
  missingForDocuments: z.array(documentField),
});
export type TeacherProfile = z.infer<typeof teacherProfile>;
