// Authentication: sign-in and sign-out, teacher sign-up, password change. Sessions live in the
// database (sessions.ts); failed attempts are audited and throttled (throttle.ts).
import type { ChangePasswordBody, LoginBody, SignupBody } from '../../contract/auth.js';
import { signupBody } from '../../contract/auth.js';
import type { Actor, RequestMeta, Who } from '../access/actor.js';
import { recordAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import { Conflict, DomainError, Invalid, Unauthorized } from '../http/errors.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { createSession, revokeSession, revokeUserSessions } from './sessions.js';
import { assertLoginAllowed, assertSignupAllowed } from './throttle.js';

export type SessionIssued = { userId: number; token: string; csrfToken: string; expiresAt: Date };

const WRONG_PAIR = 'Неверный логин или пароль';

export const normalizeLogin = (login: string) => login.trim().toLowerCase();

export async function login(ctx: Ctx, meta: RequestMeta, input: LoginBody): Promise<SessionIssued> {
  const loginName = normalizeLogin(input.login).slice(0, 254);
  await assertLoginAllowed(ctx, loginName, meta.ip);
  const user = await ctx.db
    .selectFrom('users')
    .where('login', '=', loginName)
    .select(['id', 'login', 'passwordHash', 'blockedAt'])
    .executeTakeFirst();
  const ok = await verifyPassword(user?.passwordHash, input.password);
  const now = ctx.now();
  if (!user || !ok || user.blockedAt) {
    await recordAudit(
      ctx.db,
      now,
      { actor: null, meta },
      {
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
        login: loginName,
        after: { reason: !user ? 'unknown_login' : !ok ? 'wrong_password' : 'blocked' },
      },
    );
    // A blocked account is named only to someone who knows its password.
    if (user && ok)
      throw new DomainError(
        403,
        'Вход запрещён',
        'Учётная запись заблокирована. Обратитесь к администратору',
      );
    throw new Unauthorized(WRONG_PAIR);
  }
  return ctx.db.transaction().execute(async (trx) => {
    const session = await createSession(trx, user.id, now, ctx.config.sessionTtlHours, meta);
    await recordAudit(
      trx,
      now,
      { actor: null, meta },
      {
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
        actorId: user.id,
        login: user.login,
      },
    );
    return { userId: user.id, ...session };
  });
}

export async function logout(ctx: Ctx, who: Who & { actor: Actor }): Promise<void> {
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await revokeSession(trx, who.actor.sessionId, now);
    await recordAudit(trx, now, who, {
      action: 'auth.logout',
      entityType: 'user',
      entityId: who.actor.userId,
    });
  });
}

export async function signup(ctx: Ctx, meta: RequestMeta, raw: SignupBody): Promise<SessionIssued> {
  const input = signupBody.parse(raw);
  await assertSignupAllowed(ctx, meta.ip);
  const [organization, position] = await Promise.all([
    ctx.db.selectFrom('organizations').where('id', '=', input.organizationId).select('id').executeTakeFirst(),
    ctx.db.selectFrom('positions').where('name', '=', input.position).select('id').executeTakeFirst(),
  ]);
  const errors = [
    ...(organization ? [] : [{ field: 'organizationId', message: 'Организация не найдена' }]),
    ...(position ? [] : [{ field: 'position', message: 'Выберите должность из списка' }]),
  ];
  if (errors.length) throw new Invalid('Проверьте заполнение полей', errors);
  const passwordHash = await hashPassword(input.password);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom('users')
      .where('login', '=', input.email)
      .select('id')
      .executeTakeFirst();
    if (taken)
      throw new Conflict(
        'Пользователь с таким адресом уже зарегистрирован. Войдите или восстановите пароль',
        [{ field: 'email', message: 'Адрес уже зарегистрирован' }],
      );
    const user = await trx
      .insertInto('users')
      .values({
        login: input.email,
        email: input.email,
        passwordHash,
        lastName: input.lastName,
        firstName: input.firstName,
        middleName: input.middleName,
        passwordChangedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('userRoles').values({ userId: user.id, role: 'teacher' }).execute();
    const profile = {
      userId: user.id,
      organizationId: input.organizationId,
      position: input.position,
      subject: input.subject,
      personalDataConsentAt: now,
    };
    await trx
      .insertInto('teacherProfiles')
      .values({ ...profile, createdAt: now, updatedAt: now })
      .execute();
    await recordAudit(
      trx,
      now,
      { actor: null, meta },
      {
        action: 'auth.signup',
        entityType: 'user',
        entityId: user.id,
        actorId: user.id,
        login: input.email,
        after: {
          login: input.email,
          lastName: input.lastName,
          firstName: input.firstName,
          middleName: input.middleName,
          roles: ['teacher'],
          ...profile,
        },
      },
    );
    const session = await createSession(trx, user.id, now, ctx.config.sessionTtlHours, meta);
    return { userId: user.id, ...session };
  });
}

export async function changePassword(
  ctx: Ctx,
  who: Who & { actor: Actor },
  input: ChangePasswordBody,
): Promise<SessionIssued> {
  const user = await ctx.db
    .selectFrom('users')
    .where('id', '=', who.actor.userId)
    .select(['id', 'passwordHash'])
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.passwordHash, input.currentPassword)))
    throw new Invalid('Текущий пароль введён неверно', [
      { field: 'currentPassword', message: 'Неверный пароль' },
    ]);
  if (input.currentPassword === input.newPassword)
    throw new Invalid('Новый пароль должен отличаться от текущего', [
      { field: 'newPassword', message: 'Совпадает с текущим' },
    ]);
  const passwordHash = await hashPassword(input.newPassword);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ passwordHash, mustChangePassword: false, passwordChangedAt: now, updatedAt: now })
      .where('id', '=', user.id)
      .execute();
    await revokeUserSessions(trx, user.id, now);
    await recordAudit(trx, now, who, {
      action: 'auth.password_changed',
      entityType: 'user',
      entityId: user.id,
    });
    const session = await createSession(trx, user.id, now, ctx.config.sessionTtlHours, who.meta);
    return { userId: user.id, ...session };
  });
}
