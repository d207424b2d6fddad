import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditCodeSchema } from '../schemas/fields';
import { creditCodeCheckChar, creditCodeError } from './credit-code';

// An independent GB 32100 check: 31 symbols (no I, O, S, V, Z), weight of position i is
// 3^i mod 31, check value (31 − Σ mod 31) mod 31.
const SYMBOLS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function checkChar(first17: string): string {
  let sum = 0;
  let w = 1;
  for (let i = 0; i < 17; i++) {
    sum += SYMBOLS.indexOf(first17[i]!) * w;
    w = (w * 3) % 31;
  }
  return SYMBOLS[(31 - (sum % 31)) % 31]!;
}

const symbolsArb = (n: number) =>
  fc.array(fc.constantFrom(...SYMBOLS), { minLength: n, maxLength: n }).map((a) => a.join(''));
const regionArb = fc
  .array(fc.constantFrom(...'0123456789'), { minLength: 6, maxLength: 6 })
  .map((a) => a.join(''));

const validCodeArb = fc.tuple(symbolsArb(2), regionArb, symbolsArb(9)).map(([head, r, body]) => {
  const first17 = `${head}${r}${body}`;
  return first17 + checkChar(first17);
});

describe('unified social credit codes (GB 32100)', () => {
  it('accepts a published example, in either case', () => {
    expect(creditCodeError('91350100M000100Y43')).toBeNull();
    expect(creditCodeError('91350100m000100y43')).toBeNull();
  });

  it('accepts every generated valid code', () => {
    fc.assert(
      fc.property(validCodeArb, (code) => {
        expect(creditCodeError(code)).toBeNull();
        expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17]);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects a valid code with any one character changed', () => {
    // Among the first 17, a substitution changes Σ by 3^i·δ with 0 < |δ| ≤ 30 < 31; 31 is
    // prime and 3^i ≢ 0, so the check character changes. Lower case is the same symbol, so
    // only substitutions that differ after upper-casing count as changes.
    const alphabet = `${SYMBOLS}IOSVZ-* `;
    fc.assert(
      fc.property(
        validCodeArb,
        fc.integer({ min: 0, max: 17 }),
        fc.constantFrom(...alphabet),
        (code, pos, ch) => {
          fc.pre(code[pos] !== ch);
          const changed = code.slice(0, pos) + ch + code.slice(pos + 1);
          expect(creditCodeError(changed)).not.toBeNull();
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('names what is wrong', () => {
    expect(creditCodeError('91350100M000100Y4')).toBe('creditCode.length');
    expect(creditCodeError('91350100M000100O43')).toBe('creditCode.charset');
    expect(creditCodeError('9135A100M000100Y43')).toBe('creditCode.region');
    expect(creditCodeError('91350100M000100Y44')).toBe('creditCode.checkDigit');
  });

  it('normalises through the schema', () => {
    expect(creditCodeSchema.parse(' 91350100m000100y43 ')).toBe('91350100M000100Y43');
    expect(creditCodeSchema.safeParse('91350100M000100Y44').success).toBe(false);
  });
});
