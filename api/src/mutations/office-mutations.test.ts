import type { Case, CaseEvent, InsuranceClaim, PushResult } from '@anxin/shared';
import { APPROVAL_UNDO_MS, t as t_ } from '@anxin/shared';
import { expect, it } from 'vitest';
import { sampleCaseArgs, TEST_CASES, TEST_USERS } from '../../test-support';
import {
  forEachDialect,
  getCase,
  jsonOf,
  mid,
  pullAll,
  pushAs,
  pushOne,
  replay,
  useTestApi,
} from '../../test-support/suite';
import { listEvents } from '../repositories/events';

// Friday 27 Nov 2026, 10:00 in China: the claim tests count working days back from it.
const NOW = Date.parse('2026-11-27T02:00:00.000Z');

const expectApplied = (r: PushResult) => expect(r.status, JSON.stringify(r.error)).toBe('applied');

forEachDialect('office and inspector mutations', (dialect) => {
  const get = useTestApi(dialect, { now: () => new Date(NOW) });

  it('visit.note: append-only, synced as a case event to everyone in scope, never overwritten', async () => {
    const t = get();
    const inspector = await t.login('inspector.1');
    const officer = await t.login('officer.choucheng');
    const note = {
      id: 'visit-note-0001',
      caseId: TEST_CASES.chouchengAssigned,
      text: '已到公司核对考勤，老板承诺周五前付清',
      visitedAt: new Date(NOW - 3600_000).toISOString(),
    };
    expectApplied(await pushOne(t, inspector, { name: 'visit.note', args: note }));
    // The same note again from another sync (new mutation id): already done, nothing doubled.
    expectApplied(await pushOne(t, inspector, { name: 'visit.note', args: note }));
    const changed = await pushOne(t, inspector, {
      name: 'visit.note',
      args: { ...note, text: '改写的内容' },
    });
    expect(changed.status).toBe('rejected');
    expect(changed.error?.code).toBe('conflict');

    const state = replay((await pullAll(t, officer)).changes);
    const ev = state.get(`event:${note.id}`) as CaseEvent;
    expect(ev).toMatchObject({
      caseId: note.caseId,
      name: 'visit.note',
      comment: note.text,
      actorId: TEST_USERS.inspector.id,
    });
    expect(ev.changes[0]).toMatchObject({ field: 'visitNote', to: { visitedAt: note.visitedAt } });
    const notes = await t.db
      .selectFrom('case_events')
      .select('id')
      .where('name', '=', 'visit.note')
      .execute();
    expect(notes).toHaveLength(1);
    // The note does not bump the case, so it can never conflict with an officer's edit.
    expect((state.get(`case:${note.caseId}`) as Case).version).toBe(2);

    const fotang = await t.login('officer.fotang');
    const outside = await pushOne(t, fotang, {
      name: 'visit.note',
      args: { ...note, id: 'visit-note-0002' },
    });
    expect(outside.error?.code).toBe('not_found');
  });

  it('visit.plan: only an inspector, only their towns, cases inside the planned towns', async () => {
    const t = get();
    const inspector = await t.login('inspector.1');
    const plan = {
      id: 'plan-2026-w48-1',
      weekOf: '2026-11-23',
      visits: [
        { townId: 'fotang', date: '2026-11-26' },
        { townId: 'choucheng', date: '2026-11-24' },
      ],
      caseIds: [TEST_CASES.chouchengAssigned, TEST_CASES.fotangAssigned],
    };
    const first = await pushOne(t, inspector, { name: 'visit.plan', args: plan });
    expectApplied(first);
    expect(first.version).toBe(1);
    const again = await pushOne(t, inspector, {
      name: 'visit.plan',
      args: { ...plan, note: '带上工资表模板' },
    });
    expect(again.version).toBe(2);

    const cases: Array<[string, unknown, string]> = [
      ['officer.choucheng', plan, 'forbidden'],
      ['office.1', plan, 'forbidden'],
      ['inspector.1', { ...plan, id: 'plan-x-0001', weekOf: '2026-11-24' }, 'invalid'],
      [
        'inspector.1',
        { ...plan, id: 'plan-x-0002', visits: [{ townId: 'jiangdong', date: '2026-11-24' }] },
        'forbidden',
      ],
      [
        'inspector.1',
        { ...plan, id: 'plan-x-0003', visits: [{ townId: 'choucheng', date: '2026-12-01' }] },
        'invalid',
      ],
      [
        'inspector.1',
        { ...plan, id: 'plan-x-0004', caseIds: [TEST_CASES.jiangdongReceived] },
        'not_found',
      ],
    ];
    for (const [user, args, code] of cases) {
      const r = await pushOne(t, await t.login(user), { name: 'visit.plan', args });
      expect(r.error?.code, `${user} ${JSON.stringify(args)}`).toBe(code);
    }

    const mine = await jsonOf<{ plans: Array<{ id: string; visits: unknown; note: string }> }>(
      await t.api(inspector, 'GET', '/api/visits/plans?weekOf=2026-11-25'),
    );
    expect(mine.plans).toHaveLength(1);
    expect(mine.plans[0]!.note).toBe('带上工资表模板');
    // Sorted by day.
    expect(mine.plans[0]!.visits).toEqual([plan.visits[1], plan.visits[0]]);
    const officerView = await jsonOf<{ plans: unknown[] }>(
      await t.api(await t.login('officer.fotang'), 'GET', '/api/visits/plans?weekOf=2026-11-23'),
    );
    expect(officerView.plans).toHaveLength(1);
    const office = await jsonOf<{ plans: unknown[] }>(
      await t.api(await t.login('office.1'), 'GET', '/api/visits/plans?weekOf=2026-11-23'),
    );
    expect(office.plans).toHaveLength(1);
  });

  it('insurance advance: officer starts, office approves with the agreement date, due in 3 working days, late stands out', async () => {
    const t = get();
    const officer = await t.login('officer.choucheng');
    const office = await t.login('office.1');
    const caseId = TEST_CASES.chouchengOwn;
    const claim = { id: 'claim-000000001', caseId, amountFen: 500_000 };

    const early = await pushOne(t, officer, { name: 'insurance.start', args: claim });
    expect(early.error?.code).toBe('rejected');
    expectApplied(
      await pushOne(t, officer, {
        name: 'case.transition',
        args: { id: caseId, to: 'insurance_advance', comment: '企业已停产，无力支付' },
        baseVersion: 1,
      }),
    );
    expectApplied(await pushOne(t, officer, { name: 'insurance.start', args: claim }));
    const second = await pushOne(t, officer, {
      name: 'insurance.start',
      args: { ...claim, id: 'claim-000000002' },
    });
    expect(second.error?.code).toBe('rejected');

    const byOfficer = await pushOne(t, officer, {
      name: 'insurance.approve',
      args: { id: claim.id, agreementDate: '2026-11-23' },
    });
    expect(byOfficer.error?.code).toBe('forbidden');
    const future = await pushOne(t, office, {
      name: 'insurance.approve',
      args: { id: claim.id, agreementDate: '2026-11-28' },
    });
    expect(future.error?.code).toBe('invalid');
    const paidTooEarly = await pushOne(t, office, {
      name: 'insurance.paid',
      args: { id: claim.id, paidDate: '2026-11-24' },
    });
    expect(paidTooEarly.error?.code).toBe('rejected');
    // Signed Monday 23 Nov → the insurer must pay by Thursday 26 Nov; today is Friday 27th.
    expectApplied(
      await pushOne(t, office, {
        name: 'insurance.approve',
        args: { id: claim.id, agreementDate: '2026-11-23' },
      }),
    );
    const listed = await jsonOf<{ claims: Array<InsuranceClaim & { late: boolean }> }>(
      await t.api(office, 'GET', '/api/insurance/claims'),
    );
    expect(listed.claims).toHaveLength(1);
    expect(listed.claims[0]).toMatchObject({
      status: 'approved',
      agreementDate: '2026-11-23',
      dueDate: '2026-11-26',
      late: true,
    });
    const dash = await jsonOf<{ insurance: { late: number; lateClaims: Array<{ id: string }> } }>(
      await t.api(office, 'GET', '/api/office/dashboard'),
    );
    expect(dash.insurance.late).toBe(1);
    expect(dash.insurance.lateClaims.map((c) => c.id)).toEqual([claim.id]);

    const beforeAgreement = await pushOne(t, officer, {
      name: 'insurance.paid',
      args: { id: claim.id, paidDate: '2026-11-20' },
    });
    expect(beforeAgreement.error?.code).toBe('invalid');
    expectApplied(
      await pushOne(t, officer, {
        name: 'insurance.paid',
        args: { id: claim.id, paidDate: '2026-11-27' },
      }),
    );
    // The officer's device learns every step from the case timeline.
    const state = replay((await pullAll(t, officer)).changes);
    const steps = [...state.values()]
      .filter((v): v is CaseEvent => (v as CaseEvent).name?.startsWith('insurance.') ?? false)
      .map((e) => [e.name, (e.changes[0]!.to as { status: string; late: boolean }).status]);
    expect(steps).toEqual([
      ['insurance.start', 'started'],
      ['insurance.approve', 'approved'],
      ['insurance.paid', 'paid'],
    ]);
    const fotang = await t.login('officer.fotang');
    const none = await jsonOf<{ claims: unknown[] }>(
      await t.api(fotang, 'GET', '/api/insurance/claims'),
    );
    expect(none.claims).toEqual([]);
    const outside = await pushOne(t, fotang, {
      name: 'insurance.paid',
      args: { id: claim.id, paidDate: '2026-11-27' },
    });
    expect(outside.error?.code).toBe('not_found');
  });

  it('bulk assignment is several case.assign in one push; the intake queue empties', async () => {
    const t = get();
    const office = await t.login('office.1');
    const before = await jsonOf<{ items: Array<{ case: Case }> }>(
      await t.api(office, 'GET', '/api/office/intake'),
    );
    expect(before.items.map((i) => i.case.id).sort()).toEqual(
      [TEST_CASES.beiyuanReceived, TEST_CASES.jiangdongReceived].sort(),
    );
    const results = await pushAs(t, office, [
      {
        name: 'case.assign',
        args: { id: TEST_CASES.beiyuanReceived, townId: 'beiyuan', assignedOfficerId: null },
        baseVersion: 1,
      },
      {
        name: 'case.assign',
        args: {
          id: TEST_CASES.jiangdongReceived,
          townId: 'choucheng',
          assignedOfficerId: TEST_USERS.officerChoucheng.id,
        },
        baseVersion: 1,
      },
    ]);
    results.forEach(expectApplied);
    const after = await jsonOf<{ items: unknown[] }>(
      await t.api(office, 'GET', '/api/office/intake'),
    );
    expect(after.items).toEqual([]);
    // The officer sees the newly assigned case at the next pull.
    const officer = await t.login('officer.choucheng');
    const state = replay((await pullAll(t, officer)).changes);
    expect((state.get(`case:${TEST_CASES.jiangdongReceived}`) as Case).assignedOfficerId).toBe(
      TEST_USERS.officerChoucheng.id,
    );
  });

  it('case.link and case.merge: office only; merge folds a new duplicate into the group case', async () => {
    const t = get();
    const office = await t.login('office.1');
    const inspector = await t.login('inspector.1');
    const linkArgs = { id: TEST_CASES.beiyuanReceived, otherId: TEST_CASES.chouchengAssigned };
    expect((await pushOne(t, inspector, { name: 'case.link', args: linkArgs })).error?.code).toBe(
      'forbidden',
    );
    expectApplied(await pushOne(t, office, { name: 'case.link', args: linkArgs }));
    const linkEvents = await t.db
      .selectFrom('case_events')
      .select('case_id')
      .where('name', '=', 'case.link')
      .execute();
    expect(linkEvents.map((e) => e.case_id).sort()).toEqual(
      [TEST_CASES.beiyuanReceived, TEST_CASES.chouchengAssigned].sort(),
    );

    // A second worker of the same employer complains at the counter.
    const sample = sampleCaseArgs('dup-case-000001', 'choucheng', 9);
    const dup = {
      ...sample,
      claimants: [{ name: '李四', mobile: '13900139000', owedFen: 300_000 }],
      workersCount: 1,
    };
    expectApplied(await pushOne(t, office, { name: 'case.create', args: dup }));
    const hints = await jsonOf<{ items: Array<{ id: string; reasons: string[] }> }>(
      await t.api(
        office,
        'GET',
        `/api/cases/duplicates?creditCode=${dup.employer.creditCode}&excludeId=${dup.id}`,
      ),
    );
    expect(hints.items.map((h) => h.id)).toContain(TEST_CASES.chouchengAssigned);
    expect(hints.items.every((h) => h.reasons.includes('creditCode'))).toBe(true);

    const officerMerge = await pushOne(t, await t.login('officer.choucheng'), {
      name: 'case.merge',
      args: { id: dup.id, intoId: TEST_CASES.chouchengAssigned },
    });
    expect(officerMerge.error?.code).toBe('forbidden');
    const notNew = await pushOne(t, office, {
      name: 'case.merge',
      args: { id: TEST_CASES.chouchengOwn, intoId: TEST_CASES.chouchengAssigned },
    });
    expect(notNew.error?.code).toBe('rejected');
    expectApplied(
      await pushOne(t, office, {
        name: 'case.merge',
        args: { id: dup.id, intoId: TEST_CASES.chouchengAssigned },
      }),
    );
    const officer = await t.login('officer.choucheng');
    const state = replay((await pullAll(t, officer)).changes);
    const group = state.get(`case:${TEST_CASES.chouchengAssigned}`) as Case;
    expect(group.claimants.map((c) => c.name)).toEqual(['工人1', '李四']);
    expect(group.workersCount).toBe(2);
    expect(group.version).toBe(3);
    // The duplicate is closed through the status machine, with no outcome of its own.
    const mergedAway = state.get(`case:${dup.id}`) as Case;
    expect(mergedAway).toMatchObject({ status: 'closed', outcome: null, recoveredFen: 0 });
    expect(mergedAway.closedAt).not.toBeNull();
    expect(mergedAway.version).toBe(2);
    const mergeEvent = await t.db
      .selectFrom('case_events')
      .select(['changes'])
      .where('name', '=', 'case.merge')
      .where('case_id', '=', dup.id)
      .executeTakeFirstOrThrow();
    const changed = (JSON.parse(mergeEvent.changes) as Array<{ field: string; to: unknown }>).map(
      (c) => [c.field, c.to],
    );
    expect(changed).toEqual([
      ['status', 'closed'],
      ['closedAt', mergedAway.closedAt],
      ['mergedInto', TEST_CASES.chouchengAssigned],
    ]);
    const intake = await jsonOf<{ items: Array<{ case: Case }> }>(
      await t.api(office, 'GET', '/api/office/intake'),
    );
    expect(intake.items.map((i) => i.case.id)).not.toContain(dup.id);
    // Merging the same pair again (another device) is already done; into another case is not.
    expectApplied(
      await pushOne(t, office, {
        name: 'case.merge',
        args: { id: dup.id, intoId: TEST_CASES.chouchengAssigned },
      }),
    );
    const elsewhere = await pushOne(t, office, {
      name: 'case.merge',
      args: { id: dup.id, intoId: TEST_CASES.fotangAssigned },
    });
    expect(elsewhere.error?.code).toBe('rejected');
    expect(mid()).toMatch(/^mut-/);
  });
});

