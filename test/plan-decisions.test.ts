/**
 * The plan decisions that used to live in output/ (issue 8): a plan's evaluation from the accumulated
 * metrics, paired differences, the ranking and frontier, the policy checks and the reliability-target
 * verdict, each on a case small enough that the expected numbers are worked out by hand below.
 */
import { describe, expect, it } from 'vitest';
import type { Item } from '../src/demand/catalogue.js';
import type { RunResult } from '../src/engine/run.js';
import type { Summary } from '../src/output/summary.js';
import { comparePlans, rank } from '../src/plan/compare.js';
import type { PlanCostSplit } from '../src/plan/cost.js';

/** A cost that adds `added` ¥ a year over current holdings costing ¥1,000 a year (every part the same). */
const costAdding = (added: number): PlanCostSplit => {
  const pair = { current: { oneOff: 0, annual: 1000 }, added: { oneOff: 0, annual: added }, total: { oneOff: 0, annual: 1000 + added } };
  return { ...pair, byPart: { stockpiles: pair, contracts: pair, teams: pair, shelters: pair } };
};
import { PLAN_OBSERVER } from '../src/plan/observer.js';
import { planMetricLayout } from '../src/plan/evaluate.js';
import { evaluationOf, type PlanEvaluation } from '../src/plan/evaluation.js';
import { PLAN_PARAMS, type PlanParams } from '../src/plan/params.js';
import type { SizedPlan } from '../src/plan/pipeline.js';
import { withPlan } from '../src/output/summary.js';
import { missesReliabilityTarget, policyChecks } from '../src/plan/policy.js';
import type { Depot, Plan } from '../src/plan/types.js';
import type { Region } from '../src/region/types.js';
import { HistogramBank, REGION_LAYOUT } from '../src/stats/histogram.js';

const P = Object.fromEntries(Object.entries(PLAN_PARAMS).map(([k, v]) => [k, v.value])) as PlanParams;

const item = (id: string, unitCostCny: number, volumeM3 = 0.1): Item => ({ id, nameZh: id, nameEn: id, unit: 'unit', basis: 'sheltered', frequency: 'once', phase1PerPerson: 1, laterPerPerson: 0, unitCostCny, volumeM3, shelfLifeYears: 10, source: 'test', costSource: 'test' });
const ITEMS = [item('a', 100), item('b', 1)];
const L = planMetricLayout(ITEMS.length);

/**
 * A run of n trials holding only plan metrics: plan q's slot k of trial t is values(q, k)[t], its
 * paired difference slot diffs(q, k)[t]. Sums, sums of squares and the histograms are filled as the
 * engine fills them, so evaluationOf and comparePlans read it like a real run.
 */
function fakeRun(n: number, nPlans: number, values: (q: number, k: number) => number[], diffs: (q: number, k: number) => number[] = () => []): RunResult {
  const W = L.width;
  const diffBase = nPlans * W;
  const moments = new Float64Array(2 * (diffBase + nPlans * W));
  const region = new HistogramBank(diffBase, REGION_LAYOUT);
  const put = (m: number, xs: number[], hist: boolean) => {
    for (const x of xs) {
      moments[2 * m] += x;
      moments[2 * m + 1] += x * x;
      if (hist) region.add(m, x);
    }
  };
  for (let q = 0; q < nPlans; q++) {
    for (let k = 0; k < W; k++) {
      put(q * W + k, values(q, k), true);
      put(diffBase + q * W + k, diffs(q, k), false);
    }
  }
  const acc = { trials: n, region, sum: (m: number) => moments[2 * m], sumSq: (m: number) => moments[2 * m + 1] };
  // the plan observer's block is the whole layout here: plans from slot 0, their differences after them
  return { layout: { nItems: ITEMS.length, observers: [{ name: PLAN_OBSERVER, base: 0, width: 2 * diffBase }] }, acc } as unknown as RunResult;
}

