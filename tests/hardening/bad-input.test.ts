import {
  MAX_PUSH_MUTATIONS,
  MUTATION_NAMES,
  type MutationName,
  normalizeName,
  type PushResponse,
} from '@anxin/shared';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TEST_CASES, TEST_USERS, type TestApi } from '../../api/test-support';
import {
  byProfile,
  dialects,
  failureCounter,
  printFigures,
  type Snapshot,
  snapshot,
  uid,
} from './support/harness';
import { rawRequest } from './support/raw-http';
import { mediationArgs, type SampleMutation, sampleMutations } from './support/samples';

/**
 * Hostile and broken input over real HTTP: whatever arrives, the server answers 4xx (never
 * 5xx), says what was wrong in the contract's error shape, and changes nothing. Input that
 * only LOOKS hostile but is valid (SQL, markup, odd Unicode) is stored exactly as typed.
 */

const RUNS = byProfile(250, 2500);

/**
 * Every mutation name by default. HARDENING_FUZZ_NAMES (comma-separated) narrows it, to
 * chase one failure while another is being fixed; CI never sets it.
 */
function fuzzNames(): MutationName[] {
  const only = process.env.HARDENING_FUZZ_NAMES?.split(',');
  return only ? MUTATION_NAMES.filter((n) => only.includes(n)) : [...MUTATION_NAMES];
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const EXTRA_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'isAdmin',
  'caseNo',
  'createdBy',
  'x-extra',
] as const;

const SQL_AND_MARKUP = [
  "'; DROP TABLE cases; --",
  "' OR '1'='1",
  '1; DELETE FROM case_events WHERE 1=1',
  "Robert'); UPDATE users SET role='admin' WHERE username='officer.choucheng';--",
  '" OR ""="',
  '$$; select pg_sleep(5); $$',
  '\\x27 UNION SELECT password_hash FROM users --',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(document.cookie)>',
  '"><svg/onload=alert(1)>',
  'javascript:alert(1)',
  '{{constructor.constructor("alert(1)")()}}',
  // A template-injection attempt, written escaped so it is not a template literal here.
  '\u0024{process.exit(1)}',
  '%00%27%22',
  '张三\u200b李四',
  '王\u202e五',
  '👷‍♀️ 工人 🏭',
  'a\\b\\\\c',
  'line1\nline2\r\nline3',
  '\t制表\t',
];

/** Places an arbitrary value at a path inside a copy of `root`, defining keys as own data properties. */
function setAt(root: Json, path: readonly (string | number)[], value: Json): Json {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...root];
    copy[head as number] = setAt(copy[head as number] ?? null, rest, value);
    return copy;
  }
  const obj = (root ?? {}) as Record<string, Json>;
  const copy: Record<string, Json> = {};
  for (const k of Object.keys(obj)) defineOwn(copy, k, obj[k]!);
  defineOwn(copy, String(head), setAt(obj[String(head)] ?? null, rest, value));
  return copy;
}

/** `__proto__` as a real own key, exactly as JSON.parse on the server will see it. */
function defineOwn(o: Record<string, Json>, k: string, v: Json): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** Every path to a value inside `v` (objects and arrays included), root excluded. */
function pathsOf(v: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      out.push([...prefix, i], ...pathsOf(x, [...prefix, i]));
    });
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) out.push([...prefix, k], ...pathsOf(x, [...prefix, k]));
  }
  return out;
}

function getAt(v: Json, path: readonly (string | number)[]): Json {
  let cur: Json = v;
  for (const p of path) cur = (cur as Record<string | number, Json>)[p] ?? null;
  return cur;
}

function typeOf(v: Json): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/** A value of another JSON type than `orig`: never valid where `orig` was required. */
function otherTypeArb(orig: Json): fc.Arbitrary<Json> {
  const t = typeOf(orig);
  const options: fc.Arbitrary<Json>[] = [];
  if (t !== 'string') options.push(fc.string({ maxLength: 20 }));
  if (t !== 'number') options.push(fc.oneof(fc.integer(), fc.double({ noNaN: true })));
  if (t !== 'boolean') options.push(fc.boolean());
  if (t !== 'array')
    options.push(fc.array(fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<Json>, { maxLength: 3 }));
  if (t !== 'object')
    options.push(fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }));
  return fc.oneof(...options);
}

interface Corrupted {
  kind: string;
  /** The mutation as JSON text (deep nesting is spliced in as text). */
  text: string;
}

