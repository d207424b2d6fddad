import type { CaseCreateArgs } from '@anxin/shared';
import { createActions } from '../src/data/actions';
import { type AnxinDB, META } from '../src/data/db';
import type { SessionUser, StoredSession } from '../src/data/types';
import { openTestDb } from '../src/data/vault/testing';
import { createSyncEngine, type SyncEngine, type Timers } from '../src/sync/engine';
import type { LockLike } from '../src/sync/lock';

/**
 * Pieces the sync tests (web/src/**\/*.test.ts and tests/convergence) share: a fault-injecting
 * fetch, hand-driven timers, and a simulated device. Nothing here talks to the API by itself;
 * the tests pass in the real API's in-process fetch. Not imported by the app.
 */

export type FetchFn = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** What to do with the next request that matches. */
export type Fault =
  | { kind: 'offline' }
  | { kind: 'drop_response' }
  | { kind: 'duplicate' }
  /** Runs `run` (e.g. the officer typing) while the request is on its way, then forwards it. */
  | { kind: 'before'; run: () => Promise<void> }
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown };

export interface FaultyFetch {
  fetch: FetchFn;
  /** Queue faults for the next requests whose path starts with `pathPrefix`. */
  failNext(pathPrefix: string, ...faults: Fault[]): void;
  /** Forgets faults queued but not yet used (a sync that stopped before reaching them). */
  clearFaults(): void;
  /** Every request with its path and parsed JSON body (when it had one). */
  log: Array<{ method: string; path: string; body: unknown }>;
  /** While set, every request fails as if the device had no network. */
  offline: boolean;
}

export function faultyFetch(inner: FetchFn): FaultyFetch {
  const queued: Array<{ prefix: string; fault: Fault }> = [];
  const state: FaultyFetch = {
    offline: false,
    log: [],
    clearFaults() {
      queued.length = 0;
    },
    failNext(prefix, ...faults) {
      for (const fault of faults) queued.push({ prefix, fault });
    },
    fetch: async (input, init) => {
      const req = new Request(input, init);
      const url = new URL(req.url);
      const path = url.pathname + url.search;
      const text = req.method === 'GET' || req.method === 'HEAD' ? '' : await req.clone().text();
      state.log.push({ method: req.method, path, body: safeJson(text) });
      if (state.offline) throw new TypeError('fetch failed (offline)');
      const i = queued.findIndex((q) => path.startsWith(q.prefix));
      const fault = i >= 0 ? queued.splice(i, 1)[0]!.fault : null;
      if (!fault) return inner(req);
      switch (fault.kind) {
        case 'offline':
          throw new TypeError('fetch failed (offline)');
        case 'drop_response': {
          // The server receives and commits; the answer is lost on the way back.
          const res = await inner(req);
          await res.text();
          throw new TypeError('network connection lost');
        }
        case 'duplicate': {
          const first = await inner(req.clone());
          await first.text();
          return inner(req);
        }
        case 'before':
          await fault.run();
          return inner(req);
        case 'status':
          return new Response(fault.body === undefined ? '' : JSON.stringify(fault.body), {
            status: fault.status,
            headers: { 'Content-Type': 'application/json', ...(fault.headers ?? {}) },
          });
      }
    },
  };
  return state;
}

function safeJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Timers a test fires by hand: no waiting, no timing assertions. */
export interface ManualTimers extends Timers {
  scheduled(): Array<{ id: number; ms: number }>;
  /** Fires every timer scheduled for exactly `ms` (or all when omitted), returns how many. */
  fire(ms?: number): number;
}

