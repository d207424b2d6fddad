import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IntakeAnswer, OfficeDashboard, PublicLookupAnswer } from '@anxin/shared';
import { APPROVAL_UNDO_MS, OTP_TTL_MS, PUBLIC_INTAKE_UNIT } from '@anxin/shared';
import { beforeEach, expect, it } from 'vitest';
import { TEST_CASES, type TestApi } from '../../test-support';
import { forEachDialect, mid, pushOne, snapshotCounts, useTestApi } from '../../test-support/suite';
import { createApp } from '../app';
import { otpRows } from '../repositories/otp-codes';
import { satisfactionByUnit } from '../repositories/ratings';
import { logSmsProvider } from '../services/sms/provider';
import { deliverDueSms } from '../services/sms/worker';

// Monday 23 November 2026, 10:00 in China.
const START = Date.parse('2026-11-23T02:00:00Z');
const WORKER = '13912345678';
/** The fixture's claimants have this mobile (and their employer this credit code). */
const FIXTURE_MOBILE = '13800138000';
const FIXTURE_CREDIT_CODE = '91330782MA2E9XNL0D';

type App = ReturnType<typeof createApp>;

forEachDialect('码上办事: the public API', (dialect) => {
  let clock = START;
  // One log file per test, as one development server writes one.
  let smsLog = '';
  beforeEach(() => {
    smsLog = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'anxin-public-')), 'sms.log');
  });
  const get = useTestApi(dialect, {
    now: () => new Date(clock),
    config: { trustProxy: true, publicBaseUrl: 'https://anxin.example.cn' },
  });

  async function post(
    app: App,
    p: string,
    body: unknown,
    ip = '10.0.0.1',
    lang = 'zh-CN',
  ): Promise<Response> {
    return await app.fetch(
      new Request(new URL(p, 'http://anxin.test'), {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Forwarded-For': ip,
          'Accept-Language': lang,
        },
        body: JSON.stringify(body),
      }),
    );
  }

  type LogLine = { to: string; templateId: string | null; params: Record<string, string> | null };
  /** Delivers what is due through the log provider (as in development) and reads the log. */
  async function deliveredTo(t: TestApi, mobile: string): Promise<LogLine[]> {
    await deliverDueSms(t.deps, logSmsProvider(smsLog));
    const text = fs.existsSync(smsLog) ? fs.readFileSync(smsLog, 'utf8') : '';
    return text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as LogLine)
      .filter((m) => m.to === mobile);
  }

  async function codeFor(
    t: TestApi,
    mobile: string,
    purpose: 'complaint' | 'lookup',
    app: App = t.app,
  ): Promise<string> {
    const res = await post(app, '/api/public/otp', { mobile, purpose });
    expect(res.status).toBe(202);
    const codes = (await deliveredTo(t, mobile)).filter((m) => m.templateId === 'AX_OTP');
    return codes.at(-1)!.params!.code!;
  }

  const complaint = (otp: string, over: Record<string, unknown> = {}) => ({
    name: '张三',
    mobile: WORKER,
    otp,
    unitId: 'choucheng',
    employer: { name: '义乌市某某建筑劳务有限公司', address: '义乌市稠城街道', creditCode: '' },
    owedFen: 1_200_000,
    workersCount: 3,
    periodFrom: '2026-09-01',
    periodTo: '2026-10-31',
    sector: 'construction',
    project: { name: '稠城安置房二期', generalContractor: '浙江某建设集团有限公司' },
    description: '工程结束后劳务公司拖欠三个月工资',
    ...over,
  });

  async function file(t: TestApi, over: Record<string, unknown> = {}): Promise<string> {
    const otp = await codeFor(t, (over.mobile as string | undefined) ?? WORKER, 'complaint');
    const res = await post(t.app, '/api/public/complaints', complaint(otp, over));
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as { caseNo: string }).caseNo;
  }

  const caseByNo = async (t: TestApi, caseNo: string) =>
    t.db.selectFrom('cases').selectAll().where('case_no', '=', caseNo).executeTakeFirstOrThrow();

  it('files a complaint as a received qr_form case in intake, with duplicate hints and the receipt SMS', async () => {
    clock = START;
    const t = get();
    const caseNo = await file(t, {
      mobile: FIXTURE_MOBILE,
      employer: { name: '义乌市测试公司', creditCode: FIXTURE_CREDIT_CODE },
    });
    expect(caseNo).toMatch(/^YW-2026-\d{6}$/);
    const row = await caseByNo(t, caseNo);
    expect(row).toMatchObject({
      source: 'qr_form',
      status: 'received',
      town_id: 'choucheng',
      received_at: new Date(START).toISOString(),
      assigned_officer_id: null,
      sector: 'construction',
      created_by: 'system-qr',
    });
    expect(JSON.parse(row.project!)).toEqual({
      name: '稠城安置房二期',
      generalContractor: '浙江某建设集团有限公司',
    });
    expect(JSON.parse(row.claimants)).toEqual([
      {
        name: '张三',
        mobile: FIXTURE_MOBILE,
        owedFen: 1_200_000,
        periodFrom: '2026-09-01',
        periodTo: '2026-10-31',
      },
    ]);
    const events = await t.db
      .selectFrom('case_events')
      .select(['actor_name', 'name'])
      .where('case_id', '=', row.id)
      .execute();
    expect(events).toEqual([{ actor_name: '码上办事', name: 'case.create' }]);

    const office = await t.login('office.1');
    const intake = (await (
      await t.api(office, 'GET', '/api/office/intake')
    ).json()) as IntakeAnswer;
    const item = intake.items.find((i) => i.case.caseNo === caseNo)!;
    expect(item.case).toMatchObject({ source: 'qr_form', sector: 'construction' });
    expect(item.duplicates.map((d) => d.id)).toEqual(
      expect.arrayContaining([TEST_CASES.chouchengOwn, TEST_CASES.chouchengAssigned]),
    );
    expect(item.duplicates[0]!.reasons).toEqual(expect.arrayContaining(['creditCode', 'mobile']));

    const received = (await deliveredTo(t, FIXTURE_MOBILE)).filter(
      (m) => m.templateId === 'AX_RECEIVED',
    );
    expect(received).toEqual([
      expect.objectContaining({
        params: { caseNo, link: `https://anxin.example.cn/k?lookup=${caseNo}` },
      }),
    ]);
  });

  it('a complaint of unknown unit waits in the intake unit until the office dispatches it', async () => {
    clock = START;
    const t = get();
    const caseNo = await file(t, { unitId: null, sector: 'other', project: undefined });
    const row = await caseByNo(t, caseNo);
    expect(row.town_id).toBe(PUBLIC_INTAKE_UNIT.id);
    expect(row.sector).toBe('other');
    expect(row.project).toBeNull();
    const units = (await (await t.fetch('/api/public/units')).json()) as Array<{ id: string }>;
    expect(units.map((u) => u.id)).toContain('choucheng');
    expect(units.map((u) => u.id)).not.toContain(PUBLIC_INTAKE_UNIT.id);
    const office = await t.login('office.1');
    const r = await pushOne(t, office, {
      name: 'case.assign',
      args: { id: row.id, townId: 'choucheng', assignedOfficerId: null },
      baseVersion: 1,
    });
    expect(r.status).toBe('applied');
    const dispatched = (await deliveredTo(t, WORKER)).filter(
      (m) => m.templateId === 'AX_DISPATCHED',
    );
    expect(dispatched).toEqual([expect.objectContaining({ params: { caseNo, unit: '稠城街道' } })]);
  });

  it('a code expires after 5 minutes, and is used once', async () => {
    clock = START;
    const t = get();
    const stale = await codeFor(t, WORKER, 'complaint');
    clock += OTP_TTL_MS + 1;
    const expired = await post(t.app, '/api/public/complaints', complaint(stale));
    expect(expired.status).toBe(400);
    expect(
      ((await expired.json()) as { error: { fields: Record<string, string> } }).error.fields,
    ).toEqual({
      otp: '验证码不正确或已失效，请重新获取',
    });
    const otp = await codeFor(t, WORKER, 'complaint');
    expect((await post(t.app, '/api/public/complaints', complaint(otp))).status).toBe(201);
    const before = await snapshotCounts(t);
    const again = await post(t.app, '/api/public/complaints', complaint(otp));
    expect(again.status).toBe(400);
    expect(await snapshotCounts(t)).toEqual(before);
  });

  it('counts wrong codes: after 5 tries even the right code is refused', async () => {
    clock = START;
    const t = get();
    const otp = await codeFor(t, WORKER, 'complaint');
    const wrong = otp === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      expect((await post(t.app, '/api/public/complaints', complaint(wrong))).status).toBe(400);
    }
    const before = await snapshotCounts(t);
    expect((await post(t.app, '/api/public/complaints', complaint(otp))).status).toBe(400);
    expect(await snapshotCounts(t)).toEqual(before);
    const [row] = await otpRows(t.db, WORKER);
    expect(row).toMatchObject({ tries: 5, used_at_ms: null });
  });

  it('limits code requests per mobile (5 an hour) across two API instances', async () => {
    clock = START;
    const t = get();
    const other = createApp(t.deps);
    for (let i = 0; i < 5; i++) {
      const app = i % 2 === 0 ? t.app : other;
      expect(
        (await post(app, '/api/public/otp', { mobile: WORKER, purpose: 'lookup' }, `10.0.1.${i}`))
          .status,
      ).toBe(202);
    }
    const refused = await post(
      other,
      '/api/public/otp',
      { mobile: WORKER, purpose: 'lookup' },
      '10.0.2.1',
    );
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(3500);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect(await otpRows(t.db, WORKER)).toHaveLength(5);
    clock += 3600_000;
    expect(
      (await post(t.app, '/api/public/otp', { mobile: WORKER, purpose: 'lookup' })).status,
    ).toBe(202);
  });

  it('limits code requests per address (20 an hour) across two API instances', async () => {
    clock = START;
    const t = get();
    const other = createApp(t.deps);
    const mobile = (i: number) => `1390000${String(i).padStart(4, '0')}`;
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        post(
          i % 2 === 0 ? t.app : other,
          '/api/public/otp',
          { mobile: mobile(i), purpose: 'complaint' },
          '10.9.9.9',
        ).then((r) => r.status),
      ),
    );
    expect(results.filter((s) => s === 202)).toHaveLength(20);
    expect(results.filter((s) => s === 429)).toHaveLength(4);
    // Another address is not held up.
    expect(
      (
        await post(
          other,
          '/api/public/otp',
          { mobile: mobile(99), purpose: 'complaint' },
          '10.9.9.8',
        )
      ).status,
    ).toBe(202);
  });

  it('the lookup answers the same not-found for a wrong number and for a wrong mobile', async () => {
    clock = START;
    const t = get();
    const caseNo = await file(t);
    const wrongNumber = await post(t.app, '/api/public/lookup', {
      caseNo: 'YW-2026-999999',
      mobile: WORKER,
      otp: await codeFor(t, WORKER, 'lookup'),
    });
    const stranger = '13700001111';
    const wrongMobile = await post(t.app, '/api/public/lookup', {
      caseNo,
      mobile: stranger,
      otp: await codeFor(t, stranger, 'lookup'),
    });
    expect(wrongNumber.status).toBe(404);
    expect(wrongMobile.status).toBe(404);
    expect(await wrongMobile.text()).toBe(await wrongNumber.text());
    const right = await post(t.app, '/api/public/lookup', {
      caseNo: caseNo.toLowerCase(),
      mobile: WORKER,
      otp: await codeFor(t, WORKER, 'lookup'),
    });
    expect(right.status).toBe(200);
    const answer = (await right.json()) as PublicLookupAnswer;
    expect(answer).toMatchObject({
      caseNo,
      stage: 'received',
      unitName: null,
      steps: [{ stage: 'received', at: new Date(START).toISOString() }],
      promise: {
        receivedAt: new Date(START).toISOString(),
        firstActionBy: new Date(START + 24 * 3600_000).toISOString(),
        resolveBy: new Date(START + 168 * 3600_000).toISOString(),
      },
      canRate: false,
      rated: false,
    });
    // Nothing about officers or other workers.
    expect(JSON.stringify(answer)).not.toMatch(/officer|claimants|张三/);
  });

  it('refuses bad input field by field, in Chinese, and changes nothing (no case, no code used)', async () => {
    clock = START;
    const t = get();
    const otp = await codeFor(t, WORKER, 'complaint');
    const before = await snapshotCounts(t);
    const res = await post(
      t.app,
      '/api/public/complaints',
      complaint(otp, {
        name: '',
        employer: { name: '某公司', creditCode: '12345' },
        owedFen: 0,
        workersCount: 0,
        periodFrom: '2026-10-31',
        periodTo: '2026-09-01',
        sector: 'mining',
        description: '',
      }),
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(body.error.code).toBe('invalid');
    expect(Object.keys(body.error.fields).sort()).toEqual(
      [
        'description',
        'employer.creditCode',
        'name',
        'owedFen',
        'periodTo',
        'sector',
        'workersCount',
      ].sort(),
    );
    expect(body.error.fields.name).toBe('必填');
    expect(body.error.fields.sector).toBe('不是可选的值');
    const noProject = await post(
      t.app,
      '/api/public/complaints',
      complaint(otp, { project: undefined }),
    );
    expect(
      ((await noProject.json()) as { error: { fields: Record<string, string> } }).error.fields,
    ).toEqual({
      project: '工程建设领域请填写项目名称和总承包单位',
    });
    const unknownUnit = await post(
      t.app,
      '/api/public/complaints',
      complaint(otp, { unitId: 'nowhere' }),
    );
    expect(
      ((await unknownUnit.json()) as { error: { fields: Record<string, string> } }).error.fields,
    ).toEqual({
      unitId: '请从列表中选择所在单位，或选择“不清楚”',
    });
    const photo = await post(
      t.app,
      '/api/public/complaints',
      complaint(otp, { photos: ['a'.repeat(64)] }),
    );
    expect(
      ((await photo.json()) as { error: { fields: Record<string, string> } }).error.fields,
    ).toEqual({
      'photos.0': '照片未上传或已过期，请重新上传',
    });
    const english = await post(
      t.app,
      '/api/public/complaints',
      complaint(otp, { name: '' }),
      '10.0.0.1',
      'en',
    );
    expect(
      ((await english.json()) as { error: { fields: Record<string, string> } }).error.fields,
    ).toEqual({
      name: 'Required',
    });
    expect(await snapshotCounts(t)).toEqual(before);
    expect(await otpRows(t.db, WORKER)).toEqual([
      expect.objectContaining({ tries: 0, used_at_ms: null }),
    ]);
    // The same code still files the corrected complaint.
    expect((await post(t.app, '/api/public/complaints', complaint(otp))).status).toBe(201);
  });

  it('attaches photos only the same proven mobile uploaded', async () => {
    clock = START;
    const t = get();
    const otp = await codeFor(t, WORKER, 'complaint');
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
    const sha = (await import('node:crypto')).createHash('sha256').update(jpeg).digest('hex');
    const upload = (mobile: string, code: string) =>
      t.app.fetch(
        new Request('http://anxin.test/api/public/photos', {
          method: 'POST',
          headers: {
            'Content-Type': 'image/jpeg',
            'X-Content-Sha256': sha,
            'X-Anxin-Mobile': mobile,
            'X-Anxin-Otp': code,
            'X-Forwarded-For': '10.0.0.1',
          },
          body: jpeg,
        }),
      );
    expect((await upload(WORKER, otp === '000000' ? '111111' : '000000')).status).toBe(400);
    expect((await upload(WORKER, otp)).status).toBe(201);
    // Another worker cannot attach it by knowing its hash.
    const other = '13700002222';
    const otherCode = await codeFor(t, other, 'complaint');
    const theirs = await post(
      t.app,
      '/api/public/complaints',
      complaint(otherCode, { mobile: other, photos: [sha] }),
    );
    expect(theirs.status).toBe(400);
    const res = await post(t.app, '/api/public/complaints', complaint(otp, { photos: [sha] }));
    expect(res.status).toBe(201);
    const row = await caseByNo(t, ((await res.json()) as { caseNo: string }).caseNo);
    const attachments = await t.db
      .selectFrom('attachments')
      .select(['sha256', 'kind'])
      .where('case_id', '=', row.id)
      .execute();
    expect(attachments).toEqual([{ sha256: sha, kind: 'photo' }]);
  });

  it('texts each step once: return-and-resubmit tells "resolved" once, after the approval window; rating once, only when closed', async () => {
    clock = START;
    const t = get();
    const caseNo = await file(t, { unitId: null });
    const id = (await caseByNo(t, caseNo)).id;
    const office = await t.login('office.1');
    const officer = await t.login('officer.choucheng');
    let version = 1;
    const push = async (token: string, name: string, args: Record<string, unknown>) => {
      const r = await pushOne(t, token, {
        id: mid(),
        name,
        args: { id, ...args },
        baseVersion: version,
      });
      expect(r.status, JSON.stringify(r)).toBe('applied');
      version++;
    };
    const rate = async (rating: string) =>
      post(t.app, '/api/public/rating', {
        caseNo,
        mobile: WORKER,
        otp: await codeFor(t, WORKER, 'lookup'),
        rating,
        comment: '处理很及时',
      });

    await push(office, 'case.assign', { townId: 'choucheng', assignedOfficerId: null });
    await push(officer, 'case.transition', { to: 'in_progress' });
    const resolve = { to: 'resolved', outcome: 'paid_in_full', recoveredFen: 1_200_000 };
    await push(officer, 'case.transition', resolve);
    await push(office, 'case.review', { decision: 'return', comment: '请补充支付凭证' });
    await push(officer, 'case.transition', resolve);
    expect((await rate('satisfied')).status).toBe(409);
    await push(office, 'case.review', { decision: 'approve' });
    const kinds = async () =>
      (await deliveredTo(t, WORKER)).map((m) => m.templateId).filter((k) => k !== 'AX_OTP');
    expect(await kinds()).toEqual(['AX_RECEIVED', 'AX_DISPATCHED']);
    clock += APPROVAL_UNDO_MS;
    expect(await kinds()).toEqual(['AX_RECEIVED', 'AX_DISPATCHED', 'AX_RESOLVED_AMOUNT']);
    clock += 3600_000;
    expect(await kinds()).toEqual(['AX_RECEIVED', 'AX_DISPATCHED', 'AX_RESOLVED_AMOUNT']);

    // The worker sees 已化解 and rates it, once.
    const lookup = await post(t.app, '/api/public/lookup', {
      caseNo,
      mobile: WORKER,
      otp: await codeFor(t, WORKER, 'lookup'),
    });
    const answer = (await lookup.json()) as PublicLookupAnswer;
    expect(answer).toMatchObject({ stage: 'resolved', unitName: '稠城街道', canRate: true });
    expect(answer.steps.map((s) => s.stage)).toEqual([
      'received',
      'dispatched',
      'in_progress',
      'resolved',
    ]);
    expect((await rate('mostly')).status).toBe(201);
    expect((await rate('unsatisfied')).status).toBe(409);
    const ratings = await t.db.selectFrom('case_ratings').selectAll().execute();
    expect(ratings).toEqual([
      expect.objectContaining({ case_id: id, rating: 'mostly', comment: '处理很及时' }),
    ]);
    expect(await satisfactionByUnit(t.db, { all: true }, {})).toEqual([
      { unitId: 'choucheng', satisfied: 0, mostly: 1, unsatisfied: 0, total: 1, rate: 1 },
    ]);
    expect(await satisfactionByUnit(t.db, { all: false, townIds: ['fotang'] }, {})).toEqual([]);
    // The office dashboard shows it by unit, in the period the rating was given.
    const dash = async (qs: string) =>
      (
        (await (
          await t.api(office, 'GET', `/api/office/dashboard?${qs}`)
        ).json()) as OfficeDashboard
      ).satisfaction;
    expect(await dash('')).toEqual([
      { unitId: 'choucheng', satisfied: 0, mostly: 1, unsatisfied: 0, total: 1, rate: 1 },
    ]);
    expect(await dash('townId=fotang')).toEqual([]);
    expect(await dash('from=2020-01-01&to=2020-01-31')).toEqual([]);
  });

  it('an approval undone within its window never texts "resolved"; approved again, it does once', async () => {
    clock = START;
    const t = get();
    const caseNo = await file(t);
    const id = (await caseByNo(t, caseNo)).id;
    const office = await t.login('office.1');
    const officer = await t.login('officer.choucheng');
    let version = 1;
    const push = async (token: string, name: string, args: Record<string, unknown>) => {
      const r = await pushOne(t, token, {
        id: mid(),
        name,
        args: { id, ...args },
        baseVersion: version,
      });
      expect(r.status, JSON.stringify(r)).toBe('applied');
      version++;
    };
    await push(officer, 'case.transition', { to: 'in_progress' });
    await push(officer, 'case.transition', {
      to: 'resolved',
      outcome: 'paid_in_full',
      recoveredFen: 0,
    });
    await push(office, 'case.review', { decision: 'approve' });
    clock += APPROVAL_UNDO_MS / 2;
    await push(office, 'case.review', { decision: 'undo_approve' });
    clock += APPROVAL_UNDO_MS;
    const resolved = async () =>
      (await deliveredTo(t, WORKER)).filter((m) => m.templateId === 'AX_RESOLVED').length;
    expect(await resolved()).toBe(0);
    await push(office, 'case.review', { decision: 'approve' });
    clock += APPROVAL_UNDO_MS;
    expect(await resolved()).toBe(1);
  });

  it('texts the transfer to arbitration and an approved insurance advance once each', async () => {
    clock = START;
    const t = get();
    const arbitrated = await file(t);
    const officer = await t.login('officer.choucheng');
    const a = (await caseByNo(t, arbitrated)).id;
    expect(
      (
        await pushOne(t, officer, {
          id: mid(),
          name: 'case.transition',
          args: { id: a, to: 'in_progress' },
          baseVersion: 1,
        })
      ).status,
    ).toBe('applied');
    expect(
      (
        await pushOne(t, officer, {
          id: mid(),
          name: 'case.transition',
          args: {
            id: a,
            to: 'transferred',
            transferTarget: 'arbitration',
            comment: '用人单位拒不调解',
          },
          baseVersion: 2,
        })
      ).status,
    ).toBe('applied');
    const sent = (await deliveredTo(t, WORKER)).filter((m) => m.templateId === 'AX_ARBITRATION');
    expect(sent).toEqual([expect.objectContaining({ params: { caseNo: arbitrated } })]);

    const insured = await file(t);
    const b = (await caseByNo(t, insured)).id;
    const office = await t.login('office.1');
    const step = async (token: string, name: string, args: Record<string, unknown>, v?: number) => {
      const r = await pushOne(t, token, {
        id: mid(),
        name,
        args,
        ...(v === undefined ? {} : { baseVersion: v }),
      });
      expect(r.status, JSON.stringify(r)).toBe('applied');
    };
    await step(officer, 'case.transition', { id: b, to: 'in_progress' }, 1);
    await step(
      officer,
      'case.transition',
      { id: b, to: 'insurance_advance', comment: '企业无力支付' },
      2,
    );
    const claimId = `claim-${mid()}`;
    await step(officer, 'insurance.start', { id: claimId, caseId: b, amountFen: 1_200_000 });
    await step(office, 'insurance.approve', { id: claimId, agreementDate: '2026-11-23' });
    const insurance = (await deliveredTo(t, WORKER)).filter((m) => m.templateId === 'AX_INSURANCE');
    // Three working days after Monday 23 November: Thursday 26 November.
    expect(insurance).toEqual([
      expect.objectContaining({ params: { caseNo: insured, dueDate: '2026-11-26' } }),
    ]);
    const lookup = await post(t.app, '/api/public/lookup', {
      caseNo: insured,
      mobile: WORKER,
      otp: await codeFor(t, WORKER, 'lookup'),
    });
    expect((await lookup.json()) as PublicLookupAnswer).toMatchObject({
      stage: 'insurance',
      insuranceDueDate: '2026-11-26',
    });
  });

  it('answers with the security headers, no cookie, and refuses an oversized body', async () => {
    clock = START;
    const t = get();
    const res = await post(t.app, '/api/public/otp', { mobile: WORKER, purpose: 'complaint' });
    expect(res.status).toBe(202);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('X-Frame-Options')).toBe('DENY');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('Content-Security-Policy')).toContain("default-src 'self'");
    expect(res.headers.get('Set-Cookie')).toBeNull();
    const before = await snapshotCounts(t);
    const huge = await post(t.app, '/api/public/complaints', {
      ...complaint('123456'),
      description: 'x'.repeat(70 * 1024),
    });
    expect(huge.status).toBe(413);
    expect(await snapshotCounts(t)).toEqual(before);
  });

  it('guesses at once still get 5 tries in all', async () => {
    clock = START;
    const t = get();
    const other = createApp(t.deps);
    const otp = await codeFor(t, WORKER, 'lookup');
    const guesses = Array.from({ length: 12 }, (_, i) =>
      String((Number(otp) + 1 + i) % 1_000_000).padStart(6, '0'),
    );
    const answers = await Promise.all(
      guesses.map((g, i) =>
        post(i % 2 ? other : t.app, '/api/public/lookup', {
          caseNo: 'YW-2026-000001',
          mobile: WORKER,
          otp: g,
        }),
      ),
    );
    expect(answers.every((r) => r.status === 400)).toBe(true);
    const [row] = await otpRows(t.db, WORKER);
    expect(row!.tries).toBe(5);
  });
});
