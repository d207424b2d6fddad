import { expect, type Locator, type Page } from '@playwright/test';

/**
 * The moves on the case page the office's workflow waits for from the field: start
 * handling, resolve (outcome + amount recovered), resubmit after a return. Each is offered
 * only when the status machine allows it, as a button that opens its small form.
 */
export class CaseActionsPanel {
  readonly status: Locator;

  constructor(private readonly page: Page) {
    this.status = page.getByTestId('case-status');
  }

  private action(to: string): Locator {
    return this.page.getByTestId(`action-${to}`);
  }

  async expectStatus(label: string): Promise<void> {
    await expect(this.status).toHaveText(label);
  }

  /** assigned → in_progress ("开始处理"), or received → in_progress ("直接接手处理"). */
  async startHandling(): Promise<void> {
    const card = this.action('in_progress');
    await card.getByRole('button', { name: /^(开始处理|直接接手处理)$/ }).click();
    await card.getByRole('button', { name: '确认' }).click();
    await this.expectStatus('处理中');
  }

  /** → resolved with an outcome and the amount recovered (yuan, as typed). */
  async resolve(outcome: string, recoveredYuan: string): Promise<void> {
    const card = this.action('resolved');
    await card.getByRole('button').first().click();
    await card.locator('#act-resolved-outcome').selectOption(outcome);
    await card.locator('#act-resolved-recovered').fill(recoveredYuan);
    await card.getByRole('button', { name: '确认' }).click();
    await this.expectStatus('已化解');
  }

  /** in_progress → insurance_advance: the employer cannot pay (a comment says why). */
  async claimInsuranceAdvance(comment: string): Promise<void> {
    const card = this.action('insurance_advance');
    await card.getByRole('button', { name: '申请工资保障险先行垫付' }).click();
    await card.locator('#act-insurance_advance-comment').fill(comment);
    await card.getByRole('button', { name: '确认' }).click();
    await this.expectStatus('保险垫付');
  }

  /** The claim form a case in insurance advance offers; starts the claim for `yuan`. */
  async startInsuranceClaim(yuan: string): Promise<void> {
    const form = this.page.getByTestId('start-insurance-claim');
    await expect(form).toBeVisible();
    await form.getByLabel('垫付金额（元）').fill(yuan);
    await form.getByRole('button', { name: '提交申请' }).click();
    await expect(form.getByRole('status')).toContainText('已申请垫付');
  }

  /** The office's return comment, as the case shows it while returned. */
  reviewComment(comment: string): Locator {
    return this.page.getByText(`审核意见: ${comment}`);
  }
}
