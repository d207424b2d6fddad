import {
  type ApiError,
  type Case,
  type CaseEvent,
  eventNotes,
  NOTE_FIELD,
  PROTOCOL_HEADER,
  PROTOCOL_WITH_SLIM_CREATION,
  type PullResponse,
} from '@anxin/shared';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { appendFeed } from '../src/repositories/feed';
import { renewFeedEpoch } from '../src/repositories/feed-epoch';
import { setUserUnits } from '../src/repositories/users';
import { decodeCursor } from '../src/services/sync/pull';
import { sampleCaseArgs, startTestApi, TEST_CASES, TEST_USERS } from '../test-support';
import {
  forEachDialect,
  jsonOf,
  pullAll,
  pushAs,
  pushOne,
  replay,
  useTestApi,
} from '../test-support/suite';

forEachDialect('pull: scoped feed', (dialect) => {
  const get = useTestApi(dialect);

  it('pages through everything with a small limit and ends where one big page ends', async () => {
    const office = await get().login('office.1');
    await pushAs(
      get(),
      office,
      Array.from({ length: 7 }, (_, i) => ({
        name: 'case.create',
        args: sampleCaseArgs(`page-case-${i}0`, 'suxi', i),
      })),
    );
    const small = await pullAll(get(), office, '', 3);
    const big = await pullAll(get(), office, '', 2000);
    expect(small.pages).toBeGreaterThan(3);
    expect(big.pages).toBe(1);
    expect(replay(small.changes)).toEqual(replay(big.changes));
    expect(small.cursor).toBe(big.cursor);
    // Nothing new: same cursor back, no changes, hasMore false.
    const again = (await (
      await get().api(office, 'GET', `/api/sync/pull?cursor=${big.cursor}`)
    ).json()) as PullResponse;
    expect(again).toMatchObject({ changes: [], cursor: big.cursor, hasMore: false });
  });

  it('with total=1 says how many changes remain after the page, so a device can show n of m', async () => {
    const office = await get().login('office.1');
    const whole = await pullAll(get(), office, '', 2000);
    const first = (await (
      await get().api(office, 'GET', '/api/sync/pull?limit=3&total=1')
    ).json()) as PullResponse;
    expect(first.hasMore).toBe(true);
    // The feed entries after the page (one count), scaled by the page's changes per entry
    // (api/test/pull-remaining.test.ts checks the scaling).
    const feed = await get().db.selectFrom('change_feed').select('seq').execute();
    const perEntry = Math.min(1, first.changes.length / 3);
    expect(first.remaining).toBe(Math.round((feed.length - 3) * perEntry));
    const rest = (await (
      await get().api(office, 'GET', `/api/sync/pull?cursor=${whole.cursor}&total=1`)
    ).json()) as PullResponse;
    expect(rest).toMatchObject({ hasMore: false, remaining: 0 });
    // Not asked, not counted.
    const plain = (await (
      await get().api(office, 'GET', '/api/sync/pull?limit=3')
    ).json()) as PullResponse;
    expect(plain.remaining).toBeUndefined();
    expect((await get().api(office, 'GET', '/api/sync/pull?total=yes')).status).toBe(400);
  });

  it('delivers only what changed since the cursor, with the current row and version', async () => {
    const officer = await get().login('officer.choucheng');
    const first = await pullAll(get(), officer);
    await pushOne(get(), officer, {
      name: 'case.update',
      args: { id: TEST_CASES.chouchengOwn, patch: { description: '新描述' } },
      baseVersion: 1,
    });
    const next = await pullAll(get(), officer, first.cursor);
    const caseChanges = next.changes.filter((c) => c.entity === 'case');
    expect(caseChanges).toHaveLength(1);
    expect(caseChanges[0]).toMatchObject({ id: TEST_CASES.chouchengOwn, op: 'put', version: 2 });
    expect((caseChanges[0]!.data as Case).description).toBe('新描述');
    const events = next.changes.filter((c) => c.entity === 'event');
    expect(events).toHaveLength(1);
    expect(
      (events[0]!.data as { changes: Array<{ field: string; from: unknown; to: unknown }> })
        .changes,
    ).toEqual([{ field: 'description', from: '离职后工资未结清', to: '新描述' }]);
    // The case comes before its event in the page.
    expect(next.changes.findIndex((c) => c.entity === 'case')).toBeLessThan(
      next.changes.findIndex((c) => c.entity === 'event'),
    );
  });

  it('removes a case and everything under it when it is reassigned out of the scope, and puts it where it went', async () => {
    const officer = await get().login('officer.choucheng');
    const fotang = await get().login('officer.fotang');
    const inspector = await get().login('inspector.1');
    const office = await get().login('office.1');
    await pushOne(get(), officer, {
      name: 'mediation.record',
      args: {
        id: 'mediation-move-1',
        caseId: TEST_CASES.chouchengOwn,
        heldAt: '2026-11-20T03:00:00Z',
        place: '企业',
        attendees: [{ name: '甲', role: 'worker' }],
        facts: '',
        terms: '',
        amountAgreedFen: 0,
        amountPaidOnSiteFen: 0,
        instalments: [],
        outcome: 'failed',
        signatures: {},
        photoHashes: [],
      },
    });
    const cursors = {
      officer: (await pullAll(get(), officer)).cursor,
      fotang: (await pullAll(get(), fotang)).cursor,
      inspector: (await pullAll(get(), inspector)).cursor,
    };
    const officerBefore = replay((await pullAll(get(), officer)).changes);
    expect(officerBefore.has('mediation:mediation-move-1')).toBe(true);

    expect(
      (
        await pushOne(get(), office, {
          name: 'case.assign',
          args: {
            id: TEST_CASES.chouchengOwn,
            townId: 'fotang',
            assignedOfficerId: TEST_USERS.officerFotang.id,
          },
          baseVersion: 2,
        })
      ).status,
    ).toBe('applied');

    const officerNext = await pullAll(get(), officer, cursors.officer);
    const removed = officerNext.changes
      .filter((c) => c.op === 'remove')
      .map((c) => `${c.entity}:${c.id}`);
    expect(removed).toContain(`case:${TEST_CASES.chouchengOwn}`);
    expect(removed).toContain('mediation:mediation-move-1');
    const ownEvents = [...officerBefore.entries()].filter(
      ([k, v]) =>
        k.startsWith('event:') && (v as { caseId: string }).caseId === TEST_CASES.chouchengOwn,
    );
    expect(ownEvents.length).toBeGreaterThan(0);
    for (const [k] of ownEvents) expect(removed).toContain(k);
    expect(
      officerNext.changes.some(
        (c) =>
          c.op === 'put' &&
          (c.entity === 'case' ? c.id : (c.data as { caseId: string }).caseId) ===
            TEST_CASES.chouchengOwn,
      ),
    ).toBe(false);

    // The new town's officer receives the case and its history.
    const fotangNext = replay((await pullAll(get(), fotang, cursors.fotang)).changes);
    expect((fotangNext.get(`case:${TEST_CASES.chouchengOwn}`) as Case).townId).toBe('fotang');
    expect(fotangNext.has('mediation:mediation-move-1')).toBe(true);
    // The inspector sees both towns: the case stays (put), never removed.
    const insp = await pullAll(get(), inspector, cursors.inspector);
    expect(insp.changes.filter((c) => c.id === TEST_CASES.chouchengOwn).map((c) => c.op)).toEqual([
      'put',
    ]);
    // A fresh device of the old officer never sees it at all.
    const fresh = replay((await pullAll(get(), officer)).changes);
    expect(fresh.has(`case:${TEST_CASES.chouchengOwn}`)).toBe(false);
    expect(fresh.has('mediation:mediation-move-1')).toBe(false);
  });

  it('when an officer is moved to another town, drops the old town and sends the new one', async () => {
    const officer = await get().login('officer.choucheng');
    const before = await pullAll(get(), officer);
    const held = replay(before.changes);
    expect(held.has(`case:${TEST_CASES.chouchengOwn}`)).toBe(true);
    // An admin moves the officer from choucheng to fotang; the session stays valid.
    await setUserUnits(get().db, TEST_USERS.officerChoucheng.id, ['fotang']);
    const after = await pullAll(get(), officer, before.cursor);
    const state = new Map(held);
    for (const ch of after.changes) {
      const key = `${ch.entity}:${ch.id}`;
      if (ch.op === 'remove') state.delete(key);
      else state.set(key, ch.data);
    }
    const caseIds = [...state.keys()].filter((k) => k.startsWith('case:')).map((k) => k.slice(5));
    expect(caseIds).toEqual([TEST_CASES.fotangAssigned]);
    for (const [k, v] of state) {
      if (k.startsWith('event:'))
        expect((v as { caseId: string }).caseId).toBe(TEST_CASES.fotangAssigned);
    }
    expect(get().logs.some((l) => l.event === 'pull.scopeChanged')).toBe(true);
    // Settled: the next pull brings nothing more.
    const again = await pullAll(get(), officer, after.cursor);
    expect(again.changes).toEqual([]);
  });

  it('rejects a malformed cursor or limit with 400', async () => {
    const officer = await get().login('officer.choucheng');
    for (const q of ['cursor=garbage', 'limit=0', 'limit=abc', 'limit=100000']) {
      const res = await get().api(officer, 'GET', `/api/sync/pull?${q}`);
      expect(res.status, q).toBe(400);
      expect((await jsonOf<ApiError>(res)).error.code).toBe('invalid');
    }
  });

  it('after a restore renews the feed, refuses every cursor from before it and serves the feed from the start', async () => {
    // Its own server: renewing the feed epoch is what scripts/restore.ts does to a database.
    const t = await startTestApi({ dialect });
    try {
      const officer = await t.login('officer.choucheng');
      const first = await pullAll(t, officer);
      const position = decodeCursor(first.cursor);
      if (position === null || position === 'invalid') throw new Error('no cursor');
      const legacy = `v1.${position.xid}.${position.seq}`;
      // Before any restore, a cursor from before the epoch existed still reads the same feed.
      expect((await pullAll(t, officer, legacy)).changes).toEqual([]);

      await renewFeedEpoch(t.db, new Date().toISOString());
      for (const stale of [first.cursor, legacy]) {
        const res = await t.api(officer, 'GET', `/api/sync/pull?cursor=${stale}`);
        expect(res.status, stale).toBe(400);
        const body = await jsonOf<ApiError>(res);
        expect(body.error.code).toBe('invalid');
        expect(body.error.fields?.cursor).toMatch(/恢复/);
      }
      const fresh = await pullAll(t, officer);
      expect(replay(fresh.changes)).toEqual(replay(first.changes));
      expect(fresh.cursor).not.toBe(first.cursor);
      expect((await pullAll(t, officer, fresh.cursor)).changes).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('masks ID numbers but keeps mobiles for officers; masks both for admin', async () => {
    const officer = replay((await pullAll(get(), await get().login('officer.choucheng'))).changes);
    const c = officer.get(`case:${TEST_CASES.chouchengOwn}`) as Case;
    expect(c.claimants[0]!.mobile).toBe('13800138000');
    expect(c.claimants[0]!.idNumber).toBe('110101********0011');
    const admin = replay((await pullAll(get(), await get().login('admin'))).changes);
    const a = admin.get(`case:${TEST_CASES.chouchengOwn}`) as Case;
    expect(a.claimants[0]!.mobile).toBe('138****8000');
    for (const [k, v] of officer) {
      if (k.startsWith('event:')) expect(JSON.stringify(v)).not.toContain('110101199003070011');
    }
  });

  it('a device of protocol 6 gets a creation event with its notes only; older clients and the audit trail get it whole', async () => {
    const office = await get().login('office.1');
    await pushOne(get(), office, {
      name: 'case.create',
      args: { ...sampleCaseArgs('slim-create-1', 'suxi', 3), receivedAt: '1900-01-01T00:00:00Z' },
    });
    await pushOne(get(), office, {
      name: 'case.update',
      args: { id: 'slim-create-1', patch: { description: '补充：老板已承认拖欠' } },
      baseVersion: 1,
    });
    const pulled = async (protocol: string | null) => {
      const res = await get().fetch('/api/sync/pull?limit=2000', {
        headers: {
          Authorization: `Bearer ${office}`,
          ...(protocol === null ? {} : { [PROTOCOL_HEADER]: protocol }),
        },
      });
      const page = (await res.json()) as PullResponse;
      const events = page.changes
        .filter((ch) => ch.entity === 'event' && ch.op === 'put')
        .map((ch) => ch.data as CaseEvent)
        .filter((e) => e.caseId === 'slim-create-1');
      return {
        created: events.find((e) => e.name === 'case.create')!,
        edit: events.find((e) => e.name === 'case.update')!,
        row: page.changes.find((ch) => ch.entity === 'case' && ch.id === 'slim-create-1'),
      };
    };
    const slim = await pulled(String(PROTOCOL_WITH_SLIM_CREATION));
    // Only the note: the case row of the same page has the values.
    expect(slim.created.changes.map((ch) => ch.field)).toEqual([NOTE_FIELD]);
    expect(eventNotes(slim.created.changes)[0]?.key).toBe('note.timeBeforeContact');
    expect(slim.row?.data).toMatchObject({
      id: 'slim-create-1',
      description: '补充：老板已承认拖欠',
    });
    // An edit keeps what it changed, both sides.
    expect(slim.edit.changes).toEqual([
      expect.objectContaining({ field: 'description', to: '补充：老板已承认拖欠' }),
    ]);
    const stored = await jsonOf<{ events: CaseEvent[] }>(
      await get().api(office, 'GET', '/api/cases/slim-create-1/events'),
    );
    const whole = stored.events.find((e) => e.name === 'case.create')!;
    expect(whole.changes.map((ch) => ch.field)).toContain('claimants');
    expect(whole.changes.length).toBeGreaterThan(5);
    // A client of protocol 5, or one that says none, gets it as stored (masked as before).
    for (const older of ['5', null]) {
      const full = await pulled(older);
      expect(full.created.changes.map((ch) => ch.field)).toEqual(
        whole.changes.map((ch) => ch.field),
      );
    }
    // Fewer bytes for the same case: the point of it.
    expect(JSON.stringify(slim.created).length).toBeLessThan(
      JSON.stringify((await pulled('5')).created).length / 3,
    );
  });
});

const pgUrl = process.env.TEST_DATABASE_URL;
describe.runIf(Boolean(pgUrl) || process.env.CI === 'true')('pull watermark [postgres]', () => {
  it('never moves the cursor past a change whose transaction is still open', async () => {
    const t = await startTestApi({ dialect: 'postgres' });
    let releaseA: () => void = () => {};
    // The watermark is cluster-wide: other work on this PostgreSQL server can delay (never
    // drop) delivery, so "arrives" is awaited, while "is not handed out early" is asserted.
    const settle = async (cursor: string, expectIds: string[]) => {
      const got = new Set<string>();
      let c = cursor;
      for (let i = 0; i < 30 && expectIds.some((id) => !got.has(id)); i++) {
        const page = await pullAll(t, office, c);
        for (const ch of page.changes) got.add(ch.id);
        c = page.cursor;
      }
      return { got, cursor: c };
    };
    let office = '';
    try {
      office = await t.login('office.1');
      // Deliver everything written so far: the cursor must reach the last feed entry.
      const lastRow = await sql<{ seq: number }>`select max(seq) as seq from change_feed`.execute(
        t.db,
      );
      const lastSeq = Number(lastRow.rows[0]!.seq);
      let base = { cursor: '' };
      for (let i = 0; i < 30; i++) {
        base = await pullAll(t, office, base.cursor);
        const pos = decodeCursor(base.cursor);
        if (pos !== null && pos !== 'invalid' && pos.seq === lastSeq) break;
      }
      const aMayCommit = new Promise<void>((r) => {
        releaseA = r;
      });
      let aWrote!: () => void;
      const aHasWritten = new Promise<void>((r) => {
        aWrote = r;
      });
      // Transaction A starts first and writes a feed entry (taking its xid and a lower seq)…
      const a = t.db.transaction().execute(async (trx) => {
        await appendFeed(trx, {
          entity: 'case',
          entityId: TEST_CASES.beiyuanReceived,
          caseId: TEST_CASES.beiyuanReceived,
          townId: 'beiyuan',
          op: 'put',
          at: new Date().toISOString(),
        });
        aWrote();
        await aMayCommit;
      });
      await aHasWritten;
      // No waiting from here on: A stays open on purpose, and every pull on the server is
      // held behind it until it ends.
      t.deps.config.pullWaitMs = 0;
      // …transaction B starts later, writes and commits first.
      await t.db.transaction().execute(async (trx) => {
        await appendFeed(trx, {
          entity: 'case',
          entityId: TEST_CASES.jiangdongReceived,
          caseId: TEST_CASES.jiangdongReceived,
          townId: 'jiangdong',
          op: 'put',
          at: new Date().toISOString(),
        });
      });
      // A took the lower position, B the higher; only B's is visible while A is open.
      const newer = await sql<{
        entity_id: string;
      }>`select entity_id from change_feed where seq > ${lastSeq} order by seq`.execute(t.db);
      expect(newer.rows.map((r) => r.entity_id)).toEqual([TEST_CASES.jiangdongReceived]);
      const between = (await (
        await t.api(office, 'GET', `/api/sync/pull?cursor=${base.cursor}`)
      ).json()) as PullResponse;
      // B is committed but sits behind A's open transaction: not handed out, cursor unchanged.
      expect(between.changes).toEqual([]);
      expect(between.cursor).toBe(base.cursor);
      releaseA();
      await a;
      t.deps.config.pullWaitMs = 2000;
      const after = await settle(between.cursor, [
        TEST_CASES.beiyuanReceived,
        TEST_CASES.jiangdongReceived,
      ]);
      expect([...after.got].sort()).toEqual(
        [TEST_CASES.beiyuanReceived, TEST_CASES.jiangdongReceived].sort(),
      );
    } finally {
      // Never leave A open: closing the pool would wait for it forever.
      releaseA();
      await t.close();
    }
  });
});
