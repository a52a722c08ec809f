// Environment → typed configuration, read once at start. Invalid values stop the process with a
// Russian message rather than running with a surprising default.
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().optional(),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).optional(),
  EBPPK_NOW: z.iso.datetime({ offset: true }).optional(),
  SESSION_TTL_HOURS: positiveInt(12),
  // Failed logins of one login name from one client address inside the window: tight.
  LOGIN_FAILURES_PER_LOGIN_ADDRESS: positiveInt(5),
  // Failed logins of one login name from anywhere within a day before each further guess waits a
  // growing delay (never a lock: see auth/throttle.ts).
  LOGIN_FAILURES_PER_LOGIN: positiveInt(10),
  // Failed logins per client address: loose, a whole school may sit behind one NAT address.
  LOGIN_FAILURES_PER_ADDRESS: positiveInt(200),
  LOGIN_THROTTLE_WINDOW_MINUTES: positiveInt(15),
  SIGNUPS_PER_ADDRESS_PER_HOUR: positiveInt(500),
  // Public checks of unknown certificate numbers per client address inside the window.
  VERIFY_UNKNOWN_PER_ADDRESS: positiveInt(30),
  VERIFY_THROTTLE_WINDOW_MINUTES: positiveInt(10),
  // How long the public catalog's answers are kept per process (0 turns the cache off).
  CATALOG_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  // The reverse proxies in front of the server: how many (a hop count) or their addresses.
  TRUST_PROXY: z.string().default('false'),
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
  /** PostgreSQL connections of this process; unset → db/database.ts `POOL_SIZE`. */
  databasePoolSize: number | undefined;
  startAt: Date | undefined;
  sessionTtlHours: number;
  loginFailuresPerLoginAddress: number;
  loginFailuresPerLogin: number;
  loginFailuresPerAddress: number;
  loginThrottleWindowMinutes: number;
  signupsPerAddressPerHour: number;
  verifyUnknownPerAddress: number;
  verifyThrottleWindowMinutes: number;
  catalogCacheMs: number;
  /** false, a hop count, or the proxies' addresses (IPs or CIDR ranges): never "everyone". */
  trustProxy: TrustProxy;
  logLevel: string;
  /** smtp(s)://user:password@host:port — unset: mail stays in the outbox. Never log it. */
  smtpUrl: string | undefined;
  mailFrom: string | undefined;
  publicUrl: string | undefined;
};

export type TrustProxy = false | number | string[];

const TRUST_PROXY_HELP =
  'Неверные переменные окружения: TRUST_PROXY (укажите число прокси-серверов перед сервером, например 1, ' +
  'или их адреса через запятую, например 10.0.0.5,10.0.1.0/24; значение true не принимается: ' +
  'с ним любой клиент мог бы назвать свой адрес сам)';

/** TRUST_PROXY → what Fastify's `trustProxy` takes: a hop count or a list of addresses. */
function trustProxyOf(value: string): TrustProxy {
  const v = value.trim();
  if (v === 'false' || v === '0') return false;
  if (/^[0-9]+$/.test(v)) {
    const hops = Number(v);
    if (hops > 20) throw new Error(TRUST_PROXY_HELP);
    return hops;
  }
  const list = v.split(',').map((s) => s.trim());
  const valid = (entry: string) => {
    const [address, bits, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    if (!family || rest.length) return false;
    if (bits === undefined) return true;
    return /^[0-9]{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
  };
  if (list.length === 0 || !list.every(valid)) throw new Error(TRUST_PROXY_HELP);
  return list;
}

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

/** The demo's configuration: it prints one shared password, so it listens on this machine only unless HOST says otherwise. */
export function loadDemoConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return loadConfig({ LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env }, './demo-data');
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
    databasePoolSize: e.DATABASE_POOL_SIZE,
    startAt: e.EBPPK_NOW ? new Date(e.EBPPK_NOW) : undefined,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    loginFailuresPerLoginAddress: e.LOGIN_FAILURES_PER_LOGIN_ADDRESS,
    loginFailuresPerLogin: e.LOGIN_FAILURES_PER_LOGIN,
    loginFailuresPerAddress: e.LOGIN_FAILURES_PER_ADDRESS,
    verifyUnknownPerAddress: e.VERIFY_UNKNOWN_PER_ADDRESS,
    verifyThrottleWindowMinutes: e.VERIFY_THROTTLE_WINDOW_MINUTES,
    loginThrottleWindowMinutes: e.LOGIN_THROTTLE_WINDOW_MINUTES,
    signupsPerAddressPerHour: e.SIGNUPS_PER_ADDRESS_PER_HOUR,
    catalogCacheMs: e.CATALOG_CACHE_MS,
    trustProxy: trustProxyOf(e.TRUST_PROXY),
    logLevel: e.LOG_LEVEL,
    smtpUrl: e.SMTP_URL,
    mailFrom: mailFromOf(e.SMTP_URL, e.MAIL_FROM),
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
  };
}
