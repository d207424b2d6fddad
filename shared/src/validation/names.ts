/**
 * Names of people and employers as stored and searched: Unicode NFKC (full-width letters
 * and digits become half-width, compatibility forms fold), invisible format characters
 * removed (zero-width spaces and joiners, bidi overrides, soft hyphens — category Cf), runs
 * of white space (an ideographic space included) made one space, trimmed. "张三\u200b李四"
 * and "张三李四" are then one name, for duplicate hints, repeat offenders and search alike,
 * and a right-to-left override cannot make a name read differently from what is stored.
 */
export function normalizeName(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}
