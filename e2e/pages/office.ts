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
    await expect(this.page.getByText('已指派 1 件，正在发送')).toBeVisible();
    await expect(row).toHaveCount(0);
  }

  async returnWithComment(employer: string, comment: string): Promise<void> {
    const row = this.reviewRow(employer);
    await expect(row).toHaveCount(1);
    await row.getByLabel('审核意见').fill(comment);
    await row.getByRole('button', { name: '退回' }).click();
    await expect(this.page.getByText('已退回，正在发送')).toBeVisible();
    await expect(row).toHaveCount(0);
  }

  async approve(employer: string): Promise<void> {
    const row = this.reviewRow(employer);
    await expect(row).toHaveCount(1);
    await row.getByRole('button', { name: '通过并结案' }).click();
    await expect(this.page.getByText('已审核通过，正在发送')).toBeVisible();
    await expect(row).toHaveCount(0);
  }
}
