import { AppPage } from '../pages/app';
import {
  dateInDays,
  PHOTO,
  uniqueEmployer,
  uniqueMobile,
  VALID_CREDIT_CODE,
} from '../support/data';
import { expect, test } from '../support/fixtures';

/**
 * Issue 5, scenario 1: a whole site visit with no network. Sign in, lose the network,
 * reload (the service worker must start the app), open a case, mediate with three
 * signatures and a photo, close the tab, reopen it still offline, then come back online:
 * everything reaches the server exactly once.
 */
test('offline: start from the service worker, create a case, mediate, reopen, sync exactly once', async ({
  app,
  page,
  context,
  officerApi,
}) => {
  const employer = uniqueEmployer('离线');
  const mobile = uniqueMobile();

  await app.signInAndSync();

  await app.setOffline(true);
  await page.reload();
  // A cold start opens locked; the PIN unlocks with no network.
  await app.lock.unlock();
  await expect(page.getByRole('heading', { level: 1, name: '我的案件' })).toBeVisible();
  await app.syncBar.expectOffline();
  await expect(app.cases.items.first()).toBeVisible();

  await app.caseForm.openNew();
  await app.caseForm.fill({
    employer,
    creditCode: VALID_CREDIT_CODE,
    contactName: '王经理',
    address: '义乌市稠城街道工人北路 1 号',
    claimants: [{ name: '李四', mobile, owedYuan: '5000' }],
    description: '工人离职后仍被拖欠工资 5000 元。',
  });
  const caseId = await app.caseForm.saveAndOpen(employer);
  await app.syncBar.expectPending(1);

  await app.caseDetail.startMediation();
  await app.mediation.fillAll({
    facts: '经核对考勤与工资表，用人单位确认拖欠李四工资 5000 元。',
    terms: '用人单位当场支付 2000 元，余款 3000 元于下月付清。',
    agreedYuan: '5000',
    paidOnSiteYuan: '2000',
    instalments: [{ dueDate: dateInDays(30), amountYuan: '3000' }],
    photoPath: PHOTO,
  });
  const mediationId = await app.mediation.save();
  await expect(app.agreement.amount).toContainText('伍仟元整');

  // One case.create, one photo link, three signature links, one mediation.record.
  const expectedPending = 6;
  await app.syncBar.expectPending(expectedPending);

  // Close the tab and open the app again, still with no network.
  await page.close();
  const again = await context.newPage();
  const app2 = new AppPage(again);
  await again.goto('/');
  await app2.lock.unlock();
  await expect(again.getByRole('heading', { level: 1, name: '我的案件' })).toBeVisible();
  await app2.syncBar.expectOffline();
  await app2.syncBar.expectPending(expectedPending);
  const listed = await app2.cases.find(employer);
  await expect(listed).toHaveCount(1);
  await expect(listed.getByText('待上传')).toBeVisible();
  await app2.caseDetail.open(caseId);
  await expect(app2.caseDetail.pendingNotice).toBeVisible();
  await expect(app2.caseDetail.mediations).toHaveCount(1);
  await expect(again.getByTestId('claimant')).toContainText(mobile);
  await app2.agreement.open(mediationId);
  await app2.agreement.expectSignaturesShown();

  // Back online: the sync engine sends everything by itself.
  await context.setOffline(false);
  await app2.syncBar.expectOnline();
  await app2.syncBar.expectAllSynced(60_000);

  // The server, asked by a fresh login, holds exactly one copy of each record.
  const rows = await officerApi.snapshot();
  const cases = [...(rows.get('case')?.values() ?? [])].filter(
    (c) => (c.employer as { name: string }).name === employer,
  );
  expect(cases).toHaveLength(1);
  expect(cases[0]!.id).toBe(caseId);
  const mediations = [...(rows.get('mediation')?.values() ?? [])].filter(
    (m) => m.caseId === caseId,
  );
  expect(mediations).toHaveLength(1);
  expect(mediations[0]!.id).toBe(mediationId);
  expect(mediations[0]!.amountAgreedFen).toBe(500_000);
  expect(mediations[0]!.amountPaidOnSiteFen).toBe(200_000);
  const signatures = mediations[0]!.signatures as Record<string, string>;
  expect(Object.keys(signatures).sort()).toEqual(['employer', 'officer', 'worker']);
  const attachments = [...(rows.get('attachment')?.values() ?? [])].filter(
    (a) => a.caseId === caseId,
  );
  expect(attachments.filter((a) => a.kind === 'photo')).toHaveLength(1);
  expect(attachments.filter((a) => a.kind === 'signature')).toHaveLength(3);
  const creations = [...(rows.get('event')?.values() ?? [])].filter(
    (e) => e.caseId === caseId && e.name === 'case.create',
  );
  expect(creations).toHaveLength(1);
});
