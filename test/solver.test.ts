/**
 * The LP/MILP solver layer: both backends (HiGHS, javascript-lp-solver) on
 * small models with known optima, infeasible and unbounded models, the
 * newsvendor verification model (model.md §7), time limits with fallback, and
 * the verification of answers. The jslp backend runs the compiled worker
 * (dist/src/plan/solver/jslp-worker.js): `npm test` builds first.
 */
import { describe, expect, it } from 'vitest';
import { solveWithHighs } from '../src/plan/solver/highs.js';
import { solveWithJslp } from '../src/plan/solver/jslp.js';
import {
  JSLP_AUTO_MAX_SIZE,
  modelSize,
  pickSolver,
  SOLVER_DEFAULT_TIME_LIMIT,
  solveLp,
} from '../src/plan/solver/index.js';
import type { LpModel, LpRow, LpSolution, LpVar } from '../src/plan/solver/types.js';
import { objectiveOf, verifySolution } from '../src/plan/solver/verify.js';

const INF = Infinity;
const LIMIT = 30;

function v(name: string, cost: number, lb = 0, ub = INF, integer = false): LpVar {
  return integer ? { name, lb, ub, cost, integer } : { name, lb, ub, cost };
}
function row(name: string, lb: number, ub: number, terms: [number, number][]): LpRow {
  return { name, lb, ub, idx: terms.map((t) => t[0]), val: terms.map((t) => t[1]) };
}
function relDiff(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));
}

/** Solve with both backends; each must be optimal and verified, the objectives equal to 1e-6 relative. */
async function both(model: LpModel): Promise<{ highs: LpSolution; jslp: LpSolution }> {
  const highs = await solveWithHighs(model, { timeLimitSeconds: LIMIT });
  const jslp = await solveWithJslp(model, { timeLimitSeconds: LIMIT });
  for (const s of [highs, jslp]) {
    expect(s.status, `${s.solver}: ${s.message}`).toBe('optimal');
    expect(verifySolution(model, s.x).ok, s.solver).toBe(true);
    expect(s.objective).toBeCloseTo(objectiveOf(model, s.x), 9);
  }
  expect(relDiff(highs.objective, jslp.objective)).toBeLessThan(1e-6);
  return { highs, jslp };
}

// Wyndor Glass (Hillier & Lieberman): max 3x + 5y, x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18 → x = 2, y = 6, 36.
const wyndor: LpModel = {
  name: 'wyndor',
  vars: [v('x', -3), v('y', -5)],
  rows: [row('plant1', -INF, 4, [[0, 1]]), row('plant2', -INF, 12, [[1, 2]]), row('plant3', -INF, 18, [[0, 3], [1, 2]])],
};

/**
 * Equality, range, bounded and free variables. min x + 2y + 3z + w + f with
 * x + y + z = 10, 2 ≤ y − z ≤ 4, 0 ≤ x ≤ 3, z ≥ 1, −7 ≤ 2w ≤ 100 (w free),
 * f fixed at 2 (lb = ub), and −10 ≤ g ≤ −1 (cost −1 → g = −1).
 * x is cheapest: x = 3. Then y + z = 7 and 2y + 3z = 21 − y, so y as large as
 * y − z ≤ 4 allows: y = 5.5, z = 1.5. w = −3.5, f = 2, g = −1:
 * 3 + 11 + 4.5 − 3.5 + 2 + 1 = 18.
 */
const ranges: LpModel = {
  name: 'ranges',
  vars: [v('x', 1, 0, 3), v('y', 2), v('z', 3, 1), v('w', 1, -INF), v('f', 1, 2, 2), v('g', -1, -10, -1)],
  rows: [
    row('sum', 10, 10, [[0, 1], [1, 1], [2, 1]]),
    row('diff', 2, 4, [[1, 1], [2, -1]]),
    row('wrow', -7, 100, [[3, 2]]),
    row('free', -INF, INF, [[0, 1], [3, 1]]),
  ],
};

// Chairs and tables (highs README): max 30c + 50t, c + 2t ≤ 40, 2c + t ≤ 50, integers → 20, 10, 1100.
const chairs: LpModel = {
  name: 'chairs',
  vars: [v('chairs', -30, 0, INF, true), v('tables', -50, 0, INF, true)],
  rows: [row('carpentry', -INF, 40, [[0, 1], [1, 2]]), row('finishing', -INF, 50, [[0, 2], [1, 1]])],
};

