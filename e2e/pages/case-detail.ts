import { expect, type Locator, type Page } from '@playwright/test';
import { LockPage } from './lock';

export class CaseDetailPage {
  readonly status: Locator;
  readonly description: Locator;
  readonly mediations: Locator;
  readonly pendingNotice: Locator;

  constructor(private readonly page: Page) {
    this.status = page.getByTestId('case-status');
    this.description = page.getByTestId('case-description');
    this.mediations = page.getByTestId('mediation-item');
    this.pendingNotice = page.getByTestId('case-pending');
  }

  async open(caseId: string): Promise<void> {
    await new LockPage(this.page).gotoUnlocked(`/cases/${caseId}`);
    await expect(this.status).toBeVisible();
  }

  async startMediation(): Promise<void> {
    await this.page.getByTestId('record-mediation').click();
    await expect(this.page.getByTestId('mediation-step')).toHaveAttribute('data-step', '0');
  }

  async edit(): Promise<void> {
    await this.page.getByRole('link', { name: '修改信息' }).click();
    await expect(this.page.getByRole('heading', { level: 1, name: '修改案件信息' })).toBeVisible();
  }
}
