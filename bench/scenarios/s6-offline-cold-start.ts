import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { browserEnv, CHROMIUM, CHROMIUM_ARGS, OFFICER } from '../lib/browser-env';
import type { Scenario } from '../lib/scenario';
import { median, round } from '../lib/stats';

/**
 * Records, in the page, when the case list's first rows are on screen: the first
 * [data-testid=case-item] in the DOM, then the next frame and a task after it (the frame
 * has been painted). performance.now() counts from the navigation's start.
 */
const FIRST_ROWS_PROBE = `(() => {
  const w = window;
  const check = () => {
    if (w.__benchFirstRowsSeen) return true;
    if (!document.querySelector('[data-testid="case-item"]')) return false;
    w.__benchFirstRowsSeen = true;
    requestAnimationFrame(() => setTimeout(() => { w.__benchFirstRows = performance.now(); }, 0));
    return true;
  };
  const obs = new MutationObserver(() => { if (check()) obs.disconnect(); });
  obs.observe(document, { childList: true, subtree: true });
})();`;

/** Copies of the synced cases under new ids, raw IndexedDB in the app's own database, until `total`. */
async function topUp(total: number): Promise<number> {
  const open = indexedDB.open('anxin-field');
  const idb: IDBDatabase = await new Promise((res, rej) => {
    open.onsuccess = () => res(open.result);
    open.onerror = () => rej(open.error);
  });
  const all: Array<Record<string, unknown>> = await new Promise((res, rej) => {
    const r = idb.transaction('cases').objectStore('cases').getAll();
    r.onsuccess = () => res(r.result as Array<Record<string, unknown>>);
    r.onerror = () => rej(r.error);
  });
  for (let i = all.length; i < total; i += 2000) {
    const tx = idb.transaction('cases', 'readwrite');
    const store = tx.objectStore('cases');
    for (let j = i; j < Math.min(i + 2000, total); j++) {
      const m = all[j % all.length]!;
      store.put({ ...m, id: `copy-${j}`, caseNo: `${String(m.caseNo)}-${j}` });
    }
    await new Promise<void>((res, rej) => {
      tx.oncomplete = () => res();
      tx.onerror = () => rej(tx.error);
    });
  }
  const count: number = await new Promise((res, rej) => {
    const r = idb.transaction('cases').objectStore('cases').count();
    r.onsuccess = () => res(r.result);
    r.onerror = () => rej(r.error);
  });
  idb.close();
  return count;
}

/**
 * Profile of the list's query, in the app's database: every case by the receivedAt index
 * (what CaseList's live query reads before its first row), against the first screen only
 * (a reverse cursor on the same index, 30 rows).
 */
async function listQueryCost(): Promise<{ allMs: number; allRows: number; firstScreenMs: number }> {
  const open = indexedDB.open('anxin-field');
  const idb: IDBDatabase = await new Promise((res, rej) => {
    open.onsuccess = () => res(open.result);
    open.onerror = () => rej(open.error);
  });
  const t0 = performance.now();
  const all: unknown[] = await new Promise((res, rej) => {
    const r = idb.transaction('cases').objectStore('cases').index('receivedAt').getAll();
    r.onsuccess = () => res(r.result);
    r.onerror = () => rej(r.error);
  });
  const t1 = performance.now();
  const first: unknown[] = await new Promise((res, rej) => {
    const rows: unknown[] = [];
    const r = idb
      .transaction('cases')
      .objectStore('cases')
      .index('receivedAt')
      .openCursor(null, 'prev');
    r.onsuccess = () => {
      const c = r.result;
      if (c && rows.length < 30) {
        rows.push(c.value);
        c.continue();
      } else res(rows);
    };
    r.onerror = () => rej(r.error);
  });
  const t2 = performance.now();
  idb.close();
  return { allMs: t1 - t0, allRows: all.length, firstScreenMs: first.length ? t2 - t1 : -1 };
}

