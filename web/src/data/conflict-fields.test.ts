import type { Case } from '@anxin/shared';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { zhScreens } from '../i18n/zh-screens';
import {
  changedPart,
  conflictRows,
  defaultChoice,
  labelKeys,
  labelOfPath,
  mergeStart,
  resolvedPatch,
  serverChangeOf,
} from './conflict-fields';
import type { ConflictItem } from './types';

const server = {
  id: 'c1',
  caseNo: 'YW-2026-000301',
  version: 3,
  townId: 'choucheng',
  source: 'walk_in',
  employer: { name: '义乌市某服饰有限公司', contactName: '王老板', contactPhone: '13905790001' },
  claimants: [{ name: '赵六', mobile: '13800000001', owedFen: 880_000 }],
  workersCount: 1,
  description: '办公室核实：已联系老板',
  needsAssistance: false,
  status: 'in_progress',
  updatedAt: '2026-12-01T02:00:00.000Z',
} as unknown as Case;

/** The officer edited version 2, where the office had since changed description and phone. */
function conflictOf(patch: Record<string, unknown>, baseline?: Record<string, unknown>) {
  const item: Pick<ConflictItem, 'id' | 'kind' | 'mutation' | 'mine' | 'fields' | 'baseline'> = {
    id: 'm1',
    kind: 'conflict',
    mutation: { id: 'm1', name: 'case.update', args: { id: 'c1', patch }, baseVersion: 2 },
    mine: patch,
    fields: ['description', 'employer'],
  };
  if (baseline) item.baseline = baseline;
  return item;
}

const baseline = {
  description: '原始说明',
  employer: { name: '义乌市某服饰有限公司', contactName: '王老板', contactPhone: '13905790000' },
  workersCount: 1,
};
const mine = {
  description: '外勤现场：老板同意今天支付',
  employer: {
    name: '义乌市某服饰有限公司',
    contactName: '王老板',
    contactPhone: '13905790000',
    address: '稠城街道工人路 8 号',
  },
  workersCount: 3,
};

describe('conflict rows', () => {
  it('open an edit into the values a person edits, saying which side changed each', () => {
    const rows = conflictRows(conflictOf(mine, baseline), server);
    expect(rows.map((r) => [r.path, r.changedBy])).toEqual([
      ['description', 'both'],
      ['employer.contactPhone', 'theirs'],
      ['employer.address', 'mine'],
      ['workersCount', 'mine'],
    ]);
    const phone = rows.find((r) => r.path === 'employer.contactPhone')!;
    expect(phone.label).toEqual([{ key: 'fields.employer' }, { key: 'newCase.contactPhone' }]);
    expect(phone.kind).toBe('phone');
    expect(phone.mergeable).toBe(false);
    expect(rows[0]!.mergeable).toBe(true);
    // Only a value both sides changed waits for the officer.
    expect(rows.map(defaultChoice)).toEqual([
      null,
      { pick: 'theirs' },
      { pick: 'mine' },
      { pick: 'mine' },
    ]);
  });

  it('without the starting values, treat the fields the server named as changed on both sides', () => {
    const rows = conflictRows(conflictOf(mine), server);
    expect(rows.map((r) => [r.path, r.changedBy])).toEqual([
      ['description', 'both'],
      ['employer.contactPhone', 'both'],
      ['employer.address', 'both'],
      ['workersCount', 'mine'],
    ]);
  });

  it('show a mediation as the officer entered it, nothing compared with the case', () => {
    const rows = conflictRows(
      {
        kind: 'rejected',
        mutation: { id: 'm2', name: 'mediation.record', args: {} },
        fields: [],
        mine: {
          id: 'med-1',
          caseId: 'c1',
          amountAgreedFen: 500_000,
          outcome: 'agreed',
          photoHashes: ['a', 'b'],
        },
      },
      server,
    );
    expect(rows.map((r) => [r.path, r.kind, r.hasTheirs, r.label[0]?.key])).toEqual([
      ['amountAgreedFen', 'money', false, 'agreement.amountAgreed'],
      ['outcome', 'enum', false, 'mediation.outcome'],
      ['photoHashes', 'photos', false, 'mediation.photos'],
    ]);
  });

  it('name every value with a label both catalogues have', () => {
    const has = (tree: unknown, key: string) =>
      typeof key.split('.').reduce<unknown>((t, k) => (t as Record<string, unknown>)?.[k], tree) ===
      'string';
    const keys = labelKeys();
    expect(keys.length).toBeGreaterThan(30);
    expect(keys.filter((k) => !has(zhScreens, k))).toEqual([]);
    expect(keys.filter((k) => !has(en, k))).toEqual([]);
  });
});

