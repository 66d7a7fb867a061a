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

/**
 * Everything an accumulator holds, as plain data: what a shard or a checkpoint file stores
 * (engine/part-file.ts). `moments` is the ordered fold of blocks [0, nextBlock); each pending
 * range keeps its per-block moments until the blocks before it are folded, so merging states in
 * any order folds every block in block order: the same bits as one uninterrupted run.
 */
export interface AccumulatorState {
  trials: number;
  nextBlock: number;
  moments: Float64Array;
  pending: { firstBlock: number; nBlocks: number; moments: Float64Array }[];
  region: HistogramBankData;
  township: HistogramBankData;
  uniform: ReservoirData;
  tail: ReservoirData;
}

/** A half-open range of blocks [first, first + count). */
export interface BlockRange {
  first: number;
  count: number;
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
    this.foldWaiting();
  }

  /** The whole state, sharing this accumulator's arrays (serialise it before merging more). */
  state(): AccumulatorState {
    return {
      trials: this.trials,
      nextBlock: this.nextBlock,
      moments: this.moments,
      pending: [...this.pending].sort((a, b) => a[0] - b[0]).map(([firstBlock, q]) => ({ firstBlock, nBlocks: q.nBlocks, moments: q.moments })),
      region: this.region.data(),
      township: this.township.data(),
      uniform: this.uniform,
      tail: this.tail,
    };
  }

  /**
   * Merge another accumulator's state (a shard, a checkpoint): histograms and reservoirs at once,
   * its folded prefix only into an accumulator that has folded nothing yet, its pending ranges as
   * partials. Blocks already merged are refused.
   */
  absorb(s: AccumulatorState): void {
    if (s.moments.length !== this.width) throw new Error(`internal: a state of ${s.moments.length} moments merged into ${this.width}`);
    const ranges = this.covered();
    const overlaps = (first: number, count: number) => ranges.some((r) => first < r.first + r.count && r.first < first + count);
    if (s.nextBlock > 0 && overlaps(0, s.nextBlock)) throw new Error(`internal: blocks 0–${s.nextBlock - 1} merged twice`);
    for (const p of s.pending) if (overlaps(p.firstBlock, p.nBlocks)) throw new Error(`internal: blocks from ${p.firstBlock} merged twice`);
    this.region.merge(s.region);
    this.township.merge(s.township);
    mergeReservoir(this.uniform, s.uniform);
    mergeReservoir(this.tail, s.tail);
    this.trials += s.trials;
    if (s.nextBlock > 0) {
      // nothing folded here yet (checked above): the prefix's sums are the fold itself
      this.moments.set(s.moments);
      this.nextBlock = s.nextBlock;
    }
    for (const p of s.pending) this.pending.set(p.firstBlock, { nBlocks: p.nBlocks, moments: p.moments });
    this.maxPending = Math.max(this.maxPending, this.pending.size);
    this.foldWaiting();
  }

  /** The blocks merged so far, as sorted, coalesced ranges. */
  covered(): BlockRange[] {
    const raw = [...(this.nextBlock > 0 ? [{ first: 0, count: this.nextBlock }] : []), ...[...this.pending].map(([first, q]) => ({ first, count: q.nBlocks }))].sort((a, b) => a.first - b.first);
    const out: BlockRange[] = [];
    for (const r of raw) {
      const last = out[out.length - 1];
      if (last && last.first + last.count === r.first) last.count += r.count;
      else out.push({ ...r });
    }
    return out;
  }

  private foldWaiting(): void {
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
