import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fenToChineseCapital } from './capital-numerals';

describe('fenToChineseCapital', () => {
  // [fen, 大写] — amounts as written on bank vouchers and mediation agreements.
  const CASES: Array<[number, string]> = [
    [0, '零元整'],
    [1, '壹分'],
    [9, '玖分'],
    [10, '壹角整'],
    [56, '伍角陆分'],
    [100, '壹元整'],
    [101, '壹元零壹分'],
    [110, '壹元壹角整'],
    [1000, '壹拾元整'],
    [1050, '壹拾元伍角整'],
    [1500, '壹拾伍元整'],
    [10000, '壹佰元整'],
    [10100, '壹佰零壹元整'],
    [11000, '壹佰壹拾元整'],
    [100100, '壹仟零壹元整'],
    [100900, '壹仟零玖元整'],
    [101000, '壹仟零壹拾元整'],
    [168032, '壹仟陆佰捌拾元叁角贰分'],
    [123456, '壹仟贰佰叁拾肆元伍角陆分'],
    [500000, '伍仟元整'],
    [1000000, '壹万元整'],
    [1000001, '壹万元零壹分'],
    [1001000, '壹万零壹拾元整'],
    [1010000, '壹万零壹佰元整'],
    [1100000, '壹万壹仟元整'],
    [1000100, '壹万零壹元整'],
    [10000000, '壹拾万元整'],
    [10500000, '壹拾万伍仟元整'],
    [100000000, '壹佰万元整'],
    [100010000, '壹佰万零壹佰元整'],
    [107000000, '壹佰零柒万元整'],
    [123456789, '壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分'],
    [1000000000, '壹仟万元整'],
    [1000010000, '壹仟万零壹佰元整'],
    [1234567800, '壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元整'],
    [10000000000, '壹亿元整'],
    [10000000100, '壹亿零壹元整'],
    [10001000000, '壹亿零壹万元整'],
    [10010000000, '壹亿零壹拾万元整'],
    [10100000000, '壹亿零壹佰万元整'],
    [11000000000, '壹亿壹仟万元整'],
    [10000100000, '壹亿零壹仟元整'],
    [100000000000, '壹拾亿元整'],
    [100000000001, '壹拾亿元零壹分'],
    [909090909090, '玖拾亿玖仟零玖拾万玖仟零玖拾元玖角整'],
    [900900090090, '玖拾亿零玖佰万零玖佰元玖角整'],
  ];

  it.each(CASES)('%i fen → %s', (fen, text) => {
    expect(fenToChineseCapital(fen)).toBe(text);
  });

  it('refuses amounts that are not whole, non-negative fen', () => {
    expect(() => fenToChineseCapital(-1)).toThrow(RangeError);
    expect(() => fenToChineseCapital(1.5)).toThrow(RangeError);
    expect(() => fenToChineseCapital(Number.NaN)).toThrow(RangeError);
    expect(() => fenToChineseCapital(100_000_000_000_000)).toThrow(RangeError);
  });

  it('never writes two 零 in a row, nor 零 before 元, 万 or 亿, nor at the end', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999_999_999_999 }), (fen) => {
        const s = fenToChineseCapital(fen);
        expect(s).not.toMatch(/零零|零元|零万|零亿|零整|零$/);
        expect(s).toMatch(/(整|分)$/);
        expect(s.endsWith('分')).toBe(fen % 10 !== 0);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads back to the same amount', () => {
    const DIGIT: Record<string, number> = {
      零: 0,
      壹: 1,
      贰: 2,
      叁: 3,
      肆: 4,
      伍: 5,
      陆: 6,
      柒: 7,
      捌: 8,
      玖: 9,
    };
    const PLACE: Record<string, number> = { 拾: 10, 佰: 100, 仟: 1000 };
    const GROUP: Record<string, number> = { 万: 10_000, 亿: 100_000_000, 元: 1 };
    // An independent parser: the text must denote the same number of fen.
    const parse = (s: string): number => {
      let total = 0;
      let group = 0;
      let digit = 0;
      let yuanDone = false;
      for (const ch of s.replace(/整$/, '')) {
        if (ch in DIGIT) digit = DIGIT[ch]!;
        else if (ch in PLACE) {
          group += digit * PLACE[ch]!;
          digit = 0;
        } else if (ch in GROUP) {
          // 亿 after 万-groups multiplies everything gathered so far.
          total =
            ch === '亿'
              ? (total + group + digit) * GROUP[ch]!
              : total + (group + digit) * GROUP[ch]!;
          group = 0;
          digit = 0;
          if (ch === '元') {
            total *= 100;
            yuanDone = true;
          }
        } else if (ch === '角') {
          total += digit * 10;
          digit = 0;
        } else if (ch === '分') {
          total += digit;
          digit = 0;
        } else throw new Error(`unexpected ${ch}`);
      }
      return yuanDone || total > 0 ? total : 0;
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999_999 }), (fen) => {
        expect(parse(fenToChineseCapital(fen))).toBe(fen);
      }),
      { numRuns: 3000 },
    );
  });
});
