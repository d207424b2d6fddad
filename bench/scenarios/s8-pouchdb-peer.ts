import { browserEnv, call, OFFICER } from '../lib/browser-env';
import type { Scenario } from '../lib/scenario';
import { round } from '../lib/stats';
import { pouchServer } from '../servers/pouch';
import { FIRST_SYNC_DB } from './s2-first-sync';

interface PulledChange {
  entity: string;
  id: string;
  op: 'put' | 'remove';
  data?: Record<string, unknown>;
}

/**
 * The peer: the same first sync done by PouchDB. The server side holds exactly what our pull
 * delivers to this officer (every case and event, as the API sends them, one document each)
 * in express-pouchdb over the memory adapter; pouchdb-browser in the same Chromium
 * replicates it into an empty IndexedDB database with its defaults. Ours: the same first
 * sync as scenario 2, timed again here right before the peer.
 */
export const s8: Scenario = {
  id: '8',
  title: 'peer: PouchDB first sync of the same data',
  async run(ctx) {
    const env = await browserEnv(ctx);
    const page = await env.benchPage();
    const token = await env.api.login(OFFICER);
    const docs: Array<Record<string, unknown>> = [];
    let cursor = '';
    for (;;) {
      const res = await env.api.fetch(
        `/api/sync/pull?limit=2000&cursor=${encodeURIComponent(cursor)}`,
        {
          headers: { Authorization: `Bearer ${token}` },
        },
      );
      const page = (await res.json()) as {
        changes: PulledChange[];
        cursor: string;
        hasMore: boolean;
      };
      for (const c of page.changes) {
        if (c.op === 'put' && c.data)
          docs.push({ ...c.data, _id: `${c.entity}:${c.id}`, entity: c.entity });
      }
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    const pouch = pouchServer();
    env.mount('/pouch', pouch.listener);
    const loaded = await pouch.load('cases', docs);
    const remote = `${env.benchOrigin}/pouch/cases`;
    // One round: PouchDB's replication is the long pole of the whole run (13 s on a quiet
    // machine, over a minute on a loaded one), and the run must finish within ~15 minutes.
    const rounds = 1;
    const ours: number[] = [];
    const peer: number[] = [];
    let peerDocs = 0;
    for (let r = 0; r < rounds; r++) {
      const got = await call(page, 'firstSync', `${FIRST_SYNC_DB}-s8`, OFFICER);
      if (got.lastError !== null) throw new Error(`our sync failed: ${got.lastError}`);
      ours.push(got.ms);
      const p = await call(page, 'pouchPull', remote, 'bench-pouch-peer');
      if (!p.ok || p.docs !== loaded)
        throw new Error(`PouchDB replicated ${p.docs} of ${loaded} docs`);
      peerDocs = p.docs;
      peer.push(p.ms);
      ctx.log(`  round ${r + 1}: ours ${got.ms.toFixed(0)} ms, PouchDB ${p.ms.toFixed(0)} ms`);
    }
    await call(page, 'dropDb', `${FIRST_SYNC_DB}-s8`);
    const best = Math.min(...ours);
    const bestPeer = Math.min(...peer);
    const ratio = best / bestPeer;
    return {
      rows: [
        {
          metric: `first sync ours ÷ PouchDB (${peerDocs} docs)`,
          value: round(best, 0),
          unit: 'ms',
          baseline: round(bestPeer, 0),
          baselineLabel: 'PouchDB',
          ratio: round(ratio),
          target: '≤ 0.25',
          met: ratio <= 0.25,
        },
      ],
      details: {
        documents: loaded,
        oursMs: ours.map((x) => round(x, 1)),
        pouchMs: peer.map((x) => round(x, 1)),
        pouchBatchSize: 'default (100)',
      },
    };
  },
};
