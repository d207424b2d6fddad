import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test-support';

const ROOT = path.resolve(import.meta.dirname, '../..');
const runPostgres = Boolean(process.env.TEST_DATABASE_URL) || process.env.CI === 'true';

function start(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  url: Promise<string>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/main.ts'], {
    cwd: ROOT,
    // A small demo and cheap hashing keep this quick; both are development-only settings.
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      DEMO_CASES: '40',
      SCRYPT_LOG_N: '10',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /running at (http:\/\/localhost:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
  return { child, output: () => out, url };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function checkRunning(url: string, output: () => string) {
  const health = await fetch(`${url}/api/health`);
  expect(health.status).toBe(200);
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'officer.choucheng', password: 'anxin-demo' }),
  });
  expect(login.status).toBe(200);
  const { token } = (await login.json()) as { token: string };
  const list = await fetch(`${url}/api/cases?pageSize=1`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(((await list.json()) as { total: number }).total).toBeGreaterThan(0);
  const page = await fetch(`${url}/`);
  expect(await page.text()).toContain('npm run build');
  expect(output()).toContain('officer.choucheng');
  expect(output()).toContain('anxin-demo');
  return (await health.json()) as { db: string };
}

describe('start-up (api/src/main.ts)', () => {
  it('migrates, seeds demo data on SQLite, serves and signs in', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxin-main-'));
    const s = start({
      SQLITE_PATH: path.join(dir, 'anxin.sqlite'),
      SMS_LOG_PATH: path.join(dir, 'sms.log'),
      WEB_DIST: path.join(dir, 'no-dist'),
    });
    try {
      const url = await s.url;
      expect((await checkRunning(url, s.output)).db).toBe('sqlite');
    } finally {
      await stop(s.child);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it.runIf(runPostgres)(
    'does the same on PostgreSQL via DATABASE_URL',
    async () => {
      const dbase = await createTestDatabase();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxin-main-'));
      const s = start({
        DATABASE_URL: dbase.url,
        SMS_LOG_PATH: path.join(dir, 'sms.log'),
        WEB_DIST: path.join(dir, 'none'),
      });
      try {
        const url = await s.url;
        expect((await checkRunning(url, s.output)).db).toBe('postgres');
      } finally {
        await stop(s.child);
        await dbase.drop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );

  it('refuses to start an empty production database without ADMIN_PASSWORD', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxin-main-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        NODE_ENV: 'production',
        SQLITE_PATH: path.join(dir, 'a.sqlite'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      out += c.toString();
    });
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).not.toBe(0);
    expect(out).toContain('ADMIN_PASSWORD');
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
