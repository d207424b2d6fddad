import { expect, type Locator, type Page } from '@playwright/test';

export type ConflictPick = 'mine' | 'theirs' | 'merge';

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
    await this.expectOpen();
  }

  async expectOpen(): Promise<void> {
    await expect(this.page.getByRole('heading', { level: 1, name: '待处理冲突' })).toBeVisible();
  }

  /** One differing value of an item, found by its label ("情况说明", "用人单位 · 联系电话"). */
  field(item: Locator, label: string): Locator {
    return item
      .getByTestId('conflict-field')
      .filter({ has: this.page.locator('.cf-head strong', { hasText: label }) });
  }

  async choose(item: Locator, label: string, pick: ConflictPick): Promise<void> {
    await this.field(item, label).getByTestId(`conflict-use-${pick}`).check();
  }

  /** Picks the merge for a text and replaces what it starts from with `text`. */
  async merge(item: Locator, label: string, text: string): Promise<Locator> {
    await this.choose(item, label, 'merge');
    const box = this.field(item, label).getByTestId('conflict-merge-text');
    await box.fill(text);
    return box;
  }

  /** Sends the item (again, or as chosen value by value), answering the question it asks. */
  async reapply(item: Locator): Promise<void> {
    await item.getByTestId('conflict-reapply').click();
    await item.getByTestId('conflict-confirm').click();
  }
}
