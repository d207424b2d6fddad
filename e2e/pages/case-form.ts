import { expect, type Page } from '@playwright/test';

export interface NewCaseInput {
  employer: string;
  creditCode?: string;
  contactName?: string;
  address?: string;
  claimants: Array<{ name: string; mobile: string; owedYuan: string }>;
  description?: string;
}

export class CaseFormPage {
  constructor(private readonly page: Page) {}

  async openNew(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: '主导航' })
      .getByRole('link', { name: '新建案件' })
      .click();
    await expect(this.page.getByRole('heading', { level: 1, name: '新建案件' })).toBeVisible();
  }

  async fill(input: NewCaseInput): Promise<void> {
    const p = this.page;
    await p.locator('#employer-name').fill(input.employer);
    if (input.creditCode) await p.locator('#employer-creditCode').fill(input.creditCode);
    if (input.contactName) await p.locator('#employer-contactName').fill(input.contactName);
    if (input.address) await p.locator('#employer-address').fill(input.address);
    for (const [i, c] of input.claimants.entries()) {
      if (i > 0) await p.getByTestId('add-claimant').click();
      await p.locator(`#claimant-${i}-name`).fill(c.name);
      await p.locator(`#claimant-${i}-mobile`).fill(c.mobile);
      await p.locator(`#claimant-${i}-owed`).fill(c.owedYuan);
    }
    if (input.description) await p.locator('#description').fill(input.description);
  }

  /** Runs an edit and waits until the form has written a newer draft to the device. */
  async editAndWaitForDraft(edit: () => Promise<void>): Promise<void> {
    const saved = this.page.getByTestId('draft-saved');
    const count = async () =>
      (await saved.count()) === 0 ? 0 : Number(await saved.getAttribute('data-count'));
    const before = await count();
    await edit();
    await expect.poll(count).toBeGreaterThan(before);
  }

  async save(): Promise<void> {
    await this.page.getByTestId('save-case').click();
  }

  /** Saves and waits for the case page the form navigates to. */
  async saveAndOpen(employer: string): Promise<string> {
    await this.save();
    await expect(this.page.getByTestId('employer-name')).toHaveText(employer);
    const id = /\/cases\/([^/?#]+)$/.exec(new URL(this.page.url()).pathname)?.[1];
    if (!id) throw new Error(`not on a case page: ${this.page.url()}`);
    return id;
  }
}
