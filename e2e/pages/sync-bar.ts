import { expect, type Locator, type Page } from '@playwright/test';

/** The bar on every signed-in screen: network, pending, conflicts, last sync, sync now. */
export class SyncBar {
  readonly root: Locator;
  readonly pending: Locator;
  readonly online: Locator;
  readonly conflicts: Locator;
  readonly syncNowButton: Locator;

  constructor(page: Page) {
    this.root = page.getByTestId('sync-bar');
    this.pending = page.getByTestId('sync-pending');
    this.online = page.getByTestId('sync-online');
    this.conflicts = page.getByTestId('sync-conflicts');
    this.syncNowButton = page.getByTestId('sync-now');
  }

  async expectPending(n: number): Promise<void> {
    await expect(this.pending).toHaveAttribute('data-count', String(n));
  }

  /** Outbox empty and the last push and pull both succeeded. */
  async expectAllSynced(timeout = 30_000): Promise<void> {
    await expect(this.pending).toHaveAttribute('data-all-synced', 'true', { timeout });
    await expect(this.pending).toHaveAttribute('data-count', '0');
  }

  async expectOffline(): Promise<void> {
    await expect(this.online).toHaveAttribute('data-online', 'false');
  }

  async expectOnline(): Promise<void> {
    await expect(this.online).toHaveAttribute('data-online', 'true');
  }

  async syncNow(): Promise<void> {
    // Disabled while a cycle runs (one starts by itself on reconnecting); on a busy machine
    // that cycle can outlast the default wait, and a stuck one still fails after a minute.
    await expect(this.syncNowButton).toBeEnabled({ timeout: 60_000 });
    await this.syncNowButton.click();
  }
}
