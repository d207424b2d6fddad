import { describe, expect, it } from 'vitest';
import { amountOverOwedProblem } from './amounts';

describe('amountOverOwedProblem', () => {
  it.each([
    [100, 100, undefined, null],
    [0, 100, undefined, null],
    [101, 100, undefined, 'amount.overOwed'],
    [10_000_000_000, 100, undefined, 'amount.overOwed'],
    [101, 100, '  ', 'amount.overOwed'],
    [101, 100, '利息', 'amount.overOwed'],
    [101, 100, '含逾期利息', null],
    [150_000, 100_000, '经济补偿金五百元', null],
  ] as const)('%d of %d owed, reason %j → %j', (amount, owed, reason, problem) => {
    expect(amountOverOwedProblem(amount, owed, reason)).toBe(problem);
  });
});
