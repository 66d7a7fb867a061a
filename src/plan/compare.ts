/**
 * `sim compare`'s pipeline and decisions: load the plans, evaluate them all on
 * the same simulated trials (common random numbers), cost them, take paired
 * differences against the baseline and rank them.
 */
import { relative } from 'node:path';
import { InputError } from '../core/errors.js';
import { resolveParams } from '../core/params.js';
import type { Item } from '../demand/catalogue.js';
import { runSimulation, type RunOptions, type RunResult } from '../engine/run.js';
import { withoutTrialVectors, type RunSpec } from '../engine/spec.js';
import { diffSlot, PLAN_EVALUATION, withPlans } from './observer.js';
import type { PlanRunInput } from './pipeline.js';
import { planCostSplit, type PlanCostSplit } from './cost.js';
import { planMetricLayout } from './evaluate.js';
import { evaluationOf, type PlanEvaluation } from './evaluation.js';
import { loadPlanFile, planFiles } from './file.js';
import { currentHoldings, loadDepots } from './holdings.js';
import { PLAN_PARAMS, type PlanParams } from './params.js';
import { SHELTER_CLASS_NAMES, type Depot, type Plan } from './types.js';

const Z95 = 1.959963984540054;

export interface PairedDifference {
  mean: number;
  se: number;
  /** |mean| > 1.96 s.e.: the plans differ beyond Monte Carlo noise (95 %). */
  distinguishable: boolean;
}

export interface ComparedPlan {
  name: string;
  file: string;
  /** Against the region's current holdings: what the plan adds, once and a year, and its total. */
  cost: PlanCostSplit;
  evaluation: PlanEvaluation;
  /** Against the baseline, trial by trial: this plan minus the baseline. */
  vsBaseline: Record<string, PairedDifference>;
}

export interface PlanRanking {
  /** Plan indices, best first. */
  order: number[];
  /** By plan index: on the cost–shortfall frontier. */
  frontier: boolean[];
}

/** Every plan of the run (plan 0 the baseline) with its evaluation and its paired differences against the baseline. */
export function comparePlans(r: RunResult, names: string[], files: string[], costs: PlanCostSplit[], items: Item[]): ComparedPlan[] {
  const L = planMetricLayout(items.length);
  const l = r.layout;
  const n = r.acc.trials;
  const diff = (q: number, k: number): PairedDifference => {
    const idx = diffSlot(l, q, k);
    const sum = r.acc.sum(idx);
    const mean = sum / n;
    const variance = n > 1 ? Math.max(0, (r.acc.sumSq(idx) - n * mean * mean) / (n - 1)) : 0;
    const se = Math.sqrt(variance / n);
    return { mean, se, distinguishable: se > 0 ? Math.abs(mean) > Z95 * se : mean !== 0 };
  };
  return names.map((name, q) => {
    const vs: Record<string, PairedDifference> = { pAnyShortfall: diff(q, L.anyShortfall), pPhase1Shortfall: diff(q, L.anyShortfallPhase1) };
    items.forEach((it, i) => {
      vs[`unmetPhase1.${it.id}`] = diff(q, L.unmetPhase1 + i);
      vs[`unmetLater.${it.id}`] = diff(q, L.unmetLater + i);
    });
    SHELTER_CLASS_NAMES.forEach((c, k) => (vs[`shelterOverflow.${c}`] = diff(q, L.shelterOverflow + k)));
    vs.unmetExtractions72h = diff(q, L.rescueUnmet);
    vs.rescueSurvivors = diff(q, L.rescueSurvivors);
    return { name, file: files[q], cost: costs[q], evaluation: evaluationOf(r, q, name, items), vsBaseline: vs };
  });
}

