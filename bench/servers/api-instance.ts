import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { stopChild } from './child';

/**
 * One instance of the real server (api/src/main.ts, the file `npm run serve` runs once
 * built) in its own Node process, configured through the environment as a deployment is:
 * production mode, PostgreSQL, the production logger (one JSON line per request) written to
 * `logFile` instead of a terminal, the SMS worker and blob expiry running as on every
 * instance. Several of them on one database are what a city runs behind its balancer.
 */
export interface ApiInstance {
  name: string;
  url: string;
  pid: number;
  logFile: string;
  proc: ChildProcess;
  stop: () => Promise<void>;
}

const MAIN = path.resolve(import.meta.dirname, '..', '..', 'api', 'src', 'main.ts');
/** Clock ticks per second of /proc/<pid>/stat's CPU fields (`getconf CLK_TCK`; 100 on Linux). */
const CLK_TCK = 100;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export async function startApiInstance(opts: {
  name: string;
  databaseUrl: string;
  dir: string;
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}): Promise<ApiInstance> {
  const port = await freePort();
  const logFile = path.join(opts.dir, `${opts.name}.log`);
  const fd = fs.openSync(logFile, 'a');
  const proc = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    stdio: ['ignore', fd, fd],
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      DATABASE_URL: opts.databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      SMS_LOG_PATH: path.join(opts.dir, `${opts.name}-sms.log`),
      WEB_DIST: path.join(opts.dir, 'no-web-dist'),
      ...opts.env,
    },
  });
  fs.closeSync(fd);
  const url = `http://127.0.0.1:${port}`;
  // A real instance gets up to 10 s to drain its requests and 5 s more for handlers still in
  // the database (api/src/main.ts) before it exits: it is not killed inside that window.
  const stop = () => stopChild(proc, 20_000);
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  let exited: number | null = null;
  proc.once('exit', (code) => {
    exited = code ?? -1;
  });
  for (;;) {
    if (exited !== null) {
      const tail = fs.readFileSync(logFile, 'utf8').slice(-2000);
      throw new Error(`${opts.name} exited (${exited}) before it was ready:\n${tail}`);
    }
    try {
      const res = await fetch(`${url}/api/health/ready`);
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${opts.name} not ready after ${opts.readyTimeoutMs ?? 60_000} ms`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { name: opts.name, url, pid: proc.pid!, logFile, proc, stop };
}

/** User + system CPU seconds a process has used so far, from /proc/<pid>/stat (Linux). */
export function cpuSecondsOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return null;
  }
}
