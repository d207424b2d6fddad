import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface Child<T> {
  info: T;
  proc: ChildProcess;
  stop: () => Promise<void>;
}

/**
 * Asks a child process to close (SIGTERM, so it exits normally and `--cpu-prof` writes its
 * profile) and kills it if it has not exited after `killAfterMs`. Resolves once it is gone.
 */
export function stopChild(proc: ChildProcess, killAfterMs = 10_000): Promise<void> {
  return new Promise<void>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    const kill = setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
    proc.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    proc.kill('SIGTERM');
  });
}

/**
 * Starts a bench server script in its own Node process (the process model the app runs in)
 * and waits for the one JSON line it prints when ready.
 */
export function startChild<T>(
  script: string,
  args: string[],
  env: Record<string, string> = {},
  nodeFlags: string[] = [],
): Promise<Child<T>> {
  const file = path.resolve(import.meta.dirname, script);
  const proc = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', file, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      TEST_DATABASE_URL: process.env.TEST_DATABASE_URL || DEFAULT_PG_URL,
      ...env,
    },
  });
  const stop = () => stopChild(proc);
  return new Promise((resolve, reject) => {
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      proc.stdout?.off('data', onData);
      try {
        resolve({ info: JSON.parse(buf.slice(0, nl)) as T, proc, stop });
      } catch (err) {
        void stop();
        reject(err);
      }
    };
    proc.stdout?.on('data', onData);
    proc.once('exit', (code) =>
      reject(new Error(`${script} exited (${code}) before it was ready`)),
    );
  });
}

/** Child side: report readiness, then close cleanly on SIGTERM. */
export function ready(info: unknown, close: () => Promise<void>): void {
  process.stdout.write(`${JSON.stringify(info)}\n`);
  // Keep-alive connections from the load generator can hold server.close() open; the process
  // must still exit promptly (and normally, so `--cpu-prof` writes its profile).
  const bye = () => {
    const timer = new Promise<void>((r) => setTimeout(r, 3_000));
    void Promise.race([close(), timer]).finally(() => process.exit(0));
  };
  process.once('SIGTERM', bye);
  process.once('SIGINT', bye);
}
