/**
 * A linear (or mixed-integer) programme in sparse form, independent of the
 * solver: what the sizing models build and what every solver backend takes.
 * Minimisation only. Keep models in sensible units (people, thousands of ¥)
 * so the solvers' tolerances mean something.
 */
export interface LpVar {
  name: string;
  lb: number;
  /** Infinity for no upper bound. */
  ub: number;
  cost: number;
  integer?: boolean;
}

export interface LpRow {
  name: string;
  /** -Infinity for no lower bound. */
  lb: number;
  /** Infinity for no upper bound. */
  ub: number;
  /** Variable indices and their coefficients (same length, indices distinct). */
  idx: number[];
  val: number[];
}

export interface LpModel {
  name: string;
  vars: LpVar[];
  rows: LpRow[];
}

export type LpStatus = 'optimal' | 'infeasible' | 'unbounded' | 'time_limit' | 'error';

export interface LpSolution {
  status: LpStatus;
  /** Objective value at x (recomputed from x, not trusted from the solver). */
  objective: number;
  /** Variable values, same order as model.vars (empty unless status is optimal). */
  x: Float64Array;
  solver: SolverName;
  seconds: number;
  /** Why a solve did not give a usable optimum, in words. */
  message?: string;
}

export type SolverName = 'jslp' | 'highs';

export interface SolveOptions {
  /** 'auto' picks by model size. */
  solver?: SolverName | 'auto';
  timeLimitSeconds?: number;
}

/** One solver's attempt, as reported in the outputs. */
export interface SolveAttempt {
  solver: SolverName;
  status: LpStatus;
  seconds: number;
  message?: string;
}

/** The final answer plus every attempt made (the fallback solver's included). */
export interface SolveReport extends LpSolution {
  attempts: SolveAttempt[];
}