forEachDialect('case.review undo_approve', (dialect) => {
  // The server's clock, moved by the tests: the undo window is the server's to keep.
  let clock = NOW;
  const get = useTestApi(dialect, { now: () => new Date(clock) });
  const caseId = TEST_CASES.chouchengOwn;

  async function caseOf(token: string): Promise<Case> {
    return ((await (await getCase(get(), token, caseId)).json()) as { case: Case }).case;
  }

  /** The officer's own case resolved, then approved by the office at `clock`. */
  async function approved() {
    clock = NOW;
    const t = get();
    const officer = await t.login('officer.choucheng');
    const office = await t.login('office.1');
    expectApplied(
      await pushOne(t, officer, {
        name: 'case.transition',
        args: { id: caseId, to: 'resolved', outcome: 'paid_in_full', recoveredFen: 300_000 },
        baseVersion: (await caseOf(officer)).version,
      }),
    );
    const resolved = await caseOf(office);
    expectApplied(
      await pushOne(t, office, { name: 'case.review', args: { id: caseId, decision: 'approve' } }),
    );
    return { t, officer, office, resolved };
  }

  const undo = { name: 'case.review', args: { id: caseId, decision: 'undo_approve' } };

  it('within the window the office takes the approval back: resolved again, audited on the case', async () => {
    const { t, office, resolved } = await approved();
    const closed = await caseOf(office);
    expect(closed.status).toBe('closed');
    clock = NOW + APPROVAL_UNDO_MS - 1_000;
    // However early the device says it acted, the server's clock decides.
    expectApplied(
      await pushOne(
        t,
        office,
        Object.assign({}, undo, { occurredAt: new Date(NOW).toISOString() }),
      ),
    );
    const back = await caseOf(office);
    expect(back).toMatchObject({
      status: 'resolved',
      closedAt: null,
      resolvedAt: resolved.resolvedAt,
      outcome: 'paid_in_full',
      recoveredFen: 300_000,
    });
    const events = (await listEvents(t.db, caseId)).filter((e) => e.name === 'case.review');
    const last = events.at(-1)!;
    expect(last.actorId).toBe(TEST_USERS.office.id);
    expect(last.changes).toEqual(
      expect.arrayContaining([
        { field: 'status', from: 'closed', to: 'resolved' },
        { field: 'closedAt', from: closed.closedAt, to: null },
        {
          field: 'note',
          from: null,
          to: { key: 'note.approvalUndone', params: { closedAt: closed.closedAt } },
        },
      ]),
    );
    // Back in the review queue, and approvable again.
    const queue = await jsonOf<{ items: Case[] }>(
      await t.api(office, 'GET', '/api/cases?status=resolved&limit=200'),
    );
    expect(queue.items.map((c) => c.id)).toContain(caseId);
    expectApplied(
      await pushOne(t, office, { name: 'case.review', args: { id: caseId, decision: 'approve' } }),
    );
    expect((await caseOf(office)).status).toBe('closed');
  });

  it('after the window it is refused and the case stays closed', async () => {
    const { t, office } = await approved();
    clock = NOW + APPROVAL_UNDO_MS + 1_000;
    // A device saying it acted in time (its clock behind, or an undo queued offline) does
    // not reopen the window.
    const r = await pushOne(
      t,
      office,
      Object.assign({}, undo, { occurredAt: new Date(NOW + 1_000).toISOString() }),
    );
    expect(r.status).toBe('rejected');
    expect(r.error?.message).toContain('10 分钟');
    expect((await caseOf(office)).status).toBe('closed');
  });

  it('only the desk: an officer or inspector may not undo an approval', async () => {
    const { t, officer } = await approved();
    clock = NOW + 60_000;
    const inspector = await t.login('inspector.1');
    for (const token of [officer, inspector]) {
      const r = await pushOne(t, token, undo);
      expect(r.status).toBe('rejected');
    }
    expect((await caseOf(officer)).status).toBe('closed');
  });

  it('a duplicate closed by merging is not an approval to undo, even within the window', async () => {
    clock = NOW;
    const t = get();
    const office = await t.login('office.1');
    const dup = { ...sampleCaseArgs('dup-undo-000001', 'choucheng', 11) };
    expectApplied(await pushOne(t, office, { name: 'case.create', args: dup }));
    expectApplied(
      await pushOne(t, office, {
        name: 'case.merge',
        args: { id: dup.id, intoId: TEST_CASES.chouchengAssigned },
      }),
    );
    clock = NOW + 60_000;
    const r = await pushOne(t, office, {
      name: 'case.review',
      args: { id: dup.id, decision: 'undo_approve' },
    });
    expect(r.status).toBe('rejected');
    expect(r.error?.message).toBe(t_('reject.undoNotApproval'));
  });

  it('the server judges by the history, not the row alone: a closing that was no approval stays', async () => {
    // A merged duplicate whose row has since gained an outcome (as a correction made outside
    // the app would leave it) passes the shared rule's look at the row; its events say it
    // was merged, and the server refuses.
    clock = NOW;
    const t = get();
    const office = await t.login('office.1');
    const dup = sampleCaseArgs('dup-undo-000002', 'choucheng', 12);
    expectApplied(await pushOne(t, office, { name: 'case.create', args: dup }));
    expectApplied(
      await pushOne(t, office, {
        name: 'case.merge',
        args: { id: dup.id, intoId: TEST_CASES.chouchengAssigned },
      }),
    );
    await t.db
      .updateTable('cases')
      .set({ outcome: 'paid_in_full' })
      .where('id', '=', dup.id)
      .execute();
    clock = NOW + 60_000;
    const r = await pushOne(t, office, {
      name: 'case.review',
      args: { id: dup.id, decision: 'undo_approve' },
    });
    expect(r.status).toBe('rejected');
    expect(r.error?.message).toBe(t_('reject.undoNotApproval'));
  });
});
