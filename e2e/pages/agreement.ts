import { expect, type Locator, type Page } from '@playwright/test';
import { LockPage } from './lock';

export class AgreementPage {
  readonly sheet: Locator;
  readonly amount: Locator;

  constructor(private readonly page: Page) {
    this.sheet = page.getByTestId('agreement');
    this.amount = page.getByTestId('agreement-amount');
  }

  async open(mediationId: string): Promise<void> {
    await new LockPage(this.page).gotoUnlocked(`/mediations/${mediationId}/agreement`);
    await expect(this.sheet).toBeVisible();
  }

  signature(signer: 'worker' | 'employer' | 'officer'): Locator {
    return this.page.getByTestId(`agreement-sig-${signer}`);
  }

  /** Every signature image has really loaded (decoded, non-zero size). */
  async expectSignaturesShown(): Promise<void> {
    for (const s of ['worker', 'employer', 'officer'] as const) {
      const img = this.signature(s).locator('img');
      await expect(img).toBeVisible();
      await expect
        .poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0))
        .toBe(true);
    }
  }
}
