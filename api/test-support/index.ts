import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_CLOCK_137 } from '@anxin/shared';
import { serve } from '@hono/node-server';
import pg from 'pg';
import { createApp } from '../src/app';
import { APP_VERSION, type AppConfig } from '../src/config/env';
import { connect } from '../src/db/connect';
import { migrateToLatest } from '../src/db/migrate';
import type { Db, Dialect } from '../src/db/schema';
import type { AppDeps, Logger } from '../src/deps';
import { seedTestFixture, TEST_PASSWORD } from './fixture';

export {
  firstOfMonthAhead,
  sampleCaseArgs,
  sampleMediationArgs,
  seedTestFixture,
  TEST_CASES,
  TEST_PASSWORD,
  TEST_USERS,
} from './fixture';

export interface StartTestApiOptions {
  /** 'sqlite' (default): a fresh temp file. 'postgres': a fresh database on TEST_DATABASE_URL's server. */
  dialect?: Dialect;
  /** Also listen on 127.0.0.1 on a free port; `url` is then set. */
  listen?: boolean;
  /** Start from an empty database (migrated, no towns, no users, no cases). */
  empty?: boolean;
  /** Server clock; tests may move it. Defaults to the real clock. */
  now?: () => Date;
  /** Log sink (default: silent, collected in `logs`). */
  log?: Logger;
  /** Session lifetime in days (default 7). */
  sessionDays?: number;
  /** Any other app setting (see AppConfig in api/src/config/env.ts). */
  config?: Partial<AppConfig>;
}

export interface TestApi {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  db: Db;
  dialect: Dialect;
  /** In-process HTTP: calls app.fetch, no socket. Paths like '/api/health' are fine. */
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** Set when `listen: true`: e.g. http://127.0.0.1:39411 */
  url?: string;
  /** Logs in (password anxin-demo) and returns the bearer token. */
  login: (username: string) => Promise<string>;
  /** JSON request with a bearer token: `api(token, 'POST', '/api/sync/push', body)`. */
  api: ApiCall;
  /** Log lines written by the app during the test. */
  logs: Array<{ event: string; data?: Record<string, unknown> }>;
  close: () => Promise<void>;
}

/** A JSON request with an optional bearer token: `call(token, 'POST', '/api/sync/push', body)`. */
export type ApiCall = (
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
) => Promise<Response>;

/**
 * JSON requests straight into an app's fetch, no socket: for tests that build the app
 * themselves (their own deps, several instances over one database) as well as startTestApi.
 */
export function callerOf(app: { fetch: (req: Request) => Response | Promise<Response> }): ApiCall {
  return async (token, method, p, body) => {
    const headers: Record<string, string> = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return app.fetch(
      new Request(new URL(p, 'http://anxin.test'), {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
    );
  };
}

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    nodeEnv: 'test',
    sessionDays: 7,
    clock137: DEFAULT_CLOCK_137,
    trustProxy: false,
    // Cheap scrypt in tests only; production refuses anything below 15.
    scryptLogN: 10,
    pullWaitMs: 2000,
    deviceRetentionDays: 90,
    webDist: null,
    version: APP_VERSION,
    ...overrides,
  };
}

/** The PostgreSQL server for tests, or null. In CI it must be set: the PG suite never skips there. */
export function testDatabaseUrl(): string | null {
  return process.env.TEST_DATABASE_URL || null;
}

/** A new, empty PostgreSQL database on TEST_DATABASE_URL's server, and how to drop it. */
export async function createTestDatabase(
  prefix = 'anxin_t',
): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const base = testDatabaseUrl();
  if (!base) throw new Error('TEST_DATABASE_URL is not set: cannot start a PostgreSQL test API');
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * A fresh, migrated, seeded API for one test. Each call makes its own database, so tests
 * never share state. Remember to `await close()`.
 */
export async function startTestApi(opts: StartTestApiOptions = {}): Promise<TestApi> {
  const dialect = opts.dialect ?? 'sqlite';
  let cleanup: () => Promise<void>;
  let conn: ReturnType<typeof connect>;
  if (dialect === 'postgres') {
    const fresh = await createTestDatabase();
    conn = connect({ dialect: 'postgres', url: fresh.url, max: 5 });
    cleanup = fresh.drop;
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxin-api-'));
    conn = connect({ dialect: 'sqlite', path: path.join(dir, 'test.sqlite') });
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const logs: TestApi['logs'] = [];
  const deps: AppDeps = {
    db: conn.db,
    dialect,
    config: testConfig({
      ...opts.config,
      ...(opts.sessionDays !== undefined ? { sessionDays: opts.sessionDays } : {}),
    }),
    now: opts.now ?? (() => new Date()),
    log:
      opts.log ??
      ((event, data) => {
        logs.push(data === undefined ? { event } : { event, data });
      }),
  };
  await migrateToLatest(conn.db, dialect);
  if (!opts.empty) await seedTestFixture(deps);
  const app = createApp(deps);

  const fetchInProcess = async (input: string | URL | Request, init?: RequestInit) => {
    const req =
      input instanceof Request
        ? input
        : new Request(new URL(String(input), 'http://anxin.test'), init);
    return app.fetch(req);
  };

  let server: ReturnType<typeof serve> | null = null;
  let url: string | undefined;
  if (opts.listen) {
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
        url = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
  }

  const api = callerOf(app);

  const login = async (username: string) => {
    const res = await api(null, 'POST', '/api/auth/login', { username, password: TEST_PASSWORD });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  };

  const out: TestApi = {
    app,
    deps,
    db: conn.db,
    dialect,
    fetch: fetchInProcess,
    login,
    api,
    logs,
    close: async () => {
      const s = server as ReturnType<typeof serve> | null;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
      await conn.close();
      await cleanup();
    },
  };
  if (url !== undefined) out.url = url;
  return out;
}