describe('evaluationOf', () => {
  // 4 trials; plan 0 has some item short in trial 0 only, within the phase-1 window
  const slots: Record<number, number[]> = {
    [L.anyShortfall]: [1, 0, 0, 0],
    [L.anyShortfallPhase1]: [1, 0, 0, 0],
    [L.unmetPhase1]: [4, 0, 0, 0], // item a
    [L.demandPhase1Sum]: [10, 10, 0, 20], // item a: 40 in all
    [L.unmetPhase1Sum]: [4, 0, 0, 0], // item a: 4 in all
    [L.demandPhase1Sum + 1]: [250, 250, 250, 250], // item b: 1,000 in all
    [L.unmetPhase1Sum + 1]: [500, 0, 0, 0], // item b: 500 in all
  };
  const e = evaluationOf(fakeRun(4, 1, (_, k) => slots[k] ?? [0, 0, 0, 0]), 0, 'p', ITEMS);

  it('reliability is 1 − P(any shortfall), with the binomial standard error of the mean', () => {
    // mean 1/4; sample variance (1 − 4·(1/4)²)/3 = 1/4, sd 1/2, se = 1/2 / √4 = 1/4
    expect(e.pAnyShortfall.p).toBeCloseTo(0.25, 12);
    expect(e.pAnyShortfall.se).toBeCloseTo(0.25, 12);
    expect(e.reliability).toBeCloseTo(0.75, 12);
    expect(e.pPhase1Shortfall.p).toBeCloseTo(0.25, 12);
  });

  it('phase-1 met shares: by item, and over all items weighted by unit cost', () => {
    expect(e.items.a.phase1MetShare).toBeCloseTo(1 - 4 / 40, 12); // 0.9
    expect(e.items.b.phase1MetShare).toBeCloseTo(1 - 500 / 1000, 12); // 0.5
    // demand ¥: 40·100 + 1000·1 = 5000; unmet ¥: 4·100 + 500·1 = 900
    expect(e.phase1MetShareByCost).toBeCloseTo(1 - 900 / 5000, 12); // 0.82
    expect(e.items.a.unmetPhase1.mean).toBeCloseTo(1, 12);
  });

  it('no demand counts as fully met', () => {
    const none = evaluationOf(fakeRun(4, 1, () => [0, 0, 0, 0]), 0, 'p', ITEMS);
    expect(none.reliability).toBe(1);
    expect(none.phase1MetShareByCost).toBe(1);
    expect(none.items.a.phase1MetShare).toBe(1);
  });
});

describe('comparePlans: paired differences', () => {
  // plan 1 minus the baseline (plan 0), trial by trial, in the any-shortfall slot
  const d: Record<number, number[]> = {
    [L.anyShortfall]: [-1, -1, -1, 0], // mean −3/4; variance (3 − 4·(3/4)²)/3 = 1/4, se = 1/4: |−0.75| > 1.96·0.25
    [L.anyShortfallPhase1]: [-1, 0, 0, 0], // mean −1/4, se 1/4: |−0.25| < 1.96·0.25
    [L.rescueUnmet]: [-2, -2, -2, -2], // mean −2, se 0: any non-zero mean with no spread is a difference
  };
  const cost = costAdding(0);
  const plans = comparePlans(
    fakeRun(4, 2, () => [0, 0, 0, 0], (q, k) => (q === 1 && d[k] ? d[k] : [0, 0, 0, 0])),
    ['base', 'other'],
    ['base.yaml', 'other.yaml'],
    [cost, cost],
    ITEMS,
  );

  it('means, standard errors and whether the difference exceeds 1.96 standard errors', () => {
    const v = plans[1].vsBaseline;
    expect(v.pAnyShortfall.mean).toBeCloseTo(-0.75, 12);
    expect(v.pAnyShortfall.se).toBeCloseTo(0.25, 12);
    expect(v.pAnyShortfall.distinguishable).toBe(true);
    expect(v.pPhase1Shortfall.mean).toBeCloseTo(-0.25, 12);
    expect(v.pPhase1Shortfall.se).toBeCloseTo(0.25, 12);
    expect(v.pPhase1Shortfall.distinguishable).toBe(false);
    expect(v.unmetExtractions72h).toEqual({ mean: -2, se: 0, distinguishable: true });
  });

  it('the baseline against itself: all zero, nothing distinguishable', () => {
    for (const x of Object.values(plans[0].vsBaseline)) expect(x).toEqual({ mean: 0, se: 0, distinguishable: false });
    expect(Object.keys(plans[0].vsBaseline)).toEqual(['pAnyShortfall', 'pPhase1Shortfall', 'unmetPhase1.a', 'unmetLater.a', 'unmetPhase1.b', 'unmetLater.b', 'shelterOverflow.I', 'shelterOverflow.II', 'shelterOverflow.III', 'unmetExtractions72h', 'rescueSurvivors']);
  });
});

describe('rank', () => {
  // ranked on what each plan adds over the current holdings
  const plan = (p: number, added: number) => ({ cost: costAdding(added), evaluation: { pAnyShortfall: { p, se: 0 } } as PlanEvaluation });
  it('fewest years short first, then cheaper; the frontier is the plans no other beats on both', () => {
    // A (10 %, ¥100), B (10 %, ¥80), C (20 %, ¥50), D (5 %, ¥200)
    const r = rank([plan(0.1, 100), plan(0.1, 80), plan(0.2, 50), plan(0.05, 200)]);
    expect(r.order).toEqual([3, 1, 0, 2]); // D, B, A, C
    // A is beaten by B (as reliable, cheaper); B, C and D are each best at their cost
    expect(r.frontier).toEqual([false, true, true, true]);
  });
  it('two identical plans are both on the frontier (neither is strictly better)', () => {
    expect(rank([plan(0.1, 100), plan(0.1, 100)])).toEqual({ order: [0, 1], frontier: [true, true] });
  });
});

