/** Terms every report shares: people metrics, hazards, modes, "not modelled". */
import type { Msg } from '../../core/i18n.js';

export const METRIC: Record<string, Msg> = {
  evacuated: { zh: '紧急转移', en: 'Evacuated' },
  displaced: { zh: '无家可归（需安置）', en: 'Displaced' },
  sheltered: { zh: '集中安置', en: 'In public shelter' },
  deaths: { zh: '死亡', en: 'Deaths' },
  injured: { zh: '受伤', en: 'Injured' },
  trapped: { zh: '被困', en: 'Trapped' },
};

export const HAZARD: Record<string, Msg> = {
  typhoon: { zh: '台风', en: 'Typhoon' },
  flood: { zh: '洪涝', en: 'Flood' },
  earthquake: { zh: '地震', en: 'Earthquake' },
  fire: { zh: '森林火灾', en: 'Forest fire' },
};

export const COMMON = {
  notModelled: { zh: '未建模', en: 'not modelled' },
  people: { zh: '人', en: 'people' },
  yuan: { zh: '元', en: '¥' },
  perYear: { zh: '每年', en: 'a year' },
  largestEvent: { zh: '年内最大一次事件', en: 'largest event of the year' },
  perRealisation: { zh: '每次事件实现', en: 'per realisation of the event' },
  drill: { zh: '演练情景（每次试验结果相同）', en: 'a drill (every trial gives the same numbers)' },
} satisfies Record<string, Msg>;
