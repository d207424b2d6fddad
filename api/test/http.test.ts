import type { ApiError } from '@anxin/shared';
import { MAX_PUSH_MUTATIONS } from '@anxin/shared';
import { expect, it } from 'vitest';
import { TEST_CASES } from '../test-support';
import { forEachDialect, jsonOf, mid, snapshotCounts, useTestApi } from '../test-support/suite';

forEachDialect('HTTP edge: bad input, limits, headers', (dialect) => {
  const get = useTestApi(dialect);

  async function send(path: string, init: RequestInit, token?: string) {
    const headers = new Headers(init.headers);
    if (token) headers.set('Authorization', `Bearer ${token}`);
    return get().fetch(path, { ...init, headers });
  }

  it('answers 400 / 413 / 415 for bad pushes, never 500, and changes nothing', async () => {
    const token = await get().login('officer.choucheng');
    const before = await snapshotCounts(get());
    const json = { 'Content-Type': 'application/json' };
    const cases: Array<[string, RequestInit, number]> = [
      ['broken JSON', { method: 'POST', headers: json, body: '{"clientId": "abc' }, 400],
      ['not an object', { method: 'POST', headers: json, body: '[1,2,3]' }, 400],
      ['null', { method: 'POST', headers: json, body: 'null' }, 400],
      [
        'bad clientId',
        { method: 'POST', headers: json, body: JSON.stringify({ clientId: 'x', mutations: [] }) },
        400,
      ],
      [
        'extra field',
        {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ clientId: 'device-1234', mutations: [], __proto__x: 1 }),
        },
        400,
      ],
      [
        'prototype key',
        {
          method: 'POST',
          headers: json,
          body: '{"clientId":"device-1234","mutations":[],"__proto__":{"admin":true}}',
        },
        400,
      ],
      [
        'deep nesting',
        { method: 'POST', headers: json, body: `${'['.repeat(5000)}${']'.repeat(5000)}` },
        400,
      ],
      [
        'text/plain',
        { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{}' },
        415,
      ],
      ['no content type', { method: 'POST', body: new Uint8Array([123, 125]) }, 415],
      [
        'too many mutations',
        {
          method: 'POST',
          headers: json,
          body: JSON.stringify({
            clientId: 'device-1234',
            mutations: Array.from({ length: MAX_PUSH_MUTATIONS + 1 }, () => ({
              id: mid(),
              name: 'x',
              args: {},
            })),
          }),
        },
        400,
      ],
      [
        'over 1 MiB',
        {
          method: 'POST',
          headers: json,
          body: JSON.stringify({
            clientId: 'device-1234',
            mutations: [],
            pad: 'x'.repeat(1024 * 1024),
          }),
        },
        413,
      ],
    ];
    for (const [label, init, status] of cases) {
      const res = await send('/api/sync/push', init, token);
      expect(res.status, label).toBe(status);
      const body = await jsonOf<ApiError>(res);
      expect(typeof body.error.code, label).toBe('string');
      expect(typeof body.error.message, label).toBe('string');
    }
    expect(await snapshotCounts(get())).toEqual(before);
  });

  it('gives field-by-field messages in Chinese by default', async () => {
    const res = await send('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: '', password: 5 }),
    });
    expect(res.status).toBe(400);
    const body = await jsonOf<ApiError>(res);
    expect(body.error.code).toBe('invalid');
    expect(body.error.fields?.username).toBe('必填');
    expect(body.error.fields?.password).toMatch(/[\u4e00-\u9fff]/);
  });

  it('refuses a 413 before reading a lying Content-Length body', async () => {
    const token = await get().login('officer.choucheng');
    const res = await send(
      '/api/sync/push',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': String(50 * 1024 * 1024) },
        body: '{}',
      },
      token,
    );
    expect(res.status).toBe(413);
    expect((await jsonOf<ApiError>(res)).error.code).toBe('payload_too_large');
  });

  it('sets security headers and no-store on API answers; sends no CORS headers', async () => {
    const res = await get().fetch('/api/health', { headers: { Origin: 'https://evil.example' } });
    expect(res.status).toBe(200);
    expect(await jsonOf<{ ok: boolean; db: string }>(res)).toMatchObject({ ok: true, db: dialect });
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    const csp = res.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("img-src 'self' blob: data:");
    expect(csp).toContain("worker-src 'self'");
    expect(res.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('answers unknown /api paths with JSON 404, never the app shell', async () => {
    const token = await get().login('office.1');
    const res = await get().api(token, 'GET', '/api/nope');
    expect(res.status).toBe(404);
    expect((await jsonOf<ApiError>(res)).error.code).toBe('not_found');
  });

  it('rejects bad list filters with 400 and field errors', async () => {
    const token = await get().login('office.1');
    for (const q of [
      'status=done',
      'stage=later',
      'pageSize=0',
      'sort=password',
      'page=-1',
      'page=1e308',
      'offset=1e300',
      'evil=1',
    ]) {
      const res = await get().api(token, 'GET', `/api/cases?${q}`);
      expect(res.status, q).toBe(400);
      expect(
        Object.keys((await jsonOf<ApiError>(res)).error.fields ?? {}).length,
        q,
      ).toBeGreaterThan(0);
    }
    for (const p of ['/api/cases?q=a%00b', '/api/cases/abc%00def', '/api/sync/pull?cursor=%00']) {
      expect((await get().api(token, 'GET', p)).status, p).toBe(400);
    }
    const ok = await get().api(token, 'GET', `/api/cases/${TEST_CASES.chouchengOwn}/events`);
    expect(ok.status).toBe(200);
  });
});
