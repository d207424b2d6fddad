import { PHOTO, uniqueEmployer, uniqueMobile, VALID_CREDIT_CODE } from '../support/data';
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
  await expect(page.getByText('金额最多两位小数（分）')).toBeVisible();
  await expect(page.locator('#workersCount')).toHaveValue('2');

  // Close the tab mid-form: the draft is on the device.
  const second = uniqueEmployer('乙方');
  await app.caseForm.editAndWaitForDraft(() => page.locator('#employer-name').fill(second));
  await page.reload();
  await app.lock.unlock();
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

/** Digits as a Chinese input method types them by default: １３８…, not 138…. */
const fullWidth = (s: string) =>
  s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

/**
 * Issue 15, input: full-width digits are read, not refused; an amount says what is wrong
 * with it; ¥0 and a wage period that ends before it starts are refused where they are typed;
 * a long description counts down instead of being cut; and the same photo taken for a second
 * case is attached there too, with no "on the server" tile while online.
 */
test('new case: full-width digits, money messages, period order, ¥0, a counted description, one photo on two cases', async ({
  app,
  page,
}) => {
  await app.signInAndSync();
  await app.caseForm.openNew();
  const employer = uniqueEmployer('全角');
  const mobile = uniqueMobile();
  await page.locator('#employer-name').fill(employer);
  await page.locator('#claimant-0-name').fill('何九');
  const mobileField = page.locator('#claimant-0-mobile');
  await mobileField.fill(fullWidth(mobile));
  await mobileField.blur();
  await expect(mobileField).toHaveAttribute('aria-invalid', 'false');

  const owed = page.locator('#claimant-0-owed');
  const owedError = page.locator('#claimant-0-owed-err');
  await owed.fill('-5');
  await expect(owedError).toHaveText('金额不能为负数');
  await owed.fill('五千');
  await expect(owedError).toHaveText('请用数字填写金额，例如 5000 或 5000.50');
  await owed.fill('0');
  await expect(owedError).toHaveText('欠薪金额须大于 0');
  await owed.fill('１，０００．５');
  await expect(owedError).toHaveCount(0);
  await expect(page.getByTestId('form-total-owed')).toHaveText('合计欠薪：¥1,000.50');

  await page.locator('#claimant-0-periodFrom').fill('2026-03-01');
  await page.locator('#claimant-0-periodTo').fill('2026-02-01');
  await expect(page.locator('#claimant-0-periodTo-err')).toHaveText(
    '欠薪期间的结束日期不能早于开始日期',
  );
  await page.locator('#claimant-0-periodTo').fill('2026-03-31');
  await expect(page.locator('#claimant-0-periodTo-err')).toHaveCount(0);

  // Pasted past the limit: all of it stays, the count says by how much, saving is refused.
  const description = page.locator('#description');
  const count = page.getByTestId('description-count');
  await description.fill('欠'.repeat(4010));
  await expect(description).toHaveValue('欠'.repeat(4010));
  await expect(count).toHaveText('4010/4000 字');
  await expect(count).toHaveClass(/over/);
  await app.caseForm.save();
  await expect(page.locator('#description-err')).toBeVisible();
  await description.fill('老板拖欠三个月工资');
  await expect(count).toHaveText('9/4000 字');
  const first = await app.caseForm.saveAndOpen(employer);
  await expect(page.getByTestId('case-total-owed')).toHaveText('¥1,000.50');
  await expect(page.getByTestId('claimant')).toContainText(mobile.slice(-4));

  // The same photo on this case and on a second one.
  await page.getByTestId('case-photo-input').setInputFiles(PHOTO);
  await expect(page.getByTestId('case-photo')).toHaveCount(1);
  await app.caseForm.openNew();
  const second = uniqueEmployer('同图');
  await app.caseForm.fill({
    employer: second,
    claimants: [{ name: '吕十', mobile: uniqueMobile(), owedYuan: '２０００' }],
  });
  const secondId = await app.caseForm.saveAndOpen(second);
  await page.getByTestId('case-photo-input').setInputFiles(PHOTO);
  await expect(page.getByTestId('case-photo')).toHaveCount(1);
  await app.syncBar.syncNow();
  await app.syncBar.expectAllSynced();
  // Online and synced: both cases show the photo itself, once, and no "on the server" tile.
  for (const id of [first, secondId]) {
    await app.caseDetail.open(id);
    await expect(page.getByTestId('case-photo')).toHaveCount(1);
    await expect(page.getByText('照片在服务器上，联网后显示')).toHaveCount(0);
  }
});
