/**
 * Which metrics a scenario's models compute. A hazard declares the people
 * fields its model leaves out (HazardModule.notModelled); a metric is "not
 * modelled" when no hazard of the scenario computes it, and the outputs then
 * show null with the reason instead of a measured-looking 0. Where some hazards
 * compute it and others do not, the number stands with a note naming the
 * hazards it leaves out.
 */
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

export function metricCoverage(hazards: readonly HazardConfig[]): MetricCoverage {
  const notModelled: Record<string, string> = {};
  const partial: Record<string, string> = {};
  for (const f of FIELDS) {
    const missing = hazards.map((h) => ({ type: h.type, reason: hazardModule(h.type).notModelled?.(h)[f] }));
    const left = missing.filter((m) => m.reason !== undefined);
    if (hazards.length > 0 && left.length === hazards.length) {
      notModelled[f] = [...new Set(left.map((m) => `${m.type}: ${m.reason}`))].join('; ');
    } else if (left.length > 0) {
      partial[f] = `not modelled for ${[...new Set(left.map((m) => m.type))].join(', ')} (${[...new Set(left.map((m) => m.reason))].join('; ')}); the value covers the other hazards only`;
    }
  }
  if (notModelled.evacuated && notModelled.displaced) notModelled.sheltered = 'neither evacuated nor displaced people are modelled';
  for (const [m, f] of Object.entries(DERIVED)) {
    if (notModelled[f]) notModelled[m] = `computed from trapped people, which are not modelled (${notModelled[f]})`;
    else if (partial[f]) partial[m] = `from trapped people, ${partial[f]}`;
  }
  const types = new Set(hazards.map((h) => h.type));
  for (const m of [...hazardMetrics('quantity'), ...hazardMetrics('crossCheck'), ...hazardMetrics('breakdown')]) {
    if (!types.has(m.hazard)) notModelled[m.name] = `computed by the ${m.hazard} model only, and the scenario has no ${m.hazard}`;
  }
  const byEntry = hazards.map((h) => {
    const own: Record<string, string> = { ...(hazardModule(h.type).notModelled?.(h) ?? {}) };
    if (own.evacuated && own.displaced) own.sheltered = 'neither evacuated nor displaced people are modelled';
    return own;
  });
  return { notModelled, partial, byEntry };
}
