import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chinaDate } from '@anxin/shared/validation/dates';
import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext, Locator, Page, TestInfo } from '@playwright/test';
import { OfficeWorkspacePage } from '../pages/office';
import type { ApiClient } from '../support/api';
import { uniqueEmployer } from '../support/data';
import { ARTIFACTS } from '../support/env';
import { expect, test } from '../support/fixtures';

/**
 * Issue 16, "Charts a manager can read" and "Intake", on the office desk at 1366 × 768 with
 * the demo data the server seeds (300 cases over the last 60 days): readable axes and values
 * on the bars, empty states, a date range that drives the figures; select-all, a bulk bar
 * that leaves the table where it is, and the keyboard. Both screens are kept as screenshots.
 */

test.use({ viewport: { width: 1366, height: 768 } });

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface DashboardAnswer {
  serverTime: string;
  totals: { cases: number };
  weekly: Array<{ weekOf: string; received: number; resolved: number }>;
  repeatEmployers: unknown[];
}

async function dashboardOf(
  request: APIRequestContext,
  api: ApiClient,
  query: Record<string, string> = {},
): Promise<DashboardAnswer> {
  const res = await request.get(`/api/office/dashboard?${new URLSearchParams(query)}`, {
    headers: { Authorization: `Bearer ${api.token}` },
  });
  expect(res.ok()).toBe(true);
  return (await res.json()) as DashboardAnswer;
}

/** A full-page screenshot in the report and as a named file in e2e/artifacts. */
async function keep(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  // From the top: a full-page shot scrolled down draws the sticky header mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  const shot = await page.screenshot({ fullPage: true, path: path.join(ARTIFACTS, `${name}.png`) });
  await testInfo.attach(`${name} (1366 × 768)`, { body: shot, contentType: 'image/png' });
}

