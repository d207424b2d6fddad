import { describe, expect, it } from 'vitest';
import { dateSchema, instantSchema } from '../schemas/fields';
import { chinaDate, chinaDateTime, chinaDayStartMs, isIsoInstant, isRealDate } from './dates';

describe('dates', () => {
  it('accepts only real YYYY-MM-DD days', () => {
    for (const d of ['2026-11-23', '2024-02-29', '2000-02-29', '1900-01-01']) {
      expect(isRealDate(d), d).toBe(true);
    }
    for (const d of [
      '2026-02-29',
      '1900-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-04-31',
      '2026-4-1',
      '20261123',
      '',
    ]) {
      expect(isRealDate(d), d).toBe(false);
    }
    expect(dateSchema.safeParse('2026-02-30').success).toBe(false);
  });

  it('accepts ISO instants only with an explicit offset', () => {
    for (const v of [
      '2026-11-23T08:00:00Z',
      '2026-11-23T08:00:00.123Z',
      '2026-11-23T16:00+08:00',
      '2026-11-23T16:00:00.123456-05:00',
    ]) {
      expect(isIsoInstant(v), v).toBe(true);
    }
    for (const v of ['2026-11-23T08:00:00', '2026-11-23', '2026-02-30T00:00:00Z', 'yesterday']) {
      expect(isIsoInstant(v), v).toBe(false);
    }
    expect(instantSchema.safeParse('2026-11-23 08:00:00').success).toBe(false);
  });

  it('tells the calendar day in China, which turns at 16:00 UTC', () => {
    expect(chinaDate(Date.parse('2026-11-23T15:59:59.999Z'))).toBe('2026-11-23');
    expect(chinaDate(Date.parse('2026-11-23T16:00:00.000Z'))).toBe('2026-11-24');
  });

  it('writes a China wall-clock time to the minute, on the China calendar day', () => {
    expect(chinaDateTime(Date.parse('2026-11-23T01:30:59.000Z'))).toBe('2026-11-23 09:30');
    expect(chinaDateTime(Date.parse('2026-11-23T16:05:00.000Z'))).toBe('2026-11-24 00:05');
  });

  it('starts a China calendar day at 16:00 UTC the day before', () => {
    expect(new Date(chinaDayStartMs('2026-11-24')).toISOString()).toBe('2026-11-23T16:00:00.000Z');
    expect(chinaDate(chinaDayStartMs('2026-11-24'))).toBe('2026-11-24');
    expect(chinaDate(chinaDayStartMs('2026-11-24') - 1)).toBe('2026-11-23');
  });
});
