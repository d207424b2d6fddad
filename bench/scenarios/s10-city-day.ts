import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import {
  type CaseCreateArgs,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  type PushResult,
} from '@anxin/shared';
import pg from 'pg';
import { connect } from '../../api/src/db/connect';
import { migrateToLatest } from '../../api/src/db/migrate';
import type { AppDeps } from '../../api/src/deps';
import { int, prng, type Rand } from '../../api/src/services/seed/generators';
import { actorOf, type SeedUser, seedTownsAndUsers } from '../../api/src/services/seed/seed';
import { SEED_UNITS } from '../../api/src/services/seed/units';
import { push } from '../../api/src/services/sync/push';
import { TEST_PASSWORD, testConfig } from '../../api/test-support';
import { caseArgs, makeCases } from '../lib/cases';
import type { Row, RunContext, Scenario } from '../lib/scenario';
import { percentile, round } from '../lib/stats';
import { type ApiInstance, cpuSecondsOf, startApiInstance } from '../servers/api-instance';
import { DEFAULT_PG_URL } from '../servers/child';

/**
 * Scenario 10 — a city's day (issue 20). Every officer of a city-sized deployment works one
 * day against two instances of the real server (api/src/main.ts, production mode, its own
 * Node process each) on one PostgreSQL database: signs in, pulls every 30 s of simulated
 * time, and three times a day comes back from a site visit with ~10 mutations queued
 * (new cases, then edits and status moves on its own cases) that its device pushes in one
 * batch, followed by a pull. The day (08:30–16:30) is compressed into a couple of minutes
 * of wall time, so the load is that many times a real day's; every device holds at most one
 * request in flight (as the app's sync engine does), a tick that comes while its sync still
 * runs is skipped and counted, and the sockets come from one keep-alive pool.
 *
 * Afterwards: every mutation must be in the server's idempotency log once, every case at
 * the version its mutations make, every mutation with its one event; every device's cases
 * (after a last pull) must equal its unit's cases on the server, colleagues' on the other
 * instance included; and a sample of already applied batches, re-sent (through the other
 * instance, and from a second device of the same officer), must be answered from the log
 * with their first answers and change nothing.
 */

const DAY_START_LABEL = '08:30';
const DAY_SECONDS = 8 * 3600;
const PULL_EVERY_S = 30;
/** Simulated windows of the three site visits (seconds after 08:30). */
const BURST_WINDOWS: ReadonlyArray<readonly [number, number]> = [
  [0.5 * 3600, 2.5 * 3600],
  [3 * 3600, 4.5 * 3600],
  [5 * 3600, 7.5 * 3600],
];
/** Past cases per unit already on the server when the day starts (yesterday's and before). */
const HISTORY_PER_UNIT = 40;
/** Sockets per instance in the load generator's keep-alive pool. */
const SOCKETS_PER_INSTANCE = 64;
const DB_NAME = 'bench_city';
/** Seconds the servers are left idle to measure what they burn doing nothing. */
const IDLE_S = 2;
/** What a case's own steps are, in order, after its creation. */
const STEPS = ['update', 'mediating', 'update', 'resolved'] as const;

interface OwnCase {
  id: string;
  owedFen: number;
  description: string;
  /** The version the device expects once everything queued so far is applied. */
  version: number;
  steps: number;
}

interface Sent {
  officer: number;
  name: string;
  caseId: string;
  /** The version this mutation must leave the case at. */
  expectVersion: number;
  first?: PushResult;
}

interface Officer {
  n: number;
  username: string;
  userId: string;
  unit: string;
  instance: number;
  clientId: string;
  token: string;
  cursor: string | undefined;
  rand: Rand;
  cases: OwnCase[];
  outbox: Array<{ id: string; name: string; args: unknown; baseVersion?: number }>;
  /** The batches this device pushed and saw applied in full, as sent (for the re-send check). */
  appliedBatches: Array<Array<{ id: string; name: string; args: unknown; baseVersion?: number }>>;
  seq: number;
  /** Cases this device holds, id → version, from its pulls. */
  known: Map<string, number>;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  ms: number;
  poolWaitMs: number;
}

interface Tally {
  pushMs: number[];
  pullMs: number[];
  poolWaitMs: number[];
  pushRequests: number;
  pullRequests: number;
  pulls: number;
  pullChanges: number;
  skippedTicks: number;
  /** Ticks skipped because the pull budget had no slot before the device's next tick. */
  budgetSkipped: number;
  scheduledTicks: number;
  status503: number;
  status5xx: number;
  networkErrors: number;
  networkErrorSamples: Array<Record<string, unknown>>;
  otherStatus: Record<string, number>;
  unexpected: Array<Record<string, unknown>>;
  applied: number;
  /** How late, in simulated seconds, a sync started after its tick (client-side lag). */
  lateS: number[];
}

