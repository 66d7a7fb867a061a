/**
 * Merging partial results into the run's totals. Histograms and reservoirs
 * merge in any order; floating-point sums are folded block by block in block
 * order, holding back partials that arrive early, so the totals are the same
 * bits whatever the worker count or task split.
 */
import { HistogramBank, REGION_LAYOUT, TOWNSHIP_LAYOUT, type HistogramBankData } from '../stats/histogram.js';
import { momentWidth } from './kernel.js';
import type { MetricLayout } from './layout.js';
import { mergeReservoir, newReservoir, type ReservoirData } from '../stats/reservoir.js';

/** A partial as it crosses the thread boundary: plain data. */
export interface PartialData {
  firstBlock: number;
  nBlocks: number;
  trials: number;
  moments: Float64Array;
  region: HistogramBankData;
  township: HistogramBankData;
  uniform: ReservoirData;
  tail: ReservoirData;
}

export class RunAccumulator {
  readonly region: HistogramBank;
  readonly township: HistogramBank;
  /** Sum and sum of squares per metric (region then township), interleaved. */
  readonly moments: Float64Array;
  readonly uniform: ReservoirData;
  readonly tail: ReservoirData;
  trials = 0;
  private nextBlock = 0;
  private readonly pending = new Map<number, PartialData>();
  private readonly width: number;

  constructor(
    readonly layout: MetricLayout,
    reservoirWidth: number,
    reservoir: { uniform: number; tail: number },
  ) {
    this.region = new HistogramBank(layout.diffBase, REGION_LAYOUT);
    this.township = new HistogramBank(layout.nTownship, TOWNSHIP_LAYOUT);
    this.width = momentWidth(layout);
    this.moments = new Float64Array(this.width);
    this.uniform = newReservoir(reservoir.uniform, reservoirWidth, false);
    this.tail = newReservoir(reservoir.tail, reservoirWidth, true);
  }

  add(p: PartialData): void {
    this.region.merge(p.region);
    this.township.merge(p.township);
    mergeReservoir(this.uniform, p.uniform);
    mergeReservoir(this.tail, p.tail);
    this.trials += p.trials;
    this.pending.set(p.firstBlock, p);
    for (let q = this.pending.get(this.nextBlock); q; q = this.pending.get(this.nextBlock)) {
      this.pending.delete(this.nextBlock);
      for (let b = 0; b < q.nBlocks; b++) {
        const o = b * this.width;
        for (let k = 0; k < this.width; k++) this.moments[k] += q.moments[o + k];
      }
      this.nextBlock += q.nBlocks;
    }
  }

  /** Every partial has been folded (none held back). */
  get complete(): boolean {
    return this.pending.size === 0;
  }

  sum(metric: number): number {
    return this.moments[2 * metric];
  }

  sumSq(metric: number): number {
    return this.moments[2 * metric + 1];
  }
}
