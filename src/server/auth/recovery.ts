// Password recovery by e-mail and confirmation of a teacher's address. Both mail a link with a
// single-use token (tokens.ts) through the outbox. A recovery request answers alike whether or
// not the address is known and does about the same work either way; links to one account are
// limited per hour (silently: a refusal would tell that the address is known), requests per client
// address openly (429). Setting a password by a link ends every session of the account, lifts the
// login throttle (it counts only failures after the password was set) and confirms the address the
// link was mailed to.
import { sql } from 'kysely';
import type { EmailConfirmBody, RecoveryBody, RecoveryConfirmBody } from '../../contract/auth.js';
import { recoveryBody } from '../../contract/auth.js';
import type { Actor, RequestMeta, Who } from '../access/actor.js';
import { recordAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Database } from '../db/database.js';
import { Conflict, TooManyRequests } from '../http/errors.js';
import { queueEmail } from '../notifications/notify.js';
import { assertStrongPassword, hashPassword } from './passwords.js';
import { revokeUserSessions } from './sessions.js';
import { assertRecoveryAllowed } from './throttle.js';
import { checkToken, issueToken, LINKS_PER_HOUR, newToken, recentTokens, useToken } from './tokens.js';

/** Where the links in the mail lead: PUBLIC_URL, or the origin the request came to. */
export type LinkBase = string;

const greeting = (u: { firstName: string; middleName: string | null }) =>
  `Здравствуйте, ${u.firstName}${u.middleName ? ` ${u.middleName}` : ''}!`;

export const MAILS = {
  recovery: (u: { firstName: string; middleName: string | null; login: string }, link: string) => ({
    subject: 'Восстановление пароля в ЕБППК',
    body:
      `${greeting(u)}\n\nКто-то (возможно, вы) попросил восстановить пароль учётной записи «${u.login}».\n` +
      `Чтобы задать новый пароль, откройте ссылку (она действует 1 час и только один раз):\n${link}\n\n` +
      'Если вы не просили восстановить пароль, просто не открывайте ссылку: пароль останется прежним.',
  }),
  confirm: (u: { firstName: string; middleName: string | null }, link: string) => ({
    subject: 'Подтвердите адрес электронной почты в ЕБППК',
    body:
      `${greeting(u)}\n\nЭтот адрес указан при регистрации в ЕБППК. Чтобы подтвердить, что он ваш, ` +
      `откройте ссылку (она действует 3 суток):\n${link}\n\n` +
      'Пока адрес не подтверждён, уведомления о заявках и курсах приходят только в личный кабинет.\n' +
      'Если вы не регистрировались, просто не открывайте ссылку.',
  }),
  signupKnown: (link: string) => ({
    subject: 'Попытка регистрации в ЕБППК с вашим адресом',
    body:
      'Здравствуйте!\n\nКто-то пытался зарегистрироваться в ЕБППК с этим адресом электронной почты, ' +
      'но учётная запись с ним уже есть, поэтому новая не создана.\n' +
      `Если это были вы и вы не помните пароль, восстановите его: ${link}\n\n` +
      'Если это были не вы, ничего делать не нужно: ваша учётная запись не изменилась.',
  }),
};

/** An address as the accounts keep it, compared without case and surrounding spaces. */
const sameEmail = (email: string) => sql<boolean>`lower(btrim(email)) = ${email}`;

export async function requestRecovery(
  ctx: Ctx,
  meta: RequestMeta,
  base: LinkBase,
  raw: RecoveryBody,
): Promise<{ email: string }> {
  const { email } = recoveryBody.parse(raw);
  await assertRecoveryAllowed(ctx, meta.ip);
  const now = ctx.now();
  // A token is made whether or not it is needed, so both answers cost the same.
  const spare = newToken();
  await ctx.db.transaction().execute(async (trx) => {
    const users = await trx
      .selectFrom('users')
      .where((eb) => eb.or([eb('login', '=', email), sameEmail(email)]))
      .where('blockedAt', 'is', null)
      .where('email', 'is not', null)
      .select(['id', 'login', 'firstName', 'middleName', 'email'])
      .orderBy('id')
      .execute();
    let mailed = 0;
    for (const user of users) {
      if ((await recentTokens(trx, now, user.id, 'recovery')) >= LINKS_PER_HOUR) continue;
      const to = (user.email ?? '').trim();
      const token = await issueToken(trx, now, {
        userId: user.id,
        purpose: 'recovery',
        email: to,
        token: mailed === 0 ? spare : undefined,
      });
      await queueEmail(trx, now, { to, ...MAILS.recovery(user, `${base}/recovery/${token}`) });
      mailed++;
    }
    await recordAudit(
      trx,
      now,
      { actor: null, meta },
      {
        action: 'auth.recovery_requested',
        entityType: 'user',
        entityId: users[0]?.id ?? null,
        login: email,
        after: { mailed },
      },
    );
  });
  return { email };
}

/**
 * Sets the password by a mailed link: a recovery link, or the invitation of a teacher her
 * methodist registered (which also ends the account's «приглашён» state).
 */
