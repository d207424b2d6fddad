import type { Page } from '@playwright/test';

export interface SeenCount {
  phase: string;
  done: number;
  /** Null while the bar shows no total yet (before the server's estimate). */
  total: number | null;
  text: string;
}

/**
 * Records every value the sync bar's counter (`sync-progress`: data-phase, data-done,
 * data-total) shows, from inside the page and from its first script on (an init script),
 * so a first sync that starts right after sign-in, and a count shown for a few
 * milliseconds, are both caught.
 */
export class SyncProgressRecorder {
  constructor(private readonly page: Page) {}

  /** Call before the page loads the app (before `goto`). */
  async install(): Promise<void> {
    await this.page.addInitScript(() => {
      const w = window as unknown as { __syncCounts?: SeenCount[] };
      const seen: SeenCount[] = [];
      w.__syncCounts = seen;
      const note = () => {
        const el = document.querySelector('[data-testid="sync-bar"] [data-testid="sync-progress"]');
        if (!el) return;
        const total = el.getAttribute('data-total');
        const entry: SeenCount = {
          phase: el.getAttribute('data-phase') ?? '',
          done: Number(el.getAttribute('data-done')),
          total: total === null ? null : Number(total),
          text: el.textContent ?? '',
        };
        const last = seen.at(-1);
        if (!last || last.phase !== entry.phase || last.text !== entry.text) seen.push(entry);
      };
      const watch = () =>
        new MutationObserver(note).observe(document.documentElement, {
          subtree: true,
          childList: true,
          characterData: true,
          attributes: true,
          attributeFilter: ['data-done', 'data-total', 'data-phase'],
        });
      if (document.documentElement) watch();
      else document.addEventListener('DOMContentLoaded', watch);
    });
  }

  async seen(phase?: string): Promise<SeenCount[]> {
    const all = await this.page.evaluate(
      () => (window as unknown as { __syncCounts?: SeenCount[] }).__syncCounts ?? [],
    );
    return phase === undefined ? all : all.filter((s) => s.phase === phase);
  }

  /** Forgets what was recorded so far (this document only). */
  async clear(): Promise<void> {
    await this.page.evaluate(() => {
      const seen = (window as unknown as { __syncCounts?: SeenCount[] }).__syncCounts;
      if (seen) seen.length = 0;
    });
  }
}
