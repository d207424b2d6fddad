import {
  CASE_OUTCOMES,
  CASE_SOURCES,
  MEDIATION_OUTCOMES,
  MUTATION_NAMES,
  ROLES,
  SIGNER_ROLES,
} from '@anxin/shared';
import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { inspectorEn } from './inspector-en';
import { inspectorZh } from './inspector-zh';
import { officeEn } from './office-en';
import { officeZh } from './office-zh';
import { zhCore } from './zh-core';
import { zhScreens } from './zh-screens';

// The UI's own source, read as text: every literal key it passes to t() must exist in both
// languages. i18next answers an unknown key with the key itself, so a typo would otherwise
// show "caseDetail.ttile" to an officer instead of failing here.
const sources = import.meta.glob(
  [
    '../{app,screens,components,office,inspector,admin}/**/*.{ts,tsx}',
    '!../**/*.test.ts',
    '!../**/*.test.tsx',
  ],
  { query: '?raw', import: 'default', eager: true },
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

/** Each namespace in both languages; `translation` is the app's common catalogue. */
const CATALOGUES = {
  translation: {
    zh: leaves({ ...zhCore, ...zhScreens } as unknown as Tree),
    en: leaves(en as unknown as Tree),
  },
  office: { zh: leaves(officeZh as Tree), en: leaves(officeEn as unknown as Tree) },
  inspector: { zh: leaves(inspectorZh as Tree), en: leaves(inspectorEn as unknown as Tree) },
};
type Ns = keyof typeof CATALOGUES;

const PLURAL = /_(zero|one|two|few|many|other)$/;
const base = (key: string) => key.replace(PLURAL, '');

/** A text as i18next finds it: the key itself, or (counted) a plural form of it. */
function has(ns: Ns, lang: 'zh' | 'en', key: string, counted: boolean): boolean {
  const texts = CATALOGUES[ns][lang];
  if (texts.has(key)) return true;
  return counted && texts.has(`${key}_other`);
}

interface Use {
  file: string;
  key: string;
  counted: boolean;
  namespaces: Ns[];
}

/**
 * Every literal t('a.b', …) call, with the namespaces its file's `t` looks in: a workspace
 * screen's `useWorkspaceTexts('office', …)` first, then the common catalogue.
 */
function uses(): Use[] {
  const out: Use[] = [];
  // Options without nested braces: a count inside a nested t() call is that call's own.
  const call = /\bt\(\s*'([A-Za-z]+(?:\.[A-Za-z0-9_-]+)+)'\s*(,\s*\{[^{}]*\})?/g;
  for (const [file, text] of Object.entries(sources)) {
    const own = [...text.matchAll(/useWorkspaceTexts\(([^)]*)\)/g)].flatMap((m) =>
      [...m[1]!.matchAll(/'(\w+)'/g)].map((n) => n[1] as Ns),
    );
    const namespaces: Ns[] = [...new Set(own), 'translation'];
    for (const m of text.matchAll(call)) {
      out.push({ file, key: m[1]!, counted: /\bcount\b/.test(m[2] ?? ''), namespaces });
    }
  }
  return out;
}

function missingIn(lang: 'zh' | 'en'): string[] {
  return uses()
    .filter((u) => !u.namespaces.some((ns) => has(ns, lang, u.key, u.counted)))
    .map((u) => `${u.file}: ${u.key}`);
}

/**
 * Counted English texts that read the same for one and for many, so need no `_one`: units
 * ("3 d"), and sentences where the count is not the subject's number.
 */
const SAME_FOR_ONE = new Set([
  'translation:app.charCount',
  'translation:sync.state.downloading',
  'translation:sync.state.unreachable',
  'translation:sync.state.returned',
  'translation:sync.state.syncedUploaded',
  'translation:cases.days',
  'translation:cases.hours',
  'translation:cases.minutes',
  'translation:sync.pending',
  'translation:admin.audit.more',
  'office:intake.selected',
  'inspector:plan.plannedCases',
  'inspector:visit.history',
]);

describe('message catalogue', () => {
  it('reads the UI source of every screen and workspace', () => {
    for (const screen of ['CaseList.tsx', 'IntakeQueue.tsx', 'WeeklyPlan.tsx', 'People.tsx']) {
      expect(Object.keys(sources).some((p) => p.endsWith(screen))).toBe(true);
    }
    expect(uses().length).toBeGreaterThan(400);
    expect(uses().filter((u) => u.namespaces.includes('office')).length).toBeGreaterThan(80);
    expect(uses().filter((u) => u.namespaces.includes('inspector')).length).toBeGreaterThan(30);
  });

  it('has every key the UI asks for, in Chinese and in English', () => {
    expect(missingIn('zh')).toEqual([]);
    expect(missingIn('en')).toEqual([]);
  });

  it('has no inline Chinese/English pairs left in the workspaces', () => {
    const inline = Object.entries(sources)
      .filter(([, text]) => /\btx\(|useTx\(/.test(text))
      .map(([file]) => file);
    expect(inline).toEqual([]);
  });

  it('has no Chinese written into the desk workspaces: it comes from the catalogues', () => {
    // Code without its comments (which may quote the UI, "计划已保存"); a `//` after a
    // colon is a URL, not a comment.
    const code = (text: string) =>
      text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
    // Printed for workers, in Chinese whatever language the office reads (like the
    // 调解协议书 in screens/): documents, not the desk's UI.
    const printedInChinese = ['/QrPoster.tsx'];
    const desk = Object.entries(sources).filter(
      ([file]) =>
        /\/(office|inspector|admin)\//.test(file) &&
        !printedInChinese.some((doc) => file.endsWith(doc)),
    );
    expect(desk.some(([file]) => file.endsWith('WeeklyPlan.tsx'))).toBe(true);
    const written = desk.flatMap(([file, text]) =>
      code(text)
        .split('\n')
        .filter((line) => /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/.test(line))
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(written).toEqual([]);
    // Nor a text chosen by language in place: `lang === 'zh' ? '、' : ', '`.
    const paired = desk.flatMap(([file, text]) =>
      [...code(text).matchAll(/lang === 'zh'\s*\?\s*['`]/g)].map(() => file),
    );
    expect(paired).toEqual([]);
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
    const { zh, en: english } = CATALOGUES.translation;
    expect(computed.filter((k) => !zh.has(k))).toEqual([]);
    expect(computed.filter((k) => !english.has(k))).toEqual([]);
  });

  for (const ns of Object.keys(CATALOGUES) as Ns[]) {
    const { zh, en: english } = CATALOGUES[ns];

    it(`${ns}: defines no text in one language only, and none empty`, () => {
      const keysOf = (m: Map<string, string>) => [...new Set([...m.keys()].map(base))].sort();
      expect(keysOf(english)).toEqual(keysOf(zh));
      expect([...zh].filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([]);
      expect([...english].filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([]);
    });

    it(`${ns}: keeps the same interpolation variables in both languages`, () => {
      const vars = (s: string) => [...new Set([...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]))];
      const zhVars = new Map<string, string>();
      for (const [k, v] of zh) zhVars.set(base(k), JSON.stringify(vars(v).sort()));
      const differing = [...english]
        .filter(([k, v]) => zhVars.get(base(k)) !== JSON.stringify(vars(v).sort()))
        .map(([k]) => k);
      expect(differing).toEqual([]);
    });

    it(`${ns}: has an English singular for every counted text that needs one`, () => {
      // The namespace a call's text comes from: the first of its file's that has it.
      const counted = new Set(
        uses()
          .filter((u) => u.counted && u.namespaces.find((n) => has(n, 'zh', u.key, true)) === ns)
          .map((u) => u.key),
      );
      expect(counted.size).toBeGreaterThan(0);
      const lacking = [...counted].filter(
        (k) => !english.has(`${k}_one`) && !SAME_FOR_ONE.has(`${ns}:${k}`),
      );
      expect(lacking).toEqual([]);
    });
  }

  it('says "1 claimant" and "2 claimants" (i18next picks the form from count)', async () => {
    const i18n = createInstance();
    await i18n.init({
      lng: 'en',
      fallbackLng: 'zh',
      resources: {
        en: { translation: en, office: officeEn, inspector: inspectorEn },
        zh: { translation: { ...zhCore, ...zhScreens }, office: officeZh, inspector: inspectorZh },
      },
      interpolation: { escapeValue: false },
    });
    const enT = i18n.getFixedT('en');
    expect(enT('cases.claimants', { count: 1 })).toBe('1 claimant');
    expect(enT('cases.claimants', { count: 2 })).toBe('2 claimants');
    expect(enT('office:intake.workers', { count: 1 })).toBe(' 1 worker');
    expect(enT('office:intake.workers', { count: 3 })).toBe(' 3 workers');
    expect(
      enT('inspector:trip.summary', {
        weekOf: '2026-11-23',
        visits: enT('inspector:trip.visits', { count: 1 }),
        cases: enT('inspector:trip.cases', { count: 2 }),
      }),
    ).toBe('Week of 2026-11-23: 1 visit, 2 cases');
    const zhT = i18n.getFixedT('zh');
    expect(zhT('office:intake.workers', { count: 1 })).toBe(' 1 人');
    expect(zhT('cases.claimants', { count: 1 })).toBe(
      zhCore.cases.claimants.replace('{{count}}', '1'),
    );
  });

  it('keeps the first screen’s texts out of the on-demand bundle and vice versa', () => {
    const overlap = Object.keys(zhCore).filter((k) => k in zhScreens);
    expect(overlap).toEqual([]);
  });
});
