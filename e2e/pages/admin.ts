import { expect, type Locator, type Page } from '@playwright/test';

/**
 * The admin workspace (/admin): people, dispatch units, the working-day calendar, the audit
 * trail. Server reads and writes straight to /api/admin/* (not device data).
 */
export class AdminWorkspacePage {
  readonly userRows: Locator;

  constructor(private readonly page: Page) {
    this.userRows = page.getByTestId('user-row');
  }

  async open(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: '主导航' })
      .getByRole('link', { name: '系统管理' })
      .click();
    await expect(this.page.getByRole('heading', { level: 2, name: '人员' })).toBeVisible();
  }

  /** Creates an officer of one unit; returns the one-time password shown once. */
  async createOfficer(opts: {
    username: string;
    displayName: string;
    unitName: string;
  }): Promise<string> {
    const form = this.page.getByRole('form', { name: '新建账号' });
    await form.getByLabel('用户名').fill(opts.username);
    await form.getByLabel('姓名').fill(opts.displayName);
    await form.getByLabel('角色').selectOption({ label: '街镇劳动保障员' });
    await form.getByRole('checkbox', { name: opts.unitName }).check();
    await form.getByRole('button', { name: '创建账号' }).click();
    const box = this.page.getByTestId('one-time-password-box');
    await expect(box.getByRole('heading', { name: '初始密码（只显示一次）' })).toBeVisible();
    const password = (await this.page.getByTestId('one-time-password').textContent())?.trim();
    if (!password) throw new Error('no one-time password shown');
    return password;
  }

  userRow(username: string): Locator {
    return this.userRows.filter({ hasText: username });
  }

  async disable(username: string, displayName: string): Promise<void> {
    const row = this.userRow(username);
    await row.getByRole('button', { name: `停用 ${displayName}` }).click();
    await this.page.getByRole('button', { name: '确认停用' }).click();
    await expect(this.page.getByTestId('people-message')).toContainText(`已停用 ${displayName}`);
    // Disabled people leave the default list; they are still there with 显示已停用.
  }
}
