import { describe, expect, it } from 'vitest';
import { CASE_STATUSES } from '../constants/case';
import { recordMediation } from '../mutators/mediation';
import { editBlocked, type MediationSummary, mediationBlocked, nextStep } from './next-step';
import { allowedTransitions } from './status-machine';

const SIGNED = 'a'.repeat(64);
const draft = (id: string, signatures: MediationSummary['signatures'] = {}): MediationSummary => ({
  id,
  signatures,
  outcome: 'agreed',
});
const frozen = (id: string, extra: Partial<MediationSummary> = {}): MediationSummary => ({
  ...draft(id, { worker: SIGNED, employer: SIGNED }),
  ...extra,
});

describe('nextStep: the one primary button of the case page', () => {
  it('starts handling a received or assigned case', () => {
    const received = nextStep('officer', 'received');
    const assigned = nextStep('officer', 'assigned');
    expect(received.kind === 'move' && received.rule.label.zh).toBe('直接接手处理');
    expect(assigned.kind === 'move' && assigned.rule.label.zh).toBe('开始处理');
  });

  it('goes from handling to mediation, and records one while mediating', () => {
    const handling = nextStep('inspector', 'in_progress');
    expect(handling.kind === 'move' && handling.rule.to).toBe('mediating');
    expect(nextStep('officer', 'mediating')).toEqual({ kind: 'mediate' });
  });

  it('asks for the missing signatures before anything else while an agreement is a draft', () => {
    const m = [draft('m1', { worker: SIGNED })];
    expect(nextStep('officer', 'mediating', m)).toEqual({ kind: 'sign', mediationId: 'm1' });
    expect(nextStep('officer', 'in_progress', m)).toEqual({ kind: 'sign', mediationId: 'm1' });
  });

  it('resolves a case whose current agreement both parties signed', () => {
    const step = nextStep('officer', 'mediating', [frozen('m1')]);
    expect(step.kind === 'move' && step.rule.to).toBe('resolved');
    // A failed mediation settles nothing: record another one.
    expect(nextStep('officer', 'mediating', [frozen('m1', { outcome: 'failed' })])).toEqual({
      kind: 'mediate',
    });
  });

  it('ignores a superseded draft: only the newest version counts', () => {
    const m = [draft('old'), { ...frozen('new'), supersedesId: 'old' }];
    const step = nextStep('officer', 'mediating', m);
    expect(step.kind === 'move' && step.rule.to).toBe('resolved');
  });

  it('waits, with the reason, where the office decides or the case is closed', () => {
    expect(nextStep('officer', 'resolved')).toEqual({
      kind: 'wait',
      reason: 'nextStep.awaitingReview',
    });
    expect(nextStep('officer', 'transferred')).toEqual({
      kind: 'wait',
      reason: 'nextStep.awaitingClose',
    });
    expect(nextStep('officer', 'closed', [draft('m1')])).toEqual({
      kind: 'wait',
      reason: 'nextStep.closed',
    });
  });

  it('never offers a move the status machine does not allow the role', () => {
    for (const status of CASE_STATUSES) {
      for (const role of ['officer', 'inspector', 'office', 'admin'] as const) {
        const step = nextStep(role, status);
        if (step.kind !== 'move') continue;
        expect(allowedTransitions(role, status, 'case.transition')).toContainEqual(step.rule);
      }
    }
    expect(nextStep('admin', 'assigned')).toEqual({
      kind: 'wait',
      reason: 'nextStep.nothingForRole',
    });
  });
});

describe('what the case page disables, and the rules that refuse the same', () => {
  it('no mediation and no edit on a closed case, as recordMediation refuses', () => {
    expect(mediationBlocked('closed')).toBe('reject.caseClosed');
    expect(editBlocked('closed')).toBe('reject.caseClosed');
    for (const s of CASE_STATUSES.filter((x) => x !== 'closed')) {
      expect(mediationBlocked(s)).toBeNull();
      expect(editBlocked(s)).toBeNull();
    }
    const refused = recordMediation(
      { status: 'closed' } as Parameters<typeof recordMediation>[0],
      {} as Parameters<typeof recordMediation>[1],
      { id: 'u', role: 'officer' },
      '2026-06-01T00:00:00.000Z',
    );
    expect(refused).toEqual({ ok: false, refusal: { code: 'rejected', key: 'reject.caseClosed' } });
  });
});
