// Throttling reads the audit log itself: failed logins, failed password changes and sign-ups are
// audited anyway, so the counts are shared by every server process and survive restarts without
// a second store.
//
// Password guesses for one login are checked one at a time (`oneGuessAtATime`): the failures are
// counted, the password verified and the failure recorded while no other guess for that login
// runs, so guesses sent at once cannot all pass the count before any of them is recorded.
//
// Two limits, so that nobody can lock a user out by guessing her password:
// - per login and client address, tight: after LOGIN_FAILURES_PER_LOGIN_ADDRESS failures within
//   the window that pair waits until the oldest leaves the window;
// - per login from any address, loose: after LOGIN_FAILURES_PER_LOGIN failures within a day each
//   further guess waits a delay that doubles with every failure (1 s, 2 s, 4 s … at most 5 min)
//   after the last one, rather than a lock: guessing slows down, the owner still gets in.
// A password set anew (a reset by a head or an operator, a change) lifts both: only failures
// after the password was set count. A client address has its own loose limit too (a whole
// school may sit behind one NAT address).
import { sql, type Transaction } from 'kysely';
import type { Ctx } from '../context.js';
import type { Database } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { TooManyRequests } from '../http/errors.js';

/** The audited failures that count as password guesses. */
export const GUESS_FAILURES = ['auth.login_failed', 'auth.password_change_failed'] as const;

/** The per-login delays are counted over this period… */
export const LOGIN_DELAY_PERIOD_MS = 24 * 3600_000;
/** …and never exceed this. */
export const LOGIN_DELAY_MAX_SECONDS = 300;

type Db = Database | Transaction<DB>;

// Guesses for one login queue in this process before they take a database connection, so a burst
// of guesses for one login cannot hold every connection of the pool while waiting for its lock.
const queues = new WeakMap<Database, Map<string, Promise<unknown>>>();

function inProcessQueue<T>(db: Database, key: string, work: () => Promise<T>): Promise<T> {
  let byKey = queues.get(db);
  if (!byKey) {
    byKey = new Map();
    queues.set(db, byKey);
  }
  const before = byKey.get(key) ?? Promise.resolve();
  const run = before.then(work, work);
  const tail = run.catch(() => {});
  byKey.set(key, tail);
  void tail.then(() => {
    if (byKey.get(key) === tail) byKey.delete(key);
  });
  return run;
}

/** The PostgreSQL advisory lock a login's guesses take (the same in every server process). */
export const loginLockKey = (login: string) => sql<string>`hashtextextended(${`login:${login}`}, 0)`;

/**
 * Runs a guess for `login` while no other guess for it runs: in this process (a queue per login)
 * and, on PostgreSQL, in every process (a transaction-level advisory lock; `guess` runs inside
 * that transaction and its writes commit with it). PGlite is opened by one process only, so the
 * queue is the whole lock there; `guess` gets the database and opens its own transaction.
 */
