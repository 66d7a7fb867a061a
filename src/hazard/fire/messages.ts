/** The forest fire's report text and not-modelled reason, in both report languages (core/i18n.ts). */
import type { Msg } from '../../core/i18n.js';

export const FIRE_MSG = {
  notModelled: { zh: '森林火灾模型（docs/model.md §2.4）只给出紧急转移人数和扑火需求', en: 'the forest-fire model (docs/model.md §2.4) gives evacuations and firefighting demand only' },
  head: { zh: '## 森林火灾', en: '## Forest fires' },
  text: {
    zh: '防火期：{season}。年均过火面积：均值 {mean} 公顷，p95 {p95} 公顷；扑火需求 p95 为每年 {teamDays} 队·日（30人队伍）。',
    en: 'Fire season: {season}. Burned area per year: mean {mean} ha, p95 {p95} ha; firefighting demand p95 {teamDays} team-days (30-person teams) a year.',
  },
  colClass: { zh: '森林火灾等级（《森林防火条例》第四十条）', en: 'fire class (森林防火条例 art. 40)' },
  colPerYear: { zh: '每年起数', en: 'fires per year' },
  colAtLeastOne: { zh: 'P(至少一起)', en: 'P(at least one)' },
  season: { zh: '2—4月（山东 2002—2015 年；M）', en: 'February–April (Shandong 2002–2015; M)' },
} satisfies Record<string, Msg>;

/** The fire classes of params.ts FIRE_CLASSES, in Chinese, in the same order. */
export const FIRE_CLASSES_ZH = ['一般森林火灾（< 1 公顷）', '较大森林火灾（1–100 公顷）', '重大森林火灾（100–1,000 公顷）', '特别重大森林火灾（≥ 1,000 公顷）'] as const;
