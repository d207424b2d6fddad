import { createHash } from 'node:crypto';
import type { ApiError, Case, CaseListAnswer, PushResult } from '@anxin/shared';
import { expect, it } from 'vitest';
import type { CaseDetail } from '../src/services/cases/case-service';
import { sampleCaseArgs, TEST_CASES } from '../test-support';
import {
  forEachDialect,
  getCase,
  jsonOf,
  pullAll,
  pushOne,
  replay,
  snapshotCounts,
  useTestApi,
} from '../test-support/suite';

type CaseKey = keyof typeof TEST_CASES;
const CASE_TOWN: Record<CaseKey, string> = {
  chouchengAssigned: 'choucheng',
  chouchengOwn: 'choucheng',
  fotangAssigned: 'fotang',
  beiyuanReceived: 'beiyuan',
  jiangdongReceived: 'jiangdong',
};
const USERS: Record<string, string[] | 'all'> = {
  'officer.choucheng': ['choucheng'],
  'officer.fotang': ['fotang'],
  'inspector.1': ['choucheng', 'fotang', 'beiyuan'],
  'office.1': 'all',
  admin: 'all',
};
const sees = (user: string, key: CaseKey) => {
  const towns = USERS[user]!;
  return towns === 'all' || towns.includes(CASE_TOWN[key]);
};

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const PNG_SHA = createHash('sha256').update(PNG).digest('hex');

/** One of each mutation that targets an existing case. */
function mutationsOn(caseId: string, version: number) {
  return [
    {
      name: 'case.update',
      args: { id: caseId, patch: { description: '越权修改' } },
      baseVersion: version,
    },
    { name: 'case.transition', args: { id: caseId, to: 'in_progress' }, baseVersion: version },
    {
      name: 'case.assign',
      args: { id: caseId, townId: 'choucheng', assignedOfficerId: null },
      baseVersion: version,
    },
    { name: 'case.review', args: { id: caseId, decision: 'approve' }, baseVersion: version },
    {
      name: 'mediation.record',
      args: {
        id: `med-${caseId}`.slice(0, 60),
        caseId,
        heldAt: '2026-11-20T03:00:00Z',
        place: '现场',
        attendees: [{ name: '甲', role: 'worker' }],
        facts: '',
        terms: '',
        amountAgreedFen: 0,
        amountPaidOnSiteFen: 0,
        instalments: [],
        outcome: 'failed',
        signatures: {},
        photoHashes: [],
      },
    },
    {
      name: 'attachment.link',
      args: { sha256: PNG_SHA, caseId, kind: 'photo', mime: 'image/png', size: PNG.length },
    },
  ];
}

