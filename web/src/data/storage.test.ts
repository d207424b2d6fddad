import { afterEach, describe, expect, it, vi } from 'vitest';
import { requestPersistentStorage } from './storage';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('requestPersistentStorage', () => {
  it('asks for persistence when not yet granted and reports usage and quota', async () => {
    const persist = vi.fn(async () => true);
    vi.stubGlobal('navigator', {
      storage: {
        persisted: async () => false,
        persist,
        estimate: async () => ({ usage: 12_345, quota: 1_000_000 }),
      },
    });
    expect(await requestPersistentStorage()).toEqual({
      persisted: true,
      usage: 12_345,
      quota: 1_000_000,
    });
    expect(persist).toHaveBeenCalledTimes(1);
  });

  it('reports a refusal honestly, and does not ask again when already granted', async () => {
    vi.stubGlobal('navigator', {
      storage: {
        persisted: async () => false,
        persist: async () => false,
        estimate: async () => ({}),
      },
    });
    expect(await requestPersistentStorage()).toEqual({
      persisted: false,
      usage: null,
      quota: null,
    });
    const persist = vi.fn(async () => true);
    vi.stubGlobal('navigator', {
      storage: {
        persisted: async () => true,
        persist,
        estimate: async () => ({ usage: 1, quota: 2 }),
      },
    });
    expect((await requestPersistentStorage()).persisted).toBe(true);
    expect(persist).not.toHaveBeenCalled();
  });

  it('without the Storage API it answers "not persisted", figures unknown', async () => {
    vi.stubGlobal('navigator', {});
    expect(await requestPersistentStorage()).toEqual({
      persisted: false,
      usage: null,
      quota: null,
    });
  });
});
