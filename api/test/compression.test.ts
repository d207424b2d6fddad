import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { PullResponse } from '@anxin/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPRESS_MIN_BYTES, chooseEncoding } from '../src/http/compress';
import { DEMO_PASSWORD, seedOnStart } from '../src/services/seed/seed';
import { startTestApi, type TestApi } from '../test-support';

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes as they came over the socket, before any decoding. */
  wire: Buffer;
}

/** A real HTTP request whose body is NOT decoded: node:http, not fetch (which decodes). */
function rawGet(url: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, wire: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

function decoded(r: Raw): string {
  const enc = r.headers['content-encoding'];
  if (enc === 'gzip') return gunzipSync(r.wire).toString('utf8');
  if (enc === 'br') return brotliDecompressSync(r.wire).toString('utf8');
  expect(enc).toBeUndefined();
  return r.wire.toString('utf8');
}

describe('answers compressed by Accept-Encoding (real HTTP)', () => {
  let t: TestApi;
  let token: string;
  beforeAll(async () => {
    t = await startTestApi({ empty: true, listen: true });
    // The demo seed's varied names, addresses and events: a fair sample of a real pull.
    await seedOnStart(t.deps, { production: false, demoCases: 120 });
    const login = await t.api(null, 'POST', '/api/auth/login', {
      username: 'office.1',
      password: DEMO_PASSWORD,
    });
    token = ((await login.json()) as { token: string }).token;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const pull = (headers: Record<string, string>, query = 'limit=2000') =>
    rawGet(`${t.url}/api/sync/pull?${query}`, { Authorization: `Bearer ${token}`, ...headers });

  it('a pull page comes back gzip or brotli when asked, the same JSON, several times smaller', async () => {
    const plain = await pull({ 'Accept-Encoding': 'identity' });
    const gz = await pull({ 'Accept-Encoding': 'gzip' });
    // What Chromium sends.
    const br = await pull({ 'Accept-Encoding': 'gzip, deflate, br, zstd' });
    expect([plain.status, gz.status, br.status]).toEqual([200, 200, 200]);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(br.headers['content-encoding']).toBe('br');
    for (const r of [plain, gz, br]) {
      expect(r.headers.vary).toMatch(/Accept-Encoding/i);
      expect(Number(r.headers['content-length'])).toBe(r.wire.length);
      expect(r.headers['cache-control']).toBe('no-store');
    }

    const page = JSON.parse(decoded(plain)) as PullResponse;
    expect(page.changes.length).toBeGreaterThan(300);
    // serverTime differs per request; everything else is the same page.
    const same = (r: Raw) => ({ ...(JSON.parse(decoded(r)) as PullResponse), serverTime: '' });
    expect(same(gz)).toEqual({ ...page, serverTime: '' });
    expect(same(br)).toEqual({ ...page, serverTime: '' });

    const ratio = (r: Raw) => plain.wire.length / r.wire.length;
    console.info(
      `pull of ${page.changes.length} changes: identity ${plain.wire.length} B, gzip ${gz.wire.length} B (×${ratio(gz).toFixed(1)}), br ${br.wire.length} B (×${ratio(br).toFixed(1)})`,
    );
    expect(ratio(gz)).toBeGreaterThan(4);
    expect(br.wire.length).toBeLessThan(gz.wire.length);
  });

  it('no Accept-Encoding, q=0 or an unknown coding: identity', async () => {
    for (const ae of [null, 'gzip;q=0, br;q=0', 'compress', '*;q=0']) {
      const r = await pull(ae === null ? {} : { 'Accept-Encoding': ae });
      expect(r.headers['content-encoding'], String(ae)).toBeUndefined();
      expect((JSON.parse(r.wire.toString('utf8')) as PullResponse).changes.length).toBeGreaterThan(
        0,
      );
    }
  });

  it('small answers and blobs go as they are; the web app and /metrics are untouched', async () => {
    // A caught-up pull is a few hundred bytes: not worth an encoding.
    const big = JSON.parse(decoded(await pull({}))) as PullResponse;
    const small = await pull({ 'Accept-Encoding': 'gzip, br' }, `cursor=${big.cursor}`);
    expect(small.wire.length).toBeLessThan(COMPRESS_MIN_BYTES);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.headers.vary).toMatch(/Accept-Encoding/i);

    // A JPEG (already compressed) comes back byte for byte.
    const jpeg = Buffer.alloc(4096, 7);
    jpeg.set([0xff, 0xd8, 0xff, 0xe0], 0);
    const { createHash } = await import('node:crypto');
    const sha = createHash('sha256').update(jpeg).digest('hex');
    const put = await t.fetch(`/api/blobs/${sha}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'image/jpeg' },
      body: jpeg,
    });
    expect(put.status).toBeLessThan(300);
    const blob = await rawGet(`${t.url}/api/blobs/${sha}`, {
      Authorization: `Bearer ${token}`,
      'Accept-Encoding': 'gzip, br',
    });
    expect(blob.status).toBe(200);
    expect(blob.headers['content-encoding']).toBeUndefined();
    expect(blob.wire.equals(jpeg)).toBe(true);

    const metrics = await rawGet(`${t.url}/metrics`, { 'Accept-Encoding': 'gzip, br' });
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-encoding']).toBeUndefined();
  });

  it('picks by q-value, brotli on a tie, any coding for *', () => {
    expect(chooseEncoding(undefined)).toBeNull();
    expect(chooseEncoding('')).toBeNull();
    expect(chooseEncoding('gzip')).toBe('gzip');
    expect(chooseEncoding('br')).toBe('br');
    expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(chooseEncoding('br;q=0.5, gzip;q=0.8')).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('*;q=0.5, br;q=0')).toBe('gzip');
    expect(chooseEncoding('identity')).toBeNull();
    expect(chooseEncoding('GZIP ; Q=1')).toBe('gzip');
  });
});
