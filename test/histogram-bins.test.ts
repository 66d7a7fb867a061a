/** fastBinIndex puts every value in the bin binIndex (Math.log10) does: the histograms stay the same bit for bit (issue 13). */
import { describe, expect, it } from 'vitest';
import { xorshift32 } from './helpers.js';
import { binCount, binEdges, binIndex, fastBinIndex, REGION_LAYOUT, TOWNSHIP_LAYOUT, type HistogramLayout } from '../src/stats/histogram.js';

const LAYOUTS: HistogramLayout[] = [REGION_LAYOUT, TOWNSHIP_LAYOUT, ...[50, 20, 10].map((b) => ({ logMin: -3, binsPerDecade: b, decades: 10 }))];

describe('fast bin index', () => {
  it('agrees with binIndex within 64 ulps of every bin edge, on random values over 40 decades, and at the extremes', () => {
    const f = new Float64Array(1);
    const bits = new BigInt64Array(f.buffer);
    const u = xorshift32(0x9e3779b9);
    for (const l of LAYOUTS) {
      const n = binCount(l);
      const edges = binEdges(l);
      let bad = 0;
      const check = (v: number) => {
        if (binIndex(l, n, v) !== fastBinIndex(l, edges, n, v)) bad++;
      };
      for (let i = 1; i < n; i++) {
        f[0] = edges[i];
        const base = bits[0];
        for (let d = -64n; d <= 64n; d++) {
          bits[0] = base + d;
          check(f[0]);
        }
        // the edge is where binIndex moves to bin i
        expect(binIndex(l, n, edges[i])).toBe(i);
      }
      for (let k = 0; k < 200_000; k++) check(Math.pow(10, -20 + 40 * u()));
      for (const v of [Number.MIN_VALUE, 1e-300, 1e-3, 1e-3 * (1 - 1e-16), 1, 2, 0.5, 1e10, 1e300, Number.MAX_VALUE, Infinity]) check(v);
      expect(bad).toBe(0);
    }
  });
});
