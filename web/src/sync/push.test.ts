import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TEST_CASES, type TestApi } from '../../../api/test-support';
import { deviceFor, pushAs, sampleCase, serverCase, signIn } from '../../test-support';
import { createMemoryLock } from './lock';
import { reasonText } from './reasons';
import type { SyncStatus } from './status';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ dialect: 'sqlite' });
});
afterAll(async () => {
  await api.close();
});

function pushedIds(log: Array<{ path: string; body: unknown }>): string[] {
  return log
    .filter((r) => r.path.startsWith('/api/sync/push'))
    .flatMap((r) => (r.body as { mutations: Array<{ id: string }> }).mutations.map((m) => m.id));
}

describe('push: one test per result type', () => {
  it('applied: the mutation leaves the outbox and the new server version is kept', async () => {
    const d = await deviceFor(api, 'officer.choucheng');
    const id = await d.actions.createCase(sampleCase('choucheng', 11));
    await d.actions.updateCase(id, { description: '当场核对了考勤' });
    expect(d.engine.getStatus().allSynced).toBe(false);
    await d.engine.syncNow();
    expect(await d.db.outbox.count()).toBe(0);
    const row = await d.db.cases.get(id);
    expect(row?.version).toBe(2);
    expect(row?.pendingCount).toBe(0);
    expect(row?.base).toBeUndefined();
    expect(row?.caseNo).toMatch(/^YW-/);
    expect(row?.description).toBe('当场核对了考勤');
    const server = await serverCase(api, d.token, id);
    expect(server?.description).toBe('当场核对了考勤');
    const s = d.engine.getStatus();
    expect(s.pending).toBe(0);
    expect(s.allSynced).toBe(true);
    expect(s.lastSyncAt).not.toBeNull();
    expect(s.lastError).toBeNull();
  });

  it('conflict: the server copy wins on the device and the officer’s value waits in the inbox', async () => {
    const officer = await deviceFor(api, 'officer.choucheng');
    const office = await signIn(api, 'office.1');
    await officer.engine.syncNow();
    const id = TEST_CASES.chouchengOwn;
    const before = await officer.db.cases.get(id);
    expect(before).toBeDefined();

    // Office edits the description at the desk; the officer, offline, edits the same field
    // and, separately, a field nobody else touched.
    const desk = await pushAs(api, office.token, {
      name: 'case.update',
      args: { id, patch: { description: '市局：企业已承诺周五前支付' } },
      baseVersion: before!.version,
    });
    expect(desk.status).toBe('applied');
    await officer.actions.updateCase(id, { description: '专管员：老板不在，下周再来' });
    await officer.actions.updateCase(id, { needsAssistance: true });
    await officer.engine.syncNow();

    const row = await officer.db.cases.get(id);
    expect(row?.description).toBe('市局：企业已承诺周五前支付');
    // The disjoint change applied.
    expect(row?.needsAssistance).toBe(true);
    expect(await officer.db.outbox.count()).toBe(0);
    const inbox = await officer.db.conflicts.toArray();
    expect(inbox).toHaveLength(1);
    const c = inbox[0]!;
    expect(c.kind).toBe('conflict');
    expect(c.fields).toEqual(['description']);
    expect(c.mine).toEqual({ description: '专管员：老板不在，下周再来' });
    expect((c.server as { description: string }).description).toBe('市局：企业已承诺周五前支付');
    expect(reasonText(c, 'zh')).toMatch(/服务器/);
    expect(reasonText(c, 'en')).toMatch(/server/);
    expect(officer.engine.getStatus().conflicts).toBe(1);

    // "Apply again on top" sends the officer's value as a new mutation on the new version.
    await officer.actions.reapplyConflict(c.id);
    expect(await officer.db.conflicts.count()).toBe(0);
    expect((await officer.db.cases.get(id))?.description).toBe('专管员：老板不在，下周再来');
    await officer.engine.syncNow();
    expect(await officer.db.outbox.count()).toBe(0);
    expect((await serverCase(api, officer.token, id))?.description).toBe(
      '专管员：老板不在，下周再来',
    );
  });

  it('rejected: the reason is kept in plain words, later changes to that case follow it, the queue moves on', async () => {
    const d = await deviceFor(api, 'officer.choucheng');
    // A unit this device does not know is gone: valid field by field, refused by a check
    // only the server can make (its unit table).
    const bad = { ...sampleCase('choucheng', 21), townId: 'closed-unit' };
    const badId = await d.actions.createCase(bad);
    await d.actions.updateCase(badId, { description: '补充：两人同时离职' });
    const goodId = await d.actions.createCase(sampleCase('choucheng', 22));
    await d.engine.syncNow();

    expect(await d.db.outbox.count()).toBe(0);
    expect(await d.db.cases.get(badId)).toBeUndefined();
    expect((await d.db.cases.get(goodId))?.version).toBe(1);
    const inbox = await d.db.conflicts.toArray();
    expect(inbox.map((c) => [c.kind, c.mutation.name]).sort()).toEqual([
      ['rejected', 'case.create'],
      ['rejected', 'case.update'],
    ]);
    const create = inbox.find((c) => c.mutation.name === 'case.create')!;
    expect(reasonText(create, 'zh')).toMatch(/不是可选的值/);
    expect((create.mine as { townId: string }).townId).toBe('closed-unit');
    const update = inbox.find((c) => c.mutation.name === 'case.update')!;
    expect(reasonText(update, 'zh')).toMatch(/未能在服务器上创建/);
    expect(update.mine).toEqual({ description: '补充：两人同时离职' });
    expect(await serverCase(api, d.token, badId)).toBeNull();
  });

  it('one answer for many cases: the applied ones settle together, a conflict among them still reaches the inbox', async () => {
    const d = await deviceFor(api, 'officer.choucheng');
    const office = await signIn(api, 'office.1');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(await d.actions.createCase(sampleCase('choucheng', 60 + i)));
    await d.engine.syncNow();
    // At the desk, the office changes the first case's description meanwhile.
    const desk = await pushAs(api, office.token, {
      name: 'case.update',
      args: { id: ids[0], patch: { description: '办公室：已约谈老板' } },
      baseVersion: 1,
    });
    expect(desk.status).toBe('applied');
    // One edit per case goes in the first push; the second edits wait behind them, based on
    // version 1, and must follow the first ones to version 2 and then 3.
    for (const id of ids) await d.actions.updateCase(id, { description: `现场补充 ${id}` });
    for (const id of ids.slice(1)) await d.actions.updateCase(id, { workersCount: 3 });
    // No pull afterwards: what the device shows comes from the push answers alone.
    d.net.failNext('/api/sync/pull', { kind: 'offline' });
    await d.engine.syncNow();

    expect(await d.db.outbox.count()).toBe(0);
    const inbox = await d.db.conflicts.toArray();
    expect(inbox.map((c) => [c.kind, c.entityId])).toEqual([['conflict', ids[0]]]);
    expect(await d.db.cases.get(ids[0]!)).toMatchObject({
      description: '办公室：已约谈老板',
      version: 2,
      pendingCount: 0,
    });
    for (const id of ids.slice(1)) {
      const row = await d.db.cases.get(id);
      expect(row).toMatchObject({ version: 3, pendingCount: 0, workersCount: 3 });
      expect(row?.description).toBe(`现场补充 ${id}`);
      expect(await serverCase(api, d.token, id)).toMatchObject({ version: 3, workersCount: 3 });
    }
  });

  it('a refused status move goes to the inbox and the case shows the server status again', async () => {
    const d = await deviceFor(api, 'officer.choucheng');
    const office = await signIn(api, 'office.1');
    const id = await d.actions.createCase(sampleCase('choucheng', 31));
    await d.engine.syncNow();
    await d.actions.transitionCase(id, {
      to: 'resolved',
      outcome: 'paid_in_full',
      recoveredFen: 500_000,
    });
    await d.engine.syncNow();
    // Office returns it; the officer, offline and not yet knowing, starts mediation.
    await pushAs(api, office.token, { name: 'case.review', args: { id, decision: 'approve' } });
    await d.actions.updateCase(id, { description: '回访' });
    const row = await d.db.cases.get(id);
    expect(row?.status).toBe('resolved');
    await d.engine.syncNow();
    const inbox = await d.db.conflicts.toArray();
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.kind).toBe('rejected');
    expect(reasonText(inbox[0]!, 'zh')).toMatch(/结案/);
    expect((await d.db.cases.get(id))?.status).toBe('closed');
  });
});

