import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EmployerOfCase, employerGroups, normalizeEmployerName } from './employers';

describe('normalizeEmployerName', () => {
  const CANONICAL = normalizeEmployerName('义乌市华丰电子有限公司');

  it.each([
    ['the name itself', '义乌市华丰电子有限公司'],
    ['有限责任公司 for 有限公司', '义乌市华丰电子有限责任公司'],
    ['股份有限公司', '义乌市华丰电子股份有限公司'],
    ['股份有限责任公司', '义乌市华丰电子股份有限责任公司'],
    ['股份公司', '义乌市华丰电子股份公司'],
    ['spaces inside', '义乌市 华丰 电子 有限公司'],
    ['a full-width space (U+3000)', '义乌市　华丰电子有限公司'],
    ['a tab and a no-break space', '义乌市\t华丰电子\u00A0有限公司'],
    ['a zero-width space', '义乌市华丰\u200B电子有限公司'],
    ['a zero-width joiner and a BOM', '\uFEFF义乌市华丰\u200D电子有限公司'],
    ['a word joiner and a soft hyphen', '义乌市\u2060华丰电子\u00AD有限公司'],
    ['a leading and trailing space', ' 义乌市华丰电子有限公司 '],
  ])('%s', (_name, variant) => {
    expect(normalizeEmployerName(variant)).toBe(CANONICAL);
  });

  it.each([
    ['full-width Latin and digits', '义乌市ＡＢＣ１２３贸易有限公司', '义乌市abc123贸易有限公司'],
    ['upper-case Latin', '义乌市ABC贸易有限公司', '义乌市abc贸易有限公司'],
    ['mixed widths and cases', '义乌市Ａbc１23贸易有限责任公司', '义乌市abc123贸易有限公司'],
    ['full-width parentheses', '华丰电子（义乌）有限公司', '华丰电子义乌有限公司'],
    ['half-width parentheses', '华丰电子(义乌)有限公司', '华丰电子义乌有限公司'],
    ['mixed parentheses', '华丰电子（义乌)有限公司', '华丰电子义乌有限公司'],
    ['no parentheses at all', '华丰电子义乌有限公司', '华丰电子义乌有限公司'],
    ['a branch office', '华丰电子有限责任公司义乌分公司', '华丰电子有限公司义乌分公司'],
    ['nothing but spaces', ' \u3000 ', ''],
  ])('%s', (_name, variant, expected) => {
    expect(normalizeEmployerName(variant)).toBe(expected);
  });

  it('keeps names apart that really differ', () => {
    const a = normalizeEmployerName('义乌市华丰电子有限公司');
    expect(normalizeEmployerName('义乌市华丰饰品有限公司')).not.toBe(a);
    expect(normalizeEmployerName('金华市华丰电子有限公司')).not.toBe(a);
    expect(normalizeEmployerName('义乌市华丰电子厂')).not.toBe(a);
  });

  it('is idempotent where NFKC yields a space before combining marks (a case fast-check found)', () => {
    const once = normalizeEmployerName('㎀῭');
    expect(normalizeEmployerName(once)).toBe(once);
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite' }), (s) => {
        const once = normalizeEmployerName(s);
        expect(normalizeEmployerName(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });
});

interface C extends EmployerOfCase {
  id: string;
}
const c = (id: string, name: string, creditCode?: string): C => ({
  id,
  employer: creditCode === undefined ? { name } : { name, creditCode },
});
const ids = (cases: C[]) => cases.map((x) => x.id);

describe('employerGroups', () => {
  it('finds one employer filed under four codes and several spellings', () => {
    const cases = [
      c('a', '义乌市华丰电子有限公司', 'K1'),
      c('b', '义乌市华丰电子有限责任公司', 'K2'),
      c('other', '义乌市金诚饰品有限公司', 'K9'),
      c('c', '义乌市华丰电子有限公司', 'K3'),
      c('d', '义乌市华丰电子股份有限公司', 'K4'),
      // A worker's own name for it, joined only through the code it shares with 'a'.
      c('e', '华丰电子厂', 'K1'),
    ];
    expect(employerGroups(cases)).toEqual([
      {
        creditCode: 'K1',
        creditCodes: ['K1', 'K2', 'K3', 'K4'],
        name: '义乌市华丰电子有限公司',
        cases: [cases[0], cases[1], cases[3], cases[4], cases[5]],
      },
    ]);
  });

  it('follows the relation through: code to name to code', () => {
    // x–y share a code, y–z a name, z–w a code: all one employer, though x and w share nothing.
    const cases = [
      c('x', '甲公司', 'K1'),
      c('y', '乙公司', 'K1'),
      c('z', '乙 公司', 'K2'),
      c('w', '丙公司', 'K2'),
    ];
    const groups = employerGroups(cases);
    expect(groups).toHaveLength(1);
    expect(ids(groups[0]!.cases)).toEqual(['x', 'y', 'z', 'w']);
    // Order of meeting does not change who belongs together.
    const reversed = employerGroups([...cases].reverse());
    expect(ids(reversed[0]!.cases).sort()).toEqual(['w', 'x', 'y', 'z']);
  });

  it('groups by name alone when no case gives a code', () => {
    expect(
      employerGroups([c('a', '义乌市金诚饰品有限公司'), c('b', '义乌市金诚饰品有限责任公司')]),
    ).toEqual([
      {
        creditCode: '',
        creditCodes: [],
        name: '义乌市金诚饰品有限公司',
        cases: [c('a', '义乌市金诚饰品有限公司'), c('b', '义乌市金诚饰品有限责任公司')],
      },
    ]);
  });

  it('lists only employers with at least two cases, and takes the threshold', () => {
    const cases = [c('a', '甲公司', 'K1'), c('b', '乙公司', 'K2'), c('c', '乙公司')];
    expect(employerGroups(cases).map((g) => ids(g.cases))).toEqual([['b', 'c']]);
    expect(employerGroups(cases, 1).map((g) => ids(g.cases))).toEqual([['b', 'c'], ['a']]);
    expect(employerGroups(cases, 3)).toEqual([]);
    expect(employerGroups([])).toEqual([]);
  });

  it('takes the most frequent code and name; a tie goes to the case met first', () => {
    const [g] = employerGroups([
      c('a', '华丰电子有限责任公司', 'K2'),
      c('b', '华丰电子有限公司', 'K1'),
      c('c', '华丰电子有限公司', 'K1'),
      c('d', '华丰电子有限责任公司', 'K3'),
    ]);
    expect(g).toMatchObject({ creditCode: 'K1', creditCodes: ['K1', 'K2', 'K3'] });
    // Two and two: the first case's spelling.
    expect(g!.name).toBe('华丰电子有限责任公司');
  });

  it('compares codes in their canonical form and ignores empty names and codes', () => {
    const groups = employerGroups([
      c('a', '甲公司', ' k1 '),
      c('b', '乙公司', 'K1'),
      c('c', '', ''),
      c('d', '　', ''),
    ]);
    expect(groups.map((g) => [g.creditCode, ids(g.cases)])).toEqual([['K1', ['a', 'b']]]);
  });

  it('puts the employers with most cases first, then by code and name', () => {
    const groups = employerGroups([
      c('a1', '丁公司', 'K7'),
      c('a2', '丁公司'),
      c('b1', '甲公司', 'K5'),
      c('b2', '甲公司'),
      c('b3', '甲公司'),
      c('c1', '乙公司'),
      c('c2', '乙公司'),
    ]);
    expect(groups.map((g) => [g.creditCode, g.name, g.cases.length])).toEqual([
      ['K5', '甲公司', 3],
      ['', '乙公司', 2],
      ['K7', '丁公司', 2],
    ]);
  });

  it('puts every case in exactly one group, and cases sharing a code or name together', () => {
    const caseArb = fc.array(
      fc.record({
        name: fc.constantFrom('甲公司', '甲 公司', '乙有限责任公司', '乙有限公司', '丙', ''),
        code: fc.constantFrom('K1', 'K2', 'K3', 'K4', ''),
      }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(caseArb, (raw) => {
        const cases = raw.map((r, i) => c(String(i), r.name, r.code));
        const groups = employerGroups(cases, 1);
        const groupOf = new Map<string, number>();
        groups.forEach((g, gi) => {
          for (const x of g.cases) {
            expect(groupOf.has(x.id)).toBe(false);
            groupOf.set(x.id, gi);
          }
        });
        for (const [i, a] of cases.entries()) {
          const named = normalizeEmployerName(a.employer.name) !== '';
          if (!named && !a.employer.creditCode) {
            expect(groupOf.has(a.id)).toBe(false);
            continue;
          }
          for (const b of cases.slice(i + 1)) {
            const sameCode =
              a.employer.creditCode !== '' && a.employer.creditCode === b.employer.creditCode;
            const sameName =
              named &&
              normalizeEmployerName(a.employer.name) === normalizeEmployerName(b.employer.name);
            if (sameCode || sameName) expect(groupOf.get(a.id)).toBe(groupOf.get(b.id));
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
