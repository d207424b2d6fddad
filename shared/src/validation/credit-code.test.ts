import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { t } from '../i18n/messages';
import { creditCodeSchema } from '../schemas/fields';
import { creditCodeCheckChar, creditCodeError, orgCodeCheckChar } from './credit-code';

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

// An independent GB 11714 check: weights 3 7 9 10 5 8 4 2, letters A = 10 … Z = 35,
// C9 = 11 − Σ mod 11 with 10 → X and 11 → 0.
function orgCheck(body8: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body8[i]!;
    const v = /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 'A'.charCodeAt(0) + 10;
    sum += v * weights[i]!;
  }
  const c9 = 11 - (sum % 11);
  return c9 === 10 ? 'X' : c9 === 11 ? '0' : String(c9);
}

// Positions 1–2: the registration authority and the organisation types it issues.
const PREFIXES = [
  ...['11', '12', '13', '19'], // 机构编制
  ...['21', '29'], // 外交
  ...['31', '32', '33', '34', '35', '39'], // 司法行政
  ...['41', '49'], // 文化
  ...['51', '52', '53', '59'], // 民政
  ...['61', '62', '69'], // 旅游
  ...['71', '72', '79'], // 宗教
  ...['81', '89'], // 工会
  ...['91', '92', '93'], // 工商
  ...['A1', 'A9'], // 中央军委改革和编制办公室
  ...['N1', 'N2', 'N3', 'N9'], // 农业
  'Y1', // 其他
];

const symbolsArb = (n: number) =>
  fc.array(fc.constantFrom(...SYMBOLS), { minLength: n, maxLength: n }).map((a) => a.join(''));
const regionArb = fc
  .array(fc.constantFrom(...'0123456789'), { minLength: 6, maxLength: 6 })
  .map((a) => a.join(''));

/** A code that is valid in every part; `head` forces positions 1–2 when given. */
function codeOf(head: string, region: string, body8: string): string {
  const first17 = `${head}${region}${body8}${orgCheck(body8)}`;
  return first17 + checkChar(first17);
}

const validCodeArb = fc
  .tuple(fc.constantFrom(...PREFIXES), regionArb, symbolsArb(8))
  .filter(([, , body]) => body !== '00000000')
  .map(([head, r, body]) => codeOf(head, r, body));