export function oneGuessAtATime<T>(ctx: Ctx, login: string, guess: (db: Db) => Promise<T>): Promise<T> {
  return inProcessQueue(ctx.db, login, async () => {
    if (ctx.engine !== 'postgres') return guess(ctx.db);
    return ctx.db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${loginLockKey(login)})`.execute(trx);
      return guess(trx);
    });
  });
}

/** Runs `work` in the transaction `db` already is, or in a new one. */
export function inTransaction<T>(db: Db, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Transaction<DB>) : db.transaction().execute(work);
}

const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

function waitText(seconds: number) {
  return seconds < 60 ? `${seconds} с` : `${minutes(seconds)} мин.`;
}

/**
 * Refuses a guess for `login` from `ip` with 429 (and when to try again) when a limit is reached.
 * `passwordSetAt`: when the account's password was last set (null for an unknown login).
 */
export async function assertGuessAllowed(
  db: Db,
  ctx: Ctx,
  login: string,
  ip: string,
  passwordSetAt: Date | null,
): Promise<void> {
  const now = ctx.now();
  const windowMs = ctx.config.loginThrottleWindowMinutes * 60_000;
  // Only the failures since the password was set count (at that very instant too).
  const lifted = passwordSetAt ?? new Date(0);
  const windowStart = new Date(now.getTime() - windowMs);
  const periodStart = new Date(now.getTime() - LOGIN_DELAY_PERIOD_MS);
  const [byLogin, byAddress] = await Promise.all([
    db
      .selectFrom('auditEvents')
      .where('action', 'in', GUESS_FAILURES)
      .where('login', '=', login)
      .where('at', '>', periodStart)
      .where('at', '>=', lifted)
      .select([
        sql<number>`count(*)`.as('failures'),
        sql<Date | null>`max(at)`.as('last'),
        sql<number>`count(*) FILTER (WHERE ip = ${ip} AND at > ${windowStart})`.as('fromAddress'),
        sql<Date | null>`min(at) FILTER (WHERE ip = ${ip} AND at > ${windowStart})`.as('oldestFromAddress'),
      ])
      .executeTakeFirst(),
    db
      .selectFrom('auditEvents')
      .where('action', 'in', GUESS_FAILURES)
      .where('ip', '=', ip)
      .where('at', '>', windowStart)
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirst(),
  ]);
  const fromAddress = Number(byLogin?.fromAddress ?? 0);
  if (fromAddress >= ctx.config.loginFailuresPerLoginAddress) {
    const oldest = new Date(byLogin?.oldestFromAddress ?? now).getTime();
    const wait = Math.max(1, Math.ceil((oldest + windowMs - now.getTime()) / 1000));
    throw new TooManyRequests(
      `Слишком много неудачных попыток входа. Попробуйте через ${waitText(wait)} или обратитесь к администратору для сброса пароля`,
      wait,
    );
  }
  const failures = Number(byLogin?.failures ?? 0);
  if (failures >= ctx.config.loginFailuresPerLogin && byLogin?.last) {
    const delay = Math.min(LOGIN_DELAY_MAX_SECONDS, 2 ** (failures - ctx.config.loginFailuresPerLogin));
    const until = new Date(byLogin.last).getTime() + delay * 1000;
    if (until > now.getTime()) {
      const wait = Math.ceil((until - now.getTime()) / 1000);
      throw new TooManyRequests(
        `К этой учётной записи было много неудачных попыток входа, поэтому попытки замедлены. Попробуйте через ${waitText(wait)}`,
        wait,
      );
    }
  }
  if (Number(byAddress?.n ?? 0) >= ctx.config.loginFailuresPerAddress) {
    const wait = ctx.config.loginThrottleWindowMinutes * 60;
    throw new TooManyRequests(
      `Слишком много неудачных попыток входа с вашего адреса. Попробуйте через ${waitText(wait)}`,
      wait,
    );
  }
}

export async function assertSignupAllowed(ctx: Ctx, ip: string) {
  const since = new Date(ctx.now().getTime() - 3600_000);
  const row = await ctx.db
    .selectFrom('auditEvents')
    // A sign-up of a known address counts as one too: the answers are alike, and so are the limits.
    .where('action', 'in', ['auth.signup', 'auth.signup_known_email'])
    .where('ip', '=', ip)
    .where('at', '>', since)
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirst();
  if (Number(row?.n ?? 0) >= ctx.config.signupsPerAddressPerHour) {
    throw new TooManyRequests('Слишком много регистраций с вашего адреса. Попробуйте через час', 3600);
  }
}

/** Recovery requests from one client address within an hour. */
export const RECOVERY_REQUESTS_PER_ADDRESS_PER_HOUR = 20;

/** Refuses (429) a client address that asked for recovery links too often, whatever the e-mails. */
export async function assertRecoveryAllowed(ctx: Ctx, ip: string) {
  const since = new Date(ctx.now().getTime() - 3600_000);
  const row = await ctx.db
    .selectFrom('auditEvents')
    .where('action', '=', 'auth.recovery_requested')
    .where('ip', '=', ip)
    .where('at', '>', since)
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirst();
  if (Number(row?.n ?? 0) >= RECOVERY_REQUESTS_PER_ADDRESS_PER_HOUR) {
    throw new TooManyRequests(
      'Слишком много запросов на восстановление пароля с вашего адреса. Попробуйте через час',
      3600,
    );
  }
}
