import { expect, type Page } from '@playwright/test';
import { PIN } from '../support/env';

// The lock screen in either language (a test may have switched the UI to English).
const UNLOCK = /^(解锁|Unlock)$/;
const PIN_LABEL = /^(PIN 码|PIN)$/;

/** The PIN screens: choosing one after a password sign-in, and unlocking after a cold start. */
export class LockPage {
  constructor(private readonly page: Page) {}

  /** The screen after a password sign-in: choose the PIN (twice) and confirm. */
  async choosePin(pin = PIN): Promise<void> {
    await this.page.getByLabel('PIN 码', { exact: true }).fill(pin);
    await this.page.getByLabel('再次输入 PIN 码', { exact: true }).fill(pin);
    await this.page.getByRole('button', { name: '确定', exact: true }).click();
  }

  async expectLocked(): Promise<void> {
    await expect(this.page.getByRole('button', { name: UNLOCK })).toBeVisible();
  }

  /** Every cold start (a reload, a new tab, a typed URL) opens on the lock screen. */
  async unlock(pin = PIN): Promise<void> {
    await this.expectLocked();
    await this.page.getByLabel(PIN_LABEL).fill(pin);
    await this.page.getByRole('button', { name: UNLOCK }).click();
    await expect(this.page.getByRole('button', { name: UNLOCK })).toBeHidden();
  }

  /** Opens a URL of the app the way a person typing it would: a cold start, then the PIN. */
  async gotoUnlocked(url: string): Promise<void> {
    await this.page.goto(url);
    await this.unlock();
  }
}
