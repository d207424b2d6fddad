import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { createApp } from '../../api/src/app';
import { startTestApi, type TestApi } from '../../api/test-support';
import type { BenchApi } from '../browser/entry';
import type { RunContext } from './scenario';
import { seedCases } from './seed-server';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** The officer whose scope holds the first-sync data set. */
export const OFFICER = 'officer.choucheng';
export const OFFICER_TOWN = 'choucheng';

type Listener = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface BrowserEnv {
  tmp: string;
  /** The app built by this run (same vite.config.ts as `npm run build`), served by `app`. */
  appDist: string;
  /** Set when this run's build failed and web/dist was used instead. */
  buildNote: string | null;
  api: TestApi;
  seededCases: number;
  /** http://127.0.0.1:<port>: bench page, /api (the real app), /pouch, /pg. */
  benchOrigin: string;
  /** http://localhost:<port>: the real app (PWA + API), another origin so its service worker never touches the bench page. */
  appOrigin: string;
  mount: (prefix: string, listener: Listener) => void;
  browser: Browser;
  /** The bench page, in one browser context kept for the run (its IndexedDB lives on between scenarios). */
  benchPage: () => Promise<Page>;
  close: () => Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Build chatter (the PWA plugin, the bundle-size report) goes to stderr: stdout is the table's. */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const log = console.log;
  const info = console.info;
  const write = process.stdout.write;
  console.log = (...a: unknown[]) => console.error(...a);
  console.info = console.log;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  try {
    return await fn();
  } finally {
    console.log = log;
    console.info = info;
    process.stdout.write = write;
  }
}

async function buildApp(out: string, ctx: RunContext): Promise<string | null> {
  try {
    await build({
      configFile: path.join(ROOT, 'vite.config.ts'),
      logLevel: 'error',
      build: { outDir: out, emptyOutDir: true },
    });
    return null;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    ctx.log(`  app build failed (${msg.split('\n')[0]}); falling back to web/dist`);
    const dist = path.join(ROOT, 'web', 'dist');
    if (!fs.existsSync(path.join(dist, 'index.html'))) throw err;
    fs.cpSync(dist, out, { recursive: true });
    return `this run's build failed (${msg.split('\n')[0]}); measured the existing web/dist`;
  }
}

async function buildBench(out: string): Promise<void> {
  await build({
    configFile: false,
    root: path.join(ROOT, 'bench', 'browser'),
    base: '/__bench/',
    logLevel: 'error',
    define: { __APP_BUILD__: JSON.stringify('bench') },
    resolve: { alias: { events: path.join(ROOT, 'bench', 'browser', 'events-shim.ts') } },
    build: { outDir: out, emptyOutDir: true, target: 'es2022', sourcemap: false },
  });
}

/**
 * Everything the browser scenarios share, made once per run: this run's build of the app,
 * the bench page (Vite bundle of the app's own data and sync modules), the real API on a
 * temp SQLite file seeded with the officer's cases, one loopback HTTP server and Chromium.
 */
export async function browserEnv(ctx: RunContext): Promise<BrowserEnv> {
  const cached = ctx.shared.get('browserEnv') as Promise<BrowserEnv> | undefined;
  if (cached) return cached;
  const made = makeEnv(ctx);
  ctx.shared.set('browserEnv', made);
  return made;
}

export async function closeBrowserEnv(ctx: RunContext): Promise<void> {
  const cached = ctx.shared.get('browserEnv') as Promise<BrowserEnv> | undefined;
  if (!cached) return;
  ctx.shared.delete('browserEnv');
  await (await cached.catch(() => null))?.close();
}

export interface AppBuild {
  tmp: string;
  appDist: string;
  benchDist: string;
  buildNote: string | null;
}

