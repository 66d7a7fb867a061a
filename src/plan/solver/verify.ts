/**
 * Checking a solver's answer against the model itself, so that no solver is
 * trusted blindly: javascript-lp-solver has been seen to return `feasible:
 * true` with fractional "integers" and a too-good objective, and any solver
 * can return NaN. A solution is accepted only if every value is finite, every
 * variable lies within its bounds, every row activity within [lb, ub] and
 * every integer variable is integral, all within tolerance.
 */
import type { LpModel } from './types.js';

/** Default tolerance: absolute for quantities of order 1, relative above. */
export const VERIFY_DEFAULT_TOL = 1e-6;

export type ViolationKind = 'length' | 'non-finite' | 'var-lb' | 'var-ub' | 'row-lb' | 'row-ub' | 'integrality';

export interface Violation {
  kind: ViolationKind;
  /** Whether name/index refer to a variable, a row or the whole model. */
  on: 'var' | 'row' | 'model';
  /** Variable or row name. */
  name: string;
  /** Variable or row index in the model. */
  index: number;
  /** The variable value or row activity. */
  value: number;
  /** The bound it violates (the nearest integer for integrality). */
  bound: number;
  /** |value − bound| (Infinity for non-finite values). */
  amount: number;
  /** amount / max(1, scale), or amount for integrality: what is compared with the tolerance. */
  scaled: number;
}

export interface Verification {
  ok: boolean;
  /** The largest scaled violation, or undefined when there is none at all. */
  worst?: Violation;
  /** Violations beyond tolerance (each variable or row counted once). */
  count: number;
}

/**
 * Check x against the model. A bound b on a quantity v (a variable, or a row
 * activity Σ a_j x_j) is violated when |v − b| > tol · max(1, scale), where
 * scale is |b| for a variable and max(|b|, Σ |a_j x_j|) for a row: absolute
 * tolerance for small quantities, relative for large ones, and for rows
 * relative to the size of the terms being summed (their rounding error).
 * Integrality is absolute, as in HiGHS (mip_feasibility_tolerance):
 * |x − round(x)| ≤ tol.
 */
export function verifySolution(model: LpModel, x: ArrayLike<number>, tol: number = VERIFY_DEFAULT_TOL): Verification {
  const nv = model.vars.length;
  if (x.length !== nv) {
    const v: Violation = {
      kind: 'length',
      on: 'model',
      name: model.name,
      index: -1,
      value: x.length,
      bound: nv,
      amount: Infinity,
      scaled: Infinity,
    };
    return { ok: false, worst: v, count: 1 };
  }
  let worst: Violation | undefined;
  let count = 0;
  const consider = (v: Violation): void => {
    if (!(v.scaled <= tol)) count++;
    if (worst === undefined || !(v.scaled <= worst.scaled)) worst = v;
  };

  for (let j = 0; j < nv; j++) {
    const vr = model.vars[j];
    const xj = x[j];
    if (!Number.isFinite(xj)) {
      consider({ kind: 'non-finite', on: 'var', name: vr.name, index: j, value: xj, bound: NaN, amount: Infinity, scaled: Infinity });
      continue;
    }
    if (xj < vr.lb) {
      const amount = vr.lb - xj;
      consider({ kind: 'var-lb', on: 'var', name: vr.name, index: j, value: xj, bound: vr.lb, amount, scaled: amount / Math.max(1, Math.abs(vr.lb)) });
    } else if (xj > vr.ub) {
      const amount = xj - vr.ub;
      consider({ kind: 'var-ub', on: 'var', name: vr.name, index: j, value: xj, bound: vr.ub, amount, scaled: amount / Math.max(1, Math.abs(vr.ub)) });
    }
    if (vr.integer) {
      const r = Math.round(xj);
      const amount = Math.abs(xj - r);
      if (amount > 0) {
        consider({ kind: 'integrality', on: 'var', name: vr.name, index: j, value: xj, bound: r, amount, scaled: amount });
      }
    }
  }

  for (let i = 0; i < model.rows.length; i++) {
    const row = model.rows[i];
    let act = 0;
    let comp = 0; // Neumaier compensation
    let absSum = 0;
    let finite = true;
    for (let k = 0; k < row.idx.length; k++) {
      const t = row.val[k] * x[row.idx[k]];
      if (!Number.isFinite(t)) finite = false;
      const s = act + t;
      comp += Math.abs(act) >= Math.abs(t) ? act - s + t : t - s + act;
      act = s;
      absSum += Math.abs(t);
    }
    act += comp;
    if (!finite || !Number.isFinite(act)) {
      consider({ kind: 'non-finite', on: 'row', name: row.name, index: i, value: act, bound: NaN, amount: Infinity, scaled: Infinity });
      continue;
    }
    if (act < row.lb) {
      const amount = row.lb - act;
      consider({ kind: 'row-lb', on: 'row', name: row.name, index: i, value: act, bound: row.lb, amount, scaled: amount / Math.max(1, Math.abs(row.lb), absSum) });
    } else if (act > row.ub) {
      const amount = act - row.ub;
      consider({ kind: 'row-ub', on: 'row', name: row.name, index: i, value: act, bound: row.ub, amount, scaled: amount / Math.max(1, Math.abs(row.ub), absSum) });
    }
  }
  return { ok: count === 0, worst, count };
}

