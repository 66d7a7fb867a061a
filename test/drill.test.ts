import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sim, tmp } from './helpers.js';

/**
 * scenarios/typhoon-drill.yaml: vmax 45 m/s, Rmax 40 km, heading 20°, track
 * through (37.50 N, 122.12 E). Region reference point (datasets/weihai/region.yaml)
 * 37.21165 N, 122.08514 E; local km = 111.195 km/° (× cos 37.21165° east-west).
 *
 * Hand computation, 宁津街道 (36.9863 N, 122.502 E; coastal; 2.7 km inland; pop 30,657):
 *   distance to track r = 51.32 km > Rmax, so V = 45·(40/51.32)^0.5 = 39.726 m/s
 *   decay at 36.99 N: w = 0.2466, α = 0.11670 /h, Vb = 14.070 m/s, t = 2.7/30 h
 *   V_site = 14.070 + (39.726 − 14.070)·e^(−0.0105) = 39.458 m/s
 *   v = (39.458 − 25.7)/(112.8 − 25.7) = 0.15796, f = v³/(1 + v³) = 0.0039258
 *   displaced = 30,657 × 0.0039258 = 120.35; evacuated = 30,657 × 0.05 × min(1, (39.458 − 17.2)/15.5) = 1,532.85
 *   sheltered = 0.5 × 1,532.85 + 0.5 × 120.35 = 826.60
 * 环翠楼街道 (37.50041 N, 122.11398 E; 1.9 km inland; pop 59,426): r = 0.52 km ≤ Rmax so V = 45,
 *   V_site = 44.752 m/s, f = 0.010357, displaced = 615.47, evacuated = 2,971.30.
 */
describe('typhoon drill: hand-computed township impacts', () => {
  const out = join(tmp(), 'drill');
  const r = sim(['run', 'scenarios/typhoon-drill.yaml', '--trials', '200', '--workers', '1', '--out', out, '--quiet']);
  it('runs', () => {
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
  // townships.geojson (6 significant digits): townships.csv gives whole people, too coarse for the hand computation's 0.05
  const rows = () => {
    const g = JSON.parse(readFileSync(join(out, 'townships.geojson'), 'utf8')) as { features: { properties: Record<string, string | number> }[] };
    return new Map(g.features.map((f) => [String(f.properties.code), f.properties]));
  };
  it('宁津街道 (outside Rmax) matches the hand computation', () => {
    const t = rows().get('371082001000')!;
    expect(Number(t.displaced_mean)).toBeCloseTo(120.353, 1);
    expect(Number(t.evacuated_mean)).toBeCloseTo(1532.85, 1);
    expect(Number(t.sheltered_mean)).toBeCloseTo(826.60, 1);
  });
  it('环翠楼街道 (inside Rmax) matches the hand computation', () => {
    const t = rows().get('371002001000')!;
    expect(Number(t.displaced_mean)).toBeCloseTo(615.47, 1);
    expect(Number(t.evacuated_mean)).toBeCloseTo(2971.3, 1);
  });
  it('is deterministic: every trial gives the same impacts', () => {
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(s.annual.displaced.se).toBeLessThan(1e-6 * s.annual.displaced.mean);
    expect(s.annual.displaced.p50).toBeCloseTo(s.annual.displaced.mean, -1);
    expect(s.events.typhoon.meanPerTrial).toBe(1);
  });
});

describe('drills look like drills (issue 12, item 3)', () => {
  it('a deterministic scenario reports values: no ± s.e., quantile intervals, CVaR or P(> 0)', () => {
    for (const name of ['typhoon-drill', 'earthquake-m65-night']) {
      const md = readFileSync(join(ROOT, 'test', 'golden', name, 'report.md'), 'utf8');
      // the golden report.md files are in Chinese (the default --lang zh)
      expect(md, name).toMatch(/演练情景，每次试验结果相同/);
      expect(md, name).not.toMatch(/\d ± \d|均值 ± 标准误|CVaR|P\(> 0\)|\[95% 置信区间\]/);
    }
    // a sampled scenario keeps its uncertainty
    const typhoon = readFileSync(join(ROOT, 'test', 'golden', 'typhoon', 'report.md'), 'utf8');
    expect(typhoon).toMatch(/均值 ± 标准误/);
    expect(typhoon).toMatch(/CVaR95/);
  });
});