forEachDialect('town scope: every role × in/out of scope', (dialect) => {
  const get = useTestApi(dialect);

  it('reads: detail is 404 out of scope (and logged), list and pull hold only in-scope cases', async () => {
    for (const user of Object.keys(USERS)) {
      const token = await get().login(user);
      const keys = Object.keys(TEST_CASES) as CaseKey[];
      for (const key of keys) {
        const res = await getCase(get(), token, TEST_CASES[key]);
        expect(res.status, `${user} GET ${key}`).toBe(sees(user, key) ? 200 : 404);
        const events = await get().api(token, 'GET', `/api/cases/${TEST_CASES[key]}/events`);
        expect(events.status, `${user} events ${key}`).toBe(sees(user, key) ? 200 : 404);
      }
      const expected = keys
        .filter((k) => sees(user, k))
        .map((k) => TEST_CASES[k])
        .sort();
      const list = await jsonOf<CaseListAnswer>(
        await get().api(token, 'GET', '/api/cases?pageSize=200'),
      );
      expect(list.items.map((c: Case) => c.id).sort(), `${user} list`).toEqual(expected);
      const held = replay((await pullAll(get(), token)).changes);
      const pulledCases = [...held.keys()]
        .filter((k) => k.startsWith('case:'))
        .map((k) => k.slice(5))
        .sort();
      expect(pulledCases, `${user} pull`).toEqual(expected);
      for (const [key, data] of held) {
        if (key.startsWith('event:'))
          expect(expected).toContain((data as { caseId: string }).caseId);
      }
    }
    // An out-of-scope read answers like a missing case, and is logged.
    expect(
      get().logs.some(
        (l) => l.event === 'scope.denied' && l.data?.caseId === TEST_CASES.fotangAssigned,
      ),
    ).toBe(true);
    const token = await get().login('officer.choucheng');
    const missing = await jsonOf<ApiError>(await getCase(get(), token, 'no-such-case-1'));
    const hidden = await jsonOf<ApiError>(await getCase(get(), token, TEST_CASES.fotangAssigned));
    expect(hidden).toEqual(missing);
  });

  it('mutations on out-of-scope cases are not_found and change nothing', async () => {
    const cases: Array<[string, CaseKey]> = [
      ['officer.choucheng', 'fotangAssigned'],
      ['officer.choucheng', 'beiyuanReceived'],
      ['officer.fotang', 'chouchengOwn'],
      ['inspector.1', 'jiangdongReceived'],
    ];
    for (const [user, key] of cases) {
      const token = await get().login(user);
      const before = await snapshotCounts(get());
      for (const m of mutationsOn(TEST_CASES[key], 2)) {
        const r = await pushOne(get(), token, m);
        expect(r.status, `${user} ${m.name} ${key}`).toBe('rejected');
        expect(r.error?.code, `${user} ${m.name} ${key}`).toBe('not_found');
        expect(r.server).toBeUndefined();
      }
      expect(await snapshotCounts(get())).toEqual(before);
    }
  });

  it('creating a case outside your towns is forbidden; inside is applied', async () => {
    for (const user of Object.keys(USERS)) {
      const token = await get().login(user);
      for (const town of ['choucheng', 'jiangdong']) {
        const id = `cr-${user.replace('.', '-')}-${town}`;
        const r = await pushOne(get(), token, {
          name: 'case.create',
          args: sampleCaseArgs(id, town),
        });
        const allowed = USERS[user] === 'all' || (USERS[user] as string[]).includes(town);
        expect(r.status, `${user} create in ${town}`).toBe(allowed ? 'applied' : 'rejected');
        if (!allowed) expect(r.error?.code).toBe('forbidden');
      }
    }
  });

  it('in scope, each role gets the answer its role allows', async () => {
    const results: Record<string, Record<string, PushResult['status']>> = {};
    for (const user of ['officer.choucheng', 'inspector.1', 'office.1', 'admin']) {
      const api = get();
      const token = await api.login(user);
      const upload = await api.fetch(`/api/blobs/${PNG_SHA}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'image/png' },
        body: PNG,
      });
      expect([200, 201]).toContain(upload.status);
      results[user] = {};
      const c = (await jsonOf<CaseDetail>(await getCase(api, token, TEST_CASES.chouchengAssigned)))
        .case as Case;
      for (const m of mutationsOn(TEST_CASES.chouchengAssigned, c.version)) {
        const args =
          m.name === 'mediation.record'
            ? { ...(m.args as object), id: `med-${user.replace('.', '-')}` }
            : m.args;
        const r = await pushOne(api, token, { ...m, args, baseVersion: c.version });
        expect(r.error?.code, `${user} ${m.name}`).not.toBe('not_found');
        results[user]![m.name] = r.status;
      }
    }
    expect(results['officer.choucheng']).toMatchObject({
      'case.update': 'applied',
      'case.assign': 'rejected',
      'case.review': 'rejected',
      'mediation.record': 'applied',
      'attachment.link': 'applied',
    });
    expect(results['office.1']!['case.assign']).toBe('applied');
    expect(results.admin!['case.transition']).toBe('rejected');
  });
});
