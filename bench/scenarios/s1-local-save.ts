import { browserEnv, call, OFFICER } from '../lib/browser-env';
import type { Scenario } from '../lib/scenario';
import { mean, percentile, round } from '../lib/stats';
import { FIRST_SYNC_DB } from './s2-first-sync';

/**
 * Local save with 50,000 cases stored: the real createActions(...).updateCase (load the row,
 * append to the outbox, rebuild the case view, all in ONE Dexie transaction) on random
 * cases of a database filled by a real first sync and topped up with copies of those rows.
 * Each edit is followed by a raw IndexedDB single put of a case row into the same object
 * store (same indexes, same row count) in its own transaction: the floor, same moments.
 */
const UNSEALED_DB = 'bench-unsealed-twin';

export const s1: Scenario = {
  id: '1',
  title: 'local save with 50,000 cases stored',
  async run(ctx) {
    const env = await browserEnv(ctx);
    const page = await env.benchPage();
    const total = ctx.quick ? 20_000 : 50_000;
    const edits = ctx.quick ? 100 : 300;
    if (!ctx.shared.get('s2.synced')) {
      const got = await call(page, 'firstSync', FIRST_SYNC_DB, OFFICER);
      if (got.lastError !== null) throw new Error(`set-up sync failed: ${got.lastError}`);
      ctx.shared.set('s2.synced', true);
    }
    const filled = await call(page, 'fillTo', FIRST_SYNC_DB, total);
    const { user } = await call(page, 'login', OFFICER);
    const got = await call(page, 'localSaves', FIRST_SYNC_DB, user, edits, 20);
    // Profile: the same saves with the seal middleware removed, on a twin of the same cases.
    await call(page, 'unsealedTwin', FIRST_SYNC_DB, UNSEALED_DB);
    const plain = await call(page, 'localSaves', UNSEALED_DB, user, edits, 20, false);
    await call(page, 'dropDb', UNSEALED_DB);
    if (got.outbox < edits) throw new Error(`only ${got.outbox} edits reached the outbox`);
    const p95 = percentile(got.editMs, 95);
    const m = mean(got.editMs);
    const putMean = mean(got.putMs);
    const ratio = m / putMean;
    return {
      rows: [
        {
          metric: `updateCase p95, ${got.cases} cases stored`,
          value: round(p95, 2),
          unit: 'ms',
          baseline: null,
          ratio: null,
          target: '≤ 4 ms',
          met: p95 <= 4,
        },
        {
          metric: 'updateCase mean vs raw single put',
          value: round(m, 2),
          unit: 'ms',
          baseline: round(putMean, 2),
          baselineLabel: 'raw put',
          ratio: round(ratio),
          target: '≤ 2',
          met: ratio <= 2,
        },
      ],
      details: {
        casesStored: got.cases,
        copiesAdded: filled.made,
        edits: got.editMs.length,
        edit: {
          mean: round(m, 3),
          p50: round(percentile(got.editMs, 50), 3),
          p95: round(p95, 3),
          p99: round(percentile(got.editMs, 99), 3),
          max: round(Math.max(...got.editMs), 3),
        },
        profile: {
          rawSameRequestsMean: round(mean(got.sameOpsMs), 3),
          rawOneRoundTripMean: round(mean(got.oneTripMs), 3),
          dexieSixTableSinglePutMean: round(mean(got.dexiePutMs), 3),
          afterRead: {
            mean: round(mean(got.afterReadMs), 3),
            p95: round(percentile(got.afterReadMs, 95), 3),
          },
          unsealed: {
            mean: round(mean(plain.editMs), 3),
            p95: round(percentile(plain.editMs, 95), 3),
            rawPutMean: round(mean(plain.putMs), 3),
            ratio: round(mean(plain.editMs) / mean(plain.putMs), 3),
          },
          note: 'rawSameRequests: the IndexedDB requests updateCase makes, raw, one transaction (get; then add + put); rawOneRoundTrip: the same three requests issued at once; dexieSixTableSinglePut: Dexie rw transaction over the six tables updateCase locks, one put; afterRead: updateCase on a case read just before (untimed), as from its detail screen; unsealed: the same updateCase run (same sizes, run right after) on a twin database without the seal middleware, with its own interleaved raw puts',
        },
        rawPut: {
          mean: round(putMean, 3),
          p50: round(percentile(got.putMs, 50), 3),
          p95: round(percentile(got.putMs, 95), 3),
        },
      },
    };
  },
};