/** Keeps fast-check's counterexample readable when a text is megabytes long. */
function corrupted(kind: string, text: string): Corrupted {
  return {
    kind,
    text,
    [fc.toStringMethod]: () =>
      `${kind}: ${text.length > 400 ? `${text.slice(0, 300)}…(${text.length} chars)` : text}`,
  } as Corrupted;
}

/** A corrupted copy of one sample mutation: always invalid, in one of many ways. */
function corruptArb(sample: SampleMutation, id: string): fc.Arbitrary<Corrupted> {
  const args = sample.args as Json;
  const envelope = (a: Json, extra?: [string, Json]): string => {
    const env: Record<string, Json> = {};
    defineOwn(env, 'id', id);
    defineOwn(env, 'name', sample.name);
    defineOwn(env, 'args', a);
    if (sample.baseVersion !== undefined) defineOwn(env, 'baseVersion', sample.baseVersion);
    if (extra) defineOwn(env, extra[0], extra[1]);
    return JSON.stringify(env);
  };
  const paths = pathsOf(args);
  const objectPaths: (string | number)[][] = [
    [],
    ...paths.filter((p) => typeOf(getAt(args, p)) === 'object'),
  ];
  const stringPaths = paths.filter((p) => typeOf(getAt(args, p)) === 'string');
  const anyJson = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>;

  return fc.oneof(
    // An unknown key (prototype-pollution names included) at any object level of args.
    fc
      .record({
        at: fc.constantFrom(...objectPaths),
        key: fc.oneof(
          fc.constantFrom(...EXTRA_KEYS),
          fc.string({ minLength: 1, maxLength: 8 }).map((s) => `zz_${s}`),
        ),
        value: anyJson,
      })
      .map(({ at, key, value }) => {
        const target = getAt(args, at) as Record<string, Json>;
        const withKey: Record<string, Json> = {};
        for (const k of Object.keys(target)) defineOwn(withKey, k, target[k]!);
        defineOwn(withKey, key, value);
        return corrupted(
          `extra-key:${key.startsWith('zz_') ? 'random' : key}`,
          envelope(setAt(args, at, withKey)),
        );
      }),
    // A value of the wrong JSON type anywhere.
    fc
      .constantFrom(...paths)
      .chain((p) => otherTypeArb(getAt(args, p)).map((v) => ({ p, v })))
      .map(({ p, v }) => corrupted('wrong-type', envelope(setAt(args, p, v)))),
    // A string far over any field's limit (but under the push body cap).
    fc
      .record({
        p: fc.constantFrom(...stringPaths),
        n: fc.integer({ min: 5_000, max: 60_000 }),
        ch: fc.constantFrom('x', '欠', '<', "'"),
      })
      .map(({ p, n, ch }) => corrupted('huge-string', envelope(setAt(args, p, ch.repeat(n))))),
    // Args replaced by random JSON.
    anyJson.map((a) => corrupted('random-args', envelope(a))),
    // The envelope itself wrong: extra key, bad baseVersion, bad id, unknown name.
    fc
      .oneof(
        fc.constantFrom<[string, Json]>(
          ['__proto__', { isAdmin: true }],
          ['constructor', { prototype: 1 }],
          ['userId', 'usr_admin'],
        ),
        fc
          .constantFrom<Json>(-1, 1.5, '1', null, [], {}, 1e20)
          .map((v): [string, Json] => ['baseVersion', v]),
      )
      .map((extra) => corrupted(`envelope:${extra[0]}`, envelope(args, extra))),
    fc
      .constantFrom(
        '',
        'short',
        'has space in it',
        'x'.repeat(65),
        '../../etc/passwd',
        "1' OR '1'='1",
      )
      .map((badId) =>
        corrupted('envelope:id', JSON.stringify({ id: badId, name: sample.name, args })),
      ),
    fc
      .oneof(
        fc.string({ maxLength: 64 }),
        fc.constantFrom(
          'CASE.CREATE',
          'case.create ',
          '__proto__',
          'constructor',
          'toString',
          'case.delete',
        ),
      )
      .map((name) => corrupted('unknown-name', JSON.stringify({ id, name, args }))),
  );
}

async function errorShapeOf(res: Response): Promise<{ code: string; message: string }> {
  const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
  expect(typeof body.error?.code, JSON.stringify(body)).toBe('string');
  expect(typeof body.error?.message, JSON.stringify(body)).toBe('string');
  return body.error as { code: string; message: string };
}

