import { CaseActionsPanel } from '../pages/office-case-actions';
import { SyncStateRecorder } from '../pages/sync-states';
import type { ApiClient } from '../support/api';
import { uniqueEmployer } from '../support/data';
import { expect, test } from '../support/fixtures';

/**
 * Issue 15: the sync bar tells the truth, and an action done offline keeps its time.
 * At 360 px (the project's viewport), in Chromium.
 */

/** A complaint taken in by the office for 稠城, not yet assigned: the officer can take it up. */
const createComplaint = (api: ApiClient, employer: string): Promise<string> =>
  api.createCase({ employer });

test('an offline first action keeps the time it was done, not the time it was synced', async ({
  app,
  page,
  officeApi,
}) => {
  const employer = uniqueEmployer('离线时间');
  const caseId = await createComplaint(officeApi, employer);
  await app.signInAndSync();

  await app.setOffline(true);
  await app.cases.openCase(employer);
  const actions = new CaseActionsPanel(page);
  const before = Date.now();
  await actions.startHandling();
  const after = Date.now();
  await app.syncBar.expectPending(1);

  // The officer syncs only later (02:05 done, 02:11 synced, in the field).
  await page.waitForTimeout(6_000);
  await page.context().setOffline(false);
  await app.syncBar.expectOnline();
  await app.syncBar.expectAllSynced();
  const synced = Date.now();

  const c = await officeApi.getCase(caseId);
  expect(c.status).toBe('in_progress');
  const firstActionAt = Date.parse(String(c.firstActionAt));
  // The device's clock is the server's here; allow for the offset measured at contact.
  expect(firstActionAt).toBeGreaterThanOrEqual(before - 2_000);
  expect(firstActionAt).toBeLessThanOrEqual(after + 2_000);
  expect(synced - firstActionAt).toBeGreaterThan(5_000);
  // The case's version time is the server's, when it arrived.
  expect(Date.parse(String(c.updatedAt))).toBeGreaterThan(firstActionAt + 5_000);
});

test('the sync bar: offline → slow upload → a returned edit, one state at a time, in order', async ({
  app,
  page,
  context,
  officeApi,
}, testInfo) => {
  const employer = uniqueEmployer('同步状态');
  const caseId = await createComplaint(officeApi, employer);
  await app.signInAndSync();
  const bar = new SyncStateRecorder(page);
  await bar.expectState('synced');
  await bar.expectLastSyncFits();
  await bar.start();

  // Offline: two changes to the same case, the second an edit of its description.
  await app.setOffline(true);
  await bar.expectState('offline');
  await app.cases.openCase(employer);
  await new CaseActionsPanel(page).startHandling();
  await app.caseDetail.edit();
  await page.locator('#description').fill('外勤现场：老板答应周五前结清');
  await page.getByTestId('save-case').click();
  await expect(app.caseDetail.description).toHaveText('外勤现场：老板答应周五前结清');
  await app.syncBar.expectPending(2);
  await expect(bar.state).toHaveText('2 条待上传，联网后自动同步');
  await expect(bar.syncNow).toBeDisabled();

  // Meanwhile the office changed the same description on the server.
  const office = await officeApi.push([
    {
      name: 'case.update',
      args: { id: caseId, patch: { description: '办公室：已电话联系老板' } },
      baseVersion: 1,
    },
  ]);
  expect(office[0]?.status).toBe('applied');

  // A slow link: every push takes 2.5 s to get through.
  await context.route('**/api/sync/push', async (route) => {
    await new Promise((r) => setTimeout(r, 2_500));
    await route.continue();
  });
  await context.setOffline(false);
  await bar.expectState('uploading');
  await expect(bar.state).toHaveText(/^正在上传 [01]\/2 条$/);
  // While it works, 立即同步 is disabled and looks it (an outline, not the filled button).
  await expect(bar.syncNow).toBeDisabled();
  const look = await bar.syncNow.evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(look).toBe('rgba(0, 0, 0, 0)');
  await page.screenshot({ path: testInfo.outputPath('sync-bar-uploading-360.png') });

  await bar.expectState('returned');
  await expect(bar.state).toHaveText('已上传 2 条，1 条退回');
  await expect(app.syncBar.pending).toHaveAttribute('data-all-synced', 'false');
  await expect(app.syncBar.conflicts).toBeVisible();
  await bar.expectLastSyncFits();
  await expect(bar.syncNow).toBeEnabled();
  await page.screenshot({ path: testInfo.outputPath('sync-bar-returned-360.png') });

  // Seen: the inbox is opened. The returned change still waits there: not "all synced".
  await app.syncBar.conflicts.click();
  await bar.expectState('attention');
  await expect(bar.state).toHaveText('其余已同步');

  const seen = await bar.seen();
  const states = seen.map((s) => s.state);
  await testInfo.attach('sync-states', {
    body: JSON.stringify(seen, null, 2),
    contentType: 'application/json',
  });
  const order = ['offline', 'uploading', 'returned', 'attention'].map((s) => states.indexOf(s));
  expect(order.every((i) => i >= 0)).toBe(true);
  expect([...order].sort((a, b) => a - b)).toEqual(order);
  // Never "all synced" once the edit came back, and never "syncing" beside "cannot reach".
  expect(states.slice(states.indexOf('returned'))).not.toContain('synced');
  for (const s of seen) {
    expect(/正在(上传|下载|连接)/.test(s.bar) && /无法连接/.test(s.bar), s.bar).toBe(false);
  }
  // The uploads counted up: 0 or 1 of 2, never more than 2.
  const counts = seen
    .filter((s) => s.state === 'uploading')
    .map((s) => /正在上传 (\d)\/(\d) 条/.exec(s.text)?.slice(1).map(Number));
  for (const c of counts) expect(c && c[0]! <= c[1]! && c[1] === 2).toBe(true);
});
