import { readFile } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page, Request } from '@playwright/test';
import { OfficeWorkspacePage } from '../pages/office';
import { CaseActionsPanel } from '../pages/office-case-actions';
import { uniqueEmployer, uniqueMobile } from '../support/data';
import { RUN_DIR } from '../support/env';
import { expect, test } from '../support/fixtures';

/**
 * Issue 17, the worker's side in the browser against the real API: a worker scans a unit's
 * poster (/k?unit=…), files a complaint with the SMS code the log provider wrote, gets the
 * receipt and its SMS, then looks the case up with a new code. At 360 px, in Chinese, with
 * no service worker of its own and none of the officers' app loaded.
 */

interface LoggedSms {
  to: string;
  body: string;
  templateId?: string | null;
  params?: Record<string, string> | null;
}

const SMS_LOG = path.join(RUN_DIR, 'sms.log');

/** Serious and critical WCAG 2.2 A/AA violations on the page as it is now, as readable lines. */
async function axeProblems(page: Page, screen: string): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) => `${screen}: ${v.id} ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
}

async function smsTo(mobile: string): Promise<LoggedSms[]> {
  const text = await readFile(SMS_LOG, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as LoggedSms)
    .filter((m) => m.to === mobile);
}

function codeOf(m: LoggedSms): string | null {
  return m.params?.code ?? /验证码为?\s*(\d{6})/.exec(m.body)?.[1] ?? null;
}

/** Waits for a code texted to `mobile` that is not one of `seen`, and returns it. */
async function nextCode(mobile: string, seen: readonly string[]): Promise<string> {
  let code: string | null = null;
  await expect
    .poll(
      async () => {
        const codes = (await smsTo(mobile)).map(codeOf).filter((c): c is string => c !== null);
        code = codes.find((c) => !seen.includes(c)) ?? null;
        return code;
      },
      // Codes go before the outbox's backlog (the seed's few hundred messages), and the
      // worker sends every 5 s; the margin is for a loaded machine.
      { timeout: 60_000, message: `an SMS code for ${mobile} in ${SMS_LOG}` },
    )
    .not.toBeNull();
  return code!;
}

/** The workers' page as a worker sees it: labelled fields and buttons, nothing else. */
class WorkerChannelPage {
  constructor(readonly page: Page) {}

  field(label: string | RegExp) {
    return this.page.getByLabel(label);
  }

  async fillComplaint(d: {
    name: string;
    mobile: string;
    employer: string;
    owedYuan: string;
    workers: string;
    project: string;
    contractor: string;
    description: string;
  }) {
    await this.field(/^您的姓名/).fill(d.name);
    await this.field(/^手机号码/).fill(d.mobile);
    await this.field(/^用人单位名称/).fill(d.employer);
    await this.field(/^被欠工资（元）/).fill(d.owedYuan);
    await this.field(/^一起被欠薪的人数/).fill(d.workers);
    await this.page.getByLabel('工程建设（工地、装修、市政等）').check();
    await this.field(/^工程项目名称/).fill(d.project);
    await this.field(/^总承包单位/).fill(d.contractor);
    await this.field(/^情况说明/).fill(d.description);
  }

  async askForCode() {
    await this.page.getByRole('button', { name: '获取验证码' }).click();
    await expect(this.page.getByText('验证码已发送，5 分钟内有效')).toBeVisible();
    // The countdown holds the button until another code may be asked for.
    await expect(this.page.getByRole('button', { name: /秒后可重新获取/ })).toBeDisabled();
  }
}

test('a worker files a complaint from a unit poster, gets the receipt and its SMS, and looks it up', async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);
  const requests: string[] = [];
  page.on('request', (r: Request) => requests.push(new URL(r.url()).pathname));

  const units = (await (await request.get('/api/public/units')).json()) as Array<{
    id: string;
    name: string;
  }>;
  const unit = units.find((u) => u.id === 'futian') ?? units[0]!;
  const mobile = uniqueMobile();
  const employer = uniqueEmployer('码上办事');
  const k = new WorkerChannelPage(page);

  await page.goto(`/k?unit=${encodeURIComponent(unit.id)}`);
  await expect(page.getByRole('heading', { name: '码上办事' })).toBeVisible();
  // The poster's unit is chosen once the list has come.
  await expect(k.field(/^用人单位所在镇街/)).toHaveValue(unit.id);
  await expect(k.field(/^用人单位所在镇街/).locator('option:checked')).toHaveText(unit.name);

  // Submitting too early says what is missing next to each field, in Chinese.
  await page.getByRole('button', { name: '提交' }).click();
  await expect(page.getByText('请按提示修改标出的项目')).toBeVisible();
  await expect(k.field(/^您的姓名/)).toHaveAttribute('aria-invalid', 'true');
  await expect(k.field(/^您的姓名/)).toBeFocused();
  const a11y = await axeProblems(page, 'complaint form with errors');

  await k.fillComplaint({
    name: '王建国',
    mobile,
    employer,
    owedYuan: '１２,３４５.６',
    workers: '4',
    project: '义乌某某花园三期',
    contractor: '某某建设集团有限公司',
    description: '在工地做钢筋工，九月到十一月的工资一直没发，找过项目经理。',
  });

  await k.askForCode();
  const code = await nextCode(mobile, []);
  await k.field(/^短信验证码/).fill(code);
  await page.getByRole('button', { name: '提交' }).click();

  // The receipt: the case number, and the SMS that carries it.
  await expect(page.getByRole('heading', { name: '已收到您的反映' })).toBeVisible();
  const caseNo = (await page.getByTestId('case-no').textContent())!.trim();
  expect(caseNo).toMatch(/^YW-\d{4}-\d{6}$/);
  await expect(page.getByText(/含案件编号的短信/)).toBeVisible();
  await expect
    .poll(async () => (await smsTo(mobile)).filter((m) => m.body.includes(caseNo)).length, {
      timeout: 90_000,
    })
    .toBe(1);
  const receipt = (await smsTo(mobile)).find((m) => m.body.includes(caseNo))!;
  expect(receipt.body).toContain('已受理');
  expect(receipt.body).toContain(`/k?lookup=${caseNo}`);

  // 进度查询 with a new code: the case is 受理, with its receipt time and the 1-3-7 promise.
  await page.getByRole('button', { name: '查询进度' }).click();
  await expect(page.getByRole('heading', { name: '查询办理进度' })).toBeVisible();
  await expect(k.field(/^案件编号/)).toHaveValue(caseNo);
  await expect(k.field(/^手机号码/)).toHaveValue(mobile);
  await k.askForCode();
  const lookupCode = await nextCode(mobile, [code]);
  await k.field(/^短信验证码/).fill(lookupCode);
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await expect(page.getByRole('heading', { name: '当前进度' })).toBeVisible();
  await expect(page.getByText('已受理，正在分派')).toBeVisible();
  await expect(page.getByText('受理时间')).toBeVisible();
  await expect(page.getByText(/按“1-3-7”承诺/)).toBeVisible();
  a11y.push(...(await axeProblems(page, 'lookup result')));
  expect(a11y).toEqual([]);
  // Not closed yet: nothing to rate.
  await expect(page.getByRole('button', { name: '满意', exact: true })).toHaveCount(0);

  // The page loaded only its own entry: no officer chunk, no service worker.
  const scripts = requests.filter((p) => p.endsWith('.js'));
  await test.info().attach('scripts-loaded-by-k', { body: scripts.join('\n') });
  expect(scripts.length).toBeGreaterThan(0);
  for (const s of scripts) {
    expect(s, `loaded by /k: ${scripts.join(', ')}`).not.toMatch(
      /\/assets\/(index|app|engine|OfficeWorkspace|CaseForm|dexie|i18n)[-.]/i,
    );
  }
  expect(requests).not.toContain('/sw.js');
  expect(await page.evaluate(() => navigator.serviceWorker.getRegistrations())).toHaveLength(0);
  const html = await (await request.get('/k?unit=futian')).text();
  expect(html).not.toContain('manifest.webmanifest');
});

test.describe('limits', () => {
  // The browser logs every 4xx answer as a console error; this 429 is the one under test.
  test.use({ allowConsoleErrors: [/status of 429 .*\/api\/public\/otp/] });

  test('the workers’ page in English, and a 429 says how long to wait', async ({ page }) => {
    const mobile = uniqueMobile();
    const k = new WorkerChannelPage(page);
    await page.goto('/k');
    await page.getByRole('button', { name: '切换为英文' }).click();
    await expect(page.getByRole('heading', { name: 'Report unpaid wages' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.getByRole('button', { name: 'Switch to Chinese' }).click();

    // Five codes an hour per mobile: the sixth request is refused with the time to wait.
    await k.field(/^手机号码/).fill(mobile);
    for (let i = 0; i < 5; i++) {
      const res = await page.request.post('/api/public/otp', {
        data: { mobile, purpose: 'complaint' },
      });
      expect(res.status()).toBe(202);
    }
    await page.getByRole('button', { name: '获取验证码' }).click();
    await expect(page.getByText(/获取验证码太频繁，请 \d+ (分钟|秒) 后再试/)).toBeVisible();
    await expect(page.getByRole('button', { name: /秒后可重新获取/ })).toBeDisabled();
  });
});

test('the office prints a QR poster per unit that opens the complaint page with the unit chosen', async ({
  app,
  page,
}) => {
  await app.signInAndSync('office.1');
  const desk = new OfficeWorkspacePage(page);
  await desk.openIntake();
  const tabs = page.getByRole('navigation', { name: '工作台' });
  await tabs.getByRole('link', { name: '二维码海报' }).click();
  await expect(page.getByRole('heading', { name: '各承办单位的二维码海报' })).toBeVisible();

  const futian = page.getByRole('region', { name: '海报： 福田街道' });
  await expect(futian).toBeVisible();
  await expect(futian.getByRole('img', { name: /反映欠薪二维码：\s*福田街道/ })).toBeVisible();
  const url = `${new URL(page.url()).origin}/k?unit=futian`;
  await expect(futian.getByText(url, { exact: true })).toBeVisible();
  for (const line of ['身份证', '劳动合同或工资条', '聊天记录']) {
    await expect(futian.getByText(new RegExp(line))).toBeVisible();
  }
  // One sheet per unit, and printed only the sheets remain, one A4 page each.
  const sheets = page.getByRole('region', { name: /^海报：/ });
  const count = await sheets.count();
  expect(count).toBeGreaterThanOrEqual(14);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('heading', { name: '各承办单位的二维码海报' })).toBeHidden();
  await expect(tabs).toBeHidden();
  await expect(futian).toBeVisible();
  const printed = await futian.evaluate((el) => {
    const css = getComputedStyle(el);
    return { breakAfter: css.breakAfter, widthMm: el.getBoundingClientRect().width / (96 / 25.4) };
  });
  expect(printed.breakAfter).toBe('page');
  expect(Math.round(printed.widthMm)).toBe(210);
  await page.emulateMedia({ media: 'screen' });

  // The poster's address is the workers' page with that unit chosen.
  await page.goto(url);
  await expect(page.getByLabel(/^用人单位所在镇街/)).toHaveValue('futian');
});

test('the whole loop: a QR complaint reaches the office with its duplicate hint, is dispatched, resolved on the phone, approved, and the worker hears, looks up and rates it', async ({
  page,
  openDevice,
  officeApi,
}) => {
  test.setTimeout(360_000);
  const mobile = uniqueMobile();
  const employer = uniqueEmployer('全流程');
  const k = new WorkerChannelPage(page);

  // The same worker complained by the hotline last week: an open case with that mobile.
  const earlierId = await officeApi.createCase({
    employer: uniqueEmployer('热线'),
    claimant: '王建国',
    mobile,
    owedFen: 500_000,
  });
  const earlierNo = String((await officeApi.getCase(earlierId)).caseNo);

  // 1. The worker files it from the bare /k page, not knowing the unit.
  await page.goto('/k');
  await k.field(/^用人单位所在镇街/).selectOption({ label: '不清楚' });
  await k.fillComplaint({
    name: '王建国',
    mobile,
    employer,
    owedYuan: '12345.60',
    workers: '3',
    project: '稠城某安置小区二期',
    contractor: '某某建工集团有限公司',
    description: '在工地做木工，十月、十一月工资没发。',
  });
  await k.askForCode();
  const code = await nextCode(mobile, []);
  await k.field(/^短信验证码/).fill(code);
  await page.getByRole('button', { name: '提交' }).click();
  await expect(page.getByRole('heading', { name: '已收到您的反映' })).toBeVisible();
  const caseNo = (await page.getByTestId('case-no').textContent())!.trim();

  // 2. The office finds it in intake with the duplicate hint, in the holding unit, and
  //    dispatches it to 稠城 and an officer.
  const { app: office, page: officePage } = await openDevice();
  await officePage.setViewportSize({ width: 1366, height: 768 });
  const desk = new OfficeWorkspacePage(officePage);
  await office.signInAndSync('office.1');
  await desk.openIntake();
  const row = desk.intakeRow(employer);
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('duplicate-hints')).toContainText(earlierNo);
  await expect(row.getByTestId('project-line')).toContainText('稠城某安置小区二期');
  await expect(row.getByRole('button', { name: '指派', exact: true })).toBeDisabled();
  await desk.assign(employer, '稠城街道', '陈晓东（稠城）');
  await desk.expectDelivered();

  // 3. The officer's phone receives it (project and general contractor in view), works it
  //    and resolves it.
  const { app: officer, page: officerPage } = await openDevice();
  await officer.signInAndSync('officer.choucheng');
  await expect(await officer.cases.find(employer)).toHaveCount(1);
  await officer.cases.openCase(employer);
  await expect(officerPage.getByTestId('general-contractor')).toHaveText('某某建工集团有限公司');
  const actions = new CaseActionsPanel(officerPage);
  await actions.startHandling();
  await actions.resolve('paid_in_full', '12345.60');
  await officer.syncBar.syncNow();
  await officer.syncBar.expectAllSynced();

  // 4. The office approves the closure.
  await office.syncBar.syncNow();
  await office.syncBar.expectAllSynced();
  await desk.openReview();
  await desk.approve(employer);
  await desk.expectDelivered();
  const id = (await officeApi.findCases(employer)).find((c) => c.caseNo === caseNo)!.id;
  expect(await officeApi.getCase(id)).toMatchObject({ status: 'closed', source: 'qr_form' });

  // 5. The worker looks it up (the SMS link opens the lookup) and rates it.
  await page.goto(`/k?lookup=${encodeURIComponent(caseNo)}`);
  await expect(k.field(/^案件编号/)).toHaveValue(caseNo);
  await k.field(/^手机号码/).fill(mobile);
  await k.askForCode();
  const lookupCode = await nextCode(mobile, [code]);
  await k.field(/^短信验证码/).fill(lookupCode);
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await expect(page.getByRole('heading', { name: '当前进度' })).toBeVisible();
  await expect(page.getByText('已化解').first()).toBeVisible();
  await page.getByRole('button', { name: '满意', exact: true }).click();
  await expect(page.getByText('感谢您的评价！')).toBeVisible();

  // Each message once: received and dispatched went out; "resolved" is queued once, held
  // until the approval can no longer be undone (APPROVAL_UNDO_MS).
  const about = (await smsTo(mobile)).filter((m) => m.body.includes(caseNo));
  expect(about.filter((m) => m.templateId === 'AX_RECEIVED')).toHaveLength(1);
  await expect
    .poll(
      async () =>
        (await smsTo(mobile)).filter(
          (m) => m.templateId === 'AX_DISPATCHED' && m.body.includes(caseNo),
        ).length,
    )
    .toBe(1);
  const detail = await officeApi.caseDetail(id);
  const kinds = detail.sms.map((m) => `${m.kind}:${m.status}`).sort();
  expect(kinds).toEqual(['dispatched:sent', 'received:sent', 'resolved:queued']);
  const held = detail.sms.find((m) => m.kind === 'resolved')!;
  expect(Date.parse(held.dueAt!)).toBeGreaterThan(Date.now() + 60_000);

  // 6. The rating is on the office dashboard, by unit.
  await desk.openDashboard();
  const satisfaction = officePage.getByTestId('satisfaction');
  await expect(satisfaction.getByRole('row', { name: /稠城街道/ })).toBeVisible();
});
