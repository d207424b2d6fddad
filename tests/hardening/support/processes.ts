import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { type Connection, connect } from '../../../api/src/db/connect';
import { migrateToLatest } from '../../../api/src/db/migrate';
import type { Dialect } from '../../../api/src/db/schema';
import { seedTestFixture, testConfig } from '../../../api/test-support';
import { serverBuildOptions } from '../../../scripts/build-server';
import { freshPgDatabase, sleep } from './harness';

/** The repository root (tests/hardening/support → ../../..). */
export const ROOT = path.resolve(import.meta.dirname, '../../..');

/** The environment for a child: this one, minus any database settings of the test runner. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  delete env.SQLITE_PATH;
  delete env.PORT;
  delete env.VITEST;
  delete env.VITEST_POOL_ID;
  delete env.VITEST_WORKER_ID;
  return { ...env, ...extra };
}

/** Runs a repository script with tsx and returns its exit code and output. */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args], {
    cwd: ROOT,
    env: childEnv(env),
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

let bundled: Promise<string> | null = null;
let bundleDir: string | null = null;

/** Removes the bundle (call in afterAll of a file that started servers). */
export function disposeServerBundle(): void {
  if (bundleDir) fs.rmSync(bundleDir, { recursive: true, force: true });
  bundleDir = null;
  bundled = null;
}

/**
 * The server bundled once per test run, exactly as `npm run build` bundles it for
 * production (scripts/build-server.ts: our code bundled, npm packages external): starting
 * it takes a fraction of what transpiling api/ with tsx on every restart takes, and
 * restarts are what the crash test spends its time on. The code is exactly api/src/main.ts.
 */
export function serverBundle(): Promise<string> {
  bundled ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxin-server-'));
    bundleDir = dir;
    await build({ ...serverBuildOptions(dir), logLevel: 'silent' });
    // ESM like the repository's own dist/ (root package.json says "type": "module"), and the
    // external packages resolved from the repository's node_modules.
    fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}\n');
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    return path.join(dir, 'main.js');
  })();
  return bundled;
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  port: number;
  /** Milliseconds from spawn to the first healthy answer. */
  startupMs: number;
  output: () => string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
}

/**
 * The real server (`api/src/main.ts`) as a child process, on a fixed free port so clients
 * can find it again after a restart. Resolves once /api/health answers 200.
 */
export async function startServer(opts: {
  port: number;
  env: Record<string, string>;
  timeoutMs?: number;
}): Promise<ServerProcess> {
  const entry = await serverBundle();
  const started = Date.now();
  const child = spawn(process.execPath, [entry], {
    cwd: ROOT,
    env: childEnv({
      PORT: String(opts.port),
      HOST: '127.0.0.1',
      SCRYPT_LOG_N: '10',
      ...opts.env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  let dead = false;
  void exited.then(() => {
    dead = true;
  });
  const url = `http://127.0.0.1:${opts.port}`;
  const deadline = started + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (dead) throw new Error(`server exited during start-up:\n${out.slice(-3000)}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `server did not start within ${opts.timeoutMs ?? 60_000} ms:\n${out.slice(-3000)}`,
      );
    }
    await sleep(25);
  }
  return {
    child,
    url,
    port: opts.port,
    startupMs: Date.now() - started,
    output: () => out,
    exited,
  };
}

/** SIGKILL: no shutdown handler runs, exactly like a power cut or the OOM killer. */
export async function killServer(s: ServerProcess): Promise<void> {
  if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  await s.exited;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', `${prefix}-`));
}

export interface PreparedDb {
  dialect: Dialect;
  /** Env for a server process on this database. */
  env: Record<string, string>;
  /** Opens a connection for checks (the caller closes it). */
  open: () => Connection;
  cleanup: () => Promise<void>;
}

/**
 * A migrated database seeded with the small test fixture (towns, the five demo users,
 * five cases), made in-process before any server starts: the server then skips its demo
 * seed, which would cost seconds on every fresh database.
 */
export async function prepareDatabase(dialect: Dialect, prefix: string): Promise<PreparedDb> {
  const dir = tempDir(prefix);
  let env: Record<string, string>;
  let open: () => Connection;
  let dropPg: (() => Promise<void>) | null = null;
  if (dialect === 'postgres') {
    const fresh = await freshPgDatabase(prefix.replace(/-/g, '_'));
    dropPg = fresh.drop;
    env = { DATABASE_URL: fresh.url };
    open = () => connect({ dialect: 'postgres', url: fresh.url, max: 4 });
  } else {
    const file = path.join(dir, 'anxin.sqlite');
    env = { SQLITE_PATH: file };
    open = () => connect({ dialect: 'sqlite', path: file });
  }
  env.SMS_LOG_PATH = path.join(dir, 'sms.log');
  const conn = open();
  try {
    await migrateToLatest(conn.db, dialect);
    await seedTestFixture({
      db: conn.db,
      dialect,
      config: testConfig(),
      now: () => new Date(),
      log: () => {},
    });
  } finally {
    await conn.close();
  }
  return {
    dialect,
    env,
    open,
    cleanup: async () => {
      if (dropPg) await dropPg();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
