import { expect, type Locator, type Page } from '@playwright/test';

export interface SeenState {
  state: string;
  text: string;
  /** Everything the bar said at that moment, to check that no two states show at once. */
  bar: string;
}

/**
 * Records every state the sync bar goes through (its `data-state` and words), from inside
 * the page, so a state that lasts a few milliseconds is not missed between two polls.
 */
export class SyncStateRecorder {
  readonly state: Locator;
  readonly lastSync: Locator;
  readonly syncNow: Locator;

  constructor(private readonly page: Page) {
    this.state = page.getByTestId('sync-pending');
    this.lastSync = page.getByTestId('sync-last');
    this.syncNow = page.getByTestId('sync-now');
  }

  async start(): Promise<void> {
    await this.page.evaluate(() => {
      const w = window as unknown as { __syncStates?: SeenState[] };
      const seen: SeenState[] = [];
      w.__syncStates = seen;
      const note = () => {
        const el = document.querySelector('[data-testid="sync-pending"]');
        const bar = document.querySelector('[data-testid="sync-bar"]');
        if (!el || !bar) return;
        const entry = {
          state: el.getAttribute('data-state') ?? '',
          text: el.textContent ?? '',
          bar: bar.textContent ?? '',
        };
        const last = seen.at(-1);
        if (!last || last.state !== entry.state || last.text !== entry.text) seen.push(entry);
      };
      note();
      new MutationObserver(note).observe(document.body, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
        attributeFilter: ['data-state'],
      });
    });
  }

  async seen(): Promise<SeenState[]> {
    return this.page.evaluate(
      () => (window as unknown as { __syncStates?: SeenState[] }).__syncStates ?? [],
    );
  }

  async expectState(state: string, timeout = 30_000): Promise<void> {
    await expect(this.state).toHaveAttribute('data-state', state, { timeout });
  }

  /** The last-sync time is shown whole (not cut with an ellipsis) at the bar's width. */
  async expectLastSyncFits(): Promise<void> {
    await expect(this.lastSync).toHaveText(/^上次同步 (刚刚|\d+ 分钟前)$/);
    const cut = await this.lastSync.evaluate(
      (el) => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > innerWidth,
    );
    expect(cut).toBe(false);
  }
}
