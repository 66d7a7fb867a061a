/** The flood's not-modelled reason, in both report languages (core/i18n.ts). */
import type { Msg } from '../../core/i18n.js';

export const FLOOD_MSG = {
  notInjured: {
    zh: '没有有来源的洪涝致伤率（docs/model.md §2.2 未给出；Jonkman 只给出死亡，我国洪涝灾情通报只报告死亡和失踪，不报告受伤）',
    en: "no sourced flood injury rate (docs/model.md §2.2 gives none; Jonkman gives deaths only, and China's flood bulletins report deaths and missing, not injuries)",
  },
} satisfies Record<string, Msg>;
