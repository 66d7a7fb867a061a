/**
 * Plan evaluation as an engine observer: every event of every trial, each
 * plan's unmet demand, shelter overflow and rescue outcome (evaluate.ts), and
 * per trial the paired differences of each plan against plan 0, the baseline
 * (common random numbers). Its block in the run's layout holds nPlans plan
 * blocks, then nPlans difference blocks (moments only).
 */
import type { ObserverPlugin, TrialObserver } from '../engine/observer.js';
import { observerBlock, type MetricLayout } from '../engine/layout.js';
import type { RunSpec } from '../engine/spec.js';
import { EventDemand, PlanEvaluator, planMetricLayout, type PlanMetricLayout } from './evaluate.js';
import type { CompiledPlan } from './types.js';

export const PLAN_OBSERVER = 'plans';

/** The spec of a run that evaluates `plans` (plan 0 is the baseline of the paired differences). */
export function withPlans(spec: RunSpec, plans: CompiledPlan[], id = `${spec.id}|plans`): RunSpec {
  return { ...spec, id, observe: { plans } satisfies PlanObserverData };
}

interface PlanObserverData {
  plans: CompiledPlan[];
}

/** Region slot of metric `k` (a PlanMetricLayout slot) of plan `q`. */
export function planSlot(l: MetricLayout, q: number, k: number): number {
  return observerBlock(l, PLAN_OBSERVER).base + q * planMetricLayout(l.nItems).width + k;
}

/** Region slot of the paired difference (plan q − plan 0) of metric `k`. */
export function diffSlot(l: MetricLayout, q: number, k: number): number {
  const b = observerBlock(l, PLAN_OBSERVER);
  return b.base + b.width / 2 + q * planMetricLayout(l.nItems).width + k;
}

class PlanObserver implements TrialObserver {
  readonly name = PLAN_OBSERVER;
  readonly width: number;
  readonly histogram: Uint8Array;
  private readonly L: PlanMetricLayout;
  private readonly evaluators: PlanEvaluator[];
  private readonly demand: EventDemand;
  private readonly event: Float64Array;

  constructor(spec: RunSpec, plans: CompiledPlan[]) {
    this.L = planMetricLayout(spec.items.length);
    const w = this.L.width;
    this.width = 2 * plans.length * w;
    // quantiles for every plan metric but the event sums; the paired differences need moments only
    this.histogram = new Uint8Array(this.width);
    for (let q = 0; q < plans.length; q++) for (let k = 0; k < w; k++) this.histogram[q * w + k] = this.L.summed[k] ? 0 : 1;
    this.evaluators = plans.map((pl) => new PlanEvaluator(pl, spec.region, spec.rescue, this.L));
    this.demand = new EventDemand(spec.region, spec.items, spec.demand);
    this.event = new Float64Array(w);
  }

  onEvent(imp: Float64Array, anyTrapped: boolean, r: Float64Array, base: number): void {
    this.demand.compute(imp);
    const w = this.L.width;
    const summed = this.L.summed;
    for (let q = 0; q < this.evaluators.length; q++) {
      this.evaluators[q].evaluate(this.demand, imp, anyTrapped, this.event, 0);
      const o = base + q * w;
      for (let k = 0; k < w; k++) {
        const v = this.event[k];
        if (summed[k]) r[o + k] += v;
        else if (v > r[o + k]) r[o + k] = v;
      }
    }
  }

  onTrialEnd(r: Float64Array, base: number): void {
    const w = this.L.width;
    const nPlans = this.evaluators.length;
    const diff = base + nPlans * w;
    for (let q = 1; q < nPlans; q++) for (let k = 0; k < w; k++) r[diff + q * w + k] = r[base + q * w + k] - r[base + k];
  }
}

function planObservers(spec: RunSpec): TrialObserver[] {
  const data = spec.observe as PlanObserverData | undefined;
  return data && data.plans.length > 0 ? [new PlanObserver(spec, data.plans)] : [];
}

/** What runSimulation takes to evaluate plans (in this thread or in workers/plan-worker.js). */
export const PLAN_EVALUATION: ObserverPlugin = {
  create: planObservers,
  workerFile: new URL('./worker.js', import.meta.url),
};
