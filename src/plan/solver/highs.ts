/**
 * HiGHS (WebAssembly build, npm `highs`) through its persistent sparse model
 * API: the LpModel is passed as CSR arrays, never as LP text, so names cannot
 * break a parser and a 1M-variable model needs no string building.
 *
 * The solve runs synchronously on the calling thread (the Wasm build is
 * single-threaded); HiGHS's own `time_limit` bounds it.
 */
import highsModule from 'highs';
import type { LpModel, LpSolution, LpStatus } from './types.js';
import { objectiveOf } from './verify.js';

// Both `highs` and `javascript-lp-solver` ship CommonJS-flavoured type
// declarations, so under NodeNext TypeScript types the default import as the
// module object while Node's ESM loader gives the loader function itself.
// Accept either at run time.
type HighsLoader = typeof highsModule.default;
type Highs = Awaited<ReturnType<HighsLoader>>;
const loadHighs: HighsLoader =
  (highsModule as unknown as { default?: HighsLoader }).default ?? (highsModule as unknown as HighsLoader);

let highsPromise: Promise<Highs> | undefined;

/**
 * The Wasm runtime, loaded once per thread and shared by every solve. `wasm`: a module compiled
 * elsewhere (highs-pool.ts compiles it once and hands it to the workers), so that a worker neither
 * compiles the 3.5 MB binary again nor runs the unoptimised tier another thread has already left.
 */
export function getHighs(wasm?: WebAssembly.Module): Promise<Highs> {
  if (!highsPromise) {
    const settings = wasm
      ? {
          instantiateWasm(imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance) => void) {
            void WebAssembly.instantiate(wasm, imports).then(done);
            return {};
          },
        }
      : undefined;
    highsPromise = (loadHighs as (s?: object) => Promise<Highs>)(settings).catch((e: unknown) => {
      highsPromise = undefined; // let a later call retry
      throw e;
    });
  }
  return highsPromise;
}

export interface HighsSolveOptions {
  timeLimitSeconds: number;
  /** Where the solve runs (highs-pool.ts: a worker); default this thread. The answer is the same. */
  runner?: HighsRunner;
}

/** A model as HiGHS takes it: typed arrays only, so it moves to a worker without copying. */
export interface HighsProblem {
  numCols: number;
  numRows: number;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
  integrality?: Int32Array;
  timeLimitSeconds: number;
}

/** A solve's outcome before the objective is recomputed from the model (x: optimal only). */
export interface HighsOutcome {
  status: LpStatus;
  x?: Float64Array;
  message?: string;
  /** Seconds the solve took where it ran (a task's wait for a free worker excluded). */
  seconds: number;
}

/** Runs a HighsProblem somewhere (this thread: runHighs). */
export type HighsRunner = (p: HighsProblem) => Promise<HighsOutcome>;

/** The buffers of a problem (to transfer it to a worker). */
export function problemBuffers(p: HighsProblem): ArrayBuffer[] {
  const arrays = [p.colCost, p.colLower, p.colUpper, p.rowLower, p.rowUpper, p.starts, p.indices, p.values, ...(p.integrality ? [p.integrality] : [])];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}

/** The options every solve uses, reported in outputs. */
export const HIGHS_OPTIONS = {
  output_flag: false,
  log_to_console: false,
  // HiGHS applies its feasibility tolerances (default 1e-7) to the internally
  // scaled model; on badly scaled LPs (costs in ¥ next to shortage penalties,
  // demands of 1e5 people next to 1e-3 volumes) the team measured optima up to
  // 2.5 % off at the defaults, and exact answers at 1e-10, the smallest value
  // HiGHS accepts. Large sparse models still solve quickly at 1e-10.
  primal_feasibility_tolerance: 1e-10,
  dual_feasibility_tolerance: 1e-10,
  // MILPs (team staffing) stop at a 1e-6 relative gap rather than the default
  // 1e-4, so the objective matches an exact optimum to 1e-6.
  mip_rel_gap: 1e-6,
} as const;

function elapsed(t0: number): number {
  return (performance.now() - t0) / 1000;
}

function fail(status: LpStatus, t0: number, message: string, objective = NaN): LpSolution {
  return { status, objective, x: new Float64Array(0), solver: 'highs', seconds: elapsed(t0), message };
}

