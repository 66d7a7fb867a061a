/**
 * Shelter capacity LP (docs/model.md §5.3), per county: capacity in persons of
 * class I, II and III at ≥ 1.5 m² a person (GB 21734-2008), enough for the
 * required scenarios with higher classes taking lower-class people
 *   cap_I ≥ D_I,  cap_I + cap_II ≥ D_I + D_II,  cap_I + cap_II + cap_III ≥ D_I + D_II + D_III
 * (each the largest over the scenarios), and at least 1 class I, 2 class II
 * and 5 class III shelters per county (seed 003), each of a minimum size.
 */
import type { Region } from '../region/types.js';
import { LpBuilder } from './lp-builder.js';
import type { PlanParams } from './params.js';
import type { LpScenario } from './scenarios.js';
import type { LpModel } from './solver/types.js';
import { SHELTER_CLASS_NAMES, type Plan } from './types.js';

export interface ShelterModel {
  model: LpModel;
  /** county × class: var indices of capacity and count. */
  capacity: number[][];
  count: number[][];
  required: { code: string; classI: number; classIandII: number; all: number }[];
}

/** `keep`: topUp's current shelters (count and places per county and class), kept as lower bounds. */
export function buildShelterModel(region: Region, scenarios: LpScenario[], p: PlanParams, areaPerPersonM2: number, keep?: Plan['shelters']): ShelterModel {
  const b = new LpBuilder('shelters');
  const capacity: number[][] = [];
  const count: number[][] = [];
  const required = region.counties.map((code, c) => {
    let r1 = 0;
    let r12 = 0;
    let r123 = 0;
    for (const s of scenarios) {
      const d1 = s.shelter[c * 3];
      const d2 = s.shelter[c * 3 + 1];
      const d3 = s.shelter[c * 3 + 2];
      r1 = Math.max(r1, d1);
      r12 = Math.max(r12, d1 + d2);
      r123 = Math.max(r123, d1 + d2 + d3);
    }
    const held = SHELTER_CLASS_NAMES.map((k) => keep?.[code]?.[k]);
    const cap = [0, 1, 2].map((k) => b.v(`cap${SHELTER_CLASS_NAMES[k]}[${code}]`, (p.shelterCostPerM2[k] * areaPerPersonM2) / p.shelterLifeYears / 1000, held[k]?.capacity ?? 0));
    const cnt = [0, 1, 2].map((k) => b.v(`count${SHELTER_CLASS_NAMES[k]}[${code}]`, 0, Math.max(p.shelterMinimumCounts[k], held[k]?.count ?? 0), Infinity, true));
    for (let k = 0; k < 3; k++) b.ge(`minSize${['I', 'II', 'III'][k]}[${code}]`, [[cap[k], 1], [cnt[k], -p.shelterMinCapacity[k]]], 0);
    b.ge(`classI[${code}]`, [[cap[0], 1]], r1);
    b.ge(`classIandII[${code}]`, [[cap[0], 1], [cap[1], 1]], r12);
    b.ge(`all[${code}]`, [[cap[0], 1], [cap[1], 1], [cap[2], 1]], r123);
    capacity.push(cap);
    count.push(cnt);
    return { code, classI: r1, classIandII: r12, all: r123 };
  });
  return { model: b.model, capacity, count, required };
}
