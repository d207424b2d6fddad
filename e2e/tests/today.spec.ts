import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { InstalmentsSection, TodayPage } from '../pages/today';
import type { ApiClient } from '../support/api';
import { dateInDays, uniqueEmployer, uniqueMobile } from '../support/data';
import { ARTIFACTS } from '../support/env';
import { expect, test } from '../support/fixtures';

/**
 * Issue 15 "Must show": the 今日 view lists a case reaching the 3-day warning and an
 * instalment due, read from the device alone at its corrected clock (synced, then offline
 * for three days); recording the instalment as not paid reopens the closed case's follow-up
 * (back in the office's review queue), on the device at once and on the server after sync.
 */

const HOUR = 3600_000;

function caseArgs(id: string, employer: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    townId: 'choucheng',
    source: 'walk_in',
    employer: { name: employer, contactName: '钱经理', contactPhone: '13905790001' },
    claimants: [{ name: '孙七', mobile: uniqueMobile(), owedFen: 800_000 }],
    workersCount: 1,
    description: '工资未按期支付',
    ...extra,
  };
}

async function versionOf(api: ApiClient, id: string): Promise<number> {
  return (await api.getCase(id)).version as number;
}

test('today lists a warning case and a due instalment; a missed instalment reopens follow-up', async ({
  app,
  page,
  officerApi,
  officeApi,
}) => {
  // A case taken up now: three days on (the device offline meanwhile) it is in the warning.
  const warnEmployer = uniqueEmployer('预警');
  const warnId = `e2e-${randomUUID()}`;
  const [taken] = await officerApi.push([
    { name: 'case.create', args: caseArgs(warnId, warnEmployer) },
  ]);
  expect(taken?.status).toBe('applied');

  // A case settled by instalments and closed: the first instalment falls due today.
  const instEmployer = uniqueEmployer('分期');
  const instId = `e2e-${randomUUID()}`;
  const mediationId = `e2e-${randomUUID()}`;
  const today = dateInDays(0);
  const [created, mediated] = await officerApi.push([
    { name: 'case.create', args: caseArgs(instId, instEmployer) },
    {
      name: 'mediation.record',
      args: {
        id: mediationId,
        caseId: instId,
        heldAt: new Date().toISOString(),
        place: '稠城街道调解室',
        attendees: [{ name: '孙七', role: 'worker' }],
        facts: '单位确认拖欠工资 8000 元。',
        terms: '分两期支付。',
        amountAgreedFen: 800_000,
        amountPaidOnSiteFen: 0,
        instalments: [
          { dueDate: today, amountFen: 300_000 },
          { dueDate: dateInDays(30), amountFen: 500_000 },
        ],
        outcome: 'agreed',
        signatures: {},
        photoHashes: [],
      },
    },
  ]);
  expect(created?.status).toBe('applied');
  expect(mediated?.status).toBe('applied');
  const [resolved] = await officerApi.push([
    {
      name: 'case.transition',
      args: { id: instId, to: 'resolved', outcome: 'instalments', recoveredFen: 0 },
      baseVersion: await versionOf(officerApi, instId),
    },
  ]);
  expect(resolved?.status).toBe('applied');
  const [closed] = await officeApi.push([
    {
      name: 'case.review',
      args: { id: instId, decision: 'approve' },
      baseVersion: await versionOf(officeApi, instId),
    },
  ]);
  expect(closed?.status).toBe('applied');
  const resolvedAt = (await officeApi.getCase(instId)).resolvedAt;

  // The page's clock is ours to move: synced now, then offline for three days and a bit.
  await page.clock.install();
  await app.signInAndSync();
  await app.setOffline(true);
  await page.clock.setSystemTime(Date.now() + 76 * HOUR);
  const todayView = new TodayPage(page);
  await todayView.open();
  const warning = todayView.caseOf(warnEmployer);
  await expect(warning).toHaveCount(1);
  await expect(warning).toHaveAttribute('data-reason', 'warning');
  await expect(warning).toContainText('3 天预警');
  const due = todayView.instalmentOf(instEmployer);
  await expect(due).toHaveCount(1);
  await expect(due).toContainText(`${today} 应付 ¥3,000.00`);
  // Its day has passed on this device's calendar and nobody has recorded it.
  await expect(due).toContainText('已过付款日，未记录');
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'today-360.png'), fullPage: true });

  // The instalment opens its case at the instalments; not paid is recorded there.
  await due.click();
  await expect(app.caseDetail.status).toHaveText('已结案');
  const section = new InstalmentsSection(page);
  await expect(section.row(today)).toContainText('未记录');
  // Found unpaid on the day it fell due (the officer called the employer that day).
  await section.recordMissed(today, today);
  await expect(section.message).toHaveText('已记录未支付：案件已重新交办公室审核，跟进剩余款项');
  await expect(section.row(today)).toContainText('未支付');
  await expect(section.row(today)).toContainText('待上传');
  // The follow-up shows at once, offline: the case is back awaiting review.
  await expect(app.caseDetail.status).toHaveText('已化解');
  await page.screenshot({
    path: path.join(ARTIFACTS, 'instalment-missed-360.png'),
    fullPage: true,
  });

  await todayView.open();
  await expect(todayView.instalmentOf(instEmployer)).toHaveCount(0);

  // Back to the real day and online: the server agrees; resolved is what the office's review queue lists.
  await page.clock.setSystemTime(Date.now());
  await app.setOffline(false);
  await app.syncBar.syncNow();
  await app.syncBar.expectAllSynced();
  const server = await officeApi.getCase(instId);
  expect(server.status).toBe('resolved');
  expect(server.closedAt).toBeNull();
  // Resolved within its limits all the same: the 1-3-7 figure keeps its day.
  expect(server.resolvedAt).toBe(resolvedAt);
  const checks = [...((await officeApi.snapshot()).get('instalment')?.values() ?? [])];
  expect(checks.filter((c) => c.caseId === instId).map((c) => [c.dueDate, c.outcome])).toEqual([
    [today, 'missed'],
  ]);
});

