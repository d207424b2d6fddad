import { describe, expect, it } from 'vitest';
import { formatFen } from '../validation/money';
import { resolutionSmsText } from './resolution-sms';

describe('the resolution SMS to a worker', () => {
  it('names the case, the result and the money recovered', () => {
    const text = resolutionSmsText({
      caseNo: 'YW-2026-00042',
      outcome: 'paid_in_full',
      recoveredFen: 1_234_500,
    });
    expect(text).toContain('编号YW-2026-00042');
    expect(text).toContain('欠薪已全额支付');
    expect(text).toContain(`追回金额${formatFen(1_234_500)}`);
    expect(text.startsWith('【义乌安心外勤】')).toBe(true);
  });

  it('leaves the money out when nothing was recovered, and still reads as settled without an outcome', () => {
    const text = resolutionSmsText({ caseNo: 'YW-2026-00043', outcome: null, recoveredFen: 0 });
    expect(text).toContain('已处理完毕');
    expect(text).not.toContain('追回金额');
  });
});