describe('push: transport failures never lose or reorder the outbox', () => {
  it('network failure: outbox kept, retry scheduled with backoff, retry succeeds', async () => {
    const d = await deviceFor(api, 'officer.choucheng', { random: () => 0.5 });
    const id = await d.actions.createCase(sampleCase('choucheng', 41));
    d.net.failNext('/api/sync/push', { kind: 'offline' });
    await d.engine.syncNow();
    let s = d.engine.getStatus();
    expect(s.lastError?.code).toBe('network');
    expect(s.lastError?.key).toBe('syncError.network');
    expect(s.allSynced).toBe(false);
    expect(s.pending).toBe(1);
    const retries = d.timers.scheduled();
    expect(retries).toHaveLength(1);
    // 2 s base with jitter: between half and all of it.
    expect(retries[0]!.ms).toBeGreaterThanOrEqual(1000);
    expect(retries[0]!.ms).toBeLessThanOrEqual(2000);
    expect((await d.db.outbox.toArray())[0]!.attempts).toBe(1);

    // A second failure waits longer: exponential, not a tight loop.
    d.net.failNext('/api/sync/push', { kind: 'offline' });
    d.timers.fire();
    await d.engine.whenIdle();
    const second = d.timers.scheduled();
    expect(second).toHaveLength(1);
    expect(second[0]!.ms).toBeGreaterThan(retries[0]!.ms);

    d.timers.fire();
    await d.engine.whenIdle();
    s = d.engine.getStatus();
    expect(s.pending).toBe(0);
    expect(s.allSynced).toBe(true);
    expect(s.nextRetryAt).toBeNull();
    expect((await d.db.cases.get(id))?.version).toBe(1);
  });

  it('a response lost after the server committed: the retry is answered from the record, nothing doubles', async () => {
    const d = await deviceFor(api, 'officer.choucheng');
    const id = await d.actions.createCase(sampleCase('choucheng', 42));
    await d.actions.updateCase(id, { workersCount: 2 });
    d.net.failNext('/api/sync/push', { kind: 'drop_response' });
    await d.engine.syncNow();
    expect(await d.db.outbox.count()).toBe(2);
    d.net.failNext('/api/sync/push', { kind: 'duplicate' });
    await d.engine.syncNow();
    expect(await d.db.outbox.count()).toBe(0);
    const server = await serverCase(api, d.token, id);
    expect(server?.version).toBe(2);
    expect(server?.workersCount).toBe(2);
    const events = (await (await api.api(d.token, 'GET', `/api/cases/${id}/events`)).json()) as {
      events: Array<{ name: string }>;
    };
    expect(events.events.filter((e) => e.name === 'case.create')).toHaveLength(1);
    expect(events.events.filter((e) => e.name === 'case.update')).toHaveLength(1);
  });

  it('5xx: retried with backoff, the outbox untouched meanwhile', async () => {
    const d = await deviceFor(api, 'officer.choucheng');
    await d.actions.createCase(sampleCase('choucheng', 43));
    d.net.failNext('/api/sync/push', {
      kind: 'status',
      status: 500,
      body: { error: { code: 'internal', message: 'x' } },
    });
    await d.engine.syncNow();
    expect(d.engine.getStatus().lastError?.code).toBe('server');
    expect(await d.db.outbox.count()).toBe(1);
    expect(d.timers.scheduled()).toHaveLength(1);
    d.timers.fire();
    await d.engine.whenIdle();
    expect(await d.db.outbox.count()).toBe(0);
    expect(d.engine.getStatus().lastError).toBeNull();
  });

  it('429 with Retry-After: the retry waits exactly as asked, then succeeds', async () => {
    const d = await deviceFor(api, 'officer.choucheng');
    await d.actions.createCase(sampleCase('choucheng', 44));
    d.net.failNext('/api/sync/push', {
      kind: 'status',
      status: 429,
      headers: { 'Retry-After': '7' },
      body: { error: { code: 'rate_limited', message: '请求过多' } },
    });
    await d.engine.syncNow();
    const s = d.engine.getStatus();
    expect(s.lastError?.code).toBe('rate_limited');
    expect(s.lastError).toMatchObject({ key: 'syncError.rateLimitedIn', params: { secs: 7 } });
    expect(d.timers.scheduled().map((t) => t.ms)).toEqual([7000]);
    expect(d.timers.fire(7000)).toBe(1);
    await d.engine.whenIdle();
    expect(await d.db.outbox.count()).toBe(0);
  });

  it('503 with Retry-After is honoured the same way', async () => {
    const d = await deviceFor(api, 'officer.choucheng');
    await d.actions.createCase(sampleCase('choucheng', 45));
    d.net.failNext('/api/sync/push', {
      kind: 'status',
      status: 503,
      headers: { 'Retry-After': '30' },
    });
    await d.engine.syncNow();
    expect(d.timers.scheduled().map((t) => t.ms)).toEqual([30_000]);
    d.timers.fire(30_000);
    await d.engine.whenIdle();
    expect(await d.db.outbox.count()).toBe(0);
  });

  it('401: sign-in needed, outbox exactly as it was, no retry loop', async () => {
    const d = await deviceFor(api, 'officer.choucheng');
    await d.actions.createCase(sampleCase('choucheng', 46));
    const before = await d.db.outbox.toArray();
    const goodToken = d.token;
    d.token = 'not-a-real-token';
    await d.engine.syncNow();
    const s = d.engine.getStatus();
    expect(s.needsSignIn).toBe(true);
    expect(s.lastError?.code).toBe('unauthorized');
    expect(s.allSynced).toBe(false);
    expect(await d.db.outbox.toArray()).toEqual(before);
    expect(d.timers.scheduled()).toHaveLength(0);
    d.token = goodToken;
    await d.engine.syncNow();
    expect(d.engine.getStatus().needsSignIn).toBe(false);
    expect(await d.db.outbox.count()).toBe(0);
  });

  it('one bad mutation that fails the whole batch is isolated into the inbox; the rest go through', async () => {
    const d = await deviceFor(api, 'officer.choucheng');
    const a = await d.actions.createCase(sampleCase('choucheng', 51));
    // A record the server cannot even parse as a batch member (an id outside the protocol's
    // pattern, as an old or damaged client might have stored).
    await d.db.outbox.add({
      id: 'bad id with spaces',
      name: 'case.update',
      args: { id: a, patch: { description: 'x' } },
      baseVersion: 0,
      entityId: 'some-other-case',
      createdAt: new Date().toISOString(),
      actorId: d.user.id,
      actorRole: d.user.role,
      attempts: 0,
    });
    const b = await d.actions.createCase(sampleCase('choucheng', 52));
    const c = await d.actions.createCase(sampleCase('choucheng', 53));
    await d.engine.syncNow();
    expect(await d.db.outbox.count()).toBe(0);
    const inbox = await d.db.conflicts.toArray();
    expect(inbox.map((i) => [i.mutation.id, i.kind])).toEqual([['bad id with spaces', 'rejected']]);
    for (const id of [a, b, c]) expect((await serverCase(api, d.token, id))?.id).toBe(id);
    // One change came back: the bar says "4 sent, 1 returned", never "all synced".
    const s = d.engine.getStatus();
    expect(s.allSynced).toBe(false);
    expect(s.lastRun).toMatchObject({ uploaded: 4, returned: 1, seen: false });
  });
});

