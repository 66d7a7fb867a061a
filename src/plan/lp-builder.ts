/** A small helper to build an LpModel by name. */
import type { LpModel } from './solver/types.js';

export class LpBuilder {
  readonly model: LpModel;
  constructor(name: string) {
    this.model = { name, vars: [], rows: [] };
  }
  /** Add a variable; returns its index. */
  v(name: string, cost: number, lb = 0, ub = Infinity, integer = false): number {
    this.model.vars.push({ name, cost, lb, ub, integer });
    return this.model.vars.length - 1;
  }
  /** Add a row lb ≤ Σ val·x[idx] ≤ ub (entries with the same index are summed). */
  row(name: string, terms: [number, number][], lb: number, ub: number): number {
    const m = new Map<number, number>();
    for (const [i, c] of terms) if (c !== 0) m.set(i, (m.get(i) ?? 0) + c);
    this.model.rows.push({ name, lb, ub, idx: [...m.keys()], val: [...m.values()] });
    return this.model.rows.length - 1;
  }
  ge(name: string, terms: [number, number][], rhs: number): number {
    return this.row(name, terms, rhs, Infinity);
  }
  le(name: string, terms: [number, number][], rhs: number): number {
    return this.row(name, terms, -Infinity, rhs);
  }
}