export function manualTimers(): ManualTimers {
  let next = 1;
  const timers = new Map<number, { fn: () => void; ms: number }>();
  return {
    setTimeout(fn, ms) {
      const id = next++;
      timers.set(id, { fn, ms });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    scheduled: () => [...timers.entries()].map(([id, t]) => ({ id, ms: t.ms })),
    fire(ms) {
      const due = [...timers.entries()].filter(([, t]) => ms === undefined || t.ms === ms);
      for (const [id, t] of due) {
        timers.delete(id);
        t.fn();
      }
      return due.length;
    },
  };
}

export interface Device {
  name: string;
  db: AnxinDB;
  user: SessionUser;
  token: string;
  actions: ReturnType<typeof createActions>;
  engine: SyncEngine;
  net: FaultyFetch;
  timers: ManualTimers;
  /** A reload: the engine is dropped mid-flight and a new one opens the same database. */
  reload(): void;
}

let seq = 0;
/** A signed-in 稠城 officer for data-layer tests that need no server. */
export const localOfficer: SessionUser = {
  id: 'user-officer-1',
  username: 'officer.choucheng',
  displayName: '稠城专管员',
  role: 'officer',
  townIds: ['choucheng'],
};

export function uniqueDbName(prefix: string): string {
  seq += 1;
  return `${prefix}-${Date.now().toString(36)}-${seq}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function makeDevice(opts: {
  name: string;
  fetch: FetchFn;
  baseUrl: string;
  user: SessionUser;
  token: string;
  lock?: LockLike;
  db?: AnxinDB;
  random?: () => number;
  pullPageSize?: number;
}): Promise<Device> {
  const db = opts.db ?? (await openTestDb(uniqueDbName(opts.name)));
  const session: StoredSession = {
    user: opts.user,
    token: opts.token,
    expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  };
  await db.meta.put({ key: META.session, value: session });
  const net = faultyFetch(opts.fetch);
  const timers = manualTimers();
  const build = () =>
    createSyncEngine({
      db,
      baseUrl: opts.baseUrl,
      fetch: net.fetch,
      getToken: () => device.token,
      timers,
      env: {},
      ...(opts.lock ? { lock: opts.lock } : {}),
      ...(opts.random ? { random: opts.random } : {}),
      ...(opts.pullPageSize ? { pullPageSize: opts.pullPageSize } : {}),
    });
  const device: Device = {
    name: opts.name,
    db,
    user: opts.user,
    token: opts.token,
    actions: createActions(db, { user: () => opts.user, serverNow: () => Date.now() }),
    engine: build(),
    net,
    timers,
    reload() {
      device.engine.stop();
      device.engine = build();
    },
  };
  return device;
}

/** A valid new case for the given town (mobile numbers valid, amounts in fen). */
export function sampleCase(townId: string, n = 1): Omit<CaseCreateArgs, 'id'> {
  const mobile = `139${String(10_000_000 + n).slice(-8)}`;
  return {
    townId,
    source: 'walk_in',
    employer: { name: `义乌市某某显示设备有限公司${n}`, contactName: '王经理' },
    claimants: [{ name: `张${n}`, mobile, owedFen: 500_000 }],
    workersCount: 1,
    description: `工人离职后仍被拖欠工资 5000 元（${n}）`,
    needsAssistance: false,
  };
}

/** The slice of api/test-support's TestApi the device helpers need (structural, no import). */
export interface ApiLike {
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  login: (username: string) => Promise<string>;
  api: (token: string | null, method: string, path: string, body?: unknown) => Promise<Response>;
}

export const TEST_BASE_URL = 'http://anxin.test';

export async function signIn(
  api: ApiLike,
  username: string,
): Promise<{ user: SessionUser; token: string }> {
  const token = await api.login(username);
  const res = await api.api(token, 'GET', '/api/auth/me');
  const body = (await res.json()) as { user: SessionUser };
  const u = body.user;
  return {
    token,
    user: {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      townIds: u.townIds,
    },
  };
}

export async function deviceFor(
  api: ApiLike,
  username: string,
  opts: {
    name?: string;
    lock?: LockLike;
    db?: AnxinDB;
    pullPageSize?: number;
    random?: () => number;
  } = {},
): Promise<Device> {
  const { user, token } = await signIn(api, username);
  const extra: Partial<Parameters<typeof makeDevice>[0]> = {};
  if (opts.lock) extra.lock = opts.lock;
  if (opts.db) extra.db = opts.db;
  if (opts.pullPageSize) extra.pullPageSize = opts.pullPageSize;
  if (opts.random) extra.random = opts.random;
  return makeDevice({
    name: opts.name ?? username,
    fetch: (input, init) => api.fetch(input as string | URL | Request, init),
    baseUrl: TEST_BASE_URL,
    user,
    token,
    ...extra,
  });
}

/** Applies a mutation directly through the API as another user (office at a desk, say). */
export async function pushAs(
  api: ApiLike,
  token: string,
  mutation: { name: string; args: unknown; baseVersion?: number },
): Promise<{ status: string; version?: number; error?: { code: string; message: string } }> {
  const res = await api.api(token, 'POST', '/api/sync/push', {
    clientId: 'desk-client-0001',
    mutations: [{ id: crypto.randomUUID(), ...mutation }],
  });
  if (res.status !== 200) throw new Error(`push ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as {
    results: Array<{ status: string; version?: number; error?: { code: string; message: string } }>;
  };
  return body.results[0]!;
}

export async function serverCase(
  api: ApiLike,
  token: string,
  id: string,
): Promise<Record<string, unknown> | null> {
  const res = await api.api(token, 'GET', `/api/cases/${id}`);
  if (res.status === 404) return null;
  if (res.status !== 200) throw new Error(`GET case ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as Record<string, unknown>;
  return (body.case as Record<string, unknown> | undefined) ?? body;
}
