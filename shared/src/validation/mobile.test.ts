import { describe, expect, it } from 'vitest';
import { mobileSchema, phoneSchema } from '../schemas/fields';
import { maskMobile, mobileError, normalizeMobile, phoneError } from './mobile';

describe('mobile numbers', () => {
  it('accepts mainland mobiles written the ways people write them', () => {
    for (const raw of [
      '13812345678',
      '138 1234 5678',
      '138-1234-5678',
      '+8613812345678',
      '008619912345678',
    ]) {
      expect(mobileError(raw)).toBeNull();
    }
    expect(normalizeMobile('+86 138-1234-5678')).toBe('13812345678');
    expect(mobileSchema.parse('+86 138 1234 5678')).toBe('13812345678');
  });

  it('rejects numbers that are not 11-digit mainland mobiles', () => {
    for (const raw of [
      '1381234567',
      '138123456789',
      '12812345678',
      '23812345678',
      '1381234567a',
      '',
      '057985212345',
    ]) {
      expect(mobileError(raw)).toBe('mobile.invalid');
    }
    expect(mobileSchema.safeParse('12812345678').success).toBe(false);
  });

  it('accepts landlines with area codes for employer contacts, not for workers', () => {
    expect(phoneError('0579-85212345')).toBeNull();
    expect(phoneError('010-12345678#123')).toBeNull();
    expect(phoneError('13812345678')).toBeNull();
    expect(phoneError('85212345')).toBe('phone.invalid');
    expect(mobileError('0579-85212345')).toBe('mobile.invalid');
    expect(phoneSchema.parse('0579 8521 2345')).toBe('057985212345');
  });

  it('masks the middle of a number', () => {
    expect(maskMobile('+86 138 1234 5678')).toBe('138****5678');
    expect(maskMobile('12345')).toBe('*****');
  });
});
