import { expect, type Locator, type Page } from '@playwright/test';

export class ConflictsPage {
  readonly items: Locator;

  constructor(private readonly page: Page) {
    this.items = page.getByTestId('conflict-item');
  }

  async open(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: '主导航' })
      .getByRole('link', { name: /待处理冲突/ })
      .click();
    await expect(this.page.getByRole('heading', { level: 1, name: '待处理冲突' })).toBeVisible();
  }

  async reapply(item: Locator): Promise<void> {
    await item.getByTestId('conflict-reapply').click();
  }
}
