/**
 * Which metrics a scenario's models compute. A hazard declares the people
 * fields its model leaves out (HazardModule.notModelled); a metric is "not
 * modelled" when no hazard of the scenario computes it, and the outputs then
 * show null with the reason instead of a measured-looking 0. Where some hazards
 * compute it and others do not, the number stands with a note naming the
 * hazards it leaves out.
 */
import { tr, txt, type Lang, type Msg } from '../core/i18n.js';
import { hazardMetrics, hazardModule } from './registry.js';
import type { HazardConfig, ModelledField } from './types.js';

export interface MetricCoverage {
  /** Metric → why no model of this scenario computes it. */
  notModelled: Record<string, string>;
  /** Metric → which hazards of the scenario leave it out (the value covers the others only). */
  partial: Record<string, string>;
  /** Per hazard entry, in scenario order: the people metrics that entry's model does not compute. */
  byEntry: Record<string, string>[];
}

const FIELDS: readonly ModelledField[] = ['evacuated', 'displaced', 'injured', 'trapped', 'deaths'];
/** Metrics computed from one people field: absent with it. */
const DERIVED: Record<string, ModelledField> = {
  rescueTeamHours: 'trapped',
  unmetExtractions72h: 'trapped',
  rescueSurvivors: 'trapped',
};

/** The sentences coverage adds around the hazards' own reasons. */
export const COVERAGE_MSG = {
  partial: { zh: '该数值仅涵盖其他灾种，不含{hazards}：{reasons}', en: 'not modelled for {hazards} ({reasons}); the value covers the other hazards only' },
  sheltered: { zh: '紧急转移和无家可归人员均未建模', en: 'neither evacuated nor displaced people are modelled' },
  fromTrapped: { zh: '由被困人员推算，而被困人员未建模（{reason}）', en: 'computed from trapped people, which are not modelled ({reason})' },
  fromTrappedPartial: { zh: '由被困人员推算，{reason}', en: 'from trapped people, {reason}' },
  otherHazard: { zh: '仅由{hazard}模型计算，本情景不含{hazard}', en: 'computed by the {hazard} model only, and the scenario has no {hazard}' },
} satisfies Record<string, Msg>;

/** Hazard names for the Chinese reasons (hazards cannot import output's catalogue). */
const HAZARD_ZH: Record<string, string> = { typhoon: '台风', flood: '洪涝', earthquake: '地震', fire: '森林火灾' };

function hazardName(type: string, lang: Lang): string {
  return lang === 'zh' ? (HAZARD_ZH[type] ?? type) : type;
}

/**
 * `lang`: the language of the reasons. summary.json takes the English (the default), which is data and
 * stays as it is; the report asks for its own language.
 */
export function metricCoverage(hazards: readonly HazardConfig[], lang: Lang = 'en'): MetricCoverage {
  const notModelled: Record<string, string> = {};
  const partial: Record<string, string> = {};
  const sep = lang === 'zh' ? '；' : '; ';
  const colon = lang === 'zh' ? '：' : ': ';
  const reasonsOf = (h: HazardConfig): Record<string, string> => Object.fromEntries(Object.entries(hazardModule(h.type).notModelled?.(h) ?? {}).map(([k, v]) => [k, txt(lang, v!)]));
  const reasons = hazards.map(reasonsOf);
  for (const f of FIELDS) {
    const missing = hazards.map((h, k) => ({ type: h.type, reason: reasons[k][f] }));
    const left = missing.filter((m) => m.reason !== undefined);
    if (hazards.length > 0 && left.length === hazards.length) {
      notModelled[f] = [...new Set(left.map((m) => `${hazardName(m.type, lang)}${colon}${m.reason}`))].join(sep);
    } else if (left.length > 0) {
      partial[f] = tr(lang, COVERAGE_MSG.partial, { hazards: [...new Set(left.map((m) => hazardName(m.type, lang)))].join(lang === 'zh' ? '、' : ', '), reasons: [...new Set(left.map((m) => m.reason))].join(sep) });
    }
  }
  if (notModelled.evacuated && notModelled.displaced) notModelled.sheltered = tr(lang, COVERAGE_MSG.sheltered);
  for (const [m, f] of Object.entries(DERIVED)) {
    if (notModelled[f]) notModelled[m] = tr(lang, COVERAGE_MSG.fromTrapped, { reason: notModelled[f] });
    else if (partial[f]) partial[m] = tr(lang, COVERAGE_MSG.fromTrappedPartial, { reason: partial[f] });
  }
  const types = new Set(hazards.map((h) => h.type));
  for (const m of [...hazardMetrics('quantity'), ...hazardMetrics('crossCheck'), ...hazardMetrics('breakdown')]) {
    if (!types.has(m.hazard)) notModelled[m.name] = tr(lang, COVERAGE_MSG.otherHazard, { hazard: hazardName(m.hazard, lang) });
  }
  const byEntry = hazards.map((_h, k) => {
    const own: Record<string, string> = { ...reasons[k] };
    if (own.evacuated && own.displaced) own.sheltered = tr(lang, COVERAGE_MSG.sheltered);
    return own;
  });
  return { notModelled, partial, byEntry };
}
