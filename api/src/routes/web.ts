import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { Hono } from 'hono';
import type { AppEnv } from '../http/context';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

const MISSING_PAGE = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>安心外勤</title>
<body><h1>安心外勤 API 正在运行</h1><p>尚未构建网页应用（找不到 web/dist）。请先运行 <code>npm run build</code>，或使用 <code>npm start</code>。</p>
<p>The API is running, but the PWA has not been built (web/dist is missing). Run <code>npm run build</code> or <code>npm start</code>.</p></body></html>`;

interface StaticFile {
  full: string;
  data: Buffer;
  mtimeMs: number;
}

async function readFileIn(root: string, rel: string): Promise<StaticFile | null> {
  const full = path.resolve(root, `.${path.posix.normalize(`/${rel}`)}`);
  // Never serve outside the build folder, whatever the URL says.
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  try {
    const stat = await fs.stat(full);
    return stat.isFile() ? { full, data: await fs.readFile(full), mtimeMs: stat.mtimeMs } : null;
  } catch {
    return null;
  }
}

/** Text types worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.webmanifest',
  '.svg',
  '.txt',
  '.map',
]);
/** Below this a compressed body saves less than its headers cost. */
const MIN_COMPRESS_BYTES = 1024;

type Encoding = 'br' | 'gzip';

/** The best encoding the client accepts (`q=0` refuses one), brotli first. */
export function pickEncoding(acceptEncoding: string | undefined): Encoding | null {
  if (!acceptEncoding) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q === undefined ? 1 : Number(q.slice(2)) || 0);
  }
  const ok = (e: string) => (accepted.get(e) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return null;
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Compressed bodies, made once per file version (path + mtime) and kept: the hashed assets
 * never change and index.html / sw.js change only with a new build, which changes their
 * mtime. A phone installing the PWA on 3G then downloads the gzip/brotli size (~1/3 of the
 * raw 540 KB precache), not the raw one. Compression runs off the event loop (zlib's pool).
 */
function compressionCache() {
  const cache = new Map<string, { mtimeMs: number; body: Promise<Buffer> }>();
  return (file: StaticFile, encoding: Encoding): Promise<Buffer> => {
    const key = `${encoding}:${file.full}`;
    const hit = cache.get(key);
    if (hit && hit.mtimeMs === file.mtimeMs) return hit.body;
    const body =
      encoding === 'br'
        ? brotli(file.data, {
            params: {
              // 11 (the maximum) costs seconds per large chunk on a busy server; 9 is within
              // a few percent of it.
              [zlib.constants.BROTLI_PARAM_QUALITY]: 9,
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: file.data.length,
            },
          })
        : gzip(file.data, { level: 9 });
    // A failed compression is not kept: the next request tries again.
    body.catch(() => cache.delete(key));
    cache.set(key, { mtimeMs: file.mtimeMs, body });
    return body;
  };
}

/** The workers' public entry in the build (vite.config.ts names it). */
const WORKER_CHANNEL_PAGE = 'k/index.html';

function isWorkerChannel(urlPath: string): boolean {
  return urlPath === '/k' || urlPath.startsWith('/k/');
}

/**
 * The built PWA on the same port as the API. Hashed assets are cached for good; the shell
 * and the service worker are revalidated so an update is seen. Any other GET outside /api
 * gets index.html (client-side routes), or k/index.html under /k (the workers' pages); /api
 * never falls back to either. Text files are sent brotli- or gzip-compressed when the client
 * accepts it.
 */
export function webRoutes(webDist: string | null) {
  const root = webDist ? path.resolve(webDist) : null;
  const compressed = compressionCache();
  return new Hono<AppEnv>().get('*', async (c) => {
    const urlPath = decodeURIComponent(new URL(c.req.url).pathname);
    if (urlPath === '/api' || urlPath.startsWith('/api/')) return c.notFound();
    const index = root ? await readFileIn(root, 'index.html') : null;
    if (!root || !index) return c.html(MISSING_PAGE, urlPath === '/' ? 200 : 404);
    const found = urlPath === '/' ? null : await readFileIn(root, urlPath);
    // The workers' public pages (/k, /k?unit=…, /k/anything) are their own small entry: a
    // worker who scans a poster must never be sent the officers' app shell.
    const shell = isWorkerChannel(urlPath) ? await readFileIn(root, WORKER_CHANNEL_PAGE) : index;
    if (!shell) return c.notFound();
    const file = found ?? shell;
    const ext = found ? path.extname(urlPath).toLowerCase() : '.html';
    c.header(
      'Cache-Control',
      found && urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
    const headers: Record<string, string> = {
      'Content-Type': TYPES[ext] ?? 'application/octet-stream',
    };
    if (COMPRESSIBLE.has(ext) && file.data.length >= MIN_COMPRESS_BYTES) {
      // Caches (the browser's, a proxy's) must keep the compressed and plain bodies apart.
      headers.Vary = 'Accept-Encoding';
      const encoding = pickEncoding(c.req.header('Accept-Encoding'));
      if (encoding) {
        const body = await compressed(file, encoding);
        headers['Content-Encoding'] = encoding;
        return c.body(new Uint8Array(body), 200, headers);
      }
    }
    return c.body(new Uint8Array(file.data), 200, headers);
  });
}
