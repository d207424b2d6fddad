import { creditCodeError, mobileError, residentIdError } from '@anxin/shared';
import { describe, expect, it } from 'vitest';
import { claimant, creditCode, employer, mobile, prng, residentId } from './generators';

describe('demo data generators', () => {
  it('are deterministic for a seed', () => {
    const a = prng(7);
    const b = prng(7);
    expect(Array.from({ length: 5 }, a)).toEqual(Array.from({ length: 5 }, b));
  });

  it('make valid credit codes, resident IDs and mobiles', () => {
    const rand = prng(42);
    for (let i = 0; i < 500; i++) {
      expect(creditCodeError(creditCode(rand))).toBeNull();
      expect(residentIdError(residentId(rand, '522101'), '2026-11-23')).toBeNull();
      expect(mobileError(mobile(rand))).toBeNull();
      const c = claimant(rand, true);
      expect(Number.isInteger(c.owedFen)).toBe(true);
      expect(c.periodFrom! <= c.periodTo!).toBe(true);
      expect(employer(rand).name).toMatch(/^义乌市.+有限公司$/);
    }
  });
});
