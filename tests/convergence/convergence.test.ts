/// <reference lib="dom" />
import {
  allowedTransitions,
  type MutationName,
  type Role,
  type TransitionRule,
} from '@anxin/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feedWatermark } from '../../api/src/repositories/feed';
import {
  startTestApi,
  TEST_CASES,
  TEST_USERS,
  type TestApi,
  testDatabaseUrl,
} from '../../api/test-support';
import { stripLocal } from '../../web/src/data/apply';
import type { ConflictItem } from '../../web/src/data/types';
import { createMemoryLock } from '../../web/src/sync/lock';
import { type Device, deviceFor, type Fault, sampleCase } from '../../web/test-support';

/**
 * Convergence: several devices edit the same cases through bad networks, reloads and
 * offline spells; when all are back online and synced, every device holds exactly what the
 * server says it should, every mutation was applied once or waits in one inbox, and
 * nothing typed is lost. See README.md in this folder for how to replay a failure.
 */

const SEED = process.env.CONVERGENCE_SEED
  ? Number(process.env.CONVERGENCE_SEED)
  : Math.floor(Math.random() * 2 ** 31);
const RUNS = Number(process.env.CONVERGENCE_RUNS ?? 200);
const PATH = process.env.CONVERGENCE_PATH;

const USERS = [
  TEST_USERS.officerChoucheng.username,
  TEST_USERS.officerChoucheng.username,
  TEST_USERS.inspector.username,
  TEST_USERS.office.username,
  TEST_USERS.officerFotang.username,
] as const;

const SEEDED_CASES = [
  TEST_CASES.chouchengAssigned,
  TEST_CASES.chouchengOwn,
  TEST_CASES.fotangAssigned,
];

type SyncFault =
  | 'none'
  | 'drop_request'
  | 'drop_response'
  | 'duplicate'
  | 'server_error'
  | 'pull_cut';
type EditField = 'description' | 'workersCount' | 'needsAssistance' | 'employerName';

type Op =
  | { kind: 'edit'; dev: number; caseRef: number; field: EditField; value: number }
  | { kind: 'move'; dev: number; caseRef: number; pick: number }
  | { kind: 'desk'; dev: number; caseRef: number; pick: number }
  | { kind: 'create'; dev: number; n: number }
  | { kind: 'mediate'; dev: number; caseRef: number }
  | { kind: 'offline'; dev: number }
  | { kind: 'online'; dev: number }
  | { kind: 'sync'; dev: number; fault: SyncFault }
  | { kind: 'reload'; dev: number; midPush: boolean }
  | { kind: 'reapply'; dev: number; pick: number };

interface Scenario {
  users: number[];
  pageSize: number;
  ops: Op[];
}

const dev = fc.nat(4);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      dev,
      // Mostly the two shared choucheng cases, so devices really do collide on fields.
      caseRef: fc.oneof(fc.constantFrom(0, 1), fc.nat(6)),
      field: fc.constantFrom<EditField>(
        'description',
        'workersCount',
        'needsAssistance',
        'employerName',
      ),
      value: fc.nat(3),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('move' as const),
      dev,
      caseRef: fc.nat(6),
      pick: fc.nat(5),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('desk' as const),
      dev,
      caseRef: fc.nat(6),
      pick: fc.nat(5),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('create' as const), dev, n: fc.nat(99) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('mediate' as const), dev, caseRef: fc.nat(6) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('offline' as const), dev }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('online' as const), dev }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('sync' as const),
      dev,
      fault: fc.constantFrom<SyncFault>(
        'none',
        'none',
        'drop_request',
        'drop_response',
        'duplicate',
        'server_error',
        'pull_cut',
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('reload' as const), dev, midPush: fc.boolean() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('reapply' as const), dev, pick: fc.nat(3) }),
  },
);

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  // 3 to 5 devices; at least two of the first three users share the choucheng cases.
  users: fc.shuffledSubarray([0, 1, 2, 3, 4], { minLength: 3, maxLength: 5 }),
  pageSize: fc.constantFrom(2, 5, 500),
  ops: fc.array(opArb, { minLength: 4, maxLength: 24 }),
});

