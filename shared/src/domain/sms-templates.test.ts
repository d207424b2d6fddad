import { describe, expect, it } from 'vitest';
import { renderSms, SMS_TEMPLATES, smsTemplateById } from './sms-templates';

describe('SMS templates', () => {
  it('each has a unique id, names its parameters exactly as its text uses them, and is signed', () => {
    const ids = Object.values(SMS_TEMPLATES).map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const t of Object.values(SMS_TEMPLATES)) {
      const used = [...t.text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(used, t.id).toEqual([...t.params].sort());
      expect(t.text.startsWith('【义乌安心外勤】'), t.id).toBe(true);
      expect(smsTemplateById(t.id)).toBe(t);
    }
  });

  it('renders the body from the parameters and keeps id and parameters for the gateway', () => {
    const m = renderSms('dispatched', { caseNo: 'YW-2026-000001', unit: '稠城街道' });
    expect(m).toEqual({
      templateId: 'AX_DISPATCHED',
      params: { caseNo: 'YW-2026-000001', unit: '稠城街道' },
      body: '【义乌安心外勤】您的欠薪案件（编号YW-2026-000001）已派发到稠城街道办理，工作人员将尽快与您联系。',
    });
  });

  it('refuses a missing or an unknown parameter', () => {
    expect(() => renderSms('otp', { code: '123456' })).toThrow(/AX_OTP/);
    expect(() => renderSms('arbitration', { caseNo: 'x', extra: 'y' })).toThrow(/AX_ARBITRATION/);
  });
});
