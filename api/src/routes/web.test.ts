import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickEncoding, webRoutes } from './web';

/** Hashed app code large enough to be worth compressing, as a build makes it. */
const BIG_JS = Array.from({ length: 400 }, (_, i) => `export const v${i} = '第${i}件案件';`).join(
  '\n',
);

describe('serving the built PWA', () => {
  let dist: string;
  beforeAll(() => {
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'anxin-dist-'));
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>安心外勤</title>');
    fs.mkdirSync(path.join(dist, 'k'));
    fs.writeFileSync(path.join(dist, 'k', 'index.html'), '<!doctype html><title>码上办事</title>');
    fs.writeFileSync(path.join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
    fs.writeFileSync(path.join(dist, 'sw.js'), 'self.x=1');
    fs.writeFileSync(path.join(dist, 'assets', 'app-big123.js'), BIG_JS);
    fs.writeFileSync(path.join(dist, 'big-sw.js'), BIG_JS);
    fs.writeFileSync(path.join(dist, 'assets', 'icon-1.png'), Buffer.alloc(4096, 7));
    fs.writeFileSync(path.join(os.tmpdir(), 'anxin-secret.txt'), 'secret');
  });
  afterAll(() => fs.rmSync(dist, { recursive: true, force: true }));

  it('serves files with their type and caching', async () => {
    const app = webRoutes(dist);
    const js = await app.request('/assets/app-abc123.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('Content-Type')).toContain('text/javascript');
    expect(js.headers.get('Cache-Control')).toContain('immutable');
    const sw = await app.request('/sw.js');
    expect(sw.headers.get('Cache-Control')).toBe('no-cache');
  });

  it('sends hashed assets brotli- or gzip-compressed when the client accepts it', async () => {
    const app = webRoutes(dist);
    const br = await app.request('/assets/app-big123.js', {
      headers: { 'Accept-Encoding': 'gzip, deflate, br' },
    });
    expect(br.status).toBe(200);
    expect(br.headers.get('Content-Encoding')).toBe('br');
    expect(br.headers.get('Vary')).toBe('Accept-Encoding');
    expect(br.headers.get('Content-Type')).toContain('text/javascript');
    expect(br.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    const brBody = Buffer.from(await br.arrayBuffer());
    expect(brBody.length).toBeLessThan(Buffer.byteLength(BIG_JS) / 3);
    expect(zlib.brotliDecompressSync(brBody).toString()).toBe(BIG_JS);

    const gz = await app.request('/assets/app-big123.js', {
      headers: { 'Accept-Encoding': 'gzip, br;q=0' },
    });
    expect(gz.headers.get('Content-Encoding')).toBe('gzip');
    expect(zlib.gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(BIG_JS);

    // Served again from the in-memory copy: the same bytes.
    const again = await app.request('/assets/app-big123.js', {
      headers: { 'Accept-Encoding': 'br' },
    });
    expect(Buffer.from(await again.arrayBuffer()).equals(brBody)).toBe(true);
  });

  it('sends the plain file to a client that accepts no compression', async () => {
    const app = webRoutes(dist);
    for (const accept of [undefined, 'identity', 'br;q=0, gzip;q=0']) {
      const res = await app.request(
        '/assets/app-big123.js',
        accept === undefined ? {} : { headers: { 'Accept-Encoding': accept } },
      );
      expect(res.headers.get('Content-Encoding'), accept).toBeNull();
      expect(res.headers.get('Vary')).toBe('Accept-Encoding');
      expect(await res.text()).toBe(BIG_JS);
    }
    // Images are compressed already; compressing them again only costs CPU.
    const png = await app.request('/assets/icon-1.png', { headers: { 'Accept-Encoding': 'br' } });
    expect(png.headers.get('Content-Encoding')).toBeNull();
    expect((await png.arrayBuffer()).byteLength).toBe(4096);
  });

  it('compresses the shell and the service worker but never caches them for long', async () => {
    const app = webRoutes(dist);
    const sw = await app.request('/big-sw.js', { headers: { 'Accept-Encoding': 'br' } });
    expect(sw.headers.get('Content-Encoding')).toBe('br');
    expect(sw.headers.get('Cache-Control')).toBe('no-cache');
    // A new build rewrites the file: the next request gets the new content, not the old copy.
    const changed = `${BIG_JS}\nexport const build = 2;`;
    fs.writeFileSync(path.join(dist, 'big-sw.js'), changed);
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(dist, 'big-sw.js'), later, later);
    const next = await app.request('/big-sw.js', { headers: { 'Accept-Encoding': 'br' } });
    expect(zlib.brotliDecompressSync(Buffer.from(await next.arrayBuffer())).toString()).toBe(
      changed,
    );
    const route = await app.request('/cases/abc', { headers: { 'Accept-Encoding': 'br' } });
    expect(route.headers.get('Cache-Control')).toBe('no-cache');
  });

  it('reads Accept-Encoding as browsers and proxies send it', () => {
    expect(pickEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(pickEncoding('gzip')).toBe('gzip');
    expect(pickEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(pickEncoding('*')).toBe('br');
    expect(pickEncoding('*, br;q=0')).toBe('gzip');
    expect(pickEncoding('identity')).toBeNull();
    expect(pickEncoding(undefined)).toBeNull();
  });

  it('falls back to index.html for app routes, never for /api', async () => {
    const app = webRoutes(dist);
    const page = await app.request('/cases/abc');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('安心外勤');
    expect((await app.request('/api/anything')).status).toBe(404);
    expect((await app.request('/api')).status).toBe(404);
  });

  it("serves the workers' page at /k, with or without a query, never the officers' shell", async () => {
    const app = webRoutes(dist);
    for (const p of ['/k', '/k?unit=futian', '/k/', '/k/lookup?caseNo=AX-1']) {
      const res = await app.request(p);
      expect(res.status, p).toBe(200);
      expect(res.headers.get('Content-Type'), p).toContain('text/html');
      expect(res.headers.get('Cache-Control'), p).toBe('no-cache');
      const text = await res.text();
      expect(text, p).toContain('码上办事');
      expect(text, p).not.toContain('安心外勤');
    }
    // Only the /k segment: a client route that merely starts with k is the officers' app.
    expect(await (await app.request('/kitchen')).text()).toContain('安心外勤');
  });

  it("answers 404 under /k when a build has no workers' page, rather than the officers' app", async () => {
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'anxin-dist-'));
    try {
      fs.writeFileSync(path.join(bare, 'index.html'), '<!doctype html><title>安心外勤</title>');
      const res = await webRoutes(bare).request('/k?unit=futian');
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('安心外勤');
    } finally {
      fs.rmSync(bare, { recursive: true, force: true });
    }
  });

  it('never serves files outside the build folder', async () => {
    const app = webRoutes(dist);
    for (const p of [
      '/../anxin-secret.txt',
      '/%2e%2e/anxin-secret.txt',
      '/assets/../../anxin-secret.txt',
    ]) {
      const res = await app.request(p);
      expect(await res.text(), p).not.toContain('secret');
    }
  });

  it('says plainly that the PWA is not built when the folder is missing', async () => {
    const res = await webRoutes(path.join(dist, 'nope')).request('/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('npm run build');
    expect((await webRoutes(null).request('/')).status).toBe(200);
  });
});