// 0-1 knapsack: max 8a + 11b + 6c + 4d, 5a + 7b + 4c + 3d ≤ 14 → b, c, d: 21 (the LP relaxation gives 22).
const knapsack: LpModel = {
  name: 'knapsack',
  vars: [v('a', -8, 0, 1, true), v('b', -11, 0, 1, true), v('c', -6, 0, 1, true), v('d', -4, 0, 1, true)],
  rows: [row('weight', -INF, 14, [[0, 5], [1, 7], [2, 4], [3, 3]])],
};

const infeasible: LpModel = {
  name: 'infeasible',
  vars: [v('x', 1), v('y', 1)],
  rows: [row('le1', -INF, 1, [[0, 1], [1, 1]]), row('ge2', 2, INF, [[0, 1], [1, 1]])],
};

// min −x with x − y ≤ 1, x, y ≥ 0: x = 1 + y grows without bound.
const unbounded: LpModel = {
  name: 'unbounded',
  vars: [v('x', -1), v('y', 0)],
  rows: [row('r', -INF, 1, [[0, 1], [1, -1]])],
};

/** 200 deterministic demands: a fixed LCG, log-uniform over 100..~2700, several repeated values. */
function demands(k: number): number[] {
  let s = 12345;
  const out: number[] = [];
  for (let i = 0; i < k; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out.push(Math.round(100 * Math.exp((3.3 * s) / 2 ** 32) / 10) * 10);
  }
  return out;
}

/**
 * Newsvendor as the brief states it: stock x ≥ 0 at h per unit, shortage
 * s_k ≥ D_k − x at p per unit in each of K equally likely scenarios:
 *   min h x + (p/K) Σ s_k,  x + s_k ≥ D_k.
 * Optionally (overage = true) with leftover o_k ≥ x − D_k at h/K per unit
 * instead of h on x: the classical newsvendor.
 */
function newsvendor(D: number[], p: number, h: number, overage: boolean): LpModel {
  const K = D.length;
  const vars: LpVar[] = [v('x', overage ? 0 : h)];
  const rows: LpRow[] = [];
  D.forEach((d, k) => {
    const s = vars.length;
    vars.push(v(`s${k}`, p / K));
    rows.push(row(`short${k}`, d, INF, [[0, 1], [s, 1]]));
    if (overage) {
      const o = vars.length;
      vars.push(v(`o${k}`, h / K));
      rows.push(row(`over${k}`, -d, INF, [[o, 1], [0, -1]]));
    }
  });
  return { name: overage ? 'newsvendor-overage' : 'newsvendor', vars, rows };
}

/** Stockpile-like LP (see the measurements in src/plan/solver/index.ts). */
function stockpile(T: number, C: number, K: number): LpModel {
  let s = 1;
  const r = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const vars: LpVar[] = [];
  const rows: LpRow[] = [];
  for (let t = 0; t < T; t++) vars.push(v(`x_${t}`, 2 * (0.8 + 0.4 * r())));
  for (let c = 0; c < C; c++) vars.push(v(`y_${c}`, 1.4));
  for (let k = 0; k < K; k++) {
    const u: number[] = [];
    for (let t = 0; t < T; t++) {
      u.push(vars.length);
      vars.push(v(`u_${k}_${t}`, 0.05 / K));
      const sh = vars.length;
      vars.push(v(`s_${k}_${t}`, 60 / K));
      const d = r() < 0.6 ? 0 : Math.round(1000 * Math.exp(2 * r()));
      rows.push(row(`dem_${k}_${t}`, d, INF, [[t, 1], [u[t], 1], [sh, 1]]));
    }
    for (let c = 0; c < C; c++) {
      const terms: [number, number][] = [];
      for (let t = c; t < T; t += C) terms.push([u[t], 1]);
      terms.push([T + c, -1]);
      rows.push(row(`cap_${k}_${c}`, -INF, 0, terms));
    }
  }
  return { name: `stockpile-${T}-${C}-${K}`, vars, rows };
}

