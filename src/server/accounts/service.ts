// Accounts: the use cases of user account management. The operator manages every account, a
// provider admin the heads and managers of their provider, a head the managers of their department
// (policy.ts). Accounts are created with a password the creator typed and must change at first
// login, edited, given roles, blocked and unblocked, and have their password reset to a temporary
// one — never deleted. Each use case is one transaction with its audit row; no password or hash
// ever reaches a response or the audit log.
import type {
  RoleInputValue,
  UserCreateInput,
  UserListQuery,
  UserUpdateInput,
} from '../../contract/accounts.js';
import type { Actor, Grant, Who } from '../access/actor.js';
import { diff, recordAudit } from '../audit/audit.js';
import { assertStrongPassword, hashPassword, temporaryPassword } from '../auth/passwords.js';
import { revokeUserSessions } from '../auth/sessions.js';
import type { Ctx } from '../context.js';
import type { Database } from '../db/database.js';
import { Conflict, type FieldError, Invalid } from '../http/errors.js';
import { type AccountAction, type AccountTarget, accountsPolicy } from './policy.js';
import { type Account, grantsOf, targetOf } from './present.js';
import {
  existingScopes,
  findAccount,
  findAccounts,
  hasTeacherProfile,
  loginTaken,
  organizationExists,
  positionExists,
  rolesOf,
} from './queries.js';

type SignedIn = Who & { actor: Actor };

const { authorize, authorizeAttempt } = accountsPolicy;

/** One account the actor sees, with its roles; undefined when it does not exist for them (a 404). */
async function findVisible(db: Database, actor: Actor, userId: number): Promise<Account | undefined> {
  const row = await findAccount(db, actor, userId);
  if (!row) return undefined;
  const roles = (await rolesOf(db, [userId])).get(userId) ?? [];
  return { row, roles };
}

/** The account when the actor may take `action` on it (judged as `as` says); the policy's 403/404 otherwise. */
function judge(
  actor: Actor,
  action: AccountAction,
  account: Account | undefined,
  as: Partial<AccountTarget> = {},
) {
  authorize(actor, action, account && { ...targetOf(account), ...as });
  return account as Account;
}

/** One account the actor sees. */
const loadAccount = async (db: Database, actor: Actor, userId: number) =>
  judge(actor, 'account.view', await findVisible(db, actor, userId));

/**
 * A 422 for an action on one's own account, told apart before the policy's 403: the account is
 * found only by someone who manages accounts, and it is theirs.
 */
function refuseOwn(account: Account | undefined, actor: Actor, message: string) {
  if (account?.row.id === actor.userId) throw new Invalid(message);
}

/** Roles as audit rows keep them: the role and the ids of its scope. */
const rolesForAudit = (grants: Grant[]) =>
  grants.map((g) => ({
    role: g.role,
    ...(g.territoryId ? { territoryId: g.territoryId } : {}),
    ...(g.role === 'provider_admin' && g.providerId ? { providerId: g.providerId } : {}),
    ...(g.departmentId ? { departmentId: g.departmentId } : {}),
  }));

// --- role grants and teacher fields

const ROLE_LABEL: Record<Grant['role'], string> = {
  operator: 'оператор',
  provider_admin: 'администратор поставщика',
  head: 'начальник подразделения',
  manager: 'руководитель курсов',
  methodist: 'методист',
  teacher: 'педагог',
};
export const roleLabel = (role: Grant['role']) => ROLE_LABEL[role];

/**
 * Turns role inputs into grants, checking that every territory, provider and department exists
 * (a head's or manager's grant gets its department's provider, which the policy needs).
 */
