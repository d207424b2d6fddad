import { yuanTextToFen } from '@anxin/shared';
import { describe, expect, it } from 'vitest';
import { fenOrZero, fenToYuanText } from './MoneyField';

describe('money as typed', () => {
  it('starts a form from fen without float rounding, and reads back the same fen', () => {
    for (const fen of [0, 1, 10, 99, 100, 500_000, 123_456_789, 880_000, 1_234_560]) {
      expect(yuanTextToFen(fenToYuanText(fen))).toBe(fen);
    }
    expect(fenToYuanText(500_000)).toBe('5000');
    expect(fenToYuanText(500_050)).toBe('5000.50');
    expect(fenToYuanText(5)).toBe('0.05');
  });

  it('counts an amount still being typed as nothing in a running total', () => {
    expect(fenOrZero('')).toBe(0);
    expect(fenOrZero('12.')).toBe(0);
    expect(fenOrZero('¥5,000.5')).toBe(500_050);
  });
});
