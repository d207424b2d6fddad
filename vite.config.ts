import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const WEB = resolve(import.meta.dirname, 'web');
const OUT = resolve(WEB, 'dist');

/**
 * The officer's first screen must load fast on a weak 3G link at a company gate (issue 5).
 * 130 KB (issue 14) held React, Dexie and the list's virtualizer with room for the screen
 * itself; since issue 18 the first screen of a cold start is the lock screen, and the first
 * chunk is React, the lock screen and the vault only (Dexie, the list and the rest are
 * import()ed at boot: app/Opened.tsx). zod and i18next load with the screens that need them.
 */
const OFFICER_INITIAL_JS_BUDGET_GZIP = 130 * 1024;

/**
 * The workers' public pages (/k, issue 17) open from a poster's QR code, often in WeChat's
 * in-app browser on a cheap phone with little data left: Preact (React's 60 KB react-dom
 * alone would fill the budget), the shared rule modules and the form, nothing of the
 * officers' app. Image compression loads only when a photo is added.
 */
const WORKER_CHANNEL_JS_BUDGET_GZIP = 60 * 1024;

/**
 * Which modules the workers' entry reaches by static imports, learnt when the module graph
 * is complete (buildEnd) and read by the chunk groups, which run after it.
 */
function workerChannelGraph(): { plugin: Plugin; outside: (id: string) => boolean } {
  const reached = new Set<string>();
  return {
    outside: (id) => !reached.has(id),
    plugin: {
      name: 'anxin-worker-channel-graph',
      apply: 'build',
      // After vite-plugin-pwa (listed before it, also 'post'), whose link it removes.
      enforce: 'post',
      buildEnd() {
        reached.clear();
        const visit = (id: string): void => {
          if (reached.has(id)) return;
          reached.add(id);
          for (const dep of this.getModuleInfo(id)?.importedIds ?? []) visit(dep);
        };
        visit(ENTRIES.k);
      },
      // vite-plugin-pwa links the officers' manifest into every page; on the workers' page
      // it would offer to install 安心外勤, an app a worker cannot sign in to.
      transformIndexHtml: {
        order: 'post',
        handler(html, ctx) {
          if (resolve(ctx.filename) !== ENTRIES.k) return html;
          return html.replace(/\s*<link rel="manifest"[^>]*>/g, '');
        },
      },
    },
  };
}

/** The two HTML entries; the keys name the entry chunks. */
const ENTRIES = {
  index: resolve(WEB, 'index.html'),
  k: resolve(WEB, 'k', 'index.html'),
};

/**
 * Prints the officer route's initial JavaScript — the HTML entry chunk plus every chunk it
 * imports statically, i.e. what the browser must fetch before the case list can paint —
 * gzipped, and fails the build over budget. Lazy chunks (office screens, the mediation form,
 * signature pads, image compression) are listed apart because they never block first paint.
 * The workers' entry (/k) is measured the same way beside it, against its own budget.
 * The figures also go to web/dist/bundle-size.json for the benchmarks (issue 8).
 */
function bundleSizePlugin(): Plugin {
  return {
    name: 'anxin-bundle-size',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = new Map<string, { code: string; imports: string[]; isEntry: boolean }>();
      for (const item of Object.values(bundle)) {
        if (item.type === 'chunk') {
          chunks.set(item.fileName, {
            code: item.code,
            imports: [...item.imports],
            isEntry: item.isEntry,
          });
        }
      }
      const entryOf = (html: string): string | undefined =>
        [...Object.values(bundle)].find(
          (item) => item.type === 'chunk' && item.isEntry && item.facadeModuleId === html,
        )?.fileName;
      const officerEntry = entryOf(ENTRIES.index);
      // The service worker's own build (vite-plugin-pwa) has neither page: nothing to count.
      if (officerEntry === undefined) return;
      const closure = (entry: string | undefined): Set<string> => {
        const seen = new Set<string>();
        const visit = (name: string): void => {
          if (seen.has(name)) return;
          seen.add(name);
          for (const dep of chunks.get(name)?.imports ?? []) visit(dep);
        };
        if (entry !== undefined) visit(entry);
        return seen;
      };
      const initial = closure(officerEntry);
      const workerEntry = entryOf(ENTRIES.k);
      const workerInitial = closure(workerEntry);
      const gz = (code: string): number => gzipSync(code, { level: 9 }).length;
      const rowsOf = (names: Set<string>) =>
        [...names].map((name) => ({ name, gzip: gz(chunks.get(name)!.code) }));
      const rows = rowsOf(initial);
      const total = rows.reduce((s, r) => s + r.gzip, 0);
      const workerRows = rowsOf(workerInitial);
      const workerTotal = workerRows.reduce((s, r) => s + r.gzip, 0);
      const lazy = [...chunks.keys()]
        .filter((n) => !initial.has(n) && !workerInitial.has(n))
        .map((name) => ({ name, gzip: gz(chunks.get(name)!.code) }));
      const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
      const lines = [
        '',
        'Officer route initial JS (gzip):',
        ...rows.map((r) => `  ${r.name.padEnd(48)} ${kb(r.gzip)}`),
        `  TOTAL ${kb(total)} (budget ${kb(OFFICER_INITIAL_JS_BUDGET_GZIP)})`,
        "Workers' page /k initial JS (gzip):",
        ...workerRows.map((r) => `  ${r.name.padEnd(48)} ${kb(r.gzip)}`),
        `  TOTAL ${kb(workerTotal)} (budget ${kb(WORKER_CHANNEL_JS_BUDGET_GZIP)})`,
        `Lazy chunks: ${lazy.length}, ${kb(lazy.reduce((s, r) => s + r.gzip, 0))} gzip in all`,
        '',
      ];
      console.log(lines.join('\n'));
      this.emitFile({
        type: 'asset',
        fileName: 'bundle-size.json',
        source: JSON.stringify(
          {
            officerInitialJsGzip: total,
            budget: OFFICER_INITIAL_JS_BUDGET_GZIP,
            initial: rows,
            workerChannelInitialJsGzip: workerTotal,
            workerChannelBudget: WORKER_CHANNEL_JS_BUDGET_GZIP,
            workerChannelInitial: workerRows,
            lazy,
          },
          null,
          2,
        ),
      });
      if (total > OFFICER_INITIAL_JS_BUDGET_GZIP) {
        this.error(
          `Officer route initial JS is ${kb(total)} gzipped, over the ${kb(OFFICER_INITIAL_JS_BUDGET_GZIP)} budget`,
        );
      }
      if (workerEntry === undefined) {
        this.error("The workers' page (web/k/index.html) produced no entry chunk");
      }
      if (workerTotal > WORKER_CHANNEL_JS_BUDGET_GZIP) {
        this.error(
          `Workers' page /k initial JS is ${kb(workerTotal)} gzipped, over the ${kb(WORKER_CHANNEL_JS_BUDGET_GZIP)} budget`,
        );
      }
    },
  };
}

