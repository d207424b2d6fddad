import path from 'node:path';
import type { Clock137Config } from '@anxin/shared';
import { z } from 'zod';

/**
 * The server's settings, read once from the environment and checked at start-up, so a typo
 * in a deployment fails loudly before the first request instead of misbehaving later.
 */
const boolFromEnv = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const hours = z.coerce
  .number()
  .positive()
  .max(24 * 365);

/**
 * Push admission (api/src/services/sync/admission.ts; docs/decisions/013 and 014). Sized
 * for the 2-core machine the load test runs on: two pushes at a time gave the same
 * throughput as four with lower latency (the database and the server share the cores).
 * Raise PUSH_CONCURRENCY with the cores the database has.
 */
export const PUSH_DEFAULTS = {
  concurrency: 2,
  queue: 32,
  maxWaitMs: 750,
  /**
   * Longest a push body may take to arrive. The body is read before a slot is taken (a
   * trickled upload must not hold one), so this is what bounds a slow client instead:
   * 1 MiB in 30 s is 35 KB/s, below what a weak 3G link manages, and a device answered
   * 400 halves its batch and tries again.
   */
  bodyTimeoutMs: 30_000,
} as const;

/**
 * Password checks at the same time per process (services/auth/auth-service.ts). scrypt runs
 * in libuv's pool of 4 threads, so more at once only makes each slower: 300 anonymous
 * sign-ins at once made a genuine one wait 13 s. Beyond the queue the answer is 503 +
 * Retry-After at once.
 */
export const LOGIN_DEFAULTS = { concurrency: 4, queue: 16, maxWaitMs: 2000 } as const;

/**
 * Uploaded but never linked attachments (services/blobs.ts): each user may hold this many
 * bytes of them, and they are deleted after this many hours. A device uploads the blobs of
 * one push batch just before pushing it, so its unlinked bytes are normally one batch's
 * photos (≤ 1600 px, a few hundred KB each). The quota is what bounds storage; the expiry
 * only recycles. It outlasts the longest a signed-in device may stay offline (SESSION_DAYS,
 * 7): a device whose push failed right after its uploads may come back days later, and it
 * does not upload again what the server once accepted.
 */
export const BLOB_DEFAULTS = {
  unlinkedQuotaBytes: 50 * 1024 * 1024,
  unlinkedTtlHours: 8 * 24,
} as const;