describe('push: client id', () => {
  it('a client id already owned by another user is replaced, and nothing goes to the inbox', async () => {
    const first = await deviceFor(api, 'officer.choucheng');
    await first.actions.createCase(sampleCase('choucheng', 80));
    await first.engine.syncNow();
    const taken = (await first.db.meta.get('clientId'))?.value;
    const other = await deviceFor(api, 'officer.fotang');
    await other.db.meta.put({ key: 'clientId', value: taken });
    const id = await other.actions.createCase(sampleCase('fotang', 81));
    await other.engine.syncNow();
    expect(await other.db.outbox.count()).toBe(0);
    expect(await other.db.conflicts.count()).toBe(0);
    expect((await other.db.meta.get('clientId'))?.value).not.toBe(taken);
    expect((await serverCase(api, other.token, id))?.id).toBe(id);
  });
});

describe('push: duplicates are impossible', () => {
  it('two tabs (two engines, one database, one lock) never push the same mutation twice', async () => {
    const lock = createMemoryLock();
    const tab1 = await deviceFor(api, 'officer.choucheng', { lock });
    const tab2 = await deviceFor(api, 'officer.choucheng', { lock, db: tab1.db });
    for (let i = 0; i < 5; i++) await tab1.actions.createCase(sampleCase('choucheng', 60 + i));
    await Promise.all([
      tab1.engine.syncNow(),
      tab2.engine.syncNow(),
      tab2.engine.syncNow(),
      tab1.engine.syncNow(),
    ]);
    await Promise.all([tab1.engine.syncNow(), tab2.engine.syncNow()]);
    const sent = [...pushedIds(tab1.net.log), ...pushedIds(tab2.net.log)];
    expect(sent).toHaveLength(5);
    expect(new Set(sent).size).toBe(5);
    expect(await tab1.db.outbox.count()).toBe(0);
  });

  it('attachments are uploaded by hash before the mutation that links them, and resume after a reload', async () => {
    const d = await deviceFor(api, 'officer.choucheng');
    const caseId = await d.actions.createCase(sampleCase('choucheng', 71));
    const sha = await d.actions.addAttachment(caseId, PNG_1PX(), 'photo');
    d.net.failNext('/api/blobs/', { kind: 'offline' });
    await d.engine.syncNow();
    expect((await d.db.attachments.get(sha))?.uploaded).toBe(false);
    expect(await d.db.outbox.count()).toBe(2);

    d.reload();
    await d.engine.syncNow();
    expect((await d.db.attachments.get(sha))?.uploaded).toBe(true);
    expect(await d.db.outbox.count()).toBe(0);
    const order = d.net.log
      .filter((r) => r.method !== 'GET')
      .map((r) => r.path.replace(/\/api\/blobs\/[0-9a-f]+/, '/api/blobs/:sha'));
    const lastBlob = order.lastIndexOf('/api/blobs/:sha');
    const firstPushAfter = order.indexOf('/api/sync/push', lastBlob);
    expect(lastBlob).toBeGreaterThan(-1);
    expect(firstPushAfter).toBeGreaterThan(lastBlob);
    const res = await api.api(d.token, 'GET', `/api/blobs/${sha}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('image/png');
  });

  it('a photo the server no longer has (expired before it was linked) is uploaded again, not lost', async () => {
    const d = await deviceFor(api, 'officer.choucheng');
    const caseId = await d.actions.createCase(sampleCase('choucheng', 72));
    await d.engine.syncNow();
    const sha = await d.actions.addAttachment(caseId, PNG_1PX(), 'photo');
    // The upload got through but the link did not (the network dropped at the push) …
    d.net.failNext('/api/sync/push', { kind: 'offline' });
    await d.engine.syncNow();
    expect((await d.db.attachments.get(sha))?.uploaded).toBe(true);
    // … and by the time the device is back the server had expired the unlinked blob.
    await api.db.deleteFrom('blob_uploads').where('sha256', '=', sha).execute();
    await api.db.deleteFrom('blobs').where('sha256', '=', sha).execute();
    await d.engine.syncNow();
    await d.engine.syncNow();
    expect(await d.db.outbox.count()).toBe(0);
    expect(await d.db.conflicts.count()).toBe(0);
    const res = await api.api(d.token, 'GET', `/api/blobs/${sha}`);
    expect(res.status).toBe(200);
    const linked = await api.db
      .selectFrom('attachments')
      .select('sha256')
      .where('case_id', '=', caseId)
      .execute();
    expect(linked.map((a) => a.sha256)).toEqual([sha]);
  });
});

describe('push: what the sync bar is told (issue 15)', () => {
  it('each change carries when it was done (occurredAt = the outbox time), for the server to date it', async () => {
    const d = await deviceFor(api, 'officer.choucheng');
    const id = await d.actions.createCase(sampleCase('choucheng', 91));
    await d.actions.transitionCase(id, { to: 'mediating' });
    const queued = await d.db.outbox.toArray();
    await d.engine.syncNow();
    const sent = d.net.log
      .filter((r) => r.path.startsWith('/api/sync/push'))
      .flatMap(
        (r) => (r.body as { mutations: Array<{ id: string; occurredAt?: string }> }).mutations,
      );
    expect(sent.map((m) => [m.id, m.occurredAt])).toEqual(queued.map((m) => [m.id, m.createdAt]));
  });

  it('progress: photo bytes, then uploading n of m, then downloading; then what the cycle sent', async () => {
    const d = await deviceFor(api, 'officer.choucheng');
    const caseId = await d.actions.createCase(sampleCase('choucheng', 92));
    await d.actions.addAttachment(caseId, PNG_1PX(), 'photo');
    const seen: Array<NonNullable<SyncStatus['progress']>> = [];
    const off = d.engine.subscribe((s) => {
      if (s.progress) seen.push(s.progress);
    });
    await d.engine.syncNow();
    off();
    // The photo's plain size: the stored blob is sealed, a few bytes longer.
    const size = (await d.db.attachments.toArray())[0]!.size;
    const none = { bytesDone: null, bytesTotal: null, photosDone: null, photosTotal: null };
    expect(seen[0]).toEqual({ phase: 'uploading', done: 0, total: 2, ...none });
    expect(seen).toContainEqual({
      phase: 'uploading',
      done: 0,
      total: 2,
      bytesDone: size,
      bytesTotal: size,
      photosDone: 1,
      photosTotal: 1,
    });
    expect(seen).toContainEqual({ phase: 'uploading', done: 2, total: 2, ...none });
    const firstDown = seen.findIndex((p) => p.phase === 'downloading');
    expect(firstDown).toBeGreaterThan(0);
    expect(seen.slice(firstDown).every((p) => p.phase === 'downloading')).toBe(true);
    const s = d.engine.getStatus();
    expect(s.progress).toBeNull();
    expect(s.lastRun).toMatchObject({ uploaded: 2, returned: 0, seen: false });
    d.engine.markRunSeen();
    expect(d.engine.getStatus().lastRun?.seen).toBe(true);
  });

  it('photos are counted one by one across batches ("正在上传 3 / 3 张照片"), then the changes', async () => {
    const d = await deviceFor(api, 'officer.choucheng');
    const caseId = await d.actions.createCase(sampleCase('choucheng', 94));
    await d.actions.addAttachment(caseId, pngVariant(1), 'photo');
    await d.actions.addAttachment(caseId, pngVariant(2), 'photo');
    // A versioned change to a case created in the same batch starts the next batch: the
    // third photo goes up with that one.
    await d.actions.updateCase(caseId, { description: '补拍了工资表' });
    await d.actions.addAttachment(caseId, pngVariant(3), 'signature');
    const photos: string[] = [];
    const off = d.engine.subscribe((s) => {
      const p = s.progress;
      if (p?.phase === 'uploading' && p.photosTotal !== null) {
        const step = `${p.photosDone}/${p.photosTotal}`;
        if (photos.at(-1) !== step) photos.push(step);
      }
    });
    await d.engine.syncNow();
    off();
    expect(photos).toEqual(['0/2', '1/2', '2/2', '2/3', '3/3']);
    expect(await d.db.outbox.count()).toBe(0);
    expect((await d.db.attachments.toArray()).every((a) => a.uploaded)).toBe(true);
    expect(d.engine.getStatus().progress).toBeNull();
  });

  it('"unreachable since" dates the first failure of a run and clears when the server answers', async () => {
    const d = await deviceFor(api, 'officer.choucheng');
    await d.actions.createCase(sampleCase('choucheng', 93));
    d.net.offline = true;
    await d.engine.syncNow();
    const since = d.engine.getStatus().unreachableSince;
    expect(since).not.toBeNull();
    await new Promise((r) => setTimeout(r, 5));
    await d.engine.syncNow();
    expect(d.engine.getStatus().unreachableSince).toBe(since);
    expect(d.engine.getStatus().lastError?.code).toBe('network');
    d.net.offline = false;
    await d.engine.syncNow();
    expect(d.engine.getStatus()).toMatchObject({
      unreachableSince: null,
      lastError: null,
      allSynced: true,
    });
  });
});

/** The same PNG with a trailing byte: another file (another hash) the server still takes. */
function pngVariant(n: number): Blob {
  return new Blob([PNG_1PX(), new Uint8Array([n])], { type: 'image/png' });
}

/** A real 1×1 PNG: the server checks that the bytes match the declared type. */
function PNG_1PX(): Blob {
  const b64 =
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
  const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
  return new Blob([bytes], { type: 'image/png' });
}
