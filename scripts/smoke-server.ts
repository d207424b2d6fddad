// Drives a running server as a device and an operator would, and fails on the first thing
// that is not as it must be (scripts/check-production-install.sh runs it against the
// production install of the built server):
//
//   npx tsx scripts/smoke-server.ts --url http://127.0.0.1:8787 [--metrics-token T] [--postgres]
//
// health (live, ready, legacy), the PWA page, a demo officer's sign-in, a push that applies
// and its re-send that is answered from the idempotency log, a pull, then /metrics: refused
// when forwarded without the token, parsed strictly, and counting that push.
import { randomUUID } from 'node:crypto';
import { sampleCaseArgs } from '../api/test-support/fixture';
import { parsePrometheusText, sampleValue } from '../api/test-support/prometheus-text';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const url = arg('--url') ?? 'http://127.0.0.1:8787';
const metricsToken = arg('--metrics-token');
const postgres = process.argv.includes('--postgres');

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`smoke: ${what}`);
}

async function status(path: string, init?: RequestInit): Promise<Response> {
  return fetch(`${url}${path}`, init);
}

async function main(): Promise<void> {
  const started = performance.now();
  check((await status('/api/health/live')).status === 200, 'live is not 200');
  const ready = await status('/api/health/ready');
  check(ready.status === 200, `ready is ${ready.status}: ${await ready.text()}`);
  check((await status('/api/health')).status === 200, 'legacy /api/health is not 200');
  const page = await status('/');
  check(page.status === 200 && (await page.text()).includes('<html'), 'the PWA page is not served');

  const login = await status('/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'officer.choucheng', password: 'anxin-demo' }),
  });
  check(login.status === 200, `login answered ${login.status}`);
  const { token } = (await login.json()) as { token: string };
  const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };

  const requestId = `smoke-${randomUUID().slice(0, 8)}`;
  const push = {
    clientId: `smoke${randomUUID().replace(/-/g, '').slice(0, 12)}`,
    mutations: [
      {
        id: `m-${randomUUID()}`,
        name: 'case.create',
        args: sampleCaseArgs(randomUUID(), 'choucheng', 1),
      },
    ],
  };
  const first = await status('/api/sync/push', {
    method: 'POST',
    headers: { ...auth, 'X-Request-Id': requestId },
    body: JSON.stringify(push),
  });
  check(first.status === 200, `push answered ${first.status}: ${await first.clone().text()}`);
  check(first.headers.get('X-Request-Id') === requestId, 'X-Request-Id not answered');
  const answer = (await first.json()) as { results: Array<{ status: string }> };
  check(answer.results[0]?.status === 'applied', `push result ${JSON.stringify(answer)}`);
  const again = await status('/api/sync/push', {
    method: 'POST',
    headers: auth,
    body: JSON.stringify(push),
  });
  check(again.status === 200, `re-sent push answered ${again.status}`);
  const pull = await status('/api/sync/pull', { headers: auth });
  check(pull.status === 200, `pull answered ${pull.status}`);
  const pulled = ((await pull.json()) as { changes: unknown[] }).changes.length;

  const forwarded = await status('/metrics', { headers: { 'X-Forwarded-For': '203.0.113.9' } });
  check(forwarded.status === 403, `forwarded /metrics without token answered ${forwarded.status}`);
  if (metricsToken) {
    const withToken = await status('/metrics', {
      headers: { 'X-Forwarded-For': '203.0.113.9', Authorization: `Bearer ${metricsToken}` },
    });
    check(withToken.status === 200, `/metrics with the token answered ${withToken.status}`);
  }
  const metrics = await status('/metrics');
  check(metrics.status === 200, `/metrics from loopback answered ${metrics.status}`);
  check(
    (metrics.headers.get('Content-Type') ?? '').startsWith('text/plain'),
    '/metrics is not text/plain',
  );
  const families = parsePrometheusText(await metrics.text());
  const applied = sampleValue(families, 'anxin_push_mutations_total', { outcome: 'applied' });
  const replayed = sampleValue(families, 'anxin_push_mutations_total', { outcome: 'replayed' });
  const pushes = sampleValue(families, 'anxin_http_requests_total', {
    method: 'POST',
    route: '/api/sync/push',
    status: '200',
  });
  check(applied === 1, `anxin_push_mutations_total{outcome="applied"} is ${applied}, not 1`);
  check(replayed === 1, `anxin_push_mutations_total{outcome="replayed"} is ${replayed}, not 1`);
  check(pushes === 2, `push requests counted ${pushes}, not 2`);
  check((sampleValue(families, 'anxin_pull_changes_total') ?? 0) >= pulled, 'pull changes');
  for (const name of [
    'anxin_http_request_duration_seconds_bucket',
    'anxin_push_admission_queue_length',
    'anxin_push_admission_refused_total',
    'anxin_sms_outbox_messages',
    'anxin_sms_outbox_oldest_queued_age_seconds',
    'nodejs_eventloop_lag_seconds',
    ...(postgres ? ['anxin_db_pool_connections'] : []),
  ]) {
    check(sampleValue(families, name) !== undefined, `${name} missing from /metrics`);
  }
  console.log(
    `[smoke] ${url} ok in ${Math.round(performance.now() - started)} ms: ` +
      `${families.size} metric families, applied=${applied} replayed=${replayed} pulled=${pulled}`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
