/**
 * How a plan performs on every simulated trial (docs/model.md §5.4): Monte Carlo
 * estimates from the plan metrics the evaluator accumulated, including the
 * out-of-sample reliability the candidate choice and the policy checks use.
 */
import type { Item } from '../demand/catalogue.js';
import type { RunResult } from '../engine/run.js';
import { describe } from '../stats/describe.js';
import { planMetricLayout } from './evaluate.js';
import { planSlot } from './observer.js';
import { SHELTER_CLASS_NAMES } from './types.js';

export interface Estimate {
  mean: number;
  se: number;
  p95: number;
}

export interface PlanEvaluation {
  plan: string;
  /** P(some item short in some event of the trial), with its Monte Carlo standard error. */
  pAnyShortfall: { p: number; se: number };
  /** P(some item short within the phase-1 window). */
  pPhase1Shortfall: { p: number; se: number };
  /** 1 − pAnyShortfall: the out-of-sample reliability. */
  reliability: number;
  items: Record<string, { unmetPhase1: Estimate; unmetLater: Estimate; phase1MetShare: number }>;
  /** Share of all phase-1 demand (every item, in item units weighted by unit cost) met within the window. */
  phase1MetShareByCost: number;
  shelterOverflow: Record<string, Estimate> & { pAny: number };
  unmetExtractions72h: Estimate;
  rescueSurvivors: Estimate;
}

/** The evaluation of plan `planIndex` of the run (0 = the first plan the run evaluates, plan/observer.ts). */
export function evaluationOf(r: RunResult, planIndex: number, planName: string, items: Item[]): PlanEvaluation {
  const L = planMetricLayout(items.length);
  const l = r.layout;
  const acc = r.acc;
  const n = acc.trials;
  const base = planSlot(l, planIndex, 0);
  const est = (k: number): Estimate => {
    const d = describe({ n, sum: acc.sum(base + k), sumSq: acc.sumSq(base + k) }, acc.region.view(base + k), { returnPeriods: false });
    return { mean: d.mean, se: d.se, p95: d.p95 };
  };
  const any = est(L.anyShortfall);
  const itemsOut: PlanEvaluation['items'] = {};
  let dCost = 0;
  let uCost = 0;
  items.forEach((it, i) => {
    const d = acc.sum(base + L.demandPhase1Sum + i);
    const u = acc.sum(base + L.unmetPhase1Sum + i);
    dCost += d * it.unitCostCny;
    uCost += u * it.unitCostCny;
    itemsOut[it.id] = { unmetPhase1: est(L.unmetPhase1 + i), unmetLater: est(L.unmetLater + i), phase1MetShare: d > 0 ? 1 - u / d : 1 };
  });
  const overflow: Record<string, Estimate> = {};
  SHELTER_CLASS_NAMES.forEach((c, k) => (overflow[c] = est(L.shelterOverflow + k)));
  return {
    plan: planName,
    pAnyShortfall: { p: any.mean, se: any.se },
    pPhase1Shortfall: { p: est(L.anyShortfallPhase1).mean, se: est(L.anyShortfallPhase1).se },
    reliability: 1 - any.mean,
    items: itemsOut,
    phase1MetShareByCost: dCost > 0 ? 1 - uCost / dCost : 1,
    shelterOverflow: { ...overflow, pAny: est(L.shelterOverflowAny).mean } as PlanEvaluation['shelterOverflow'],
    unmetExtractions72h: est(L.rescueUnmet),
    rescueSurvivors: est(L.rescueSurvivors),
  };
}