const FAULTS: Record<Exclude<SyncFault, 'none' | 'pull_cut'>, Fault> = {
  drop_request: { kind: 'offline' },
  drop_response: { kind: 'drop_response' },
  duplicate: { kind: 'duplicate' },
  server_error: { kind: 'status', status: 500 },
};

interface Sim {
  api: TestApi;
  devices: Device[];
  online: boolean[];
  cases: string[];
  /** Every mutation a device queued, with the args as typed. */
  made: Map<string, { device: number; name: MutationName; args: unknown }>;
  /** Mutations a person took out of the inbox by re-applying them (a new mutation carries them). */
  reapplied: Set<string>;
}

const DATA_ERRORS = new Set(['AnxinDataError']);

/** Totals over all runs, printed at the end so a green run shows what it exercised. */
function freshStats() {
  return {
    runs: 0,
    devices: 0,
    mutations: 0,
    applied: 0,
    inbox: { conflict: 0, rejected: 0, out_of_scope: 0 } as Record<string, number>,
    faults: 0,
    reloads: 0,
    offlineSpells: 0,
  };
}
let stats = freshStats();

/** Runs one local action; user-facing refusals (not on this device, move not allowed) are fine. */
async function act(sim: Sim, d: number, fn: () => Promise<unknown>): Promise<void> {
  const device = sim.devices[d]!;
  const before = new Set((await device.db.outbox.toArray()).map((m) => m.id));
  try {
    await fn();
  } catch (err) {
    if (!(err instanceof Error) || !DATA_ERRORS.has(err.name)) throw err;
  }
  for (const m of await device.db.outbox.toArray()) {
    if (!before.has(m.id)) sim.made.set(m.id, { device: d, name: m.name, args: m.args });
  }
}

function moveArgs(rule: TransitionRule) {
  return {
    to: rule.to,
    ...(rule.requires.includes('outcome') ? { outcome: 'paid_in_full' as const } : {}),
    ...(rule.requires.includes('recoveredFen') ? { recoveredFen: 100_000 } : {}),
    ...(rule.requires.includes('comment') ? { comment: '现场说明' } : {}),
    ...(rule.requires.includes('transferTarget') ? { transferTarget: 'arbitration' as const } : {}),
  };
}

