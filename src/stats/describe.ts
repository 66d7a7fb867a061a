/**
 * Summary statistics of one metric over all trials (docs/model.md §6): mean and
 * its standard error, quantiles with 95 % intervals from order statistics,
 * CVaR95, exceedance probabilities and return-period values.
 */
import { countAtLeast, meanOfLargest, valueAtRank, type HistogramView } from './histogram.js';

export interface Moments {
  n: number;
  sum: number;
  sumSq: number;
}

export interface QuantileEstimate {
  value: number;
  ci95: [number, number];
}

export interface ExceedancePoint {
  threshold: number;
  /** P(X ≥ threshold) */
  p: number;
  se: number;
}

export interface ReturnPeriodPoint {
  years: number;
  value: number | null;
  note?: string;
}

export interface MetricSummary {
  mean: number;
  se: number;
  sd: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  cvar95: number;
  max: number;
  pNonzero: number;
  quantileCi95: { p50: [number, number]; p90: [number, number]; p95: [number, number]; p99: [number, number] };
  exceedance: ExceedancePoint[];
  returnPeriods?: ReturnPeriodPoint[];
}

const Z95 = 1.959963984540054;

/** Quantile p and its 95 % distribution-free interval from the binomial ranks of the order statistics. */
export function quantileWithCi(h: HistogramView, n: number, p: number): QuantileEstimate {
  const k = Math.max(1, Math.ceil(n * p));
  const half = Z95 * Math.sqrt(n * p * (1 - p));
  const lo = Math.max(1, Math.floor(n * p - half));
  const hi = Math.min(n, Math.ceil(n * p + half) + 1);
  return { value: valueAtRank(h, n, k), ci95: [valueAtRank(h, n, lo), valueAtRank(h, n, hi)] };
}

/** Return periods to try; a value is given only where at least MIN_EXCEEDANCES trials are expected beyond it. */
export const RETURN_PERIODS = [2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];
export const MIN_EXCEEDANCES = 10;

export function describe(m: Moments, h: HistogramView, opts: { returnPeriods: boolean }): MetricSummary {
  const n = m.n;
  const mean = n > 0 ? m.sum / n : 0;
  const variance = n > 1 ? Math.max(0, (m.sumSq - n * mean * mean) / (n - 1)) : 0;
  const sd = Math.sqrt(variance);
  const q50 = quantileWithCi(h, n, 0.5);
  const q90 = quantileWithCi(h, n, 0.9);
  const q95 = quantileWithCi(h, n, 0.95);
  const q99 = quantileWithCi(h, n, 0.99);
  const exceedance: ExceedancePoint[] = [];
  if (h.nonzero > 0) {
    for (let t = 1; t <= h.max; t *= 10) {
      const p = countAtLeast(h, t) / n;
      exceedance.push({ threshold: t, p, se: Math.sqrt((p * (1 - p)) / n) });
    }
  }
  const out: MetricSummary = {
    mean,
    se: n > 0 ? sd / Math.sqrt(n) : 0,
    sd,
    p50: q50.value,
    p90: q90.value,
    p95: q95.value,
    p99: q99.value,
    cvar95: meanOfLargest(h, n * 0.05),
    max: h.max,
    pNonzero: n > 0 ? h.nonzero / n : 0,
    quantileCi95: { p50: q50.ci95, p90: q90.ci95, p95: q95.ci95, p99: q99.ci95 },
    exceedance,
  };
  if (opts.returnPeriods) {
    out.returnPeriods = RETURN_PERIODS.map((T) => {
      if (n / T < MIN_EXCEEDANCES) {
        return { years: T, value: null, note: `needs at least ${MIN_EXCEEDANCES * T} trials (have ${n})` };
      }
      return { years: T, value: valueAtRank(h, n, Math.ceil(n * (1 - 1 / T))) };
    });
  }
  return out;
}
