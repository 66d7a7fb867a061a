/**
 * javascript-lp-solver (jslp) behind the LpModel interface. jslp is a dense
 * tableau simplex with branch and bound, pure JavaScript and synchronous: it
 * has been seen to freeze or return NaN on medium models and, at its own
 * timeout, to return fractional "integers" as a feasible MILP answer. So it
 * runs in a worker thread (jslp-worker.ts) that is terminated at the time
 * limit, and its answers are classified conservatively here (and verified
 * against the model by the caller, index.ts).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Model as JslpJsonModel } from 'javascript-lp-solver';
import type { LpModel, LpSolution, LpStatus } from './types.js';
import { objectiveOf } from './verify.js';

export const JSLP_WORKER_TAG = 'sim-jslp';

export interface JslpWorkerInput {
  tag: typeof JSLP_WORKER_TAG;
  model: LpModel;
}

export interface JslpWorkerResult {
  /** Set when the translation already decides the answer (a row without variables excluding 0). */
  trivialInfeasible?: string;
  feasible: boolean;
  bounded: boolean | undefined;
  isIntegral: boolean | undefined;
  /** jslp's own objective value (not used: the objective is recomputed from x). */
  result: number;
  x: Float64Array;
  /** Inequalities in the JSON model (an equality counts twice), for messages. */
  jsConstraints: number;
  error?: string;
}

type Bound = { min?: number; max?: number; equal?: number };

const OBJ = 'obj';

/**
 * The JSON model. Names are generated, never the model's own, so that no
 * variable can collide with jslp's result keys (feasible, result, bounded,
 * isIntegral) or with a constraint: variables v<j>, rows r<i>, variable bounds
 * lb<j>/ub<j>/fx<j>, objective "obj". Rows with lb = ub become `equal`, a
 * finite lb `min`, a finite ub `max` (both when both are finite and differ).
 * jslp variables are ≥ 0 unless listed as `unrestricted`: a variable with a
 * negative (or no) lower bound is unrestricted, and every bound other than
 * lb = 0 becomes a constraint of its own.
 */
export function toJslpModel(model: LpModel): { json: JslpJsonModel; jsConstraints: number; trivialInfeasible?: string } {
  const constraints: Record<string, Bound> = {};
  const variables: Record<string, Record<string, number>> = {};
  const ints: Record<string, 1> = {};
  const unrestricted: Record<string, 1> = {};
  let jsConstraints = 0;
  let trivialInfeasible: string | undefined;
  const add = (name: string, lb: number, ub: number): boolean => {
    if (lb === ub) {
      constraints[name] = { equal: lb };
      jsConstraints += 2; // jslp stores an equality as two inequalities
      return true;
    }
    const b: Bound = {};
    if (lb > -Infinity) {
      b.min = lb;
      jsConstraints++;
    }
    if (ub < Infinity) {
      b.max = ub;
      jsConstraints++;
    }
    if (b.min === undefined && b.max === undefined) return false;
    constraints[name] = b;
    return true;
  };
  for (let j = 0; j < model.vars.length; j++) {
    const v = model.vars[j];
    const name = `v${j}`;
    // Always list the objective coefficient so that every variable exists.
    variables[name] = { [OBJ]: v.cost };
    if (v.integer) ints[name] = 1;
    if (v.lb < 0) unrestricted[name] = 1;
    if (v.lb === v.ub) {
      if (add(`fx${j}`, v.lb, v.ub)) variables[name][`fx${j}`] = 1;
      continue;
    }
    if (v.lb !== 0 && v.lb > -Infinity && add(`lb${j}`, v.lb, Infinity)) variables[name][`lb${j}`] = 1;
    if (v.ub < Infinity && add(`ub${j}`, -Infinity, v.ub)) variables[name][`ub${j}`] = 1;
  }
  for (let i = 0; i < model.rows.length; i++) {
    const r = model.rows[i];
    const nz = r.val.filter((c) => c !== 0).length;
    if (nz === 0) {
      // jslp never sees a row that no variable mentions: decide it here.
      if (!(r.lb <= 0 && 0 <= r.ub)) trivialInfeasible ??= `row ${r.name} has no variables and excludes 0`;
      continue;
    }
    const name = `r${i}`;
    if (!add(name, r.lb, r.ub)) continue; // free row
    for (let t = 0; t < r.idx.length; t++) {
      const coef = r.val[t];
      if (coef !== 0) variables[`v${r.idx[t]}`][name] = coef;
    }
  }
  return {
    json: {
      optimize: OBJ,
      opType: 'min',
      constraints,
      variables,
      ints,
      unrestricted,
      // No jslp timeout: at its own timeout a MILP returns its incumbent as if
      // finished (seen with fractional "integers"), so the parent thread
      // enforces the limit by terminating the worker instead. tolerance 0:
      // the exact MILP optimum, not one within a percentage of it.
      options: { tolerance: 0 },
    },
    jsConstraints,
    trivialInfeasible,
  };
}

