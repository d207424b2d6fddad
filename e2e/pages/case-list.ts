import { expect, type Locator, type Page } from '@playwright/test';

export class CaseListPage {
  readonly items: Locator;
  readonly search: Locator;

  constructor(private readonly page: Page) {
    this.items = page.getByTestId('case-item');
    this.search = page.getByLabel('搜索', { exact: true });
  }

  async open(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: '主导航' })
      .getByRole('link', { name: '我的案件' })
      .click();
    await expect(this.page.getByRole('heading', { level: 1, name: '我的案件' })).toBeVisible();
  }

  /**
   * The list shows the most urgent first and renders only the rows on screen: a case that
   * is not urgent is found the way an officer finds it, by searching.
   */
  async find(employer: string): Promise<Locator> {
    await this.search.fill(employer);
    return this.item(employer);
  }

  item(employer: string): Locator {
    return this.items.filter({ hasText: employer });
  }

  async openCase(employer: string): Promise<void> {
    await this.search.fill(employer);
    await this.item(employer).first().click();
    await expect(this.page.getByTestId('employer-name')).toHaveText(employer);
  }
}
