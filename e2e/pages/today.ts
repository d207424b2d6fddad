import { expect, type Locator, type Page } from '@playwright/test';

/** 今日: the officer's deadlines and instalments due, reached from the bottom navigation. */
export class TodayPage {
  readonly cases: Locator;
  readonly instalments: Locator;

  constructor(private readonly page: Page) {
    this.cases = page.getByTestId('today-case');
    this.instalments = page.getByTestId('today-instalment');
  }

  async open(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: '主导航' })
      .getByRole('link', { name: '今日' })
      .click();
    await expect(this.page.getByRole('heading', { level: 1, name: '今日' })).toBeVisible();
  }

  caseOf(employer: string): Locator {
    return this.cases.filter({ hasText: employer });
  }

  instalmentOf(employer: string): Locator {
    return this.instalments.filter({ hasText: employer });
  }
}

/** The instalments section of a case page. */
export class InstalmentsSection {
  readonly rows: Locator;
  readonly message: Locator;

  constructor(private readonly page: Page) {
    this.rows = page.getByTestId('instalment-row');
    this.message = page.getByTestId('instalment-message');
  }

  row(dueDate: string): Locator {
    return this.rows.filter({ hasText: dueDate });
  }

  /** Records the instalment due on `dueDate` as not paid on `date`, with nothing received. */
  async recordMissed(dueDate: string, date: string): Promise<void> {
    await this.page.getByRole('button', { name: `记录 ${dueDate} 这一期` }).click();
    const form = this.page.getByRole('form', { name: `记录 ${dueDate} 这一期` });
    await form.getByLabel('付款情况').selectOption('missed');
    await form.getByLabel(/日期/).fill(date);
    await expect(form.getByLabel(/实际收到金额/)).toHaveValue('0');
    await form.getByRole('button', { name: '保存记录' }).click();
  }
}
