import { describe, expect, it } from 'vitest';
import { runSimulation } from '../src/engine/run.js';
import { TyphoonKernel } from '../src/hazard/typhoon/index.js';
import { IMPACT, IMPACT_FIELDS } from '../src/impact/types.js';
import { join } from 'node:path';
import { impactsOf, ROOT, specFromScenario } from './helpers.js';
import { slot } from '../src/engine/layout.js';

/**
 * model.md §7: a hazard with a fixed impact x per event and Poisson(λ) events a
 * year has annual totals with mean λx and variance λx². Here: annual-mode
 * typhoons with every event field fixed, so each storm has the same impacts.
 */
describe('compound Poisson annual totals', () => {
  it('mean λx and variance λx² within 3 standard errors', async () => {
    const lambda = 0.8;
    const trials = 200_000;
    const spec = specFromScenario(join(ROOT, 'scenarios', 'typhoon-drill.yaml'), { trials });
    const h = spec.hazards[0];
    spec.hazards = [{ ...h, mode: 'annual', params: { ...h.params, rate: lambda } }];
    // x: the displaced people of the fixed event, computed directly from the hazard
    const k = new TyphoonKernel(spec.region, spec.hazards[0]);
    const ev = h.event!;
    const field = k.writeWind({ vmax: ev.vmax, rmaxKm: ev.rmaxKm, headingDeg: ev.headingDeg, offsetKm: offsetOf(spec), uWind: 0.5 });
    const imp = impactsOf(spec.region, spec.hazards[0], field).impacts;
    let x = 0;
    for (let i = 0; i < spec.region.n; i++) x += imp[i * IMPACT_FIELDS + IMPACT.displacedIII];
    expect(x).toBeGreaterThan(100);

    const r = await runSimulation(spec, { workers: 0 });
    const m = slot(r.layout, 'annual', 'displaced');
    const n = r.acc.trials;
    const mean = r.acc.sum(m) / n;
    const variance = (r.acc.sumSq(m) - n * mean * mean) / (n - 1);
    const seMean = Math.sqrt((lambda * x * x) / n);
    // SE of the sample variance: sqrt((μ4 − σ⁴)/n), with μ4 = λx⁴ + 3λ²x⁴ for a compound Poisson with fixed x
    const seVar = x * x * Math.sqrt((lambda + 2 * lambda * lambda) / n);
    expect(Math.abs(mean - lambda * x)).toBeLessThan(3 * seMean);
    expect(Math.abs(variance - lambda * x * x)).toBeLessThan(3 * seVar);
    // events per year: Poisson mean λ
    const e = r.acc.sum(r.layout.events) / n;
    expect(Math.abs(e - lambda)).toBeLessThan(3 * Math.sqrt(lambda / n));
  });
});

function offsetOf(spec: ReturnType<typeof specFromScenario>): number {
  const ev = spec.hazards[0].event!;
  const K = 111.195;
  const x = (ev.lon - spec.region.refLon) * K * Math.cos((spec.region.refLat * Math.PI) / 180);
  const y = (ev.lat - spec.region.refLat) * K;
  const h = (ev.headingDeg * Math.PI) / 180;
  return x * Math.cos(h) - y * Math.sin(h);
}