describe('policyChecks', () => {
  // 4 townships in one county; 5 + 5 + 10 + 0 = 20 villages
  const region = {
    n: 4,
    code: ['T1', 'T2', 'T3', 'T4'],
    villages: Float64Array.from([5, 5, 10, 0]),
    counties: ['C1'],
    countyCode: ['C1'],
    countyZh: ['县'],
  } as unknown as Region;
  const depot = (id: string, floorAreaM2: number): Depot => ({ id, nameZh: id, nameEn: id, tier: 'county', countyCode: 'C1', townshipCode: '', lat: 0, lon: 0, floorAreaM2, usableVolumeM3: 1e9 });
  const params: PlanParams = { ...P, townshipTeamCoverage: 0.5, villageTeamCoverage: 0.8, stackHeightM: 2, countyWarehouseMinM2: 600, shelterMinimumCounts: [1, 2, 3], phase1Hours: 10 };
  const plan: Plan = {
    name: 'p',
    region: 'R',
    // 4,000 units × 0.5 m³ = 2,000 m³ at W1, far below its usable volume
    stock: { W1: { a: 4000 }, W2: { a: 1 } },
    contracted: {},
    // township teams in T1 and T2: 2 of 4 = 50 % (passes 50 %); village teams 7 in T1 (only 5 villages count) + 10 in T3 = 15 of 20 = 75 % (fails 80 %)
    teams: { county: {}, township: { T1: 1, T2: 2 }, village: { T1: 7, T3: 10 } },
    // class III: 2 < 3
    shelters: { C1: { I: { count: 1, capacity: 100 }, II: { count: 2, capacity: 100 }, III: { count: 2, capacity: 100 } } },
  };
  const items = [item('a', 100, 0.5)];
  // phase-1 needs met in 94 % of years ± 1 %: within 3 s.e. of a 95 % target
  const ev = { pPhase1Shortfall: { p: 0.06, se: 0.01 }, phase1MetShareByCost: 0.99 } as PlanEvaluation;
  const depots = [depot('W1', 1000), depot('W2', 500)];

  const check = (ev2: PlanEvaluation, target: number, unreachable: string[]) =>
    policyChecks({ plan, current: plan, region, depots, items, params, evaluation: { plan: ev2, current: ev2 }, target, unreachable });

  it('passes and fails as worked out by hand', () => {
    const checks = check(ev, 0.95, []);
    const byName = Object.fromEntries(checks.map((c) => [c.check, c]));
    expect(Object.fromEntries(checks.map((c) => [c.check, c.status]))).toMatchObject({
      'township teams': 'pass',
      'village teams': 'fail',
      'county warehouse W1': 'pass', // 1,000 m² ≥ 600 m², 2,000 m³ of stock in a 10⁹ m³ building
      'county warehouse W2': 'fail', // 500 m² < 600 m²
      'shelters 县': 'fail',
      '10-hour relief (years)': 'pass', // 0.94 ≥ 0.95 − 3 × 0.01
    });
    expect(byName['township teams'].planned).toBe('2 of 4 (50.0 %)');
    expect(byName['village teams'].planned).toBe('15 of 20 (75.0 %)');
    expect(byName['shelters 县'].planned).toBe('1 / 2 / 2');
  });

  it('10-hour relief fails with a township out of reach, or below target by more than 3 s.e.', () => {
    const years = (cs: ReturnType<typeof check>) => cs.find((c) => c.check === '10-hour relief (years)')!.status;
    expect(years(check(ev, 0.95, ['T4 镇']))).toBe('fail');
    // 0.94 < 0.98 − 0.03
    expect(years(check(ev, 0.98, []))).toBe('fail');
  });
});

describe('missesReliabilityTarget', () => {
  const ev = (reliability: number, se: number) => ({ reliability, pAnyShortfall: { p: 1 - reliability, se } }) as PlanEvaluation;
  it('only when short of the target by more than 3 standard errors', () => {
    expect(missesReliabilityTarget(ev(0.9, 0.01), 0.95)).toBe(true); // 0.05 > 0.03
    expect(missesReliabilityTarget(ev(0.9, 0.02), 0.95)).toBe(false); // 0.05 < 0.06
    expect(missesReliabilityTarget(ev(0.97, 0), 0.95)).toBe(false);
  });
});

describe('withPlan', () => {
  it('adds the plan section last and the solver times to engine, leaving the summary it was given alone', () => {
    const summary = { schemaVersion: 1, engine: { workers: 1 }, parameters: {} } as unknown as Summary;
    const sized = { summary: { name: 'LP plan' }, solverSeconds: { stockpiles: 0.5 } } as unknown as SizedPlan;
    const s = withPlan(summary, sized);
    expect(Object.keys(s)).toEqual(['schemaVersion', 'engine', 'parameters', 'plan']);
    expect(s.engine).toEqual({ workers: 1, solverSeconds: { stockpiles: 0.5 } });
    expect(s.plan?.name).toBe('LP plan');
    expect(summary.engine.solverSeconds).toBeUndefined();
  });
});
