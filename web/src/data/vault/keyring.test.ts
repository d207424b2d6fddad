import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fromBase64Url,
  isServerKey,
  isValidPin,
  PIN_FORGET_AT,
  PIN_KDF_ITERATIONS,
  parseKeyring,
  pinWaitMs,
  toBase64Url,
  unwrapWithPin,
  unwrapWithServerKey,
  wrapWithPin,
  wrapWithServerKey,
} from './keyring';

const MIN = 60_000;

describe('keyring: the PIN wait schedule', () => {
  it('waits nothing for four wrong PINs, then 1, 5, 15, 30, 60 minutes; ten forget the PIN', () => {
    expect([0, 1, 2, 3, 4].map(pinWaitMs)).toEqual([0, 0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9].map(pinWaitMs)).toEqual([
      1 * MIN,
      5 * MIN,
      15 * MIN,
      30 * MIN,
      60 * MIN,
    ]);
    expect(pinWaitMs(PIN_FORGET_AT)).toBe('forgotten');
    expect(pinWaitMs(11)).toBe('forgotten');
  });

  it('derives the PIN key with at least 600,000 PBKDF2 rounds by default', () => {
    expect(PIN_KDF_ITERATIONS).toBeGreaterThanOrEqual(600_000);
  });
});

describe('keyring: PIN format', () => {
  it('takes exactly six ASCII digits', () => {
    expect(isValidPin('012345')).toBe(true);
    for (const bad of ['12345', '1234567', '12a456', '１２３４５６', ' 123456', '']) {
      expect(isValidPin(bad)).toBe(false);
    }
  });
});

describe('keyring: base64url', () => {
  it('round-trips any bytes, unpadded and URL-safe', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const text = toBase64Url(bytes);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(Array.from(fromBase64Url(text))).toEqual(Array.from(bytes));
      }),
    );
  });

  it('refuses what is not base64url rather than decoding it loosely', () => {
    for (const bad of ['ab+c', 'ab/c', 'abc=', 'a', 'ab c']) {
      expect(() => fromBase64Url(bad)).toThrow(TypeError);
    }
  });

  it('a server key is exactly 32 bytes', () => {
    expect(isServerKey(toBase64Url(new Uint8Array(32).fill(7)))).toBe(true);
    expect(isServerKey(toBase64Url(new Uint8Array(31)))).toBe(false);
    expect(isServerKey('not a key')).toBe(false);
  });
});

describe('keyring: wrapping', () => {
  const raw = crypto.getRandomValues(new Uint8Array(32));
  const serverKey = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));

  it('a PIN wrap opens with its PIN for its user only', async () => {
    const wrap = await wrapWithPin(raw, '246810', 'user-a', 1000);
    expect(wrap.iterations).toBe(1000);
    expect(fromBase64Url(wrap.salt).byteLength).toBe(16);
    expect(Array.from((await unwrapWithPin(wrap, '246810', 'user-a')) ?? [])).toEqual(
      Array.from(raw),
    );
    expect(await unwrapWithPin(wrap, '246811', 'user-a')).toBeNull();
    expect(await unwrapWithPin(wrap, '246810', 'user-b')).toBeNull();
  });

  it('two wraps of the same key under the same PIN share neither salt nor IV', async () => {
    const a = await wrapWithPin(raw, '246810', 'user-a', 1000);
    const b = await wrapWithPin(raw, '246810', 'user-a', 1000);
    expect(a.salt).not.toBe(b.salt);
    expect(a.iv).not.toBe(b.iv);
    expect(a.wrapped).not.toBe(b.wrapped);
  });

  it('a server wrap opens with its key only, and a tampered wrap does not open', async () => {
    const wrap = await wrapWithServerKey(raw, serverKey, 'user-a');
    expect(Array.from((await unwrapWithServerKey(wrap, serverKey, 'user-a')) ?? [])).toEqual(
      Array.from(raw),
    );
    const other = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
    expect(await unwrapWithServerKey(wrap, other, 'user-a')).toBeNull();
    const bytes = fromBase64Url(wrap.wrapped);
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    expect(
      await unwrapWithServerKey({ ...wrap, wrapped: toBase64Url(bytes) }, serverKey, 'user-a'),
    ).toBeNull();
  });
});

describe('keyring: reading the stored row', () => {
  const user = { id: 'u1', username: 'officer.a', displayName: '甲', role: 'officer' };

  it('keeps the known fields and drops anything else', () => {
    const k = parseKeyring({
      version: 1,
      user: { ...user, extra: 1 },
      server: { iv: 'aa', wrapped: 'bb', junk: true },
      failedPins: 3,
      waitUntil: null,
      other: 'x',
    });
    expect(k).toEqual({
      version: 1,
      user,
      server: { iv: 'aa', wrapped: 'bb' },
      failedPins: 3,
      waitUntil: null,
    });
  });

  it('is undefined for a missing row, another version, or a broken wrap', () => {
    expect(parseKeyring(undefined)).toBeUndefined();
    expect(parseKeyring({ version: 2, user, failedPins: 0, waitUntil: null })).toBeUndefined();
    expect(
      parseKeyring({
        version: 1,
        user,
        pin: { iv: 'a', wrapped: 'b', salt: 'c', iterations: 0 },
        failedPins: 0,
        waitUntil: null,
      }),
    ).toBeUndefined();
  });
});