export const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(8787),
    HOST: z.string().min(1).default('0.0.0.0'),
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')
      .optional(),
    SQLITE_PATH: z.string().min(1).default('data/anxin.sqlite'),
    SESSION_DAYS: z.coerce.number().positive().max(90).default(7),
    CLOCK_137_FIRST_ACTION_HOURS: hours.default(24),
    CLOCK_137_WARNING_HOURS: hours.default(72),
    CLOCK_137_RESOLVE_HOURS: hours.default(168),
    ADMIN_PASSWORD: z.string().min(12, 'ADMIN_PASSWORD needs at least 12 characters').optional(),
    SMS_PROVIDER: z.enum(['log', 'http']).default('log'),
    SMS_LOG_PATH: z.string().min(1).default('data/sms.log'),
    SMS_HTTP_URL: z.url().optional(),
    SMS_HTTP_TOKEN: z.string().min(1).optional(),
    WEB_DIST: z.string().min(1).default('web/dist'),
    /** Where workers reach the public pages (/k): the lookup link in their text messages. */
    PUBLIC_BASE_URL: z.url().optional(),
    /** Trust X-Forwarded-For for the login rate limit: only behind a proxy you run. */
    TRUST_PROXY: boolFromEnv.default(false),
    /** scrypt cost as log2(N); lower values are only for tests (refused in production). */
    SCRYPT_LOG_N: z.coerce.number().int().min(4).max(20).default(15),
    /** How many demo cases an empty development database gets. */
    DEMO_CASES: z.coerce.number().int().min(0).max(100_000).default(300),
    /** Days after closing that officers' and inspectors' devices keep a case's personal data. */
    DEVICE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    /** How long a pull waits for changes held behind a running PostgreSQL transaction. */
    PULL_WAIT_MS: z.coerce.number().int().min(0).max(30_000).default(2000),
    /** Pushes applied at the same time per process (docs/decisions/013-push-admission-and-batching.md). */
    PUSH_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(PUSH_DEFAULTS.concurrency),
    /** Pushes that may wait for a slot; beyond that a push is answered 503 + Retry-After. */
    PUSH_QUEUE: z.coerce.number().int().min(0).max(10_000).default(PUSH_DEFAULTS.queue),
    /** A push expected to wait longer than this for a slot is answered 503 + Retry-After. */
    PUSH_MAX_WAIT_MS: z.coerce.number().int().min(0).max(600_000).default(PUSH_DEFAULTS.maxWaitMs),
    /** Longest a push body may take to arrive (read before a push slot is taken): then 400. */
    PUSH_BODY_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(100)
      .max(600_000)
      .default(PUSH_DEFAULTS.bodyTimeoutMs),
    /** Password checks (scrypt) at the same time per process; more wait in LOGIN_QUEUE. */
    LOGIN_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(LOGIN_DEFAULTS.concurrency),
    /** Sign-ins that may wait for a password check; beyond that 503 + Retry-After. */
    LOGIN_QUEUE: z.coerce.number().int().min(0).max(10_000).default(LOGIN_DEFAULTS.queue),
    /** Bytes of uploaded, not yet linked attachments one user may hold; beyond that 413. */
    BLOB_UNLINKED_QUOTA_BYTES: z.coerce
      .number()
      .int()
      .min(1024 * 1024)
      .max(100 * 1024 * 1024 * 1024)
      .default(BLOB_DEFAULTS.unlinkedQuotaBytes),
    /** Attachments uploaded but never linked are deleted after this many hours. */
    BLOB_UNLINKED_TTL_HOURS: hours.default(BLOB_DEFAULTS.unlinkedTtlHours),
    /** Least important log lines written (pino levels); `debug` and `trace` are for diagnosis. */
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    /** Bearer token for GET /metrics from anywhere but this machine (loopback needs none). */
    METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN needs at least 16 characters').optional(),
  })
  .superRefine((env, ctx) => {
    if (env.SMS_PROVIDER === 'http' && !env.SMS_HTTP_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['SMS_HTTP_URL'],
        message: 'SMS_PROVIDER=http needs SMS_HTTP_URL',
      });
    }
    if (env.NODE_ENV === 'production' && env.SCRYPT_LOG_N < 15) {
      ctx.addIssue({
        code: 'custom',
        path: ['SCRYPT_LOG_N'],
        message: 'SCRYPT_LOG_N below 15 is for tests only',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** Settings the app needs at run time (env-derived, but also built directly by tests). */
export interface AppConfig {
  nodeEnv: Env['NODE_ENV'];
  sessionDays: number;
  clock137: Clock137Config;
  trustProxy: boolean;
  scryptLogN: number;
  pullWaitMs: number;
  /** Sent to devices at sign-in: closed cases older than this leave field devices. */
  deviceRetentionDays: number;
  /** Pushes applied at the same time (default 2); see services/sync/admission.ts. */
  pushConcurrency?: number;
  /** Pushes waiting for a slot before the server answers 503 (default 32). */
  pushQueue?: number;
  /** Longest expected wait for a push slot before the server answers 503 (default 750 ms). */
  pushMaxWaitMs?: number;
  /** Longest a push body may take to arrive before the server answers 400 (default 30 s). */
  pushBodyTimeoutMs?: number;
  /** Password checks at the same time (default 4); see LOGIN_DEFAULTS. */
  loginConcurrency?: number;
  /** Sign-ins waiting for a password check before the server answers 503 (default 16). */
  loginQueue?: number;
  /** Unlinked attachment bytes per user (default 50 MiB); see BLOB_DEFAULTS. */
  blobUnlinkedQuotaBytes?: number;
  /** Hours after which an attachment never linked is deleted (default 72). */
  blobUnlinkedTtlHours?: number;
  /** GET /metrics from off this machine needs `Authorization: Bearer <this>`; unset: loopback only. */
  metricsToken?: string;
  webDist: string | null;
  version: string;
  /**
   * The public pages' origin (PUBLIC_BASE_URL, e.g. https://anxin.example.gov.cn): the
   * received SMS links to `<it>/k?lookup=<caseNo>`. Default: http://localhost:<PORT>.
   */
  publicBaseUrl?: string;
}

export const APP_VERSION = '0.1.0';

export function appConfigFromEnv(env: Env): AppConfig {
  return {
    nodeEnv: env.NODE_ENV,
    sessionDays: env.SESSION_DAYS,
    clock137: {
      firstActionHours: env.CLOCK_137_FIRST_ACTION_HOURS,
      warningHours: env.CLOCK_137_WARNING_HOURS,
      resolveHours: env.CLOCK_137_RESOLVE_HOURS,
    },
    trustProxy: env.TRUST_PROXY,
    scryptLogN: env.SCRYPT_LOG_N,
    pullWaitMs: env.PULL_WAIT_MS,
    deviceRetentionDays: env.DEVICE_RETENTION_DAYS,
    pushConcurrency: env.PUSH_CONCURRENCY,
    pushQueue: env.PUSH_QUEUE,
    pushMaxWaitMs: env.PUSH_MAX_WAIT_MS,
    pushBodyTimeoutMs: env.PUSH_BODY_TIMEOUT_MS,
    loginConcurrency: env.LOGIN_CONCURRENCY,
    loginQueue: env.LOGIN_QUEUE,
    blobUnlinkedQuotaBytes: env.BLOB_UNLINKED_QUOTA_BYTES,
    blobUnlinkedTtlHours: env.BLOB_UNLINKED_TTL_HOURS,
    ...(env.METRICS_TOKEN ? { metricsToken: env.METRICS_TOKEN } : {}),
    webDist: path.resolve(env.WEB_DIST),
    version: APP_VERSION,
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
  };
}