export async function completeRecovery(
  ctx: Ctx,
  meta: RequestMeta,
  input: RecoveryConfirmBody,
  purpose: 'recovery' | 'invitation' = 'recovery',
): Promise<{ login: string }> {
  const now = ctx.now();
  // The token is checked before the password is hashed, and taken only with the new password.
  const token = await checkToken(ctx.db, now, purpose, input.token);
  const preview = await ctx.db
    .selectFrom('users')
    .where('id', '=', token.userId)
    .select(['login', 'email', 'lastName', 'firstName'])
    .executeTakeFirstOrThrow();
  assertStrongPassword(input.newPassword, 'newPassword', [
    preview.login,
    preview.email ?? '',
    preview.lastName,
    preview.firstName,
  ]);
  const passwordHash = await hashPassword(input.newPassword);
  return ctx.db.transaction().execute(async (trx) => {
    const taken = await useToken(trx, ctx.now(), purpose, input.token);
    const at = ctx.now();
    const user = await trx
      .updateTable('users')
      .set({
        passwordHash,
        mustChangePassword: false,
        invitedAt: null,
        passwordChangedAt: at,
        updatedAt: at,
        // The link reached its owner at this address: the address is proved.
        emailConfirmedAt: sql<Date | null>`CASE WHEN lower(btrim(email)) = lower(btrim(${taken.email}))
          THEN coalesce(email_confirmed_at, ${at}::timestamptz) ELSE email_confirmed_at END`,
      })
      .where('id', '=', taken.userId)
      .returning(['id', 'login'])
      .executeTakeFirstOrThrow();
    // The other links that set the password go with this one.
    await trx
      .updateTable('accountTokens')
      .set({ usedAt: at })
      .where('userId', '=', user.id)
      .where('purpose', 'in', ['recovery', 'invitation'])
      .where('usedAt', 'is', null)
      .execute();
    await revokeUserSessions(trx, user.id, at);
    await recordAudit(
      trx,
      at,
      { actor: null, meta },
      {
        action: purpose === 'invitation' ? 'auth.invitation_accepted' : 'auth.password_recovered',
        entityType: 'user',
        entityId: user.id,
        actorId: user.id,
        login: user.login,
      },
    );
    return { login: user.login };
  });
}

/** Mails a confirmation link for the account's current address (in the caller's transaction). */
export async function mailConfirmation(
  trx: Database,
  now: Date,
  base: LinkBase,
  user: { id: number; email: string; firstName: string; middleName: string | null },
): Promise<void> {
  const to = user.email.trim();
  const token = await issueToken(trx, now, { userId: user.id, purpose: 'email_confirm', email: to });
  await queueEmail(trx, now, { to, ...MAILS.confirm(user, `${base}/email/confirm/${token}`) });
}

/** The notice to the owner of an address someone tried to sign up with (no account is made). */
export async function mailSignupKnown(trx: Database, now: Date, base: LinkBase, email: string) {
  await queueEmail(trx, now, { to: email, ...MAILS.signupKnown(`${base}/recovery`) });
}

export async function confirmEmail(
  ctx: Ctx,
  meta: RequestMeta,
  input: EmailConfirmBody,
): Promise<{ email: string }> {
  return ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now();
    const taken = await useToken(trx, now, 'email_confirm', input.token);
    const user = await trx
      .updateTable('users')
      .set({ emailConfirmedAt: now, updatedAt: now })
      .where('id', '=', taken.userId)
      .where(sameEmail(taken.email.toLowerCase()))
      .returning(['id', 'login', 'email'])
      .executeTakeFirst();
    if (!user)
      throw new Conflict('Адрес в учётной записи с тех пор изменился: эта ссылка к нему не относится', [
        { field: 'token', message: 'Адрес изменился' },
      ]);
    await recordAudit(
      trx,
      now,
      { actor: null, meta },
      {
        action: 'auth.email_confirmed',
        entityType: 'user',
        entityId: user.id,
        actorId: user.id,
        login: user.login,
        after: { email: taken.email },
      },
    );
    return { email: user.email ?? taken.email };
  });
}

/** «Отправить ещё раз»: a new confirmation link to the signed-in user's unconfirmed address. */
export async function resendConfirmation(
  ctx: Ctx,
  who: Who & { actor: Actor },
  base: LinkBase,
): Promise<{ email: string }> {
  return ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now();
    const user = await trx
      .selectFrom('users')
      .where('id', '=', who.actor.userId)
      .select(['id', 'email', 'emailConfirmedAt', 'firstName', 'middleName'])
      .executeTakeFirstOrThrow();
    const email = user.email?.trim();
    if (!email) throw new Conflict('В учётной записи нет адреса электронной почты');
    if (user.emailConfirmedAt) throw new Conflict('Адрес уже подтверждён');
    if ((await recentTokens(trx, now, user.id, 'email_confirm')) >= LINKS_PER_HOUR)
      throw new TooManyRequests(
        'Письмо уже отправлено несколько раз. Проверьте почту или попробуйте через час',
        3600,
      );
    await mailConfirmation(trx, now, base, { ...user, email });
    await recordAudit(trx, now, who, {
      action: 'auth.email_confirmation_sent',
      entityType: 'user',
      entityId: user.id,
      after: { email },
    });
    return { email };
  });
}
