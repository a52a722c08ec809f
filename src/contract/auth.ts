// Sign-in, sign-up, password change and the current user.
import { id, optionalText, refId, text } from './common.js';
import { z } from './zod.js';

export const ROLES = ['operator', 'provider_admin', 'head', 'manager', 'methodist', 'teacher'] as const;
export const role = z.enum(ROLES);
export type RoleName = z.infer<typeof role>;
/** The roles' Russian names, one source for the UI and the audit log's spreadsheet. */
export const ROLE_LABEL: Record<RoleName, string> = {
  operator: 'Оператор (организационно-методический сектор)',
  provider_admin: 'Администратор поставщика',
  head: 'Начальник подразделения',
  manager: 'Руководитель курсов',
  methodist: 'Методист',
  teacher: 'Педагог',
};

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_RULES =
  'Не короче 10 символов и не из распространённых: лучше несколько слов, не связанных с вами';
/** A new password's length; how easy it is to guess the server checks (password-strength.ts). */
export const password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Не короче ${PASSWORD_MIN_LENGTH} символов`)
  .max(128, 'Не длиннее 128 символов');

export const loginBody = z.strictObject({
  login: z.string().trim().min(1, 'Введите логин').max(254),
  password: z.string().min(1, 'Введите пароль').max(128),
});
export type LoginBody = z.infer<typeof loginBody>;

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email('Неверный адрес электронной почты'));

export const signupBody = z.strictObject({
  email,
  password,
  lastName: text(100),
  firstName: text(100),
  middleName: optionalText(100),
  organizationId: refId,
  position: text(200),
  subject: optionalText(200),
  personalDataConsent: z.literal(true, 'Необходимо согласие на обработку персональных данных'),
});
export type SignupBody = z.input<typeof signupBody>;

/**
 * The answer to a sign-up: the same whether the address was new (an account is made, a
 * confirmation link mailed) or known (nothing is made, its owner is told by mail). Then one signs in.
 */
export const signupResult = z.object({ email: z.string() });
export type SignupResult = z.infer<typeof signupResult>;

export const recoveryBody = z.strictObject({ email });
export type RecoveryBody = z.input<typeof recoveryBody>;
/** The same answer whatever the address. */
export const recoveryResult = z.object({ email: z.string() });

const linkToken = z.string().trim().min(1, 'Нет ссылки из письма').max(200);

export const recoveryConfirmBody = z.strictObject({ token: linkToken, newPassword: password });
export type RecoveryConfirmBody = z.infer<typeof recoveryConfirmBody>;
/** The login to sign in with the new password. */
export const recoveryConfirmResult = z.object({ login: z.string() });
export type RecoveryConfirmResult = z.infer<typeof recoveryConfirmResult>;

export const emailConfirmBody = z.strictObject({ token: linkToken });
export type EmailConfirmBody = z.infer<typeof emailConfirmBody>;
export const emailConfirmResult = z.object({ email: z.string() });
export type EmailConfirmResult = z.infer<typeof emailConfirmResult>;

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1, 'Введите текущий пароль').max(128),
  newPassword: password,
});
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;

export const roleGrant = z.object({
  role,
  territoryId: id.optional(),
  territoryName: z.string().optional(),
  providerId: id.optional(),
  providerName: z.string().optional(),
  departmentId: id.optional(),
  departmentName: z.string().optional(),
});
export type RoleGrant = z.infer<typeof roleGrant>;

export const me = z.object({
  id,
  login: z.string(),
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string().nullable(),
  fullName: z.string(),
  email: z.string().nullable(),
  /** Whether the address is proved to be the user's; mail other than its confirmation goes only then. */
  emailConfirmed: z.boolean(),
  roles: z.array(roleGrant),
  mustChangePassword: z.boolean(),
  csrfToken: z.string(),
  /** The region's date by the Bank's clock: what the UI counts days and years from, never the browser's. */
  today: z.string(),
});
export type Me = z.infer<typeof me>;

export const authResult = z.object({ user: me, csrfToken: z.string() });
export type AuthResult = z.infer<typeof authResult>;
