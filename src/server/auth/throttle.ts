// Throttling reads the audit log itself: failed logins and sign-ups are audited anyway, so the
// counts are shared by every server process and survive restarts without a second store.
import { sql } from 'kysely';
import type { Ctx } from '../context.js';
import { TooManyRequests } from '../http/errors.js';

async function countSince(ctx: Ctx, action: string, by: 'login' | 'ip', value: string, since: Date) {
  const row = await ctx.db
    .selectFrom('auditEvents')
    .where('action', '=', action)
    .where(by, '=', value)
    .where('at', '>', since)
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function assertLoginAllowed(ctx: Ctx, login: string, ip: string) {
  const windowMinutes = ctx.config.loginThrottleWindowMinutes;
  const since = new Date(ctx.now().getTime() - windowMinutes * 60_000);
  const [byLogin, byAddress] = await Promise.all([
    countSince(ctx, 'auth.login_failed', 'login', login, since),
    countSince(ctx, 'auth.login_failed', 'ip', ip, since),
  ]);
  if (byLogin >= ctx.config.loginFailuresPerLogin || byAddress >= ctx.config.loginFailuresPerAddress) {
    throw new TooManyRequests(
      `Слишком много неудачных попыток входа. Попробуйте через ${windowMinutes} мин. или обратитесь к администратору для сброса пароля`,
      windowMinutes * 60,
    );
  }
}

export async function assertSignupAllowed(ctx: Ctx, ip: string) {
  const since = new Date(ctx.now().getTime() - 3600_000);
  if ((await countSince(ctx, 'auth.signup', 'ip', ip, since)) >= ctx.config.signupsPerAddressPerHour) {
    throw new TooManyRequests('Слишком много регистраций с вашего адреса. Попробуйте через час', 3600);
  }
}
