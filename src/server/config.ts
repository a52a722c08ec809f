// Environment → typed configuration, read once at start. Invalid values stop the process with a
// Russian message rather than running with a surprising default.
import { resolve } from 'node:path';
import { z } from 'zod';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().optional(),
  DATABASE_URL: z.string().url().optional(),
  EBPPK_NOW: z.iso.datetime({ offset: true }).optional(),
  SESSION_TTL_HOURS: positiveInt(12),
  // Failed logins per login name inside the window: tight, guards one account.
  LOGIN_FAILURES_PER_LOGIN: positiveInt(5),
  // Failed logins per client address: loose, a whole school may sit behind one NAT address.
  LOGIN_FAILURES_PER_ADDRESS: positiveInt(200),
  LOGIN_THROTTLE_WINDOW_MINUTES: positiveInt(15),
  SIGNUPS_PER_ADDRESS_PER_HOUR: positiveInt(500),
  // Public checks of unknown certificate numbers per client address inside the window.
  VERIFY_UNKNOWN_PER_ADDRESS: positiveInt(30),
  VERIFY_THROTTLE_WINDOW_MINUTES: positiveInt(10),
  // How long the public catalog's answers are kept per process (0 turns the cache off).
  CATALOG_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  // Outgoing mail (notifications): unset → e-mails are only stored in the outbox, never sent.
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/\s]+/i)
    .refine((v) => URL.canParse(v))
    .optional(),
  MAIL_FROM: z.string().max(300).includes('@').optional(),
  // The Bank's address as users open it (https://bank.example.ru): links in e-mails.
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  startAt: Date | undefined;
  sessionTtlHours: number;
  loginFailuresPerLogin: number;
  loginFailuresPerAddress: number;
  loginThrottleWindowMinutes: number;
  signupsPerAddressPerHour: number;
  verifyUnknownPerAddress: number;
  verifyThrottleWindowMinutes: number;
  catalogCacheMs: number;
  trustProxy: boolean;
  logLevel: string;
  /** smtp(s)://user:password@host:port — unset: mail stays in the outbox. Never log it. */
  smtpUrl: string | undefined;
  mailFrom: string | undefined;
  publicUrl: string | undefined;
};

/** The sender's address: MAIL_FROM, or the SMTP login when it is an address. */
function mailFromOf(smtpUrl: string | undefined, mailFrom: string | undefined): string | undefined {
  if (mailFrom || !smtpUrl) return mailFrom;
  let login = '';
  try {
    login = decodeURIComponent(new URL(smtpUrl).username);
  } catch {
    // a malformed escape: not an address
  }
  if (login.includes('@')) return login;
  throw new Error('Неверные переменные окружения: MAIL_FROM (укажите адрес отправителя вместе с SMTP_URL)');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, defaultDataDir = './data'): Config {
  const parsed = envSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  );
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new Error(`Неверные переменные окружения: ${fields}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR ?? defaultDataDir),
    databaseUrl: e.DATABASE_URL,
    startAt: e.EBPPK_NOW ? new Date(e.EBPPK_NOW) : undefined,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    loginFailuresPerLogin: e.LOGIN_FAILURES_PER_LOGIN,
    loginFailuresPerAddress: e.LOGIN_FAILURES_PER_ADDRESS,
    verifyUnknownPerAddress: e.VERIFY_UNKNOWN_PER_ADDRESS,
    verifyThrottleWindowMinutes: e.VERIFY_THROTTLE_WINDOW_MINUTES,
    loginThrottleWindowMinutes: e.LOGIN_THROTTLE_WINDOW_MINUTES,
    signupsPerAddressPerHour: e.SIGNUPS_PER_ADDRESS_PER_HOUR,
    catalogCacheMs: e.CATALOG_CACHE_MS,
    trustProxy: e.TRUST_PROXY === 'true',
    logLevel: e.LOG_LEVEL,
    smtpUrl: e.SMTP_URL,
    mailFrom: mailFromOf(e.SMTP_URL, e.MAIL_FROM),
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
  };
}
