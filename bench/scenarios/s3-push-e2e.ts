import { getRequestListener } from '@hono/node-server';
import { startTestApi, type TestApi } from '../../api/test-support';
import { browserEnv, call } from '../lib/browser-env';
import type { Row, Scenario } from '../lib/scenario';
import { round } from '../lib/stats';
import { DEFAULT_PG_URL } from '../servers/child';

const PUSHER = 'officer.fotang';
const PUSHER_TOWN = 'fotang';

/**
 * Push end to end: 10,000 cases created offline through the real createCase action (untimed
 * set-up), then the real push loop (web/src/sync/push.ts) drains the outbox — batches of
 * 200 over HTTP on loopback, the server applies each mutation (SQLite synchronous=FULL, or
 * PostgreSQL), the device stores every result. Target: ≥ 50% of scenario 4's service rate.
 */
export const s3: Scenario = {
  id: '3',
  title: 'push 10,000 queued mutations end to end',
  async run(ctx) {
    const env = await browserEnv(ctx);
    const page = await env.benchPage();
    const count = ctx.quick ? 1_000 : 10_000;
    const s4Rate = ctx.shared.get('s4.rate') as number | undefined;
    const rows: Row[] = [];
    const details: Record<string, unknown> = { mutations: count, s4Rate: s4Rate ?? null };
    if (s4Rate === undefined) {
      details.note =
        'scenario 4 did not run in this run: the ratio needs its rate (run --only=4,3)';
    }
    // Queue once through the real action (slow, untimed), then give each dialect its own copy.
    const queuedDb = 'bench-push-queued';
    const queued = await call(page, 'queueCreates', queuedDb, PUSHER, PUSHER_TOWN, count, 'push');
    if (queued.queued !== count) throw new Error(`queued ${queued.queued} of ${count}`);
    details.queueMsPerCreate = round(queued.ms / count, 3);
    for (const dialect of ['sqlite', 'postgres'] as const) {
      let pgApi: TestApi | null = null;
      try {
        let baseUrl = '';
        if (dialect === 'postgres') {
          process.env.TEST_DATABASE_URL ||= DEFAULT_PG_URL;
          pgApi = await startTestApi({ dialect: 'postgres' });
          env.mount('/pg', getRequestListener(pgApi.app.fetch));
          baseUrl = '/pg';
        }
        const db = `bench-push-${dialect}`;
        const copy = await call(page, 'cloneQueued', queuedDb, db);
        if (copy.queued !== count) throw new Error(`copied ${copy.queued} of ${count}`);
        const got = await call(page, 'pushAll', db, PUSHER, baseUrl);
        await call(page, 'dropDb', db);
        if (!got.ok || got.left !== 0 || got.accepted !== count) {
          throw new Error(`push incomplete: ${JSON.stringify(got)}`);
        }
        const rate = count / (got.ms / 1000);
        const ratio = s4Rate === undefined ? null : rate / s4Rate;
        details[dialect] = {
          pushMs: round(got.ms, 1),
          rate: round(rate, 1),
          waitingForServerMs: round(got.fetchMs, 1),
          deviceMs: round(got.ms - got.fetchMs, 1),
        };
        ctx.log(`  ${dialect}: ${rate.toFixed(0)} mutations/s end to end`);
        rows.push({
          metric: `push end to end, ${dialect} (mutations/s)`,
          value: round(rate, 1),
          unit: '/s',
          baseline: s4Rate === undefined ? null : round(s4Rate, 1),
          baselineLabel: 'scenario 4',
          ratio: ratio === null ? null : round(ratio),
          target: '≥ 0.50',
          met: ratio !== null && ratio >= 0.5,
        });
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        ctx.log(`  ${dialect}: ${msg}`);
        details[dialect] = { error: msg };
        rows.push({
          metric: `push end to end, ${dialect} (could not run)`,
          value: Number.NaN,
          unit: '/s',
          baseline: null,
          ratio: null,
          target: '≥ 0.50',
          met: false,
        });
      } finally {
        await pgApi?.close();
      }
    }
    await call(page, 'dropDb', queuedDb);
    return { rows, details };
  },
};
