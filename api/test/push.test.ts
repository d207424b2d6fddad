import type { Case, CaseEvent, PushResponse } from '@anxin/shared';
import { eventNotes } from '@anxin/shared';
import { expect, it } from 'vitest';
import type { CaseDetail } from '../src/services/cases/case-service';
import { firstOfMonthAhead, sampleCaseArgs, TEST_CASES, TEST_USERS } from '../test-support';
import {
  forEachDialect,
  getCase,
  jsonOf,
  type Mut,
  mid,
  pushAs,
  pushOne,
  snapshotCounts,
  useTestApi,
} from '../test-support/suite';

forEachDialect('push: the mutation engine', (dialect) => {
  const get = useTestApi(dialect);

  async function caseOf(token: string, id: string): Promise<Case> {
    const res = await getCase(get(), token, id);
    expect(res.status).toBe(200);
    return ((await res.json()) as { case: Case }).case;
  }

  it('creates an officer case in progress, assigned to the officer, with a case number', async () => {
    const token = await get().login('officer.choucheng');
    const r = await pushOne(get(), token, {
      name: 'case.create',
      args: {
        ...sampleCaseArgs('new-case-0001', 'choucheng', 9),
        receivedAt: '2099-01-01T00:00:00Z',
      },
    });
    expect(r).toEqual({ id: expect.any(String), status: 'applied', version: 1 });
    const c = await caseOf(token, 'new-case-0001');
    expect(c.status).toBe('in_progress');
    expect(c.assignedOfficerId).toBe(TEST_USERS.officerChoucheng.id);
    expect(c.firstActionAt).toBe(c.receivedAt);
    expect(c.caseNo).toMatch(/^YW-\d{4}-\d{6}$/);
    // A receipt time in the future is clamped to the server's now.
    expect(Date.parse(c.receivedAt)).toBeLessThanOrEqual(Date.now());
  });

  it('creates an office intake as received and unassigned', async () => {
    const token = await get().login('office.1');
    const signedInAt = Date.now();
    const r = await pushOne(get(), token, {
      name: 'case.create',
      args: {
        ...sampleCaseArgs('new-case-0002', 'dachen', 9),
        receivedAt: new Date(signedInAt - 60_000).toISOString(),
      },
    });
    expect(r.status).toBe('applied');
    const c = await caseOf(token, 'new-case-0002');
    expect(c.status).toBe('received');
    expect(c.assignedOfficerId).toBeNull();
    // A receipt time inside the window since the session's last contact stands as given.
    expect(c.receivedAt).toBe(new Date(signedInAt - 60_000).toISOString());
  });

  it('a receipt time before the device’s last contact (or 1900) is moved to the window and the timeline says so', async () => {
    const token = await get().login('office.1');
    const r = await pushOne(get(), token, {
      name: 'case.create',
      args: {
        ...sampleCaseArgs('new-case-1900', 'dachen', 10),
        receivedAt: '1900-01-01T00:00:00Z',
      },
    });
    expect(r.status).toBe('applied');
    const c = await caseOf(token, 'new-case-1900');
    expect(Date.now() - Date.parse(c.receivedAt)).toBeLessThan(10 * 60_000);
    const events = await jsonOf<{ events: CaseEvent[] }>(
      await get().api(token, 'GET', '/api/cases/new-case-1900/events'),
    );
    expect(eventNotes(events.events[0]!.changes)).toEqual([
      {
        key: 'note.timeBeforeContact',
        params: { what: 'time.receivedAt', sentAt: '1900-01-01T00:00:00Z', placedAt: c.receivedAt },
      },
    ]);
  });

  it('gives distinct, increasing case numbers', async () => {
    const token = await get().login('office.1');
    const ids = ['seq-case-0001', 'seq-case-0002', 'seq-case-0003'];
    await pushAs(
      get(),
      token,
      ids.map((id) => ({ name: 'case.create', args: sampleCaseArgs(id, 'futian') })),
    );
    const nos = await Promise.all(ids.map(async (id) => (await caseOf(token, id)).caseNo));
    expect(new Set(nos).size).toBe(3);
    expect([...nos].sort()).toEqual(nos);
  });

  it('replays a mutation id with the first result and applies nothing twice', async () => {
    const token = await get().login('officer.choucheng');
    const m = {
      id: mid(),
      name: 'case.update',
      args: { id: TEST_CASES.chouchengOwn, patch: { description: '第一次修改' } },
      baseVersion: 1,
    };
    const first = await pushOne(get(), token, m);
    expect(first).toMatchObject({ status: 'applied', version: 2 });
    const before = await snapshotCounts(get());
    const again = await pushAs(get(), token, [m, m]);
    expect(again).toEqual([first, first]);
    expect(await snapshotCounts(get())).toEqual(before);
    expect((await caseOf(token, TEST_CASES.chouchengOwn)).version).toBe(2);
  });

  it('replays a conflict or a rejection unchanged too', async () => {
    const officer = await get().login('officer.choucheng');
    const refused = {
      id: mid(),
      name: 'case.transition',
      args: { id: TEST_CASES.chouchengOwn, to: 'closed' },
      baseVersion: 1,
    };
    const first = await pushOne(get(), officer, refused);
    expect(first.status).toBe('rejected');
    expect(await pushOne(get(), officer, refused)).toEqual(first);
  });

  it('applies a mutation once when the same push arrives twice at the same time', async () => {
    const token = await get().login('officer.choucheng');
    const create = {
      id: mid(),
      name: 'case.create',
      args: sampleCaseArgs('race-case-0001', 'choucheng'),
    };
    const update = {
      id: mid(),
      name: 'case.update',
      args: { id: TEST_CASES.chouchengOwn, patch: { workersCount: 2 } },
      baseVersion: 1,
    };
    const [a, b] = await Promise.all([
      pushAs(get(), token, [create, update], 'device-race-01'),
      pushAs(get(), token, [create, update], 'device-race-01'),
    ]);
    expect(a).toEqual(b);
    expect(a!.map((r) => r.status)).toEqual(['applied', 'applied']);
    const events = await get()
      .db.selectFrom('case_events')
      .select('mutation_id')
      .where('mutation_id', 'in', [create.id, update.id])
      .execute();
    expect(events).toHaveLength(2);
    expect((await caseOf(token, TEST_CASES.chouchengOwn)).version).toBe(2);
  });

  it('rejects the same id with different content and applies nothing', async () => {
    const token = await get().login('officer.choucheng');
    const id = mid();
    await pushOne(get(), token, {
      id,
      name: 'case.update',
      args: { id: TEST_CASES.chouchengOwn, patch: { description: 'A' } },
      baseVersion: 1,
    });
    const before = await snapshotCounts(get());
    const r = await pushOne(get(), token, {
      id,
      name: 'case.update',
      args: { id: TEST_CASES.chouchengOwn, patch: { description: 'B' } },
      baseVersion: 1,
    });
    expect(r.status).toBe('rejected');
    expect(r.error?.code).toBe('invalid');
    expect(r.error?.message).toMatch(/编号/);
    expect(await snapshotCounts(get())).toEqual(before);
    expect((await caseOf(token, TEST_CASES.chouchengOwn)).description).toBe('A');
  });

  it('keys idempotency per user: the same id from another of the user’s devices is not applied again', async () => {
    const token = await get().login('officer.choucheng');
    const id = mid();
    const m = {
      id,
      name: 'case.update',
      args: { id: TEST_CASES.chouchengOwn, patch: { description: 'X' } },
      baseVersion: 1,
    };
    const first = await pushOne(get(), token, m, 'device-aaaa-1');
    expect(first.status).toBe('applied');
    expect(await pushOne(get(), token, m, 'device-bbbb-2')).toEqual(first);
    const other = await pushOne(
      get(),
      token,
      { ...m, args: { id: TEST_CASES.chouchengOwn, patch: { workersCount: 3 } } },
      'device-bbbb-2',
    );
    expect(other).toMatchObject({ status: 'rejected', error: { code: 'invalid' } });
  });

  it('refuses a device id that belongs to another user with 403', async () => {
    const a = await get().login('officer.choucheng');
    const b = await get().login('inspector.1');
    await pushAs(get(), a, [], 'device-shared-1');
    const res = await get().api(b, 'POST', '/api/sync/push', {
      clientId: 'device-shared-1',
      mutations: [],
    });
    expect(res.status).toBe(403);
  });

  it('answers conflict with the server copy when the same field changed since baseVersion', async () => {
    const office = await get().login('office.1');
    const officer = await get().login('officer.choucheng');
    const id = TEST_CASES.chouchengAssigned; // version 2
    expect(
      await pushOne(get(), office, {
        name: 'case.update',
        args: { id, patch: { description: '市局修改' } },
        baseVersion: 2,
      }),
    ).toMatchObject({ status: 'applied', version: 3 });
    const before = await snapshotCounts(get());
    const r = await pushOne(get(), officer, {
      name: 'case.update',
      args: { id, patch: { description: '外勤修改' } },
      baseVersion: 2,
    });
    expect(r.status).toBe('conflict');
    expect(r.version).toBe(3);
    expect(r.conflictFields).toEqual(['description']);
    expect((r.server as Case).description).toBe('市局修改');
    expect(await snapshotCounts(get())).toEqual(before);
  });

  it('applies a change to disjoint fields on top of a newer version', async () => {
    const office = await get().login('office.1');
    const officer = await get().login('officer.choucheng');
    const id = TEST_CASES.chouchengAssigned;
    await pushOne(get(), office, {
      name: 'case.update',
      args: { id, patch: { description: '市局修改' } },
      baseVersion: 2,
    });
    const r = await pushOne(get(), officer, {
      name: 'case.update',
      args: { id, patch: { workersCount: 4, needsAssistance: true } },
      baseVersion: 2,
    });
    expect(r).toMatchObject({ status: 'applied', version: 4 });
    const c = await caseOf(office, id);
    expect(c.description).toBe('市局修改');
    expect(c.workersCount).toBe(4);
    expect(c.needsAssistance).toBe(true);
  });

  it('does not call it a conflict when both sides set the same value', async () => {
    const office = await get().login('office.1');
    const officer = await get().login('officer.choucheng');
    const id = TEST_CASES.chouchengAssigned;
    await pushOne(get(), office, {
      name: 'case.update',
      args: { id, patch: { description: '相同' } },
      baseVersion: 2,
    });
    const r = await pushOne(get(), officer, {
      name: 'case.update',
      args: { id, patch: { description: '相同' } },
      baseVersion: 2,
    });
    expect(r.status).toBe('applied');
  });

  it('keeps the stored ID number when a patch sends back its masked form', async () => {
    const officer = await get().login('officer.choucheng');
    const c = await caseOf(officer, TEST_CASES.chouchengOwn);
    expect(c.claimants[0]!.idNumber).toContain('*');
    const claimants = [{ ...c.claimants[0]!, owedFen: 600_000 }];
    const r = await pushOne(get(), officer, {
      name: 'case.update',
      args: { id: c.id, patch: { claimants } },
      baseVersion: c.version,
    });
    expect(r.status).toBe('applied');
    const row = await get()
      .db.selectFrom('cases')
      .select('claimants')
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    const stored = JSON.parse(row.claimants);
    expect(stored[0].idNumber).toBe('110101199003070011');
    expect(stored[0].owedFen).toBe(600_000);
  });

  it('refuses status moves the machine does not allow, with a reason, and continues the batch', async () => {
    const officer = await get().login('officer.choucheng');
    const before = await snapshotCounts(get());
    const [closeIt, resolveNoOutcome, start] = await pushAs(get(), officer, [
      {
        name: 'case.transition',
        args: { id: TEST_CASES.chouchengOwn, to: 'closed' },
        baseVersion: 1,
      },
      {
        name: 'case.transition',
        args: { id: TEST_CASES.chouchengOwn, to: 'resolved' },
        baseVersion: 1,
      },
      {
        name: 'case.transition',
        args: { id: TEST_CASES.chouchengAssigned, to: 'in_progress' },
        baseVersion: 2,
      },
    ]);
    expect(closeIt!.status).toBe('rejected');
    expect(closeIt!.error?.code).toBe('rejected');
    expect(closeIt!.error?.message.length).toBeGreaterThan(3);
    expect((closeIt!.server as Case).status).toBe('in_progress');
    expect(resolveNoOutcome!.status).toBe('rejected');
    expect(Object.keys(resolveNoOutcome!.error?.fields ?? {}).sort()).toEqual([
      'outcome',
      'recoveredFen',
    ]);
    expect(start!.status).toBe('applied');
    const after = await snapshotCounts(get());
    expect(after.versionSum).toBe(before.versionSum + 1);
  });

  it('refuses an office-only move for an officer and a field move for the office', async () => {
    const officer = await get().login('officer.choucheng');
    const office = await get().login('office.1');
    const review = await pushOne(get(), officer, {
      name: 'case.review',
      args: { id: TEST_CASES.chouchengOwn, decision: 'approve' },
      baseVersion: 1,
    });
    expect(review.status).toBe('rejected');
    const move = await pushOne(get(), office, {
      name: 'case.transition',
      args: { id: TEST_CASES.chouchengOwn, to: 'mediating' },
      baseVersion: 1,
    });
    expect(move.status).toBe('rejected');
  });

  it('checks moves against the current server status, not the device baseVersion', async () => {
    const officer = await get().login('officer.choucheng');
    const inspector = await get().login('inspector.1');
    const id = TEST_CASES.chouchengOwn;
    expect(
      (
        await pushOne(get(), inspector, {
          name: 'case.transition',
          args: { id, to: 'mediating' },
          baseVersion: 1,
        })
      ).status,
    ).toBe('applied');
    // The officer's device still shows in_progress (v1); resolving is allowed from mediating too.
    const r = await pushOne(get(), officer, {
      name: 'case.transition',
      args: { id, to: 'resolved', outcome: 'paid_in_full', recoveredFen: 500_000 },
      baseVersion: 1,
    });
    expect(r).toMatchObject({ status: 'applied', version: 3 });
  });

  it('runs the lifecycle: start, resolve (SMS queued), return, resolve, approve', async () => {
    const officer = await get().login('officer.choucheng');
    const office = await get().login('office.1');
    const id = TEST_CASES.chouchengAssigned;
    expect(
      (
        await pushOne(get(), officer, {
          name: 'case.transition',
          args: { id, to: 'in_progress' },
          baseVersion: 2,
        })
      ).status,
    ).toBe('applied');
    let c = await caseOf(officer, id);
    expect(c.firstActionAt).not.toBeNull();
    const firstAction = c.firstActionAt;
    expect(
      (
        await pushOne(get(), officer, {
          name: 'case.transition',
          args: { id, to: 'resolved', outcome: 'paid_in_full', recoveredFen: 500_000 },
          baseVersion: 3,
        })
      ).status,
    ).toBe('applied');
    const resolvedSms = () =>
      get()
        .db.selectFrom('sms_outbox')
        .selectAll()
        .where('case_id', '=', id)
        .where('kind', '=', 'resolved')
        .execute();
    // The worker hears "resolved" when the office approves, not when the officer resolves:
    // a case sent back for more work never told anyone it was solved.
    expect(await resolvedSms()).toEqual([]);
    const returned = await pushOne(get(), office, {
      name: 'case.review',
      args: { id, decision: 'return', comment: '请补充协议照片' },
      baseVersion: 4,
    });
    expect(returned.status).toBe('applied');
    c = await caseOf(officer, id);
    expect(c.status).toBe('returned');
    expect(c.reviewComment).toBe('请补充协议照片');
    expect(c.resolvedAt).toBeNull();
    await pushOne(get(), officer, {
      name: 'case.transition',
      args: { id, to: 'resolved', outcome: 'paid_in_full', recoveredFen: 500_000 },
      baseVersion: 5,
    });
    expect(
      (
        await pushOne(get(), office, {
          name: 'case.review',
          args: { id, decision: 'approve' },
          baseVersion: 6,
        })
      ).status,
    ).toBe('applied');
    c = await caseOf(office, id);
    expect(c.status).toBe('closed');
    expect(c.closedAt).not.toBeNull();
    expect(c.firstActionAt).toBe(firstAction);
    // Once, after the return and the resubmission.
    const sms = await resolvedSms();
    expect(sms).toHaveLength(1);
    expect(sms[0]!.mobile).toBe('13800138000');
    expect(sms[0]!.body).toContain(c.caseNo!);
    expect(sms[0]!.body).toContain('¥5,000.00');
    const detail = await jsonOf<CaseDetail>(await getCase(get(), office, id));
    expect(detail.sms.map((s: { status: string }) => s.status)).toEqual(['queued', 'queued']);
    // A closed case no longer changes.
    const edit = await pushOne(get(), office, {
      name: 'case.update',
      args: { id, patch: { description: 'x' } },
      baseVersion: 7,
    });
    expect(edit.status).toBe('rejected');
  });

  it('rejects later mutations on a case whose create was rejected, with that reason', async () => {
    const officer = await get().login('officer.choucheng');
    const bad = { ...sampleCaseArgs('doomed-case-01', 'choucheng'), claimants: [] };
    const [create, update, mediation] = await pushAs(get(), officer, [
      { name: 'case.create', args: bad },
      {
        name: 'case.update',
        args: { id: 'doomed-case-01', patch: { description: 'x' } },
        baseVersion: 1,
      },
      { name: 'case.transition', args: { id: 'doomed-case-01', to: 'mediating' }, baseVersion: 1 },
    ]);
    expect(create!.status).toBe('rejected');
    expect(create!.error?.fields?.claimants).toBeDefined();
    expect(update!.status).toBe('rejected');
    expect(update!.error?.code).toBe('not_found');
    expect(update!.error?.message).toMatch(/新建/);
    expect(mediation!.error?.message).toBe(update!.error?.message);
  });

  it('rejects unknown mutation names and invalid args field by field, in the asked language', async () => {
    const token = await get().login('officer.choucheng');
    const res = await get().fetch('/api/sync/push', {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        'Accept-Language': 'en-US,en',
      },
      body: JSON.stringify({
        clientId: 'device-test-0001',
        mutations: [
          { id: mid(), name: 'case.delete', args: { id: TEST_CASES.chouchengOwn } },
          {
            id: mid(),
            name: 'case.create',
            args: {
              ...sampleCaseArgs('bad-args-0001', 'choucheng'),
              claimants: [{ name: '张三', mobile: '12345', owedFen: 1.5 }],
            },
          },
        ],
      }),
    });
    const { results } = await jsonOf<PushResponse>(res);
    expect(results[0]!.status).toBe('rejected');
    expect(results[0]!.error?.code).toBe('invalid');
    expect(results[1]!.error?.fields?.['claimants.0.mobile']).toMatch(/Mobile/);
    expect(results[1]!.error?.fields?.['claimants.0.owedFen']).toMatch(/fen/);
  });

  it('records mediations: same record again is fine, an unsigned draft is replaced under its id', async () => {
    const officer = await get().login('officer.choucheng');
    // Held just now (a time inside the device's window since its last contact).
    const heldAt = new Date(Date.now() - 60_000).toISOString();
    const mediation = {
      id: 'mediation-0001',
      caseId: TEST_CASES.chouchengOwn,
      heldAt,
      place: '企业会议室',
      attendees: [{ name: '工人2', role: 'worker' }],
      facts: '拖欠工资五千元',
      terms: '当场支付三千，余款分两期',
      amountAgreedFen: 500_000,
      amountPaidOnSiteFen: 300_000,
      instalments: [
        { dueDate: firstOfMonthAhead(1), amountFen: 100_000 },
        { dueDate: firstOfMonthAhead(2), amountFen: 100_000 },
      ],
      outcome: 'agreed',
      signatures: {},
      photoHashes: [],
    };
    expect(await pushOne(get(), officer, { name: 'mediation.record', args: mediation })).toEqual({
      id: expect.any(String),
      status: 'applied',
      version: 1,
    });
    expect(
      (await pushOne(get(), officer, { name: 'mediation.record', args: mediation })).status,
    ).toBe('applied');
    const changed = await pushOne(get(), officer, {
      name: 'mediation.record',
      args: { ...mediation, terms: '改了' },
    });
    // Neither party has signed: still a draft, so the change replaces it (issue 15).
    expect(changed.status).toBe('applied');
    expect(changed.version).toBe(2);
    const next = await pushOne(get(), officer, {
      name: 'mediation.record',
      args: { ...mediation, id: 'mediation-0002', supersedesId: 'mediation-0001', terms: '改了' },
    });
    expect(next.status).toBe('applied');
    const detail = await jsonOf<CaseDetail>(await getCase(get(), officer, TEST_CASES.chouchengOwn));
    expect(detail.mediations.map((m: { id: string }) => m.id)).toEqual([
      'mediation-0001',
      'mediation-0002',
    ]);
    const bad = await pushOne(get(), officer, {
      name: 'mediation.record',
      args: {
        ...mediation,
        id: 'mediation-0003',
        instalments: [{ dueDate: '2026-12-01', amountFen: 1 }],
      },
    });
    expect(bad.error?.fields?.instalments).toBeDefined();
  });
});

