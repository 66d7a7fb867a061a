/**
 * Log-binned histograms of non-negative values, many sharing one layout in a
 * flat typed array. Zeros are not stored: a metric's zero count is its trial
 * count minus its non-zero count, which keeps the per-trial cost of the many
 * all-zero years at nothing. Counts are integers, so merging histograms from
 * different workers gives the same result in any order.
 */
export interface HistogramLayout {
  /** log10 of the lower edge of bin 0; smaller positive values fall in bin 0. */
  logMin: number;
  /** Bins per factor of 10: relative bin width 10^(1/binsPerDecade) − 1. */
  binsPerDecade: number;
  /** Number of decades covered; larger values fall in the last bin (max is kept exactly). */
  decades: number;
}

/** Region-wide metrics: 0.46 % bins, so a quantile read from them is within ±0.23 %. */
export const REGION_LAYOUT: HistogramLayout = { logMin: -3, binsPerDecade: 500, decades: 13 };
/** Per-township metrics: 2.3 % bins (±1.2 % on a quantile), to keep 73 × k histograms small. */
export const TOWNSHIP_LAYOUT: HistogramLayout = { logMin: -3, binsPerDecade: 100, decades: 13 };

/**
 * Most bytes one bank of township histograms may take. A run holds several at once (the total, each
 * worker's partial, partials in flight), and a typed array of 4 GiB or more cannot cross threads:
 * V8's serializer writes a view's byte length in 32 bits, so it would arrive cut short.
 */
export const TOWNSHIP_BANK_BUDGET = 512 * 1024 * 1024;
/** Coarser layouts for regions whose township bank would not fit the budget at TOWNSHIP_LAYOUT: 1e-3 … 1e7 people, finest first. */
const COARSE_TOWNSHIP_BINS = [50, 20, 10];
const COARSE_TOWNSHIP_DECADES = 10;

/** Township histograms (N metrics per township) of a region this size: TOWNSHIP_LAYOUT while the bank fits TOWNSHIP_BANK_BUDGET, else the finest coarse layout that fits; null when none does. */
export function townshipLayoutFor(nTownshipMetrics: number): HistogramLayout | null {
  if (nTownshipMetrics * binCount(TOWNSHIP_LAYOUT) * 4 <= TOWNSHIP_BANK_BUDGET) return TOWNSHIP_LAYOUT;
  for (const b of COARSE_TOWNSHIP_BINS) {
    const l = { logMin: -3, binsPerDecade: b, decades: COARSE_TOWNSHIP_DECADES };
    if (nTownshipMetrics * binCount(l) * 4 <= TOWNSHIP_BANK_BUDGET) return l;
  }
  return null;
}

/** Most township metrics any layout fits in the budget. */
export function maxTownshipMetrics(): number {
  const coarsest = COARSE_TOWNSHIP_BINS[COARSE_TOWNSHIP_BINS.length - 1] * COARSE_TOWNSHIP_DECADES;
  return Math.floor(TOWNSHIP_BANK_BUDGET / (coarsest * 4));
}

/** Half the relative width of a bin: the error of a quantile read from the layout. */
export function quantileError(l: HistogramLayout): number {
  return 0.5 * (Math.pow(10, 1 / l.binsPerDecade) - 1);
}

export function binCount(l: HistogramLayout): number {
  return l.binsPerDecade * l.decades;
}

export function binIndex(l: HistogramLayout, nBins: number, v: number): number {
  const i = Math.floor((Math.log10(v) - l.logMin) * l.binsPerDecade);
  return i < 0 ? 0 : i >= nBins ? nBins - 1 : i;
}

// The bin of a value without Math.log10 (a call into C, the histograms' main cost: issue 13): an
// estimate from the value's binary exponent and top mantissa bits, then corrected against each bin's
// exact lower edge — the smallest double binIndex puts in that bin — so the result is binIndex's, bit for bit.
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
/** Which 32-bit half of a double holds the sign, exponent and top mantissa bits. */
const HI = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f ? 1 : 0;
/** log2 of the mantissa at the middle of each of 1,024 equal slices of [1, 2): the estimate is within 0.0007 of log2(v). */
const LOG2_MANTISSA = Float64Array.from({ length: 1024 }, (_, m) => Math.log2(1 + (m + 0.5) / 1024));
const LOG10_2 = Math.log10(2);

