import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { appBuild } from '../lib/browser-env';
import type { Scenario } from '../lib/scenario';
import { round } from '../lib/stats';

const KB = 1024;
// A copy typed as Uint8Array<ArrayBuffer>: the tools tsconfig mixes DOM and Node typings of Buffer.
const gz = (b: Buffer): number => gzipSync(Uint8Array.from(b), { level: 9 }).length;

/** Static imports of an ES module chunk: `import … from "./x.js"`, `import "./x.js"`, `export … from`. Not `import("…")`. */
export function staticImports(code: string): string[] {
  const out: string[] = [];
  const re = /(?:\bfrom|\bimport)\s*["']([^"']+\.m?js)["']/g;
  for (let m = re.exec(code); m; m = re.exec(code)) out.push(m[1]!);
  return out;
}

/** What index.html makes the browser fetch as JavaScript before the app can run: its module entries, modulepreloads and their static imports. */
export function initialJs(dist: string): Array<{ file: string; raw: number; gzip: number }> {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const roots: string[] = [];
  for (const m of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) roots.push(m[1]!);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g))
    roots.push(m[1]!);
  const seen = new Map<string, { file: string; raw: number; gzip: number }>();
  const visit = (urlPath: string) => {
    const rel = urlPath.replace(/^\//, '');
    if (seen.has(rel)) return;
    const buf = fs.readFileSync(path.join(dist, rel));
    seen.set(rel, { file: rel, raw: buf.length, gzip: gz(buf) });
    for (const imp of staticImports(buf.toString('utf8'))) {
      visit(path.posix.join(path.posix.dirname(`/${rel}`), imp));
    }
  };
  for (const r of roots) visit(r);
  return [...seen.values()];
}

/** The service worker's precache manifest (injectManifest: `{url, revision}` entries inlined in sw.js). */
export function precache(dist: string): { entries: number; raw: number; gzip: number; sw: number } {
  const swFile = ['sw.js', 'sw.mjs'].map((f) => path.join(dist, f)).find((f) => fs.existsSync(f));
  if (!swFile) throw new Error(`no service worker in ${dist}`);
  const sw = fs.readFileSync(swFile);
  const urls = new Set<string>();
  for (const m of sw.toString('utf8').matchAll(/["']?url["']?\s*:\s*["']([^"']+)["']/g))
    urls.add(m[1]!);
  let raw = 0;
  let gzip = 0;
  for (const u of urls) {
    const buf = fs.readFileSync(path.join(dist, u.replace(/^\//, '')));
    raw += buf.length;
    gzip += gz(buf);
  }
  return { entries: urls.size, raw, gzip, sw: sw.length };
}

/**
 * Officer route initial JavaScript, read from the built app (this run's build of
 * vite.config.ts): index.html's module entry and modulepreloads plus everything they import
 * statically, each file gzipped (level 9) and summed. Lazy chunks (dynamic import) are not
 * initial. The whole precache (every URL in the service worker's manifest) is reported too.
 */
export const s7: Scenario = {
  id: '7',
  title: 'officer route initial JavaScript and precache size',
  async run(ctx) {
    const { appDist, buildNote } = await appBuild(ctx);
    const files = initialJs(appDist);
    const total = files.reduce((s, f) => s + f.gzip, 0);
    const rawTotal = files.reduce((s, f) => s + f.raw, 0);
    const pre = precache(appDist);
    // The budget is the build's own (vite.config.ts writes it next to its figures): one
    // number, so the benchmark and the build cannot disagree on what "met" means.
    const { budget } = JSON.parse(
      fs.readFileSync(path.join(appDist, 'bundle-size.json'), 'utf8'),
    ) as { budget: number };
    const css = fs
      .readdirSync(path.join(appDist, 'assets'))
      .filter((f) => f.endsWith('.css'))
      .reduce((s, f) => s + gz(fs.readFileSync(path.join(appDist, 'assets', f))), 0);
    return {
      rows: [
        {
          metric: 'officer initial JS, gzip',
          value: round(total / KB, 1),
          unit: 'KB',
          baseline: null,
          ratio: null,
          target: `≤ ${round(budget / KB, 1)} KB`,
          met: total <= budget,
        },
        {
          metric: `whole precache (${pre.entries} files), gzip / raw`,
          value: round(pre.gzip / KB, 1),
          unit: 'KB',
          baseline: null,
          ratio: null,
          target: `report (raw ${round(pre.raw / KB, 1)} KB)`,
          met: true,
        },
      ],
      details: {
        initial: files.map((f) => ({
          ...f,
          gzipKB: round(f.gzip / KB, 1),
          rawKB: round(f.raw / KB, 1),
        })),
        initialRawKB: round(rawTotal / KB, 1),
        initialGzipKB: round(total / KB, 2),
        cssGzipKB: round(css / KB, 1),
        precache: {
          entries: pre.entries,
          rawKB: round(pre.raw / KB, 1),
          gzipKB: round(pre.gzip / KB, 1),
          swFileKB: round(pre.sw / KB, 1),
        },
        buildNote,
      },
    };
  },
};
