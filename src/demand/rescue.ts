/**
 * Rescue outcome of one event (model.md §4.3): trapped people need extraction
 * within 72 h. A 10-person unit works `dutyHoursPerDay` of every 24 and needs
 * rescueTeamHours/trapped hours per extraction (4 h collapse, 1 h flood, from
 * the hazards). Each township is served by the units stationed in it
 * (township and village teams) plus its county's teams, shared among the
 * county's townships in proportion to their extraction workload.
 * Extractions then run at a constant rate until done; a person extracted at
 * hour t survives with the probability S(t) below.
 */
import type { ParamTable } from '../core/params.js';
import { IMPACT, IMPACT_FIELDS } from '../impact/types.js';
import type { Region } from '../region/types.js';

export const RESCUE_PARAMS = {
  dutyHoursPerDay: { value: 16, unit: 'h/day', description: 'hours a rescue unit works per day, in shifts', source: 'assumption (model.md §4.3)', confidence: 'assumption', min: 0, minExclusive: true, max: 24 },
  deadlineHours: { value: 72, unit: 'h', description: 'extraction deadline ("golden 72 hours")', source: 'model.md §4.3', confidence: 'M', min: 1 },
  survivalByDay: {
    value: [0.81, 0.34, 0.25, 0.16, 0.07],
    unit: 'probability',
    description: 'survival of a trapped person extracted on day 1, 2, 3, 4, 5 (days 3–4 interpolated linearly between the day-2 and day-5 values)',
    source: 'Toronto HUSAR: 0.81, 0.34, 0.07 on days 1, 2, 5 (model.md §2.3; M)',
    confidence: 'M',
    min: 0,
    max: 1,
    length: 5,
  },
} satisfies ParamTable;

export type RescueParams = { [K in keyof typeof RESCUE_PARAMS]: (typeof RESCUE_PARAMS)[K]['value'] };

/** ∫₀^T S(t) dt for the day-wise survival step function (S = last value after day 5). */
function survivalIntegral(T: number, byDay: readonly number[]): number {
  let total = 0;
  for (let d = 0; d < byDay.length && T > d * 24; d++) total += byDay[d] * (Math.min(T, (d + 1) * 24) - d * 24);
  if (T > byDay.length * 24) total += byDay[byDay.length - 1] * (T - byDay.length * 24);
  return total;
}

export interface RescueOutcome {
  /** Expected survivors among those extracted by the deadline. */
  survivors: number;
  /** Trapped people not yet extracted at the deadline. */
  unmet: number;
}

/**
 * Rescue outcome summed over townships, with `units` (10-person units stationed per township) and
 * `countyUnits` (per county). `countyHours` is scratch of length region.counties.length. Allocates nothing.
 */
export function rescueOutcome(
  imp: Float64Array,
  region: Region,
  units: Float64Array,
  countyUnits: Float64Array,
  p: RescueParams,
  countyHours: Float64Array,
  out: RescueOutcome,
): void {
  countyHours.fill(0);
  let anyTrapped = false;
  for (let i = 0; i < region.n; i++) {
    const h = imp[i * IMPACT_FIELDS + IMPACT.rescueTeamHours];
    if (h > 0) {
      countyHours[region.countyIndex[i]] += h;
      anyTrapped = true;
    }
  }
  out.survivors = 0;
  out.unmet = 0;
  if (!anyTrapped) return;
  const duty = p.dutyHoursPerDay / 24;
  for (let i = 0; i < region.n; i++) {
    const o = i * IMPACT_FIELDS;
    const trapped = imp[o + IMPACT.trapped];
    const hours = imp[o + IMPACT.rescueTeamHours];
    if (!(trapped > 0) || !(hours > 0)) continue;
    const c = region.countyIndex[i];
    const u = units[i] + countyUnits[c] * (hours / countyHours[c]);
    if (!(u > 0)) {
      out.unmet += trapped;
      continue;
    }
    // extractions per hour of elapsed time
    const rate = (u * duty * trapped) / hours;
    const done = Math.min(trapped, rate * p.deadlineHours);
    const tEnd = done / rate;
    out.survivors += rate * survivalIntegral(tEnd, p.survivalByDay);
    out.unmet += trapped - done;
  }
}