/**
 * Structural check of a model before any solver sees it: index ranges, no
 * repeated index in a row, matching lengths, finite costs and coefficients,
 * no NaN bounds, no lb = +∞ or ub = −∞. Returns a message, or undefined
 * when the model is well formed. (lb > ub is left to the solvers: that is
 * an infeasible model, not a malformed one.)
 */
export function checkModel(model: LpModel): string | undefined {
  const nv = model.vars.length;
  for (let j = 0; j < nv; j++) {
    const v = model.vars[j];
    if (!Number.isFinite(v.cost)) return `variable ${v.name}: cost ${v.cost}`;
    if (Number.isNaN(v.lb) || Number.isNaN(v.ub) || v.lb === Infinity || v.ub === -Infinity) {
      return `variable ${v.name}: bounds [${v.lb}, ${v.ub}]`;
    }
  }
  const seen = new Int32Array(nv).fill(-1);
  for (let i = 0; i < model.rows.length; i++) {
    const r = model.rows[i];
    if (Number.isNaN(r.lb) || Number.isNaN(r.ub) || r.lb === Infinity || r.ub === -Infinity) return `row ${r.name}: bounds [${r.lb}, ${r.ub}]`;
    if (r.idx.length !== r.val.length) return `row ${r.name}: ${r.idx.length} indices but ${r.val.length} values`;
    for (let k = 0; k < r.idx.length; k++) {
      const j = r.idx[k];
      if (!Number.isInteger(j) || j < 0 || j >= nv) return `row ${r.name}: variable index ${j} out of range 0..${nv - 1}`;
      if (seen[j] === i) return `row ${r.name}: variable ${model.vars[j].name} appears twice`;
      seen[j] = i;
      if (!Number.isFinite(r.val[k])) return `row ${r.name}: coefficient of ${model.vars[j].name} is ${r.val[k]}`;
    }
  }
  return undefined;
}

/** One line naming the worst violation, for messages. */
export function describeViolation(v: Violation): string {
  switch (v.kind) {
    case 'length':
      return `solution has ${v.value} values for ${v.bound} variables`;
    case 'non-finite':
      return `${v.on === 'var' ? 'value of variable' : 'activity of row'} ${v.name} is not finite (${v.value})`;
    case 'var-lb':
      return `variable ${v.name} = ${v.value} below its lower bound ${v.bound} by ${v.amount.toPrecision(3)}`;
    case 'var-ub':
      return `variable ${v.name} = ${v.value} above its upper bound ${v.bound} by ${v.amount.toPrecision(3)}`;
    case 'row-lb':
      return `row ${v.name} activity ${v.value} below its lower bound ${v.bound} by ${v.amount.toPrecision(3)}`;
    case 'row-ub':
      return `row ${v.name} activity ${v.value} above its upper bound ${v.bound} by ${v.amount.toPrecision(3)}`;
    case 'integrality':
      return `integer variable ${v.name} = ${v.value} is not integral`;
  }
}

/** Σ cost_j · x_j, with compensated (Neumaier) summation. */
export function objectiveOf(model: LpModel, x: ArrayLike<number>): number {
  let sum = 0;
  let comp = 0;
  const n = Math.min(model.vars.length, x.length);
  for (let j = 0; j < n; j++) {
    const c = model.vars[j].cost;
    if (c === 0) continue;
    const t = c * x[j];
    const s = sum + t;
    comp += Math.abs(sum) >= Math.abs(t) ? sum - s + t : t - s + sum;
    sum = s;
  }
  return sum + comp;
}
