import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renewFeedEpoch } from '../../../api/src/repositories/feed-epoch';
import { startTestApi, TEST_CASES, type TestApi } from '../../../api/test-support';
import { deviceFor, pushAs, sampleCase, signIn } from '../../test-support';
import { writePage } from './pull';
import { reasonText } from './reasons';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ dialect: 'sqlite' });
});
afterAll(async () => {
  await api.close();
});

function pullRequests(log: Array<{ method: string; path: string }>): URLSearchParams[] {
  return log
    .filter((r) => r.path.startsWith('/api/sync/pull'))
    .map((r) => new URL(r.path, 'http://x').searchParams);
}

async function officeCreates(n: number, townId: string, from: number): Promise<string[]> {
  const office = await signIn(api, 'office.1');
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = crypto.randomUUID();
    const r = await pushAs(api, office.token, {
      name: 'case.create',
      args: { ...sampleCase(townId, from + i), id },
    });
    expect(r.status).toBe('applied');
    ids.push(id);
  }
  return ids;
}

describe('pull', () => {
  it('stores every unit and the loaded calendar years; a year loaded later arrives at the next sync', async () => {
    const d = await deviceFor(api, 'officer.choucheng');
    await d.engine.syncNow();
    const units = await d.db.units.toArray();
    // The officer sees one town's cases but every unit's name (state-owned companies too).
    expect(units.length).toBeGreaterThanOrEqual(16);
    expect(units.find((u) => u.id === 'soe-chengtou')).toEqual({
      id: 'soe-chengtou',
      name: '义乌市城市投资建设集团',
      kind: 'soe',
      active: true,
      smsDigest: false,
    });
    expect((await d.db.calendars.toArray()).map((y) => y.year)).toEqual([2026]);

    const admin = await signIn(api, 'admin');
    const put = await api.api(admin.token, 'PUT', '/api/admin/calendar/2027', {
      holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
      makeupWorkdays: [],
    });
    expect(put.status).toBe(200);
    await d.engine.syncNow();
    expect(await d.db.calendars.get(2027)).toEqual({
      year: 2027,
      holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
      makeupWorkdays: [],
    });
  });

  it('an account disabled by the admin is told so at the next sync, not asked to sign in again', async () => {
    const admin = await signIn(api, 'admin');
    const d = await deviceFor(api, 'officer.fotang');
    await d.engine.syncNow();
    expect(d.engine.getStatus().removedBy).toBeNull();
    const who = await api.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'officer.fotang')
      .executeTakeFirstOrThrow();
    const res = await api.api(admin.token, 'PATCH', `/api/admin/users/${who.id}`, {
      disabled: true,
    });
    expect(res.status).toBe(200);
    await d.engine.syncNow();
    const status = d.engine.getStatus();
    expect(status.removedBy).toBe('account_disabled');
    expect(status.lastError?.code).toBe('account_disabled');
    await api.api(admin.token, 'PATCH', `/api/admin/users/${who.id}`, { disabled: false });
  });

  it('pages until done, stores the cursor, and the next sync starts from it', async () => {
    const ids = await officeCreates(7, 'choucheng', 100);
    const d = await deviceFor(api, 'officer.choucheng', { pullPageSize: 3 });
    await d.engine.syncNow();
    for (const id of ids) expect(await d.db.cases.get(id)).toBeDefined();
    expect(await d.db.cases.get(TEST_CASES.fotangAssigned)).toBeUndefined();
    const first = pullRequests(d.net.log);
    expect(first.length).toBeGreaterThan(2);
    expect(first[0]!.has('cursor')).toBe(false);
    expect(first.every((q) => q.get('limit') === '3')).toBe(true);
    const stored = (await d.db.meta.get('cursor'))?.value;
    expect(typeof stored).toBe('string');

    d.net.log.length = 0;
    await d.engine.syncNow();
    const again = pullRequests(d.net.log);
    expect(again).toHaveLength(1);
    expect(again[0]!.get('cursor')).toBe(stored);
  });

  it('a server restored from a backup refuses the stored cursor: the same sync starts over from zero, without an error', async () => {
    const restored = await startTestApi({ dialect: 'sqlite' });
    try {
      const d = await deviceFor(restored, 'officer.choucheng');
      await d.engine.syncNow();
      const before = (await d.db.meta.get('cursor'))?.value;
      expect(typeof before).toBe('string');
      // What scripts/restore.ts does; then the office records a case on the restored server.
      await renewFeedEpoch(restored.db, new Date().toISOString());
      const office = await signIn(restored, 'office.1');
      const id = crypto.randomUUID();
      const made = await pushAs(restored, office.token, {
        name: 'case.create',
        args: { ...sampleCase('choucheng', 500), id },
      });
      expect(made.status).toBe('applied');

      d.net.log.length = 0;
      await d.engine.syncNow();
      const pulls = pullRequests(d.net.log);
      expect(pulls.map((q) => q.get('cursor'))).toEqual([before, null]);
      expect(d.engine.getStatus().lastError).toBeNull();
      expect(await d.db.cases.get(id)).toBeDefined();
      const after = (await d.db.meta.get('cursor'))?.value;
      expect(typeof after).toBe('string');
      expect(after).not.toBe(before);
    } finally {
      await restored.close();
    }
  });

  it('a dropped connection mid-pull resumes from the last page written, never from zero', async () => {
    await officeCreates(6, 'choucheng', 200);
    const d = await deviceFor(api, 'officer.choucheng', { pullPageSize: 2 });
    d.net.failNext('/api/sync/pull', { kind: 'before', run: async () => {} });
    d.net.failNext('/api/sync/pull', { kind: 'before', run: async () => {} });
    d.net.failNext('/api/sync/pull', { kind: 'offline' });
    await d.engine.syncNow();
    expect(d.engine.getStatus().lastError?.code).toBe('network');
    expect(d.engine.getStatus().allSynced).toBe(false);
    const storedAfterCut = (await d.db.meta.get('cursor'))?.value;
    expect(typeof storedAfterCut).toBe('string');
    // The feed starts with the units and calendar years, then the cases: count both.
    const stored = async () =>
      (await d.db.cases.count()) + (await d.db.units.count()) + (await d.db.calendars.count());
    const have = await stored();
    expect(have).toBeGreaterThan(0);

    d.reload();
    d.net.log.length = 0;
    await d.engine.syncNow();
    const resumed = pullRequests(d.net.log);
    expect(resumed[0]!.get('cursor')).toBe(storedAfterCut);
    expect(d.engine.getStatus().allSynced).toBe(true);
    expect(await stored()).toBeGreaterThan(have);
  });

  it('a pulled change under an unsent local edit keeps the officer’s value on top', async () => {
    const d = await deviceFor(api, 'officer.choucheng');
    const office = await signIn(api, 'office.1');
    const [id] = await officeCreates(1, 'choucheng', 300);
    await d.engine.syncNow();
    const v1 = (await d.db.cases.get(id!))!;
    await pushAs(api, office.token, {
      name: 'case.update',
      args: { id, patch: { workersCount: 4 } },
      baseVersion: v1.version,
    });
    // The officer types while the pull is on its way: that edit is not sent in this cycle.
    d.net.failNext('/api/sync/pull', {
      kind: 'before',
      run: () => d.actions.updateCase(id!, { description: '正在现场核实' }),
    });
    await d.engine.syncNow();
    const row = (await d.db.cases.get(id!))!;
    expect(row.workersCount).toBe(4);
    expect(row.description).toBe('正在现场核实');
    expect(row.pendingCount).toBe(1);
    expect(row.base?.version).toBe(v1.version + 1);
    expect(row.base?.description).toBe(v1.description);
    expect(d.engine.getStatus().allSynced).toBe(false);

    await d.engine.syncNow();
    const synced = (await d.db.cases.get(id!))!;
    expect(synced.pendingCount).toBe(0);
    expect(synced.description).toBe('正在现场核实');
    expect(synced.workersCount).toBe(4);
    expect(d.engine.getStatus().allSynced).toBe(true);
  });

  it('a case moved to another town leaves the device with its mediations and events', async () => {
    const d = await deviceFor(api, 'officer.choucheng');
    const office = await signIn(api, 'office.1');
    const [id] = await officeCreates(1, 'choucheng', 400);
    await d.engine.syncNow();
    expect(await d.db.cases.get(id!)).toBeDefined();
    expect(await d.db.events.where('caseId').equals(id!).count()).toBeGreaterThan(0);
    await pushAs(api, office.token, {
      name: 'case.assign',
      args: { id, townId: 'fotang', assignedOfficerId: null },
      baseVersion: 1,
    });
    await d.engine.syncNow();
    expect(await d.db.cases.get(id!)).toBeUndefined();
    expect(await d.db.events.where('caseId').equals(id!).count()).toBe(0);
    expect(await d.db.conflicts.count()).toBe(0);
  });

  it('a removed case with unsent changes keeps them in the inbox as "moved out of your area"', async () => {
    const d = await deviceFor(api, 'officer.choucheng');
    const office = await signIn(api, 'office.1');
    const [id] = await officeCreates(1, 'choucheng', 500);
    await d.engine.syncNow();
    await pushAs(api, office.token, {
      name: 'case.assign',
      args: { id, townId: 'fotang', assignedOfficerId: null },
      baseVersion: 1,
    });
    d.net.failNext('/api/sync/pull', {
      kind: 'before',
      run: () => d.actions.updateCase(id!, { description: '老板答应明天付款' }),
    });
    await d.engine.syncNow();
    expect(await d.db.cases.get(id!)).toBeUndefined();
    expect(await d.db.outbox.count()).toBe(0);
    const inbox = await d.db.conflicts.toArray();
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.kind).toBe('out_of_scope');
    expect(reasonText(inbox[0]!, 'zh')).toMatch(/已移出您的辖区/);
    expect(reasonText(inbox[0]!, 'en')).toMatch(/moved out of your area/i);
    expect(inbox[0]!.mine).toEqual({ description: '老板答应明天付款' });
  });

  it('an edit pushed after the case left the area comes back as out of scope, not lost', async () => {
    const d = await deviceFor(api, 'officer.choucheng');
    const office = await signIn(api, 'office.1');
    const [id] = await officeCreates(1, 'choucheng', 600);
    await d.engine.syncNow();
    await pushAs(api, office.token, {
      name: 'case.assign',
      args: { id, townId: 'fotang', assignedOfficerId: null },
      baseVersion: 1,
    });
    await d.actions.updateCase(id!, { description: '离线时记录的情况' });
    await d.engine.syncNow();
    const inbox = await d.db.conflicts.toArray();
    expect(inbox.map((c) => c.kind)).toEqual(['out_of_scope']);
    expect(inbox[0]!.mine).toEqual({ description: '离线时记录的情况' });
    expect(await d.db.cases.get(id!)).toBeUndefined();
  });

  it('writes a page in one transaction: a failure leaves neither rows nor cursor behind', async () => {
    const d = await deviceFor(api, 'officer.choucheng');
    const page = {
      changes: [
        { entity: 'case' as const, id: 'c1', op: 'put' as const, version: 1, data: { id: 'c1' } },
        {
          entity: 'event' as const,
          id: 'e1',
          op: 'put' as const,
          version: 1,
          data: { id: 'e1', caseId: 'c1', at: '2026-01-01T00:00:00.000Z' },
        },
      ],
      cursor: 'v1.1.2',
      hasMore: false,
      serverTime: new Date().toISOString(),
    };
    const table = d.db.events as unknown as { bulkPut: (...a: unknown[]) => Promise<unknown> };
    const real = table.bulkPut;
    table.bulkPut = () => Promise.reject(new DOMException('disk full', 'QuotaExceededError'));
    await expect(writePage(d.db, page, Date.now)).rejects.toThrow();
    table.bulkPut = real;
    expect(await d.db.meta.get('cursor')).toBeUndefined();
    expect(await d.db.events.count()).toBe(0);
  });
});
