// Accounts: created by the operator (any role), a provider admin (heads and managers of the
// provider's departments) or a head (managers of their department); blocked, never deleted.
import { email, password, role, roleGrant } from './auth.js';
import { id, idFilter, optionalText, pageQuery, refId, searchText, text } from './common.js';
import { z } from './zod.js';

/** A role to grant, with the scope it needs (a teacher's organization is in their profile). */
export const roleInput = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('operator') }),
  z.strictObject({ role: z.literal('teacher') }),
  z.strictObject({ role: z.literal('provider_admin'), providerId: refId }),
  z.strictObject({ role: z.literal('head'), departmentId: refId }),
  z.strictObject({ role: z.literal('manager'), departmentId: refId }),
  z.strictObject({ role: z.literal('methodist'), territoryId: refId }),
]);
export type RoleInput = z.input<typeof roleInput>;
export type RoleInputValue = z.output<typeof roleInput>;

export const userCreate = z.strictObject({
  login: z
    .string()
    .trim()
    .toLowerCase()
    .min(3, 'Не короче 3 символов')
    .max(254)
    .regex(/^[a-z0-9._@+-]+$/, 'Латинские буквы, цифры и . _ @ + -'),
  password,
  lastName: text(100),
  firstName: text(100),
  middleName: optionalText(100),
  email: email.nullish().or(z.literal('').transform(() => null)),
  roles: z.array(roleInput).min(1, 'Назначьте хотя бы одну роль').max(10),
  /** Required when the roles include `teacher`. */
  organizationId: refId.optional(),
  position: text(200).optional(),
});
export type UserCreate = z.input<typeof userCreate>;
export type UserCreateInput = z.output<typeof userCreate>;

/** Absent fields stay as they are; `middleName: null` or `""` clears it (as `email`). */
export const userUpdate = z.strictObject({
  lastName: text(100).optional(),
  firstName: text(100).optional(),
  middleName: z
    .string()
    .trim()
    .max(100)
    .nullish()
    .transform((v) => (v === undefined ? undefined : v || null)),
  email: email.nullish().or(z.literal('').transform(() => null)),
});
export type UserUpdate = z.input<typeof userUpdate>;
export type UserUpdateInput = z.output<typeof userUpdate>;

export const userRolesUpdate = z.strictObject({
  roles: z.array(roleInput).min(1, 'Назначьте хотя бы одну роль').max(10),
});
export type UserRolesUpdate = z.input<typeof userRolesUpdate>;

export const userListQuery = z.object({
  q: searchText,
  role: role.optional(),
  territoryId: idFilter,
  providerId: idFilter,
  departmentId: idFilter,
  blocked: z.enum(['true', 'false']).optional(),
  ...pageQuery,
});
export type UserListQuery = z.output<typeof userListQuery>;

export const user = z.object({
  id,
  login: z.string(),
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string().nullable(),
  fullName: z.string(),
  email: z.string().nullable(),
  roles: z.array(roleGrant),
  organizationName: z.string().nullable(),
  /**
   * Where the person works, as a list shows it: a teacher's organization, the department (with its
   * provider) of a head or a manager, a provider administrator's provider, a methodist's territory.
   */
  workplace: z.string().nullable(),
  /** From a teacher's profile, when given: the words about the person follow it («её сеансы»). */
  sex: z.enum(['male', 'female']).nullable(),
  blocked: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
  abilities: z.object({
    update: z.boolean(),
    block: z.boolean(),
    unblock: z.boolean(),
    resetPassword: z.boolean(),
    editRoles: z.boolean(),
  }),
});
export type User = z.infer<typeof user>;

/** A reset issues a temporary password, shown once to the one who reset it; it must be changed at the next login. */
export const passwordResetResult = z.object({ user, temporaryPassword: z.string() });
export type PasswordResetResult = z.infer<typeof passwordResetResult>;
