import type { PullResponse, PushResponse, PushResult } from '@anxin/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleCaseArgs } from '../../api/test-support';
import {
  byProfile,
  postgresRequired,
  printFigures,
  seededRandom,
  sleep,
  uid,
} from './support/harness';
import {
  disposeServerBundle,
  freePort,
  killServer,
  prepareDatabase,
  type ServerProcess,
  startServer,
} from './support/processes';

/**
 * Two API processes on ONE PostgreSQL database, as behind a load balancer. Several devices
 * push edits to the same few cases through whichever instance answers, while a puller
 * pulls continuously from both. No update may be lost (each applied update got its own
 * version; final version = 1 + applied), and the puller — whose cursor crosses instances —
 * must end with every change: every event and every case's final version.
 */

const WRITES = Number(process.env.HARDENING_SCALE_WRITES ?? byProfile(300, 2000));
const SEED = Number(process.env.HARDENING_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CASES = 5;
/** Every write sets a value never used before, so every applied update is a real change. */
const FIELDS = ['description', 'workersCount'] as const;

async function login(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'anxin-demo' }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

async function push(
  url: string,
  token: string,
  clientId: string,
  mutations: unknown[],
): Promise<PushResult[]> {
  const res = await fetch(`${url}/api/sync/push`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ clientId, mutations }),
  });
  if (res.status !== 200) throw new Error(`push via ${url}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as PushResponse).results;
}

describe.runIf(postgresRequired())('scale-out: two API processes on one PostgreSQL', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    disposeServerBundle();
  });

  it(`${WRITES} concurrent edits of ${CASES} cases through two instances: no lost update, no skipped change (seed ${SEED})`, async () => {
    const { int } = seededRandom(SEED);
    const db = await prepareDatabase('postgres', 'anxin-scale');
    cleanups.push(db.cleanup);
    const servers: ServerProcess[] = [];
    for (let i = 0; i < 2; i++) {
      const s = await startServer({ port: await freePort(), env: db.env });
      servers.push(s);
      cleanups.push(() => killServer(s));
    }
    const pick = () => servers[int(0, 1)]!.url;

    // The shared cases, made by the office through instance A.
    const office = await login(servers[0]!.url, 'office.1');
    const caseIds = Array.from({ length: CASES }, () => uid('so'));
    const created = await push(
      servers[0]!.url,
      office,
      'scale-office-setup',
      caseIds.map((id, i) => ({
        id: uid('som'),
        name: 'case.create',
        args: sampleCaseArgs(id, 'choucheng', i),
      })),
    );
    expect(created.map((r) => r.status)).toEqual(caseIds.map(() => 'applied'));

    const writers = [
      { username: 'officer.choucheng', clientId: 'scale-phone-a' },
      { username: 'officer.choucheng', clientId: 'scale-phone-b' },
      { username: 'inspector.1', clientId: 'scale-inspector' },
      { username: 'office.1', clientId: 'scale-desk' },
    ];
    const tokens = await Promise.all(writers.map((w) => login(pick(), w.username)));
    const appliedVersions = new Map<string, number[]>(caseIds.map((id) => [id, []]));
    /** case:version → the mutations whose answer claimed that version (more than one = lost update). */
    const claimedBy = new Map<string, string[]>();
    let conflicts = 0;
    let writesDone = 0;
    let writing = true;

    // The puller: office sees every town; pulls in small pages from either instance.
    const pullToken = await login(servers[1]!.url, 'office.1');
    const seenEvents = new Set<string>();
    const lastVersion = new Map<string, number>();
    let regressions = 0;
    let pulls = 0;
    let cursor = '';
    const pullOnce = async () => {
      for (;;) {
        const res = await fetch(
          `${pick()}/api/sync/pull?limit=${int(5, 50)}${cursor ? `&cursor=${cursor}` : ''}`,
          {
            headers: { Authorization: `Bearer ${pullToken}` },
          },
        );
        expect(res.status).toBe(200);
        const page = (await res.json()) as PullResponse;
        pulls++;
        for (const ch of page.changes) {
          if (ch.entity === 'event') seenEvents.add(ch.id);
          if (ch.entity === 'case') {
            if ((lastVersion.get(ch.id) ?? 0) > ch.version) regressions++;
            lastVersion.set(ch.id, ch.version);
          }
        }
        cursor = page.cursor;
        if (!page.hasMore) return;
      }
    };
    const puller = (async () => {
      while (writing) {
        await pullOnce();
        await sleep(int(0, 20));
      }
    })();

    await Promise.all(
      writers.map(async (w, wi) => {
        const known = new Map<string, number>(caseIds.map((id) => [id, 1]));
        while (writesDone < WRITES) {
          writesDone++;
          const id = caseIds[int(0, CASES - 1)]!;
          const field = FIELDS[int(0, FIELDS.length - 1)]!;
          const value =
            field === 'description' ? `写者${wi}第${writesDone}次：${uid('v')}` : writesDone + 1;
          const mutationId = uid('sw');
          const via = pick();
          const [r] = await push(via, tokens[wi]!, w.clientId, [
            {
              id: mutationId,
              name: 'case.update',
              args: { id, patch: { [field]: value } },
              baseVersion: known.get(id)!,
            },
          ]);
          if (r!.status === 'applied') {
            appliedVersions.get(id)!.push(r!.version!);
            const key = `${id}:v${r!.version}`;
            claimedBy.set(key, [
              ...(claimedBy.get(key) ?? []),
              `${mutationId} (${w.clientId} via ${via === servers[0]!.url ? 'A' : 'B'}, base ${known.get(id)}, ${field})`,
            ]);
            known.set(id, r!.version!);
          } else if (r!.status === 'conflict') {
            conflicts++;
            known.set(id, r!.version!);
          } else {
            throw new Error(`unexpected result ${JSON.stringify(r)}`);
          }
        }
      }),
    );
    writing = false;
    await puller;
    await pullOnce();

    // No lost update: every applied update got its own version, and the row's version is
    // exactly 1 (the create) + the number of applied updates.
    const conn = db.open();
    cleanups.push(() => conn.close());
    const rows = await conn.db
      .selectFrom('cases')
      .select(['id', 'version'])
      .where('id', 'in', caseIds)
      .execute();
    const problems: string[] = [];
    let applied = 0;
    for (const row of rows) {
      const versions = appliedVersions.get(row.id)!.sort((a, b) => a - b);
      applied += versions.length;
      const expected = Array.from({ length: versions.length }, (_, i) => i + 2);
      if (JSON.stringify(versions) !== JSON.stringify(expected))
        problems.push(`${row.id}: applied versions ${versions.join(',')}`);
      if (row.version !== 1 + versions.length)
        problems.push(`${row.id}: version ${row.version}, applied updates ${versions.length}`);
      if (lastVersion.get(row.id) !== row.version)
        problems.push(
          `${row.id}: puller ended at v${lastVersion.get(row.id)}, server v${row.version}`,
        );
    }
    // Cursors skip nothing: the puller saw every event of these cases.
    const events = await conn.db
      .selectFrom('case_events')
      .select('id')
      .where('case_id', 'in', caseIds)
      .execute();
    const missed = events.filter((e) => !seenEvents.has(e.id));
    if (missed.length > 0)
      problems.push(`puller missed ${missed.length} of ${events.length} events`);
    // Every applied update wrote exactly one event (an applied no-op would write none).
    const appliedIds = [...claimedBy.values()].flat().map((d) => d.split(' ')[0]!);
    const evRows = await conn.db
      .selectFrom('case_events')
      .select(['mutation_id', 'changes'])
      .where('mutation_id', 'in', appliedIds)
      .execute();
    const evBy = new Map<string, string[]>();
    for (const e of evRows)
      evBy.set(e.mutation_id!, [...(evBy.get(e.mutation_id!) ?? []), e.changes]);
    for (const id of appliedIds) {
      if ((evBy.get(id)?.length ?? 0) !== 1)
        problems.push(`${id}: applied with ${evBy.get(id)?.length ?? 0} events`);
    }
    for (const [key, by] of claimedBy) {
      if (by.length > 1) {
        const detail = by.map(
          (d) => `${d} events=${JSON.stringify(evBy.get(d.split(' ')[0]!) ?? [])}`,
        );
        problems.push(`${key} claimed by ${detail.join(' and ')}`);
      }
    }
    if (regressions > 0)
      problems.push(`puller saw a case version go backwards ${regressions} times`);

    printFigures('scale-out:postgres', {
      seed: SEED,
      instances: servers.length,
      writes: writesDone,
      applied,
      conflicts,
      eventsChecked: events.length,
      pulls,
      failures: problems.length,
    });
    expect(problems).toEqual([]);
    expect(applied + conflicts).toBe(writesDone);
  });
});
