/**
 * solveLp: the one entry point the sizing models use. Picks a solver, bounds
 * every attempt in time, verifies the answer against the model, falls back to
 * the other solver when the first gives no trusted optimum, and reports every
 * attempt.
 */
import { solveWithHighs, type HighsRunner } from './highs.js';
import { jslpTableauBytes, solveWithJslp } from './jslp.js';
import type { LpModel, LpSolution, SolveAttempt, SolveOptions, SolveReport, SolverName } from './types.js';
import { checkModel, describeViolation, objectiveOf, verifySolution, VERIFY_DEFAULT_TOL } from './verify.js';

export type { LpModel, LpRow, LpSolution, LpStatus, LpVar, SolveAttempt, SolveOptions, SolveReport, SolverName } from './types.js';
export { checkModel, objectiveOf, verifySolution } from './verify.js';

/** Seconds allowed to each attempt (so at most twice this with the fallback). */
export const SOLVER_DEFAULT_TIME_LIMIT = 20;

/**
 * 'auto' starts with jslp for small models and HiGHS otherwise. Small means:
 * an LP with vars × rows ≤ JSLP_AUTO_MAX_SIZE, or a MILP with at most
 * JSLP_AUTO_MAX_INTEGERS integer variables and vars × rows ≤
 * JSLP_AUTO_MAX_SIZE_MILP (jslp's branch and bound grows exponentially with
 * the integers: 15 → 0.6 s, 25 → 2.6 s, 40 → 10 s, 50 → > 60 s).
 *
 * Measured on this machine (Node 20.20, 2 cores), one solve each, jslp
 * including its worker start-up (≈ 0.1 s), HiGHS with the Wasm module loaded
 * (loading takes ≈ 40 ms once per thread). Both solvers agreed on every
 * objective below to 2e-12 relative, and every answer passed verify.ts.
 *
 * Stockpile-like LPs (T townships in C counties, K scenarios: township stock
 * x_t, county stock y_c, per scenario × township a shipment u and a shortage
 * s, rows x_t + u + s ≥ D per scenario × township and Σ u ≤ y_c per scenario
 * × county; 60 % of demands zero):
 *
 *        vars     rows   vars×rows   jslp tableau   jslp      highs
 *         224      120      2.7e4        0.2 MB     0.15 s    0.04 s (first solve)
 *         504      288      1.5e5        1.2 MB     0.10 s    0.01 s
 *       1 024      600      6.1e5        4.9 MB     0.13 s    0.01 s
 *       2 024    1 200      2.4e6         19 MB     0.12 s    0.04 s
 *       4 024    2 400      9.7e6         77 MB     0.65–0.84 s  0.25 s
 *       6 035    3 500      2.1e7        169 MB     0.74 s    0.09 s
 *      10 055    5 500      5.5e7        443 MB     2.75 s    0.09 s
 *      20 110   11 000      2.2e8        1.8 GB     8.75 s (2 GB RSS)  0.14 s
 *      50 110   27 500      1.4e9         11 GB     not attempted      0.81 s
 *     200 220  110 000      2.2e10       176 GB     not attempted      2.25 s
 *   1 000 420  525 000      5.3e11       4.2 TB     not attempted     14.5 s
 *
 * Staffing-like MILPs (T integer team counts 0..20, K scenarios × T
 * continuous unmet-demand variables, rows 30 n_t + 10 n_{t±1} + e ≥ D):
 *
 *   integers  vars  rows   jslp      highs
 *      10      60    50    0.72 s    0.42 s
 *      15      90    75    0.57 s    0.45 s
 *      20     220   200    0.72 s    0.70 s
 *      25     150   125    2.62 s    0.53 s
 *      30     330   300    4.84 s    0.67 s
 *      40     160   120   10.2 s     0.46 s
 *      50     550   500   > 60 s     5.2 s
 *
 * HiGHS is faster at every LP size measured (MILPs: about even up to 20
 * integers). jslp stays under 1 s up to about vars × rows = 1e7 for LPs
 * (2.75 s at 5.5e7) and about 20 integers for MILPs (2.6 s at 25): hence
 * 1e7 for LPs, and 15 integers with vars × rows ≤ 1e5 for MILPs.
 */
