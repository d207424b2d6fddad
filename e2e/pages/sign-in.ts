import { expect, type Page } from '@playwright/test';
import { PASSWORD } from '../support/env';

export class SignInPage {
  constructor(private readonly page: Page) {}

  async signIn(username: string, password = PASSWORD): Promise<void> {
    await this.page.goto('/');
    await this.page.getByLabel('用户名').fill(username);
    await this.page.getByLabel('密码').fill(password);
    await this.page.getByRole('button', { name: '登录' }).click();
    await expect(this.page.getByRole('navigation', { name: '主导航' })).toBeVisible();
  }
}
