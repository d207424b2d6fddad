import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { residentIdSchema } from '../schemas/fields';
import { maskResidentId, residentIdCheckChar, residentIdError } from './resident-id';

const TODAY = '2026-11-23';

// An independent GB 11643 check: weight of position i is 2^(17−i) mod 11, and the check
// value is (12 − Σ mod 11) mod 11, written X for 10.
function checkChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const v = (12 - (sum % 11)) % 11;
  return v === 10 ? 'X' : String(v);
}

const provinceArb = fc.constantFrom('11', '31', '33', '44', '51', '65', '81', '83');
const birthArb = fc
  .integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2026, 10, 23) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10).replaceAll('-', ''));
const digitsArb = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

const validIdArb = fc
  .tuple(provinceArb, digitsArb(4), birthArb, digitsArb(3))
  .map(([p, area, birth, seq]) => {
    const first17 = `${p}${area}${birth}${seq}`;
    return first17 + checkChar(first17);
  });

describe('resident ID numbers (GB 11643)', () => {
  it('accepts the published examples', () => {
    expect(residentIdError('11010519491231002X', TODAY)).toBeNull();
    expect(residentIdError('11010519491231002x', TODAY)).toBeNull();
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
  });

  it('accepts every generated valid number', () => {
    fc.assert(
      fc.property(validIdArb, (id) => {
        expect(residentIdError(id, TODAY)).toBeNull();
        expect(residentIdCheckChar(id.slice(0, 17))).toBe(id[17]);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects a valid number with any one character changed', () => {
    // A substitution among the first 17 digits changes the weighted sum by w·δ with w ≢ 0 and
    // 0 < |δ| ≤ 9 < 11; as 11 is prime, w·δ ≢ 0 (mod 11), so the check character changes.
    const alphabet = '0123456789X-a ';
    fc.assert(
      fc.property(
        validIdArb,
        fc.integer({ min: 0, max: 17 }),
        fc.constantFrom(...alphabet),
        (id, pos, ch) => {
          fc.pre(id[pos] !== ch);
          const changed = id.slice(0, pos) + ch + id.slice(pos + 1);
          expect(residentIdError(changed, TODAY)).not.toBeNull();
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('names what is wrong', () => {
    expect(residentIdError('11010519491231002', TODAY)).toBe('residentId.length');
    expect(residentIdError('1101051949123100XX', TODAY)).toBe('residentId.charset');
    expect(residentIdError('99010519491231002X', TODAY)).toBe('residentId.region');
    const withBirth = (birth: string) => {
      const first17 = `110105${birth}002`;
      return first17 + checkChar(first17);
    };
    expect(residentIdError(withBirth('19490231'), TODAY)).toBe('residentId.birthDate');
    expect(residentIdError(withBirth('18991231'), TODAY)).toBe('residentId.birthDate');
    expect(residentIdError(withBirth('20261123'), TODAY)).toBeNull();
    expect(residentIdError(withBirth('20261124'), TODAY)).toBe('residentId.future');
    expect(residentIdError('110105194912310021', TODAY)).toBe('residentId.checkDigit');
  });

  it('normalises through the schema and masks the birth date', () => {
    expect(residentIdSchema.parse(' 11010519491231002x ')).toBe('11010519491231002X');
    expect(residentIdSchema.safeParse('110105194912310021').success).toBe(false);
    expect(maskResidentId('11010519491231002X')).toBe('110105********002X');
  });
});
