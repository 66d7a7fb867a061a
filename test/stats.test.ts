import seedrandom from 'seedrandom';
import { describe as suite, expect, it } from 'vitest';
import { describe, quantileWithCi } from '../src/stats/describe.js';
import { HistogramBank, REGION_LAYOUT, countAtLeast } from '../src/stats/histogram.js';

/** Exponential(1) with a point mass at zero: analytic quantiles, CVaR and exceedance to test the histogram statistics against. */
function sample(n: number, pZero: number) {
  const rng = seedrandom.xor4096('stats-test');
  const bank = new HistogramBank(1, REGION_LAYOUT);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const v = rng() < pZero ? 0 : -Math.log(1 - rng());
    bank.add(0, v);
    sum += v;
    sumSq += v * v;
  }
  return { bank, m: { n, sum, sumSq } };
}

suite('histogram statistics against analytic values', () => {
  const n = 200_000;
  const { bank, m } = sample(n, 0);
  const h = bank.view(0);
  const sd = (p: number) => Math.sqrt(p * (1 - p) / n) / (1 - p); // SE of an exponential quantile: sqrt(p(1-p)/n)/f(x_p)
  it('quantiles of Exp(1) within 3 SE plus the bin resolution', () => {
    for (const p of [0.5, 0.9, 0.95, 0.99]) {
      const truth = -Math.log(1 - p);
      const q = quantileWithCi(h, n, p);
      expect(Math.abs(q.value - truth)).toBeLessThan(3 * sd(p) + 0.005 * truth);
      expect(q.ci95[0]).toBeLessThan(q.value);
      expect(q.ci95[1]).toBeGreaterThan(q.value);
      // the 95 % interval is about ±1.96 SE wide
      expect((q.ci95[1] - q.ci95[0]) / 2).toBeGreaterThan(1.5 * sd(p));
      expect((q.ci95[1] - q.ci95[0]) / 2).toBeLessThan(2.6 * sd(p) + 0.005 * truth);
    }
  });
  it('CVaR95 of Exp(1) is ln 20 + 1', () => {
    const s = describe(m, h, { returnPeriods: false });
    expect(s.cvar95).toBeCloseTo(Math.log(20) + 1, 1);
    expect(Math.abs(s.mean - 1)).toBeLessThan(3 / Math.sqrt(n));
    expect(s.se).toBeCloseTo(1 / Math.sqrt(n), 4);
  });
  it('exceedance P(X ≥ 1) = e^-1 and P(X ≥ 10) = e^-10, counted exactly at decade edges', () => {
    expect(Math.abs(countAtLeast(h, 1) / n - Math.exp(-1))).toBeLessThan(3 * Math.sqrt(Math.exp(-1) * (1 - Math.exp(-1)) / n));
    const s = describe(m, h, { returnPeriods: false });
    expect(s.exceedance[0].threshold).toBe(1);
    expect(s.exceedance[0].p).toBe(countAtLeast(h, 1) / n);
  });
  it('return periods stop where the trial count stops supporting them', () => {
    const s = describe(m, h, { returnPeriods: true });
    const rp = Object.fromEntries(s.returnPeriods!.map((r) => [r.years, r.value]));
    expect(rp[100]).toBeCloseTo(Math.log(100), 0);
    expect(rp[10000]).toBeCloseTo(Math.log(10000), 0); // n/T = 20 ≥ 10
    expect(rp[50000 as number]).toBeUndefined();
    const small = sample(5000, 0);
    const s2 = describe(small.m, small.bank.view(0), { returnPeriods: true });
    expect(s2.returnPeriods!.find((r) => r.years === 1000)!.value).toBeNull();
    expect(s2.returnPeriods!.find((r) => r.years === 500)!.value).not.toBeNull();
  });
  it('zeros are counted without being stored', () => {
    const z = sample(100_000, 0.7);
    const s = describe(z.m, z.bank.view(0), { returnPeriods: false });
    expect(s.p50).toBe(0);
    expect(Math.abs(s.pNonzero - 0.3)).toBeLessThan(0.005);
    // p95 of the mixture: P(X > x) = 0.3 e^-x = 0.05 → x = ln 6
    expect(s.p95).toBeCloseTo(Math.log(6), 1);
  });
});

suite('HistogramBank.merge', () => {
  it('merges metrics with values as a bin-by-bin sum, and leaves metrics without values in the merged bank untouched (the skip changes nothing)', () => {
    const rng = seedrandom('merge-skip');
    const a = new HistogramBank(6, REGION_LAYOUT);
    const b = new HistogramBank(6, REGION_LAYOUT);
    // metric 1 empty in b, metric 4 empty in both, metric 5 only in b
    for (let k = 0; k < 500; k++) {
      for (const m of [0, 1, 2, 3]) a.add(m, Math.exp(10 * rng() - 3));
      for (const m of [0, 2, 3, 5]) b.add(m, Math.exp(10 * rng() - 3));
    }
    b.add(3, 0); // zeros count nowhere
    const before = { counts: Uint32Array.from(a.counts), nonzero: Float64Array.from(a.nonzero), min: Float64Array.from(a.minPos), max: Float64Array.from(a.max) };
    a.merge(b.data());
    for (let i = 0; i < a.counts.length; i++) expect(a.counts[i]).toBe(before.counts[i] + b.counts[i]);
    for (let m = 0; m < 6; m++) {
      expect(a.nonzero[m]).toBe(before.nonzero[m] + b.nonzero[m]);
      expect(a.minPos[m]).toBe(Math.min(before.min[m], b.minPos[m]));
      expect(a.max[m]).toBe(Math.max(before.max[m], b.max[m]));
    }
    expect(a.nonzero[4]).toBe(0);
    expect(a.minPos[4]).toBe(Infinity);
    expect(a.nonzero[5]).toBe(500);
  });
});
