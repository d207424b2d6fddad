/**
 * Amounts in Chinese capital numerals (大写金额) for agreements and contracts, following the
 * usual bank-settlement writing rules (《支付结算办法》附件 正确填写票据和结算凭证的基本规定):
 * - 拾 always carries its digit (壹拾元, 壹拾万元), so nothing can be written in front.
 * - a run of zeros inside the number is one 零; zeros at the end of a 万/亿 group are dropped,
 *   and a group that starts with zeros after a higher group gets a 零 (壹万零壹拾元).
 * - ending at 元 or 角 adds 整; ending at 分 does not; 元 followed by 0 角 and some 分 writes
 *   零 (壹万元零壹分). Below one yuan the 元 is left out (伍角陆分); zero is 零元整.
 */

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const PLACES = ['', '拾', '佰', '仟'];
const GROUPS = ['', '万', '亿'];
/** Up to 9999 9999 9999 yuan: far beyond any wage amount (MAX_FEN is 1 亿元). */
const MAX_CAPITAL_FEN = 1e12 * 100 - 1;

function groupText(group: number): string {
  let out = '';
  let pendingZero = false;
  for (let place = 3; place >= 0; place--) {
    const d = Math.floor(group / 10 ** place) % 10;
    if (d === 0) {
      if (out) pendingZero = true;
      continue;
    }
    if (pendingZero) out += '零';
    pendingZero = false;
    out += DIGITS[d]! + PLACES[place]!;
  }
  return out;
}

function yuanText(yuan: number): string {
  const groups = [yuan % 10_000, Math.floor(yuan / 10_000) % 10_000, Math.floor(yuan / 1e8)];
  let out = '';
  let pendingZero = false;
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!;
    if (g === 0) {
      if (out) pendingZero = true;
      continue;
    }
    if (out && (pendingZero || g < 1000)) out += '零';
    pendingZero = false;
    out += groupText(g) + GROUPS[i]!;
  }
  return out;
}

export function fenToChineseCapital(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0 || fen > MAX_CAPITAL_FEN) {
    throw new RangeError(`not an amount in whole fen this can write: ${fen}`);
  }
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  if (fen === 0) return '零元整';
  let out = yuan > 0 ? `${yuanText(yuan)}元` : '';
  if (jiao === 0 && cents === 0) return `${out}整`;
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (yuan > 0) out += '零';
  return cents > 0 ? `${out}${DIGITS[cents]}分` : `${out}整`;
}
