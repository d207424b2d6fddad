import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, eventLogger } from '../../api/src/observability/logger';
import { DEMO_PASSWORD, seedDemo } from '../../api/src/services/seed/seed';
import { deliverDueSms } from '../../api/src/services/sms/worker';
import { startTestApi, type TestApi } from '../../api/test-support';

/**
 * A full run of the app with the real logger (pino, every level down to trace) writing to a
 * file: demo seed, sign-ins (one with personal data typed into the wrong fields), pushes of
 * new cases with claimants, a rejected push, a pull, case reads, duplicate look-ups by
 * mobile and by ID number, errors (bad JSON, an ID number as a case id in the path), an SMS
 * round of the delivery loop with a failing provider. Then the log is searched for every
 * seeded claimant's mobile, ID number and name, and for those the run typed: none may appear.
 */
let t: TestApi;
let dir: string;
let logFile: string;
let fd: number;

const typedMobile = '13912345678';
const typedIdNumber = '330782199001011239';

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxin-redaction-'));
  logFile = path.join(dir, 'server.log');
  fd = fs.openSync(logFile, 'a');
  // Written synchronously, as the server's stdout destination is: nothing is still buffered
  // when the file is read.
  const destination = new Writable({
    write(chunk, _enc, done) {
      fs.writeSync(fd, chunk);
      done();
    },
  });
  const log = eventLogger(createLogger({ level: 'trace', destination }));
  t = await startTestApi({ empty: true, log });
  await seedDemo(t.deps, 12);
}, 120_000);

afterAll(async () => {
  await t?.close();
  fs.closeSync(fd);
  fs.rmSync(dir, { recursive: true, force: true });
});

interface StoredClaimant {
  name: string;
  mobile: string;
  idNumber: string | null;
}

async function seededClaimants(): Promise<StoredClaimant[]> {
  const rows = await t.db.selectFrom('cases').select(['claimants']).execute();
  return rows.flatMap((r) => JSON.parse(r.claimants) as StoredClaimant[]);
}

describe('personal data never reaches the log', () => {
  it('a realistic run logs requests and jobs, and no mobile, ID number or claimant name', async () => {
    const claimants = await seededClaimants();
    expect(claimants.length).toBeGreaterThan(10);
    const seeded = claimants[0]!;

    const signIn = async (username: string, password = DEMO_PASSWORD) =>
      t.api(null, 'POST', '/api/auth/login', { username, password });
    // A person typing their mobile as the username and an ID number as the password.
    expect((await signIn(typedMobile, typedIdNumber)).status).toBe(401);
    const officer = ((await (await signIn('officer.choucheng')).json()) as { token: string }).token;
    const office = ((await (await signIn('office.1')).json()) as { token: string }).token;

    const clientId = `device-${randomUUID().slice(0, 8)}`;
    const caseId = randomUUID();
    const create = {
      id: `m-${randomUUID()}`,
      name: 'case.create',
      args: {
        id: caseId,
        townId: 'choucheng',
        source: 'walk_in',
        employer: {
          name: '义乌市日志测试电子有限公司',
          creditCode: '91330782MA2E9XNL0D',
          contactName: '周经理',
          contactPhone: typedMobile,
          address: '浙江省义乌市工人北路1号',
        },
        claimants: [
          {
            name: '陈小红',
            mobile: typedMobile,
            idNumber: typedIdNumber,
            homeProvince: '贵州',
            owedFen: 300_000,
          },
          {
            name: seeded.name,
            mobile: seeded.mobile,
            idNumber: seeded.idNumber,
            homeProvince: '四川',
            owedFen: 1,
          },
        ],
        workersCount: 2,
        description: `工人电话 ${typedMobile}，身份证 ${typedIdNumber}`,
      },
    };
    const pushed = await t.api(officer, 'POST', '/api/sync/push', {
      clientId,
      mutations: [create],
    });
    expect(pushed.status).toBe(200);
    const applied = (await pushed.json()) as { results: Array<{ status: string }> };
    expect(applied.results[0], JSON.stringify(applied)).toMatchObject({ status: 'applied' });
    // Re-sent, and a rejected one whose refusal quotes the fields.
    await t.api(officer, 'POST', '/api/sync/push', { clientId, mutations: [create] });
    const rejected = await t.api(officer, 'POST', '/api/sync/push', {
      clientId,
      mutations: [
        {
          id: `m-${randomUUID()}`,
          name: 'case.create',
          args: {
            ...create.args,
            id: randomUUID(),
            claimants: [{ name: '李四', mobile: `${typedMobile}9`, idNumber: 'x' }],
          },
        },
      ],
    });
    expect(
      ((await rejected.json()) as { results: Array<{ status: string }> }).results[0]?.status,
    ).toBe('rejected');

    expect((await t.api(officer, 'GET', '/api/sync/pull')).status).toBe(200);
    expect((await t.api(office, 'GET', `/api/cases/${caseId}`)).status).toBe(200);
    expect((await t.api(office, 'GET', `/api/cases?q=${seeded.mobile}`)).status).toBeLessThan(500);
    expect(
      (await t.api(office, 'GET', `/api/cases/duplicates?mobile=${seeded.mobile}`)).status,
    ).toBe(200);
    if (seeded.idNumber) {
      expect(
        (await t.api(office, 'GET', `/api/cases/duplicates?idNumber=${seeded.idNumber}`)).status,
      ).toBe(200);
    }
    // Errors: an ID number where a case id goes, a body that is not JSON.
    expect((await t.api(office, 'GET', `/api/cases/${typedIdNumber}`)).status).toBe(404);
    const badJson = await t.fetch('/api/sync/push', {
      method: 'POST',
      headers: { Authorization: `Bearer ${officer}`, 'Content-Type': 'application/json' },
      body: `{"clientId":"${typedMobile}",`,
    });
    expect(badJson.status).toBe(400);

    // One round of the SMS loop against a provider that fails, quoting the number.
    await deliverDueSms(t.deps, {
      name: 'failing-gateway',
      send: async (m) => {
        throw new Error(`gateway refused ${m.to}`);
      },
    });

    const text = fs.readFileSync(logFile, 'utf8');
    const lines = text.split('\n').filter(Boolean);
    const events = new Set(lines.map((l) => (JSON.parse(l) as { event: string }).event));
    for (const e of ['http.request', 'auth.failed', 'duplicates.mobileLookup']) {
      expect(events, `the run logged ${[...events].join(', ')}`).toContain(e);
    }
    expect(lines.length).toBeGreaterThan(12);

    const secrets = new Set<string>([
      typedMobile,
      typedIdNumber,
      '陈小红',
      DEMO_PASSWORD,
      officer,
      office,
    ]);
    for (const c of [...claimants, ...(await seededClaimants())]) {
      secrets.add(c.mobile);
      if (c.idNumber) secrets.add(c.idNumber);
      secrets.add(c.name);
    }
    const found = [...secrets].filter((s) => s.length >= 2 && text.includes(s));
    expect(found, `personal data in the log:\n${found.join('\n')}`).toEqual([]);
  }, 120_000);
});
