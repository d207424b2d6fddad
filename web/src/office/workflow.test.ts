import type { EmployerHistory, PlansAnswer } from '@anxin/shared';
import { chinaDate, mondayOf } from '@anxin/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TEST_CASES, type TestApi } from '../../../api/test-support';
import { type Device, deviceFor, sampleCase, serverCase } from '../../test-support';
import { createOfficeActions } from '../data/office-actions';
import { preDepartureCheck, readyToLeave } from '../inspector/trip-check';
import { loadPlanCopy, saveEmployerHistory, savePlanCopy } from '../inspector/trip-store';

/**
 * Issue 6 "Must show", on real parts: the real API in-process, three devices (office,
 * officer, inspector), each with its own IndexedDB and the real sync engine.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ dialect: 'sqlite' });
});
afterAll(async () => {
  await api.close();
});

async function sync(d: Device): Promise<void> {
  await d.engine.syncNow();
  expect(await d.db.outbox.count(), `${d.name} outbox after sync`).toBe(0);
  expect(await d.db.conflicts.count(), `${d.name} conflicts`).toBe(0);
}

const officeActionsOf = (d: Device) =>
  createOfficeActions(d.actions, { user: () => d.user, serverNow: () => Date.now() });

describe('office ↔ officer ↔ inspector workflow', () => {
  it('assign → officer works offline → resolve → return with comment → fix → approve → closed, SMS queued', async () => {
    const office = await deviceFor(api, 'office.1');
    const officer = await deviceFor(api, 'officer.choucheng');
    await sync(office);

    const complaint = { ...sampleCase('choucheng', 61), source: 'hotline_110' as const };
    const id = await office.actions.createCase(complaint);
    await sync(office);
    await office.actions.assignCase({
      id,
      townId: 'choucheng',
      assignedOfficerId: officer.user.id,
    });
    await sync(office);

    await sync(officer);
    officer.net.offline = true;
    const mine = await officer.db.cases.get(id);
    expect(mine).toMatchObject({ status: 'assigned', assignedOfficerId: officer.user.id });
    // Offline: the officer starts work and resolves; both wait in the outbox.
    await officer.actions.transitionCase(id, { to: 'in_progress' });
    await officer.actions.transitionCase(id, {
      to: 'resolved',
      outcome: 'paid_in_full',
      recoveredFen: 500_000,
    });
    expect(await officer.db.outbox.count()).toBe(2);
    officer.net.offline = false;
    await sync(officer);

    await sync(office);
    await office.actions.reviewCase({ id, decision: 'return', comment: '缺少工资支付凭证照片' });
    await sync(office);

    await sync(officer);
    expect(await officer.db.cases.get(id)).toMatchObject({
      status: 'returned',
      reviewComment: '缺少工资支付凭证照片',
    });
    await officer.actions.transitionCase(id, {
      to: 'resolved',
      outcome: 'paid_in_full',
      recoveredFen: 500_000,
    });
    await sync(officer);

    await sync(office);
    await office.actions.reviewCase({ id, decision: 'approve' });
    await sync(office);
    expect(await serverCase(api, office.token, id)).toMatchObject({ status: 'closed' });
    const sms = await api.db
      .selectFrom('sms_outbox')
      .select(['mobile'])
      .where('case_id', '=', id)
      .execute();
    expect(sms.map((s) => s.mobile)).toContain(complaint.claimants[0]!.mobile);
    await sync(officer);
    expect((await officer.db.cases.get(id))?.status).toBe('closed');
  });

  it('inspector plans, prepares the trip, goes offline, opens every planned case, adds notes, syncs back', async () => {
    const inspector = await deviceFor(api, 'inspector.1');
    const officer = await deviceFor(api, 'officer.choucheng');
    const ops = officeActionsOf(inspector);
    await sync(inspector);
    const planned = [TEST_CASES.chouchengAssigned, TEST_CASES.fotangAssigned];
    const weekOf = mondayOf(chinaDate(Date.now()));
    await ops.saveVisitPlan({
      id: 'plan-workflow-0001',
      weekOf,
      visits: [
        { townId: 'choucheng', date: weekOf },
        { townId: 'fotang', date: weekOf },
      ],
      caseIds: planned,
    });
    await sync(inspector);

    // "Prepare trip": the plan, the cases (by pull), the employers' history.
    const plans = (await (
      await api.api(inspector.token, 'GET', `/api/visits/plans?weekOf=${weekOf}`)
    ).json()) as PlansAnswer;
    expect(plans.plans.map((p) => p.id)).toEqual(['plan-workflow-0001']);
    await savePlanCopy(inspector.db, plans.plans[0]!);
    await sync(inspector);
    for (const id of planned) {
      const c = await inspector.db.cases.get(id);
      const res = await api.api(
        inspector.token,
        'GET',
        `/api/employers/history?creditCode=${c!.employer.creditCode}`,
      );
      await saveEmployerHistory(inspector.db, (await res.json()) as EmployerHistory);
    }
    const check = preDepartureCheck({
      outbox: await inspector.db.outbox.count(),
      persisted: true,
      usage: 0,
      quota: 1024 ** 3,
      sessionExpiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      tripEndsOn: weekOf,
      clockOffsetMs: inspector.engine.getStatus().clockOffsetMs,
      missingCases:
        planned.length - (await inspector.db.cases.bulkGet(planned)).filter(Boolean).length,
      missingAttachments: 0,
    });
    expect(check.filter((i) => !i.ok)).toEqual([]);
    expect(readyToLeave(check)).toBe(true);

    // On the road, no network at all.
    inspector.net.offline = true;
    const plan = await loadPlanCopy(inspector.db);
    expect(plan?.caseIds).toEqual(planned);
    for (const id of plan!.caseIds) {
      expect(await inspector.db.cases.get(id), `case ${id} offline`).toBeDefined();
      await ops.recordVisitNote({ caseId: id, text: `走访 ${id}：已与老板面谈` });
    }
    expect(await inspector.db.outbox.count()).toBe(2);
    expect(
      (await inspector.db.events.toArray()).filter((e) => e.name === 'visit.note'),
    ).toHaveLength(2);
    await inspector.engine.syncNow();
    expect(await inspector.db.outbox.count()).toBe(2);

    inspector.net.offline = false;
    await sync(inspector);
    const onServer = await api.db
      .selectFrom('case_events')
      .select(['case_id', 'comment'])
      .where('name', '=', 'visit.note')
      .execute();
    expect(onServer.map((e) => e.case_id).sort()).toEqual([...planned].sort());
    // The town's officer sees the note on the case after the next sync.
    await sync(officer);
    const notes = (
      await officer.db.events.where('caseId').equals(TEST_CASES.chouchengAssigned).toArray()
    ).filter((e) => e.name === 'visit.note');
    expect(notes.map((n) => n.comment)).toEqual([
      `走访 ${TEST_CASES.chouchengAssigned}：已与老板面谈`,
    ]);
  });
});
