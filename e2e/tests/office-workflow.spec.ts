import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InspectorPage } from '../pages/inspector';
import { OfficeWorkspacePage } from '../pages/office';
import { CaseActionsPanel } from '../pages/office-case-actions';
import type { ApiClient } from '../support/api';
import { dateInDays, uniqueEmployer, uniqueMobile } from '../support/data';
import { RUN_DIR } from '../support/env';
import { expect, test } from '../support/fixtures';

/**
 * Issue 6 "Must show", in the browser against the real API: the office, the officer and the
 * inspector each on a device of their own.
 */

const CHOUCHENG = '稠城街道';
const OFFICER_NAME = '陈晓东（稠城）';

const createComplaint = (
  api: ApiClient,
  opts: { employer: string; mobile: string; needsAssistance?: boolean },
): Promise<string> =>
  api.createCase({
    ...opts,
    claimant: '孙七',
    owedFen: 1_260_000,
    description: '12345 热线转来：三个月工资未发',
  });

async function caseEvents(
  api: ApiClient,
  request: import('@playwright/test').APIRequestContext,
  id: string,
): Promise<Array<{ name: string; comment: string | null }>> {
  const res = await request.get(`/api/cases/${id}/events`, {
    headers: { Authorization: `Bearer ${api.token}` },
  });
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { events: Array<{ name: string; comment: string | null }> }).events;
}