async function runOp(sim: Sim, op: Op): Promise<void> {
  const d = op.dev % sim.devices.length;
  const device = sim.devices[d]!;
  const caseId = 'caseRef' in op ? sim.cases[op.caseRef % sim.cases.length]! : '';
  switch (op.kind) {
    case 'edit':
      return act(sim, d, async () => {
        const row = await device.db.cases.get(caseId);
        if (!row) return;
        const v = op.value;
        const patch =
          op.field === 'description'
            ? { description: `第${v}次记录：${device.name}` }
            : op.field === 'workersCount'
              ? { workersCount: Math.max(row.claimants.length, 1) + v }
              : op.field === 'needsAssistance'
                ? { needsAssistance: v % 2 === 0 }
                : { employer: { ...row.employer, name: `义乌市${v}号电子有限公司` } };
        await device.actions.updateCase(caseId, patch);
      });
    case 'move':
      return act(sim, d, async () => {
        const row = await device.db.cases.get(caseId);
        if (!row) return;
        const rules = allowedTransitions(device.user.role, row.status, 'case.transition');
        const rule = rules[op.pick % Math.max(rules.length, 1)];
        if (rule) await device.actions.transitionCase(caseId, moveArgs(rule));
      });
    case 'desk':
      return act(sim, d, async () => {
        const row = await device.db.cases.get(caseId);
        if (!row || !isDesk(device.user.role)) return;
        if (row.status === 'resolved' || row.status === 'transferred') {
          const ret = op.pick % 2 === 1 && row.status === 'resolved';
          await device.actions.reviewCase(
            ret
              ? { id: caseId, decision: 'return', comment: '材料不全，请补充' }
              : { id: caseId, decision: 'approve' },
          );
          return;
        }
        // Moving a case between towns takes it off the other officer's device (removal).
        const town = op.pick % 2 === 0 ? 'choucheng' : 'fotang';
        const officer =
          town === 'choucheng' ? TEST_USERS.officerChoucheng.id : TEST_USERS.officerFotang.id;
        await device.actions.assignCase({
          id: caseId,
          townId: town,
          assignedOfficerId: op.pick % 3 === 0 ? null : officer,
        });
      });
    case 'create':
      return act(sim, d, async () => {
        const town = device.user.townIds[0] ?? 'choucheng';
        const id = await device.actions.createCase(sampleCase(town, op.n));
        sim.cases.push(id);
      });
    case 'mediate':
      return act(sim, d, async () => {
        const row = await device.db.cases.get(caseId);
        if (!row) return;
        await device.actions.recordMediation({
          id: crypto.randomUUID(),
          caseId,
          heldAt: new Date().toISOString(),
          place: '企业会议室',
          attendees: [{ name: '张三', role: 'worker' }],
          facts: '拖欠一个月工资',
          terms: '当场支付',
          amountAgreedFen: 300_000,
          amountPaidOnSiteFen: 300_000,
          instalments: [],
          outcome: 'agreed',
          signatures: {},
          photoHashes: [],
        });
      });
    case 'reapply':
      return act(sim, d, async () => {
        const inbox = await device.db.conflicts.orderBy('createdAt').toArray();
        const item = inbox[op.pick % Math.max(inbox.length, 1)];
        if (!item) return;
        await device.actions.reapplyConflict(item.id);
        sim.reapplied.add(item.mutation.id);
      });
    case 'offline':
      if (sim.online[d]) stats.offlineSpells += 1;
      sim.online[d] = false;
      device.net.offline = true;
      return;
    case 'online':
      sim.online[d] = true;
      device.net.offline = false;
      return;
    case 'sync':
      if (op.fault !== 'none') stats.faults += 1;
      if (op.fault === 'pull_cut') {
        device.net.failNext(
          '/api/sync/pull',
          { kind: 'before', run: async () => {} },
          { kind: 'offline' },
        );
      } else if (op.fault !== 'none') {
        device.net.failNext('/api/sync/push', FAULTS[op.fault]);
      }
      await device.engine.syncNow();
      device.net.clearFaults();
      return;
    case 'reload':
      stats.reloads += 1;
      if (op.midPush) {
        // The page dies after the server committed the push but before the answer was
        // written: the new engine must re-send, and the server must answer from its record.
        device.net.failNext('/api/sync/push', { kind: 'drop_response' });
        await device.engine.syncNow();
        device.net.clearFaults();
      }
      device.reload();
      return;
  }
}

function isDesk(role: Role): boolean {
  return role === 'office' || role === 'admin';
}

async function settle(sim: Sim): Promise<void> {
  sim.devices.forEach((d, i) => {
    sim.online[i] = true;
    d.net.offline = false;
    d.net.clearFaults();
  });
  for (let round = 0; round < 8; round++) {
    for (const d of sim.devices) await d.engine.syncNow();
    const pending = await Promise.all(sim.devices.map((d) => d.db.outbox.count()));
    if (pending.every((n) => n === 0)) break;
  }
  await feedSettled(sim.api);
  // One more round: everyone pulls what the last pushes changed.
  for (const d of sim.devices) await d.engine.syncNow();
}

/**
 * On PostgreSQL the pull feed only hands out entries below the watermark (the oldest
 * transaction still running anywhere on the server, other tests' included), so a change
 * can be committed and still, for a moment, not be pullable. The devices are right to see
 * it later; the harness waits for it before the final round, so "converged" means
 * everything committed has been offered to everyone.
 */