async function seriousViolations(page: Page, screen: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${screen}: ${v.id} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Where an element sits on the page (not the viewport: checking a box may scroll to it). */
function pageBox(el: Locator) {
  return el.evaluate((node) => {
    const r = node.getBoundingClientRect();
    return { x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width, height: r.height };
  });
}

const createComplaint = (api: ApiClient, employer: string): Promise<string> =>
  api.createCase({ employer, owedFen: 860_000 });

test('dashboard: round y ticks, 12 px labels, values on bars, legend, empty states, the date range drives the figures', async ({
  app,
  page,
  officeApi,
  request,
}, testInfo) => {
  test.setTimeout(180_000);
  const desk = new OfficeWorkspacePage(page);
  await app.signInAndSync('office.1');
  await desk.openIntake();
  await desk.openDashboard();

  // The default view: every receipt date, the weekly trend over the last 12 weeks.
  const all = await dashboardOf(request, officeApi);
  expect(all.totals.cases).toBeGreaterThanOrEqual(300);
  await expect.poll(() => desk.tileValue('案件总数')).toBe(String(all.totals.cases));

  const chart = page.getByTestId('weekly-chart');
  await expect(chart).toBeVisible();
  await expect(page.getByRole('img', { name: /共受理 \d+ 件，化解 \d+ 件/ })).toBeVisible();

  // Y ticks: three or more, 0 first, in equal round steps reaching the largest bar.
  const ticks = (await chart.getByTestId('y-tick').locator('text').allTextContents()).map(Number);
  expect(ticks.length).toBeGreaterThanOrEqual(3);
  expect(ticks[0]).toBe(0);
  const step = ticks[1]! - ticks[0]!;
  expect([1, 2, 5].some((m) => Number.isInteger(Math.log10(step / m)))).toBe(true);
  expect(ticks).toEqual(ticks.map((_, i) => i * step));
  const largest = Math.max(...all.weekly.flatMap((w) => [w.received, w.resolved]));
  expect(ticks.at(-1)!).toBeGreaterThanOrEqual(largest);

  // Every chart text at 12 px or more, as computed and as drawn (the SVG is not scaled down).
  const sizes = await chart.locator('text').evaluateAll((els) =>
    els.map((el) => ({
      css: Number.parseFloat(getComputedStyle(el).fontSize),
      drawn: el.getBoundingClientRect().height,
    })),
  );
  expect(sizes.length).toBeGreaterThan(20);
  for (const s of sizes) {
    expect(s.css).toBeGreaterThanOrEqual(12);
    expect(s.drawn).toBeGreaterThanOrEqual(12);
  }

  // A label per week (M/D of its Monday) and each bar's value on it, as the server counts.
  const weekLabels = await chart.getByTestId('x-label').allTextContents();
  expect(weekLabels).toEqual(
    all.weekly.map((w) => `${Number(w.weekOf.slice(5, 7))}/${Number(w.weekOf.slice(8))}`),
  );
  const values = (await chart.getByTestId('bar-value').allTextContents()).map(Number);
  expect(values).toEqual(all.weekly.flatMap((w) => [w.received, w.resolved]));
  const legend = page.locator('figure').filter({ has: chart }).getByRole('listitem');
  await expect(legend).toHaveText(['受理', '化解']);
  // The figures as a table too, for those who read numbers rather than bars.
  await page.getByText('查看数据表').click();
  await expect(page.getByRole('cell', { name: all.weekly.at(-1)!.weekOf })).toBeVisible();
  await page.getByText('查看数据表').click();
  await expect(page.getByRole('cell', { name: all.weekly.at(-1)!.weekOf })).toBeHidden();

  // The seeded data has repeat employers and outcomes: tables, not empty states.
  expect(all.repeatEmployers.length).toBeGreaterThan(0);
  await expect(page.getByText('暂无多次被投诉的用人单位')).toHaveCount(0);
  await expect(page.getByTestId('by-town')).toBeVisible();
  await expect(page.getByTestId('share-value').first()).toHaveText(/^\d+ 件 · \d+\.\d%$/);
  // Money in zh-CN format.
  await expect(
    page
      .getByTestId('by-town')
      .getByRole('cell', { name: /^¥[\d,]+\.\d\d$/ })
      .first(),
  ).toBeVisible();
  expect(await seriousViolations(page, 'dashboard')).toEqual([]);
  await keep(page, testInfo, 'office-dashboard');

  // Quick ranges: each asks the server for its days, and the tiles show that range's count.
  const today = chinaDate(Date.parse(all.serverTime));
  for (const [name, from] of [
    ['今年', `${today.slice(0, 4)}-01-01`],
    ['本月', `${today.slice(0, 8)}01`],
  ] as const) {
    await desk.quickRange(name);
    const ranged = await dashboardOf(request, officeApi, { from, to: today });
    await expect.poll(() => desk.tileValue('案件总数')).toBe(String(ranged.totals.cases));
    await expect(page.getByTestId('dashboard-period')).toHaveText(
      `受理日期 ${from} 至 ${today} 的数据`,
    );
  }
  await desk.quickRange('近 12 周');
  await expect(chart.getByTestId('x-label')).toHaveCount(12);

  // A range with no cases: every table and chart says so instead of showing nothing.
  await desk.typeRange('2020-01-01', '2020-01-31');
  await expect.poll(() => desk.tileValue('案件总数')).toBe('0');
  await expect(page.getByText('暂无多次被投诉的用人单位')).toBeVisible();
  await expect(page.getByText('该时间段内没有案件')).toBeVisible();
  await expect(page.getByTestId('by-town')).toHaveCount(0);
  await expect(page.getByText('该时间段内没有受理或化解的案件')).toBeVisible();
  await expect(page.getByText('暂无已办结案件的处理结果')).toBeVisible();
  await expect(page.getByText('没有逾期申请')).toBeVisible();
  // Its five weeks still on the axis, with three ticks even at zero.
  await expect(chart.getByTestId('x-label')).toHaveText(['12/30', '1/6', '1/13', '1/20', '1/27']);
  expect(await chart.getByTestId('y-tick').count()).toBeGreaterThanOrEqual(3);
  await keep(page, testInfo, 'office-dashboard-empty');

  // A range backwards is refused where it is typed; the figures stay those of the last range.
  await desk.dateRange.getByLabel('受理日期从').fill('2020-02-15');
  await expect(page.getByRole('alert')).toHaveText(/开始日期不能晚于结束日期/);
  expect(await desk.tileValue('案件总数')).toBe('0');

  // Back to every date: the first figures again; the export buttons are still there.
  await desk.quickRange('全部日期');
  await expect.poll(() => desk.tileValue('案件总数')).toBe(String(all.totals.cases));
  await expect(page.getByRole('button', { name: '导出 CSV' })).toBeVisible();
  await expect(page.getByRole('button', { name: '导出 Excel' })).toBeVisible();
});

test('intake: select-all, a bulk bar that leaves the table in place, arrows / space / Alt+A, 24 px targets', async ({
  app,
  page,
  officeApi,
}, testInfo) => {
  test.setTimeout(180_000);
  const employers = [uniqueEmployer('键盘甲'), uniqueEmployer('键盘乙'), uniqueEmployer('键盘丙')];
  const ids: string[] = [];
  for (const e of employers) ids.push(await createComplaint(officeApi, e));

  const desk = new OfficeWorkspacePage(page);
  await app.signInAndSync('office.1');
  await desk.openIntake();
  for (const e of employers) await expect(desk.intakeRow(e)).toHaveCount(1);
  const rows = await desk.intakeRows.count();
  expect(rows).toBeGreaterThanOrEqual(3);
  await expect(desk.bulkBar).toContainText('已选 0 件');

  // The table does not move when the first row is chosen, nor when all are.
  const before = await pageBox(desk.intakeTable);
  const firstCheck = desk.intakeRow(employers[0]!).getByRole('checkbox');
  await firstCheck.check();
  await expect(desk.bulkBar.getByRole('button', { name: '批量指派' })).toBeVisible();
  expect(await pageBox(desk.intakeTable)).toEqual(before);

  // Select-all: mixed while some are chosen, then every visible row, then none.
  expect(await desk.selectAll.evaluate((el) => (el as HTMLInputElement).indeterminate)).toBe(true);
  await desk.selectAll.click();
  await expect(desk.intakeRows.getByRole('checkbox', { checked: true })).toHaveCount(rows);
  await expect(desk.bulkBar).toContainText(`已选 ${rows} 件`);
  await expect(desk.selectAll).toBeChecked();
  expect(await desk.selectAll.evaluate((el) => (el as HTMLInputElement).indeterminate)).toBe(false);
  expect(await pageBox(desk.intakeTable)).toEqual(before);
  await desk.selectAll.click();
  await expect(desk.intakeRows.getByRole('checkbox', { checked: true })).toHaveCount(0);
  expect(await pageBox(desk.intakeTable)).toEqual(before);

  // The shortcut with nothing chosen says what to do first.
  await page.keyboard.press('Alt+KeyA');
  await expect(desk.bulkBar).toContainText('请先勾选要指派的案件');
  await expect(page.getByText(/Alt\+A（或 A）批量指派所选案件/)).toBeVisible();

  // Keyboard only: space ticks, arrows move from row to row, Alt+A opens assign.
  const check = (e: string) => desk.intakeRow(e).getByRole('checkbox');
  await check(employers[0]!).focus();
  await page.keyboard.press('Space');
  await expect(check(employers[0]!)).toBeChecked();
  await page.keyboard.press('ArrowDown');
  await expect(check(employers[1]!)).toBeFocused();
  await page.keyboard.press('Space');
  await expect(check(employers[1]!)).toBeChecked();
  await page.keyboard.press('ArrowDown');
  await expect(check(employers[2]!)).toBeFocused();
  await expect(check(employers[2]!)).not.toBeChecked();
  await page.keyboard.press('ArrowUp');
  await expect(check(employers[1]!)).toBeFocused();
  await page.keyboard.press('Home');
  await expect(desk.intakeRows.first().getByRole('checkbox')).toBeFocused();
  await page.keyboard.press('End');
  await expect(desk.intakeRows.last().getByRole('checkbox')).toBeFocused();
  await expect(desk.bulkBar).toContainText('已选 2 件');
  expect(await pageBox(desk.intakeTable)).toEqual(before);

  // Every filter and assign select is a 24 px target or more (WCAG 2.2 target size).
  const selects = await page
    .locator('section[aria-labelledby="intake-title"] select')
    .evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height));
  expect(selects.length).toBeGreaterThan(2);
  for (const h of selects) expect(h).toBeGreaterThanOrEqual(24);
  expect(await seriousViolations(page, 'intake')).toEqual([]);
  await keep(page, testInfo, 'office-intake');

  await page.keyboard.press('Alt+KeyA');
  const unit = desk.bulkBar.getByLabel('批量指派到承办单位');
  await expect(unit).toBeFocused();
  await unit.selectOption({ label: '稠城街道' });
  await desk.bulkBar.getByLabel('批量指派给').selectOption({ label: '陈晓东（稠城）' });
  await desk.bulkBar.getByRole('button', { name: '批量指派' }).click();
  for (const id of ids.slice(0, 2)) {
    await expect
      .poll(async () => (await officeApi.getCase(id)).status, { timeout: 60_000 })
      .toBe('assigned');
  }
  expect((await officeApi.getCase(ids[2]!)).status).toBe('received');
  await expect(desk.intakeRow(employers[0]!)).toHaveCount(0);
  await expect(desk.intakeRow(employers[2]!)).toHaveCount(1);
});