const workerChannel = workerChannelGraph();

/**
 * In dev, /k and /k?unit=… are the workers' page as the API serves them in production
 * (api/src/routes/web.ts); Vite's own fallback would answer with the officers' index.html.
 */
const workerChannelDevRoute: Plugin = {
  name: 'anxin-worker-channel-dev-route',
  apply: 'serve',
  configureServer(server) {
    server.middlewares.use((req, _res, next) => {
      if (req.url === '/k' || req.url?.startsWith('/k?')) req.url = `/k/${req.url.slice(2)}`;
      next();
    });
  },
};

export default defineConfig({
  root: WEB,
  publicDir: join(WEB, 'public'),
  build: {
    outDir: OUT,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    rolldownOptions: {
      input: ENTRIES,
      output: {
        codeSplitting: {
          groups: [
            // Everything the first screen needs in ONE chunk: one request on a weak link,
            // and one gzip stream compresses better than a dozen small ones. Not what the
            // workers' page reaches: left to the automatic split, its own modules stay in
            // its entry chunk and the few rule modules both pages use get a small chunk of
            // their own, so a worker never downloads the officers' app.
            {
              name: 'app',
              tags: ['$initial'],
              test: workerChannel.outside,
              // What it captures may import what it may not (the shared rule modules);
              // those stay out, and no cycle can form: they import nothing of the app's.
              includeDependenciesRecursively: false,
            },
          ],
        },
      },
    },
  },
  define: {
    // Shown in Settings, so an officer (and the e2e update test) can tell which build runs.
    __APP_BUILD__: JSON.stringify(process.env.ANXIN_BUILD_ID ?? new Date().toISOString()),
  },
  server: {
    // In dev the API runs apart (npm run serve); the PWA calls it on the same origin.
    proxy: { '/api': 'http://127.0.0.1:8787' },
  },
  plugins: [
    // The workers' page is Preact (its files say so with @jsxImportSource): React's fast
    // refresh must not wrap its components in dev.
    react({ refreshExclude: /[\\/]src[\\/]worker-channel[\\/]|[\\/]node_modules[\\/]/ }),
    bundleSizePlugin(),
    VitePWA({
      // injectManifest: our own service worker (web/src/sw.ts) so it can answer Background
      // Sync's 'sync' event with the data layer's runBackgroundSync().
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      // 'prompt', never 'autoUpdate': an automatic reload could throw away a half-filled
      // mediation record or a form the officer is typing; the app offers "新版本可用" and
      // applies it only when no form is dirty.
      registerType: 'prompt',
      injectRegister: false,
      // The glob below already precaches every icon; listing them again would only add
      // duplicate precache entries.
      includeManifestIcons: false,
      manifest: {
        name: '安心外勤',
        short_name: '安心外勤',
        description: '欠薪案件外勤处置：离线办案、现场调解、自动同步',
        lang: 'zh-CN',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#0a4b8f',
        background_color: '#ffffff',
        categories: ['productivity', 'government'],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          {
            src: '/icons/maskable-192.png',
            sizes: '192x192',
            type: 'image/png',
            purpose: 'maskable',
          },
          {
            src: '/icons/maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
      injectManifest: {
        // The app shell and every lazy chunk are precached, so any screen opens cold with no
        // network. JSON (bundle-size.json) is a build report, not part of the app.
        globPatterns: ['**/*.{js,css,html,svg,png}'],
        // The workers' page is not part of the officers' app: no officer needs it offline,
        // and the officers' worker never answers for it (sw.ts).
        globIgnores: ['k/**', 'assets/k-*'],
        // Lazy chunks (image compression, signature pads) are large-ish but must work offline.
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
      },
      // No service worker in dev: a cached shell would hide code changes while developing.
      devOptions: { enabled: false },
    }),
    workerChannel.plugin,
    workerChannelDevRoute,
  ],
});
