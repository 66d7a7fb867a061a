/**
 * writeWind skips the vortex for townships beyond cutoffDistanceKm (issue 13). Every township's wind must be
 * the full computation's, bit for bit: storms of every size, track and exponent, near and across the cut-off.
 */
import seedrandom from 'seedrandom';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TyphoonKernel } from '../src/hazard/typhoon/index.js';
import { cutoffDistanceKm, decayedWind, distanceToTrack, inlandDecay, rankinePeakWind } from '../src/intensity/typhoon-wind.js';
import type { TyphoonParams } from '../src/hazard/typhoon/params.js';
import { ROOT, specFromScenario } from './helpers.js';

const DEG = Math.PI / 180;

describe('typhoon wind beyond the cut-off distance', () => {
  it('writeWind equals the full vortex and decay at every township', () => {
    const spec = specFromScenario(join(ROOT, 'scenarios', 'typhoon.yaml'), { trials: 10 });
    const rng = seedrandom.xor4096('cutoff');
    // every other township on the coast: no inland decay there (factor 1), the case where the margin matters
    const r = { ...spec.region, coastDistKm: spec.region.coastDistKm.map((d, i) => (i % 2 === 0 ? 0 : d)) };
    let shortcut = 0;
    for (const exponent of [0.5, 0.3, 0.8, 1.7]) {
      for (const cutoff of [17.5, 0, 40]) {
        const h = { ...spec.hazards[0], params: { ...spec.hazards[0].params, vortexExponent: exponent, windCutoffMs: cutoff } };
        const p = h.params as TyphoonParams;
        const k = new TyphoonKernel(r, h);
        const decay = { alphaSouthPerH: p.decayAlphaSouthPerH, vbSouthMs: p.decayVbSouthMs, alphaNorthPerH: p.decayAlphaNorthPerH, vbNorthMs: p.decayVbNorthMs, latSouth: 36, latNorth: 40, translationKmh: p.translationSpeedKmh };
        for (let e = 0; e < 3000; e++) {
          const ev = { vmax: 10 + 70 * rng(), rmaxKm: 5 + 120 * rng(), headingDeg: 360 * rng(), offsetKm: -600 + 1200 * rng(), uWind: 0.5 };
          // some storms put a township exactly at the cut-off distance or an ulp either side
          const cosH = Math.cos(ev.headingDeg * DEG);
          const sinH = Math.sin(ev.headingDeg * DEG);
          if (e % 3 === 0) {
            const i = Math.floor(rng() * r.n);
            const far = cutoffDistanceKm(ev.vmax, ev.rmaxKm, exponent, cutoff);
            if (Number.isFinite(far)) ev.offsetKm = r.xKm[i] * cosH - r.yKm[i] * sinH - far * (1 + (rng() - 0.5) * 1e-15);
          }
          const wind = k.writeWind(ev).measure(0);
          const far = cutoffDistanceKm(ev.vmax, ev.rmaxKm, exponent, cutoff);
          for (let i = 0; i < r.n; i++) {
            const dist = distanceToTrack(r.xKm[i], r.yKm[i], cosH, sinH, ev.offsetKm);
            if (dist > far) shortcut++;
            const d = inlandDecay(r.lat[i], r.coastDistKm[i], decay);
            const v = decayedWind(rankinePeakWind(ev.vmax, ev.rmaxKm, dist, exponent), d.vb, d.factor);
            const want = v < cutoff ? 0 : v;
            if (!Object.is(wind[i], want)) expect([e, i, wind[i]]).toEqual([e, i, want]);
          }
        }
      }
    }
    // the shortcut was taken, often
    expect(shortcut).toBeGreaterThan(100_000);
  });
});
