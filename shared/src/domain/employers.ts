import { normalizeCreditCode } from '../validation/credit-code';

/**
 * Repeat-offender employers (多次被投诉的用人单位). Complaints name the same employer in
 * many ways: officers type the credit code from a licence photo or leave it out, workers
 * write the name from memory, full-width or half-width, with or without 责任 or 股份. So two
 * cases are the same employer when they share a credit code OR a normalised name, and
 * that relation is followed through: A and B share a code, B and C a name → one employer.
 */

// Zero-width characters that survive NFKC and `\s`: ZWSP, ZWNJ, ZWJ, word joiner, soft
// hyphen (U+FEFF is whitespace to `\s` already). Pasted names from chat apps carry them.
const INVISIBLE = /[\u200B-\u200D\u2060\u00AD]/g;
// After NFKC every （） is (); brackets are dropped, as people write 浙江华丰(集团)有限公司
// and 浙江华丰集团有限公司 for the same registered name.
const BRACKETS = /[()[\]【】〔〕]/g;
// Names that differ only in the legal form are the same name for registration (the form is
// no distinguishing part of an enterprise name), and complaints get it wrong all the time.
const LEGAL_FORM = /股份有限责任公司|股份有限公司|股份公司|有限责任公司/g;

/**
 * The form of an employer name two spellings of the same name share: NFKC (full-width
 * letters, digits and brackets become half-width), no whitespace (U+3000 included), no
 * zero-width characters, no brackets, Latin lower-cased, and 有限责任公司 / 股份有限公司 /
 * 股份公司 all read as 有限公司.
 */
export function normalizeEmployerName(name: string): string {
  // Until it no longer changes: NFKC can turn a character into a space and combining marks
  // (῭ → " ̈̀"); dropping the space joins the marks to the letter before, which NFKC then
  // composes anew. A name and its normal form must group together.
  let s = name;
  for (let i = 0; i < 8; i++) {
    const next = normalizeOnce(s);
    if (next === s) break;
    s = next;
  }
  return s;
}

function normalizeOnce(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/\s+/gu, '')
    .replace(INVISIBLE, '')
    .replace(BRACKETS, '')
    .toLowerCase()
    .replace(LEGAL_FORM, '有限公司');
}

export interface EmployerOfCase {
  employer: { name: string; creditCode?: string | undefined };
}

export interface EmployerGroup<T> {
  /** The code most of its cases give, '' when none gives one. */
  creditCode: string;
  /** Every code its cases give, most frequent first. */
  creditCodes: string[];
  /** The name as most of its cases write it. */
  name: string;
  cases: T[];
}

/** The values from most to least frequent; a tie goes to the one met first. */
function byFrequency(values: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  // Map keeps insertion order and sort is stable, so equal counts stay in order of meeting.
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([v]) => v);
}

/**
 * The employers with at least `minCases` cases, most cases first. Give the cases in a fixed
 * order (the dashboard: by receipt) to get the same answer every time: ties of the most
 * frequent code or name go to the earlier case.
 */
export function employerGroups<T extends EmployerOfCase>(
  cases: readonly T[],
  minCases = 2,
): EmployerGroup<T>[] {
  // Union-find over keys "c:<code>" and "n:<normalised name>"; each case joins its keys.
  const index = new Map<string, number>();
  const parent: number[] = [];
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root]!;
    for (let j = i; parent[j] !== root; ) {
      const next = parent[j]!;
      parent[j] = root;
      j = next;
    }
    return root;
  };
  const keyOf = (key: string): number => {
    let i = index.get(key);
    if (i === undefined) {
      i = parent.length;
      parent.push(i);
      index.set(key, i);
    }
    return i;
  };

  const caseKeys: Array<number | null> = cases.map((c) => {
    const code = normalizeCreditCode(c.employer.creditCode ?? '');
    const name = normalizeEmployerName(c.employer.name);
    const keys = [code ? keyOf(`c:${code}`) : null, name ? keyOf(`n:${name}`) : null].filter(
      (k): k is number => k !== null,
    );
    // A case naming no employer at all belongs to none.
    if (keys.length === 0) return null;
    const [first, ...rest] = keys as [number, ...number[]];
    for (const k of rest) {
      const a = find(first);
      const b = find(k);
      if (a !== b) parent[b] = a;
    }
    return first;
  });

  const groups = new Map<number, T[]>();
  cases.forEach((c, i) => {
    const key = caseKeys[i];
    if (key === null || key === undefined) return;
    const root = find(key);
    const list = groups.get(root);
    if (list) list.push(c);
    else groups.set(root, [c]);
  });

  const out: EmployerGroup<T>[] = [];
  for (const members of groups.values()) {
    if (members.length < minCases) continue;
    const codes = byFrequency(
      members.flatMap((c) => {
        const code = normalizeCreditCode(c.employer.creditCode ?? '');
        return code ? [code] : [];
      }),
    );
    const names = byFrequency(members.map((c) => c.employer.name.trim()).filter((n) => n !== ''));
    out.push({
      creditCode: codes[0] ?? '',
      creditCodes: codes,
      name: names[0] ?? '',
      cases: members,
    });
  }
  return out.sort(
    (a, b) =>
      b.cases.length - a.cases.length ||
      (a.creditCode < b.creditCode ? -1 : a.creditCode > b.creditCode ? 1 : 0) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}