/** This run's build of the app (same vite.config.ts as `npm run build`, into a temp folder) and of the bench page. */
export function appBuild(ctx: RunContext): Promise<AppBuild> {
  const cached = ctx.shared.get('appBuild') as Promise<AppBuild> | undefined;
  if (cached) return cached;
  const made = (async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'anxin-bench-'));
    const appDist = path.join(tmp, 'app');
    const benchDist = path.join(tmp, 'bench');
    ctx.log('  building the app and the bench page (vite)…');
    const buildNote = await quietly(() => buildApp(appDist, ctx));
    await quietly(() => buildBench(benchDist));
    return { tmp, appDist, benchDist, buildNote };
  })();
  ctx.shared.set('appBuild', made);
  return made;
}

export async function cleanupBuild(ctx: RunContext): Promise<void> {
  const cached = ctx.shared.get('appBuild') as Promise<AppBuild> | undefined;
  if (!cached) return;
  ctx.shared.delete('appBuild');
  const b = await cached.catch(() => null);
  if (b) fs.rmSync(b.tmp, { recursive: true, force: true });
}

async function makeEnv(ctx: RunContext): Promise<BrowserEnv> {
  const seededCases = ctx.quick ? 4_000 : 20_000;
  // The build (native threads) and the seeding (this thread + SQLite) overlap: set-up time
  // counts against the run's 15 minutes.
  const seeding = (async () => {
    ctx.log(`  starting the API (SQLite) and seeding ${seededCases} cases…`);
    const api = await startTestApi();
    const t0 = performance.now();
    await seedCases(api, [
      { username: OFFICER, townId: OFFICER_TOWN, count: seededCases, prefix: 'sync' },
    ]);
    ctx.log(`  seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return api;
  })();
  const [{ tmp, appDist, benchDist, buildNote }, api] = await Promise.all([appBuild(ctx), seeding]);
  const app = createApp({ ...api.deps, config: { ...api.deps.config, webDist: appDist } });
  const appListener = getRequestListener(app.fetch);
  const mounts = new Map<string, Listener>();

  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    const host = req.headers.host ?? '';
    if (host.startsWith('127.0.0.1') && url.startsWith('/__bench/')) {
      const rel = url.slice('/__bench/'.length).split('?')[0] || 'index.html';
      const file = path.resolve(benchDist, rel);
      if (!file.startsWith(benchDist) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, {
        'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        // Scenario 6 imports the bench module into a document of the app's origin.
        'Access-Control-Allow-Origin': '*',
      });
      res.end(fs.readFileSync(file));
      return;
    }
    for (const [prefix, listener] of mounts) {
      if (url === prefix || url.startsWith(`${prefix}/`)) {
        req.url = url.slice(prefix.length) || '/';
        listener(req, res);
        return;
      }
    }
    appListener(req, res);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  const benchOrigin = `http://127.0.0.1:${port}`;
  let benchPage: Promise<Page> | null = null;
  const env: BrowserEnv = {
    tmp,
    appDist,
    buildNote,
    api,
    seededCases,
    benchOrigin,
    appOrigin: `http://localhost:${port}`,
    mount: (prefix, listener) => mounts.set(prefix, listener),
    browser,
    benchPage: () => {
      benchPage ??= (async () => {
        const context: BrowserContext = await browser.newContext();
        const page = await context.newPage();
        page.on('pageerror', (e) => ctx.log(`  [page error] ${e.message}`));
        await page.goto(`${benchOrigin}/__bench/index.html`);
        await page.waitForFunction(() => document.getElementById('state')?.textContent === 'ready');
        return page;
      })();
      return benchPage;
    },
    close: async () => {
      await browser.close().catch(() => undefined);
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await api.close();
    },
  };
  return env;
}

/** Calls one of the bench page's functions (see bench/browser/entry.ts) and returns its result. */
export function call<K extends keyof BenchApi>(
  page: Page,
  name: K,
  ...args: Parameters<BenchApi[K]>
): Promise<Awaited<ReturnType<BenchApi[K]>>> {
  return page.evaluate(
    ([n, a]) => {
      const b = (
        globalThis as unknown as { anxinBench: Record<string, (...x: unknown[]) => unknown> }
      ).anxinBench;
      return b[n as string]!(...(a as unknown[]));
    },
    [name, args] as const,
  ) as Promise<Awaited<ReturnType<BenchApi[K]>>>;
}