export const JSLP_AUTO_MAX_SIZE = 1e7;
export const JSLP_AUTO_MAX_SIZE_MILP = 1e5;
export const JSLP_AUTO_MAX_INTEGERS = 15;

export interface ModelSize {
  vars: number;
  rows: number;
  nonzeros: number;
  integers: number;
  /** vars × rows: what the choice between solvers goes by. */
  product: number;
  /** Bytes of jslp's dense tableau for this model. */
  jslpTableauBytes: number;
}

export function modelSize(model: LpModel): ModelSize {
  let nonzeros = 0;
  for (const r of model.rows) nonzeros += r.idx.length;
  return {
    vars: model.vars.length,
    rows: model.rows.length,
    nonzeros,
    integers: model.vars.reduce((n, v) => n + (v.integer ? 1 : 0), 0),
    product: model.vars.length * model.rows.length,
    jslpTableauBytes: jslpTableauBytes(model),
  };
}

/** The solver 'auto' starts with. */
export function pickSolver(model: LpModel): SolverName {
  const product = model.vars.length * model.rows.length;
  let integers = 0;
  for (const v of model.vars) if (v.integer) integers++;
  if (integers === 0) return product <= JSLP_AUTO_MAX_SIZE ? 'jslp' : 'highs';
  return integers <= JSLP_AUTO_MAX_INTEGERS && product <= JSLP_AUTO_MAX_SIZE_MILP ? 'jslp' : 'highs';
}

export interface SolveLpOptions extends SolveOptions {
  /** Verification tolerance (see verify.ts); default 1e-6. */
  verifyTol?: number;
  /** Time limit of the second solver, when the first gives no optimum; default: timeLimitSeconds. */
  fallbackTimeLimitSeconds?: number;
  /** Where HiGHS solves run (highs-pool.ts: on a worker pool); default this thread. */
  highsRunner?: HighsRunner;
}

function runSolver(name: SolverName, model: LpModel, timeLimitSeconds: number, highsRunner?: HighsRunner): Promise<LpSolution> {
  return name === 'highs' ? solveWithHighs(model, { timeLimitSeconds, runner: highsRunner }) : solveWithJslp(model, { timeLimitSeconds });
}

/**
 * Clean an optimal x within tolerance (integers rounded, values a hair outside
 * their bounds put on them), then verify it: a solution that fails is
 * turned into an 'error', never returned.
 */
function checked(model: LpModel, s: LpSolution, tol: number): LpSolution {
  if (s.status !== 'optimal') return s;
  const x = Float64Array.from(s.x);
  if (x.length === model.vars.length) {
    for (let j = 0; j < x.length; j++) {
      const v = model.vars[j];
      let xj = x[j];
      if (!Number.isFinite(xj)) continue;
      if (v.integer && Math.abs(xj - Math.round(xj)) <= tol) xj = Math.round(xj);
      if (xj < v.lb && v.lb - xj <= tol * Math.max(1, Math.abs(v.lb))) xj = v.lb;
      if (xj > v.ub && xj - v.ub <= tol * Math.max(1, Math.abs(v.ub))) xj = v.ub;
      x[j] = xj;
    }
  }
  const ver = verifySolution(model, x, tol);
  if (!ver.ok) {
    const worst = ver.worst ? describeViolation(ver.worst) : 'unknown violation';
    return {
      ...s,
      status: 'error',
      x: new Float64Array(0),
      objective: NaN,
      message: `${s.solver}: answer failed verification (${ver.count} violation${ver.count === 1 ? '' : 's'}; worst: ${worst}); not trusted`,
    };
  }
  return { ...s, x, objective: objectiveOf(model, x) };
}

