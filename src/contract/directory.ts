// Directories: territories, organizations, providers and their departments, positions.

import { numberTemplate, signatories } from './certificates.js';
import {
  id,
  idFilter,
  isoDate,
  optionalText,
  pageQuery,
  patchText,
  refId,
  searchText,
  text,
} from './common.js';
import { z } from './zod.js';

export const TERRITORY_KINDS = [
  'municipal_okrug',
  'city_okrug',
  'closed_city',
  'municipal_district',
] as const;
export const territoryKind = z.enum(TERRITORY_KINDS);
export type TerritoryKind = z.infer<typeof territoryKind>;

const inn = z
  .string()
  .trim()
  .regex(/^(\d{10}|\d{12})$/, 'ИНН — 10 или 12 цифр')
  .nullish()
  .or(z.literal('').transform(() => null));

const ogrn = z
  .string()
  .trim()
  .regex(/^(\d{13}|\d{15})$/, 'ОГРН — 13 цифр (ОГРНИП — 15)')
  .nullish()
  .or(z.literal('').transform(() => null));

export const directoryListQuery = z.object({ q: searchText, ...pageQuery });

// --- territories
export const territory = z.object({
  id,
  name: z.string(),
  kind: territoryKind,
  abilities: z.object({ update: z.boolean() }),
});
export type Territory = z.infer<typeof territory>;
export const territoryCreate = z.strictObject({
  name: text(200),
  kind: territoryKind.default('municipal_okrug'),
});
export const territoryUpdate = z.strictObject({ name: text(200).optional(), kind: territoryKind.optional() });

// --- organizations
export const organization = z.object({
  id,
  territoryId: id,
  territoryName: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  inn: z.string().nullable(),
  abilities: z.object({ update: z.boolean() }),
});
export type Organization = z.infer<typeof organization>;
export const organizationListQuery = directoryListQuery.extend({ territoryId: idFilter });
export const organizationCreate = z.strictObject({
  name: text(500),
  territoryId: refId,
  shortName: optionalText(200),
  inn,
});
export const organizationUpdate = z.strictObject({
  name: text(500).optional(),
  territoryId: refId.optional(),
  shortName: patchText(200),
  inn,
});

// --- providers
export const provider = z.object({
  id,
  name: z.string(),
  shortName: z.string().nullable(),
  licenseNumber: z.string(),
  licenseDate: z.string(),
  address: z.string().nullable(),
  numberTemplate: z.string(),
  blankSeries: z.string().nullable(),
  signatories: z.array(z.object({ name: z.string(), position: z.string() })),
  inn: z.string().nullable(),
  ogrn: z.string().nullable(),
  city: z.string().nullable(),
  abilities: z.object({ update: z.boolean(), createDepartment: z.boolean() }),
});
export type Provider = z.infer<typeof provider>;
export const providerCreate = z.strictObject({
  name: text(500),
  shortName: optionalText(200),
  licenseNumber: text(100),
  licenseDate: isoDate,
  address: optionalText(500),
  numberTemplate: numberTemplate.optional(),
  blankSeries: optionalText(20),
  signatories: signatories.optional(),
  inn,
  ogrn,
  city: optionalText(200),
});
export const providerUpdate = z.strictObject({
  name: text(500).optional(),
  shortName: patchText(200),
  licenseNumber: text(100).optional(),
  licenseDate: isoDate.optional(),
  address: patchText(500),
  numberTemplate: numberTemplate.optional(),
  blankSeries: patchText(20),
  signatories: signatories.optional(),
  inn,
  ogrn,
  city: patchText(200),
});

// --- departments
export const department = z.object({
  id,
  providerId: id,
  providerName: z.string(),
  name: z.string(),
  /** Opens the numbers of its groups (`<code>-<year>-<n>`); none: «П<id>». */
  code: z.string().nullable(),
  abilities: z.object({ update: z.boolean() }),
});
export type Department = z.infer<typeof department>;
export const departmentListQuery = directoryListQuery.extend({ providerId: idFilter });
/** A department's code: a few letters or digits, as group numbers begin with it. */
const departmentCode = optionalText(20).refine(
  (v) => v === null || /^[\p{L}\p{N}]+$/u.test(v),
  'Код — буквы и цифры без пробелов, например ИРО',
);
export const departmentCreate = z.strictObject({ name: text(300), code: departmentCode.optional() });
/** `code` absent leaves it as it is; null or '' clears it. */
export const departmentUpdate = z.strictObject({ name: text(300), code: departmentCode.optional() });

// --- positions
export const position = z.object({ id, name: z.string(), abilities: z.object({ update: z.boolean() }) });
export type Position = z.infer<typeof position>;
export const positionCreate = z.strictObject({ name: text(300) });
export const positionUpdate = z.strictObject({ name: text(300) });