describe('resolving a conflict field by field', () => {
  it('builds the patch on the server copy: theirs kept, mine put in, a merge as typed', () => {
    const patch = resolvedPatch(conflictOf(mine, baseline), server, {
      description: { pick: 'merge', text: '办公室核实：已联系老板\n外勤现场：老板同意今天支付' },
    });
    expect(patch).toEqual({
      description: '办公室核实：已联系老板\n外勤现场：老板同意今天支付',
      // The office's new phone stays; the officer's new address goes in.
      employer: {
        name: '义乌市某服饰有限公司',
        contactName: '王老板',
        contactPhone: '13905790001',
        address: '稠城街道工人路 8 号',
      },
      workersCount: 3,
    });
  });

  it('sends nothing for values kept as the server has them', () => {
    const item = conflictOf({ description: mine.description }, { description: '原始说明' });
    expect(resolvedPatch(item, server, { description: { pick: 'theirs' } })).toEqual({});
    // Left unchosen, a value both sides changed keeps the server's.
    expect(resolvedPatch(item, server, {})).toEqual({});
    expect(resolvedPatch(item, server, { description: { pick: 'mine' } })).toEqual({
      description: mine.description,
    });
  });

  it('refuses a merge of a value that is not text', () => {
    expect(() =>
      resolvedPatch(conflictOf(mine, baseline), server, {
        workersCount: { pick: 'merge', text: '3' },
      }),
    ).toThrow();
  });

  it('adds and removes a whole claimant as chosen', () => {
    const two = [server.claimants[0], { name: '钱七', mobile: '13800000002', owedFen: 120_000 }];
    const item = conflictOf({ claimants: two });
    const rows = conflictRows(item, server);
    expect(rows.map((r) => [r.path, r.kind])).toEqual([['claimants.1', 'claimant']]);
    expect(resolvedPatch(item, server, { 'claimants.1': { pick: 'mine' } })).toEqual({
      claimants: two,
    });
    expect(resolvedPatch(item, server, { 'claimants.1': { pick: 'theirs' } })).toEqual({});
  });
});

describe('reading an item', () => {
  it('starts a merge from both texts, the server’s first, without repeating one inside the other', () => {
    const row = conflictRows(conflictOf(mine, baseline), server)[0]!;
    expect(mergeStart(row)).toBe('办公室核实：已联系老板\n外勤现场：老板同意今天支付');
    expect(mergeStart({ ...row, mine: '办公室核实：已联系老板，补充' })).toBe(
      '办公室核实：已联系老板，补充',
    );
  });

  it('marks the part of a text that differs', () => {
    expect(changedPart('13905790001', '13905790123')).toEqual({
      before: '13905790',
      changed: '001',
      after: '',
    });
    expect(changedPart('¥8,800.00', '¥9,800.00')).toEqual({
      before: '¥',
      changed: '8',
      after: ',800.00',
    });
  });

  it('names the person who changed the server copy from the events on the device', () => {
    const events = [
      {
        at: '2026-12-01T01:00:00.000Z',
        actorName: '专管员',
        mutationId: 'x',
        changes: [{ field: 'needsAssistance', from: false, to: true }],
      },
      {
        at: '2026-12-01T01:30:00.000Z',
        actorName: '中心办公室 王芳',
        mutationId: 'y',
        changes: [{ field: 'description', from: 'a', to: 'b' }],
      },
      {
        at: '2026-12-01T02:30:00.000Z',
        actorName: '专管员',
        mutationId: 'm1',
        changes: [{ field: 'description', from: 'b', to: 'c' }],
      },
    ];
    expect(serverChangeOf(conflictOf(mine), events)).toEqual({
      name: '中心办公室 王芳',
      at: '2026-12-01T01:30:00.000Z',
    });
    expect(serverChangeOf({ id: 'z', kind: 'rejected', fields: [] }, events)?.at).toBe(
      '2026-12-01T02:30:00.000Z',
    );
  });

  it('labels the field paths a refusal names', () => {
    expect(labelOfPath('patch.claimants.0.mobile')).toEqual([
      { key: 'newCase.claimantN', params: { n: 1 } },
      { key: 'newCase.mobile' },
    ]);
    expect(labelOfPath('workersCount')).toEqual([{ key: 'fields.workersCount' }]);
    expect(labelOfPath('nonsense')).toBeNull();
  });
});
