import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MESSAGES } from '../i18n/messages';
import { claimantSchema } from '../schemas/case';
import { apiErrorSchema, fieldErrors, issuePath } from './errors';
import { caseReviewArgsSchema, caseTransitionArgsSchema } from './mutations';

function errorsOf(schema: z.ZodType, value: unknown, lang: 'zh' | 'en' = 'zh') {
  const r = schema.safeParse(value);
  if (r.success) throw new Error('expected a validation error');
  return fieldErrors(r.error, lang);
}

const claimant = { name: '张三', mobile: '13812345678', owedFen: 500_000 };

describe('fieldErrors', () => {
  it('translates the shared message keys, Chinese by default and English on request', () => {
    expect(errorsOf(claimantSchema, { ...claimant, mobile: '12345' })).toEqual({
      mobile: MESSAGES['mobile.invalid'].zh,
    });
    expect(errorsOf(claimantSchema, { ...claimant, mobile: '12345' }, 'en')).toEqual({
      mobile: MESSAGES['mobile.invalid'].en,
    });
  });

  it('tells a field of the wrong type apart from a missing one', () => {
    expect(errorsOf(claimantSchema, { ...claimant, name: 42 })).toEqual({
      name: MESSAGES.invalidType.zh,
    });
    expect(errorsOf(claimantSchema, { ...claimant, owedFen: '5000' }, 'en')).toEqual({
      owedFen: MESSAGES.invalidType.en,
    });
  });

  it('says required for a missing field and names unknown fields by their path', () => {
    const { mobile: _omit, ...noMobile } = claimant;
    expect(errorsOf(claimantSchema, { ...noMobile, nickname: 'x' })).toEqual({
      mobile: MESSAGES.required.zh,
      nickname: MESSAGES.unknownField.zh,
    });
  });

  it('joins nested paths with dots and keeps the first message per path', () => {
    const schema = z.object({ claimants: z.array(claimantSchema) });
    const errors = errorsOf(schema, {
      claimants: [
        claimant,
        { ...claimant, owedFen: -5, periodFrom: '2026-05-01', periodTo: '2026-04-01' },
      ],
    });
    expect(errors).toEqual({
      'claimants.1.owedFen': MESSAGES['money.negative'].zh,
      'claimants.1.periodTo': MESSAGES['period.order'].zh,
    });
    expect(issuePath([])).toBe('_');
  });

  it('maps zod codes without a message key onto the catalogue', () => {
    expect(errorsOf(caseTransitionArgsSchema, { id: 'case-0001', to: 'nowhere' })).toEqual({
      to: MESSAGES.notInList.zh,
    });
    expect(errorsOf(caseReviewArgsSchema, { id: 'case-0001', decision: 'return' }, 'en')).toEqual({
      comment: MESSAGES.required.en,
    });
    expect(errorsOf(z.object({ n: z.number().max(3) }), { n: 4 }, 'en')).toEqual({
      n: MESSAGES.tooLarge.en,
    });
  });

  it('produces a body that fits the API error shape', () => {
    const body = {
      error: { code: 'invalid', message: '提交的内容有误', fields: errorsOf(claimantSchema, {}) },
    };
    expect(apiErrorSchema.safeParse(body).success).toBe(true);
  });
});
