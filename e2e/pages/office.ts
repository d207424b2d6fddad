import { expect, type Locator, type Page } from '@playwright/test';

/**
 * The office workspace (/office): the intake queue (assign) and the review queue (approve /
 * return with a comment). Both lists are server reads; writes go through the device's outbox.
 */
export class OfficeWorkspacePage {
  readonly intakeRows: Locator;
  readonly reviewRows: Locator;
  readonly status: Locator;

  constructor(private readonly page: Page) {
    this.intakeRows = page.getByTestId('intake-row');
    this.reviewRows = page.getByTestId('review-row');
    this.status = page.getByRole('status');
  }

  private get tabs(): Locator {
    return this.page.getByRole('navigation', { name: '工作台' });
  }

  async openIntake(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: '主导航' })
      .getByRole('link', { name: '工作台' })
      .click();
    await expect(this.page.getByRole('heading', { level: 2, name: /待分派案件/ })).toBeVisible();
  }

  async openDashboard(): Promise<void> {
    await this.tabs.getByRole('link', { name: '数据看板' }).click();
    await expect(this.page.getByRole('heading', { level: 2, name: '数据看板' })).toBeVisible();
    await expect(this.page.getByTestId('dashboard-tiles')).toBeVisible();
  }

  /** The figure of a dashboard tile, by its label (案件总数, 待审核, …). */
  async tileValue(label: string): Promise<string> {
    const tile = this.page
      .getByTestId('dashboard-tiles')
      .getByTestId('tile')
      .filter({ has: this.page.getByText(label, { exact: true }) });
    return (await tile.getByTestId('tile-value').innerText()).trim();
  }

  /** The dashboard's receipt-date range: a quick range button, or typed days. */
  get dateRange(): Locator {
    return this.page.getByTestId('date-range');
  }

  async quickRange(name: '本周' | '本月' | '近 12 周' | '今年' | '全部日期'): Promise<void> {
    await this.dateRange.getByRole('button', { name, exact: true }).click();
    await expect(this.dateRange.getByRole('button', { name, exact: true })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  }

  async typeRange(from: string, to: string): Promise<void> {
    await this.dateRange.getByLabel('受理日期从').fill(from);
    await this.dateRange.getByLabel('至', { exact: true }).fill(to);
  }

  get intakeTable(): Locator {
    return this.page.getByTestId('intake-table');
  }

  get bulkBar(): Locator {
    return this.page.getByTestId('bulk-assign');
  }

  get selectAll(): Locator {
    return this.intakeTable.getByRole('checkbox', { name: '全选列表中的案件' });
  }

  async openReview(): Promise<void> {
    await this.tabs.getByRole('link', { name: '结案审核' }).click();
    await expect(this.page.getByRole('heading', { level: 2, name: /待审核案件/ })).toBeVisible();
  }

  intakeRow(employer: string): Locator {
    return this.intakeRows.filter({ hasText: employer });
  }

  reviewRow(employer: string): Locator {
    return this.reviewRows.filter({ hasText: employer });
  }

  /** Assigns one complaint to a town and an officer in one action; waits until it left the queue. */
  async assign(employer: string, townZh: string, officerName: string): Promise<void> {
    const row = this.intakeRow(employer);
    await expect(row).toHaveCount(1);
    await row.getByLabel('指派到承办单位').selectOption({ label: townZh });
    await row.getByLabel('指派给').selectOption({ label: officerName });
    await row.getByRole('button', { name: '指派', exact: true }).click();
    await expect(this.writeNotice).toContainText('已指派 1 件');
    await expect(row).toHaveCount(0);
  }

  /** The notice that follows the last write to the server (正在发送… → 已送达, or why not). */
  get writeNotice(): Locator {
    return this.page.getByTestId('write-notice');
  }

  /** The notice says the server has taken the last write. */
  async expectDelivered(timeout = 15_000): Promise<void> {
    await expect(this.writeNotice).toHaveAttribute('data-state', 'delivered', { timeout });
    await expect(this.writeNotice).toContainText('已送达');
  }

  /** The case file beside the review queue (agreement, signatures, photos, amounts). */
  get reviewDetail(): Locator {
    return this.page.getByTestId('review-detail');
  }

  /** Opens a case of the review queue in the panel beside it. */
  async pickForReview(employer: string): Promise<void> {
    const row = this.reviewRow(employer);
    await expect(row).toHaveCount(1);
    await row.getByRole('button').click();
    await expect(this.reviewDetail.getByRole('heading', { level: 3 })).toContainText(employer);
  }

  /** "曾退回：<comment>（date）" in the case file of a resubmitted case. */
  earlierReturn(comment: string): Locator {
    return this.reviewDetail.getByTestId('review-earlier').filter({ hasText: comment });
  }

  get approveDialog(): Locator {
    return this.page.getByRole('dialog', { name: '通过并结案？' });
  }

  async returnWithComment(employer: string, comment: string): Promise<void> {
    await this.pickForReview(employer);
    await this.reviewDetail.getByLabel('审核意见').fill(comment);
    await this.reviewDetail.getByRole('button', { name: '退回' }).click();
    await expect(this.writeNotice).toContainText('已退回承办人');
    await expect(this.reviewRow(employer)).toHaveCount(0);
  }

  /** 通过并结案 in the case file: asks to confirm first; nothing is sent before that. */
  async startApproval(employer: string): Promise<void> {
    await this.pickForReview(employer);
    await this.reviewDetail.getByRole('button', { name: '通过并结案' }).click();
    await expect(this.approveDialog).toBeVisible();
  }

  async confirmApproval(): Promise<void> {
    await this.approveDialog.getByRole('button', { name: '通过并结案' }).click();
    await expect(this.approveDialog).toHaveCount(0);
    await expect(this.writeNotice).toContainText('已审核通过并结案');
  }

  async approve(employer: string): Promise<void> {
    await this.startApproval(employer);
    await this.confirmApproval();
    await expect(this.reviewRow(employer)).toHaveCount(0);
  }

  get undoButton(): Locator {
    return this.page.getByRole('button', { name: '撤销结案' });
  }

  async undoApproval(): Promise<void> {
    await this.undoButton.click();
    await expect(this.writeNotice).toContainText('已撤销结案');
  }
}
