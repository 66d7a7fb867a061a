/** The typhoon's report text and not-modelled reasons, in both report languages (core/i18n.ts). */
import type { Msg } from '../../core/i18n.js';

export const TYPHOON_MSG = {
  notInjured: { zh: '未找到有来源的大风（或其引发的降雨洪涝）致伤率（docs/model.md §2.1）', en: 'no sourced rate of injuries from wind (or from its rain flood) was found (docs/model.md §2.1)' },
  notDeaths: {
    zh: '未找到有来源的大风致死率（按风速或按倒塌房屋）；死亡人数只在启用降雨洪涝链（chain: { flood: {} }）时给出',
    en: 'no sourced rate of wind deaths (per wind speed or per collapsed house) was found; deaths come only with the rain-flood chain (chain: { flood: {} })',
  },
  notTrapped: { zh: '本模型中大风不造成被困；被困人员只在启用降雨洪涝链时给出', en: 'wind traps no one in this model; trapped people come only with the rain-flood chain' },
  head: { zh: '## 台风：大风造成的倒损房屋', en: '## Typhoon: houses destroyed by wind' },
  forEvent: { zh: '本次事件 {n} 户', en: '{n} for the event' },
  perYear: { zh: '每年', en: 'a year' },
  perRealisation: { zh: '每次实现', en: 'per realisation' },
  stats: { zh: '{per}均值 {mean} 户，p95 {p95} 户', en: 'mean {mean} {per}, p95 {p95}' },
  text: {
    zh: '大风造成倒塌或严重损坏、无法居住的房屋（倒塌和严重损坏合计），按户计：{value}。其计算方法是大风造成的无家可归人数（Emanuel 损失率作用于人口）除以本区域户均人口（hazard-parameters.yaml）；损失率不区分倒塌与严重损坏，因此应与灾情统计中的“倒塌和严重损坏房屋”之和比较。',
    en: "Houses destroyed or damaged beyond use by wind (collapsed and severely damaged together), counted as households: {value}. They are the people wind displaces (Emanuel's damage ratio applied to the population) divided by the region's persons per household (hazard-parameters.yaml); the damage ratio does not split collapsed from severely damaged houses, so compare with the sum of both in disaster statistics (倒塌和严重损坏房屋).",
  },
  windDeaths: {
    zh: '大风致死和致伤未建模（未找到按风速或按倒塌房屋计的有来源比率）：如报告中出现台风的死亡和被困人数，仅来自其引发的降雨洪涝（chain: { flood: {} }）。',
    en: "Wind deaths and injuries are not modelled (no sourced rate per wind speed or per destroyed house was found): the typhoon's deaths and trapped people, where shown, come from its rain flood only (chain: { flood: {} }).",
  },
} satisfies Record<string, Msg>;
