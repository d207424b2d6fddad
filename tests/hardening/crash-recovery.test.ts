import { afterAll, describe, expect, it } from 'vitest';
import {
  byProfile,
  dialects,
  percentile,
  printFigures,
  seededRandom,
  sleep,
} from './support/harness';
import {
  disposeServerBundle,
  freePort,
  killServer,
  prepareDatabase,
  type ServerProcess,
  startServer,
} from './support/processes';
import {
  newPushStats,
  pushUntilAnswered,
  type QueuedMutation,
  verifyExactlyOnce,
  Workload,
} from './support/workload';

/**
 * The real server process is killed with SIGKILL at random moments while two devices push,
 * then started again on the same database. The devices retry every unanswered batch with
 * the same mutation ids. At the end every mutation must be applied exactly once: logged
 * once, its events written once, each case at the version its updates imply, case numbers
 * unique, no batch half-applied.
 */

const KILLS = Number(process.env.HARDENING_KILLS ?? byProfile(20, 100));
const SEED = Number(process.env.HARDENING_SEED ?? Math.floor(Math.random() * 2 ** 31));

interface Device {
  username: string;
  clientId: string;
  work: Workload;
  token: string;
  done: number;
  inFlight: boolean;
}

async function login(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'anxin-demo' }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

describe.each(dialects())('SIGKILL crash recovery on %s', (dialect) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    disposeServerBundle();
  });

  it(`${KILLS} SIGKILLs during pushes: every mutation applied exactly once (seed ${SEED})`, async () => {
    console.log(`[hardening:crash:${dialect}] HARDENING_SEED=${SEED} HARDENING_KILLS=${KILLS}`);
    const { int } = seededRandom(SEED);

    const db = await prepareDatabase(dialect, 'anxin-crash');
    cleanups.push(db.cleanup);
    const env = db.env;
    const port = await freePort();
    let server: ServerProcess = await startServer({ port, env, timeoutMs: 120_000 });
    const firstStartMs = server.startupMs;
    cleanups.push(() => killServer(server));
    const url = server.url;

    const devices: Device[] = [];
    for (const [username, town] of [
      ['officer.choucheng', 'choucheng'],
      ['officer.fotang', 'fotang'],
    ] as const) {
      devices.push({
        username,
        clientId: `crash-${username.replace('.', '-')}`,
        work: new Workload(town, username === 'officer.choucheng' ? 'kc' : 'kf', () => int(0, 4)),
        token: await login(url, username),
        done: 0,
        inFlight: false,
      });
    }

    const stats = newPushStats();
    let stop = false;
    let mismatched = 0;
    const run = async (d: Device) => {
      for (;;) {
        if (d.done >= d.work.queue.length) {
          if (stop) return;
          // Keep the queue ahead of the pushes so a kill always finds work in flight.
          for (let i = 0; i < 4; i++) d.work.addCase();
        }
        const size = int(1, 25);
        const batch: QueuedMutation[] = d.work.queue.slice(d.done, d.done + size);
        d.inFlight = true;
        const results = await pushUntilAnswered({
          url: () => url,
          token: d.token,
          clientId: d.clientId,
          batch,
          stats,
          retryDelayMs: 25,
        });
        d.inFlight = false;
        for (const [i, r] of results.entries()) {
          if (r.id !== batch[i]!.id || r.status !== 'applied') {
            mismatched++;
            throw new Error(`${batch[i]!.id} (${batch[i]!.name}): ${JSON.stringify(r)}`);
          }
        }
        d.done += batch.length;
      }
    };
    const runners = devices.map((d) => run(d));

    const startups: number[] = [];
    let killedInFlight = 0;
    for (let k = 0; k < KILLS; k++) {
      await sleep(int(0, 600));
      if (devices.some((d) => d.inFlight)) killedInFlight++;
      await killServer(server);
      server = await startServer({ port, env, timeoutMs: 60_000 });
      startups.push(server.startupMs);
    }
    stop = true;
    await Promise.all(runners);
    await killServer(server);

    // Check the database itself, as the next start would find it.
    const conn = db.open();
    cleanups.push(() => conn.close());
    const verdict = await verifyExactlyOnce(
      conn.db,
      devices.map((d) => d.work),
    );
    printFigures(`crash:${dialect}`, {
      seed: SEED,
      kills: KILLS,
      killsWithPushInFlight: killedInFlight,
      mutationsChecked: verdict.mutations,
      casesChecked: verdict.cases,
      pushRequests: stats.requests,
      networkErrors: stats.networkErrors,
      statuses: stats.statuses,
      firstStartMs,
      restartMs: {
        min: Math.min(...startups),
        p50: percentile(startups, 50),
        max: Math.max(...startups),
      },
      failures: verdict.problems.length + mismatched,
    });
    expect(verdict.problems.slice(0, 20)).toEqual([]);
    expect(killedInFlight).toBeGreaterThan(KILLS / 2);
    // A crash is never the client's fault: no 5xx may reach it either.
    expect(Object.keys(stats.statuses).filter((s) => Number(s) >= 500)).toEqual([]);
  });
});
