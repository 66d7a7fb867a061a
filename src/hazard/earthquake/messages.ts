/** The earthquake's report text and not-modelled reasons, in both report languages (core/i18n.ts). */
import type { Msg } from '../../core/i18n.js';
import type { PagerType } from '../../impact/pager-china.js';

export const EARTHQUAKE_MSG = {
  notEvacuated: {
    zh: '地震发生前没有预警，震前无人转移；震后离家的人员计入无家可归（紧急转移安置）',
    en: 'an earthquake comes without warning, so no one is evacuated before it; people who leave their homes after the shock are counted as displaced (紧急转移安置)',
  },
  collapsedOccupants: { zh: '倒塌房屋内人员', en: 'Occupants of collapsed buildings' },
  head: { zh: '## 地震死亡：两个模型', en: '## Earthquake deaths: two models' },
  perYear: { zh: '每年', en: 'a year' },
  perEvent: { zh: '本次事件', en: 'for the event' },
  perRealisation: { zh: '每次实现', en: 'per realisation' },
  meanWord: { zh: '均值', en: 'mean ' },
  headline: {
    zh: '死亡人数（主要结果）：{per}{mean} {deaths} 人，采用 PAGER 中国经验模型（按烈度的死亡率），并以中国近年地震校准（参数 empiricalScale）。PAGER 半经验模型按本区域的建筑结构构成（building-mix.csv）和发震时刻分建筑类型计算倒塌，得到 {semi} 人：死亡人数宜理解为 {low}–{high} 人。',
    en: "Deaths (the headline): {mean}{deaths} {per}, by PAGER's empirical model for China (death rate by intensity) calibrated on recent Chinese earthquakes (parameter empiricalScale). PAGER's semi-empirical model, which counts collapses by building type with this region's building mix (building-mix.csv) and the hour of the event, gives {semi}: read the deaths as {low}–{high}.",
  },
  trust: {
    zh: '以哪个为准：以主要结果为准。在六次中国历史地震上（`sim backtest`，docs/backtest.md），校准后的经验模型经样本外检验，每次都与实际死亡人数相差不超过3倍；半经验模型则高估约35倍，主要是在 VI–VII 度计入了死亡，而实际地震在这些烈度下几乎不造成死亡。即便如此，单次事件的死亡人数仍可能上下相差数倍，且六次中等强度的中国西部地震样本偏少。倒塌、被困人员和救援需求来自半经验模型，它是唯一计算倒塌房屋的模型：鉴于其对死亡的高估，被困人数和救援工作量应视为上限。',
    en: "Which to trust: the headline. On six historical Chinese earthquakes (`sim backtest`, docs/backtest.md) the calibrated empirical model, scored out of sample, came within a factor of 3 of the observed deaths every time; the semi-empirical model over-predicted about 35-fold, mostly by counting deaths at intensities VI–VII, where real earthquakes kill almost no one. Still, one event's toll is uncertain by a factor of several either way, and six moderate western-China events are a small base. Collapses, trapped people and rescue demand come from the semi-empirical model, the only one that counts collapsed buildings: given how it over-predicted deaths, read trapped people and the rescue workload as an upper bound.",
  },
  byTypeLead: { zh: '半经验模型按建筑类型的死亡人数（{share}）：可看出建筑结构构成的影响。', en: 'Semi-empirical deaths by building type ({share}): where the building mix matters.' },
  share: { zh: '占比', en: 'share' },
  shareOfMean: { zh: '占均值的比例', en: 'share of the mean' },
  colType: { zh: '建筑类型（PAGER）', en: 'building type (PAGER)' },
  colDeaths: { zh: '死亡', en: 'deaths' },
  colDeathsMean: { zh: '死亡（均值）', en: 'deaths, mean' },
  colShare: { zh: '占比', en: 'share' },
} satisfies Record<string, Msg>;

/** PAGER building types in Chinese (impact/pager-china.ts PAGER_TYPE_NAMES gives the English). */
export const PAGER_TYPE_ZH: Record<PagerType, string> = {
  A: '土坯墙（未烧制泥砖）',
  UFB1: '泥浆砌筑无木柱的无筋砖墙',
  UFB: '无筋烧结砖砌体',
  RS: '毛石或块石砌体',
  UCB: '无筋混凝土砌块砌体',
  C3: '砌体填充墙非延性钢筋混凝土框架',
  C1: '延性钢筋混凝土框架',
  C2: '钢筋混凝土剪力墙',
  S5: '无筋砌体填充墙钢框架',
  W: '木结构',
};
