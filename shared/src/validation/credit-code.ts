import type { MessageKey } from '../i18n/messages';
import { toHalfWidth } from './width';

/**
 * Unified social credit codes (统一社会信用代码, GB 32100-2015), 18 characters:
 *   1      registration authority (登记管理部门代码)
 *   2      organisation type within that authority (机构类别代码)
 *   3–8    region code of the registering office (GB/T 2260, digits)
 *   9–17   organisation code (组织机构代码, GB 11714), whose last character is its own
 *          check digit
 *   18     check character over the first 17
 */

// GB 32100-2015: 31 characters, the digits and capitals without I, O, S, V, Z.
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * Organisation types each registration authority issues, as assigned by the national
 * credit-code administration under GB 32100-2015 (1, 5, 9 and Y are the standard's own table;
 * the others were added by the authorities given codes since). 9 = 其他 where it exists.
 */
export const CREDIT_CODE_TYPES: Readonly<Record<string, string>> = {
  '1': '1239', // 机构编制: 机关, 事业单位, 中央编办直接管理机构编制的群众团体, 其他
  '2': '19', // 外交: 外国常驻新闻机构, 其他
  '3': '123459', // 司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
  '4': '19', // 文化: 外国在华文化中心, 其他
  '5': '1239', // 民政: 社会团体, 民办非企业单位, 基金会, 其他
  '6': '129', // 旅游: 外国旅游部门常驻代表机构, 港澳台地区旅游部门常驻内地代表机构, 其他
  '7': '129', // 宗教: 宗教活动场所, 宗教院校, 其他
  '8': '19', // 工会: 基层工会, 其他
  '9': '123', // 工商 (市场监管): 企业, 个体工商户, 农民专业合作社
  A: '19', // 中央军委改革和编制办公室: 军队事业单位, 其他
  N: '1239', // 农业: 组级, 村级, 乡镇级集体经济组织, 其他
  Y: '1', // 其他
};

export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARSET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31]!;
}

// GB 11714: weights over the 8-character body; digits are their value, letters A=10 … Z=35.
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** The check digit of an organisation code body (its 8 first characters): '0'–'9' or 'X'. */
export function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number.parseInt(body8[i]!, 36) * ORG_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** Folds full-width letters and digits (an input method's default) and upper-cases. */
export function normalizeCreditCode(raw: string): string {
  return toHalfWidth(raw).trim().toUpperCase();
}

export function creditCodeError(raw: string): MessageKey | null {
  const code = normalizeCreditCode(raw);
  if (code.length !== 18) return 'creditCode.length';
  for (const ch of code) if (!CREDIT_CODE_CHARSET.includes(ch)) return 'creditCode.charset';
  // An organisation code of all zeros passes both check digits (every sum is 0), so
  // 000000000000000000 — what forms get when someone must fill in "something" — would
  // otherwise be refused only for its first digit, which would not tell the officer why.
  if (code.slice(8, 17) === '000000000') return 'creditCode.orgCodeZero';
  const types = CREDIT_CODE_TYPES[code[0]!];
  if (types === undefined) return 'creditCode.department';
  if (!types.includes(code[1]!)) return 'creditCode.type';
  if (!/^\d{6}$/.test(code.slice(2, 8))) return 'creditCode.region';
  if (orgCodeCheckChar(code.slice(8, 16)) !== code[16]) return 'creditCode.orgCode';
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) return 'creditCode.checkDigit';
  return null;
}