async function feedSettled(api: TestApi): Promise<void> {
  if (api.dialect !== 'postgres') return;
  const max = await api.db
    .selectFrom('change_feed')
    .select((eb) => eb.fn.max('xid').as('x'))
    .executeTakeFirst();
  const top = Number(max?.x ?? 0);
  for (let i = 0; i < 1000; i++) {
    const w = await feedWatermark(api.db, 'postgres');
    if (w === null || w > top) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`feed watermark stuck below ${top}: a transaction stays open on the server`);
}

async function snapshot(device: Device) {
  const cases = (await device.db.cases.toArray())
    .map((c) => stripLocal(c))
    .sort((a, b) => a.id.localeCompare(b.id));
  const mediations = (await device.db.mediations.toArray())
    .map(({ pending: _p, ...m }) => m)
    .sort((a, b) => a.id.localeCompare(b.id));
  const events = (await device.db.events.toArray()).map((e) => e.id).sort();
  return { cases, mediations, events };
}

async function checkInvariants(sim: Sim): Promise<void> {
  // 1. Everyone is synced: nothing queued, last push and pull succeeded.
  for (const d of sim.devices) {
    expect(await d.db.outbox.count(), `${d.name} outbox`).toBe(0);
    const s = d.engine.getStatus();
    // "All synced" is said only with the inbox empty too (a returned change waits for a
    // person there); otherwise the last push and pull must still have gone through.
    const inbox = await d.db.conflicts.count();
    expect(s.lastError, `${d.name} last error`).toBeNull();
    expect(s.allSynced, `${d.name} allSynced with ${inbox} in the inbox`).toBe(inbox === 0);
    for (const c of await d.db.cases.toArray()) {
      expect(c.pendingCount).toBe(0);
      expect(c.base).toBeUndefined();
    }
  }

  // 2. Every device equals the server within its scope: a fresh device of the same user,
  //    pulling from zero, is the server's answer for that scope.
  for (const d of sim.devices) {
    const fresh = await deviceFor(sim.api, d.user.username, { name: `${d.name}-fresh` });
    await fresh.engine.syncNow();
    expect(fresh.engine.getStatus().allSynced).toBe(true);
    const [mine, truth] = await Promise.all([snapshot(d), snapshot(fresh)]);
    expect(mine.cases, `${d.name} cases`).toEqual(truth.cases);
    expect(mine.mediations, `${d.name} mediations`).toEqual(truth.mediations);
    expect(mine.events, `${d.name} events`).toEqual(truth.events);
    await fresh.db.delete();
  }

  // 3. Every mutation was applied exactly once, or sits in exactly one inbox with what was
  //    typed — unless a person re-applied it (then its successor is accounted for instead).
  const logRows = await sim.api.db
    .selectFrom('mutation_log')
    .select(['mutation_id', 'status'])
    .execute();
  const logged = new Map<string, string[]>();
  for (const r of logRows)
    logged.set(r.mutation_id, [...(logged.get(r.mutation_id) ?? []), r.status]);
  const inboxes = await Promise.all(sim.devices.map((d) => d.db.conflicts.toArray()));
  const inboxById = new Map<string, ConflictItem[]>();
  for (const item of inboxes.flat())
    inboxById.set(item.id, [...(inboxById.get(item.id) ?? []), item]);

  for (const [id, m] of sim.made) {
    const statuses = logged.get(id) ?? [];
    expect(statuses.length, `mutation ${m.name} ${id} logged at most once`).toBeLessThanOrEqual(1);
    const inInbox = inboxById.get(id) ?? [];
    if (sim.reapplied.has(id)) {
      expect(inInbox).toHaveLength(0);
      continue;
    }
    stats.mutations += 1;
    if (statuses[0] === 'applied') stats.applied += 1;
    for (const item of inInbox) stats.inbox[item.kind] = (stats.inbox[item.kind] ?? 0) + 1;
    if (statuses[0] === 'applied') {
      expect(inInbox, `applied ${m.name} ${id} must not also be in an inbox`).toHaveLength(0);
    } else {
      expect(
        inInbox,
        `${m.name} ${id} (${statuses[0] ?? 'never sent'}) in exactly one inbox`,
      ).toHaveLength(1);
      expect(inInbox[0]!.mutation.args, `${m.name} ${id}: what was typed`).toEqual(m.args);
    }
  }

  // 4. Nothing applied twice: one application writes one event per mutation and case.
  const events = await sim.api.db
    .selectFrom('case_events')
    .select(['mutation_id', 'case_id', 'name'])
    .where('mutation_id', 'is not', null)
    .execute();
  const seen = new Set<string>();
  for (const e of events) {
    const key = `${e.mutation_id}|${e.case_id}|${e.name}`;
    expect(seen.has(key), `event applied twice: ${key}`).toBe(false);
    seen.add(key);
  }
}

