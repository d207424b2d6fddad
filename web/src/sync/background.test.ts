import { describe, expect, it, vi } from 'vitest';
import { SYNC_REQUEST_MESSAGE } from '../pwa/constants';
import { askPagesToSync, listenForSyncRequests, type WindowClients } from './background';

function windows(n: number) {
  const posted: unknown[][] = Array.from({ length: n }, () => []);
  const asked: Array<{ type: string; includeUncontrolled: boolean }> = [];
  const clients: WindowClients = {
    matchAll: async (options) => {
      asked.push(options);
      return posted.map((box) => ({ postMessage: (m: unknown) => box.push(m) }));
    },
  };
  return { clients, posted, asked };
}

describe('Background Sync through the open pages', () => {
  it('the worker asks every open window to sync, and opens no database itself', async () => {
    const w = windows(2);
    const opened = vi.spyOn(indexedDB, 'open');
    expect(await askPagesToSync(w.clients)).toBe(2);
    expect(w.posted).toEqual([[{ type: SYNC_REQUEST_MESSAGE }], [{ type: SYNC_REQUEST_MESSAGE }]]);
    // A page not yet controlled by this worker (the first install) is asked too.
    expect(w.asked).toEqual([{ type: 'window', includeUncontrolled: true }]);
    expect(opened).not.toHaveBeenCalled();
    opened.mockRestore();
  });

  it('with no window open it does nothing and resolves (the next unlocked start syncs)', async () => {
    await expect(askPagesToSync(windows(0).clients)).resolves.toBe(0);
  });

  it('the page syncs on the worker’s request only, and stops listening when asked', () => {
    const container = new EventTarget();
    const onRequest = vi.fn();
    const stop = listenForSyncRequests(onRequest, container);
    const message = (data: unknown) =>
      container.dispatchEvent(new MessageEvent('message', { data }));
    message({ type: 'SKIP_WAITING' });
    message('sync');
    message(null);
    expect(onRequest).not.toHaveBeenCalled();
    message({ type: SYNC_REQUEST_MESSAGE });
    expect(onRequest).toHaveBeenCalledTimes(1);
    stop();
    message({ type: SYNC_REQUEST_MESSAGE });
    expect(onRequest).toHaveBeenCalledTimes(1);
  });

  it('a browser without service workers gives a listener that does nothing', () => {
    const stop = listenForSyncRequests(() => {}, null);
    expect(stop).toBeTypeOf('function');
    stop();
  });
});
