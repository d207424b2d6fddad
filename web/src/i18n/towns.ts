import type { Lang } from '@anxin/shared';

/**
 * Display names of the 14 streets and towns of Yiwu, keyed by the town ids the server's
 * seed uses. Cases carry only the id; an id not listed here (a town added later by an
 * administrator) is shown as the id itself rather than hidden.
 */
const TOWNS: Record<string, { zh: string; en: string }> = {
  choucheng: { zh: '稠城街道', en: 'Choucheng' },
  beiyuan: { zh: '北苑街道', en: 'Beiyuan' },
  choujiang: { zh: '稠江街道', en: 'Choujiang' },
  jiangdong: { zh: '江东街道', en: 'Jiangdong' },
  houzhai: { zh: '后宅街道', en: 'Houzhai' },
  chengxi: { zh: '城西街道', en: 'Chengxi' },
  niansanli: { zh: '廿三里街道', en: 'Niansanli' },
  futian: { zh: '福田街道', en: 'Futian' },
  fotang: { zh: '佛堂镇', en: 'Fotang' },
  chian: { zh: '赤岸镇', en: 'Chi’an' },
  yiting: { zh: '义亭镇', en: 'Yiting' },
  shangxi: { zh: '上溪镇', en: 'Shangxi' },
  suxi: { zh: '苏溪镇', en: 'Suxi' },
  dachen: { zh: '大陈镇', en: 'Dachen' },
};

export function townName(id: string, lang: Lang): string {
  return TOWNS[id]?.[lang] ?? id;
}

/** Every town this build knows by name, in the order the city lists them. */
export const KNOWN_TOWN_IDS: readonly string[] = Object.keys(TOWNS);
