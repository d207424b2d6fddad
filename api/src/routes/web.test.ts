import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webRoutes } from './web';

describe('serving the built PWA', () => {
  let dist: string;
  beforeAll(() => {
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'anxin-dist-'));
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>安心外勤</title>');
    fs.writeFileSync(path.join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
    fs.writeFileSync(path.join(dist, 'sw.js'), 'self.x=1');
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

  it('falls back to index.html for app routes, never for /api', async () => {
    const app = webRoutes(dist);
    const page = await app.request('/cases/abc');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('安心外勤');
    expect((await app.request('/api/anything')).status).toBe(404);
    expect((await app.request('/api')).status).toBe(404);
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
