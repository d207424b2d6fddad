import type { CDPSession, Page } from 'playwright-core';
import { browserEnv, call } from '../lib/browser-env';
import type { Scenario } from '../lib/scenario';
import { seedCases } from '../lib/seed-server';
import { round } from '../lib/stats';
import { pouchServer } from '../servers/pouch';

/** Another officer and town than scenarios 1, 2, 6 and 8 use, so their data sets stay as they were. */
const WEAK_OFFICER = 'officer.fotang';
const WEAK_TOWN = 'fotang';
const WEAK_DB = 'bench-weak-network';
const POUCH_PREFIX = '/pouch-weak';

/** "Slow 4G" / good 3G, as DevTools' preset: 1.6 Mbps down, 750 kbps up, 150 ms latency. */
export const WEAK_NETWORK = {
  offline: false,
  latency: 150,
  downloadThroughput: 1.6e6 / 8,
  uploadThroughput: 750e3 / 8,
} as const;

interface PulledChange {
  entity: string;
  id: string;
  op: 'put' | 'remove';
  data?: Record<string, unknown>;
}

interface Wire {
  requests: number;
  /** Sum of Network.loadingFinished encodedDataLength: what came down, headers included. */
  downBytes: number;
  /** Request bodies as the page sent them (postData; a lower bound when CDP omits a body). */
  upBytes: number;
  /** Content-Encoding of every answer, counted ("identity" when none). */
  encodings: Record<string, number>;
  acceptEncoding: string | null;
  paths: Record<string, number>;
  failed: number;
}

/**
 * Counts what one timed call moves over the emulated link: every request the page makes
 * while `watch` is armed whose path starts with `prefix` (so the login before a sync, which
 * is outside its timing, is left out).
 */
function wireMeter(cdp: CDPSession) {
  let prefix: string | null = null;
  let wire: Wire | null = null;
  const ids = new Set<string>();
  cdp.on('Network.requestWillBeSent', (e) => {
    if (!wire || !prefix) return;
    const path = new URL(e.request.url).pathname;
    if (!path.startsWith(prefix)) return;
    ids.add(e.requestId);
    wire.requests++;
    wire.upBytes += e.request.postData?.length ?? 0;
    wire.paths[path] = (wire.paths[path] ?? 0) + 1;
  });
  cdp.on('Network.requestWillBeSentExtraInfo', (e) => {
    if (!wire || !ids.has(e.requestId) || wire.acceptEncoding !== null) return;
    const h = Object.entries(e.headers).find(([k]) => k.toLowerCase() === 'accept-encoding');
    if (h) wire.acceptEncoding = String(h[1]);
  });
  cdp.on('Network.responseReceived', (e) => {
    if (!wire || !ids.has(e.requestId)) return;
    const h = Object.entries(e.response.headers).find(
      ([k]) => k.toLowerCase() === 'content-encoding',
    );
    const enc = h ? String(h[1]) : 'identity';
    wire.encodings[enc] = (wire.encodings[enc] ?? 0) + 1;
  });
  cdp.on('Network.loadingFinished', (e) => {
    if (!wire || !ids.has(e.requestId)) return;
    wire.downBytes += e.encodedDataLength;
  });
  cdp.on('Network.loadingFailed', (e) => {
    if (wire && ids.has(e.requestId)) wire.failed++;
  });
  return {
    async watch<T>(pathPrefix: string, fn: () => Promise<T>): Promise<{ out: T; wire: Wire }> {
      prefix = pathPrefix;
      const w: Wire = {
        requests: 0,
        downBytes: 0,
        upBytes: 0,
        encodings: {},
        acceptEncoding: null,
        paths: {},
        failed: 0,
      };
      wire = w;
      ids.clear();
      try {
        const out = await fn();
        // loadingFinished can trail the page's own promise by an event-loop turn.
        await new Promise((r) => setTimeout(r, 200));
        return { out, wire: w };
      } finally {
        wire = null;
        prefix = null;
      }
    },
  };
}

/** Request counts per path, PouchDB's checkpoint documents folded into one. */
function tidy(paths: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [p, n] of Object.entries(paths)) {
    const key = p.replace(/\/_local\/.*$/, '/_local/:id');
    out[key] = (out[key] ?? 0) + n;
  }
  return out;
}

