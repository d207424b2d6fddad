import { afterEach, describe, expect, it, vi } from 'vitest';

// The app's chunk failing to load (offline with a broken cache): its import() rejects.
vi.mock('./app/Opened', () => {
  throw new Error('chunk failed to load');
});

describe('boot', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
  });

  it('a failed load of the app chunk is no unhandled rejection, and still rejects for App', async () => {
    process.on('unhandledRejection', onUnhandled);
    const { boot } = await import('./boot');
    // Long enough for the import to settle and Node to report what nothing has handled,
    // with nothing awaiting boot.app yet (App has not rendered).
    await new Promise((r) => setTimeout(r, 50));
    expect(unhandled).toEqual([]);
    await expect(boot.app).rejects.toThrow();
  });
});