/** binIndex without clamping: monotone in v (Math.log10 is), which is what makes edges exact. */
function rawBin(l: HistogramLayout, v: number): number {
  return Math.floor((Math.log10(v) - l.logMin) * l.binsPerDecade);
}

/** The double next to a positive finite v, up or down (its bit pattern ± 1). */
function step(v: number, up: boolean): number {
  F64[0] = v;
  let lo = U32[1 - HI];
  let hi = U32[HI];
  if (up) {
    lo = (lo + 1) >>> 0;
    if (lo === 0) hi++;
  } else {
    if (lo === 0) hi--;
    lo = (lo - 1) >>> 0;
  }
  U32[1 - HI] = lo;
  U32[HI] = hi;
  return F64[0];
}

const edgeCache = new Map<string, Float64Array>();

/** edges[i] (1 ≤ i < nBins): the smallest double that binIndex puts in bin i or above; edges[0] = 0. Computed once per layout and thread. */
export function binEdges(l: HistogramLayout): Float64Array {
  const id = `${l.logMin}/${l.binsPerDecade}/${l.decades}`;
  let e = edgeCache.get(id);
  if (!e) {
    const n = binCount(l);
    e = new Float64Array(n);
    for (let i = 1; i < n; i++) {
      let v = Math.pow(10, l.logMin + i / l.binsPerDecade);
      while (rawBin(l, v) >= i) v = step(v, false);
      while (rawBin(l, v) < i) v = step(v, true);
      e[i] = v;
    }
    edgeCache.set(id, e);
  }
  return e;
}

/** binIndex(l, nBins, v) for v > 0 (the same bin, bit for bit), with `edges` = binEdges(l). */
export function fastBinIndex(l: HistogramLayout, edges: Float64Array, nBins: number, v: number): number {
  F64[0] = v;
  const hi = U32[HI];
  const log10 = ((hi >>> 20) - 1023 + LOG2_MANTISSA[(hi >>> 10) & 1023]) * LOG10_2;
  let i = Math.floor((log10 - l.logMin) * l.binsPerDecade);
  i = i < 0 ? 0 : i >= nBins ? nBins - 1 : i;
  while (i + 1 < nBins && v >= edges[i + 1]) i++;
  while (i > 0 && v < edges[i]) i--;
  return i;
}

/**
 * A bank of `size` metrics, each with a histogram of its non-zero values, a
 * non-zero count, an exact min of non-zero values and an exact max.
 * Moments (sum, sum of squares) are kept per block elsewhere, because floating
 * sums must be added in a fixed order to be reproducible.
 */
export class HistogramBank {
  readonly nBins: number;
  readonly counts: Uint32Array;
  readonly nonzero: Float64Array;
  readonly minPos: Float64Array;
  readonly max: Float64Array;
  private readonly edges: Float64Array;
  /** stage()'s count indices not yet added (at most one per metric between flushes). */
  private readonly staged: Int32Array;
  private nStaged = 0;

  constructor(
    readonly size: number,
    readonly layout: HistogramLayout,
  ) {
    this.nBins = binCount(layout);
    this.counts = new Uint32Array(size * this.nBins);
    this.nonzero = new Float64Array(size);
    this.minPos = new Float64Array(size).fill(Infinity);
    this.max = new Float64Array(size);
    this.edges = binEdges(layout);
    this.staged = new Int32Array(size);
  }

  /** Record a value; zero and negative values only count as zeros. */
  add(m: number, v: number): void {
    if (!(v > 0)) return;
    this.counts[m * this.nBins + fastBinIndex(this.layout, this.edges, this.nBins, v)]++;
    this.nonzero[m]++;
    if (v < this.minPos[m]) this.minPos[m] = v;
    if (v > this.max[m]) this.max[m] = v;
  }

  /**
   * add() with the count's increment deferred to flush(): the counts are megabytes, so an increment is
   * usually a cache miss; done together in one loop they overlap instead of waiting one by one (issue 13).
   * At most one value per metric between flushes. Counts are integers: the order they are added in is free.
   */
  stage(m: number, v: number): void {
    if (!(v > 0)) return;
    this.staged[this.nStaged++] = m * this.nBins + fastBinIndex(this.layout, this.edges, this.nBins, v);
    this.nonzero[m]++;
    if (v < this.minPos[m]) this.minPos[m] = v;
    if (v > this.max[m]) this.max[m] = v;
  }