async function docsOf(
  env: Awaited<ReturnType<typeof browserEnv>>,
  username: string,
): Promise<Array<Record<string, unknown>>> {
  const token = await env.api.login(username);
  const docs: Array<Record<string, unknown>> = [];
  let cursor = '';
  for (;;) {
    const res = await env.api.fetch(
      `/api/sync/pull?limit=2000&cursor=${encodeURIComponent(cursor)}`,
      { headers: { Authorization: `Bearer ${token}` } },
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
  return docs;
}

async function throttle(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', WEAK_NETWORK);
  return cdp;
}

/**
 * Issue 20: the first sync of a town's worth of cases (2,000 + their events) over a weak
 * mobile link — Chromium's own network emulation (CDP Network.emulateNetworkConditions,
 * 1.6 Mbps down / 750 kbps up / 150 ms) on the bench page — ours (the engine's real
 * syncNow into an empty sealed DB) against PouchDB replicating exactly the documents our
 * pull delivers (as scenario 8), same link, same run. Both servers compress by
 * Accept-Encoding (ours br/gzip, express-pouchdb gzip), so bytes on the wire are what
 * each protocol really costs; they are summed from CDP's loadingFinished.encodedDataLength.
 */
export const s9: Scenario = {
  id: '9',
  title: 'weak network: first sync over emulated slow 4G, ours vs PouchDB',
  async run(ctx) {
    const env = await browserEnv(ctx);
    const page = await env.benchPage();
    const count = ctx.quick ? 500 : 2_000;
    ctx.log(`  seeding ${count} cases in ${WEAK_TOWN} for ${WEAK_OFFICER}…`);
    await seedCases(env.api, [
      { username: WEAK_OFFICER, townId: WEAK_TOWN, count, prefix: 'weak' },
    ]);
    const docs = await docsOf(env, WEAK_OFFICER);
    const pouch = pouchServer();
    env.mount(POUCH_PREFIX, pouch.listener);
    const loaded = await pouch.load('weak', docs);
    const remote = `${env.benchOrigin}${POUCH_PREFIX}/weak`;

    // Profile: the same sync without the emulated link, just before: what is the device's
    // own work (decompress, parse, seal, IndexedDB) and what is the link's.
    const unthrottled = await call(page, 'firstSync', WEAK_DB, WEAK_OFFICER);
    if (unthrottled.lastError !== null)
      throw new Error(`our unthrottled sync failed: ${unthrottled.lastError}`);
    ctx.log(`  ours without the emulated link ${unthrottled.ms.toFixed(0)} ms`);

    const cdp = await throttle(page);
    const meter = wireMeter(cdp);
    let ours: { out: Awaited<ReturnType<typeof call<'firstSync'>>>; wire: Wire };
    let peer: { out: Awaited<ReturnType<typeof call<'pouchPull'>>>; wire: Wire };
    try {
      ours = await meter.watch('/api/sync/', () => call(page, 'firstSync', WEAK_DB, WEAK_OFFICER));
      if (ours.out.lastError !== null || ours.out.cases < count)
        throw new Error(`our sync incomplete: ${JSON.stringify(ours.out)}`);
      ctx.log(
        `  ours ${ours.out.ms.toFixed(0)} ms, ${ours.wire.downBytes} B down in ${ours.wire.requests} requests`,
      );
      peer = await meter.watch(POUCH_PREFIX, () =>
        call(page, 'pouchPull', remote, 'bench-pouch-weak'),
      );
      if (!peer.out.ok || peer.out.docs !== loaded)
        throw new Error(`PouchDB replicated ${peer.out.docs} of ${loaded} docs`);
      ctx.log(
        `  PouchDB ${peer.out.ms.toFixed(0)} ms, ${peer.wire.downBytes} B down in ${peer.wire.requests} requests`,
      );
    } finally {
      // The bench page is shared by the run: it must leave this scenario at full speed.
      await cdp
        .send('Network.emulateNetworkConditions', {
          offline: false,
          latency: 0,
          downloadThroughput: -1,
          uploadThroughput: -1,
        })
        .catch(() => undefined);
      await cdp.detach().catch(() => undefined);
    }
    await call(page, 'dropDb', WEAK_DB);
    // The link cannot be faster than its own throughput: if a side came in under the time
    // its bytes need at 1.6 Mbps, the emulation was not in force and the figures mean nothing.
    const floorMs = (w: Wire) => (w.downBytes / WEAK_NETWORK.downloadThroughput) * 1000;
    for (const [who, r] of [
      ['ours', ours],
      ['PouchDB', peer],
    ] as const) {
      if (r.out.ms < floorMs(r.wire) * 0.95)
        throw new Error(
          `${who}: ${r.out.ms.toFixed(0)} ms for ${r.wire.downBytes} B is faster than the emulated link allows (${floorMs(r.wire).toFixed(0)} ms): emulation not applied`,
        );
    }
    const cases = ours.out.cases;
    const ratio = ours.out.ms / peer.out.ms;
    const perCase = (w: Wire) => round(w.downBytes / cases, 0);
    return {
      rows: [
        {
          metric: `first sync over slow 4G, ours ÷ PouchDB (${cases} cases + ${ours.out.events} events)`,
          value: round(ours.out.ms, 0),
          unit: 'ms',
          baseline: round(peer.out.ms, 0),
          baselineLabel: 'PouchDB',
          ratio: round(ratio),
          target: '≤ 0.25',
          met: ratio <= 0.25,
        },
      ],
      details: {
        network: {
          ...WEAK_NETWORK,
          note: 'CDP Network.emulateNetworkConditions on the bench page; throughputs in bytes/s',
        },
        cases,
        events: ours.out.events,
        pouchDocuments: loaded,
        oursMs: round(ours.out.ms, 1),
        pouchMs: round(peer.out.ms, 1),
        wire: {
          note: 'downBytes: sum of CDP loadingFinished encodedDataLength (body as sent, compressed, plus headers) of the timed requests; upBytes: request bodies (postData); bytesPerCase: downBytes ÷ cases synced',
          ours: {
            bytesPerCase: perCase(ours.wire),
            ...ours.wire,
            paths: tidy(ours.wire.paths),
            linkFloorMs: round(floorMs(ours.wire), 0),
            latencyIfSequentialMs: ours.wire.requests * WEAK_NETWORK.latency,
          },
          pouch: {
            bytesPerCase: perCase(peer.wire),
            ...peer.wire,
            paths: tidy(peer.wire.paths),
            linkFloorMs: round(floorMs(peer.wire), 0),
            latencyIfSequentialMs: peer.wire.requests * WEAK_NETWORK.latency,
          },
        },
        profile: {
          note: 'oursUnthrottledMs: the same first sync with no emulated link, same page, right before (the device side: decompress, parse, seal, IndexedDB); linkFloorMs: bytes down ÷ 1.6 Mbps; latencyIfSequentialMs: requests × 150 ms (the bound when each request waits for the last); on a loaded machine the device side, not the link, decides ours',
          oursUnthrottledMs: round(unthrottled.ms, 1),
        },
        pouchBatchSize: 'default (100)',
        buildNote: env.buildNote,
      },
    };
  },
};
