// The links mailed for password recovery and for confirming an e-mail: a random token goes into
// the link, the database keeps only its SHA-256 (a copied table gives no working link), with its
// purpose, the address it was mailed to and how long it lasts. A token is used once: marking it
// used is one conditional UPDATE, so two uses at the same moment cannot both succeed.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { AccountTokenPurpose, DB } from '../db/schema.js';
import { Invalid } from '../http/errors.js';

type Db = Kysely<DB> | Transaction<DB>;

/** How long a recovery link lasts. */
export const RECOVERY_TTL_MS = 3600_000;
/** How long a confirmation link lasts (as long as the outbox keeps trying to send it). */
export const CONFIRM_TTL_MS = 3 * 86_400_000;
/** How long an invitation of a teacher registered by her methodist lasts. */
export const INVITATION_TTL_MS = 7 * 86_400_000;
/** Links of one purpose mailed to one account within an hour; beyond it no more are mailed. */
export const LINKS_PER_HOUR = 3;

const TTL: Record<AccountTokenPurpose, number> = {
  recovery: RECOVERY_TTL_MS,
  email_confirm: CONFIRM_TTL_MS,
  invitation: INVITATION_TTL_MS,
};

export const tokenDigest = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** A fresh token (it is stored only when `issueToken` keeps it). */
export const newToken = () => randomBytes(32).toString('base64url');

/** Stores `token` (its digest) for `userId` and returns it for the link. */
export async function issueToken(
  db: Db,
  now: Date,
  input: { userId: number; purpose: AccountTokenPurpose; email: string; token?: string },
): Promise<string> {
  const [token] = await issueTokens(db, now, [input]);
  return token as string;
}

/** Stores many tokens in one statement (an import's invitations); returns them in the same order. */
export async function issueTokens(
  db: Db,
  now: Date,
  inputs: readonly { userId: number; purpose: AccountTokenPurpose; email: string; token?: string }[],
): Promise<string[]> {
  const tokens = inputs.map((input) => input.token ?? newToken());
  if (inputs.length === 0) return tokens;
  await db
    .insertInto('accountTokens')
    .values(
      inputs.map((input, i) => ({
        userId: input.userId,
        purpose: input.purpose,
        tokenHash: tokenDigest(tokens[i] as string),
        email: input.email,
        createdAt: now,
        expiresAt: new Date(now.getTime() + TTL[input.purpose]),
        usedAt: null,
      })),
    )
    .execute();
  return tokens;
}

/** How many links of `purpose` were issued to `userId` within the last hour. */
export async function recentTokens(db: Db, now: Date, userId: number, purpose: AccountTokenPurpose) {
  const row = await db
    .selectFrom('accountTokens')
    .where('userId', '=', userId)
    .where('purpose', '=', purpose)
    .where('createdAt', '>', new Date(now.getTime() - 3600_000))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

const MESSAGES: Record<AccountTokenPurpose, { unknown: string; expired: string; used: string }> = {
  recovery: {
    unknown: 'Ссылка для восстановления пароля неверна. Скопируйте её из письма целиком или запросите новую',
    expired: 'Срок действия ссылки истёк: она действует 1 час. Запросите восстановление пароля ещё раз',
    used: 'По этой ссылке пароль уже был изменён. Если нужно, запросите восстановление ещё раз',
  },
  email_confirm: {
    unknown: 'Ссылка для подтверждения адреса неверна. Скопируйте её из письма целиком',
    expired: 'Срок действия ссылки истёк. Войдите и нажмите «Отправить ещё раз» в профиле',
    used: 'Эта ссылка уже использована',
  },
  invitation: {
    unknown: 'Ссылка приглашения неверна. Скопируйте её из письма целиком',
    expired:
      'Срок действия приглашения истёк: оно действует 7 дней. Попросите методиста отправить его ещё раз',
    used: 'По этой ссылке пароль уже задан. Войдите со своим адресом и паролем или восстановите пароль',
  },
};

const refuse = (message: string) => new Invalid(message, [{ field: 'token', message }]);

/** The account a token is good for now; refuses (422, in Russian) an unknown, expired or used one. */
export async function checkToken(db: Db, now: Date, purpose: AccountTokenPurpose, token: string) {
  const messages = MESSAGES[purpose];
  const row = await db
    .selectFrom('accountTokens')
    .where('tokenHash', '=', tokenDigest(token))
    .where('purpose', '=', purpose)
    .select(['id', 'userId', 'email', 'usedAt', 'expiresAt'])
    .executeTakeFirst();
  if (!row) throw refuse(messages.unknown);
  if (row.usedAt) throw refuse(messages.used);
  if (row.expiresAt.getTime() <= now.getTime()) throw refuse(messages.expired);
  return row;
}

/** Takes a token for its one use in the caller's transaction (refused as `checkToken` says). */
export async function useToken(trx: Transaction<DB>, now: Date, purpose: AccountTokenPurpose, token: string) {
  const used = await trx
    .updateTable('accountTokens')
    .set({ usedAt: now })
    .where('tokenHash', '=', tokenDigest(token))
    .where('purpose', '=', purpose)
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', now)
    .returning(['id', 'userId', 'email'])
    .executeTakeFirst();
  if (used) return used;
  await checkToken(trx, now, purpose, token);
  throw refuse(MESSAGES[purpose].used);
}
