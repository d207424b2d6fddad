import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { uniqueEmployer, uniqueMobile } from '../support/data';
import { expect, test } from '../support/fixtures';

/** Serious and critical WCAG 2.1 A/AA violations on the current screen, as readable lines. */
async function seriousViolations(page: Page, screen: string): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${screen}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
}

/**
 * Issue 5, scenario 5: axe-core finds no serious or critical violation on any officer
 * screen, each checked in the state an officer sees it (including with validation errors).
 */
test('no serious or critical accessibility violation on any officer screen', async ({
  app,
  page,
}) => {
  // Fourteen full axe runs: slow on a 2-core CI machine, and none of it is a timing check.
  test.setTimeout(180_000);
  const found: string[] = [];
  await page.goto('/');
  await expect(page.getByTestId('sign-in-form')).toBeVisible();
  found.push(...(await seriousViolations(page, 'sign-in')));

  await app.signInAndSync();
  await expect(app.cases.items.first()).toBeVisible();
  found.push(...(await seriousViolations(page, 'case list')));

  await app.caseForm.openNew();
  found.push(...(await seriousViolations(page, 'new case')));
  await app.caseForm.save();
  await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible();
  found.push(...(await seriousViolations(page, 'new case with errors')));

  const employer = uniqueEmployer('无障碍');
  await app.caseForm.fill({
    employer,
    claimants: [{ name: '郑十', mobile: uniqueMobile(), owedYuan: '4100' }],
  });
  const caseId = await app.caseForm.saveAndOpen(employer);
  found.push(...(await seriousViolations(page, 'case detail')));

  await app.caseDetail.startMediation();
  found.push(...(await seriousViolations(page, 'mediation step 1')));
  await app.mediation.next(1);
  await page.locator('#facts').fill('事实');
  await page.locator('#terms').fill('条款');
  found.push(...(await seriousViolations(page, 'mediation step 2')));
  await app.mediation.next(2);
  found.push(...(await seriousViolations(page, 'mediation step 3')));
  await app.mediation.next(3);
  found.push(...(await seriousViolations(page, 'mediation step 4')));
  await app.mediation.sign('worker', 1);
  await app.mediation.sign('employer', 2);
  const mediationId = await app.mediation.save();
  found.push(...(await seriousViolations(page, 'agreement')));

  await app.caseDetail.open(caseId);
  await app.caseDetail.edit();
  found.push(...(await seriousViolations(page, 'edit case')));

  await app.conflicts.open();
  found.push(...(await seriousViolations(page, 'conflicts')));

  await page
    .getByRole('navigation', { name: '主导航' })
    .getByRole('link', { name: '存储与设置' })
    .click();
  await expect(page.getByTestId('storage-panel')).toBeVisible();
  found.push(...(await seriousViolations(page, 'storage & settings')));

  // English is a full UI too.
  await page.getByTestId('lang-switch').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Storage & settings' })).toBeVisible();
  found.push(...(await seriousViolations(page, 'settings (English)')));
  await app.agreement.open(mediationId);
  found.push(...(await seriousViolations(page, 'agreement (English UI)')));
  await page.getByTestId('lang-switch').click();

  expect(found).toEqual([]);
});
