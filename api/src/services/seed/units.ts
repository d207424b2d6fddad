import type { Town } from '@anxin/shared';

/** The 14 streets and towns of Yiwu, in the city's usual order. */
export const YIWU_TOWNS: readonly Town[] = [
  { id: 'choucheng', name: '稠城街道', kind: 'street' },
  { id: 'beiyuan', name: '北苑街道', kind: 'street' },
  { id: 'choujiang', name: '稠江街道', kind: 'street' },
  { id: 'jiangdong', name: '江东街道', kind: 'street' },
  { id: 'houzhai', name: '后宅街道', kind: 'street' },
  { id: 'chengxi', name: '城西街道', kind: 'street' },
  { id: 'niansanli', name: '廿三里街道', kind: 'street' },
  { id: 'futian', name: '福田街道', kind: 'street' },
  { id: 'fotang', name: '佛堂镇', kind: 'town' },
  { id: 'chian', name: '赤岸镇', kind: 'town' },
  { id: 'yiting', name: '义亭镇', kind: 'town' },
  { id: 'shangxi', name: '上溪镇', kind: 'town' },
  { id: 'suxi', name: '苏溪镇', kind: 'town' },
  { id: 'dachen', name: '大陈镇', kind: 'town' },
];

/**
 * Two of the city's state-owned companies that handle complaints on their own sites, for the
 * demo and the tests. A real bureau adds its own from the admin workspace.
 */
export const DEMO_SOE_UNITS: readonly Town[] = [
  { id: 'soe-chengtou', name: '义乌市城市投资建设集团', kind: 'soe' },
  { id: 'soe-jiaotou', name: '义乌市交通旅游产业发展集团', kind: 'soe' },
];

/** Every unit a demo or test database starts with. */
export const SEED_UNITS: readonly Town[] = [...YIWU_TOWNS, ...DEMO_SOE_UNITS];