/**
 * issue 15: an action done offline keeps the time the officer did it. The envelope's
 * `occurredAt` stamps the first action and the status moves, inside the window since the
 * device's last contact; the version, `updatedAt` and the event's own time stay the server's.
 */
forEachDialect('push: when an action happened (occurredAt)', (dialect) => {
  const SIGNED_IN = Date.parse('2026-06-10T01:50:00.000Z');
  let clock = SIGNED_IN;
  const get = useTestApi(dialect, { now: () => new Date(clock) });
  const iso = (ms: number) => new Date(ms).toISOString();

  async function pushTimed(token: string, m: Mut & { occurredAt?: unknown }) {
    const res = await get().api(token, 'POST', '/api/sync/push', {
      clientId: 'device-occurred-1',
      mutations: [{ id: mid(), ...m }],
    });
    return res;
  }
  async function signIn(username: string): Promise<string> {
    clock = SIGNED_IN;
    const token = await get().login(username);
    // The device went offline after signing in; it syncs 21 minutes later.
    clock = SIGNED_IN + 21 * 60_000;
    return token;
  }
  async function stateOf(token: string, id: string) {
    const c = ((await (await getCase(get(), token, id)).json()) as { case: Case }).case;
    const events = await jsonOf<{ events: CaseEvent[] }>(
      await get().api(token, 'GET', `/api/cases/${id}/events`),
    );
    return { c, last: events.events.at(-1)! };
  }

  it('an offline first action keeps its time; version, updatedAt and the event stay on server time', async () => {
    const token = await signIn('officer.choucheng');
    const did = SIGNED_IN + 15 * 60_000;
    const res = await pushTimed(token, {
      name: 'case.transition',
      args: { id: TEST_CASES.chouchengAssigned, to: 'in_progress' },
      baseVersion: 2,
      occurredAt: iso(did),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as PushResponse).results[0]!.status).toBe('applied');
    const { c, last } = await stateOf(token, TEST_CASES.chouchengAssigned);
    expect(c.firstActionAt).toBe(iso(did));
    expect(c.updatedAt).toBe(iso(clock));
    expect(c.version).toBe(3);
    expect(last.at).toBe(iso(clock));
    expect(last.comment).toBeNull();
  });

  it('a time before the last contact is moved to the window’s start, and the event says so', async () => {
    const token = await signIn('officer.choucheng');
    const sent = iso(SIGNED_IN - 60 * 60_000);
    await pushTimed(token, {
      name: 'case.transition',
      args: { id: TEST_CASES.chouchengAssigned, to: 'in_progress' },
      baseVersion: 2,
      occurredAt: sent,
    });
    const { c, last } = await stateOf(token, TEST_CASES.chouchengAssigned);
    expect(c.firstActionAt).toBe(iso(SIGNED_IN - 5 * 60_000));
    expect(eventNotes(last.changes)).toEqual([
      {
        key: 'note.timeBeforeContact',
        params: { what: 'time.actedAt', sentAt: sent, placedAt: c.firstActionAt },
      },
    ]);
  });

  it('a resolution dated in the future is recorded at the server’s now, and the event says so', async () => {
    const token = await signIn('officer.choucheng');
    const sent = iso(clock + 3 * 3600_000);
    await pushTimed(token, {
      name: 'case.transition',
      args: {
        id: TEST_CASES.chouchengOwn,
        to: 'resolved',
        outcome: 'paid_in_full',
        recoveredFen: 500_000,
      },
      baseVersion: 1,
      occurredAt: sent,
    });
    const { c, last } = await stateOf(token, TEST_CASES.chouchengOwn);
    expect(c.resolvedAt).toBe(iso(clock));
    expect(eventNotes(last.changes)).toEqual([
      {
        key: 'note.timeInFuture',
        params: { what: 'time.actedAt', sentAt: sent, placedAt: c.resolvedAt },
      },
    ]);
  });

  it('an older client without occurredAt gets the server’s time, as before', async () => {
    const token = await signIn('officer.choucheng');
    await pushTimed(token, {
      name: 'case.transition',
      args: { id: TEST_CASES.chouchengAssigned, to: 'in_progress' },
      baseVersion: 2,
    });
    const { c, last } = await stateOf(token, TEST_CASES.chouchengAssigned);
    expect(c.firstActionAt).toBe(iso(clock));
    expect(last.comment).toBeNull();
  });

  it('an occurredAt that is not an instant refuses the batch as malformed', async () => {
    const token = await signIn('officer.choucheng');
    const res = await pushTimed(token, {
      name: 'case.transition',
      args: { id: TEST_CASES.chouchengAssigned, to: 'in_progress' },
      baseVersion: 2,
      occurredAt: 'yesterday',
    });
    expect(res.status).toBe(400);
    expect((await stateOf(token, TEST_CASES.chouchengAssigned)).c.firstActionAt).toBeNull();
  });
});
