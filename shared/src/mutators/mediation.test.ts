import { describe, expect, it } from 'vitest';
import type { MediationRecordArgs } from '../protocol/mutations';
import type { Case } from '../schemas/case';
import type { Mediation } from '../schemas/mediation';
import { createCase } from './case';
import { agreementTextChanged, recordMediation, sameMediation } from './mediation';
import type { MutatorActor } from './types';

const officer: MutatorActor = { id: 'u-officer', role: 'officer' };
const T0 = '2026-06-01T02:00:00.000Z';
const T1 = '2026-06-01T03:00:00.000Z';
const SIG = (c: string) => c.repeat(64);

const theCase = (() => {
  const r = createCase(
    null,
    {
      id: 'case-1',
      townId: 'choucheng',
      source: 'walk_in',
      employer: { name: '义乌市某电子有限公司' },
      claimants: [{ name: '王五', mobile: '13800138000', owedFen: 500_000 }],
      workersCount: 1,
      description: '离职后工资未结清',
    },
    officer,
    T0,
  );
  if (!r.ok) throw new Error('case');
  return { ...r.row, caseNo: 'YW-2026-000301' } as Case;
})();

const args: MediationRecordArgs = {
  id: 'med-1',
  caseId: 'case-1',
  heldAt: T0,
  place: '企业会议室',
  attendees: [{ name: '王五', role: 'worker' }],
  facts: '',
  terms: '当场付清',
  amountAgreedFen: 500_000,
  amountPaidOnSiteFen: 500_000,
  instalments: [],
  outcome: 'agreed',
  signatures: {},
  photoHashes: [],
};

const stored = (over: Partial<Mediation> = {}): Mediation => ({
  ...args,
  version: 2,
  recordedBy: officer.id,
  recordedAt: T0,
  agreementNo: 'YW-2026-000301-1',
  ...over,
});

describe('recordMediation with the record already stored under its id', () => {
  it('replaces a draft, keeping its number, version and what it supersedes', () => {
    const prior = stored({ supersedesId: 'med-0' });
    const r = recordMediation(
      theCase,
      { ...args, signatures: { worker: SIG('a') } },
      officer,
      T1,
      prior,
    );
    expect(r.ok && r.row).toMatchObject({
      version: 2,
      agreementNo: 'YW-2026-000301-1',
      supersedesId: 'med-0',
      signatures: { worker: SIG('a') },
      recordedAt: T1,
    });
  });

  it('refuses any change once both parties have signed', () => {
    const prior = stored({ signatures: { worker: SIG('a'), employer: SIG('b') } });
    const r = recordMediation(
      theCase,
      { ...prior, signatures: { ...prior.signatures, officer: SIG('c') } },
      officer,
      T1,
      prior,
    );
    expect(r).toEqual({ ok: false, refusal: { code: 'conflict', key: 'reject.agreementFrozen' } });
  });

  it('lets no signature stand for a text it was not given to', () => {
    const prior = stored({ signatures: { worker: SIG('a') } });
    const changed = { ...args, terms: '分两期付清', signatures: { worker: SIG('a') } };
    expect(agreementTextChanged(prior, changed)).toBe(true);
    expect(recordMediation(theCase, changed, officer, T1, prior)).toEqual({
      ok: false,
      refusal: { code: 'invalid', fields: { signatures: 'mediation.signedTextChanged' } },
    });
    // The changed text with the signatures given again is a draft again.
    expect(recordMediation(theCase, { ...changed, signatures: {} }, officer, T1, prior).ok).toBe(
      true,
    );
  });

  it('knows the same record sent again from a changed one', () => {
    expect(sameMediation(stored(), args)).toBe(true);
    expect(sameMediation(stored(), { ...args, signatures: { worker: SIG('a') } })).toBe(false);
  });

  it('refuses a record of another case under the id', () => {
    const prior = stored({ caseId: 'case-2' });
    expect(recordMediation(theCase, args, officer, T1, prior)).toEqual({
      ok: false,
      refusal: { code: 'conflict', key: 'reject.mediationOtherCase' },
    });
  });
});
