import fs from 'node:fs/promises';
import path from 'node:path';
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

async function readFileIn(root: string, rel: string): Promise<Buffer | null> {
  const full = path.resolve(root, `.${path.posix.normalize(`/${rel}`)}`);
  // Never serve outside the build folder, whatever the URL says.
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  try {
    const stat = await fs.stat(full);
    return stat.isFile() ? await fs.readFile(full) : null;
  } catch {
    return null;
  }
}

/**
 * The built PWA on the same port as the API. Hashed assets are cached for good; the shell
 * and the service worker are revalidated so an update is seen. Any other GET outside /api
 * gets index.html (client-side routes); /api never falls back to it.
 */
export function webRoutes(webDist: string | null) {
  const root = webDist ? path.resolve(webDist) : null;
  return new Hono<AppEnv>().get('*', async (c) => {
    const urlPath = decodeURIComponent(new URL(c.req.url).pathname);
    if (urlPath === '/api' || urlPath.startsWith('/api/')) return c.notFound();
    const index = root ? await readFileIn(root, 'index.html') : null;
    if (!root || !index) return c.html(MISSING_PAGE, urlPath === '/' ? 200 : 404);
    const file = urlPath === '/' ? null : await readFileIn(root, urlPath);
    if (!file) {
      c.header('Cache-Control', 'no-cache');
      return c.body(new Uint8Array(index), 200, { 'Content-Type': TYPES['.html']! });
    }
    const ext = path.extname(urlPath).toLowerCase();
    c.header(
      'Cache-Control',
      urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
    return c.body(new Uint8Array(file), 200, {
      'Content-Type': TYPES[ext] ?? 'application/octet-stream',
    });
  });
}
