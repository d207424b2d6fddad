import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './pull';

describe('pull cursor', () => {
  it('round-trips and refuses anything else', () => {
    expect(decodeCursor(encodeCursor({ xid: 812, seq: 40 }))).toEqual({
      xid: 812,
      seq: 40,
      tag: null,
    });
    expect(decodeCursor(encodeCursor({ xid: 0, seq: 7 }, '0123456789ab'))).toEqual({
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
      'v1.-1.2',
      'v1.1.2.3',
      'v1.99999999999999999999.1',
      "v1.1.1'; drop table",
    ]) {
      expect(decodeCursor(bad)).toBe('invalid');
    }
  });
});
