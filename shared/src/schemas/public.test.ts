import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../protocol/errors';
import { publicComplaintSchema, publicLookupSchema, publicOtpRequestSchema } from './public';

const base = {
  name: '李四',
  mobile: '+86 139-1234-5678',
  otp: '012345',
  employer: { name: '某某公司', address: '', creditCode: '' },
  owedFen: 300_000,
  workersCount: 1,
  sector: 'other',
  description: '拖欠两个月工资',
};

describe('the public channel schemas', () => {
  it('reads emptied optional fields as absent and stores the canonical mobile', () => {
    const r = publicComplaintSchema.safeParse({ ...base, unitId: '', periodFrom: '' });
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect(r.data.mobile).toBe('13912345678');
    expect(r.data.unitId).toBeUndefined();
    expect(r.data.employer).toEqual({ name: '某某公司' });
    expect(r.data.periodFrom).toBeUndefined();
  });

  it('drops a project sent with a non-construction complaint, and wants one for construction', () => {
    const other = publicComplaintSchema.safeParse({
      ...base,
      project: { name: '', generalContractor: '' },
    });
    expect(other.success && !('project' in other.data)).toBe(true);
    const construction = publicComplaintSchema.safeParse({
      ...base,
      sector: 'construction',
      owedFen: 0,
    });
    expect(construction.success).toBe(false);
    if (construction.success) return;
    // Every problem at once, so the form shows them together.
    expect(fieldErrors(construction.error)).toEqual({
      owedFen: expect.any(String),
      project: '工程建设领域请填写项目名称和总承包单位',
    });
  });

  it('forgives case-number case and spaces, and names a bad code or purpose', () => {
    const r = publicLookupSchema.safeParse({
      caseNo: ' yw-2026-000123 ',
      mobile: '13912345678',
      otp: '123456',
    });
    expect(r.success && r.data.caseNo).toBe('YW-2026-000123');
    const bad = publicLookupSchema.safeParse({
      caseNo: 'YW-26-1',
      mobile: '13912345678',
      otp: '12a456',
    });
    expect(bad.success).toBe(false);
    if (!bad.success) {
      expect(fieldErrors(bad.error, 'en')).toEqual({
        caseNo: 'A case number reads YW-year-6 digits, e.g. YW-2026-000123',
        otp: 'The code has 6 digits',
      });
    }
    const purpose = publicOtpRequestSchema.safeParse({ mobile: '13912345678', purpose: 'rating' });
    expect(purpose.success).toBe(false);
  });
});