export async function resolveGrants(
  db: Database,
  roles: RoleInputValue[],
): Promise<{ grants: Grant[]; errors: FieldError[] }> {
  const found = await existingScopes(db, {
    territoryIds: roles.flatMap((r) => (r.role === 'methodist' ? [r.territoryId] : [])),
    providerIds: roles.flatMap((r) => (r.role === 'provider_admin' ? [r.providerId] : [])),
    departmentIds: roles.flatMap((r) => (r.role === 'head' || r.role === 'manager' ? [r.departmentId] : [])),
  });
  const errors: FieldError[] = [];
  const grants: Grant[] = [];
  const seen = new Set<string>();
  roles.forEach((r, i) => {
    const grant: Grant = { role: r.role, territoryId: null, providerId: null, departmentId: null };
    switch (r.role) {
      case 'operator':
      case 'teacher':
        break;
      case 'methodist':
        grant.territoryId = r.territoryId;
        if (!found.territories.has(r.territoryId))
          errors.push({ field: `roles.${i}.territoryId`, message: 'Территория не найдена' });
        break;
      case 'provider_admin':
        grant.providerId = r.providerId;
        if (!found.providers.has(r.providerId))
          errors.push({ field: `roles.${i}.providerId`, message: 'Поставщик не найден' });
        break;
      case 'head':
      case 'manager': {
        grant.departmentId = r.departmentId;
        const providerId = found.departmentProvider.get(r.departmentId);
        if (providerId === undefined)
          errors.push({ field: `roles.${i}.departmentId`, message: 'Подразделение не найдено' });
        else grant.providerId = providerId;
        break;
      }
    }
    const key = `${grant.role}:${grant.territoryId}:${grant.providerId}:${grant.departmentId}`;
    if (seen.has(key)) errors.push({ field: `roles.${i}`, message: 'Эта роль уже назначена' });
    seen.add(key);
    grants.push(grant);
  });
  return { grants, errors };
}

/** A teacher needs an organization and a position from the directory; other roles take neither. */
async function teacherFieldErrors(
  db: Database,
  input: Pick<UserCreateInput, 'organizationId' | 'position'>,
  grants: Grant[],
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (!grants.some((g) => g.role === 'teacher')) {
    if (input.organizationId !== undefined)
      errors.push({ field: 'organizationId', message: 'Организация указывается только для педагога' });
    if (input.position !== undefined)
      errors.push({ field: 'position', message: 'Должность указывается только для педагога' });
    return errors;
  }
  if (input.organizationId === undefined)
    errors.push({ field: 'organizationId', message: 'Выберите организацию педагога' });
  else if (!(await organizationExists(db, input.organizationId)))
    errors.push({ field: 'organizationId', message: 'Организация не найдена' });
  if (input.position === undefined) errors.push({ field: 'position', message: 'Укажите должность педагога' });
  else if (!(await positionExists(db, input.position)))
    errors.push({ field: 'position', message: 'Выберите должность из списка' });
  return errors;
}

const roleRows = (userId: number, grants: Grant[]) =>
  grants.map((g) => ({
    userId,
    role: g.role,
    territoryId: g.territoryId,
    // A head's or manager's provider is their department's: the row keeps only the department.
    providerId: g.role === 'provider_admin' ? g.providerId : null,
    departmentId: g.departmentId,
  }));

const isLoginConflict = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  (error as { code?: string }).code === '23505' &&
  [undefined, 'users_login_key'].includes((error as { constraint?: string }).constraint);

export const LOGIN_TAKEN = 'Этот логин уже занят';

/**
 * Inserts an account with its roles (and a teacher's profile) and writes its `user.created`
 * audit row. Called inside the caller's transaction; the login must be free (409 otherwise).
 */
