import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import {
  sampleCaseArgs,
  startTestApi,
  TEST_CASES,
  TEST_USERS,
  type TestApi,
} from '../../test-support';
import { parsePrometheusText, sampleValue } from '../../test-support/prometheus-text';
import { createApp } from '../app';
import { connect } from '../db/connect';
import { pushAdmission } from '../services/sync/admission';
import { lifecycleOf } from './lifecycle';

const TOKEN = 'metrics-token-for-tests-0123456789';

let t: TestApi | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

async function scrape(api: TestApi) {
  const res = await api.fetch('/metrics', { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return parsePrometheusText(await res.text());
}

function accessLines(api: TestApi) {
  return api.logs.filter((l) => l.event === 'http.request').map((l) => l.data ?? {});
}

function pushBody(clientId: string, id = `m-${randomUUID()}`) {
  return {
    clientId,
    mutations: [{ id, name: 'case.create', args: sampleCaseArgs(randomUUID(), 'choucheng', 7) }],
  };
}

describe('request ids and access lines', () => {
  it('keeps a plain X-Request-Id, replaces a hostile or missing one, and answers it', async () => {
    t = await startTestApi();
    const kept = await t.fetch('/api/health', { headers: { 'X-Request-Id': 'lb-7f3a9c21.e5' } });
    expect(kept.headers.get('X-Request-Id')).toBe('lb-7f3a9c21.e5');
    for (const hostile of ['short', 'x'.repeat(65), 'two words here', 'a"b\\c{}<script>']) {
      const res = await t.fetch('/api/health', { headers: { 'X-Request-Id': hostile } });
      expect(res.headers.get('X-Request-Id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    const made = await t.fetch('/api/health');
    expect(made.headers.get('X-Request-Id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(accessLines(t).map((l) => l.status)).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it('names the route pattern, the user, the role and the device, never the ids in the path', async () => {
    t = await startTestApi();
    const token = await t.login(TEST_USERS.officerChoucheng.username);
    expect(
      (await t.api(token, 'GET', `/api/cases/${TEST_CASES.chouchengOwn}`, undefined)).status,
    ).toBe(200);
    expect((await t.api(token, 'POST', '/api/sync/push', pushBody('device-abc123'))).status).toBe(
      200,
    );
    expect((await t.api(null, 'GET', '/api/sync/pull')).status).toBe(401);
    const [login, read, push, anonymous] = accessLines(t);
    expect(login).toMatchObject({ method: 'POST', route: '/api/auth/login', status: 200 });
    expect(read).toMatchObject({
      method: 'GET',
      route: '/api/cases/:id',
      status: 200,
      userId: TEST_USERS.officerChoucheng.id,
      role: 'officer',
      clientId: null,
    });
    expect(typeof read?.ms).toBe('number');
    expect(push).toMatchObject({ route: '/api/sync/push', clientId: 'device-abc123', status: 200 });
    // Refused by the auth middleware: still named by the handler it was for.
    expect(anonymous).toMatchObject({ route: '/api/sync/pull', status: 401, userId: null });
  });
});

describe('/metrics', () => {
  it('is refused without the token off loopback, served from loopback, and never when forwarded', async () => {
    t = await startTestApi({ listen: true, config: { metricsToken: TOKEN } });
    expect((await t.fetch('/metrics')).status).toBe(403);
    expect((await t.fetch('/metrics', { headers: { Authorization: 'Bearer wrong' } })).status).toBe(
      403,
    );
    expect((await fetch(`${t.url}/metrics`)).status).toBe(200);
    const forwarded = await fetch(`${t.url}/metrics`, {
      headers: { 'X-Forwarded-For': '198.51.100.7' },
    });
    expect(forwarded.status).toBe(403);
    const withToken = await fetch(`${t.url}/metrics`, {
      headers: { 'X-Forwarded-For': '198.51.100.7', Authorization: `Bearer ${TOKEN}` },
    });
    expect(withToken.status).toBe(200);
    expect(withToken.headers.get('Content-Type')).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('counts requests by route and status, pushed mutations by outcome, and pulled changes', async () => {
    t = await startTestApi({ config: { metricsToken: TOKEN } });
    const token = await t.login(TEST_USERS.officerChoucheng.username);
    const body = pushBody('device-metrics1');
    expect((await t.api(token, 'POST', '/api/sync/push', body)).status).toBe(200);
    expect((await t.api(token, 'POST', '/api/sync/push', body)).status).toBe(200);
    const bad = {
      clientId: 'device-metrics1',
      mutations: [{ id: `m-${randomUUID()}`, name: 'case.create', args: { id: 'x' } }],
    };
    expect((await t.api(token, 'POST', '/api/sync/push', bad)).status).toBe(200);
    const pull = await t.api(token, 'GET', '/api/sync/pull');
    const changes = ((await pull.json()) as { changes: unknown[] }).changes.length;
    expect(changes).toBeGreaterThan(0);

    const m = await scrape(t);
    expect(sampleValue(m, 'anxin_push_mutations_total', { outcome: 'applied' })).toBe(1);
    expect(sampleValue(m, 'anxin_push_mutations_total', { outcome: 'replayed' })).toBe(1);
    expect(sampleValue(m, 'anxin_push_mutations_total', { outcome: 'rejected' })).toBe(1);
    expect(sampleValue(m, 'anxin_push_mutations_total', { outcome: 'conflict' })).toBe(0);
    expect(sampleValue(m, 'anxin_pull_changes_total')).toBe(changes);
    expect(sampleValue(m, 'anxin_pulls_total')).toBe(1);
    const route = { method: 'POST', route: '/api/sync/push', status: '200' };
    expect(sampleValue(m, 'anxin_http_requests_total', route)).toBe(3);
    expect(sampleValue(m, 'anxin_http_request_duration_seconds_count', route)).toBe(3);
    // SQLite has no pool to report.
    expect(sampleValue(m, 'anxin_db_pool_connections')).toBeUndefined();
  });

  it('reports the admission queue and counts the pushes it refuses', async () => {
    t = await startTestApi({ config: { metricsToken: TOKEN, pushConcurrency: 1, pushQueue: 0 } });
    const token = await t.login(TEST_USERS.officerChoucheng.username);
    // Hold the one push slot, as a long push would.
    const release = await pushAdmission(t.deps).enter()!;
    const refused = await t.api(token, 'POST', '/api/sync/push', pushBody('device-busy001'));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('Retry-After')).toMatch(/^[1-5]$/);
    let m = await scrape(t);
    expect(sampleValue(m, 'anxin_push_admission_refused_total')).toBe(1);
    expect(sampleValue(m, 'anxin_push_admission_active')).toBe(1);
    expect(
      sampleValue(m, 'anxin_http_requests_total', { route: '/api/sync/push', status: '503' }),
    ).toBe(1);
    release();
    m = await scrape(t);
    expect(sampleValue(m, 'anxin_push_admission_active')).toBe(0);
    expect(sampleValue(m, 'anxin_push_admission_queue_length')).toBe(0);
  });

  it('reads the SMS outbox at scrape time: backlog, retries, failures and the oldest age', async () => {
    const now = new Date('2026-12-01T08:00:00.000Z');
    t = await startTestApi({ now: () => now, config: { metricsToken: TOKEN } });
    await sql`delete from sms_outbox`.execute(t.db);
    const row = (status: string, attempts: number, created: string, next: string) =>
      sql`insert into sms_outbox (mobile, body, status, attempts, next_attempt_at, created_at)
          values ('13800138000', 'x', ${status}, ${attempts}, ${next}, ${created})`.execute(t!.db);
    await row('queued', 0, '2026-12-01T07:50:00.000Z', '2026-12-01T07:50:00.000Z');
    await row('queued', 2, '2026-12-01T07:00:00.000Z', '2026-12-01T09:00:00.000Z');
    await row('failed', 8, '2026-11-30T07:00:00.000Z', '2026-11-30T09:00:00.000Z');
    await row('sent', 1, '2026-11-30T07:00:00.000Z', '2026-11-30T07:00:00.000Z');
    const m = await scrape(t);
    expect(sampleValue(m, 'anxin_sms_outbox_messages', { state: 'queued' })).toBe(2);
    expect(sampleValue(m, 'anxin_sms_outbox_messages', { state: 'due' })).toBe(1);
    expect(sampleValue(m, 'anxin_sms_outbox_messages', { state: 'retrying' })).toBe(1);
    expect(sampleValue(m, 'anxin_sms_outbox_messages', { state: 'failed' })).toBe(1);
    expect(sampleValue(m, 'anxin_sms_outbox_oldest_queued_age_seconds')).toBe(3600);
  });

  it('keeps each app instance to its own counts', async () => {
    t = await startTestApi({ config: { metricsToken: TOKEN } });
    const other = await startTestApi({ config: { metricsToken: TOKEN } });
    try {
      await other.fetch('/api/health');
      await other.fetch('/api/health');
      await t.fetch('/api/health');
      const mine = await scrape(t);
      const theirs = await scrape(other);
      const count = (f: typeof mine) =>
        f
          .get('anxin_http_requests_total')!
          .samples.filter((s) => s.labels.route?.startsWith('/api/health'))
          .reduce((a, s) => a + s.value, 0);
      expect(count(mine)).toBe(1);
      expect(count(theirs)).toBe(2);
    } finally {
      await other.close();
    }
  });
});

describe('health', () => {
  it('live answers while the process runs; ready is 503 while draining; /api/health stays', async () => {
    t = await startTestApi();
    expect((await t.fetch('/api/health/live')).status).toBe(200);
    const ready = await t.fetch('/api/health/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ok: true, database: 'ok', pendingMigrations: [] });
    lifecycleOf(t.deps).draining = true;
    const draining = await t.fetch('/api/health/ready');
    expect(draining.status).toBe(503);
    expect(await draining.json()).toMatchObject({ ok: false, draining: true });
    expect((await t.fetch('/api/health/live')).status).toBe(200);
    const legacy = await t.fetch('/api/health');
    expect(legacy.status).toBe(200);
    expect(await legacy.json()).toMatchObject({ ok: true, db: 'sqlite' });
  });

  it('ready is 503 and names the migrations while the schema is behind this code', async () => {
    const conn = connect({ dialect: 'sqlite', path: ':memory:' });
    try {
      const app = createApp({
        db: conn.db,
        dialect: 'sqlite',
        config: (await import('../../test-support')).testConfig(),
        now: () => new Date(),
        log: () => {},
      });
      const res = await app.fetch(new Request('http://anxin.test/api/health/ready'));
      expect(res.status).toBe(503);
      const body = (await res.json()) as { pendingMigrations: string[] };
      expect(body.pendingMigrations[0]).toBe('0001_initial');
    } finally {
      await conn.close();
    }
  });
});
