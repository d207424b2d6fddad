import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ApiClient } from '../support/api';
import { uniqueEmployer, uniqueMobile } from '../support/data';
import { ARTIFACTS } from '../support/env';
import { expect, test } from '../support/fixtures';

/**
 * Issue 15 "Must show": the case page offers only the moves the case allows, its sticky
 * button is the case's next step, and an agreement saved before both parties signed asks
 * first, then takes the missing signatures later in place (no new version) and freezes.
 */

const WORKER_ID = '110101199003070011';

async function createCase(api: ApiClient, employer: string, mobile: string): Promise<string> {
  const id = `e2e-${randomUUID()}`;
  const [r] = await api.push([
    {
      name: 'case.create',
      args: {
        id,
        townId: 'choucheng',
        source: 'walk_in',
        employer: { name: employer, contactName: '钱经理', contactPhone: '13905790001' },
        claimants: [{ name: '赵一', mobile, owedFen: 800_000 }],
        workersCount: 1,
        description: '两个月工资未发',
      },
    },
  ]);
  expect(r?.status).toBe('applied');
  return id;
}

async function versionOf(api: ApiClient, id: string): Promise<number> {
  return (await api.getCase(id)).version as number;
}

async function screenshot(page: import('@playwright/test').Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

test('the sticky button is the next step; a closed case offers no 记录调解, with the reason', async ({
  app,
  page,
  officerApi,
  officeApi,
}) => {
  const employer = uniqueEmployer('下一步');
  // Taken in at the office, it waits in received for the town to take it.
  const caseId = await createCase(officeApi, employer, uniqueMobile());
  await app.signInAndSync();
  await app.caseDetail.open(caseId);

  // Received: the next step is taking the case, not recording a mediation.
  const bar = page.getByTestId('next-step');
  await expect(bar).toHaveAttribute('data-kind', 'move');
  await expect(bar.getByRole('button')).toHaveText('直接接手处理');
  await expect(page.getByTestId('record-mediation')).toHaveCount(1);
  await bar.getByRole('button').click();
  // The sticky button opens the move's form where the thumb is, however far down it lies.
  const confirm = page.getByTestId('action-in_progress').getByRole('button', { name: '确认' });
  await expect(confirm).toBeInViewport();
  await confirm.click();
  await expect(app.caseDetail.status).toHaveText('处理中');
  await expect(bar.getByRole('button')).toHaveText('开始调解');
  await screenshot(page, 'case-next-step-360');

  // The office closes it (resolved by the field on the server, approved at the desk).
  await app.syncBar.syncNow();
  await app.syncBar.expectAllSynced();
  const [resolved] = await officerApi.push([
    {
      name: 'case.transition',
      args: { id: caseId, to: 'resolved', outcome: 'paid_in_full', recoveredFen: 800_000 },
      baseVersion: await versionOf(officerApi, caseId),
    },
  ]);
  expect(resolved?.status).toBe('applied');
  const [approved] = await officeApi.push([
    {
      name: 'case.review',
      args: { id: caseId, decision: 'approve' },
      baseVersion: await versionOf(officeApi, caseId),
    },
  ]);
  expect(approved?.status).toBe('applied');

  await app.syncBar.syncNow();
  await expect(app.caseDetail.status).toHaveText('已结案');
  await expect(page.getByTestId('record-mediation')).toHaveCount(0);
  const disabled = page.getByTestId('record-mediation-disabled');
  await expect(disabled).toBeDisabled();
  await expect(disabled).toHaveAccessibleDescription('不能记录调解：案件已结案，不能再修改');
  await expect(bar).toHaveAttribute('data-kind', 'wait');
  await expect(bar).toHaveText('案件已结案，无需再办理');
  await expect(page.getByRole('button', { name: '修改信息' })).toBeDisabled();
  await screenshot(page, 'case-closed-360');
});

test('an unsigned mediation asks first; the draft takes the signatures later and then freezes', async ({
  app,
  page,
  officerApi,
}) => {
  const employer = uniqueEmployer('补签');
  const caseId = await createCase(officerApi, employer, uniqueMobile());
  await app.signInAndSync();
  await app.caseDetail.open(caseId);
  await app.caseDetail.startMediation();
  await app.mediation.next(1);
  await page.locator('#facts').fill('单位确认拖欠赵一两个月工资 8000 元。');
  await page.locator('#terms').fill('单位当场支付 8000 元。');
  await app.mediation.next(2);
  await page.locator('#amountPaidOnSite').fill('8000');
  await app.mediation.next(3);
  // The parties as confirmed against their cards: printed in full on the agreement.
  await page.locator('#party-0-id').fill(WORKER_ID);
  await expect(page.locator('#party-1-phone')).toHaveValue('13905790001');
  await app.mediation.sign('officer', 1);
  await screenshot(page, 'mediation-sign-step-360');

  // Neither party has signed: the form asks, and going back keeps everything.
  expect(await app.mediation.saveUnsigned(false)).toBeNull();
  await expect(page.getByTestId('sig-sign-officer')).toHaveAttribute('data-signed', 'true');
  const mediationId = await app.mediation.saveUnsigned(true);
  if (!mediationId) throw new Error('no draft saved');
  await expect(app.agreement.sheet).toContainText('草稿 · 双方尚未全部签字');
  await expect(app.agreement.sheet).toContainText(`身份证号码 ${WORKER_ID}`);
  await expect(app.agreement.sheet).toContainText('电话 13905790001');
  // Numbered by the server from the case number once it has the record.
  await expect(page.getByTestId('agreement-no')).toHaveText(/^(待同步后生成|YW-\d{4}-\d{6}-1)$/);
  await app.syncBar.syncNow();
  await app.syncBar.expectAllSynced();
  await expect(page.getByTestId('agreement-no')).toHaveText(/^YW-\d{4}-\d{6}-1$/);
  const agreementNo = await page.getByTestId('agreement-no').textContent();
  await expect(page.getByTestId('agreement-new-version')).toHaveCount(0);
  await expect(page.getByTestId('agreement-sign')).toBeVisible();

  // Later, the parties sign the same draft (the case's next step): no new version.
  await app.caseDetail.open(caseId);
  await expect(page.getByTestId('next-step')).toHaveAttribute('data-kind', 'sign');
  await page.getByTestId('sign-draft').click();
  await expect(page.getByTestId('editing-draft')).toContainText('补签草稿');
  await expect(page.getByTestId('sig-sign-officer')).toHaveAttribute('data-signed', 'true');
  await app.mediation.signWithOneStroke('worker');
  await app.mediation.sign('employer', 2);
  expect(await app.mediation.save()).toBe(mediationId);
  await expect(app.agreement.sheet).toContainText('定稿');
  await app.agreement.expectSignaturesShown();
  await expect(page.getByTestId('agreement-sign')).toHaveCount(0);
  await expect(page.getByTestId('agreement-new-version')).toBeVisible();
  await app.syncBar.syncNow();
  await app.syncBar.expectAllSynced();
  await expect(page.getByTestId('agreement-no')).toHaveText(agreementNo ?? '');
  await screenshot(page, 'agreement-signed-later-360');

  // The server holds one record, replaced in place, frozen; its detail read masks the ID.
  const snap = await officerApi.snapshot();
  const stored = snap.get('mediation')?.get(mediationId) as
    | { version: number; signatures: Record<string, string>; parties: Array<{ idNumber?: string }> }
    | undefined;
  expect(stored?.version).toBe(2);
  expect(Object.keys(stored?.signatures ?? {}).sort()).toEqual(['employer', 'officer', 'worker']);
  expect(stored?.parties[0]?.idNumber).toBe(WORKER_ID);
  await app.caseDetail.open(caseId);
  await expect(app.caseDetail.mediations).toHaveCount(1);
  await expect(app.caseDetail.mediations).toContainText('已定稿');
});