export async function insertAccount(
  trx: Database,
  now: Date,
  who: { actor: Actor | null; meta: Who['meta'] | null },
  input: Omit<UserCreateInput, 'password' | 'roles'> & { passwordHash: string; mustChangePassword: boolean },
  grants: Grant[],
): Promise<number> {
  if (await loginTaken(trx, input.login))
    throw new Conflict(LOGIN_TAKEN, [{ field: 'login', message: LOGIN_TAKEN }]);
  let userId: number;
  try {
    const row = await trx
      .insertInto('users')
      .values({
        login: input.login,
        passwordHash: input.passwordHash,
        lastName: input.lastName,
        firstName: input.firstName,
        middleName: input.middleName,
        email: input.email ?? null,
        // An address entered by staff, who answer for it, counts as confirmed.
        emailConfirmedAt: input.email ? now : null,
        mustChangePassword: input.mustChangePassword,
        passwordChangedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    userId = row.id;
  } catch (error) {
    // Two creators of one login at once: the database's unique key decides, the loser gets a 409.
    if (isLoginConflict(error)) throw new Conflict(LOGIN_TAKEN, [{ field: 'login', message: LOGIN_TAKEN }]);
    throw error;
  }
  await trx.insertInto('userRoles').values(roleRows(userId, grants)).execute();
  const teacher = grants.some((g) => g.role === 'teacher');
  if (teacher && input.organizationId !== undefined && input.position !== undefined)
    await trx
      .insertInto('teacherProfiles')
      .values({
        userId,
        organizationId: input.organizationId,
        position: input.position,
        subject: null,
        personalDataConsentAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
  await recordAudit(trx, now, who, {
    action: 'user.created',
    entityType: 'user',
    entityId: userId,
    after: {
      login: input.login,
      lastName: input.lastName,
      firstName: input.firstName,
      middleName: input.middleName,
      email: input.email ?? null,
      roles: rolesForAudit(grants),
      ...(teacher ? { organizationId: input.organizationId, position: input.position } : {}),
      mustChangePassword: input.mustChangePassword,
    },
  });
  return userId;
}

// --- use cases

export async function findUsers(
  ctx: Ctx,
  who: SignedIn,
  query: UserListQuery,
): Promise<{ items: Account[]; total: number }> {
  authorizeAttempt(who.actor, 'account.view');
  const page = await findAccounts(ctx.db, who.actor, query, query);
  const roles = await rolesOf(
    ctx.db,
    page.items.map((row) => row.id),
  );
  return { items: page.items.map((row) => ({ row, roles: roles.get(row.id) ?? [] })), total: page.total };
}

export async function getUser(ctx: Ctx, who: SignedIn, userId: number): Promise<Account> {
  return loadAccount(ctx.db, who.actor, userId);
}

export async function createUser(ctx: Ctx, who: SignedIn, input: UserCreateInput): Promise<Account> {
  const { actor } = who;
  // Whoever does not manage accounts is refused before their input is looked at.
  authorizeAttempt(actor, 'account.view');
  const { grants, errors } = await resolveGrants(ctx.db, input.roles);
  errors.push(...(await teacherFieldErrors(ctx.db, input, grants)));
  if (errors.length) throw new Invalid('Проверьте заполнение полей', errors);
  authorize(actor, 'account.create', { grants });
  assertStrongPassword(input.password, 'password', [
    input.login,
    input.email,
    input.lastName,
    input.firstName,
  ]);
  const passwordHash = await hashPassword(input.password);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    // The creator typed the password, so the user chooses their own at first login.
    const { password: _password, roles: _roles, ...fields } = input;
    const userId = await insertAccount(
      trx,
      now,
      who,
      { ...fields, passwordHash, mustChangePassword: true },
      grants,
    );
    return loadAccount(trx, actor, userId);
  });
}

export async function updateUser(
  ctx: Ctx,
  who: SignedIn,
  userId: number,
  input: UserUpdateInput,
): Promise<Account> {
  const { actor } = who;
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const account = judge(actor, 'account.update', await findVisible(trx, actor, userId));
    const { row } = account;
    const current = {
      lastName: row.lastName,
      firstName: row.firstName,
      middleName: row.middleName,
      email: row.email,
    };
    const next = {
      lastName: input.lastName ?? row.lastName,
      firstName: input.firstName ?? row.firstName,
      middleName: input.middleName === undefined ? row.middleName : input.middleName,
      email: input.email === undefined ? row.email : input.email,
    };
    const change = diff(current, next);
    if (!change.changed) return account;
    await trx
      .updateTable('users')
      .set({
        ...next,
        // An address entered by staff, who answer for it, counts as confirmed.
        ...(next.email !== current.email ? { emailConfirmedAt: next.email ? now : null } : {}),
        updatedAt: now,
      })
      .where('id', '=', userId)
      .execute();
    await recordAudit(trx, now, who, {
      action: 'user.updated',
      entityType: 'user',
      entityId: userId,
      before: change.before,
      after: change.after,
    });
    return loadAccount(trx, actor, userId);
  });
}

