import { describe, expect, it } from 'vitest';
import type { Case } from '../schemas/case';
import type { CaseEvent } from '../schemas/case-event';
import { maskCase, maskEvent, restoreMaskedClaimants } from './masking';

const c: Case = {
  id: 'case-00000001',
  caseNo: 'YW-2026-000001',
  version: 1,
  townId: 'choucheng',
  status: 'in_progress',
  source: 'walk_in',
  employer: { name: '义乌市某某电子有限公司', contactPhone: '13857900000' },
  claimants: [
    { name: '张三', mobile: '13800138000', idNumber: '110101199003070011', owedFen: 100 },
    { name: '李四', mobile: '13900139000', owedFen: 200 },
  ],
  workersCount: 2,
  description: '',
  needsAssistance: false,
  assignedOfficerId: null,
  receivedAt: '2026-11-20T00:00:00.000Z',
  firstActionAt: null,
  resolvedAt: null,
  closedAt: null,
  outcome: null,
  recoveredFen: 0,
  reviewComment: null,
  createdBy: 'usr_office_1',
  createdAt: '2026-11-20T00:00:00.000Z',
  updatedAt: '2026-11-20T00:00:00.000Z',
};

describe('masking personal data', () => {
  // role × view → [mobile shown, idNumber shown]
  const table: Array<
    [Parameters<typeof maskCase>[1], Parameters<typeof maskCase>[2], string, string]
  > = [
    ['officer', 'list', '138****8000', '110101********0011'],
    ['office', 'list', '138****8000', '110101********0011'],
    ['admin', 'list', '138****8000', '110101********0011'],
    ['officer', 'detail', '13800138000', '110101********0011'],
    ['inspector', 'pull', '13800138000', '110101********0011'],
    ['office', 'detail', '13800138000', '110101********0011'],
    ['admin', 'detail', '138****8000', '110101********0011'],
    ['admin', 'pull', '138****8000', '110101********0011'],
  ];
  it.each(table)('%s in %s sees mobile %s and ID %s', (role, view, mobile, id) => {
    const m = maskCase(c, role, view);
    expect(m.claimants[0]!.mobile).toBe(mobile);
    expect(m.claimants[0]!.idNumber).toBe(id);
    expect(m.claimants[1]!.idNumber).toBeUndefined();
  });

  it('reveals the ID number only when asked, and never changes the input', () => {
    expect(maskCase(c, 'office', 'detail', { revealIdNumber: true }).claimants[0]!.idNumber).toBe(
      '110101199003070011',
    );
    expect(c.claimants[0]!.idNumber).toBe('110101199003070011');
  });

  it('masks the employer phone in lists only', () => {
    expect(maskCase(c, 'office', 'list').employer.contactPhone).toBe('138****0000');
    expect(maskCase(c, 'office', 'detail').employer.contactPhone).toBe('13857900000');
  });

  it('masks claimant values inside event changes', () => {
    const e: CaseEvent = {
      id: 'e1',
      caseId: c.id,
      at: c.createdAt,
      actorId: 'u',
      actorName: 'u',
      clientId: null,
      mutationId: null,
      name: 'case.update',
      changes: [
        { field: 'claimants', from: null, to: c.claimants },
        { field: 'description', from: 'a', to: 'b' },
      ],
      comment: null,
    };
    const text = JSON.stringify(maskEvent(e, 'officer', 'pull'));
    expect(text).not.toContain('110101199003070011');
    expect(text).toContain('13800138000');
    expect(JSON.stringify(maskEvent(e, 'admin', 'pull'))).not.toContain('13800138000');
  });
});

describe('masked values sent back in an edit', () => {
  it('puts the stored value back behind its mask, by position first', () => {
    const sent = [
      { name: '张三', mobile: '13800138000', idNumber: '110101********0011', owedFen: 500 },
      { name: '李四', mobile: '139****9000', owedFen: 200 },
    ];
    const out = restoreMaskedClaimants(sent, c.claimants) as Array<Record<string, unknown>>;
    expect(out[0]!.idNumber).toBe('110101199003070011');
    expect(out[0]!.owedFen).toBe(500);
    expect(out[1]!.mobile).toBe('13900139000');
  });

  it('finds a moved claimant by its mask and leaves unknown masks to fail validation', () => {
    const sent = [
      { name: '新人', mobile: '13700137000', idNumber: '999999********9999', owedFen: 1 },
      { name: '张三', mobile: '13800138000', idNumber: '110101********0011', owedFen: 100 },
    ];
    const out = restoreMaskedClaimants(sent, c.claimants) as Array<Record<string, unknown>>;
    expect(out[0]!.idNumber).toBe('999999********9999');
    expect(out[1]!.idNumber).toBe('110101199003070011');
  });

  it('passes through anything that is not a list of objects', () => {
    expect(restoreMaskedClaimants('x', c.claimants)).toBe('x');
    expect(restoreMaskedClaimants([1, null], c.claimants)).toEqual([1, null]);
  });
});