describe.each(dialects())('bad input on %s (real HTTP)', (dialect) => {
  const failed = failureCounter();
  let t: TestApi;
  let url: string;
  let officer: string;
  let office: string;
  let admin: string;
  let start: Snapshot;
  const statuses = new Map<number, number>();
  const kinds = new Map<string, number>();
  let requests = 0;
  const lastServerError = () =>
    JSON.stringify(t.logs.filter((l) => l.event === 'http.error').at(-1)?.data).slice(0, 600);
  const count = (status: number) => {
    requests++;
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  };

  const send = async (
    method: string,
    path: string,
    body: string | Uint8Array | null,
    headers: Record<string, string> = {},
    token: string | null = officer,
  ): Promise<Response> => {
    const h: Record<string, string> = { ...headers };
    if (token) h.Authorization = `Bearer ${token}`;
    const init: RequestInit = { method, headers: h };
    if (body !== null) init.body = typeof body === 'string' ? body : new Uint8Array(body);
    const res = await fetch(`${url}${path}`, init);
    count(res.status);
    return res;
  };

  beforeAll(async () => {
    t = await startTestApi({ dialect, listen: true });
    url = t.url!;
    officer = await t.login('officer.choucheng');
    office = await t.login('office.1');
    admin = await t.login('admin');
    start = await snapshot(t.db);
  });

  afterAll(async () => {
    printFigures(`bad-input:${dialect}`, {
      requests,
      statuses: Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])),
      corruptions: Object.fromEntries([...kinds].sort()),
      failures: failed.count,
    });
    await t?.close();
  });

  it(`corrupted mutations of every name are refused, never 5xx, nothing changed (${RUNS} batches)`, async () => {
    const samples = sampleMutations(uid);
    const perName = fuzzNames().map((n) => corruptArb(samples[n], uid('fz')));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(...perName), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        async (muts, asOffice) => {
          for (const m of muts) kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
          const body = `{"clientId":"fuzz-${asOffice ? 'office' : 'officer'}-1","mutations":[${muts.map((m) => m.text).join(',')}]}`;
          const res = await send(
            'POST',
            '/api/sync/push',
            body,
            { 'Content-Type': 'application/json' },
            asOffice ? office : officer,
          );
          expect(
            res.status,
            `${muts.map((m) => m.kind)} → ${res.status} ${res.status >= 500 ? lastServerError() : ''}`,
          ).toBeLessThan(500);
          if (res.status === 200) {
            const { results } = (await res.json()) as PushResponse;
            expect(results).toHaveLength(muts.length);
            for (const [i, r] of results.entries()) {
              expect(r.status, `${muts[i]!.kind}: ${JSON.stringify(r).slice(0, 300)}`).toBe(
                'rejected',
              );
              expect(r.error?.message.length).toBeGreaterThan(0);
            }
          } else {
            expect([400, 413, 415]).toContain(res.status);
            await errorShapeOf(res);
          }
        },
      ),
      { numRuns: RUNS },
    );
    expect(await snapshot(t.db)).toEqual(start);
  });

  it('arguments nested thousands of levels deep are refused with 4xx, not a crash', async () => {
    // Found by this suite: the push idempotency hash (canonicalJson in
    // api/src/services/sync/push.ts) recurses over the raw args before they are validated,
    // so a deep enough nesting inside a 1 MiB body overflows the stack and answers 500.
    const samples = sampleMutations(uid);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...fuzzNames()),
        fc.integer({ min: 500, max: 60_000 }),
        fc.boolean(),
        async (name, depth, arr) => {
          const nested = arr
            ? `${'['.repeat(depth)}${']'.repeat(depth)}`
            : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
          kinds.set(
            `deep-${arr ? 'array' : 'object'}`,
            (kinds.get(`deep-${arr ? 'array' : 'object'}`) ?? 0) + 1,
          );
          const m = samples[name];
          const text = `{"clientId":"fuzz-officer-1","mutations":[{"id":"${uid('deep')}","name":"${name}","args":{"id":${nested},"caseId":${nested}}${m.baseVersion !== undefined ? `,"baseVersion":${m.baseVersion}` : ''}}]}`;
          const res = await send('POST', '/api/sync/push', text, {
            'Content-Type': 'application/json',
          });
          expect(
            res.status,
            `depth ${depth} → ${res.status} ${res.status >= 500 ? lastServerError() : ''}`,
          ).toBeLessThan(500);
          if (res.status === 200) {
            const { results } = (await res.json()) as PushResponse;
            expect(results[0]?.status).toBe('rejected');
          } else {
            expect([400, 413]).toContain(res.status);
          }
        },
      ),
      { numRuns: Math.ceil(RUNS / 10) },
    );
    expect(await snapshot(t.db)).toEqual(start);
  });

  it('random JSON bodies, wrong content types and oversized batches on every JSON endpoint', async () => {
    const jsonEndpoints = ['/api/sync/push', '/api/auth/login'] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...jsonEndpoints),
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
          fc.string({ maxLength: 200 }),
          fc.constantFrom(
            '',
            '{',
            '{"clientId":',
            '[]',
            'null',
            '\u0000\u0001',
            '{"__proto__":{"admin":true}}',
            '{"constructor":{"prototype":{"x":1}}}',
          ),
        ),
        fc.constantFrom(
          'application/json',
          'application/json; charset=utf-8',
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/xml',
          '',
        ),
        async (path, text, type) => {
          const res = await send('POST', path, text, type ? { 'Content-Type': type } : {});
          expect(res.status, `${path} ${type} ${text.slice(0, 80)}`).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          await errorShapeOf(res);
        },
      ),
      { numRuns: RUNS },
    );
    // Over the batch cap: refused as a whole, before anything is applied.
    const tooMany = Array.from({ length: MAX_PUSH_MUTATIONS + 1 }, (_, i) => ({
      id: `toomany-${i.toString().padStart(6, '0')}`,
      name: 'case.update',
      args: { id: TEST_CASES.chouchengOwn, patch: { workersCount: 3 } },
      baseVersion: 1,
    }));
    const res = await send(
      'POST',
      '/api/sync/push',
      JSON.stringify({ clientId: 'fuzz-officer-1', mutations: tooMany }),
      {
        'Content-Type': 'application/json',
      },
    );
    expect([400, 413]).toContain(res.status);
    expect(await snapshot(t.db)).toEqual(start);
  });

  it('random JSON bodies on every administration and password endpoint, as the admin', async () => {
    const invalidText = fc.oneof(
      fc.integer(),
      fc.constant(''),
      fc.constant(null),
      fc.array(fc.string()),
    );
    const notBoolean = fc.oneof(fc.string(), fc.integer(), fc.constant(null));
    const endpoints: Array<[string, string]> = [
      ['POST', '/api/admin/users'],
      ['PATCH', `/api/admin/users/${TEST_USERS.officerFotang.id}`],
      ['POST', '/api/admin/units'],
      ['PATCH', '/api/admin/units/jiangdong'],
      ['PUT', '/api/admin/calendar/2027'],
      ['POST', '/api/auth/password'],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...endpoints),
        fc.oneof(
          // Objects with the fields these endpoints read, each holding a value it must
          // refuse (a valid rename or flag would really change something).
          fc
            .record(
              {
                username: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
                displayName: invalidText,
                role: fc.oneof(fc.string(), fc.constant(null)),
                unitIds: fc.oneof(fc.string(), fc.array(fc.string()), fc.constant(null)),
                name: invalidText,
                kind: fc.oneof(fc.string(), fc.integer()),
                active: notBoolean,
                disabled: notBoolean,
                holidays: fc.oneof(fc.string(), fc.array(fc.jsonValue())),
                makeupWorkdays: fc.array(fc.oneof(fc.string(), fc.constant('2027-02-30'))),
                current: fc.oneof(fc.integer(), fc.constant(''), fc.constant(null)),
                next: fc.jsonValue(),
              },
              { requiredKeys: [] },
            )
            .map((v) => JSON.stringify(v)),
          fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
          fc.constantFrom('', '{', 'null', '[]', '{"__proto__":{"role":"admin"}}'),
        ),
        async ([method, path], text) => {
          const res = await send(method, path, text, { 'Content-Type': 'application/json' }, admin);
          expect(res.status, `${method} ${path} ${text.slice(0, 120)}`).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          await errorShapeOf(res);
        },
      ),
      { numRuns: RUNS },
    );
    expect(await snapshot(t.db)).toEqual(start);
  });

  it('random paths and query strings on every GET endpoint answer 2xx/4xx, never 5xx (officer, office, admin)', async () => {
    const routes = [
      ...new Set(
        t.app.routes
          .filter((r) => r.method === 'GET' && r.path.startsWith('/api'))
          .map((r) => r.path),
      ),
    ];
    expect(routes.length).toBeGreaterThan(5);
    const nasty = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom(...SQL_AND_MARKUP),
      fc.constantFrom(
        '-1',
        '0',
        '1e309',
        'NaN',
        '99999999999999999999',
        '',
        '%',
        '..%2F..%2F',
        'x'.repeat(5000),
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        nasty,
        fc.array(
          fc.tuple(
            fc.constantFrom(
              'cursor',
              'limit',
              'status',
              'townId',
              'stage',
              'q',
              'page',
              'pageSize',
              'sort',
              'order',
              'assignedOfficerId',
              'reveal',
              'role',
              'unitId',
              'disabled',
              'from',
              'to',
              '__proto__',
              'constructor',
            ),
            nasty,
          ),
          { maxLength: 5 },
        ),
        fc.constantFrom('officer', 'office', 'admin'),
        async (route, param, query, who) => {
          const path = route.replace(/:[a-z0-9]+/gi, encodeURIComponent(param));
          const qs = new URLSearchParams(query).toString();
          const res = await send(
            'GET',
            `${path}${qs ? `?${qs}` : ''}`,
            null,
            {},
            who === 'admin' ? admin : who === 'office' ? office : officer,
          );
          expect(res.status, `${path}?${qs}`.slice(0, 300)).toBeLessThan(500);
          if (res.status >= 400) await errorShapeOf(res);
          else await res.arrayBuffer();
        },
      ),
      { numRuns: RUNS },
    );
    expect(await snapshot(t.db)).toEqual(start);
  });

  it('blob uploads with wrong hashes, types and sizes are refused', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 0, maxLength: 4096 }),
        fc.oneof(
          fc.constant('a'.repeat(64)),
          fc.string({ maxLength: 70 }),
          fc.constant('A'.repeat(64)),
        ),
        fc.constantFrom(
          'image/jpeg',
          'image/png',
          'application/pdf',
          'text/html',
          'image/svg+xml',
          'application/javascript',
          '',
        ),
        async (bytes, sha, type) => {
          const res = await send(
            'PUT',
            `/api/blobs/${encodeURIComponent(sha)}`,
            bytes,
            type ? { 'Content-Type': type } : {},
          );
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: Math.ceil(RUNS / 2) },
    );
    expect(await snapshot(t.db)).toEqual(start);
  });

  it('10 MB bodies are refused with 413 on every body-taking endpoint', async () => {
    const tenMb = new Uint8Array(10 * 1000 * 1000).fill(0x7b);
    for (const [method, path, type] of [
      ['POST', '/api/sync/push', 'application/json'],
      ['POST', '/api/auth/login', 'application/json'],
      ['PUT', `/api/blobs/${'b'.repeat(64)}`, 'image/jpeg'],
    ] as const) {
      const res = await send(method, path, tenMb, { 'Content-Type': type });
      // A 10 MB blob is under the 10 MiB attachment cap, so that one fails its hash check instead.
      expect(res.status, path).toBe(path.startsWith('/api/blobs') ? 400 : 413);
      await errorShapeOf(res);
    }
    const over = new Uint8Array(10 * 1024 * 1024 + 1).fill(1);
    const res = await send('PUT', `/api/blobs/${'c'.repeat(64)}`, over, {
      'Content-Type': 'image/jpeg',
    });
    expect(res.status).toBe(413);
    expect(await snapshot(t.db)).toEqual(start);
  });

  it('a Content-Length that lies never yields 5xx and never applies anything', async () => {
    const port = Number(new URL(url).port);
    const valid = JSON.stringify({
      clientId: 'fuzz-officer-1',
      mutations: [
        {
          id: uid('cl'),
          name: 'case.update',
          args: { id: TEST_CASES.chouchengOwn, patch: { description: '不应写入' } },
          baseVersion: 1,
        },
      ],
    });
    const head = (len: string, extra = '') =>
      `POST /api/sync/push HTTP/1.1\nHost: 127.0.0.1\nAuthorization: Bearer ${officer}\nContent-Type: application/json\nContent-Length: ${len}\n${extra}`;
    const cases: Array<{
      what: string;
      head: string;
      body: string;
      end?: boolean;
      expectStatus?: number[];
    }> = [
      // Shorter than the body: the server reads a truncated JSON text; the rest is garbage framing.
      { what: 'shorter', head: head(String(valid.length - 10)), body: valid, expectStatus: [400] },
      { what: 'much shorter', head: head('5'), body: valid, expectStatus: [400] },
      // Longer than the body, then the client hangs up: no answer, or a 4xx.
      {
        what: 'longer, then hang-up',
        head: head(String(valid.length + 500)),
        body: valid,
        end: true,
      },
      { what: 'longer, client keeps waiting', head: head(String(valid.length + 500)), body: valid },
      // Over the push cap: refused by the header alone.
      {
        what: 'over the cap',
        head: head(String(5 * 1024 * 1024)),
        body: valid,
        expectStatus: [413],
      },
      { what: 'negative', head: head('-1'), body: valid, expectStatus: [400] },
      { what: 'not a number', head: head('12abc'), body: valid, expectStatus: [400] },
      {
        what: 'two lengths',
        head: `${head(String(valid.length))}Content-Length: 3\n`,
        body: valid,
        expectStatus: [400],
      },
      {
        what: 'length and chunked',
        head: `${head(String(valid.length))}Transfer-Encoding: chunked\n`,
        body: `${valid.length.toString(16)}\r\n${valid}\r\n0\r\n\r\n`,
        expectStatus: [400],
      },
    ];
    for (const c of cases) {
      const answer = await rawRequest(port, c.head, c.body, {
        endAfterWrite: c.end ?? false,
        waitMs: 1500,
      });
      requests++;
      for (const s of answer.statuses) {
        expect(s, `${c.what}: ${answer.text.slice(0, 200)}`).toBeLessThan(500);
        statuses.set(s, (statuses.get(s) ?? 0) + 1);
      }
      if (c.expectStatus)
        expect(c.expectStatus, `${c.what}: ${answer.text.slice(0, 200)}`).toContain(answer.status);
      // The server is still up and answering after each lie.
      const health = await fetch(`${url}/api/health`);
      expect(health.status).toBe(200);
    }
    expect(await snapshot(t.db)).toEqual(start);
  });

  it('a NUL or a lone surrogate in a text field is stored as typed or refused with 400, never 500', async () => {
    // PostgreSQL text cannot hold U+0000 and UTF-8 cannot hold a lone surrogate: the server
    // must either refuse such text field by field or keep it intact, never fail the push.
    // JSON.stringify writes both as \u escapes, so the server really receives them.
    for (const [what, value] of [
      ['NUL', 'before\u0000after'],
      ['lone surrogate', 'before\ud800after'],
    ] as const) {
      const caseId = uid('nul');
      const text = `{"clientId":"fuzz-officer-1","mutations":[{"id":"${uid('nul')}","name":"case.create","args":${JSON.stringify(
        { ...sampleMutations(uid)['case.create'].args, id: caseId },
      ).replace('"离职后工资未结清"', JSON.stringify(value))}}]}`;
      const before = await snapshot(t.db);
      const res = await send('POST', '/api/sync/push', text, {
        'Content-Type': 'application/json',
      });
      expect(
        res.status,
        `${what} → ${res.status} ${res.status >= 500 ? lastServerError() : ''}`,
      ).toBeLessThan(500);
      if (res.status !== 200) {
        expect(res.status).toBe(400);
        expect(await snapshot(t.db)).toEqual(before);
        continue;
      }
      const [result] = ((await res.json()) as PushResponse).results;
      if (result?.status !== 'applied') {
        expect(result?.error?.code, what).toBe('invalid');
        expect(await snapshot(t.db)).toEqual(before);
        continue;
      }
      const detail = (await (await send('GET', `/api/cases/${caseId}`, null)).json()) as {
        case: { description: string };
      };
      expect(detail.case.description, what).toBe(value);
    }
  });

  it('valid input that looks hostile is stored and served exactly as typed (names in their normal form)', async () => {
    const hostile = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...SQL_AND_MARKUP) },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }) },
      {
        weight: 2,
        arbitrary: fc
          .tuple(fc.constantFrom(...SQL_AND_MARKUP), fc.string({ unit: 'grapheme', maxLength: 10 }))
          .map(([a, b]) => `${b}${a}${b}`),
      },
    );
    // The schemas trim text; what is "typed" is therefore the trimmed text, and it must not be
    // empty. Cutting at `max` UTF-16 units must not split a surrogate pair: a keyboard never
    // types half a character, and the server refuses one as unstorable.
    const fieldText = (max: number) =>
      hostile
        .map((s) =>
          s
            .trim()
            .slice(0, max)
            .replace(/[\uD800-\uDBFF]$/, '')
            .trim(),
        )
        .filter((s) => s.length > 0);
    // Names are stored normalised (NFKC, no zero-width or bidi controls): typed that way,
    // they come back exactly; the normal form must still fit and not be empty.
    const nameField = (max: number) =>
      fieldText(max)
        .map(normalizeName)
        .filter((s) => s.length > 0 && s.length <= max);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          employerName: nameField(100),
          contactName: nameField(40),
          address: fieldText(200),
          claimantName: nameField(40),
          homeProvince: fieldText(20),
          description: fieldText(4000),
          facts: fieldText(4000),
          place: fieldText(200),
          attendee: nameField(40),
        }),
        async (s) => {
          n++;
          const caseId = uid('xss');
          const medId = uid('xsm');
          const create = {
            id: caseId,
            townId: 'choucheng',
            source: 'walk_in',
            employer: { name: s.employerName, contactName: s.contactName, address: s.address },
            claimants: [
              {
                name: s.claimantName,
                mobile: '13800138000',
                homeProvince: s.homeProvince,
                // At least the sample mediation's agreed amount (amounts are capped at what is owed).
                owedFen: 500_000,
              },
            ],
            workersCount: 1,
            description: s.description,
          };
          const med = {
            ...mediationArgs(medId, caseId),
            facts: s.facts,
            place: s.place,
            attendees: [{ name: s.attendee, role: 'worker' }],
          };
          const res = await send(
            'POST',
            '/api/sync/push',
            JSON.stringify({
              clientId: 'fuzz-officer-1',
              mutations: [
                { id: uid('x1'), name: 'case.create', args: create },
                { id: uid('x2'), name: 'mediation.record', args: med },
              ],
            }),
            { 'Content-Type': 'application/json' },
          );
          expect(res.status).toBe(200);
          const { results } = (await res.json()) as PushResponse;
          expect(
            results.map((r) => r.status),
            JSON.stringify(results),
          ).toEqual(['applied', 'applied']);
          const detailRes = await send('GET', `/api/cases/${caseId}`, null);
          expect(detailRes.status).toBe(200);
          const detail = (await detailRes.json()) as {
            case: {
              employer: Record<string, unknown>;
              claimants: Array<Record<string, unknown>>;
              description: string;
            };
            mediations: Array<{ facts: string; place: string; attendees: Array<{ name: string }> }>;
          };
          expect(detail.case.employer).toMatchObject({
            name: s.employerName,
            contactName: s.contactName,
            address: s.address,
          });
          expect(detail.case.claimants[0]).toMatchObject({
            name: s.claimantName,
            homeProvince: s.homeProvince,
          });
          expect(detail.case.description).toBe(s.description);
          expect(detail.mediations[0]).toMatchObject({
            facts: s.facts,
            place: s.place,
            attendees: [{ name: s.attendee, role: 'worker' }],
          });
        },
      ),
      { numRuns: Math.ceil(RUNS / 5) },
    );
    // And through the pull feed, which is what devices store.
    const pulled: Array<{ entity: string; id: string; data?: { description?: string } }> = [];
    let cursor = '';
    for (;;) {
      const res = await send(
        'GET',
        `/api/sync/pull?limit=2000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        null,
      );
      const page = (await res.json()) as {
        changes: typeof pulled;
        cursor: string;
        hasMore: boolean;
      };
      pulled.push(...page.changes);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    const stored = await t.db
      .selectFrom('cases')
      .select(['id', 'description'])
      .where('id', 'like', 'xss-%')
      .execute();
    expect(stored).toHaveLength(n);
    for (const row of stored) {
      const change = pulled.find((c) => c.entity === 'case' && c.id === row.id);
      expect(change?.data?.description).toBe(row.description);
    }
    // The injections did nothing to the schema or to other rows.
    const users = await t.db
      .selectFrom('users')
      .select(['username', 'role'])
      .orderBy('username')
      .execute();
    expect(users.find((u) => u.username === 'officer.choucheng')?.role).toBe('officer');
  });
});
