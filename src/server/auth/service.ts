// Authentication: sign-in and sign-out, teacher sign-up, password change. Sessions live in the
// database (sessions.ts); failed attempts are audited and throttled (throttle.ts). Recovery by
// e-mail and confirmation of addresses: recovery.ts.
import { sql } from 'kysely';
import type { ChangePasswordBody, LoginBody, SignupBody } from '../../contract/auth.js';
import { signupBody } from '../../contract/auth.js';
import type { Actor, RequestMeta, Who } from '../access/actor.js';
import { recordAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Database } from '../db/database.js';
import { DomainError, Invalid, Unauthorized } from '../http/errors.js';
import { assertStrongPassword, hashPassword, verifyPassword } from './passwords.js';
import { type LinkBase, mailConfirmation, mailSignupKnown } from './recovery.js';
import { createSession, revokeSession, revokeUserSessions } from './sessions.js';
import { assertGuessAllowed, assertSignupAllowed, inTransaction, oneGuessAtATime } from './throttle.js';
import { LINKS_PER_HOUR } from './tokens.js';

export type SessionIssued = { userId: number; token: string; csrfToken: string; expiresAt: Date };

const WRONG_PAIR = 'Неверный логин или пароль';

export const normalizeLogin = (login: string) => login.trim().toLowerCase();

export async function login(ctx: Ctx, meta: RequestMeta, input: LoginBody): Promise<SessionIssued> {
  const loginName = normalizeLogin(input.login).slice(0, 254);
  // Counted, verified and recorded while no other guess for this login runs (throttle.ts).
  const outcome = await oneGuessAtATime(ctx, loginName, async (db) => {
    const user = await db
      .selectFrom('users')
      .where('login', '=', loginName)
      .select(['id', 'login', 'passwordHash', 'blockedAt', 'passwordChangedAt'])
      .executeTakeFirst();
    await assertGuessAllowed(db, ctx, loginName, meta.ip, user?.passwordChangedAt ?? null);
    const ok = await verifyPassword(user?.passwordHash, input.password);
    const now = ctx.now();
    if (!user || !ok || user.blockedAt) {
      await recordAudit(
        db,
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
      return { failed: user && ok ? ('blocked' as const) : ('wrong' as const) };
    }
    return inTransaction(db, async (trx) => {
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
      return { issued: { userId: user.id, ...session } };
    });
  });
  if ('issued' in outcome) return outcome.issued;
  if (outcome.failed === 'blocked')
    throw new DomainError(403, 'Вход запрещён', 'Учётная запись заблокирована. Обратитесь к администратору');
  throw new Unauthorized(WRONG_PAIR);
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

/**
 * Teacher self-sign-up. A new address gets an account (its e-mail unconfirmed) and a confirmation
 * link; a known one (an account's login or e-mail) gets nothing made and its owner a notice by
 * mail. Both answer alike and cost alike (the password is hashed either way), so sign-up tells
 * nobody which addresses are registered; then one signs in as usual.
 */
export async function signup(
  ctx: Ctx,
  meta: RequestMeta,
  base: LinkBase,
  raw: SignupBody,
): Promise<{ email: string }> {
  const input = signupBody.parse(raw);
  await assertSignupAllowed(ctx, meta.ip);
  assertStrongPassword(input.password, 'password', [input.email, input.lastName, input.firstName]);
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
  const answer = { email: input.email };
  const known = async (trx: Database) => {
    // Notices to one address are limited per hour, silently.
    const recent = await trx
      .selectFrom('auditEvents')
      .where('action', '=', 'auth.signup_known_email')
      .where('login', '=', input.email)
      .where('at', '>', new Date(now.getTime() - 3600_000))
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirst();
    const mailed = Number(recent?.n ?? 0) < LINKS_PER_HOUR;
    if (mailed) await mailSignupKnown(trx, now, base, input.email);
    await recordAudit(
      trx,
      now,
      { actor: null, meta },
      {
        action: 'auth.signup_known_email',
        entityType: 'user',
        entityId: null,
        login: input.email,
        after: { mailed },
      },
    );
    return answer;
  };
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const taken = await trx
        .selectFrom('users')
        .where((eb) =>
          eb.or([eb('login', '=', input.email), sql<boolean>`lower(btrim(email)) = ${input.email}`]),
        )
        .select('id')
        .executeTakeFirst();
      if (taken) return known(trx);
      const user = await trx
        .insertInto('users')
        .values({
          login: input.email,
          email: input.email,
          emailConfirmedAt: null,
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
      await mailConfirmation(trx, now, base, {
        id: user.id,
        email: input.email,
        firstName: input.firstName,
        middleName: input.middleName ?? null,
      });
      return answer;
    });
  } catch (error) {
    // The same address signed up twice at once: the unique login decides, the other is "known".
    if ((error as { code?: string } | null)?.code === '23505')
      return ctx.db.transaction().execute((trx) => known(trx));
    throw error;
  }
}

export async function changePassword(
  ctx: Ctx,
  who: Who & { actor: Actor },
  input: ChangePasswordBody,
): Promise<SessionIssued> {
  // Whoever holds a session must still know the current password: its guesses are throttled and
  // audited as logins are, under the same lock and limits.
  const wrong = await oneGuessAtATime(ctx, who.actor.login, async (db) => {
    const user = await db
      .selectFrom('users')
      .where('id', '=', who.actor.userId)
      .select(['id', 'passwordHash', 'passwordChangedAt'])
      .executeTakeFirstOrThrow();
    await assertGuessAllowed(db, ctx, who.actor.login, who.meta.ip, user.passwordChangedAt);
    if (await verifyPassword(user.passwordHash, input.currentPassword)) return false;
    await recordAudit(db, ctx.now(), who, {
      action: 'auth.password_change_failed',
      entityType: 'user',
      entityId: user.id,
      after: { reason: 'wrong_password' },
    });
    return true;
  });
  if (wrong)
    throw new Invalid('Текущий пароль введён неверно', [
      { field: 'currentPassword', message: 'Неверный пароль' },
    ]);
  if (input.currentPassword === input.newPassword)
    throw new Invalid('Новый пароль должен отличаться от текущего', [
      { field: 'newPassword', message: 'Совпадает с текущим' },
    ]);
  assertStrongPassword(input.newPassword, 'newPassword', [who.actor.login]);
  const passwordHash = await hashPassword(input.newPassword);
  const now = ctx.now();
  const userId = who.actor.userId;
  return ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ passwordHash, mustChangePassword: false, passwordChangedAt: now, updatedAt: now })
      .where('id', '=', userId)
      .execute();
    await revokeUserSessions(trx, userId, now);
    await recordAudit(trx, now, who, {
      action: 'auth.password_changed',
      entityType: 'user',
      entityId: userId,
    });
    const session = await createSession(trx, userId, now, ctx.config.sessionTtlHours, who.meta);
    return { userId, ...session };
  });
}
