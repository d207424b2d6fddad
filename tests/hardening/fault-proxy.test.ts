/// <reference lib="dom" />
import { afterAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../api/test-support';
import { createMemoryLock } from '../../web/src/sync/lock';
import { type Device, makeDevice, sampleCase, signIn } from '../../web/test-support';
import { type FaultProxy, startFaultProxy } from './support/fault-proxy';
import { byProfile, dialects, printFigures, seededRandom, sleep, uid } from './support/harness';
import { mediationArgs } from './support/samples';

/**
 * The real client sync engine (web/src/sync/engine.ts on fake-indexeddb) talks to the real
 * server over real HTTP through a proxy that drops requests, drops answers after the
 * server committed, delays, duplicates, and cuts bodies. Each device only edits cases it
 * created, so nothing may conflict: after the network heals, every mutation any device
 * queued must be applied exactly once and every device must hold the server's rows.
 */

const ROUNDS = Number(process.env.HARDENING_PROXY_ROUNDS ?? byProfile(25, 250));
const FAULT_RATE = 0.5;
const SEED = Number(process.env.HARDENING_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe.each(dialects())('sync engine through a fault-injecting proxy on %s', (dialect) => {
  let t: TestApi | null = null;
  let proxy: FaultProxy | null = null;
  const devices: Device[] = [];
  afterAll(async () => {
    for (const d of devices) {
      d.engine.stop();
      d.db.close();
      await d.db.delete();
    }
    await proxy?.close();
    await t?.close();
  });

  it(`${ROUNDS} rounds of local writes and faulty syncs: every mutation applied exactly once (seed ${SEED})`, async () => {
    console.log(
      `[hardening:proxy:${dialect}] HARDENING_SEED=${SEED} HARDENING_PROXY_ROUNDS=${ROUNDS}`,
    );
    const rnd = seededRandom(SEED);
    t = await startTestApi({ dialect, listen: true });
    const api = t;
    proxy = await startFaultProxy({ target: api.url!, random: rnd.next, faultRate: FAULT_RATE });
    const px = proxy;

    const who = [
      ['officer.choucheng', 'choucheng'],
      ['officer.choucheng', 'choucheng'],
      ['inspector.1', 'beiyuan'],
      ['office.1', 'jiangdong'],
    ] as const;
    const towns: string[] = [];
    const lock = createMemoryLock();
    for (const [i, [username, town]] of who.entries()) {
      const { user, token } = await signIn(api, username);
      devices.push(
        await makeDevice({
          name: `proxy-${dialect}-${i}`,
          fetch: (input, init) => fetch(input, init),
          baseUrl: px.url,
          user,
          token,
          // Each device is its own browser: its own lock namespace.
          lock: i === 0 ? lock : createMemoryLock(),
          random: rnd.next,
          pullPageSize: 25,
        }),
      );
      towns.push(town);
    }
    const own: string[][] = devices.map(() => []);
    let localWrites = 0;
    let syncs = 0;

    const writeSomething = async (di: number) => {
      const d = devices[di]!;
      const mine = own[di]!;
      const roll = rnd.int(0, 9);
      if (mine.length === 0 || roll < 3) {
        const id = await d.actions.createCase({
          ...sampleCase(towns[di]!, rnd.int(1, 9999)),
          id: uid('px'),
        });
        mine.push(id);
      } else if (roll < 8) {
        const id = mine[rnd.int(0, mine.length - 1)]!;
        await d.actions.updateCase(id, {
          description: `第${localWrites}次记录 ${uid('d')}`,
          workersCount: rnd.int(1, 50),
        });
      } else {
        const id = mine[rnd.int(0, mine.length - 1)]!;
        await d.actions.recordMediation(
          mediationArgs(uid('pxm'), id) as Parameters<Device['actions']['recordMediation']>[0],
        );
      }
      localWrites++;
    };

    for (let round = 0; round < ROUNDS; round++) {
      // Every device writes a little, then some of them sync at the same time.
      for (let di = 0; di < devices.length; di++) {
        const n = rnd.int(0, 3);
        for (let k = 0; k < n; k++) await writeSomething(di);
      }
      const syncing = devices.filter(() => rnd.int(0, 2) > 0);
      syncs += syncing.length;
      await Promise.all(syncing.map((d) => d.engine.syncNow().catch(() => undefined)));
    }

    // The network heals: sync until every outbox is empty.
    px.setFaultRate(0);
    for (let pass = 0; pass < 30; pass++) {
      for (const d of devices) await d.engine.syncNow().catch(() => undefined);
      syncs += devices.length;
      const pending = await Promise.all(devices.map((d) => d.db.outbox.count()));
      if (pending.every((p) => p === 0)) break;
      await sleep(50);
    }
    for (const d of devices) await d.engine.syncNow();

    const problems: string[] = [];
    for (const d of devices) {
      const pending = await d.db.outbox.count();
      const inbox = await d.db.conflicts.toArray();
      if (pending > 0) problems.push(`${d.name}: ${pending} mutations still queued`);
      if (inbox.length > 0)
        problems.push(
          `${d.name}: ${inbox.length} inbox items, e.g. ${JSON.stringify(inbox[0]).slice(0, 300)}`,
        );
      if (!d.engine.getStatus().allSynced) problems.push(`${d.name}: status not allSynced`);
    }

    // Server side: every mutation seen by the proxy is logged once, applied, and its events
    // were written once (the same mutation name always makes the same number of events).
    const ids = [...new Set(px.pushed.map((m) => m.id))];
    const nameOf = new Map(px.pushed.map((m) => [m.id, m.name]));
    const logged = new Map<string, { n: number; status: string }>();
    const events = new Map<string, number>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      for (const r of await api.db
        .selectFrom('mutation_log')
        .select(['mutation_id', 'status'])
        .where('mutation_id', 'in', chunk)
        .execute()) {
        const prev = logged.get(r.mutation_id);
        logged.set(r.mutation_id, { n: (prev?.n ?? 0) + 1, status: r.status });
      }
      for (const r of await api.db
        .selectFrom('case_events')
        .select(['mutation_id', api.db.fn.countAll<number>().as('n')])
        .where('mutation_id', 'in', chunk)
        .groupBy('mutation_id')
        .execute()) {
        events.set(r.mutation_id!, Number(r.n));
      }
    }
    const perName = new Map<string, Set<number>>();
    for (const id of ids) {
      const l = logged.get(id);
      if (l?.n !== 1 || l.status !== 'applied')
        problems.push(`${id} (${nameOf.get(id)}): ${JSON.stringify(l ?? 'never logged')}`);
      const set = perName.get(nameOf.get(id)!) ?? new Set<number>();
      set.add(events.get(id) ?? 0);
      perName.set(nameOf.get(id)!, set);
    }
    for (const [name, counts] of perName) {
      if (counts.size !== 1 || counts.has(0))
        problems.push(`${name}: events per mutation ${[...counts].join('/')}`);
    }
    // Every device holds exactly the server's version of the cases it made.
    for (const [di, d] of devices.entries()) {
      for (const id of own[di]!) {
        const local = await d.db.cases.get(id);
        const server = await api.db
          .selectFrom('cases')
          .select(['version', 'description'])
          .where('id', '=', id)
          .executeTakeFirst();
        if (!server) problems.push(`case ${id} never reached the server`);
        else if (
          !local ||
          local.version !== server.version ||
          local.description !== server.description
        ) {
          problems.push(
            `case ${id}: device v${local?.version} "${local?.description}" vs server v${server.version} "${server.description}"`,
          );
        }
      }
    }
    const faultsInjected = Object.entries(px.counts)
      .filter(([k]) => k !== 'none')
      .reduce((s, [, v]) => s + v, 0);
    printFigures(`proxy:${dialect}`, {
      seed: SEED,
      rounds: ROUNDS,
      devices: devices.length,
      localWrites,
      syncs,
      requests: Object.values(px.counts).reduce((a, b) => a + b, 0),
      faultsInjected,
      faults: px.counts,
      mutationsChecked: ids.length,
      casesChecked: own.flat().length,
      failures: problems.length,
    });
    expect(problems.slice(0, 20)).toEqual([]);
    expect(ids.length).toBe(localWrites);
    expect(faultsInjected).toBeGreaterThan(ROUNDS / 2);
  });
});
