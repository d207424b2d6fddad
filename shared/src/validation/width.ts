/**
 * Chinese input methods type digits and punctuation full-width (１３８, １，０００．５０,
 * ＋８６) unless the officer switches them off, and a worker's own note of a number is often
 * written that way. Numbers are stored half-width; this is the one place that folds them.
 * Only the full-width ASCII block (U+FF01–U+FF5E) and the ideographic space change, so no
 * Chinese text is touched.
 */
export function toHalfWidth(raw: string): string {
  return raw.replace(/[\uFF01-\uFF5E\u3000]/g, (ch) =>
    ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
}
