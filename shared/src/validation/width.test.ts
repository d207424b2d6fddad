import { describe, expect, it } from 'vitest';
import { fieldErrorKeys } from '../protocol/errors';
import { claimantSchema } from '../schemas/case';
import { creditCodeSchema, dateSchema, mobileSchema, residentIdSchema } from '../schemas/fields';
import { yuanTextError, yuanTextToFen } from './money';
import { toHalfWidth } from './width';

describe('full-width input is folded, not refused', () => {
  it('folds full-width digits and punctuation and leaves Chinese text alone', () => {
    expect(toHalfWidth('１３８－１２３４　５６７８')).toBe('138-1234 5678');
    expect(toHalfWidth('张三，欠薪１０００元')).toBe('张三,欠薪1000元');
  });

  it('accepts a mobile, an ID number and a credit code typed full-width, stored half-width', () => {
    expect(mobileSchema.parse('＋８６ １３８１２３４５６７８')).toBe('13812345678');
    expect(residentIdSchema.parse('１１０１０５１９４９１２３１００２ｘ')).toBe(
      '11010519491231002X',
    );
    expect(creditCodeSchema.parse('９１３５０１００Ｍ０００１００Ｙ４３')).toBe(
      '91350100M000100Y43',
    );
  });

  it('reads full-width amounts, with a Chinese full stop as the decimal point', () => {
    expect(yuanTextToFen('１０００')).toBe(100_000);
    expect(yuanTextToFen('１，０００．５')).toBe(100_050);
    expect(yuanTextToFen('￥５０００。５０元')).toBe(500_050);
  });
});

describe('what is wrong with a typed amount', () => {
  it('says which rule the text breaks', () => {
    expect(yuanTextError('5000.50')).toBeNull();
    expect(yuanTextError('')).toBe('required');
    expect(yuanTextError('1.005')).toBe('money.decimals');
    expect(yuanTextError('-5')).toBe('money.negative');
    expect(yuanTextError('－５')).toBe('money.negative');
    expect(yuanTextError('五千')).toBe('money.notNumber');
    expect(yuanTextError('5,000.5x')).toBe('money.notNumber');
    expect(yuanTextError('200000000')).toBe('money.tooLarge');
  });
});

describe('claimant rows', () => {
  const row = {
    name: '张三',
    mobile: '13812345678',
    owedFen: 500_000,
    periodFrom: '2026-03-01',
    periodTo: '2026-05-31',
  };

  it('refuses a claim of ¥0', () => {
    const r = claimantSchema.safeParse({ ...row, owedFen: 0 });
    expect(r.success).toBe(false);
    expect(fieldErrorKeys(r.error!).owedFen).toBe('money.notPositive');
  });

  it('says a period ending before it starts is wrong even while the amount is not filled in', () => {
    const r = claimantSchema.safeParse({ ...row, owedFen: Number.NaN, periodTo: '2026-02-01' });
    expect(r.success).toBe(false);
    const keys = fieldErrorKeys(r.error!);
    expect(keys.periodTo).toBe('period.order');
    expect(keys.owedFen).toBeDefined();
  });

  it('calls an emptied required date required, not malformed', () => {
    const r = dateSchema.safeParse('');
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message)).toEqual(['required']);
  });
});