test('office assigns → officer works offline, resolves → returned with a comment → fixed → approved, closed, SMS queued', async ({
  app: office,
  page: officePage,
  openDevice,
  officeApi,
  request,
}) => {
  const employer = uniqueEmployer('分派');
  const mobile = uniqueMobile();
  const caseId = await createComplaint(officeApi, { employer, mobile });

  // The office: sign in, take the new complaint from the intake queue, assign it.
  const desk = new OfficeWorkspacePage(officePage);
  await office.signInAndSync('office.1');
  await desk.openIntake();
  await desk.assign(employer, CHOUCHENG, OFFICER_NAME);
  await office.syncBar.expectAllSynced();
  expect(await officeApi.getCase(caseId)).toMatchObject({
    status: 'assigned',
    townId: 'choucheng',
  });

  // The officer, on a phone: the case arrives with the first sync…
  const { app: officer, page: officerPage } = await openDevice();
  const actions = new CaseActionsPanel(officerPage);
  await officer.signInAndSync('officer.choucheng');
  await expect(await officer.cases.find(employer)).toHaveCount(1);

  // …and is there with no network at all: opened, started and resolved offline.
  await officer.setOffline(true);
  await officer.cases.openCase(employer);
  await actions.expectStatus('已指派');
  await actions.startHandling();
  await actions.resolve('paid_in_full', '12600');
  await officer.syncBar.expectPending(2);
  await officer.page.context().setOffline(false);
  await officer.syncBar.expectOnline();
  await officer.syncBar.syncNow();
  await officer.syncBar.expectAllSynced();
  expect(await officeApi.getCase(caseId)).toMatchObject({
    status: 'resolved',
    outcome: 'paid_in_full',
    recoveredFen: 1_260_000,
  });

  // The office returns it with a comment (its device pulls the resolved case first).
  const comment = `缺少工资支付凭证照片-${Date.now().toString(36)}`;
  await office.syncBar.syncNow();
  await office.syncBar.expectAllSynced();
  await desk.openReview();
  await desk.returnWithComment(employer, comment);
  await office.syncBar.expectAllSynced();
  expect(await officeApi.getCase(caseId)).toMatchObject({ status: 'returned' });

  // The officer sees the comment after the next sync and resubmits.
  await officer.syncBar.syncNow();
  await officer.syncBar.expectAllSynced();
  await actions.expectStatus('已退回');
  await expect(actions.reviewComment(comment)).toBeVisible();
  await actions.resolve('paid_in_full', '12600');
  await officer.syncBar.syncNow();
  await officer.syncBar.expectAllSynced();
  expect(await officeApi.getCase(caseId)).toMatchObject({ status: 'resolved' });

  // The office approves: closed.
  await office.syncBar.syncNow();
  await office.syncBar.expectAllSynced();
  await desk.openIntake();
  await desk.openReview();
  await desk.approve(employer);
  await office.syncBar.expectAllSynced();
  const closed = await officeApi.getCase(caseId);
  expect(closed).toMatchObject({ status: 'closed', outcome: 'paid_in_full' });
  expect(closed.closedAt).toEqual(expect.any(String));

  // The claimant's SMS is in the outbox (masked on the case page) and the provider sends it.
  const detail = await request.get(`/api/cases/${caseId}`, {
    headers: { Authorization: `Bearer ${officeApi.token}` },
  });
  const sms = ((await detail.json()) as { sms: Array<{ mobile: string; status: string }> }).sms;
  expect(sms.length).toBeGreaterThan(0);
  expect(sms.every((s) => s.mobile.slice(0, 3) === mobile.slice(0, 3))).toBe(true);
  expect(sms.every((s) => s.mobile.slice(-4) === mobile.slice(-4))).toBe(true);
  const smsLog = path.join(RUN_DIR, 'sms.log');
  await expect
    .poll(
      async () => {
        const text = await readFile(smsLog, 'utf8').catch(() => '');
        return text
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map((l) => JSON.parse(l) as { to: string; body: string })
          .filter((m) => m.to === mobile).length;
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(0);

  // The officer's copy closes too after sync.
  await officer.syncBar.syncNow();
  await officer.syncBar.expectAllSynced();
  await actions.expectStatus('已结案');
});

test('inspector prepares a trip, goes offline, adds a visit note on every planned case, syncs back', async ({
  app,
  page,
  officerApi,
  officeApi,
  request,
}) => {
  const employers = [uniqueEmployer('走访甲'), uniqueEmployer('走访乙')];
  const ids: string[] = [];
  for (const employer of employers) {
    ids.push(
      await createComplaint(officerApi, {
        employer,
        mobile: uniqueMobile(),
        needsAssistance: true,
      }),
    );
  }

  const inspector = new InspectorPage(page);
  await app.signInAndSync('inspector.1');
  await inspector.openPlan();
  await inspector.visitTownOn(CHOUCHENG, dateInDays(0));
  for (const employer of employers) await inspector.pickCase(employer);
  await inspector.savePlan();
  for (const employer of employers) await expect(inspector.plannedCase(employer)).toBeVisible();
  await app.syncBar.expectAllSynced();

  await inspector.prepareTrip();
  for (const key of ['outbox', 'cases', 'attachments', 'session', 'clock']) {
    await expect(inspector.checkItem(key)).toHaveClass('ok');
  }

  // On the road: no network; every planned case opens from the device and takes a note.
  await app.setOffline(true);
  await inspector.backToPlan();
  const notes = employers.map((e, i) => `走访记录${i + 1}：已与${e}负责人面谈，承诺月底前支付`);
  for (const [i, employer] of employers.entries()) {
    await inspector.openPlannedCase(employer);
    await inspector.addVisitNote(notes[i]!);
    await inspector.backToPlan();
  }
  await app.syncBar.expectPending(2);

  await page.context().setOffline(false);
  await app.syncBar.expectOnline();
  await app.syncBar.syncNow();
  await app.syncBar.expectAllSynced();

  for (const [i, id] of ids.entries()) {
    const events = await caseEvents(officeApi, request, id);
    expect(events.filter((e) => e.name === 'visit.note').map((e) => e.comment)).toEqual([notes[i]]);
  }
});

test('officer starts an insurance advance claim from the case page; the office sees it', async ({
  app,
  page,
  officerApi,
  officeApi,
  request,
}) => {
  const employer = uniqueEmployer('垫付');
  const caseId = await createComplaint(officerApi, { employer, mobile: uniqueMobile() });
  const actions = new CaseActionsPanel(page);
  await app.signInAndSync('officer.choucheng');
  await app.cases.openCase(employer);
  // A case the officer entered is theirs and already in progress; no claim form before the move.
  await actions.expectStatus('处理中');
  await expect(page.getByTestId('start-insurance-claim')).toHaveCount(0);
  await actions.claimInsuranceAdvance('老板失联，无力支付');
  await actions.startInsuranceClaim('8800');
  await app.syncBar.syncNow();
  await app.syncBar.expectAllSynced();

  const res = await request.get('/api/insurance/claims', {
    headers: { Authorization: `Bearer ${officeApi.token}` },
  });
  expect(res.ok()).toBe(true);
  const claims = ((await res.json()) as { claims: Array<Record<string, unknown>> }).claims;
  expect(claims.filter((c) => c.caseId === caseId)).toEqual([
    expect.objectContaining({ status: 'started', amountFen: 880_000, townId: 'choucheng' }),
  ]);
});