export async function setUserRoles(
  ctx: Ctx,
  who: SignedIn,
  userId: number,
  input: { roles: RoleInputValue[] },
): Promise<Account> {
  const { actor } = who;
  authorizeAttempt(actor, 'account.editRoles');
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const found = await findVisible(trx, actor, userId);
    refuseOwn(found, actor, 'Нельзя изменить собственные роли: попросите другого оператора');
    const account = judge(actor, 'account.editRoles', found);
    const { grants, errors } = await resolveGrants(trx, input.roles);
    if (grants.some((g) => g.role === 'teacher') && !(await hasTeacherProfile(trx, userId)))
      errors.push({
        field: 'roles',
        message: 'У пользователя нет профиля педагога: педагог регистрируется сам',
      });
    if (errors.length) throw new Invalid('Проверьте роли', errors);
    const before = rolesForAudit(grantsOf(account.roles));
    const after = rolesForAudit(grants);
    const key = (roles: typeof before) => JSON.stringify(roles.map((r) => JSON.stringify(r)).sort());
    if (key(before) === key(after)) return account;
    await trx.deleteFrom('userRoles').where('userId', '=', userId).execute();
    await trx.insertInto('userRoles').values(roleRows(userId, grants)).execute();
    await trx.updateTable('users').set({ updatedAt: now }).where('id', '=', userId).execute();
    await recordAudit(trx, now, who, {
      action: 'user.roles_changed',
      entityType: 'user',
      entityId: userId,
      before: { roles: before },
      after: { roles: after },
    });
    return loadAccount(trx, actor, userId);
  });
}

export async function blockUser(ctx: Ctx, who: SignedIn, userId: number): Promise<Account> {
  const { actor } = who;
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const found = await findVisible(trx, actor, userId);
    refuseOwn(found, actor, 'Нельзя заблокировать собственную учётную запись');
    // Judged as not yet blocked: a block of a blocked account is a 409 of the update below.
    judge(actor, 'account.block', found, { blocked: false });
    // The condition on blocked_at makes two blocks at once yield one change and one 409.
    const changed = await trx
      .updateTable('users')
      .set({ blockedAt: now, updatedAt: now })
      .where('id', '=', userId)
      .where('blockedAt', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!changed) throw new Conflict('Учётная запись уже заблокирована');
    await revokeUserSessions(trx, userId, now);
    await recordAudit(trx, now, who, {
      action: 'user.blocked',
      entityType: 'user',
      entityId: userId,
      before: { blockedAt: null },
      after: { blockedAt: now },
    });
    return loadAccount(trx, actor, userId);
  });
}

export async function unblockUser(ctx: Ctx, who: SignedIn, userId: number): Promise<Account> {
  const { actor } = who;
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const found = await findVisible(trx, actor, userId);
    refuseOwn(found, actor, 'Нельзя разблокировать собственную учётную запись');
    const account = judge(actor, 'account.unblock', found, { blocked: true });
    const changed = await trx
      .updateTable('users')
      .set({ blockedAt: null, updatedAt: now })
      .where('id', '=', userId)
      .where('blockedAt', 'is not', null)
      .returning('id')
      .executeTakeFirst();
    if (!changed) throw new Conflict('Учётная запись не заблокирована');
    await recordAudit(trx, now, who, {
      action: 'user.unblocked',
      entityType: 'user',
      entityId: userId,
      before: { blockedAt: account.row.blockedAt },
      after: { blockedAt: null },
    });
    return loadAccount(trx, actor, userId);
  });
}

/**
 * Replaces the password with a temporary one shown once to the one who reset it; the user must
 * change it at the next login, and every open session of theirs ends now.
 */
export async function resetUserPassword(
  ctx: Ctx,
  who: SignedIn,
  userId: number,
): Promise<{ account: Account; temporaryPassword: string }> {
  const { actor } = who;
  const check = async (db: Database) => {
    const found = await findVisible(db, actor, userId);
    refuseOwn(found, actor, 'Свой пароль смените в профиле: сброс — для чужих учётных записей');
    judge(actor, 'account.resetPassword', found);
  };
  // Checked before the slow hashing too, so a refused request costs nothing.
  await check(ctx.db);
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  const now = ctx.now();
  const account = await ctx.db.transaction().execute(async (trx) => {
    await check(trx);
    await trx
      .updateTable('users')
      .set({ passwordHash, mustChangePassword: true, passwordChangedAt: now, updatedAt: now })
      .where('id', '=', userId)
      .execute();
    await revokeUserSessions(trx, userId, now);
    await recordAudit(trx, now, who, {
      action: 'user.password_reset',
      entityType: 'user',
      entityId: userId,
      after: { mustChangePassword: true, sessionsRevoked: true },
    });
    return loadAccount(trx, actor, userId);
  });
  return { account, temporaryPassword: password };
}
