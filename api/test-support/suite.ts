import type { PullResponse, PushResponse, PushResult } from '@anxin/shared';
import { afterEach, beforeEach, describe } from 'vitest';
import { type StartTestApiOptions, startTestApi, type TestApi } from './index';

// Helpers for the api's vitest suites. They import vitest, so they stay out of index.ts,
// which the benchmarks and the device's tests import as well.

/**
 * The integration suite runs every `describe` on SQLite and on PostgreSQL. PostgreSQL needs
 * TEST_DATABASE_URL; in CI (CI=true) the PostgreSQL variant always runs, so a missing URL
 * fails it instead of silently skipping it.
 */
const runPostgres = Boolean(process.env.TEST_DATABASE_URL) || process.env.CI === 'true';

export function forEachDialect(title: string, body: (dialect: 'sqlite' | 'postgres') => void) {
  describe(`${title} [sqlite]`, () => body('sqlite'));
  describe.runIf(runPostgres)(`${title} [postgres]`, () => body('postgres'));
}

/** A fresh database and API per test; `get()` returns the current one. */
export function useTestApi(
  dialect: 'sqlite' | 'postgres',
  opts: Omit<StartTestApiOptions, 'dialect'> = {},
): () => TestApi {
  let current: TestApi | null = null;
  beforeEach(async () => {
    current = await startTestApi({ ...opts, dialect });
  });
  afterEach(async () => {
    await current?.close();
    current = null;
  });
  return () => {
    if (!current) throw new Error('test API not started');
    return current;
  };
}

let n = 0;
/** A unique mutation id. */
export function mid(prefix = 'mut'): string {
  n++;
  return `${prefix}-${Date.now().toString(36)}-${n.toString().padStart(5, '0')}`;
}

export interface Mut {
  id?: string;
  name: string;
  args: unknown;
  baseVersion?: number;
}

export async function pushAs(
  t: TestApi,
  token: string,
  mutations: Mut[],
  // A device id belongs to one user: by default one per session.
  clientId = `device-${token.slice(0, 20)}`,
): Promise<PushResult[]> {
  const res = await t.api(token, 'POST', '/api/sync/push', {
    clientId,
    mutations: mutations.map((m) => ({ id: m.id ?? mid(), ...m })),
  });
  if (res.status !== 200) throw new Error(`push: ${res.status} ${await res.text()}`);
  return ((await res.json()) as PushResponse).results;
}

export async function pushOne(
  t: TestApi,
  token: string,
  m: Mut,
  clientId?: string,
): Promise<PushResult> {
  return (await pushAs(t, token, [m], clientId))[0]!;
}

export async function pullAll(
  t: TestApi,
  token: string,
  cursor = '',
  limit = 500,
): Promise<{ changes: PullResponse['changes']; cursor: string; pages: number }> {
  const changes: PullResponse['changes'] = [];
  let pages = 0;
  let c = cursor;
  for (;;) {
    const res = await t.api(
      token,
      'GET',
      `/api/sync/pull?limit=${limit}&cursor=${encodeURIComponent(c)}`,
    );
    if (res.status !== 200) throw new Error(`pull: ${res.status} ${await res.text()}`);
    const page = (await res.json()) as PullResponse;
    pages++;
    changes.push(...page.changes);
    c = page.cursor;
    if (!page.hasMore) return { changes, cursor: c, pages };
  }
}

/** What a device would hold after applying the changes in order: entity:id → data. */
export function replay(changes: PullResponse['changes']): Map<string, unknown> {
  const state = new Map<string, unknown>();
  for (const ch of changes) {
    const key = `${ch.entity}:${ch.id}`;
    if (ch.op === 'remove') state.delete(key);
    else state.set(key, ch.data);
  }
  return state;
}

export async function getCase(t: TestApi, token: string, id: string) {
  return t.api(token, 'GET', `/api/cases/${id}`);
}

/** Row counts of the tables a refused request must leave alone. */
export async function snapshotCounts(t: TestApi): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of [
    'cases',
    'case_events',
    'change_feed',
    'mediations',
    'attachments',
    'sms_outbox',
  ] as const) {
    const row = await t.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  const versions = await t.db.selectFrom('cases').select(['id', 'version']).orderBy('id').execute();
  out.versionSum = versions.reduce((s, r) => s + r.version, 0);
  return out;
}

/** Reads a JSON answer as the type the contract promises (the assertions then check it). */
export async function jsonOf<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}
