import { describe, expect, it } from 'vitest';
import type { Case } from '../schemas/case';
import { duplicateReasons, probeOf } from './duplicates';

type Candidate = Pick<Case, 'status' | 'employer' | 'claimants'>;

const base: Candidate = {
  status: 'in_progress',
  employer: { name: '义乌市甲公司', creditCode: '91330782MA2E9XNL0D' },
  claimants: [
    { name: '张三', mobile: '13800138000', idNumber: '110101199003070011', owedFen: 100 },
  ],
};

describe('duplicateReasons', () => {
  it('matches the same employer credit code', () => {
    expect(duplicateReasons({ creditCode: '91330782MA2E9XNL0D' }, base)).toEqual(['creditCode']);
  });
  it('matches a claimant by mobile or by ID number, and names every reason', () => {
    expect(
      duplicateReasons(
        {
          creditCode: '91330782MA2E9XNL0D',
          mobiles: ['13800138000'],
          idNumbers: ['110101199003070011'],
        },
        base,
      ),
    ).toEqual(['creditCode', 'mobile', 'idNumber']);
    expect(duplicateReasons({ mobiles: ['13900000000', '13800138000'] }, base)).toEqual(['mobile']);
  });
  it('ignores closed cases: only open cases can be duplicated', () => {
    expect(
      duplicateReasons({ creditCode: '91330782MA2E9XNL0D' }, { ...base, status: 'closed' }),
    ).toEqual([]);
  });
  it('never matches on a masked or empty value', () => {
    const masked: Candidate = {
      ...base,
      claimants: [{ ...base.claimants[0]!, idNumber: '110101********0011' }],
    };
    expect(duplicateReasons({ idNumbers: ['110101********0011'], creditCode: '' }, masked)).toEqual(
      [],
    );
  });
  it('probeOf takes the employer code and every claimant number', () => {
    expect(probeOf(base)).toEqual({
      creditCode: '91330782MA2E9XNL0D',
      mobiles: ['13800138000'],
      idNumbers: ['110101199003070011'],
    });
  });
});
