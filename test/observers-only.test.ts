/**
 * The observers-only pass (spec.observersOnly, issue 13): sim run's evaluation pass and sim compare
 * accumulate only the plans' metrics, because the first pass over the same trials holds the rest.
 * Its plan metrics must be the full pass's, bit for bit (moments, histograms), whatever the worker
 * count, and nothing else may be accumulated.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../src/engine/run.js';
import { withoutTrialVectors } from '../src/engine/spec.js';
import { evaluationOf } from '../src/plan/evaluation.js';
import { loadPlanFile } from '../src/plan/file.js';
import { compilePlan, loadDepots } from '../src/plan/holdings.js';
import { PLAN_EVALUATION, withPlans } from '../src/plan/observer.js';
import { compileScenario } from '../src/scenario/compile.js';
import { ROOT } from './helpers.js';

describe('observers-only pass', () => {
  // multi-hazard: events of every kind, trapped people (the rescue part of the evaluation) included
  const c = compileScenario(join(ROOT, 'scenarios', 'multi-hazard.yaml'), { trials: 3000 });
  const params = c.scenario.optimize!.params;
  const depots = loadDepots(c.region);
  const files = readdirSync(join(ROOT, 'plans')).filter((f) => f.endsWith('.yaml')).sort();
  const plans = files.map((f, k) => compilePlan(loadPlanFile(join(ROOT, 'plans', f), c.region, depots, c.items, params).plan, c.region, depots, c.items, params, `plan ${k}`));
  const full = withPlans(withoutTrialVectors(c.spec), plans, 'full');
  const only = { ...withPlans(withoutTrialVectors(c.spec), plans, 'only'), observersOnly: true };

  it('gives the full pass’s plan metrics bit for bit, and accumulates nothing else', async () => {
    const a = await runSimulation(full, { workers: 0, observers: PLAN_EVALUATION });
    const b = await runSimulation(only, { workers: 0, observers: PLAN_EVALUATION });
    const l = a.layout;
    const first = l.observers[0].base;
    expect(b.layout.nRegion).toBe(l.nRegion);
    for (let k = first; k < l.nRegion; k++) {
      expect(b.acc.sum(k)).toBe(a.acc.sum(k));
      expect(b.acc.sumSq(k)).toBe(a.acc.sumSq(k));
    }
    const counts = (r: typeof a, k: number) => Array.from(r.acc.region.counts.subarray(k * r.acc.region.nBins, (k + 1) * r.acc.region.nBins));
    for (let k = first; k < l.nHistogrammed; k++) expect(counts(b, k)).toEqual(counts(a, k));
    plans.forEach((p, q) => expect(evaluationOf(b, q, p.name, c.items)).toEqual(evaluationOf(a, q, p.name, c.items)));
    // the simulation's own statistics are left to the first pass
    for (let k = 0; k < first; k++) expect(b.acc.sum(k)).toBe(0);
    expect(b.acc.township.nonzero.every((x) => x === 0)).toBe(true);
    expect(b.acc.uniform.size + b.acc.tail.size).toBe(0);
    // while the full pass did accumulate them (the trials have events)
    expect(a.acc.sum(l.annual + l.metric.evacuated)).toBeGreaterThan(0);
    expect(a.acc.sum(l.annual + l.metric.trapped)).toBeGreaterThan(0); // so the rescue part (anyTrapped) is exercised
    expect(evaluationOf(a, 0, 'x', c.items).reliability).toBeLessThan(1);
  });

  it('is the same on 2 workers as in this thread', async () => {
    const local = await runSimulation({ ...only, id: 'only-0' }, { workers: 0, observers: PLAN_EVALUATION });
    const pooled = await runSimulation({ ...only, id: 'only-2' }, { workers: 2, observers: PLAN_EVALUATION });
    expect(Array.from(pooled.acc.moments)).toEqual(Array.from(local.acc.moments));
    expect(Array.from(pooled.acc.region.counts)).toEqual(Array.from(local.acc.region.counts));
  });

  it('is refused without observers', () => {
    return expect(runSimulation({ ...withoutTrialVectors(c.spec), id: 'no-observers', observersOnly: true }, { workers: 0 })).rejects.toThrow(/observers-only pass needs observers/);
  });
});