function newTally(): Tally {
  return {
    pushMs: [],
    pullMs: [],
    poolWaitMs: [],
    pushRequests: 0,
    pullRequests: 0,
    pulls: 0,
    pullChanges: 0,
    skippedTicks: 0,
    budgetSkipped: 0,
    scheduledTicks: 0,
    status503: 0,
    status5xx: 0,
    networkErrors: 0,
    networkErrorSamples: [],
    otherStatus: {},
    unexpected: [],
    applied: 0,
    lateS: [],
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

function request(
  agent: http.Agent,
  base: string,
  method: string,
  pathname: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Answer> {
  const url = new URL(pathname, base);
  const issued = performance.now();
  // Timed from when the request has a socket: a device has its own connection, so the
  // wait for one of the load generator's pooled sockets is not part of its latency
  // (it is reported on its own, `poolWaitMs`).
  let started = issued;
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method,
        path: `${url.pathname}${url.search}`,
        headers: {
          ...headers,
          ...(body === undefined
            ? {}
            : {
                'Content-Type': 'application/json',
                'Content-Length': String(Buffer.byteLength(body)),
              }),
        },
        timeout: 60_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          let buf = Buffer.concat(chunks);
          const enc = res.headers['content-encoding'];
          // What Chromium asks for (gzip, br): the body is timed as the device gets it.
          if (enc === 'br') buf = zlib.brotliDecompressSync(buf);
          else if (enc === 'gzip') buf = zlib.gunzipSync(buf);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: buf,
            ms: performance.now() - started,
            poolWaitMs: started - issued,
          });
        });
      },
    );
    req.once('socket', () => {
      started = performance.now();
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/**
 * A push or pull answered with a status the device cannot use: kept for the report (its
 * first 300 characters), the first 20 of them only, so a failing run stays readable.
 */
function noteUnexpectedAnswer(tally: Tally, o: Officer, kind: 'push' | 'pull', a: Answer): void {
  if (tally.unexpected.length >= 20) return;
  tally.unexpected.push({
    officer: o.n,
    [kind]: true,
    status: a.status,
    body: a.body.toString('utf8').slice(0, 300),
  });
}

function deviceHeaders(token: string): Record<string, string> {
  return {
    Accept: 'application/json',
    'Accept-Language': 'zh-CN,zh;q=0.9',
    'Accept-Encoding': 'gzip, deflate, br',
    [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
    Authorization: `Bearer ${token}`,
  };
}

/** Mutation ids: the officer's number and a sequence, unique across the run. */
function mutationId(o: Officer): string {
  o.seq++;
  return `city-o${String(o.n).padStart(3, '0')}-m${String(o.seq).padStart(3, '0')}`;
}

/** One site visit's work, queued offline: new cases, then the next steps of its own cases. */
function queueBurst(o: Officer, burst: number, sent: Map<string, Sent>): void {
  const creates = int(o.rand, 3, 5);
  const steps = 10 - creates + int(o.rand, -1, 1);
  for (let i = 0; i < creates; i++) {
    const id = `city-o${String(o.n).padStart(3, '0')}-c${String(o.cases.length + 1).padStart(2, '0')}`;
    const args: CaseCreateArgs = caseArgs(o.rand, id, o.unit, Date.now() - 10 * 60_000);
    o.cases.push({
      id,
      owedFen: args.claimants.reduce((s, c) => s + c.owedFen, 0),
      description: args.description,
      version: 1,
      steps: 0,
    });
    const mid = mutationId(o);
    o.outbox.push({ id: mid, name: 'case.create', args });
    sent.set(mid, { officer: o.n, name: 'case.create', caseId: id, expectVersion: 1 });
  }
  // Oldest cases first, one step each per round, so a case moves along over the day.
  let done = 0;
  while (done < steps) {
    const open = o.cases.filter((c) => c.steps < STEPS.length);
    if (open.length === 0) break;
    for (const c of open) {
      if (done >= steps) break;
      const step = STEPS[c.steps]!;
      const mid = mutationId(o);
      const baseVersion = c.version;
      let name: string;
      let args: unknown;
      if (step === 'update') {
        name = 'case.update';
        c.description = `${c.description}（第${burst + 1}次走访补充：已联系用人单位）`;
        args = { id: c.id, patch: { description: c.description } };
      } else if (step === 'mediating') {
        name = 'case.transition';
        args = { id: c.id, to: 'mediating' };
      } else {
        name = 'case.transition';
        args = { id: c.id, to: 'resolved', outcome: 'paid_in_full', recoveredFen: c.owedFen };
      }
      c.steps++;
      c.version++;
      o.outbox.push({ id: mid, name, args, baseVersion });
      sent.set(mid, { officer: o.n, name, caseId: c.id, expectVersion: c.version });
      done++;
    }
  }
}

/**
 * Pushes a batch until the server has answered it, as the sync engine does: a 503 waits
 * for its Retry-After and sends the same batch again (same mutation ids), a dropped
 * connection or another 5xx after a short pause, until `giveUpAt` (wall clock, ms).
 * Returns the results, or null.
 */
async function pushBatch(
  agent: http.Agent,
  base: string,
  o: Officer,
  clientId: string,
  batch: Officer['outbox'],
  tally: Tally,
  timed: boolean,
  giveUpAt: number,
): Promise<PushResult[] | null> {
  const body = JSON.stringify({
    clientId,
    mutations: batch.map((m) => ({ ...m, occurredAt: new Date().toISOString() })),
  });
  while (performance.now() < giveUpAt) {
    let a: Answer;
    try {
      a = await request(agent, base, 'POST', '/api/sync/push', deviceHeaders(o.token), body);
    } catch (err) {
      // A dropped connection (a keep-alive socket the server closed as it was reused) is
      // retried with the same ids like any device would: counted, not a wrong answer.
      tally.networkErrors++;
      if (tally.networkErrorSamples.length < 10)
        tally.networkErrorSamples.push({ officer: o.n, push: true, error: String(err) });
      await sleep(500);
      continue;
    }
    if (timed) {
      tally.pushRequests++;
      tally.poolWaitMs.push(a.poolWaitMs);
    }
    if (a.status === 200) {
      if (timed) tally.pushMs.push(a.ms);
      return (JSON.parse(a.body.toString('utf8')) as { results: PushResult[] }).results;
    }
    if (a.status === 503) {
      tally.status503++;
      const after = Number(a.headers['retry-after'] ?? 1);
      await sleep((Number.isFinite(after) ? after : 1) * 1000);
      continue;
    }
    if (a.status >= 500) tally.status5xx++;
    else tally.otherStatus[a.status] = (tally.otherStatus[a.status] ?? 0) + 1;
    noteUnexpectedAnswer(tally, o, 'push', a);
    if (a.status < 500) return null;
    await sleep(500);
  }
  return null;
}

/** Pulls pages until the server has no more, noting every case change the device gets. */
async function pullAll(
  agent: http.Agent,
  base: string,
  o: Officer,
  tally: Tally,
  timed: boolean,
): Promise<boolean> {
  let first = true;
  for (let page = 0; page < 1000; page++) {
    const qs = new URLSearchParams({ limit: '2000' });
    if (o.cursor !== undefined) qs.set('cursor', o.cursor);
    if (first) qs.set('total', '1');
    let a: Answer;
    try {
      a = await request(agent, base, 'GET', `/api/sync/pull?${qs}`, deviceHeaders(o.token));
    } catch (err) {
      tally.networkErrors++;
      if (tally.networkErrorSamples.length < 10)
        tally.networkErrorSamples.push({ officer: o.n, pull: true, error: String(err) });
      return false;
    }
    if (timed) {
      tally.pullRequests++;
      tally.poolWaitMs.push(a.poolWaitMs);
    }
    if (a.status !== 200) {
      if (a.status === 503) tally.status503++;
      else if (a.status >= 500) tally.status5xx++;
      else tally.otherStatus[a.status] = (tally.otherStatus[a.status] ?? 0) + 1;
      noteUnexpectedAnswer(tally, o, 'pull', a);
      return false;
    }
    if (timed) tally.pullMs.push(a.ms);
    const body = JSON.parse(a.body.toString('utf8')) as {
      changes: Array<{ entity: string; id: string; op: string; version: number }>;
      cursor: string;
      hasMore: boolean;
    };
    for (const ch of body.changes) {
      if (ch.entity !== 'case') continue;
      if (ch.op === 'put') o.known.set(ch.id, ch.version);
      else o.known.delete(ch.id);
    }
    if (timed) tally.pullChanges += body.changes.length;
    o.cursor = body.cursor;
    first = false;
    if (!body.hasMore) break;
  }
  if (timed) tally.pulls++;
  return true;
}

/**
 * The pull budget: at most one pull start every `intervalMs` across all devices. A real
 * day's 300 devices pull 10 times a second; compressed 240× that is 2,400 a second, more
 * than two processes on two shared cores can answer, and a saturated server answers every
 * request late, pushes included. So the day's pushes run at the full compression and its
 * pulls at this budget; a tick whose slot would come after the device's next tick is
 * skipped and counted, and the CPU of the pulls not made is added from the measured CPU
 * per pull (see `cpu` in the details).
 */
class PullGate {
  private next = 0;
  constructor(private readonly intervalMs: number) {}

  /** Wall ms until this pull's slot, or null when it is more than `withinMs` away. */
  reserve(withinMs: number): number | null {
    const now = performance.now();
    const slot = Math.max(now, this.next);
    if (slot - now > withinMs) return null;
    this.next = slot + this.intervalMs;
    return slot - now;
  }
}

/** Runs `fn` over `items` with at most `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, fn: (t: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

/** PostgreSQL backends of the run's database, by pid: CPU seconds when first and last seen. */
class PgCpuSampler {
  private readonly seen = new Map<number, { first: number; last: number }>();
  constructor(
    private readonly client: pg.Client,
    private readonly ownPid: number,
  ) {}

  async sample(baseline: boolean): Promise<void> {
    const { rows } = await this.client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'`,
      [DB_NAME],
    );
    for (const { pid } of rows) {
      if (pid === this.ownPid) continue;
      const cpu = cpuSecondsOf(pid);
      if (cpu === null) continue;
      const had = this.seen.get(pid);
      // A backend first seen after the baseline was born during the day: all of it counts.
      if (had) had.last = cpu;
      else this.seen.set(pid, { first: baseline ? cpu : 0, last: cpu });
    }
  }

  get seconds(): number {
    let s = 0;
    for (const v of this.seen.values()) s += v.last - v.first;
    return s;
  }

  get backends(): number {
    return this.seen.size;
  }
}

function envNumber(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

async function resetDatabase(base: string): Promise<string> {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DB_NAME}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${DB_NAME}`;
  return url.toString();
}

async function dropDatabase(base: string): Promise<void> {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Users, units and yesterday's cases, written as the other scenarios seed: the real services. */
async function seed(url: string, officers: number, ctx: RunContext): Promise<SeedUser[]> {
  const conn = connect({ dialect: 'postgres', url, max: 2 });
  try {
    const deps: AppDeps = {
      db: conn.db,
      dialect: 'postgres',
      config: testConfig(),
      now: () => new Date(),
      log: () => undefined,
    };
    await migrateToLatest(conn.db, 'postgres');
    // Round-robin over the instances, and a unit every two officers: each unit has officers
    // on both instances, so a colleague's push reaches a device through the other process.
    const users: SeedUser[] = Array.from({ length: officers }, (_, i) => {
      const unit = SEED_UNITS[Math.floor(i / 2) % SEED_UNITS.length]!;
      return {
        username: `city.officer.${String(i).padStart(3, '0')}`,
        displayName: `${unit.name}专员${i}`,
        role: 'officer' as const,
        townIds: [unit.id],
      };
    });
    await seedTownsAndUsers(deps, users, TEST_PASSWORD);
    const started = performance.now();
    for (const [u, unit] of SEED_UNITS.entries()) {
      const author = users[u * 2];
      if (!author) break;
      const actor = await actorOf(deps, author.username);
      const all = makeCases(
        HISTORY_PER_UNIT,
        unit.id,
        `hist-${unit.id}`.slice(0, 24),
        20261202 + u,
      );
      const res = await push(
        deps,
        actor,
        {
          clientId: `seed-${actor.id}`.slice(0, 64),
          mutations: all.map((a) => ({ id: `seed-${a.id}`, name: 'case.create', args: a })),
        },
        'en',
      );
      const bad = res.results.find((r) => r.status !== 'applied');
      if (bad) throw new Error(`seeding history: ${JSON.stringify(bad)}`);
    }
    ctx.log(
      `  seeded ${officers} officers over ${SEED_UNITS.length} units, ${HISTORY_PER_UNIT} past cases per unit (${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
    return users;
  } finally {
    await conn.close();
  }
}

/** Counts of `metric{outcome="…"}` lines in a Prometheus scrape. */
async function replayedCount(agent: http.Agent, inst: ApiInstance): Promise<number> {
  const a = await request(agent, inst.url, 'GET', '/metrics', {});
  const line = a.body
    .toString('utf8')
    .split('\n')
    .find((l) => l.startsWith('anxin_push_mutations_total{outcome="replayed"}'));
  return line ? Number(line.split(' ').pop()) : 0;
}

interface Truth {
  logRows: number;
  logDistinct: number;
  logByStatus: Record<string, number>;
  cases: Map<string, { version: number; town: string }>;
  eventsByMutation: Map<string, number>;
  cityEvents: number;
  feedRows: number;
}

async function readTruth(client: pg.Client): Promise<Truth> {
  const log = await client.query<{ n: number; d: number }>(
    `SELECT count(*)::int AS n, count(DISTINCT (user_id, mutation_id))::int AS d
       FROM mutation_log WHERE mutation_id LIKE 'city-%'`,
  );
  const byStatus = await client.query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM mutation_log WHERE mutation_id LIKE 'city-%' GROUP BY status`,
  );
  const cases = await client.query<{ id: string; version: number; town_id: string }>(
    'SELECT id, version, town_id FROM cases',
  );
  const events = await client.query<{ mutation_id: string; n: number }>(
    `SELECT mutation_id, count(*)::int AS n FROM case_events
      WHERE mutation_id LIKE 'city-%' GROUP BY mutation_id`,
  );
  const feed = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM change_feed');
  return {
    logRows: log.rows[0]!.n,
    logDistinct: log.rows[0]!.d,
    logByStatus: Object.fromEntries(byStatus.rows.map((r) => [r.status, r.n])),
    cases: new Map(cases.rows.map((r) => [r.id, { version: r.version, town: r.town_id }])),
    eventsByMutation: new Map(events.rows.map((r) => [r.mutation_id, r.n])),
    cityEvents: events.rows.reduce((s, r) => s + r.n, 0),
    feedRows: feed.rows[0]!.n,
  };
}

/**
 * The server's access log: the time it took for every answered push and pull (200 only;
 * sign-in, set-up and the re-send check included, a small share), and lines above info.
 */
async function readLog(
  file: string,
  into: { push: number[]; pull: number[] },
  warnings: string[],
): Promise<void> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8') });
  for await (const line of lines) {
    if (/"level":"(warn|error|fatal)"/.test(line)) warnings.push(line);
    if (!line.includes('"event":"http.request"') || !line.includes('"status":200')) continue;
    const ms = Number(/"ms":([0-9.]+)/.exec(line)?.[1]);
    if (line.includes('"path":"/api/sync/push"')) into.push.push(ms);
    else if (line.includes('"path":"/api/sync/pull"')) into.pull.push(ms);
  }
}

export const s10: Scenario = {
  id: '10',
  title: "a city's day: officers on two API processes, one PostgreSQL",
  async run(ctx) {
    const officersN = Math.round(envNumber('BENCH_CITY_OFFICERS', ctx.quick ? 60 : 300));
    const wallS = envNumber('BENCH_CITY_WALL_S', ctx.quick ? 30 : 120);
    const pullsPerS = envNumber('BENCH_CITY_PULLS_PER_S', ctx.quick ? 50 : 100);
    const calibrationS = ctx.quick ? 3 : 6;
    const speedup = DAY_SECONDS / wallS;
    const base = process.env.TEST_DATABASE_URL || DEFAULT_PG_URL;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxin-bench-city-'));
    const agent = new http.Agent({ keepAlive: true, maxSockets: SOCKETS_PER_INSTANCE });
    const instances: ApiInstance[] = [];
    let client: pg.Client | null = null;
    const details: Record<string, unknown> = {
      officers: officersN,
      units: Math.min(SEED_UNITS.length, Math.ceil(officersN / 2)),
      instances: 2,
      simulatedDay: `${DAY_START_LABEL} + ${DAY_SECONDS / 3600} h`,
      wallSeconds: wallS,
      speedup: round(speedup, 1),
      pullEverySimulatedS: PULL_EVERY_S,
      pullBudgetPerS: pullsPerS,
      socketsPerInstance: SOCKETS_PER_INSTANCE,
    };
    try {
      const url = await resetDatabase(base);
      const users = await seed(url, officersN, ctx);
      // BENCH_CITY_API_<NAME>=v sets <NAME>=v on both servers (PULL_WAIT_MS, PUSH_CONCURRENCY…).
      const serverEnv = Object.fromEntries(
        Object.entries(process.env)
          .filter(([k, v]) => k.startsWith('BENCH_CITY_API_') && v !== undefined)
          .map(([k, v]) => [k.slice('BENCH_CITY_API_'.length), v as string]),
      );
      details.serverEnv = serverEnv;
      for (const name of ['api-a', 'api-b']) {
        instances.push(await startApiInstance({ name, databaseUrl: url, dir, env: serverEnv }));
      }
      ctx.log(`  2 API processes up (pids ${instances.map((i) => i.pid).join(', ')})`);
      client = new pg.Client({ connectionString: url });
      await client.connect();
      const ownPid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))
        .rows[0]!.pid;

      // Sign in on the OTHER instance than the one the device then talks to: the session
      // one process made must be good on the other (the cross-instance session cache).
      const officers: Officer[] = users.map((u, i) => ({
        n: i,
        username: u.username,
        userId: `usr_${u.username.replace(/\./g, '_')}`,
        unit: u.townIds[0]!,
        instance: i % 2,
        clientId: `city-device-${String(i).padStart(3, '0')}`,
        token: '',
        cursor: undefined,
        rand: prng(20261202 + i),
        cases: [],
        outbox: [],
        appliedBatches: [],
        seq: 0,
        known: new Map(),
      }));
      const setup = newTally();
      const signInStarted = performance.now();
      await pool(officers, 8, async (o) => {
        const other = instances[(o.instance + 1) % 2]!;
        for (let attempt = 0; ; attempt++) {
          const a = await request(
            agent,
            other.url,
            'POST',
            '/api/auth/login',
            { 'Accept-Language': 'zh-CN' },
            JSON.stringify({ username: o.username, password: TEST_PASSWORD }),
          );
          if (a.status === 200) {
            o.token = (JSON.parse(a.body.toString('utf8')) as { token: string }).token;
            break;
          }
          if (a.status === 503 && attempt < 20) {
            await sleep(500);
            continue;
          }
          throw new Error(`sign-in ${o.username}: ${a.status} ${a.body.toString('utf8')}`);
        }
        // Yesterday's sync: the device starts the day caught up.
        if (!(await pullAll(agent, instances[o.instance]!.url, o, setup, false))) {
          throw new Error(
            `first pull of ${o.username} failed: ${JSON.stringify(setup.unexpected)}`,
          );
        }
      });
      details.signInAndFirstPullS = round((performance.now() - signInStarted) / 1000, 1);
      ctx.log(`  ${officersN} officers signed in and caught up (${details.signInAndFirstPullS} s)`);

      const gate = new PullGate(1000 / pullsPerS);
      const tickWallMs = (PULL_EVERY_S / speedup) * 1000;
      const apiCpuNow = () =>
        instances.reduce((sum, i) => sum + (cpuSecondsOf(i.pid) ?? Number.NaN), 0);

      // What the two processes burn doing nothing (timers, the SMS worker's polls, GC), so
      // the CPU per pull below is the pulls' own.
      const idle0 = apiCpuNow();
      await sleep(IDLE_S * 1000);
      const idlePerS = (apiCpuNow() - idle0) / IDLE_S;
      // CPU per pull: caught-up devices pulling at the budget's rate, nothing else running.
      const calibration = newTally();
      const calSampler = new PgCpuSampler(client, ownPid);
      await calSampler.sample(true);
      const calCpu0 = apiCpuNow();
      const calEnd = performance.now() + calibrationS * 1000;
      await Promise.all(
        officers.map(async (o) => {
          while (performance.now() < calEnd) {
            const wait = gate.reserve(tickWallMs);
            if (wait === null) {
              await sleep(tickWallMs);
              continue;
            }
            await sleep(wait);
            await pullAll(agent, instances[o.instance]!.url, o, calibration, true);
          }
        }),
      );
      await calSampler.sample(false);
      const calApi = apiCpuNow() - calCpu0 - idlePerS * calibrationS;
      const perPull = {
        api: calApi / calibration.pullRequests,
        postgres: calSampler.seconds / calibration.pullRequests,
      };
      details.calibration = {
        seconds: calibrationS,
        idleApiCpuPerS: round(idlePerS, 3),
        pulls: calibration.pullRequests,
        apiCpuS: round(calApi, 2),
        postgresCpuS: round(calSampler.seconds, 2),
        apiMsPerPull: round(perPull.api * 1000, 3),
        postgresMsPerPull: round(perPull.postgres * 1000, 3),
        pullP50: round(percentile(calibration.pullMs, 50), 1),
        pullP99: round(percentile(calibration.pullMs, 99), 1),
      };
      ctx.log(
        `  calibration: ${calibration.pullRequests} pulls in ${calibrationS} s, ${(perPull.api * 1000).toFixed(2)} ms API + ${(perPull.postgres * 1000).toFixed(2)} ms PostgreSQL CPU each`,
      );

      // The day.
      const sent = new Map<string, Sent>();
      const tally = newTally();
      const sampler = new PgCpuSampler(client, ownPid);
      await sampler.sample(true);
      const cpu0 = instances.map((i) => cpuSecondsOf(i.pid) ?? Number.NaN);
      const wall0 = performance.now();
      // Pushes still refused when the day is over get this long to go through.
      const giveUpAt = wall0 + (DAY_SECONDS / speedup) * 1000 + 60_000;
      const simNow = () => ((performance.now() - wall0) / 1000) * speedup;
      const untilSim = (t: number) => sleep((t / speedup) * 1000 - (performance.now() - wall0));
      let sampling = true;
      const samplerLoop = (async () => {
        while (sampling) {
          await sleep(1000);
          if (sampling) await sampler.sample(false);
        }
      })();

      const day = async (o: Officer) => {
        const inst = instances[o.instance]!;
        const bursts = BURST_WINDOWS.map(([a, b]) => a + o.rand() * (b - a));
        let nextPull = o.rand() * PULL_EVERY_S;
        let b = 0;
        for (;;) {
          const nextBurst = b < bursts.length ? bursts[b]! : Number.POSITIVE_INFINITY;
          const next = Math.min(nextPull, nextBurst);
          if (next >= DAY_SECONDS) break;
          await untilSim(next);
          tally.lateS.push(Math.max(0, simNow() - next));
          if (nextBurst <= next) {
            queueBurst(o, b, sent);
            b++;
          }
          let pull = true;
          if (o.outbox.length > 0) {
            const batch = o.outbox.splice(0);
            const results = await pushBatch(
              agent,
              inst.url,
              o,
              o.clientId,
              batch,
              tally,
              true,
              giveUpAt,
            );
            if (results?.every((r) => r.status === 'applied')) o.appliedBatches.push(batch);
            if (results === null) {
              tally.unexpected.push({ officer: o.n, lostBatch: batch.map((m) => m.id) });
            } else {
              for (const r of results) {
                const s = sent.get(r.id);
                if (s) s.first = r;
                if (r.status === 'applied') tally.applied++;
                if (r.status !== 'applied' || r.version !== s?.expectVersion) {
                  if (tally.unexpected.length < 40) {
                    tally.unexpected.push({
                      officer: o.n,
                      mutation: r.id,
                      name: s?.name,
                      result: r,
                    });
                  }
                }
              }
            }
          } else {
            // A timer tick (no push): the pull waits for its slot in the budget.
            const wait = gate.reserve(tickWallMs);
            if (wait === null) {
              tally.budgetSkipped++;
              pull = false;
            } else await sleep(wait);
          }
          // After a push the engine pulls at once (what the push changed, and colleagues').
          if (pull) await pullAll(agent, inst.url, o, tally, true);
          if (nextPull <= next) {
            // The next tick after now: ticks that passed while this sync ran are skipped.
            tally.scheduledTicks++;
            nextPull += PULL_EVERY_S;
            const now = simNow();
            while (nextPull <= now && nextPull < DAY_SECONDS) {
              tally.skippedTicks++;
              tally.scheduledTicks++;
              nextPull += PULL_EVERY_S;
            }
          }
        }
      };
      await Promise.all(officers.map(day));
      const dayWallS = (performance.now() - wall0) / 1000;
      sampling = false;
      await samplerLoop;
      await sampler.sample(false);
      const cpu1 = instances.map((i) => cpuSecondsOf(i.pid) ?? Number.NaN);
      const apiCpu = cpu1.reduce((s, c, i) => s + (c - cpu0[i]!), 0);
      const pgCpu = sampler.seconds;
      ctx.log(
        `  day done in ${dayWallS.toFixed(1)} s wall: ${tally.applied} applied, ${tally.pushRequests} pushes, ${tally.pulls} pulls, ${tally.status503} × 503`,
      );

      // The same kind of push with the servers otherwise idle (one at a time, every 30th
      // officer one more visit's work): a push's own service time, against its latency in
      // the day (where it also waits for a push slot and shares the cores).
      const quiet = newTally();
      let quietMutations = 0;
      for (const o of officers.filter((x) => x.n % 30 === 0)) {
        queueBurst(o, BURST_WINDOWS.length, sent);
        const batch = o.outbox.splice(0);
        quietMutations += batch.length;
        const inst = instances[o.instance]!;
        const results = await pushBatch(
          agent,
          inst.url,
          o,
          o.clientId,
          batch,
          quiet,
          true,
          giveUpAt + 60_000,
        );
        for (const r of results ?? []) {
          const sentAs = sent.get(r.id);
          if (sentAs) sentAs.first = r;
          if (r.status !== 'applied' || r.version !== sentAs?.expectVersion) {
            tally.unexpected.push({ officer: o.n, mutation: r.id, quiet: true, result: r });
          }
        }
        if (results === null)
          tally.unexpected.push({ officer: o.n, lostBatch: batch.map((m) => m.id) });
      }
      details.quietPush = {
        pushes: quiet.pushMs.length,
        mutations: quietMutations,
        p50: round(percentile(quiet.pushMs, 50), 1),
        max: round(Math.max(...quiet.pushMs), 1),
      };

      // A last pull per device, then the server's own records against what was sent.
      const after = newTally();
      await pool(officers, 16, async (o) => {
        await pullAll(agent, instances[o.instance]!.url, o, after, false);
      });
      const truth = await readTruth(client);
      const problems: string[] = [];
      const sentCount = sent.size;
      const creates = [...sent.values()].filter((s) => s.name === 'case.create').length;
      if (truth.logRows !== sentCount || truth.logDistinct !== sentCount) {
        problems.push(
          `idempotency log holds ${truth.logRows} rows (${truth.logDistinct} distinct) for ${sentCount} mutations sent`,
        );
      }
      if ((truth.logByStatus.applied ?? 0) !== sentCount) {
        problems.push(`log statuses ${JSON.stringify(truth.logByStatus)}, expected all applied`);
      }
      const expectVersion = new Map<string, number>();
      for (const s of sent.values()) {
        expectVersion.set(s.caseId, Math.max(expectVersion.get(s.caseId) ?? 0, s.expectVersion));
      }
      const cityCases = [...truth.cases.keys()].filter((id) => id.startsWith('city-'));
      if (cityCases.length !== creates) {
        problems.push(`${cityCases.length} case rows for ${creates} case.create sent`);
      }
      // Behind: a mutation never got through (refused until the device gave up); ahead: one
      // applied twice. Both miss the target; only the second is a broken idempotency rule.
      let versionMismatch = 0;
      let versionAhead = 0;
      for (const [id, v] of expectVersion) {
        const got = truth.cases.get(id)?.version;
        if (got !== v) versionMismatch++;
        if (got !== undefined && got > v) versionAhead++;
      }
      if (versionMismatch > 0) {
        problems.push(
          `${versionMismatch} cases not at the version their mutations make (${versionAhead} above it)`,
        );
      }
      // One event per applied mutation: none missing, none written twice.
      let eventMismatch = 0;
      let eventsDoubled = 0;
      for (const id of sent.keys()) {
        const n = truth.eventsByMutation.get(id) ?? 0;
        if (n !== 1) eventMismatch++;
        if (n > 1) eventsDoubled++;
      }
      if (eventMismatch > 0 || truth.eventsByMutation.size !== sentCount) {
        problems.push(
          `${eventMismatch} mutations without exactly one event, ${eventsDoubled} of them with more (${truth.cityEvents} events for ${sentCount} mutations)`,
        );
      }
      const neverAccepted = tally.unexpected
        .filter((u) => Array.isArray(u.lostBatch))
        .reduce((n, u) => n + (u.lostBatch as string[]).length, 0);
      if (neverAccepted > 0) {
        problems.push(
          `${neverAccepted} mutations never accepted: refused (503) until the day + 60 s was over`,
        );
      }
      // Each device holds exactly its unit's cases at their server versions.
      let deviceMismatch = 0;
      for (const o of officers) {
        const want = [...truth.cases].filter(([, c]) => c.town === o.unit);
        const same =
          want.length === o.known.size && want.every(([id, c]) => o.known.get(id) === c.version);
        if (!same) deviceMismatch++;
      }
      if (deviceMismatch > 0) {
        problems.push(`${deviceMismatch} devices do not hold their unit's cases as on the server`);
      }

      // Re-send a sample of applied batches: every 10th officer's second batch through the
      // other instance, every 25th officer's first batch from a second device of the same
      // officer. Each must be answered with its first answer, and nothing may change.
      const replayed0 = (await Promise.all(instances.map((i) => replayedCount(agent, i)))).reduce(
        (s, n) => s + n,
        0,
      );
      const resend = newTally();
      let resent = 0;
      let resentDiffer = 0;
      const replay = async (
        o: Officer,
        batch: Officer['outbox'],
        inst: ApiInstance,
        cid: string,
      ) => {
        const results = await pushBatch(
          agent,
          inst.url,
          o,
          cid,
          batch,
          resend,
          false,
          performance.now() + 60_000,
        );
        resent += batch.length;
        for (const m of batch) {
          const got = results?.find((r) => r.id === m.id);
          const first = sent.get(m.id)?.first;
          if (!got || !first || got.status !== first.status || got.version !== first.version) {
            resentDiffer++;
          }
        }
      };
      for (const o of officers) {
        if (o.n % 10 === 0 && o.appliedBatches[1]) {
          await replay(o, o.appliedBatches[1], instances[(o.instance + 1) % 2]!, o.clientId);
        }
        if (o.n % 25 === 0 && o.appliedBatches[0]) {
          await replay(o, o.appliedBatches[0], instances[o.instance]!, `${o.clientId}-second`);
        }
      }
      const replayed1 = (await Promise.all(instances.map((i) => replayedCount(agent, i)))).reduce(
        (s, n) => s + n,
        0,
      );
      const truthAfter = await readTruth(client);
      const unchanged =
        truthAfter.logRows === truth.logRows &&
        truthAfter.cityEvents === truth.cityEvents &&
        truthAfter.feedRows === truth.feedRows &&
        [...truth.cases].every(([id, c]) => truthAfter.cases.get(id)?.version === c.version) &&
        truthAfter.cases.size === truth.cases.size;
      if (resentDiffer > 0)
        problems.push(`${resentDiffer} of ${resent} re-sent mutations answered differently`);
      if (!unchanged) problems.push('re-sending applied mutations changed the server records');
      if (replayed1 - replayed0 !== resent) {
        problems.push(`/metrics counted ${replayed1 - replayed0} replays for ${resent} re-sent`);
      }
      if (tally.unexpected.length > 0 || tally.status5xx > 0) {
        problems.push(`${tally.unexpected.length} unexpected answers (see details.unexpected)`);
      }

      // Per officer-day: a full day's pulls (one every 30 s) at the calibrated CPU per pull,
      // plus the officer's mutations at what the day's CPU left after its own pulls.
      const pullsPerOfficerDay = DAY_SECONDS / PULL_EVERY_S;
      const perMutation = {
        api: Math.max(0, apiCpu - perPull.api * tally.pullRequests) / Math.max(1, tally.applied),
        postgres:
          Math.max(0, pgCpu - perPull.postgres * tally.pullRequests) / Math.max(1, tally.applied),
      };
      const mutationsPerOfficer = tally.applied / officersN;
      const officerDay = {
        api: pullsPerOfficerDay * perPull.api + mutationsPerOfficer * perMutation.api,
        postgres:
          pullsPerOfficerDay * perPull.postgres + mutationsPerOfficer * perMutation.postgres,
      };
      const pushP50 = percentile(tally.pushMs, 50);
      const pushP99 = percentile(tally.pushMs, 99);
      const pullP50 = percentile(tally.pullMs, 50);
      const pullP99 = percentile(tally.pullMs, 99);
      const rate = tally.applied / dayWallS;
      const exactlyOnce = problems.length === 0;
      Object.assign(details, {
        dayWallS: round(dayWallS, 1),
        mutationsSent: sentCount,
        creates,
        applied: tally.applied,
        mutationsPerS: round(rate, 1),
        pushes: { requests: tally.pushRequests, p50: round(pushP50, 1), p99: round(pushP99, 1) },
        pulls: {
          syncs: tally.pulls,
          requests: tally.pullRequests,
          p50: round(pullP50, 1),
          p99: round(pullP99, 1),
          changes: tally.pullChanges,
          perSecond: round(tally.pullRequests / dayWallS, 1),
          scheduledTicks: tally.scheduledTicks,
          skippedTicks: tally.skippedTicks,
          budgetSkipped: tally.budgetSkipped,
          /** How often a device actually pulled, in simulated seconds (30 if none skipped). */
          meanSimulatedIntervalS: round((DAY_SECONDS * officersN) / Math.max(1, tally.pulls), 1),
        },
        lateSimulatedS: {
          p50: round(percentile(tally.lateS, 50), 1),
          p99: round(percentile(tally.lateS, 99), 1),
        },
        poolWaitMs: {
          p50: round(percentile(tally.poolWaitMs, 50), 1),
          p99: round(percentile(tally.poolWaitMs, 99), 1),
        },
        status503: tally.status503,
        status5xx: tally.status5xx,
        networkErrors: tally.networkErrors,
        networkErrorSamples: tally.networkErrorSamples,
        otherStatus: tally.otherStatus,
        cpu: {
          apiSecondsPerProcess: cpu1.map((c, i) => round(c - cpu0[i]!, 2)),
          apiSeconds: round(apiCpu, 2),
          postgresSeconds: round(pgCpu, 2),
          postgresBackendsSeen: sampler.backends,
          measuredPerOfficer: {
            api: round(apiCpu / officersN, 4),
            postgres: round(pgCpu / officersN, 4),
          },
          msPerPull: {
            api: round(perPull.api * 1000, 3),
            postgres: round(perPull.postgres * 1000, 3),
          },
          msPerMutation: {
            api: round(perMutation.api * 1000, 3),
            postgres: round(perMutation.postgres * 1000, 3),
          },
          perOfficerDay: {
            pulls: pullsPerOfficerDay,
            mutations: round(mutationsPerOfficer, 1),
            api: round(officerDay.api, 3),
            postgres: round(officerDay.postgres, 3),
          },
          note: 'API: /proc/<pid>/stat utime+stime of both processes; PostgreSQL: the run database’s client backends, sampled every second. perOfficerDay = a full day of pulls at the calibrated CPU per pull + the officer’s mutations at the day’s CPU left after its pulls (503 answers included in the mutations’ share)',
        },
        verification: {
          logRows: truth.logRows,
          logDistinct: truth.logDistinct,
          logByStatus: truth.logByStatus,
          cityCases: cityCases.length,
          versionMismatch,
          versionAhead,
          neverAccepted,
          events: truth.cityEvents,
          eventMismatch,
          eventsDoubled,
          devicesChecked: officers.length,
          deviceMismatch,
          resent,
          resentDiffer,
          replaysCounted: replayed1 - replayed0,
          unchangedAfterResend: unchanged,
          problems,
        },
        unexpectedCount: tally.unexpected.length,
        unexpected: tally.unexpected.slice(0, 10),
      });
      const rows: Row[] = [
        {
          metric: `mutations applied per second (${officersN} officers, day in ${dayWallS.toFixed(0)} s)`,
          value: round(rate, 1),
          unit: '/s',
          baseline: null,
          ratio: null,
          target: 'report',
          met: true,
        },
        {
          metric: `push p99 (${tally.pushRequests} pushes; p50 ${pushP50.toFixed(0)} ms)`,
          value: round(pushP99, 1),
          unit: 'ms',
          baseline: null,
          ratio: null,
          target: '≤ 1,000 ms',
          met: pushP99 <= 1000,
        },
        {
          metric: `pull p99 (${tally.pullRequests} pulls; p50 ${pullP50.toFixed(0)} ms)`,
          value: round(pullP99, 1),
          unit: 'ms',
          baseline: null,
          ratio: null,
          target: 'report',
          met: true,
        },
        {
          metric: 'answers 503 (push admission)',
          value: tally.status503,
          unit: '',
          baseline: null,
          ratio: null,
          target: 'report',
          met: true,
        },
        {
          metric: `server CPU-s per officer-day (2 API processes; + PostgreSQL ${officerDay.postgres.toFixed(3)})`,
          value: round(officerDay.api, 3),
          unit: 's',
          baseline: null,
          ratio: null,
          target: 'report',
          met: true,
        },
        {
          metric: `every mutation applied exactly once (${sentCount} sent, ${resent} re-sent)`,
          value: problems.length,
          unit: 'problems',
          baseline: null,
          ratio: null,
          target: '0',
          met: exactlyOnce,
        },
      ];
      for (const p of problems) ctx.log(`  ✗ ${p}`);
      return { rows, details };
    } finally {
      await client?.end().catch(() => undefined);
      agent.destroy();
      await Promise.all(instances.map((i) => i.stop()));
      const serverMs = { push: [] as number[], pull: [] as number[] };
      for (const i of instances) {
        const warnings: string[] = [];
        try {
          await readLog(i.logFile, serverMs, warnings);
        } catch (err) {
          warnings.push(`log not read: ${String(err)}`);
        }
        // What the servers logged above info (errors, warnings) stays with the result.
        if (warnings.length > 0) {
          details[`${i.name}Warnings`] = { count: warnings.length, first: warnings.slice(0, 5) };
          ctx.log(
            `  ${i.name}: ${warnings.length} warning/error log lines, first: ${warnings[0]?.slice(0, 300)}`,
          );
        }
      }
      // The servers' own time per request (their access log): what the client adds on top
      // is queueing for a socket and the load generator's share of the cores.
      details.serverSideMs = {
        push200: {
          p50: round(percentile(serverMs.push, 50), 1),
          p99: round(percentile(serverMs.push, 99), 1),
        },
        pull200: {
          p50: round(percentile(serverMs.pull, 50), 1),
          p99: round(percentile(serverMs.pull, 99), 1),
        },
      };
      // BENCH_CITY_KEEP_LOGS=1 keeps the servers' logs (one JSON line per request) to study.
      if (process.env.BENCH_CITY_KEEP_LOGS === '1') ctx.log(`  server logs kept in ${dir}`);
      else fs.rmSync(dir, { recursive: true, force: true });
      await dropDatabase(base).catch((err: unknown) =>
        ctx.log(`  drop ${DB_NAME}: ${String(err)}`),
      );
    }
  },
};