/** Build the CSR arrays of the row matrix; throws on bad indices or duplicates. */
function toCsr(model: LpModel): { starts: Int32Array; indices: Int32Array; values: Float64Array } {
  const nv = model.vars.length;
  let nnz = 0;
  for (const r of model.rows) {
    if (r.idx.length !== r.val.length) throw new Error(`row ${r.name}: ${r.idx.length} indices but ${r.val.length} values`);
    nnz += r.idx.length;
  }
  const starts = new Int32Array(model.rows.length + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  const seen = new Int32Array(nv).fill(-1);
  let k = 0;
  for (let i = 0; i < model.rows.length; i++) {
    const r = model.rows[i];
    for (let t = 0; t < r.idx.length; t++) {
      const j = r.idx[t];
      if (!Number.isInteger(j) || j < 0 || j >= nv) throw new Error(`row ${r.name}: variable index ${j} out of range 0..${nv - 1}`);
      if (seen[j] === i) throw new Error(`row ${r.name}: variable ${model.vars[j].name} appears twice`);
      seen[j] = i;
      const v = r.val[t];
      if (!Number.isFinite(v)) throw new Error(`row ${r.name}: coefficient of ${model.vars[j].name} is ${v}`);
      indices[k] = j;
      values[k] = v;
      k++;
    }
    starts[i + 1] = k;
  }
  return { starts, indices, values };
}

/** The model as typed arrays; throws on bad indices, duplicates or non-finite coefficients. */
export function highsProblem(model: LpModel, timeLimitSeconds: number): HighsProblem {
  const nv = model.vars.length;
  const csr = toCsr(model);
  const colCost = new Float64Array(nv);
  const colLower = new Float64Array(nv);
  const colUpper = new Float64Array(nv);
  let anyInteger = false;
  for (let j = 0; j < nv; j++) {
    const v = model.vars[j];
    colCost[j] = v.cost;
    colLower[j] = v.lb;
    colUpper[j] = v.ub;
    if (v.integer) anyInteger = true;
  }
  const nr = model.rows.length;
  const rowLower = new Float64Array(nr);
  const rowUpper = new Float64Array(nr);
  for (let i = 0; i < nr; i++) {
    rowLower[i] = model.rows[i].lb;
    rowUpper[i] = model.rows[i].ub;
  }
  const integrality = anyInteger ? Int32Array.from(model.vars, (v) => (v.integer ? 1 : 0)) : undefined;
  return { numCols: nv, numRows: nr, colCost, colLower, colUpper, rowLower, rowUpper, ...csr, ...(integrality ? { integrality } : {}), timeLimitSeconds: Math.max(1e-3, timeLimitSeconds) };
}

/**
 * Solve with HiGHS. Status mapping:
 * - optimal → 'optimal' (only with a feasible primal solution);
 * - infeasible → 'infeasible', unbounded → 'unbounded';
 * - "infeasible or unbounded" (presolve could not tell) → solved again with
 *   presolve off to find which; 'error' if still undecided;
 * - time limit → 'time_limit' even when a MILP has a feasible incumbent: the
 *   incumbent is NOT returned (x stays empty, as types.ts says for every
 *   status but optimal), only its objective and gap are put in the message,
 *   because an incumbent of unknown quality is not an optimum to size
 *   stockpiles or teams with;
 * - anything else (iteration limit, solve/model errors, …) → 'error'.
 * The Wasm model is always disposed.
 */
export async function solveWithHighs(model: LpModel, opts: HighsSolveOptions): Promise<LpSolution> {
  const t0 = performance.now();
  const nv = model.vars.length;
  if (nv === 0) {
    // HiGHS has no solution object for a model without columns.
    const bad = model.rows.find((r) => !(r.lb <= 0 && 0 <= r.ub));
    if (bad) return fail('infeasible', t0, `no variables and row ${bad.name} excludes 0`);
    return { status: 'optimal', objective: 0, x: new Float64Array(0), solver: 'highs', seconds: elapsed(t0) };
  }
  let problem: HighsProblem;
  try {
    problem = highsProblem(model, opts.timeLimitSeconds);
  } catch (e) {
    return fail('error', t0, `highs: ${(e as Error).message}`);
  }
  const prepared = elapsed(t0);
  let out: HighsOutcome;
  try {
    out = await (opts.runner ?? runHighs)(problem);
  } catch (e) {
    return fail('error', t0, `highs: ${(e as Error).message}`);
  }
  const seconds = prepared + out.seconds;
  if (out.status === 'optimal' && out.x) return { status: 'optimal', objective: objectiveOf(model, out.x), x: out.x, solver: 'highs', seconds };
  return { status: out.status === 'optimal' ? 'error' : out.status, objective: NaN, x: new Float64Array(0), solver: 'highs', seconds, message: out.message ?? `highs: ${out.status}` };
}

/** The solve itself, in whatever thread holds the problem (solveWithHighs states the status mapping). */
export async function runHighs(p: HighsProblem, wasm?: WebAssembly.Module): Promise<HighsOutcome> {
  const t0 = performance.now();
  const out = await runHighsModel(p, wasm);
  return { ...out, seconds: elapsed(t0) };
}

async function runHighsModel(p: HighsProblem, wasm?: WebAssembly.Module): Promise<Omit<HighsOutcome, 'seconds'>> {
  let highs: Highs;
  try {
    highs = await getHighs(wasm);
  } catch (e) {
    return { status: 'error', message: `highs: ${(e as Error).message}` };
  }
  const timeLimit = p.timeLimitSeconds;
  const anyInteger = p.integrality !== undefined;
  let hm: ReturnType<Highs['createModel']> | undefined;
  try {
    hm = highs.createModel({
      numCols: p.numCols,
      numRows: p.numRows,
      sense: highs.constants.objectiveSense.minimize,
      colCost: p.colCost,
      colLower: p.colLower,
      colUpper: p.colUpper,
      rowLower: p.rowLower,
      rowUpper: p.rowUpper,
      matrix: { format: 'csr', numRows: p.numRows, numCols: p.numCols, starts: p.starts, indices: p.indices, values: p.values },
      ...(p.integrality ? { integrality: p.integrality } : {}),
    });
    hm.options.set({ ...HIGHS_OPTIONS, time_limit: timeLimit });
    const MS = highs.constants.modelStatus;
    let status = hm.run().modelStatus;
    if (status === MS.unboundedOrInfeasible) {
      const left = timeLimit - hm.getRunTime();
      if (left > 0) {
        hm.clearSolver();
        hm.options.set({ presolve: 'off', time_limit: left });
        status = hm.run().modelStatus;
      }
    }
    const primalFeasible = Number(hm.info.get('primal_solution_status')) === highs.constants.solutionStatus.feasible;
    switch (status) {
      case MS.optimal: {
        if (!primalFeasible) return { status: 'error', message: 'highs: optimal status without a feasible primal solution' };
        return { status: 'optimal', x: Float64Array.from(hm.getSolution().colValue) };
      }
      case MS.infeasible:
        return { status: 'infeasible', message: 'highs: model is infeasible' };
      case MS.unbounded:
        return { status: 'unbounded', message: 'highs: model is unbounded' };
      case MS.unboundedOrInfeasible:
        return { status: 'error', message: 'highs: infeasible or unbounded (not distinguished, even without presolve)' };
      case MS.timeLimit: {
        let msg = `highs: time limit of ${timeLimit} s reached`;
        if (anyInteger && primalFeasible) {
          const inc = Number(hm.info.get('objective_function_value'));
          const gap = Number(hm.info.get('mip_gap'));
          msg += `; a feasible incumbent (objective ${inc}, gap ${(gap * 100).toPrecision(3)} %) was not used`;
        } else if (primalFeasible) {
          msg += '; the primal point at the limit was not used';
        }
        return { status: 'time_limit', message: msg };
      }
      default: {
        const name = Object.entries(MS).find(([, v]) => v === status)?.[0] ?? String(status);
        return { status: 'error', message: `highs: solve ended with model status ${name}` };
      }
    }
  } catch (e) {
    // An Emscripten abort (out of Wasm memory, a C++ exception) leaves the
    // module unusable: drop it so that the next solve loads a fresh one.
    if (e instanceof WebAssembly.RuntimeError) highsPromise = undefined;
    return { status: 'error', message: `highs: ${(e as Error).message}` };
  } finally {
    try {
      hm?.dispose();
    } catch {
      // disposing after an abort can throw; the module has been dropped
    }
  }
}
