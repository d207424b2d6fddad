import { uniqueEmployer, uniqueMobile, VALID_CREDIT_CODE } from '../support/data';
import { expect, test } from '../support/fixtures';

/**
 * The new-case form as an officer types it: messages field by field as they type, amounts in
 * yuan added up in fen, the duplicate hint from the device's own indexes, and a draft that
 * survives closing the tab.
 */
test('new case: validation as typed, yuan totals, duplicate hint, draft survives a reload', async ({
  app,
  page,
}) => {
  const first = uniqueEmployer('甲方');
  const mobile = uniqueMobile();
  await app.signInAndSync();
  await app.caseForm.openNew();
  await app.caseForm.fill({
    employer: first,
    creditCode: VALID_CREDIT_CODE,
    claimants: [{ name: '冯一', mobile, owedYuan: '5000' }],
  });
  await app.caseForm.saveAndOpen(first);

  await app.caseForm.openNew();
  const mobileField = page.locator('#claimant-0-mobile');
  await mobileField.fill('1380000');
  await expect(page.getByText('手机号码应为 11 位中国大陆手机号，以 1 开头')).toBeVisible();
  await expect(mobileField).toHaveAttribute('aria-invalid', 'true');
  await mobileField.fill(mobile);
  await expect(page.getByText('手机号码应为 11 位中国大陆手机号，以 1 开头')).toHaveCount(0);

  // Same claimant mobile as an open case on the device.
  const hint = page.getByTestId('duplicate-hint');
  await expect(hint).toContainText('申请人手机号');
  await expect(hint).toContainText(first);

  const code = page.locator('#employer-creditCode');
  await code.fill(`${VALID_CREDIT_CODE.slice(0, 17)}X`);
  await expect(page.getByText('统一社会信用代码校验位不正确，请核对')).toBeVisible();
  await code.fill(VALID_CREDIT_CODE);
  await expect(
    page.getByTestId('duplicate-hint').filter({ hasText: '统一社会信用代码' }),
  ).toContainText(first);

  await page.locator('#claimant-0-name').fill('褚二');
  await page.locator('#claimant-0-owed').fill('5000');
  await page.getByTestId('add-claimant').click();
  await page.locator('#claimant-1-owed').fill('1234.5');
  await expect(page.getByTestId('form-total-owed')).toHaveText('合计欠薪：¥6,234.50');
  await page.locator('#claimant-1-owed').fill('12.345');
  await expect(page.getByText('请输入金额，例如 5000 或 5000.50')).toBeVisible();
  await expect(page.locator('#workersCount')).toHaveValue('2');

  // Close the tab mid-form: the draft is on the device.
  const second = uniqueEmployer('乙方');
  await app.caseForm.editAndWaitForDraft(() => page.locator('#employer-name').fill(second));
  await page.reload();
  await expect(page.getByTestId('draft-restored')).toBeVisible();
  await expect(page.locator('#employer-name')).toHaveValue(second);
  await expect(page.locator('#claimant-1-owed')).toHaveValue('12.345');

  await page.locator('#claimant-1-name').fill('卫三');
  await page.locator('#claimant-1-mobile').fill(uniqueMobile());
  await page.locator('#claimant-1-owed').fill('1234.50');
  await app.caseForm.saveAndOpen(second);
  await expect(page.getByTestId('case-total-owed')).toHaveText('¥6,234.50');
  await expect(page.getByTestId('claimant')).toHaveCount(2);

  // Saved: the draft is gone, a new form starts empty.
  await app.caseForm.openNew();
  await expect(page.getByTestId('draft-restored')).toHaveCount(0);
  await expect(page.locator('#employer-name')).toHaveValue('');
});
