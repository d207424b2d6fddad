import {
  CASE_OUTCOMES,
  CASE_SOURCES,
  MEDIATION_OUTCOMES,
  MUTATION_NAMES,
  ROLES,
  SIGNER_ROLES,
} from '@anxin/shared';
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { zhCore } from './zh-core';
import { zhScreens } from './zh-screens';

// The UI's own source, read as text: every literal key it passes to t() must exist in both
// languages. i18next answers an unknown key with the key itself, so a typo would otherwise
// show "caseDetail.ttile" to an officer instead of failing here.
const sources = import.meta.glob(
  ['../app/**/*.{ts,tsx}', '../screens/**/*.tsx', '../components/**/*.tsx'],
  {
    query: '?raw',
    import: 'default',
    eager: true,
  },
) as Record<string, string>;

type Tree = { [k: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(path, v);
    else for (const [p, s] of leaves(v, path)) out.set(p, s);
  }
  return out;
}

const zh = leaves({ ...zhCore, ...zhScreens } as unknown as Tree);
const english = leaves(en as unknown as Tree);

function usedKeys(): Set<string> {
  const keys = new Set<string>();
  const call = /\bt\(\s*'([A-Za-z]+(?:\.[A-Za-z_.-]+)+)'/g;
  for (const text of Object.values(sources)) {
    for (const m of text.matchAll(call)) keys.add(m[1]!);
  }
  return keys;
}

describe('message catalogue', () => {
  it('reads the UI source (the glob found the screens)', () => {
    expect(Object.keys(sources).some((p) => p.endsWith('CaseList.tsx'))).toBe(true);
    expect(usedKeys().size).toBeGreaterThan(100);
  });

  it('has every key the UI asks for, in Chinese and in English', () => {
    const missingZh = [...usedKeys()].filter((k) => !zh.has(k));
    const missingEn = [...usedKeys()].filter((k) => !english.has(k));
    expect(missingZh).toEqual([]);
    expect(missingEn).toEqual([]);
  });

  it('has a label for every value of the domain enumerations shown by computed keys', () => {
    const computed = [
      ...CASE_SOURCES.map((s) => `sources.${s}`),
      ...CASE_OUTCOMES.map((o) => `outcomes.${o}`),
      ...MEDIATION_OUTCOMES.map((o) => `mediationOutcomes.${o}`),
      ...ROLES.map((r) => `roles.${r}`),
      ...MUTATION_NAMES.map((n) => `events.${n}`),
      ...['conflict', 'rejected', 'out_of_scope'].map((k) => `conflicts.kind_${k}`),
      ...[...SIGNER_ROLES, 'inspector', 'witness', 'other'].map((r) => `attendeeRoles.${r}`),
    ];
    expect(computed.filter((k) => !zh.has(k))).toEqual([]);
    expect(computed.filter((k) => !english.has(k))).toEqual([]);
  });

  it('has the same keys in both languages and no empty text', () => {
    expect([...english.keys()].sort()).toEqual([...zh.keys()].sort());
    expect([...zh].filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([]);
    expect([...english].filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([]);
  });

  it('keeps the same interpolation variables in both languages', () => {
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const differing = [...zh.keys()].filter(
      (k) => JSON.stringify(vars(zh.get(k)!)) !== JSON.stringify(vars(english.get(k) ?? '')),
    );
    expect(differing).toEqual([]);
  });

  it('keeps the first screen’s texts out of the on-demand bundle and vice versa', () => {
    const overlap = Object.keys(zhCore).filter((k) => k in zhScreens);
    expect(overlap).toEqual([]);
  });
});