/** Plans ranked: most reliable first, then cheaper; and which are on the cost–shortfall frontier. */
export function rank(plans: Pick<ComparedPlan, 'cost' | 'evaluation'>[]): PlanRanking {
  const order = plans.map((_, i) => i).sort((a, b) => plans[a].evaluation.pAnyShortfall.p - plans[b].evaluation.pAnyShortfall.p || plans[a].cost.added.annual - plans[b].cost.added.annual);
  const frontier = plans.map((p, i) =>
    !plans.some((o, j) => j !== i && o.cost.added.annual <= p.cost.added.annual && o.evaluation.pAnyShortfall.p <= p.evaluation.pAnyShortfall.p && (o.cost.added.annual < p.cost.added.annual || o.evaluation.pAnyShortfall.p < p.evaluation.pAnyShortfall.p)),
  );
  return { order, frontier };
}

export interface Comparison {
  result: RunResult;
  /** Baseline first, then the other plans in the order given. */
  plans: ComparedPlan[];
  ranking: PlanRanking;
  baseline: string;
}

/** A comparison ready to simulate: the plans read and checked, and the pass's spec. */
export interface PreparedComparison {
  /** The evaluation pass's spec: every plan, baseline first. */
  spec: RunSpec;
  ordered: { file: string; plan: Plan }[];
  params: PlanParams;
  /** The region's depots the plans were read against. */
  depots: Depot[];
}

/**
 * Read and check every plan (files, or folders of them) before anything is simulated, so one bad plan
 * stops the run with nothing evaluated half-way. `baseline` is a plan name or file (default: the first plan).
 */
export function prepareComparison(c: PlanRunInput, planArgs: string[], baseline: string | undefined): PreparedComparison {
  const { region, items, spec } = c;
  const params = (c.optimize?.params ?? resolveParams(PLAN_PARAMS, undefined, 'optimize.parameters').values) as PlanParams;
  const depots = loadDepots(region);
  const files = planFiles(planArgs);
  const loaded = files.map((f) => ({ file: f, ...loadPlanFile(f, region, depots, items, params) }));
  let base = 0;
  if (baseline !== undefined) {
    base = loaded.findIndex((p) => p.plan.name === baseline || p.file === baseline || relative(process.cwd(), p.file) === relative(process.cwd(), baseline));
    if (base < 0) throw new InputError(`--baseline: expected the name or file of one of the plans (${loaded.map((p) => JSON.stringify(p.plan.name)).join(', ')}), found ${JSON.stringify(baseline)}`);
  }
  const ordered = [loaded[base], ...loaded.filter((_, i) => i !== base)];
  const evalSpec = withoutTrialVectors(spec); // nothing here reads the kept trials' vectors
  // nor the simulation's own statistics: only the plans' metrics are accumulated
  return { spec: { ...withPlans(evalSpec, ordered.map((p) => p.compiled), evalSpec.id), observersOnly: true }, ordered, params, depots };
}

/** Cost, compare and rank the plans from the evaluation pass's result. */
export function finishComparison(c: PlanRunInput, prep: PreparedComparison, result: RunResult): Comparison {
  const { region, items, spec } = c;
  const { ordered, params, depots } = prep;
  const area = spec.demand.shelterAreaPerPersonM2;
  // every plan costed the same way: what it adds over the current holdings
  const current = currentHoldings(region, depots, items);
  const costs = ordered.map((p) => planCostSplit(p.plan, current, items, params, area));
  const names = ordered.map((p) => p.plan.name);
  const shown = ordered.map((p) => relative(process.cwd(), p.file) || p.file);
  const plans = comparePlans(result, names, shown, costs, items);
  return { result, plans, ranking: rank(plans), baseline: names[0] };
}

/** Read the plans, simulate once with all of them, and compare them. */
export async function compareScenarioPlans(c: PlanRunInput, planArgs: string[], baseline: string | undefined, run: RunOptions): Promise<Comparison> {
  const prep = prepareComparison(c, planArgs, baseline);
  const result = await runSimulation(prep.spec, { ...run, observers: PLAN_EVALUATION });
  return finishComparison(c, prep, result);
}
