import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const WEB = resolve(import.meta.dirname, 'web');
const OUT = resolve(WEB, 'dist');

/**
 * The officer's first screen must load fast on a weak 3G link at a company gate (issue 5).
 * 130 KB (issue 14) holds React, Dexie and the list's virtualizer with room for the screen
 * itself; zod and i18next load with the screens that need them.
 */
const OFFICER_INITIAL_JS_BUDGET_GZIP = 130 * 1024;

/**
 * Prints the officer route's initial JavaScript — the HTML entry chunk plus every chunk it
 * imports statically, i.e. what the browser must fetch before the case list can paint —
 * gzipped, and fails the build over budget. Lazy chunks (office screens, the mediation form,
 * signature pads, image compression) are listed apart because they never block first paint.
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
      const entries = [...chunks.entries()].filter(([, c]) => c.isEntry).map(([name]) => name);
      if (entries.length === 0) return;
      const initial = new Set<string>();
      const visit = (name: string): void => {
        if (initial.has(name)) return;
        initial.add(name);
        for (const dep of chunks.get(name)?.imports ?? []) visit(dep);
      };
      for (const e of entries) visit(e);
      const gz = (code: string): number => gzipSync(code, { level: 9 }).length;
      const rows = [...initial].map((name) => ({ name, gzip: gz(chunks.get(name)!.code) }));
      const total = rows.reduce((s, r) => s + r.gzip, 0);
      const lazy = [...chunks.keys()]
        .filter((n) => !initial.has(n))
        .map((name) => ({ name, gzip: gz(chunks.get(name)!.code) }));
      const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
      const lines = [
        '',
        'Officer route initial JS (gzip):',
        ...rows.map((r) => `  ${r.name.padEnd(48)} ${kb(r.gzip)}`),
        `  TOTAL ${kb(total)} (budget ${kb(OFFICER_INITIAL_JS_BUDGET_GZIP)})`,
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
    },
  };
}

export default defineConfig({
  root: WEB,
  publicDir: join(WEB, 'public'),
  build: {
    outDir: OUT,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // Everything the first screen needs in ONE chunk: one request on a weak link,
            // and one gzip stream compresses better than a dozen small ones.
            { name: 'app', tags: ['$initial'] },
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
    react(),
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
        // Lazy chunks (image compression, signature pads) are large-ish but must work offline.
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
      },
      // No service worker in dev: a cached shell would hide code changes while developing.
      devOptions: { enabled: false },
    }),
  ],
});
