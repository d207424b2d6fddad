import { browserEnv, call, OFFICER } from '../lib/browser-env';
import type { Scenario } from '../lib/scenario';
import { round } from '../lib/stats';

export const FIRST_SYNC_DB = 'bench-first-sync';

/**
 * First sync into an empty browser database through the real sync engine (syncNow: push of
 * an empty outbox, then the paged, pipelined pull into the app's Dexie schema), of the
 * officer's ~1 KB cases and their events. Floor: the very rows that sync stored, read back
 * untimed, written raw into a twin IndexedDB database with the same object stores and
 * indexes, 2,000 rows per transaction, same browser, same run. Two rounds each, alternated;
 * the best of each is compared (the machine is shared and noisy).
 */
export const s2: Scenario = {
  id: '2',
  title: 'first sync into an empty browser database',
  async run(ctx) {
    const env = await browserEnv(ctx);
    const page = await env.benchPage();
    {
      const rounds = ctx.quick ? 1 : 2;
      const ours: Array<Awaited<ReturnType<typeof call<'firstSync'>>>> = [];
      const floor: Array<Awaited<ReturnType<typeof call<'rawWrite'>>>> = [];
      for (let r = 0; r < rounds; r++) {
        const got = await call(page, 'firstSync', FIRST_SYNC_DB, OFFICER);
        if (got.lastError !== null || got.cases < env.seededCases) {
          throw new Error(`first sync incomplete: ${JSON.stringify(got)}`);
        }
        ours.push(got);
        floor.push(await call(page, 'rawWrite', FIRST_SYNC_DB, 'bench-raw-twin', 2_000));
        ctx.log(
          `  round ${r + 1}: sync ${got.ms.toFixed(0)} ms, raw ${floor.at(-1)!.ms.toFixed(0)} ms`,
        );
      }
      // Profile: the same pages fetched and parsed with nothing written (server + network + JSON).
      const fetched = await call(page, 'fetchOnly', OFFICER, 1_000);
      const written = await call(page, 'writeOnly', 'bench-write-only', OFFICER, 1_000);
      // The same, with the seal middleware removed: what sealing costs on the write path.
      const unsealed = await call(page, 'writeOnly', 'bench-write-only', OFFICER, 1_000, false);
      // ...and the server's share: the same pages answered in-process (app.fetch, JSON
      // body read as text), no socket, no browser.
      const token = await env.api.login(OFFICER);
      const s0 = performance.now();
      let cursor = '';
      for (;;) {
        const res = await env.api.fetch(
          `/api/sync/pull?limit=1000&cursor=${encodeURIComponent(cursor)}`,
          { headers: { Authorization: `Bearer ${token}` } },
        );
        const body = JSON.parse(await res.text()) as { cursor: string; hasMore: boolean };
        cursor = body.cursor;
        if (!body.hasMore) break;
      }
      const serverMs = performance.now() - s0;
      const best = Math.min(...ours.map((o) => o.ms));
      const bestFloor = Math.min(...floor.map((o) => o.ms));
      ctx.shared.set('s2.synced', true);
      const ratio = best / bestFloor;
      return {
        rows: [
          {
            metric: `first sync of ${ours[0]!.cases} cases + ${ours[0]!.events} events`,
            value: round(best, 0),
            unit: 'ms',
            baseline: round(bestFloor, 0),
            baselineLabel: 'raw IDB',
            ratio: round(ratio),
            target: '≤ 1.3',
            met: ratio <= 1.3,
          },
        ],
        details: {
          cases: ours[0]!.cases,
          events: ours[0]!.events,
          bytesPerCaseRow: floor[0]!.bytes,
          rowsPerTransactionFloor: 2_000,
          oursMs: ours.map((o) => round(o.ms, 1)),
          rawMs: floor.map((o) => round(o.ms, 1)),
          profile: {
            note: 'fetchOnly: the same pages fetched + JSON-parsed in the page, nothing written; writeOnly: the engine writePage on pages already in memory; writeOnlyUnsealed: the same writePage with the seal middleware removed (the cost of sealing); serverOnly: the same pages produced in-process by the API; a perfect pipeline takes max(fetchOnly, writeOnly) when CPU is free',
            writeOnlyMs: round(written.ms, 1),
            serverOnlyMs: round(serverMs, 1),
            writeOnlyVsRaw: round(written.ms / bestFloor, 3),
            writeOnlyUnsealedMs: round(unsealed.ms, 1),
            writeOnlyUnsealedVsRaw: round(unsealed.ms / bestFloor, 3),
          },
          fetchOnly: {
            ms: round(fetched.ms, 1),
            pages: fetched.pages,
            changes: fetched.changes,
            mbJson: round(fetched.chars / 1e6, 2),
          },
          buildNote: env.buildNote,
        },
      };
    }
  },
};
