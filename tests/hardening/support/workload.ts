import type { PushResponse, PushResult } from '@anxin/shared';
import { sampleCaseArgs } from '../../../api/test-support';
import { sleep, uid } from './harness';
import { mediationArgs } from './samples';

/**
 * A device's queue of mutations whose correct end state is known in advance: each case is
 * created, then updated a known number of times (each update based on the version the
 * previous one produced), and gets one mediation record. If every mutation is applied
 * exactly once, case version = 1 + updates and the description is the last update's.
 */
export interface QueuedMutation {
  id: string;
  name: 'case.create' | 'case.update' | 'mediation.record';
  args: Record<string, unknown>;
  baseVersion?: number;
}

export interface PlannedCase {
  id: string;
  updates: number;
  lastDescription: string;
}

export class Workload {
  readonly queue: QueuedMutation[] = [];
  readonly cases: PlannedCase[] = [];
  private n = 0;

  constructor(
    readonly townId: string,
    readonly prefix: string,
    private readonly updatesPerCase: () => number,
  ) {}

  /** Appends one case's worth of mutations (create, updates, mediation). */
  addCase(): QueuedMutation[] {
    this.n++;
    const id = uid(`${this.prefix}c`);
    const updates = this.updatesPerCase();
    const added: QueuedMutation[] = [
      {
        id: uid(`${this.prefix}m`),
        name: 'case.create',
        args: sampleCaseArgs(id, this.townId, this.n) as unknown as Record<string, unknown>,
      },
    ];
    let lastDescription = '离职后工资未结清';
    for (let u = 1; u <= updates; u++) {
      lastDescription = `第${u}次核实：${id}`;
      added.push({
        id: uid(`${this.prefix}m`),
        name: 'case.update',
        args: { id, patch: { description: lastDescription, workersCount: u + 1 } },
        baseVersion: u,
      });
    }
    added.push({
      id: uid(`${this.prefix}m`),
      name: 'mediation.record',
      args: mediationArgs(uid(`${this.prefix}d`), id),
    });
    this.queue.push(...added);
    this.cases.push({ id, updates, lastDescription });
    return added;
  }
}

export interface PushStats {
  requests: number;
  networkErrors: number;
  retryAfter: number;
  statuses: Record<string, number>;
  latenciesMs: number[];
}

export function newPushStats(): PushStats {
  return { requests: 0, networkErrors: 0, retryAfter: 0, statuses: {}, latenciesMs: [] };
}

/**
 * Pushes one batch until the server answers it, re-sending the SAME mutation ids after any
 * network failure, 5xx or 429 (honouring Retry-After). Returns the results.
 */
export async function pushUntilAnswered(opts: {
  url: () => string;
  token: string;
  clientId: string;
  batch: readonly QueuedMutation[];
  stats: PushStats;
  fetchFn?: typeof fetch;
  retryDelayMs?: number;
  giveUpAfterMs?: number;
}): Promise<PushResult[]> {
  const f = opts.fetchFn ?? fetch;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    if (opts.giveUpAfterMs && Date.now() - started > opts.giveUpAfterMs) {
      throw new Error(
        `push of ${opts.batch.length} mutations not answered after ${opts.giveUpAfterMs} ms`,
      );
    }
    const t0 = Date.now();
    opts.stats.requests++;
    let res: Response;
    try {
      res = await f(`${opts.url()}/api/sync/push`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${opts.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ clientId: opts.clientId, mutations: opts.batch }),
      });
    } catch {
      opts.stats.networkErrors++;
      await sleep(opts.retryDelayMs ?? 20);
      continue;
    }
    const key = String(res.status);
    opts.stats.statuses[key] = (opts.stats.statuses[key] ?? 0) + 1;
    if (res.status === 200) {
      let body: PushResponse;
      try {
        body = (await res.json()) as PushResponse;
      } catch {
        // The answer was cut (server died mid-response): same as a lost answer.
        opts.stats.networkErrors++;
        continue;
      }
      opts.stats.latenciesMs.push(Date.now() - t0);
      return body.results;
    }
    const retryAfter = res.headers.get('Retry-After');
    await res.arrayBuffer().catch(() => undefined);
    if (res.status === 429 || res.status === 503) {
      if (retryAfter === null) throw new Error(`${res.status} without Retry-After`);
      opts.stats.retryAfter++;
      const seconds = Number(retryAfter);
      await sleep(Number.isFinite(seconds) ? Math.min(seconds * 1000, 5000) : 1000);
      continue;
    }
    if (res.status >= 500) {
      await sleep(opts.retryDelayMs ?? 20);
      continue;
    }
    throw new Error(`push answered ${res.status} (attempt ${attempt})`);
  }
}