describe('unified social credit codes (GB 32100)', () => {
  it('accepts published examples, in either case', () => {
    expect(creditCodeError('91350100M000100Y43')).toBeNull();
    expect(creditCodeError('91350100m000100y43')).toBeNull();
    // Organisation code 00000001-9, and one whose check digit is X.
    expect(codeOf('91', '330782', '00000001').slice(8, 17)).toBe('000000019');
    expect(creditCodeError(codeOf('91', '330782', '00000001'))).toBeNull();
    const withX = codeOf('92', '330782', 'MA2E9XN5');
    expect(withX[16]).toBe('X');
    expect(creditCodeError(withX)).toBeNull();
  });

  it('accepts every generated valid code', () => {
    fc.assert(
      fc.property(validCodeArb, (code) => {
        expect(creditCodeError(code)).toBeNull();
        expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17]);
        expect(orgCodeCheckChar(code.slice(8, 16))).toBe(code[16]);
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

  it('takes every registration authority and organisation type of the standard', () => {
    for (const head of PREFIXES) {
      expect(creditCodeError(codeOf(head, '330782', 'MA2E9XNL')), head).toBeNull();
    }
  });

  it('refuses an unknown authority, and a type its authority does not issue', () => {
    const heads = [...'0123456789ABCDEFGHJKLMNPQRTUWXY'].flatMap((a) =>
      [...'0123456789ABCDEFGHJKLMNPQRTUWXY'].map((b) => a + b),
    );
    for (const head of heads) {
      // Both check digits right, so only positions 1–2 can be wrong.
      const error = creditCodeError(codeOf(head, '330782', 'MA2E9XNL'));
      if (PREFIXES.includes(head)) expect(error, head).toBeNull();
      else if ('123456789ANY'.includes(head[0]!)) expect(error, head).toBe('creditCode.type');
      else expect(error, head).toBe('creditCode.department');
    }
    // 工商 issues no 其他 (9), 其他 (Y) issues only 1.
    expect(creditCodeError(codeOf('99', '330782', 'MA2E9XNL'))).toBe('creditCode.type');
    expect(creditCodeError(codeOf('Y2', '330782', 'MA2E9XNL'))).toBe('creditCode.type');
    expect(creditCodeError(codeOf('01', '330782', 'MA2E9XNL'))).toBe('creditCode.department');
  });

  it('checks the organisation code (positions 9–17) on its own', () => {
    const good = codeOf('91', '330782', 'MA2E9XNL');
    // Every other digit at position 17, with position 18 made right again for it: only the
    // organisation code's check digit is then wrong.
    for (const c9 of '0123456789X') {
      if (c9 === good[16]) continue;
      const first17 = good.slice(0, 16) + c9;
      expect(creditCodeError(first17 + checkChar(first17)), c9).toBe('creditCode.orgCode');
    }
    // The published example's organisation code M000100Y-4: Σ = 22·3 + 1·5 + 34·2 = 139.
    expect(orgCodeCheckChar('M000100Y')).toBe('4');
    expect(orgCodeCheckChar('00000003')).toBe('5'); // Σ = 6, 11 − 6
    // Σ ≡ 1 (mod 11) gives 10 → 'X'; Σ ≡ 0 gives 11 → '0'.
    expect(orgCodeCheckChar('00000006')).toBe('X'); // Σ = 12
    expect(orgCodeCheckChar('0000000B')).toBe('0'); // Σ = 11·2 = 22
    expect(orgCodeCheckChar('MA2E9XNL')).toBe('0');
  });

  it('refuses the all-zero placeholder, saying why', () => {
    // Every sum over zeros is 0, so both check digits of 000000000000000000 are "right".
    expect(creditCodeCheckChar('00000000000000000')).toBe('0');
    expect(orgCodeCheckChar('00000000')).toBe('0');
    expect(creditCodeError('000000000000000000')).toBe('creditCode.orgCodeZero');
    // The same organisation code behind a real authority, type and region is no better.
    expect(creditCodeError(codeOf('91', '330782', '00000000'))).toBe('creditCode.orgCodeZero');
    expect(t('creditCode.orgCodeZero')).toMatch(/全为 0/);
  });

  it('names what is wrong', () => {
    expect(creditCodeError('91350100M000100Y4')).toBe('creditCode.length');
    expect(creditCodeError('91350100M000100O43')).toBe('creditCode.charset');
    expect(creditCodeError('9135A100M000100Y43')).toBe('creditCode.region');
    expect(creditCodeError('91350100M000100Y44')).toBe('creditCode.checkDigit');
    expect(creditCodeError('B1350100M000100Y43')).toBe('creditCode.department');
    expect(creditCodeError('94350100M000100Y43')).toBe('creditCode.type');
    expect(creditCodeError('91350100M000100Y53')).toBe('creditCode.orgCode');
  });

  it('explains every problem in Chinese and English', () => {
    for (const key of [
      'creditCode.department',
      'creditCode.type',
      'creditCode.orgCode',
      'creditCode.orgCodeZero',
    ] as const) {
      expect(t(key, 'zh')).toMatch(/^统一社会信用代码/);
      expect(t(key, 'en')).toMatch(/^Unified social credit code/);
    }
  });

  it('normalises through the schema', () => {
    expect(creditCodeSchema.parse(' 91350100m000100y43 ')).toBe('91350100M000100Y43');
    expect(creditCodeSchema.safeParse('91350100M000100Y44').success).toBe(false);
    expect(creditCodeSchema.safeParse('000000000000000000').success).toBe(false);
  });
});
