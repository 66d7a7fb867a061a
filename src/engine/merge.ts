/**
 * Merging partial results into the run's totals. Histograms, reservoirs,
 * maxima and trial counts merge in any order, so they are merged the moment a
 * partial arrives; floating-point sums are folded block by block in block
 * order, so the totals are the same bits whatever the worker count or task
 * split. A partial that arrives before a lower block leaves behind only what
 * that ordered fold needs: its first block, block count and per-block moments
 * (never its histograms or reservoirs, which are 10+ MiB a task). How many can
 * wait at once is bounded by the tasks in flight (run.ts keeps a window).
 */
import { HistogramBank, REGION_LAYOUT, type HistogramBankData } from '../stats/histogram.js';
import { momentWidth } from './kernel.js';
import { townshipLayout, type MetricLayout } from './layout.js';
import { mergeReservoir, newReservoir, type ReservoirData } from '../stats/reservoir.js';
import type { EventTableRows } from './event-tables.js';

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
  /** YLT and ELT rows (runs with event tables only): handed on in block order by run.ts, not merged here. */
  tables?: EventTableRows;
}

/** What a partial that arrived early leaves for the ordered fold. */
interface PendingMoments {
  nBlocks: number;
  moments: Float64Array;
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
  private readonly pending = new Map<number, PendingMoments>();
  private readonly width: number;
  /** Most partials whose moments waited at once (a test and the memory benchmark read it). */
  maxPending = 0;

  constructor(
    readonly layout: MetricLayout,
    reservoirWidth: number,
    reservoir: { uniform: number; tail: number },
  ) {
    this.region = new HistogramBank(layout.nHistogrammed, REGION_LAYOUT);
    this.township = new HistogramBank(layout.nTownship, townshipLayout(layout.nTownships));
    this.width = momentWidth(layout);
    this.moments = new Float64Array(this.width);
    this.uniform = newReservoir(reservoir.uniform, reservoirWidth, false);
    this.tail = newReservoir(reservoir.tail, reservoirWidth, true);
  }

  /**
   * Merge a partial: the order-free parts now; its moments now if it is the next block in order
   * (then any waiting ones that follow), else kept until the blocks before it have been folded.
   */
  add(p: PartialData): void {
    if (p.moments.length !== p.nBlocks * this.width) throw new Error(`internal: partial of blocks ${p.firstBlock}+${p.nBlocks} has ${p.moments.length} moments, expected ${p.nBlocks * this.width}`);
    if (p.firstBlock < this.nextBlock || this.pending.has(p.firstBlock)) throw new Error(`internal: blocks from ${p.firstBlock} merged twice`);
    this.region.merge(p.region);
    this.township.merge(p.township);
    mergeReservoir(this.uniform, p.uniform);
    mergeReservoir(this.tail, p.tail);
    this.trials += p.trials;
    if (p.firstBlock === this.nextBlock) this.fold(p.moments, p.nBlocks);
    else {
      this.pending.set(p.firstBlock, { nBlocks: p.nBlocks, moments: p.moments });
      this.maxPending = Math.max(this.maxPending, this.pending.size);
    }
    for (let q = this.pending.get(this.nextBlock); q; q = this.pending.get(this.nextBlock)) {
      this.pending.delete(this.nextBlock);
      this.fold(q.moments, q.nBlocks);
    }
  }

  private fold(moments: Float64Array, nBlocks: number): void {
    const w = this.width;
    const m = this.moments;
    for (let b = 0; b < nBlocks; b++) {
      const o = b * w;
      for (let k = 0; k < w; k++) m[k] += moments[o + k];
    }
    this.nextBlock += nBlocks;
  }

  /** Partials whose moments are waiting for a lower block. */
  get pendingCount(): number {
    return this.pending.size;
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