/** Inequalities jslp would build (equalities and ranges count twice), without building the JSON. */
export function jslpConstraintCount(model: LpModel): number {
  const count = (lb: number, ub: number): number => (lb === ub ? 2 : (lb > -Infinity ? 1 : 0) + (ub < Infinity ? 1 : 0));
  let n = 0;
  for (const v of model.vars) n += v.lb === v.ub ? 2 : (v.lb !== 0 && v.lb > -Infinity ? 1 : 0) + (v.ub < Infinity ? 1 : 0);
  for (const r of model.rows) if (r.idx.length > 0) n += count(r.lb, r.ub);
  return n;
}

/**
 * Bytes of jslp's dense tableau: (variables + 1) × (inequalities + 1)
 * doubles, allocated outside the JS heap (so worker resourceLimits do not
 * bound it). Branch and bound keeps further copies.
 */
export function jslpTableauBytes(model: LpModel): number {
  return 8 * (model.vars.length + 1) * (jslpConstraintCount(model) + 1);
}

/** jslp is not even attempted above this tableau size (it would take minutes and GBs). */
export const JSLP_MAX_TABLEAU_BYTES = 1 << 30;

function workerFile(): string {
  const here = fileURLToPath(new URL('./jslp-worker.js', import.meta.url));
  if (existsSync(here)) return here;
  // Running from the TypeScript sources (vitest): use the compiled worker.
  const compiled = fileURLToPath(new URL('../../../dist/src/plan/solver/jslp-worker.js', import.meta.url));
  if (existsSync(compiled)) return compiled;
  throw new Error(`compiled jslp worker not found at ${compiled}: run \`npm run build\` first`);
}

export interface JslpSolveOptions {
  timeLimitSeconds: number;
}

/**
 * Solve with jslp in a worker thread. Status mapping: `feasible: false` →
 * 'infeasible'; `bounded: false` → 'unbounded'; a non-finite objective or
 * value → 'error'; a MILP answer without `isIntegral === true` → 'error' (not
 * trusted); the worker still running at the time limit → terminated,
 * 'time_limit'; a crash → 'error'. Otherwise 'optimal' with the objective
 * recomputed from x (verification is the caller's job).
 */
export function solveWithJslp(model: LpModel, opts: JslpSolveOptions): Promise<LpSolution> {
  const t0 = performance.now();
  const seconds = (): number => (performance.now() - t0) / 1000;
  const fail = (status: LpStatus, message: string): LpSolution => ({
    status,
    objective: NaN,
    x: new Float64Array(0),
    solver: 'jslp',
    seconds: seconds(),
    message,
  });
  const bytes = jslpTableauBytes(model);
  if (bytes > JSLP_MAX_TABLEAU_BYTES) {
    return Promise.resolve(
      fail('error', `jslp: not attempted, its dense tableau would take ${(bytes / 2 ** 30).toFixed(1)} GiB (limit ${(JSLP_MAX_TABLEAU_BYTES / 2 ** 30).toFixed(1)} GiB)`),
    );
  }
  let file: string;
  try {
    file = workerFile();
  } catch (e) {
    return Promise.resolve(fail('error', `jslp: ${(e as Error).message}`));
  }
  const anyInteger = model.vars.some((v) => v.integer);
  return new Promise<LpSolution>((resolve) => {
    let settled = false;
    const input: JslpWorkerInput = { tag: JSLP_WORKER_TAG, model };
    const worker = new Worker(file, {
      workerData: input,
      // A heap blow-up ends this worker (ERR_WORKER_OUT_OF_MEMORY), not the process.
      resourceLimits: { maxOldGenerationSizeMb: 2048 },
      // jslp may print debugging lines: drain and drop them.
      stdout: true,
      stderr: true,
    });
    worker.stdout.resume();
    worker.stderr.resume();
    const done = (s: LpSolution): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(s);
    };
    const limitMs = Math.max(1, opts.timeLimitSeconds * 1000);
    const timer = setTimeout(() => {
      done(fail('time_limit', `jslp: time limit of ${opts.timeLimitSeconds} s reached; worker terminated`));
    }, limitMs);
    worker.on('message', (r: JslpWorkerResult) => {
      if (r.error !== undefined) return done(fail('error', `jslp: ${r.error}`));
      if (r.trivialInfeasible) return done(fail('infeasible', `jslp: ${r.trivialInfeasible}`));
      if (!r.feasible) return done(fail('infeasible', 'jslp: model is infeasible (feasible: false)'));
      if (r.bounded === false) return done(fail('unbounded', 'jslp: model is unbounded (bounded: false)'));
      if (!Number.isFinite(r.result)) return done(fail('error', `jslp: objective is ${r.result}`));
      const bad = r.x.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) return done(fail('error', `jslp: value of ${model.vars[bad].name} is ${r.x[bad]}`));
      if (anyInteger && r.isIntegral !== true) {
        return done(fail('error', `jslp: MILP answer without isIntegral === true (objective ${r.result}); not trusted`));
      }
      const x = r.x;
      done({ status: 'optimal', objective: objectiveOf(model, x), x, solver: 'jslp', seconds: seconds() });
    });
    worker.on('error', (e) => done(fail('error', `jslp worker: ${e.message}`)));
    worker.on('exit', (code) => done(fail('error', `jslp worker exited with code ${code} without an answer`)));
  });
}
