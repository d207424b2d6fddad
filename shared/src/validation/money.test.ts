import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fenSchema } from '../schemas/fields';
import { fenError, formatFen, MAX_FEN, yuanTextToFen } from './money';

describe('money in fen', () => {
  it('accepts whole, non-negative fen up to 1 亿元', () => {
    expect(fenError(0)).toBeNull();
    expect(fenError(500_000)).toBeNull();
    expect(fenError(MAX_FEN)).toBeNull();
    expect(fenError(MAX_FEN + 1)).toBe('money.tooLarge');
    expect(fenError(-1)).toBe('money.negative');
    expect(fenError(0.5)).toBe('money.notInteger');
    expect(fenError(Number.NaN)).toBe('money.notInteger');
    expect(fenSchema.safeParse(12.5).success).toBe(false);
    expect(fenSchema.safeParse('100').success).toBe(false);
  });

  it('parses what officers type in yuan into fen, without float error', () => {
    const cases: Array<[string, number | null]> = [
      ['5000', 500_000],
      ['5,000.5', 500_050],
      ['¥5000.50', 500_050],
      ['￥5，000', 500_000],
      [' 0.01 ', 1],
      ['0.1', 10],
      ['1.10', 110],
      ['19.99', 1999],
      ['1.005', null],
      ['-5', null],
      ['abc', null],
      ['', null],
      ['.5', null],
      ['5.', null],
    ];
    for (const [text, fen] of cases) expect(yuanTextToFen(text), text).toBe(fen);
  });

  it('formats fen for zh-CN and reads back through yuanTextToFen', () => {
    expect(formatFen(500_000)).toBe('¥5,000.00');
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(1)).toBe('¥0.01');
    expect(formatFen(123_456_789)).toBe('¥1,234,567.89');
    expect(formatFen(-12_345)).toBe('-¥123.45');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_FEN }), (fen) => {
        expect(yuanTextToFen(formatFen(fen))).toBe(fen);
      }),
    );
  });
});