/** Staffing-like MILP with T integer team counts: HiGHS needs seconds at T = 50, jslp more than a minute. */
function staffing(T: number, K: number): LpModel {
  let s = 3;
  const r = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const vars: LpVar[] = [];
  const rows: LpRow[] = [];
  for (let t = 0; t < T; t++) vars.push(v(`n_${t}`, 30 * (1 + 0.3 * r()), 0, 20, true));
  for (let k = 0; k < K; k++) {
    for (let t = 0; t < T; t++) {
      const e = vars.length;
      vars.push(v(`e_${k}_${t}`, 5 / K));
      const d = r() < 0.5 ? 0 : Math.round(300 * r());
      const terms: [number, number][] = [[t, 30], [e, 1]];
      if (t > 0) terms.push([t - 1, 10]);
      if (t < T - 1) terms.push([t + 1, 10]);
      rows.push(row(`x_${k}_${t}`, d, INF, terms));
    }
  }
  return { name: `staffing-${T}-${K}`, vars, rows };
}

describe('both solvers on models with known optima', () => {
  it('textbook LP (Wyndor): x = 2, y = 6, max 36', async () => {
    const { highs, jslp } = await both(wyndor);
    for (const s of [highs, jslp]) {
      expect(s.objective).toBeCloseTo(-36, 9);
      expect(s.x[0]).toBeCloseTo(2, 9);
      expect(s.x[1]).toBeCloseTo(6, 9);
    }
  });

  it('equality and range rows, bounded, free and fixed variables: 18', async () => {
    const { highs, jslp } = await both(ranges);
    for (const s of [highs, jslp]) {
      expect(s.objective).toBeCloseTo(18, 9);
      const [x, y, z, w, f, g] = s.x;
      expect([x, y, z, w, f, g].map((a) => Math.round(a * 1e6) / 1e6)).toEqual([3, 5.5, 1.5, -3.5, 2, -1]);
    }
  });

  it('MILP: chairs and tables 1100 (20 chairs, 10 tables)', async () => {
    const { highs, jslp } = await both(chairs);
    for (const s of [highs, jslp]) {
      expect(s.objective).toBeCloseTo(-1100, 9);
      expect(Array.from(s.x)).toEqual([20, 10]);
    }
  });

  it('MILP: 0-1 knapsack 21, not the LP bound 22', async () => {
    const { highs, jslp } = await both(knapsack);
    for (const s of [highs, jslp]) {
      expect(s.objective).toBeCloseTo(-21, 9);
      expect(Array.from(s.x).map(Math.round)).toEqual([0, 1, 1, 1]);
    }
  });

  it('infeasible LP: both say infeasible, and so does solveLp after asking both', async () => {
    expect((await solveWithHighs(infeasible, { timeLimitSeconds: LIMIT })).status).toBe('infeasible');
    expect((await solveWithJslp(infeasible, { timeLimitSeconds: LIMIT })).status).toBe('infeasible');
    const rep = await solveLp(infeasible);
    expect(rep.status).toBe('infeasible');
    expect(rep.attempts.map((a) => [a.solver, a.status])).toEqual([
      ['jslp', 'infeasible'],
      ['highs', 'infeasible'],
    ]);
    expect(rep.x.length).toBe(0);
  });

  it('unbounded LP: both say unbounded', async () => {
    expect((await solveWithHighs(unbounded, { timeLimitSeconds: LIMIT })).status).toBe('unbounded');
    expect((await solveWithJslp(unbounded, { timeLimitSeconds: LIMIT })).status).toBe('unbounded');
    const rep = await solveLp(unbounded, { solver: 'highs' });
    expect(rep.status).toBe('unbounded');
    expect(rep.attempts.map((a) => a.status)).toEqual(['unbounded', 'unbounded']);
  });
});

