import type { Claimant, Employer } from '@anxin/shared';
import {
  CREDIT_CODE_CHARSET,
  creditCodeCheckChar,
  orgCodeCheckChar,
  residentIdCheckChar,
} from '@anxin/shared';

/** mulberry32: a small deterministic PRNG, so the demo data is the same on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = () => number;

export function int(rand: Rand, min: number, max: number): number {
  return min + Math.floor(rand() * (max - min + 1));
}

export function pick<T>(rand: Rand, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

/**
 * A valid unified social credit code of a Yiwu (330782) enterprise (9 工商, 1 企业): a random
 * organisation code body with its GB 11714 check digit, then the GB 32100 check character.
 */
export function creditCode(rand: Rand): string {
  let body = '';
  for (let i = 0; i < 8; i++) body += CREDIT_CODE_CHARSET[int(rand, 0, 30)];
  // All zeros is the placeholder code, refused as not real (and vanishingly unlikely).
  if (body === '00000000') body = '00000001';
  const first17 = `91330782${body}${orgCodeCheckChar(body)}`;
  return first17 + creditCodeCheckChar(first17);
}

const HOME_REGIONS = [
  { code: '522101', province: '贵州' },
  { code: '510122', province: '四川' },
  { code: '411323', province: '河南' },
  { code: '362330', province: '江西' },
  { code: '342221', province: '安徽' },
  { code: '430524', province: '湖南' },
  { code: '532128', province: '云南' },
  { code: '330782', province: '浙江' },
  { code: '450881', province: '广西' },
  { code: '421122', province: '湖北' },
] as const;

/** A valid 18-digit resident ID (GB 11643) born between 1966 and 2004. */
export function residentId(rand: Rand, regionCode: string): string {
  const y = int(rand, 1966, 2004);
  const m = String(int(rand, 1, 12)).padStart(2, '0');
  const d = String(int(rand, 1, 28)).padStart(2, '0');
  const seq = String(int(rand, 0, 999)).padStart(3, '0');
  const first17 = `${regionCode}${y}${m}${d}${seq}`;
  return first17 + residentIdCheckChar(first17);
}

export function mobile(rand: Rand): string {
  const prefix = pick(rand, [
    '135',
    '136',
    '137',
    '138',
    '139',
    '150',
    '151',
    '158',
    '159',
    '187',
    '188',
    '177',
    '199',
  ]);
  let rest = '';
  for (let i = 0; i < 8; i++) rest += String(int(rand, 0, 9));
  return prefix + rest;
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢';
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '华',
  '平',
  '刚',
  '桂英',
  '建华',
  '志强',
  '海燕',
  '小红',
  '国庆',
  '春梅',
  '德明',
  '玉兰',
];

export function personName(rand: Rand): string {
  return pick(rand, [...SURNAMES]) + pick(rand, GIVEN);
}

const FIRM_WORDS = [
  '华丰',
  '金诚',
  '鑫达',
  '恒源',
  '宏图',
  '嘉禾',
  '联创',
  '星辰',
  '锦绣',
  '万邦',
  '正泰',
  '天成',
  '瑞祥',
  '博远',
  '隆盛',
  '亿嘉',
  '美佳',
  '福源',
  '创新',
  '东方',
];
const FIRM_TRADES = [
  '电子',
  '饰品',
  '包装',
  '针织',
  '工艺品',
  '日用品',
  '玩具',
  '五金',
  '服饰',
  '文具',
  '显示器材',
  '塑料制品',
  '袜业',
  '化妆品',
  '物流',
  '建筑劳务',
];
const STREETS = [
  '工人北路',
  '稠州北路',
  '宗泽路',
  '江滨北路',
  '丹溪北路',
  '春风大道',
  '佛堂大道',
  '环城西路',
  '商城大道',
  '雪峰西路',
];

export function employer(rand: Rand): Employer {
  const e: Employer = {
    name: `义乌市${pick(rand, FIRM_WORDS)}${pick(rand, FIRM_TRADES)}有限公司`,
    creditCode: creditCode(rand),
    contactName: personName(rand),
    contactPhone: mobile(rand),
    address: `浙江省义乌市${pick(rand, STREETS)}${int(rand, 1, 999)}号`,
  };
  return e;
}

/**
 * A worker's claim: amounts in whole yuan (as owed wages are), stored in fen; the wage
 * period is one to three whole months ending at least a month before `receivedMs`.
 */
export function claimant(rand: Rand, withId: boolean, receivedMs = Date.now()): Claimant {
  const region = pick(rand, HOME_REGIONS);
  const received = new Date(receivedMs);
  const endMonth = received.getUTCMonth() - int(rand, 1, 3);
  const months = int(rand, 0, 2);
  const day = (monthOffset: number, d: number) =>
    new Date(Date.UTC(received.getUTCFullYear(), monthOffset, d)).toISOString().slice(0, 10);
  const c: Claimant = {
    name: personName(rand),
    mobile: mobile(rand),
    homeProvince: region.province,
    owedFen: int(rand, 15, 600) * 10_000,
    periodFrom: day(endMonth - months, 1),
    periodTo: day(endMonth, 28),
  };
  if (withId) c.idNumber = residentId(rand, region.code);
  return c;
}

const DESCRIPTIONS = [
  '离职后工资一直未结清，多次催讨无果。',
  '公司经营困难，拖欠近两个月工资。',
  '包工头失联，工人工资无人支付。',
  '老板称货款未回笼，暂缓发放工资。',
  '试用期工资未按约定支付。',
  '年底结算时扣发部分工资，双方对工时有争议。',
];

export function description(rand: Rand): string {
  return pick(rand, DESCRIPTIONS);
}
