import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './pull';

describe('pull cursor', () => {
  it('round-trips with its feed epoch and refuses anything else', () => {
    expect(decodeCursor(encodeCursor({ xid: 812, seq: 40 }, 'a1b2c3d4e5f6'))).toEqual({
      epoch: 'a1b2c3d4e5f6',
      xid: 812,
      seq: 40,
      tag: null,
    });
    expect(decodeCursor(encodeCursor({ xid: 0, seq: 7 }, 'a1b2c3d4e5f6', '0123456789ab'))).toEqual({
      epoch: 'a1b2c3d4e5f6',
      xid: 0,
      seq: 7,
      tag: '0123456789ab',
    });
    expect(decodeCursor(undefined)).toBeNull();
    expect(decodeCursor('')).toBeNull();
    for (const bad of [
      'v1.1.2.XYZ',
      'v1.1.2.0123456789abc',
      'v1.1',
      'v2.1.2',
      'v2.a1b2c3d4e5f6.1',
      'v2.A1B2C3D4E5F6.1.2',
      'v2.a1b2c3d4e5f.1.2',
      'v1.-1.2',
      'v1.1.2.3',
      'v1.99999999999999999999.1',
      "v1.1.1'; drop table",
    ]) {
      expect(decodeCursor(bad)).toBe('invalid');
    }
  });

  it('still reads a cursor from before the feed had an epoch', () => {
    expect(decodeCursor('v1.812.40')).toEqual({ epoch: null, xid: 812, seq: 40, tag: null });
    expect(decodeCursor('v1.0.7.0123456789ab')).toEqual({
      epoch: null,
      xid: 0,
      seq: 7,
      tag: '0123456789ab',
    });
  });
});
