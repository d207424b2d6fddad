import { createHash, randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { afterEach } from 'vitest';
import type { Database, Dialect } from '../../../api/src/db/schema';
import { createTestDatabase, testDatabaseUrl } from '../../../api/test-support';

/**
 * Shared plumbing for the hardening suite: the CI/full profile, which databases to run on,
 * fresh PostgreSQL databases for spawned servers, and a fingerprint of everything a
 * request could have changed.
 */

export type Profile = 'ci' | 'full';

export const PROFILE: Profile = process.env.HARDENING_PROFILE === 'full' ? 'full' : 'ci';

/** The CI value or the full value, by the profile in force. */
export function byProfile<T>(ci: T, full: T): T {
  return PROFILE === 'full' ? full : ci;
}

/**
 * SQLite always; PostgreSQL when TEST_DATABASE_URL is set — and in CI even when it is not,
 * so a missing URL fails the PostgreSQL tests instead of silently skipping them.
 */
export function dialects(): Dialect[] {
  return testDatabaseUrl() || process.env.CI === 'true' ? ['sqlite', 'postgres'] : ['sqlite'];
}

export function requirePgUrl(): string {
  const url = testDatabaseUrl();
  if (!url) {
    throw new Error('TEST_DATABASE_URL is not set: the PostgreSQL hardening tests cannot run');
  }
  return url;
}

/** True when the PostgreSQL-only tests (scale-out) must run: a URL is set, or this is CI. */
export function postgresRequired(): boolean {
  return Boolean(testDatabaseUrl()) || process.env.CI === 'true';
}

export interface FreshPg {
  url: string;
  name: string;
  drop: () => Promise<void>;
}

/** An empty database on TEST_DATABASE_URL's server, for a server process started by a test. */
export async function freshPgDatabase(prefix = 'anxin_h'): Promise<FreshPg> {
  requirePgUrl();
  return createTestDatabase(prefix);
}

/**
 * The tables that hold what people entered and what the audit trail says about it. The
 * idempotency log, device registry, sessions and login attempts are left out on purpose:
 * a refused request is allowed (and meant) to leave a trace there.
 */
const DOMAIN_TABLES: ReadonlyArray<{ table: keyof Database; order: string; cols?: string }> = [
  { table: 'units', order: 'id' },
  // Without last_sign_in_at: signing in is allowed (and meant) to leave that trace.
  {
    table: 'users',
    order: 'id',
    cols: 'id, username, display_name, role, password_hash, disabled, created_at, mobile, must_change_password',
  },
  { table: 'user_units', order: 'user_id, unit_id' },
  { table: 'work_calendars', order: 'year' },
  { table: 'cases', order: 'id' },
  { table: 'case_counters', order: 'year' },
  { table: 'case_events', order: 'id' },
  { table: 'mediations', order: 'id' },
  { table: 'attachments', order: 'id' },
  { table: 'blobs', order: 'sha256', cols: 'sha256, mime, size, uploaded_by' },
  { table: 'blob_refs', order: 'sha256, case_id' },
  { table: 'change_feed', order: 'seq', cols: 'seq, entity, entity_id, case_id, town_id, op' },
  { table: 'sms_outbox', order: 'id', cols: 'id, case_id, mobile, body' },
];

export type Snapshot = Record<string, { rows: number; hash: string }>;

/** Row count and content hash of every domain table. */
export async function snapshot(db: Kysely<Database>): Promise<Snapshot> {
  const out: Snapshot = {};
  for (const t of DOMAIN_TABLES) {
    const rows = await sql<
      Record<string, unknown>
    >`select ${sql.raw(t.cols ?? '*')} from ${sql.table(
      t.table,
    )} order by ${sql.raw(t.order)}`.execute(db);
    const h = createHash('sha256');
    for (const r of rows.rows) h.update(JSON.stringify(r, (_k, v) => normalise(v)));
    out[t.table] = { rows: rows.rows.length, hash: h.digest('hex').slice(0, 16) };
  }
  return out;
}

function normalise(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Uint8Array) return createHash('sha256').update(v).digest('hex');
  return v;
}

/** Prints the figures of one scenario in one greppable line: `[hardening:<name>] {...}`. */
export function printFigures(name: string, figures: Record<string, unknown>): void {
  console.log(`[hardening:${name}] profile=${PROFILE} ${JSON.stringify(figures)}`);
}

/** p-th percentile (0..100) of a list of numbers, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

let counter = 0;
/** A mutation/entity id matching the protocol's id pattern, unique within this process. */
export function uid(prefix: string): string {
  counter++;
  return `${prefix}-${Date.now().toString(36)}-${counter.toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** A small seeded PRNG (mulberry32): the same seed replays the same faults and timings. */
export function seededRandom(seed: number): {
  next: () => number;
  int: (min: number, max: number) => number;
} {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (min, max) => min + Math.floor(next() * (max - min + 1)) };
}

/**
 * Counts the tests of the calling describe block that failed, for the printed figures.
 * Call inside a describe; read `.count` in afterAll.
 */
export function failureCounter(): { readonly count: number } {
  const state = { count: 0 };
  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail' || (ctx.task.result?.errors?.length ?? 0) > 0)
      state.count++;
  });
  return state;
}