export interface Verdict {
  mutations: number;
  cases: number;
  problems: string[];
}

/**
 * Checks the database against the planned workloads: every mutation logged once and
 * applied, no event doubled, every case at exactly 1 + updates with the last description,
 * one mediation per case, and case numbers unique.
 */
export async function verifyExactlyOnce(
  db: import('kysely').Kysely<import('../../../api/src/db/schema').Database>,
  workloads: readonly Workload[],
): Promise<Verdict> {
  const problems: string[] = [];
  const ids = workloads.flatMap((w) => w.queue.map((m) => m.id));
  const names = new Map(workloads.flatMap((w) => w.queue.map((m) => [m.id, m.name] as const)));
  const logged = new Map<string, number>();
  const statusOf = new Map<string, string>();
  const eventsOf = new Map<string, number>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    for (const r of await db
      .selectFrom('mutation_log')
      .select(['mutation_id', 'status'])
      .where('mutation_id', 'in', chunk)
      .execute()) {
      logged.set(r.mutation_id, (logged.get(r.mutation_id) ?? 0) + 1);
      statusOf.set(r.mutation_id, r.status);
    }
    for (const r of await db
      .selectFrom('case_events')
      .select(['mutation_id', db.fn.countAll<number>().as('n')])
      .where('mutation_id', 'in', chunk)
      .groupBy('mutation_id')
      .execute()) {
      eventsOf.set(r.mutation_id!, Number(r.n));
    }
  }
  // The same mutation name must always produce the same number of events: a doubled
  // application shows up as a mutation with twice as many.
  const perName = new Map<string, Set<number>>();
  for (const id of ids) {
    if (logged.get(id) !== 1) problems.push(`${id}: logged ${logged.get(id) ?? 0} times`);
    else if (statusOf.get(id) !== 'applied') problems.push(`${id}: ${statusOf.get(id)}`);
    const n = eventsOf.get(id) ?? 0;
    if (n === 0) problems.push(`${id} (${names.get(id)}): no case event`);
    const set = perName.get(names.get(id)!) ?? new Set<number>();
    set.add(n);
    perName.set(names.get(id)!, set);
  }
  for (const [name, counts] of perName) {
    if (counts.size > 1)
      problems.push(`${name}: events per mutation vary ${[...counts].join('/')}`);
  }
  const cases = workloads.flatMap((w) => w.cases);
  for (let i = 0; i < cases.length; i += 500) {
    const chunk = cases.slice(i, i + 500);
    const rows = await db
      .selectFrom('cases')
      .select(['id', 'version', 'description'])
      .where(
        'id',
        'in',
        chunk.map((c) => c.id),
      )
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const meds = await db
      .selectFrom('mediations')
      .select(['case_id', db.fn.countAll<number>().as('n')])
      .where(
        'case_id',
        'in',
        chunk.map((c) => c.id),
      )
      .groupBy('case_id')
      .execute();
    const medsOf = new Map(meds.map((m) => [m.case_id, Number(m.n)]));
    for (const c of chunk) {
      const row = byId.get(c.id);
      if (!row) {
        problems.push(`case ${c.id} missing`);
        continue;
      }
      if (row.version !== 1 + c.updates)
        problems.push(`case ${c.id}: version ${row.version}, expected ${1 + c.updates}`);
      if (row.description !== c.lastDescription)
        problems.push(`case ${c.id}: description ${row.description}`);
      if (medsOf.get(c.id) !== 1)
        problems.push(`case ${c.id}: ${medsOf.get(c.id) ?? 0} mediations`);
    }
  }
  const dup = await db
    .selectFrom('cases')
    .select(['case_no', db.fn.countAll<number>().as('n')])
    .groupBy('case_no')
    .having(db.fn.countAll(), '>', 1)
    .execute();
  for (const d of dup) problems.push(`caseNo ${d.case_no} used ${d.n} times`);
  return { mutations: ids.length, cases: cases.length, problems };
}
