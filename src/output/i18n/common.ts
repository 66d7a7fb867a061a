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

/** Units of the relief-item catalogue (datasets/items.csv `unit`), by their English code. */
export const UNIT: Record<string, Msg> = {
  tent: { zh: '顶', en: 'tent' },
  quilt: { zh: '床', en: 'quilt' },
  bed: { zh: '张', en: 'bed' },
  litre: { zh: '升', en: 'litre' },
  kg: { zh: '千克', en: 'kg' },
  kit: { zh: '套', en: 'kit' },
  toilet: { zh: '座', en: 'toilet' },
};

/** Depot tiers (holdings/depots.csv `tier`), in the seeds' words (县级/乡镇级/村级). */
export const TIER: Record<string, Msg> = {
  city: { zh: '市级', en: 'city' },
  county: { zh: '县级', en: 'county' },
  township: { zh: '乡镇级', en: 'township' },
  village: { zh: '村级', en: 'village' },
  contract: { zh: '协议储备', en: 'contract' },
};

/** The parts of a plan and its sizing problems (plan/cost.ts byPart keys, optimize problems). */
export const PART: Record<string, Msg> = {
  stockpiles: { zh: '救灾物资储备', en: 'stockpiles' },
  contracts: { zh: '协议储备', en: 'contracts' },
  teams: { zh: '应急救援队伍', en: 'teams' },
  shelters: { zh: '应急避难场所', en: 'shelters' },
};
