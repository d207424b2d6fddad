import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { dateInDays, uniqueEmployer, uniqueMobile } from '../support/data';
import { ARTIFACTS } from '../support/env';
import { expect, test } from '../support/fixtures';

/**
 * Issue 5, scenario 4: the printed mediation agreement (调解协议书) carries the Chinese text,
 * the three signatures and the amounts in figures and in capital numerals (大写). The PDF and
 * a print-media screenshot are kept in e2e/artifacts/ (a CI artefact).
 */
test('printed agreement: Chinese text, three signatures, amounts in 大写; a signed one is frozen', async ({
  app,
  page,
}) => {
  const employer = uniqueEmployer('协议');
  await app.signInAndSync();
  await app.caseForm.openNew();
  await app.caseForm.fill({
    employer,
    contactName: '周老板',
    address: '义乌市佛堂镇工业区 8 号',
    claimants: [
      { name: '孙八', mobile: uniqueMobile(), owedYuan: '6000' },
      { name: '吴九', mobile: uniqueMobile(), owedYuan: '6345.60' },
    ],
  });
  const caseId = await app.caseForm.saveAndOpen(employer);
  await app.caseDetail.startMediation();
  await app.mediation.fillAll({
    facts: '两名工人 2026 年 9 月至 10 月工资未发放，单位负责人到场核对无异议。',
    terms: '单位当场支付 2345.60 元，余款分两期付清。',
    agreedYuan: '12345.60',
    paidOnSiteYuan: '2345.60',
    instalments: [
      { dueDate: dateInDays(15), amountYuan: '5000' },
      { dueDate: dateInDays(45), amountYuan: '5000' },
    ],
  });
  const mediationId = await app.mediation.save();

  const sheet = app.agreement.sheet;
  await expect(sheet.getByRole('heading', { level: 1 })).toHaveText('调解协议书');
  await expect(sheet).toContainText('被申请人（用人单位）');
  await expect(sheet).toContainText(employer);
  await expect(sheet).toContainText('两名工人 2026 年 9 月至 10 月工资未发放');
  await expect(app.agreement.amount).toContainText('¥12,345.60');
  await expect(app.agreement.amount).toContainText('壹万贰仟叁佰肆拾伍元陆角整');
  await expect(page.getByTestId('agreement-paid')).toContainText('贰仟叁佰肆拾伍元陆角整');
  await expect(page.getByTestId('agreement-instalment-0')).toContainText('伍仟元整');
  await expect(sheet).toContainText('定稿');
  await app.agreement.expectSignaturesShown();
  // The agreement number is the case number and a sequence, given by the server (issue 15).
  await expect(page.getByTestId('agreement-no')).toHaveText(/^(待同步后生成|YW-\d{4}-\d{6}-1)$/);
  await expect(page.getByTestId('agreement-no')).not.toContainText(mediationId);

  // As printed: the app's chrome is gone, only the sheet remains.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.app-header')).toBeHidden();
  await expect(page.locator('.bottom-nav')).toBeHidden();
  await expect(page.getByTestId('agreement-print')).toBeHidden();
  await expect(sheet).toBeVisible();
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'agreement-print.png'), fullPage: true });
  const pdfPath = path.join(ARTIFACTS, 'agreement.pdf');
  await page.pdf({ path: pdfPath, format: 'A4', printBackground: true });
  const pdf = await readFile(pdfPath);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  // Three signature images are embedded in the document.
  expect(
    (pdf.toString('latin1').match(/\/Subtype\s*\/Image/g) ?? []).length,
  ).toBeGreaterThanOrEqual(3);
  await page.emulateMedia({ media: 'screen' });

  // Signed by both parties: frozen. A change is a new record naming the old one.
  await page.getByTestId('agreement-new-version').click();
  await expect(page.getByText('原协议双方已签字定稿，不能修改；保存后生成新版本。')).toBeVisible();
  await app.mediation.next(1);
  await page.locator('#terms').fill('单位当场支付 2345.60 元，余款于 15 日内一次付清。');
  await app.mediation.next(2);
  await page.getByRole('button', { name: '删除第 2 期' }).click();
  await page.locator('#instalment-0-amount').fill('10000');
  await app.mediation.next(3);
  for (const [i, s] of (['worker', 'employer', 'officer'] as const).entries())
    await app.mediation.sign(s, i + 5);
  const revisedId = await app.mediation.save();
  expect(revisedId).not.toBe(mediationId);
  await expect(app.agreement.sheet).toContainText(
    new RegExp(`本协议取代：(YW-\\d{4}-\\d{6}-1|${mediationId})`),
  );
  await expect(page.getByTestId('agreement-no')).toHaveText(/^(待同步后生成|YW-\d{4}-\d{6}-2)$/);
  await expect(app.agreement.amount).toContainText('壹万贰仟叁佰肆拾伍元陆角整');

  await app.agreement.open(mediationId);
  await expect(page.getByText('已被新版本取代')).toBeVisible();
  await expect(app.agreement.sheet).toContainText('余款分两期付清');
  await app.caseDetail.open(caseId);
  await expect(app.caseDetail.mediations).toHaveCount(2);
});
