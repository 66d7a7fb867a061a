import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalCdf } from '../src/core/normal.js';
import { runSimulation } from '../src/engine/run.js';
import { fireEvacuated, fireModule } from '../src/hazard/fire/index.js';
import { FIRE_PARAMS, type FireParams } from '../src/hazard/fire/params.js';
import { ROOT, specFromScenario } from './helpers.js';
import { slot } from '../src/engine/layout.js';

/**
 * Forest fire (model.md §2.4). Burned area per fire ~ lognormal(median 1.6 ha, σ_ln 1.5), fires ~ Poisson(5):
 *   E[area] = 1.6·e^(1.5²/2) = 1.6·e^1.125 = 4.928 ha; E[annual burned] = 5 × 4.928 = 24.64 ha
 *   P(area < 1 ha) = Φ(ln(1/1.6)/1.5) = Φ(−0.31334) = 0.37701
 *   P(100 ≤ area < 1000) = Φ(ln(625)/1.5) − Φ(ln(62.5)/1.5) = Φ(4.2918) − Φ(2.7567) = 0.0029189
 */
describe('forest fire', () => {
  it('annual burned area, fire classes and team-days match the analytic values', async () => {
    const spec = specFromScenario(join(ROOT, 'scenarios', 'forest-fire.yaml'), { trials: 100_000 });
    const r = await runSimulation(spec, { workers: 0 });
    const n = r.acc.trials;
    const burned = slot(r.layout, 'annual', 'burnedHa');
    const mean = r.acc.sum(burned) / n;
    const sd = Math.sqrt((r.acc.sumSq(burned) - n * mean * mean) / (n - 1));
    const eArea = 1.6 * Math.exp(1.125);
    expect(Math.abs(mean - 5 * eArea)).toBeLessThan(3 * (sd / Math.sqrt(n)));
    const fires = r.acc.sum(r.layout.events) / n;
    expect(Math.abs(fires - 5)).toBeLessThan(3 * Math.sqrt(5 / n));
    // class shares among all fires
    const classes = r.layout.classes.find((c) => c.hazard === 'fire')!;
    const share = (c: number) => r.acc.sum(classes.base + c) / (fires * n);
    const p0 = normalCdf(Math.log(1 / 1.6) / 1.5);
    expect(p0).toBeCloseTo(0.37701, 4);
    expect(Math.abs(share(0) - p0)).toBeLessThan(3 * Math.sqrt((p0 * (1 - p0)) / (fires * n)));
    const p2 = normalCdf(Math.log(625) / 1.5) - normalCdf(Math.log(62.5) / 1.5);
    expect(Math.abs(share(2) - p2)).toBeLessThan(3 * Math.sqrt((p2 * (1 - p2)) / (fires * n)));
    // team-days are 0.5 per hectare, event by event
    expect(r.acc.sum(slot(r.layout, 'annual', 'fireTeamDays'))).toBeCloseTo(0.5 * r.acc.sum(burned), 6);
  });

  it('evacuates 0.02 × population × min(1, area/1000) only at 100 ha or more', () => {
    const p = Object.fromEntries(Object.entries(FIRE_PARAMS).map(([k, v]) => [k, 'value' in v ? v.value : NaN])) as FireParams; // regional values (rate, areaMedianHa) are not used here
    expect(fireEvacuated(50_000, 99, p)).toBe(0);
    expect(fireEvacuated(50_000, 100, p)).toBeCloseTo(100, 9); // 0.02 × 50,000 × 0.1
    expect(fireEvacuated(50_000, 500, p)).toBeCloseTo(500, 9);
    expect(fireEvacuated(50_000, 5000, p)).toBeCloseTo(1000, 9);
  });

  it('rejects bad parameters and event fields', () => {
    expect(() => fireModule.configure({ mode: 'annual', parameters: { rate: -1 } }, 'hazards[0]')).toThrow(/hazards\[0\]\.parameters\.rate: expected a number ≥ 0/);
    expect(() => fireModule.configure({ mode: 'scenario', event: { areaHa: -5 } }, 'hazards[0]')).toThrow(/hazards\[0\]\.event\.areaHa: expected a burned area/);
    expect(() => fireModule.configure({ mode: 'scenario', event: { size: 5 } }, 'hazards[0]')).toThrow(/unknown event field "size"/);
  });
});
