import { uniqueEmployer, uniqueMobile } from '../support/data';
import { deployNewVersion } from '../support/deploy';
import { expect, test } from '../support/fixtures';

/**
 * Issue 5, scenario 3: a new version is deployed while the officer is typing a form. The
 * app offers "新版本可用" but will not apply it (a reload) while the form is dirty; the
 * officer's input stays; once the form is saved, the update applies and the saved case is
 * still there under the new version.
 */
test('new version while a form is open: offered, held back, nothing lost, applied after saving', async ({
  app,
  page,
}) => {
  const employer = uniqueEmployer('更新');
  await app.signInAndSync();
  const buildBefore = await page.locator('meta[name="anxin-build"]').count();
  expect(buildBefore).toBe(0);

  await app.caseForm.openNew();
  await app.caseForm.fill({
    employer,
    claimants: [{ name: '钱七', mobile: uniqueMobile(), owedYuan: '3200.50' }],
    description: '升级时正在填写的表单',
  });

  const restore = await deployNewVersion('e2e-v2');
  try {
    // The app checks for a new service worker whenever it becomes visible again.
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    const banner = page.getByTestId('update-banner');
    await expect(banner).toBeVisible({ timeout: 30_000 });
    await expect(banner).toContainText('新版本可用');
    await expect(page.getByTestId('update-apply')).toBeDisabled();

    // Nothing the officer typed has moved.
    await expect(page.locator('#employer-name')).toHaveValue(employer);
    await expect(page.locator('#claimant-0-owed')).toHaveValue('3200.50');
    await expect(page.locator('#description')).toHaveValue('升级时正在填写的表单');
    await expect(page.locator('meta[name="anxin-build"]')).toHaveCount(0);

    const caseId = await app.caseForm.saveAndOpen(employer);
    await expect(page.getByTestId('update-apply')).toBeEnabled();
    await Promise.all([page.waitForEvent('load'), page.getByTestId('update-apply').click()]);

    // The new version runs, and the case saved just before is intact.
    await expect(page.locator('meta[name="anxin-build"]')).toHaveAttribute('content', 'e2e-v2');
    await expect(page.getByTestId('update-banner')).toHaveCount(0);
    await app.caseDetail.open(caseId);
    await expect(page.getByTestId('employer-name')).toHaveText(employer);
    await expect(page.getByTestId('case-total-owed')).toHaveText('¥3,200.50');
    await expect(app.caseDetail.description).toHaveText('升级时正在填写的表单');
  } finally {
    await restore();
  }
});