test('one hand: the page scrolls the case list, most urgent first, and a new case lands with a confirmation', async ({
  app,
  page,
}) => {
  await app.signInAndSync();
  // No box inside the page: the list is as tall as its cards and the page scrolls.
  const list = page.locator('section.case-list');
  await expect(list).toBeVisible();
  const nested = await list.evaluate((el) => getComputedStyle(el).overflowY);
  expect(nested).toBe('visible');
  expect(await page.evaluate(() => document.documentElement.scrollHeight > innerHeight)).toBe(true);
  // The order is visible and is urgency; the demo's overdue cases come first.
  await expect(page.getByLabel('排序')).toHaveValue('urgency');
  await expect(app.cases.items.first()).toContainText('已超期');
  // The header stays while the page scrolls.
  await page.mouse.wheel(0, 2000);
  await expect(page.getByRole('heading', { level: 1, name: '我的案件' })).toBeInViewport();
  // Every navigation target is at least 44 px and draws its icon as SVG.
  const nav = page.getByRole('navigation', { name: '主导航' });
  for (const link of await nav.getByRole('link').all()) {
    const box = await link.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
    expect(box?.width ?? 0).toBeGreaterThanOrEqual(44);
    await expect(link.locator('svg')).toHaveCount(1);
  }

  const employer = uniqueEmployer('单手');
  await app.caseForm.openNew();
  await app.caseForm.fill({
    employer,
    claimants: [{ name: '周八', mobile: uniqueMobile(), owedYuan: '4200' }],
    description: '工资拖欠两个月',
  });
  await app.caseForm.saveAndOpen(employer);
  await expect(page.getByTestId('screen-notice')).toHaveText(/案件已保存/);
  await expect(page.getByTestId('screen-notice')).toBeInViewport();
  expect(await page.evaluate(() => scrollY)).toBe(0);
});
