/**
 * The LP's scenarios (docs/model.md §5.1), chosen from the engine's reservoir:
 * the tail reservoir holds every trial above its smallest key (the largest
 * peak-event shelter populations); the uniform reservoir is a hash-keyed
 * sample of all trials with any demand. Together they form two strata with
 * known weights, so the penalty LP's expectation is unbiased, and the tail
 * the reliability LP needs is fully present.
 */
import type { Item } from '../demand/catalogue.js';
import type { DemandParams } from '../demand/params.js';
import type { RunAccumulator } from '../engine/merge.js';
import { sortedEntries } from '../stats/reservoir.js';
import { IMPACT, IMPACT_FIELDS } from '../impact/types.js';
import type { Region } from '../region/types.js';
import { EventDemand } from './evaluate.js';

export interface LpScenario {
  trial: number;
  /** Probability weight of this scenario among all trials. */
  weight: number;
  /** Peak-event people in public shelter: the severity used for ordering. */
  severity: number;
  stratum: 'tail' | 'sample';
  /** Phase-1 and later demand, T × I. */
  phase1: Float64Array;
  later: Float64Array;
  /** People in public shelter by county and class (C × 3). */
  shelter: Float64Array;
  /** Extraction workload (unit-hours) by township. */
  rescueHours: Float64Array;
  /** Σ rescueHours: the severity that orders the scenarios for the team MILP. */
  rescueSeverity: number;
}

export interface ScenarioSet {
  all: LpScenario[];
  trials: number;
  trialsWithDemand: number;
  tailThreshold: number;
  note: string;
}

export function buildScenarios(acc: RunAccumulator, trialsWithDemand: number, region: Region, items: Item[], demand: DemandParams): ScenarioSet {
  const n = acc.trials;
  const ed = new EventDemand(region, items, demand);
  const make = (trial: number, vec: Float64Array, weight: number, stratum: LpScenario['stratum']): LpScenario => {
    const severity = severityOf(vec, ed);
    const rescueHours = new Float64Array(region.n);
    let rescueSeverity = 0;
    for (let t = 0; t < region.n; t++) rescueSeverity += rescueHours[t] = vec[t * IMPACT_FIELDS + IMPACT.rescueTeamHours];
    return { trial, weight, severity, stratum, phase1: ed.phase1.slice(), later: ed.later.slice(), shelter: ed.shelter.slice(), rescueHours, rescueSeverity };
  };
  const tail = sortedEntries(acc.tail);
  const tailFull = acc.tail.size === acc.tail.capacity;
  const tailThreshold = tailFull ? Math.min(...tail.map((e) => e.key)) : 0;
  const tailTrials = new Set(tail.map((e) => e.trial));
  const all: LpScenario[] = tail.map((e) => make(e.trial, e.vector, 1 / n, 'tail'));
  // The sample stratum: trials with demand below the tail threshold (all of them if the tail is not full).
  const sample = sortedEntries(acc.uniform).filter((e) => !tailTrials.has(e.trial));
  const below = tailFull ? sample.filter((e) => severityOf(e.vector, ed) < tailThreshold) : [];
  const stratumCount = Math.max(0, trialsWithDemand - tail.length);
  if (below.length > 0 && stratumCount > 0) {
    const w = stratumCount / below.length / n;
    for (const e of below) all.push(make(e.trial, e.vector, w, 'sample'));
  }
  all.sort((a, b) => b.severity - a.severity || a.trial - b.trial);
  return {
    all,
    trials: n,
    trialsWithDemand,
    tailThreshold,
    note: tailFull
      ? `${tail.length} tail trials (every trial whose largest event shelters more than ${Math.round(tailThreshold)} people, weight 1/${n} each) and ${below.length} sampled trials below that, weighted to stand for the other ${stratumCount} trials with demand`
      : `all ${tail.length} trials with any demand (fewer than the tail reservoir holds), weight 1/${n} each`,
  };
}

/** People in public shelter in an event: the severity that orders the scenarios. */
function severityOf(vec: Float64Array, ed: EventDemand): number {
  ed.compute(vec);
  let s = 0;
  for (let k = 0; k < ed.shelter.length; k++) s += ed.shelter[k];
  return s;
}

/**
 * Scenarios the reliability LP must serve without shortage: every kept scenario whose severity is at
 * most the q-quantile of the trials' severity. At most `max` of them go into the LP: the most severe
 * half, and the rest evenly spread over the remaining ranks (less severe events rarely bind).
 */
export function reliabilityScenarios(set: ScenarioSet, quantileSeverity: number, max: number): { chosen: LpScenario[]; eligible: number } {
  const eligible = set.all.filter((s) => s.severity <= quantileSeverity * (1 + 1e-9));
  return { chosen: mostSevereHalfAndSpread(eligible, max), eligible: eligible.length };
}

/** At most `max` of `eligible` (most severe first): the most severe half of the limit, the rest evenly spread over the remaining ranks. */
function mostSevereHalfAndSpread(eligible: LpScenario[], max: number): LpScenario[] {
  if (eligible.length <= max) return eligible;
  const top = Math.ceil(max / 2);
  const chosen = eligible.slice(0, top);
  const rest = eligible.slice(top);
  const m = max - top;
  for (let k = 0; k < m; k++) chosen.push(rest[Math.floor(((k + 0.5) * rest.length) / m)]);
  return chosen;
}

/**
 * Scenarios the team MILP must serve (docs/model.md §5.2): ordered by rescue workload, not shelter
 * severity, since the trials that shelter most are not those with most people to extract. Every
 * kept scenario with work whose workload is at most `quantileHours` (the severity quantile of the
 * trials' peak-event rescueTeamHours; Infinity: all) is eligible; at most `max` enter, chosen as
 * in reliabilityScenarios. The kept vector is each trial's peak-shelter event, so a trial's
 * largest rescue event is seen only where it is that event too.
 */
export function rescueScenarios(set: ScenarioSet, quantileHours: number, max: number): { chosen: LpScenario[]; eligible: number } {
  const eligible = set.all.filter((s) => s.rescueSeverity > 0 && s.rescueSeverity <= quantileHours * (1 + 1e-9)).sort((a, b) => b.rescueSeverity - a.rescueSeverity || a.trial - b.trial);
  return { chosen: mostSevereHalfAndSpread(eligible, max), eligible: eligible.length };
}