/**
 * Offline cold start: the real built app (served by the real API, service worker and all)
 * in a persistent Chromium profile. Set-up, online: sign in through the sign-in screen, let
 * the app's own first sync finish, wait for the service worker to control the page, then
 * top the app's database up to 50,000 cases. Each measured start is a NEW browser process on
 * that profile with the network off: open the app, time from navigation start until the
 * case list's first rows are painted. Three starts; the median is the figure.
 */
export const s6: Scenario = {
  id: '6',
  title: 'offline cold start with 50,000 cases stored',
  async run(ctx) {
    const env = await browserEnv(ctx);
    const total = ctx.quick ? 20_000 : 50_000;
    const starts = ctx.quick ? 2 : 3;
    const profile = fs.mkdtempSync(path.join(env.tmp, 'profile-'));
    const launch = () =>
      chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        args: CHROMIUM_ARGS,
        headless: true,
        serviceWorkers: 'allow',
        locale: 'zh-CN',
      });
    let stored = 0;
    let queryCost: Awaited<ReturnType<typeof listQueryCost>> | null = null;
    {
      const context = await launch();
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        await page.goto(`${env.appOrigin}/`);
        await page.getByLabel('用户名').fill(OFFICER);
        await page.getByLabel('密码').fill('anxin-demo');
        await page.getByRole('button', { name: '登录' }).click();
        await page
          .getByTestId('sync-pending')
          .and(page.locator('[data-all-synced="true"]'))
          .waitFor({ timeout: 180_000 });
        await page.evaluate(async () => {
          await navigator.serviceWorker.ready;
        });
        await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
          timeout: 30_000,
        });
        stored = await page.evaluate(topUp, total);
        await page.goto('about:blank');
        // A plain document of the app's origin (the app itself would run its own query meanwhile).
        await page.goto(`${env.appOrigin}/favicon.svg`);
        queryCost = await page.evaluate(listQueryCost);
        ctx.log(`  set-up: signed in, synced, ${stored} cases stored, service worker in control`);
      } finally {
        await context.close();
      }
    }
    const times: number[] = [];
    const fcp: number[] = [];
    for (let i = 0; i < starts; i++) {
      const context = await launch();
      try {
        await context.setOffline(true);
        await context.addInitScript(FIRST_ROWS_PROBE);
        const page = context.pages()[0] ?? (await context.newPage());
        await page.goto(`${env.appOrigin}/`, { waitUntil: 'commit' });
        await page.waitForFunction(
          () => (window as unknown as { __benchFirstRows?: number }).__benchFirstRows !== undefined,
          undefined,
          {
            timeout: 30_000,
          },
        );
        const got = await page.evaluate(() => ({
          firstRows: (window as unknown as { __benchFirstRows: number }).__benchFirstRows,
          fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
          controlled: navigator.serviceWorker.controller !== null,
          online: navigator.onLine,
        }));
        if (!got.controlled || got.online)
          throw new Error(`not an offline start from the service worker: ${JSON.stringify(got)}`);
        times.push(got.firstRows);
        if (got.fcp !== null) fcp.push(got.fcp);
        ctx.log(
          `  start ${i + 1}: first rows painted at ${got.firstRows.toFixed(0)} ms (FCP ${got.fcp?.toFixed(0) ?? '?'} ms)`,
        );
      } finally {
        await context.close();
      }
    }
    const value = median(times);
    return {
      rows: [
        {
          metric: `offline cold start → first rows, ${stored} cases`,
          value: round(value, 0),
          unit: 'ms',
          baseline: null,
          ratio: null,
          target: '≤ 1000 ms',
          met: value <= 1000,
        },
      ],
      details: {
        profile: queryCost && {
          allCasesByReceivedAtMs: round(queryCost.allMs, 1),
          rows: queryCost.allRows,
          firstScreen30RowsMs: round(queryCost.firstScreenMs, 2),
        },
        casesStored: stored,
        startsMs: times.map((t) => round(t, 1)),
        fcpMs: fcp.map((t) => round(t, 1)),
      },
    };
  },
};
