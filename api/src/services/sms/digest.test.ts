import { afterEach, describe, expect, it } from 'vitest';
import { startTestApi, TEST_USERS, type TestApi } from '../../../test-support';
import { queueMorningDigests } from './digest';
import type { SmsProvider } from './provider';
import { deliverDueSms } from './worker';

// Wednesday 2 December 2026, 08:30 in China: a working morning.
const WORKING_MORNING = Date.parse('2026-12-02T00:30:00Z');

describe('the officers’ morning digest SMS', () => {
  let t: TestApi | null = null;
  let clock = WORKING_MORNING;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  /** The fixture (seeded at this morning's clock) with officer.choucheng reachable by SMS. */
  async function start(opts: { digestOn: boolean }): Promise<TestApi> {
    clock = WORKING_MORNING;
    t = await startTestApi({ now: () => new Date(clock) });
    // The fixture's dispatches told their workers; those messages are not this test's.
    await deliverDueSms(t.deps, { name: 'drain', send: async () => {} });
    await t.db
      .updateTable('users')
      .set({ mobile: '13905790001' })
      .where('id', '=', TEST_USERS.officerChoucheng.id)
      .execute();
    if (opts.digestOn) {
      const admin = await t.login('admin');
      const res = await t.api(admin, 'PATCH', '/api/admin/units/choucheng', { smsDigest: true });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { unit: { smsDigest: boolean } }).unit.smsDigest).toBe(true);
    }
    return t;
  }

  const digests = (api: TestApi) =>
    api.db
      .selectFrom('sms_outbox')
      .select(['user_id', 'digest_day', 'mobile', 'body', 'case_id', 'status'])
      .where('digest_day', 'is not', null)
      .execute();

  const run = (api: TestApi) =>
    queueMorningDigests({
      db: api.db,
      now: () => new Date(clock),
      log: () => {},
      config: api.deps.config,
    });

  it('queues one digest per officer and working morning, with what their today view lists', async () => {
    const api = await start({ digestOn: true });
    expect(await run(api)).toEqual({ queued: 1 });
    // Another tick, or another API process: still one.
    clock += 20 * 60_000;
    expect(await run(api)).toEqual({ queued: 0 });
    const rows = await digests(api);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      user_id: TEST_USERS.officerChoucheng.id,
      digest_day: '2026-12-02',
      mobile: '13905790001',
      case_id: null,
      status: 'queued',
    });
    // The fixture's assigned choucheng case has had no first action yet.
    expect(rows[0]!.body).toMatch(/^【义乌安心外勤】12月2日待办：.*待首次处理 1 件/);
  });

  it('the worker delivers a digest like any other message', async () => {
    const api = await start({ digestOn: true });
    await run(api);
    const sent: Array<{ to: string; body: string }> = [];
    const provider: SmsProvider = {
      name: 'test',
      send: async (m) => {
        sent.push({ to: m.to, body: m.body });
      },
    };
    expect(
      await deliverDueSms({ db: api.db, now: () => new Date(clock), log: () => {} }, provider),
    ).toEqual({
      sent: 1,
      failed: 0,
    });
    expect(sent).toEqual([{ to: '13905790001', body: expect.stringContaining('待办') }]);
    expect((await digests(api))[0]!.status).toBe('sent');
  });

  it('sends nothing to units that did not ask for it', async () => {
    const api = await start({ digestOn: false });
    expect(await run(api)).toEqual({ queued: 0 });
    expect(await digests(api)).toEqual([]);
  });

  it('sends nothing outside the morning or on a day off', async () => {
    const api = await start({ digestOn: true });
    clock = Date.parse('2026-12-02T05:00:00Z'); // 13:00 in China
    expect(await run(api)).toEqual({ queued: 0 });
    clock = Date.parse('2026-12-05T00:30:00Z'); // Saturday 08:30
    expect(await run(api)).toEqual({ queued: 0 });
    expect(await digests(api)).toEqual([]);
  });
});
