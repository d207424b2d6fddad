import type { Lang, Unit } from '@anxin/shared';
import { PUBLIC_INTAKE_UNIT } from '@anxin/shared';

/**
 * Display names of the 14 streets and towns of Yiwu, keyed by the town ids the server's
 * seed uses, with their English names. Every other unit (a state-owned company, a unit an
 * administrator added) is named from the device's units table, which pull keeps current;
 * an id known to neither is shown as the id itself rather than hidden.
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

/**
 * The units this device has received (App keeps it in step with the units table). A
 * directory cache, not state: every value it holds is also in IndexedDB, and an empty one
 * only means the 14 built-in towns are used until the first pull.
 */
let received: readonly Unit[] = [];

export function rememberUnits(units: readonly Unit[]): void {
  received = units;
}

/** The public channel's holding unit (PUBLIC_INTAKE_UNIT) says what it means to the office. */
const HOLDING: Record<string, { zh: string; en: string }> = {
  [PUBLIC_INTAKE_UNIT.id]: { zh: '不清楚（待分派）', en: 'Unit unknown (to dispatch)' },
};

export function townName(id: string, lang: Lang): string {
  return HOLDING[id]?.[lang] ?? TOWNS[id]?.[lang] ?? received.find((u) => u.id === id)?.name ?? id;
}

/** Units that take cases, in the city's order: the received list, or the built-in towns. */
export function activeUnitIds(): readonly string[] {
  return received.length > 0
    ? received.filter((u) => u.active).map((u) => u.id)
    : Object.keys(TOWNS);
}
