import { expect, type Page } from '@playwright/test';
import { PASSWORD } from '../support/env';
import { LockPage } from './lock';

export class SignInPage {
  constructor(private readonly page: Page) {}

  async signIn(username: string, password = PASSWORD): Promise<void> {
    await this.page.goto('/');
    await this.page.getByLabel('用户名').fill(username);
    await this.page.getByLabel('密码').fill(password);
    await this.page.getByRole('button', { name: '登录' }).click();
    // Issue 18: a password sign-in is followed by choosing the device's PIN.
    await new LockPage(this.page).choosePin();
    await expect(this.page.getByRole('navigation', { name: '主导航' })).toBeVisible();
  }

  /** First sign-in with a password an administrator set: the app asks for a new one. */
  async signInWithOneTimePassword(username: string, oneTime: string, next: string): Promise<void> {
    await this.page.goto('/');
    await this.page.getByLabel('用户名').fill(username);
    await this.page.getByLabel('密码').fill(oneTime);
    await this.page.getByRole('button', { name: '登录' }).click();
    await expect(this.page.getByRole('heading', { name: '设置新密码' })).toBeVisible();
    await this.page.getByLabel(/^新密码/).fill(next);
    await this.page.getByLabel('再次输入新密码').fill(next);
    await this.page.getByRole('button', { name: '保存新密码' }).click();
    await new LockPage(this.page).choosePin();
    await expect(this.page.getByRole('navigation', { name: '主导航' })).toBeVisible();
  }
}