async function runScenario(dialect: 'sqlite' | 'postgres', sc: Scenario): Promise<void> {
  // No server-side wait for the PG watermark: other suites share the PostgreSQL server, and
  // the harness waits for the watermark itself before the final round (feedSettled).
  const api = await startTestApi({ dialect, config: { pullWaitMs: 0 } });
  const devices: Device[] = [];
  try {
    for (const [i, u] of sc.users.entries()) {
      const username = USERS[u]!;
      devices.push(
        await deviceFor(api, username, {
          name: `d${i}-${username}`,
          lock: createMemoryLock(),
          pullPageSize: sc.pageSize,
        }),
      );
    }
    const sim: Sim = {
      api,
      devices,
      online: devices.map(() => true),
      cases: [...SEEDED_CASES],
      made: new Map(),
      reapplied: new Set(),
    };
    // Everyone starts from the server's data, as after a first sync at the office.
    for (const d of devices) await d.engine.syncNow();
    for (const op of sc.ops) await runOp(sim, op);
    await settle(sim);
    await checkInvariants(sim);
    stats.runs += 1;
    stats.devices += devices.length;
  } finally {
    for (const d of devices) {
      d.engine.stop();
      await d.db.delete();
    }
    await api.close();
  }
}

const only = process.env.CONVERGENCE_DB;
const dialects = (['sqlite', 'postgres'] as const).filter(
  (d) => (d === 'sqlite' || testDatabaseUrl() !== null) && (only === undefined || only === d),
);
if (process.env.CI === 'true' && !testDatabaseUrl()) {
  throw new Error(
    'CI=true needs TEST_DATABASE_URL: the convergence suite must run on PostgreSQL too',
  );
}

const SCENARIO = process.env.CONVERGENCE_SCENARIO;

describe.each(dialects)('convergence on %s', (dialect) => {
  if (SCENARIO) {
    // Replays one printed counterexample as is (no generation, no shrinking).
    it('replays CONVERGENCE_SCENARIO', async () => {
      const parsed = JSON.parse(SCENARIO) as Scenario | [Scenario];
      await runScenario(dialect, Array.isArray(parsed) ? parsed[0] : parsed);
    });
    return;
  }

  it(`${RUNS} random multi-device histories converge (seed ${SEED})`, async () => {
    // Printed first so any failure, even a crash, can be replayed exactly.
    console.log(`[convergence:${dialect}] CONVERGENCE_SEED=${SEED} CONVERGENCE_RUNS=${RUNS}`);
    stats = freshStats();
    const params: fc.Parameters<[Scenario]> = { seed: SEED, numRuns: RUNS, endOnFailure: false };
    if (PATH) params.path = PATH;
    await fc.assert(
      fc.asyncProperty(scenarioArb, (sc) => runScenario(dialect, sc)),
      params,
    );
    console.log(`[convergence:${dialect}] ${JSON.stringify(stats)}`);
    // ~1½–2 min per database on an idle 2-core machine; generous headroom for a loaded
    // shared one (CREATE DATABASE per run is what slows down first on PostgreSQL).
  }, 1_200_000);
});