describe('newsvendor (model.md §7)', () => {
  const D = demands(200);
  const sorted = [...D].sort((a, b) => a - b);
  const K = D.length;

  /*
   * Tie rule. Sort the demands d(1) ≤ … ≤ d(K). The objective is convex and
   * piecewise linear in x with kinks at the demands. Brief's model (h on the
   * whole stock): for x between d(i) and d(i+1) (exclusive), at most K − i
   * demands exceed x (exactly K − i when values are distinct), so the slope
   * is h − p·#{D > x}/K. The slope on the right of d(i) is ≥ h − p(K − i)/K,
   * on the left of d(i) ≤ h − p(K − i + 1)/K (at least K − i + 1 demands
   * exceed x there), with repeated values only making the left slope smaller
   * and the right one larger. So x* = d(i*) with i* = ⌈K(1 − h/p)⌉, and
   * x* is the unique optimum when K(1 − h/p) is not an integer (the right
   * slope is then > 0): the empirical quantile of type 1 (inverse of the
   * empirical CDF) at 1 − h/p. When K(1 − h/p) is an integer, every x in
   * [d(i*), d(i*+1)] is optimal and the test would be ill-posed: avoided.
   *
   * Note the fractile: with holding cost h on the stock itself (the §5.1
   * objective) the critical fractile is 1 − h/p = (p − h)/p, not p/(p + h);
   * p/(p + h) is the classical newsvendor where h is paid on leftover stock
   * (o_k ≥ x − D_k), and equals (p − h)/p after writing h·x = h·(x − D)⁺ −
   * h·(D − x)⁺ + h·D, i.e. the brief's model is the classical one with
   * underage cost p − h. Both are checked, with p, h chosen so that the two
   * quantiles differ and neither K·fractile is an integer.
   *
   * Classical model: slope on (d(i), d(i+1)) is (h·i − p·(K − i))/K, ≥ 0 iff
   * i ≥ pK/(p + h): x* = d(⌈pK/(p + h)⌉), unique when pK/(p + h) is not an integer.
   */
  const p = 9;
  const h = 2;

  it('stock on hand at h per unit: x* = the empirical quantile at 1 − h/p', async () => {
    const frac = 1 - h / p; // 0.777…, K·frac = 155.6
    expect(Number.isInteger(K * frac)).toBe(false);
    const expected = sorted[Math.ceil(K * frac) - 1];
    const m = newsvendor(D, p, h, false);
    const { highs, jslp } = await both(m);
    expect(highs.x[0]).toBeCloseTo(expected, 6);
    expect(jslp.x[0]).toBeCloseTo(expected, 6);
  });

  it('classical (h on leftover stock): x* = the empirical quantile at p/(p + h)', async () => {
    const frac = p / (p + h); // 0.818…, K·frac = 163.6
    expect(Number.isInteger(K * frac)).toBe(false);
    const expected = sorted[Math.ceil(K * frac) - 1];
    expect(expected).not.toBe(sorted[Math.ceil(K * (1 - h / p)) - 1]);
    const m = newsvendor(D, p, h, true);
    const { highs, jslp } = await both(m);
    expect(highs.x[0]).toBeCloseTo(expected, 6);
    expect(jslp.x[0]).toBeCloseTo(expected, 6);
  });
});

describe('solveLp: choice, time limits, fallback', () => {
  it('picks jslp for small models and highs for large ones', () => {
    expect(pickSolver(wyndor)).toBe('jslp');
    expect(pickSolver(chairs)).toBe('jslp');
    const big = stockpile(50, 5, 100); // 10 055 vars × 5 500 rows
    expect(modelSize(big).product).toBeGreaterThan(JSLP_AUTO_MAX_SIZE);
    expect(pickSolver(big)).toBe('highs');
    const many = { ...knapsack, vars: Array.from({ length: 40 }, (_, j) => v(`b${j}`, -1 - (j % 7), 0, 1, true)) };
    expect(pickSolver(many)).toBe('highs');
    expect(modelSize(ranges)).toMatchObject({ vars: 6, rows: 4, nonzeros: 8, integers: 0, product: 24 });
    expect(SOLVER_DEFAULT_TIME_LIMIT).toBeGreaterThan(0);
  });

  it('a verified optimum from the first solver ends the search', async () => {
    for (const solver of ['auto', 'jslp', 'highs'] as const) {
      const rep = await solveLp(ranges, { solver });
      expect(rep.status).toBe('optimal');
      expect(rep.attempts).toHaveLength(1);
      expect(rep.objective).toBeCloseTo(18, 9);
      expect(rep.solver).toBe(solver === 'auto' ? 'jslp' : solver);
    }
  });

  it('integer answers come back exactly integral', async () => {
    const rep = await solveLp(knapsack, { solver: 'highs' });
    expect(Array.from(rep.x).every((a) => Number.isInteger(a))).toBe(true);
  });

  it('jslp on a heavy model under a tiny limit: time_limit, no x', async () => {
    // jslp ≈ 2.7 s on an idle machine, so a 0.05 s limit always cuts it short, however busy the machine is.
    // (No wall-clock assertion: the limit's timer resolves the call and terminates the worker; see jslp.ts.)
    const heavy = stockpile(50, 5, 100);
    const s = await solveWithJslp(heavy, { timeLimitSeconds: 0.05 });
    expect(s.status).toBe('time_limit');
    expect(s.x.length).toBe(0);
  });

  it('solveLp falls back to highs when jslp runs out of time, and reports both attempts', async () => {
    const heavy = stockpile(50, 5, 100);
    await solveWithHighs(wyndor, { timeLimitSeconds: LIMIT }); // Wasm loaded and warm
    // jslp gets 0.05 s (≈ 2.7 s needed: always short), HiGHS a limit no load reaches (≈ 0.1 s needed)
    const rep = await solveLp(heavy, { solver: 'jslp', timeLimitSeconds: 0.05, fallbackTimeLimitSeconds: 300 });
    expect(rep.status).toBe('optimal');
    expect(rep.solver).toBe('highs');
    expect(rep.attempts.map((a) => [a.solver, a.status])).toEqual([
      ['jslp', 'time_limit'],
      ['highs', 'optimal'],
    ]);
    expect(verifySolution(heavy, rep.x).ok).toBe(true);
    expect(rep.objective).toBe(objectiveOf(heavy, rep.x));
  });
});

