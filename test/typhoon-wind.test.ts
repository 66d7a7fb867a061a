import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { rankinePeakWind } from '../src/intensity/typhoon-wind.js';

/**
 * The vortex takes sqrt for the default exponent 0.5 (issue 13: pow costs several times more). It must
 * give exactly the numbers of the formula vmax (Rmax / r)^0.5, so results stay byte-identical.
 */
describe('modified Rankine vortex', () => {
  it('the sqrt path equals vmax · pow(Rmax / r, 0.5) bit for bit', () => {
    const rng = seedrandom.xor4096('vortex');
    for (let i = 0; i < 200_000; i++) {
      const vmax = 17 + 60 * rng();
      const rmax = 5 + 150 * rng();
      const r = rmax * (1 + 1000 * rng() ** 3);
      expect(rankinePeakWind(vmax, rmax, r, 0.5)).toBe(vmax * Math.pow(rmax / r, 0.5));
    }
  });

  it('inside Rmax the wind is vmax; outside it falls as (Rmax / r)^x for any exponent', () => {
    expect(rankinePeakWind(50, 40, 30, 0.5)).toBe(50);
    expect(rankinePeakWind(50, 40, 160, 0.5)).toBeCloseTo(25, 12);
    expect(rankinePeakWind(50, 40, 80, 0.6)).toBeCloseTo(50 * 0.5 ** 0.6, 12);
  });
});