  /** Add the staged counts. */
  flush(): void {
    const c = this.counts;
    const s = this.staged;
    for (let j = 0; j < this.nStaged; j++) c[s[j]]++;
    this.nStaged = 0;
  }

  merge(o: HistogramBankData): void {
    if (o.counts.length !== this.counts.length) throw new Error(`internal: histogram layouts differ (${o.counts.length} counts merged into ${this.counts.length})`);
    const nb = this.nBins;
    const c = this.counts;
    const oc = o.counts;
    for (let m = 0; m < this.size; m++) {
      // a metric with no values in `o` has all-zero counts (add and stage count only values > 0), min +∞ and max 0:
      // nothing to merge. Most of a bank in the evaluation pass (observersOnly) and many township metrics of a task.
      if (o.nonzero[m] === 0) continue;
      this.nonzero[m] += o.nonzero[m];
      if (o.minPos[m] < this.minPos[m]) this.minPos[m] = o.minPos[m];
      if (o.max[m] > this.max[m]) this.max[m] = o.max[m];
      for (let i = m * nb, end = i + nb; i < end; i++) c[i] += oc[i];
    }
  }

  data(): HistogramBankData {
    return { counts: this.counts, nonzero: this.nonzero, minPos: this.minPos, max: this.max };
  }

  view(m: number): HistogramView {
    return {
      layout: this.layout,
      counts: this.counts.subarray(m * this.nBins, (m + 1) * this.nBins),
      nonzero: this.nonzero[m],
      minPos: this.minPos[m],
      max: this.max[m],
    };
  }
}

/** The transferable state of a bank (what a worker sends back). */
export interface HistogramBankData {
  counts: Uint32Array;
  nonzero: Float64Array;
  minPos: Float64Array;
  max: Float64Array;
}

export interface HistogramView {
  layout: HistogramLayout;
  counts: Uint32Array;
  nonzero: number;
  minPos: number;
  max: number;
}

/**
 * The value of the k-th smallest of n observations (1-based, fractional k
 * allowed), of which n − nonzero are zero; log-linear inside a bin, clamped to
 * the exact non-zero min and max.
 */
export function valueAtRank(h: HistogramView, n: number, k: number): number {
  const zeros = n - h.nonzero;
  if (k <= zeros || h.nonzero === 0) return 0;
  let cum = zeros;
  const nb = h.counts.length;
  for (let i = 0; i < nb; i++) {
    const c = h.counts[i];
    if (c === 0) continue;
    if (cum + c >= k) {
      const frac = (k - cum) / c;
      const v = Math.pow(10, h.layout.logMin + (i + frac) / h.layout.binsPerDecade);
      return Math.min(Math.max(v, h.minPos), h.max);
    }
    cum += c;
  }
  return h.max;
}

/** Count of observations ≥ t (t > 0), exact when t is a bin edge (any power of 10 is). */
export function countAtLeast(h: HistogramView, t: number): number {
  if (!(t > 0)) throw new RangeError('threshold must be > 0');
  const start = Math.round((Math.log10(t) - h.layout.logMin) * h.layout.binsPerDecade);
  let c = 0;
  for (let i = Math.max(0, start); i < h.counts.length; i++) c += h.counts[i];
  return c;
}

/** Mean of the largest `k` observations (fractional k), from bin mid-points clamped to the exact max. */
export function meanOfLargest(h: HistogramView, k: number): number {
  if (k <= 0) return 0;
  let remaining = k;
  let total = 0;
  for (let i = h.counts.length - 1; i >= 0 && remaining > 0; i--) {
    const c = h.counts[i];
    if (c === 0) continue;
    const take = Math.min(c, remaining);
    const mid = Math.pow(10, h.layout.logMin + (i + 0.5) / h.layout.binsPerDecade);
    total += take * Math.min(Math.max(mid, h.minPos), h.max);
    remaining -= take;
  }
  // the rest of the tail is zeros
  return total / k;
}