describe('solveLp: outcomes without an optimum', () => {
  it('highs under a tiny limit on a hard MILP: time_limit; jslp then too; no x', async () => {
    const hard = staffing(50, 10);
    const h = await solveWithHighs(hard, { timeLimitSeconds: 0.2 });
    expect(h.status).toBe('time_limit');
    expect(h.x.length).toBe(0);
    const rep = await solveLp(hard, { solver: 'highs', timeLimitSeconds: 0.2 });
    expect(rep.status).toBe('time_limit');
    expect(rep.attempts.map((a) => [a.solver, a.status])).toEqual([
      ['highs', 'time_limit'],
      ['jslp', 'time_limit'],
    ]);
    expect(rep.x.length).toBe(0);
    expect(Number.isNaN(rep.objective)).toBe(true);
  });

  it('a malformed model is an error before any solver runs', async () => {
    const bad: LpModel = { name: 'bad', vars: [v('a', 1)], rows: [row('r', 0, 1, [[3, 1]])] };
    const rep = await solveLp(bad);
    expect(rep.status).toBe('error');
    expect(rep.attempts).toEqual([]);
    expect(rep.message).toMatch(/index 3 out of range/);
  });
});

describe('verification', () => {
  it('accepts the optimum and rejects a wrong x, naming the worst violation', () => {
    expect(verifySolution(wyndor, [2, 6]).ok).toBe(true);
    const bad = verifySolution(wyndor, [2.5, 6]); // 3·2.5 + 2·6 = 19.5 > 18
    expect(bad.ok).toBe(false);
    expect(bad.worst).toMatchObject({ kind: 'row-ub', name: 'plant3', amount: 1.5 });
    const neg = verifySolution(wyndor, [-1, 6]);
    expect(neg.worst).toMatchObject({ kind: 'var-lb', name: 'x' });
  });

  it('rejects fractional integers, non-finite values and wrong lengths', () => {
    expect(verifySolution(chairs, [20, 10]).ok).toBe(true);
    const frac = verifySolution(chairs, [19.5, 10.25]);
    expect(frac.ok).toBe(false);
    expect(frac.worst?.kind).toBe('integrality');
    expect(verifySolution(wyndor, [NaN, 6]).worst?.kind).toBe('non-finite');
    expect(verifySolution(wyndor, [2]).worst?.kind).toBe('length');
  });

  it('tolerance is absolute for small quantities and relative for large ones', () => {
    const m: LpModel = { name: 'tol', vars: [v('a', 0), v('b', 0)], rows: [row('big', -INF, 1e6, [[0, 1], [1, 1]])] };
    expect(verifySolution(m, [5e5, 5e5 + 0.5]).ok).toBe(true); // 0.5 over 1e6: 5e-7 relative
    expect(verifySolution(m, [5e5, 5e5 + 5]).ok).toBe(false);
    expect(verifySolution(wyndor, [2 + 1e-7, 6]).ok).toBe(true);
    expect(verifySolution(wyndor, [2 + 1e-5, 6]).ok).toBe(false);
  });

  it('objectiveOf is Σ cost · x', () => {
    expect(objectiveOf(wyndor, [2, 6])).toBe(-36);
    expect(objectiveOf(ranges, [3, 5.5, 1.5, -3.5, 2, -1])).toBe(18);
  });
});
