import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { OfficeWorkspacePage } from '../pages/office';
import type { ApiClient } from '../support/api';
import { dateInDays, uniqueEmployer, uniqueMobile } from '../support/data';
import { ARTIFACTS, REPO_ROOT } from '../support/env';
import { expect, test } from '../support/fixtures';

/**
 * Issue 16 "Approving is a decision" and "Office writes reach the server now", at a desk's
 * 1366 × 768: the clerk sees the case file beside the decision, confirms, the approval
 * reaches the server within 2 s and the notice says 已送达; it can be undone; a case
 * returned with a comment and resubmitted shows that comment.
 */
test.use({ viewport: { width: 1366, height: 768 } });

const OWED_FEN = 1_260_000;

async function caseVersion(api: ApiClient, id: string): Promise<number> {
  return (await api.getCase(id)).version as number;
}

async function pushOk(api: ApiClient, m: { name: string; args: unknown; baseVersion?: number }) {
  const [r] = await api.push([m]);
  expect(r?.status, JSON.stringify(r?.error)).toBe('applied');
}

/** The officer's own case, mediated (a site photo, two instalments) and resolved. */
async function resolvedCase(
  officer: ApiClient,
  request: APIRequestContext,
  employer: string,
): Promise<{ id: string; mediationId: string }> {
  const id = `e2e-${randomUUID()}`;
  await pushOk(officer, {
    name: 'case.create',
    args: {
      id,
      townId: 'choucheng',
      source: 'walk_in',
      employer: { name: employer },
      claimants: [{ name: '孙七', mobile: uniqueMobile(), owedFen: OWED_FEN }],
      workersCount: 1,
      description: '三个月工资未发',
    },
  });
  const photo = await readFile(path.join(REPO_ROOT, 'e2e', 'fixtures', 'site-photo.jpg'));
  const sha256 = createHash('sha256').update(photo).digest('hex');
  const put = await request.put(`/api/blobs/${sha256}`, {
    headers: { Authorization: `Bearer ${officer.token}`, 'Content-Type': 'image/jpeg' },
    data: photo,
  });
  expect(put.ok(), await put.text()).toBe(true);
  await pushOk(officer, {
    name: 'attachment.link',
    args: { sha256, caseId: id, kind: 'photo', mime: 'image/jpeg', size: photo.length },
  });
  const mediationId = `e2e-med-${randomUUID()}`;
  await pushOk(officer, {
    name: 'mediation.record',
    args: {
      id: mediationId,
      caseId: id,
      heldAt: new Date(Date.now() - 3600_000).toISOString(),
      place: '稠城街道调解室',
      attendees: [
        { name: '孙七', role: 'worker' },
        { name: '王经理', role: 'employer' },
      ],
      facts: '拖欠三个月工资',
      terms: '当场支付 2600 元，余款分两期付清',
      amountAgreedFen: OWED_FEN,
      amountPaidOnSiteFen: 260_000,
      instalments: [
        { dueDate: dateInDays(30), amountFen: 500_000 },
        { dueDate: dateInDays(60), amountFen: 500_000 },
      ],
      outcome: 'agreed',
      signatures: {},
      photoHashes: [sha256],
      parties: [
        { role: 'worker', name: '孙七' },
        { role: 'employer', name: employer },
      ],
    },
  });
  await resolve(officer, id);
  return { id, mediationId };
}

async function resolve(officer: ApiClient, id: string): Promise<void> {
  await pushOk(officer, {
    name: 'case.transition',
    args: { id, to: 'resolved', outcome: 'instalments', recoveredFen: 260_000 },
    baseVersion: await caseVersion(officer, id),
  });
}

test('the clerk approves with the evidence in view, confirms, sees it delivered within 2 s, and can undo', async ({
  app,
  page,
  officerApi,
  officeApi,
  request,
}) => {
  const employer = uniqueEmployer('审核');
  const { id } = await resolvedCase(officerApi, request, employer);

  const desk = new OfficeWorkspacePage(page);
  await app.signInAndSync('office.1');
  await desk.openIntake();
  await desk.openReview();
  await desk.pickForReview(employer);

  // The case file beside the decision: amounts, the agreement, the photo.
  const file = desk.reviewDetail;
  await expect(file).toContainText('欠薪合计');
  await expect(file).toContainText('12,600.00');
  await expect(file).toContainText('2,600.00');
  await expect(file.getByTestId('review-mediation')).toContainText(/YW-\d{4}-\d{6}-1/);
  await expect(file.getByTestId('review-mediation')).toContainText(`用人单位：${employer}`);
  await expect(file.getByTestId('review-mediation').getByRole('listitem')).toHaveCount(2);
  await expect(file.getByRole('img', { name: '照片 1' })).toBeVisible();
  await expect(file.getByText('未签字').first()).toBeVisible();
  await page.screenshot({ path: path.join(ARTIFACTS, 'office-review-1366.png') });

  // 通过并结案 asks first; cancelling sends nothing.
  await desk.startApproval(employer);
  await desk.approveDialog.getByRole('button', { name: '取消' }).click();
  await expect(desk.approveDialog).toHaveCount(0);
  expect((await officeApi.getCase(id)).status).toBe('resolved');

  // Another tab of this desk is in the middle of a sync when the clerk confirms: the
  // approval goes right after it, not at the next timer.
  await desk.startApproval(employer);
  await page.evaluate(() => {
    void navigator.locks.request('anxin-sync', () => new Promise((r) => setTimeout(r, 800)));
  });
  const confirmed = Date.now();
  await desk.confirmApproval();
  await expect
    .poll(async () => (await officeApi.getCase(id)).status, { timeout: 2_000, intervals: [100] })
    .toBe('closed');
  expect(Date.now() - confirmed).toBeLessThan(2_000);
  await desk.expectDelivered();
  await expect(desk.reviewRow(employer)).toHaveCount(0);

  // Undo: back to resolved on the server and back in the queue.
  await expect(desk.undoButton).toBeVisible();
  await desk.undoApproval();
  await expect
    .poll(async () => (await officeApi.getCase(id)).status, { timeout: 2_000, intervals: [100] })
    .toBe('resolved');
  await desk.expectDelivered();
  const back = await officeApi.getCase(id);
  expect(back.closedAt).toBeNull();
  await expect(desk.reviewRow(employer)).toHaveCount(1);
  await expect(desk.undoButton).toHaveCount(0);
});

test('a case returned with a comment and resubmitted shows the earlier return in the review queue', async ({
  app,
  page,
  officerApi,
  officeApi,
  request,
}) => {
  const employer = uniqueEmployer('复审');
  const { id } = await resolvedCase(officerApi, request, employer);
  const desk = new OfficeWorkspacePage(page);
  await app.signInAndSync('office.1');
  await desk.openIntake();
  await desk.openReview();

  const comment = `请补充工资支付凭证-${Date.now().toString(36)}`;
  await desk.returnWithComment(employer, comment);
  await desk.expectDelivered();
  expect((await officeApi.getCase(id)).status).toBe('returned');

  // The officer supplies it and resolves again.
  await resolve(officerApi, id);
  await desk.openIntake();
  await desk.openReview();
  await desk.pickForReview(employer);
  await expect(desk.earlierReturn(comment)).toBeVisible();
  await expect(desk.earlierReturn(comment)).toContainText(`曾退回：${comment}（`);
});
