import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { APPROVAL_UNDO_MS } from '@anxin/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApi, TEST_CASES, type TestApi } from '../../../test-support';
import { smsOfCase } from '../../repositories/sms-outbox';
import { httpSmsProvider, logSmsProvider, type SmsProvider } from './provider';
import { deliverDueSms, MAX_SMS_ATTEMPTS, retryDelayMs } from './worker';

describe('SMS outbox delivery', () => {
  let t: TestApi | null = null;
  let clock = Date.parse('2026-11-23T02:00:00Z');
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  async function resolvedCase(): Promise<TestApi> {
    clock = Date.parse('2026-11-23T02:00:00Z');
    t = await startTestApi({ now: () => new Date(clock) });
    // The fixture's dispatches told their workers; those messages are not this test's.
    await deliverDueSms(t.deps, { name: 'drain', send: async () => {} });
    const token = await t.login('officer.choucheng');
    const res = await t.api(token, 'POST', '/api/sync/push', {
      clientId: 'device-sms-0001',
      mutations: [
        {
          id: 'mutation-sms-1',
          name: 'case.transition',
          args: {
            id: TEST_CASES.chouchengOwn,
            to: 'resolved',
            outcome: 'paid_in_full',
            recoveredFen: 500_000,
          },
          baseVersion: 1,
        },
      ],
    });
    expect(res.status).toBe(200);
    // The worker is told once the office approves, after the approval's undo window.
    const office = await t.login('office.1');
    const approved = await t.api(office, 'POST', '/api/sync/push', {
      clientId: 'device-sms-0002',
      mutations: [
        {
          id: 'mutation-sms-2',
          name: 'case.review',
          args: { id: TEST_CASES.chouchengOwn, decision: 'approve' },
          baseVersion: 2,
        },
      ],
    });
    expect(((await approved.json()) as { results: Array<{ status: string }> }).results).toEqual([
      expect.objectContaining({ status: 'applied' }),
    ]);
    expect(await deliverDueSms(t.deps, { name: 'none', send: async () => {} })).toEqual({
      sent: 0,
      failed: 0,
    });
    clock += APPROVAL_UNDO_MS;
    return t;
  }

  it('sends each queued message once and records it on the case', async () => {
    const api = await resolvedCase();
    const sent: Array<{ to: string; body: string }> = [];
    const provider: SmsProvider = { name: 'memory', send: async (m) => void sent.push(m) };
    expect(await deliverDueSms(api.deps, provider)).toEqual({ sent: 1, failed: 0 });
    expect(await deliverDueSms(api.deps, provider)).toEqual({ sent: 0, failed: 0 });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toBe('13800138000');
    expect(sent[0]!.body).toMatch(/^【义乌安心外勤】.*YW-\d{4}-\d{6}.*已化解/);
    const [row] = await smsOfCase(api.db, TEST_CASES.chouchengOwn);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    const officer = await api.login('officer.choucheng');
    const detail = await (
      await api.api(officer, 'GET', `/api/cases/${TEST_CASES.chouchengOwn}`)
    ).json();
    expect(detail).toMatchObject({ sms: [{ status: 'sent', mobile: '138****8000' }] });
  });

  it('retries a failed send with backoff and gives up after the last attempt', async () => {
    const api = await resolvedCase();
    let calls = 0;
    const failing: SmsProvider = {
      name: 'down',
      send: async () => {
        calls++;
        throw new Error('gateway down');
      },
    };
    expect(await deliverDueSms(api.deps, failing)).toEqual({ sent: 0, failed: 1 });
    let [row] = await smsOfCase(api.db, TEST_CASES.chouchengOwn);
    expect(row).toMatchObject({ status: 'queued', attempts: 1, lastError: 'gateway down' });
    // Not due again until the backoff has passed.
    expect(await deliverDueSms(api.deps, failing)).toEqual({ sent: 0, failed: 0 });
    for (let i = 1; i < MAX_SMS_ATTEMPTS; i++) {
      clock += retryDelayMs(i - 1) + 1;
      await deliverDueSms(api.deps, failing);
    }
    [row] = await smsOfCase(api.db, TEST_CASES.chouchengOwn);
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_SMS_ATTEMPTS });
    expect(calls).toBe(MAX_SMS_ATTEMPTS);
    clock += 10 * 3600_000;
    await deliverDueSms(api.deps, failing);
    expect(calls).toBe(MAX_SMS_ATTEMPTS);
  });

  it('recovers after a failure when the gateway comes back', async () => {
    const api = await resolvedCase();
    let up = false;
    const flaky: SmsProvider = {
      name: 'flaky',
      send: async () => {
        if (!up) throw new Error('timeout');
      },
    };
    await deliverDueSms(api.deps, flaky);
    up = true;
    clock += retryDelayMs(0) + 1;
    expect(await deliverDueSms(api.deps, flaky)).toEqual({ sent: 1, failed: 0 });
    const [row] = await smsOfCase(api.db, TEST_CASES.chouchengOwn);
    expect(row).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  });
});

describe('SMS providers', () => {
  it('the log provider appends one JSON line per message', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'anxin-sms-')), 'sub', 'sms.log');
    const p = logSmsProvider(file);
    await p.send({ to: '13800138000', body: '您好', ref: 'sms-1' });
    await p.send({ to: '13900139000', body: '再见', ref: 'sms-2' });
    const lines = fs
      .readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toMatchObject([
      { to: '13800138000', body: '您好', ref: 'sms-1' },
      { to: '13900139000', body: '再见', ref: 'sms-2' },
    ]);
  });

  it('the HTTP provider posts JSON with the bearer token and fails on non-2xx', async () => {
    const received: Array<{ auth: string | undefined; body: unknown }> = [];
    let status = 200;
    const server = http.createServer((req, res) => {
      let data = '';
      req.on('data', (c) => {
        data += c;
      });
      req.on('end', () => {
        received.push({ auth: req.headers.authorization, body: JSON.parse(data) });
        res.writeHead(status).end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as AddressInfo;
    try {
      const p = httpSmsProvider({ url: `http://127.0.0.1:${port}/sms`, token: 'secret-token' });
      await p.send({ to: '13800138000', body: '您好', ref: 'sms-9' });
      expect(received).toEqual([
        {
          auth: 'Bearer secret-token',
          body: { to: '13800138000', templateId: null, params: null, body: '您好', ref: 'sms-9' },
        },
      ]);
      await p.send({
        to: '13800138000',
        body: '【义乌安心外勤】…',
        ref: 'sms-11',
        templateId: 'AX_ARBITRATION',
        params: { caseNo: 'YW-2026-000001' },
      });
      expect(received[1]!.body).toEqual({
        to: '13800138000',
        templateId: 'AX_ARBITRATION',
        params: { caseNo: 'YW-2026-000001' },
        body: '【义乌安心外勤】…',
        ref: 'sms-11',
      });
      status = 503;
      await expect(p.send({ to: '13800138000', body: 'x', ref: 'sms-10' })).rejects.toThrow(/503/);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