function attemptOf(s: LpSolution): SolveAttempt {
  const a: SolveAttempt = { solver: s.solver, status: s.status, seconds: s.seconds };
  if (s.message !== undefined) a.message = s.message;
  else if (s.status === 'optimal') a.message = `objective ${s.objective}`;
  return a;
}

/**
 * Solve a model. 'auto' (the default) starts with pickSolver(model). The
 * first solver's verified optimum is returned as is; any other outcome
 * (infeasible included, to be confirmed) makes the other solver try. Then:
 * - a verified optimum from either → 'optimal';
 * - both infeasible → 'infeasible'; one infeasible and the other without an
 *   answer (time limit, error) → 'infeasible' with "unconfirmed" in the message;
 * - both unbounded → 'unbounded' (likewise unconfirmed when only one said so);
 * - infeasible against unbounded → 'error' (the solvers disagree);
 * - otherwise 'time_limit' if any attempt hit the time limit, else 'error'.
 * A malformed model (checkModel) is an 'error' with no attempts.
 * The objective is recomputed from x; seconds is the total over attempts.
 */
export async function solveLp(model: LpModel, opts: SolveLpOptions = {}): Promise<SolveReport> {
  const t0 = performance.now();
  const limit = opts.timeLimitSeconds ?? SOLVER_DEFAULT_TIME_LIMIT;
  const tol = opts.verifyTol ?? VERIFY_DEFAULT_TOL;
  const first: SolverName = !opts.solver || opts.solver === 'auto' ? pickSolver(model) : opts.solver;
  const second: SolverName = first === 'highs' ? 'jslp' : 'highs';
  const seconds = (): number => (performance.now() - t0) / 1000;

  const malformed = checkModel(model);
  if (malformed !== undefined) {
    return {
      status: 'error',
      objective: NaN,
      x: new Float64Array(0),
      solver: first,
      seconds: seconds(),
      message: `malformed model ${model.name}: ${malformed}; no solver was run`,
      attempts: [],
    };
  }

  const a = checked(model, await runSolver(first, model, limit, opts.highsRunner), tol);
  if (a.status === 'optimal') return { ...a, seconds: seconds(), attempts: [attemptOf(a)] };
  const b = checked(model, await runSolver(second, model, opts.fallbackTimeLimitSeconds ?? limit, opts.highsRunner), tol);
  const attempts = [attemptOf(a), attemptOf(b)];
  if (b.status === 'optimal') return { ...b, seconds: seconds(), attempts };

  const none = (status: SolveReport['status'], solver: SolverName, message: string): SolveReport => ({
    status,
    objective: NaN,
    x: new Float64Array(0),
    solver,
    seconds: seconds(),
    message,
    attempts,
  });
  const said = (s: SolveReport['status']): LpSolution[] => [a, b].filter((t) => t.status === s);
  const detail = [a, b].map((t) => t.message ?? `${t.solver}: ${t.status}`).join('; ');
  const inf = said('infeasible');
  const unb = said('unbounded');
  if (inf.length > 0 && unb.length > 0) return none('error', b.solver, `solvers disagree (${detail})`);
  if (inf.length === 2) return none('infeasible', a.solver, `both solvers report the model infeasible (${detail})`);
  if (inf.length === 1) return none('infeasible', inf[0].solver, `infeasible according to ${inf[0].solver} only, unconfirmed (${detail})`);
  if (unb.length === 2) return none('unbounded', a.solver, `both solvers report the model unbounded (${detail})`);
  if (unb.length === 1) return none('unbounded', unb[0].solver, `unbounded according to ${unb[0].solver} only, unconfirmed (${detail})`);
  const timed = said('time_limit');
  if (timed.length > 0) return none('time_limit', timed[0].solver, `no solver finished within ${limit} s with a trusted answer (${detail})`);
  return none('error', b.solver, `no solver gave a trusted answer (${detail})`);
}
