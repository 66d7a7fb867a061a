import { describe, expect, it } from 'vitest';
import { InputError } from '../src/core/errors.js';
import { normalCdf, normalQuantile } from '../src/core/normal.js';
import { resolveParams } from '../src/core/params.js';
import { blockStream } from '../src/core/random.js';
import { FLOOD_PARAMS, floodModule, FloodField, FloodKernel, type FloodParams } from '../src/hazard/flood/index.js';
import type { HazardConfig, HazardEntry } from '../src/hazard/types.js';
import { jonkmanMortality } from '../src/impact/jonkman.js';
import { jrcAsiaResidential } from '../src/impact/jrc-flood.js';
import { IMPACT, IMPACT_FIELDS, newImpactBuffer } from '../src/impact/types.js';
import { loadRegion } from '../src/region/load.js';
import type { Region } from '../src/region/types.js';
import { FLOOD_CURVE_T } from '../src/hazard/flood/params.js';
import { regionAttributes } from '../src/hazard/registry.js';
import { FloodImpact } from '../src/impact/flood.js';
import { IntensityField } from '../src/intensity/types.js';
import { impactsOf, ROOT, referenceTable, tmp } from './helpers.js';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const DEFAULTS = resolveParams(FLOOD_PARAMS, undefined, 'p').values as FloodParams;

interface Town {
  code: string;
  population: number;
  urban?: 0 | 1;
  coastal?: 0 | 1;
  share?: number;
  protectionT?: number;
  curve?: number[];
}

/** A small hand-made region: only what the flood model reads is meaningful. */
function makeRegion(towns: Town[]): Region {
  const n = towns.length;
  const f = (g: (t: Town) => number) => Float64Array.from(towns, g);
  const curve = new Float64Array(n * FLOOD_CURVE_T.length).fill(NaN);
  towns.forEach((t, i) => t.curve?.forEach((d, k) => (curve[i * FLOOD_CURVE_T.length + k] = d)));
  return {
    name: 'test region',
    nameZh: '',
    dir: '.',
    n,
    code: towns.map((t) => t.code),
    nameZhList: towns.map((t) => t.code),
    nameEn: towns.map((t) => t.code),
    countyCode: towns.map(() => 'c'),
    countyZh: towns.map(() => ''),
    countyEn: towns.map(() => ''),
    urban: Uint8Array.from(towns, (t) => t.urban ?? 0),
    population: f((t) => t.population),
    lat: f(() => 30),
    lon: f(() => 113),
    coastal: Uint8Array.from(towns, (t) => t.coastal ?? 0),
    coastDistKm: f(() => 100),
    xKm: f(() => 0),
    yKm: f(() => 0),
    refLat: 30,
    refLon: 113,
    villageCommittees: f(() => 10),
    villages: f(() => 10),
    attributes: { floodPlainShare: f((t) => t.share ?? NaN), floodProtectionT: f((t) => t.protectionT ?? NaN), floodDepthCurve: curve, forestAreaHa: f(() => NaN) },
    buildingMix: null,
    countyIndex: new Int32Array(n),
    counties: ['c'],
    rescueUnits: new Float64Array(n),
    countyRescueUnits: new Float64Array(1),
    flags: { populationEstimated: 0, coordinatesFilled: 0, coastDistFilled: 0, coastalFilled: 0 },
    itemsFile: '',
    holdingsDir: '',
  };
}

const at = (buf: Float64Array, i: number, field: number) => buf[i * IMPACT_FIELDS + field];

/** The flood field (intensity: depths) followed by the impact step, as the kernel runs them. */
class FloodWithImpacts {
  readonly intensity: IntensityField;
  readonly field: FloodField;
  readonly impact: FloodImpact;
  constructor(region: Region, p: FloodParams) {
    this.intensity = new IntensityField(region.n, 1);
    this.field = new FloodField(region, p, this.intensity.measure(0));
    this.impact = new FloodImpact(region, p);
  }
  get floodPlainPopulation() {
    return this.impact.floodPlainPopulation;
  }
  get protectionT() {
    return this.field.protectionT;
  }
  get returnPeriods() {
    return this.field.returnPeriods;
  }
  depthAt(i: number, T: number) {
    return this.field.depthAt(i, T);
  }
  beginBlock(s: () => number) {
    this.field.beginBlock(s);
  }
  private impacts(any: boolean, out: Float64Array): boolean {
    this.impact.write(this.intensity, out);
    return any;
  }
  writeFromReturnPeriod(T: number, out: Float64Array) {
    return this.impacts(this.field.writeFromReturnPeriod(T), out);
  }
  writeFromRegionalZ(z: number, out: Float64Array) {
    return this.impacts(this.field.writeFromRegionalZ(z), out);
  }
  writeFromDepths(d: Float64Array, out: Float64Array) {
    return this.impacts(this.field.writeFromDepths(d), out);
  }
}

describe('JRC Asia residential depth-damage (Huizinga et al. 2017, CLIMADA petals)', () => {
  const table = referenceTable('jrc-asia-residential.csv');
  it('has the nine reference points', () => expect(table).toHaveLength(9));
  for (const row of table) {
    it(`ratio(${row.depth_m} m) = ${row.damage_ratio}`, () => {
      expect(jrcAsiaResidential(Number(row.depth_m))).toBe(Number(row.damage_ratio));
    });
  }
  it('interpolates linearly between the points', () => {
    // midpoints: (0.4941 + 0.6166)/2 = 0.55535; 2.5 m: (0.7207 + 0.8695)/2 = 0.7951
    expect(jrcAsiaResidential(1.25)).toBeCloseTo(0.55535, 12);
    expect(jrcAsiaResidential(2.5)).toBeCloseTo(0.7951, 12);
    // 0.25 m: half of 0.3266; 4.2 m: 0.9315 + 0.2·(0.9836 − 0.9315) = 0.94192
    expect(jrcAsiaResidential(0.25)).toBeCloseTo(0.1633, 12);
    expect(jrcAsiaResidential(4.2)).toBeCloseTo(0.94192, 12);
    // checked against every table interval: between its end points
    for (let k = 0; k + 1 < table.length; k++) {
      const [d0, r0] = [Number(table[k].depth_m), Number(table[k].damage_ratio)];
      const [d1, r1] = [Number(table[k + 1].depth_m), Number(table[k + 1].damage_ratio)];
      expect(jrcAsiaResidential(d0 + 0.3 * (d1 - d0))).toBeCloseTo(r0 + 0.3 * (r1 - r0), 12);
    }
  });
  it('is 0 at and below 0 m and 1 beyond 6 m', () => {
    expect(jrcAsiaResidential(0)).toBe(0);
    expect(jrcAsiaResidential(-1)).toBe(0);
    expect(jrcAsiaResidential(NaN)).toBe(0);
    expect(jrcAsiaResidential(6.5)).toBe(1);
    expect(jrcAsiaResidential(100)).toBe(1);
  });
});

describe('Jonkman et al. 2008 remaining-zone mortality (h in metres)', () => {
  it('F(1 m) = Φ(−7.60/2.75) = Φ(−2.763636) = 0.0028581', () => {
    // ln 1 = 0; Φ(−2.763636) = 0.5·erfc(2.763636/√2) = 0.00285806 (computed independently with Python's math.erfc)
    expect(jonkmanMortality(1)).toBeCloseTo(0.00285806, 7);
  });
  it('F(3 m) = Φ((1.098612 − 7.60)/2.75) = Φ(−2.364141) = 0.0090360', () => {
    expect(jonkmanMortality(3)).toBeCloseTo(0.00903597, 7);
  });
  it('is 0 for a dry township and increases with depth', () => {
    expect(jonkmanMortality(0)).toBe(0);
    expect(jonkmanMortality(-0.5)).toBe(0);
    expect(jonkmanMortality(2)).toBeGreaterThan(jonkmanMortality(1));
  });
});

describe('depth curves', () => {
  const region = makeRegion([
    { code: 'rural', population: 100_000 }, // 镇, default curve, Tp 20
    { code: 'urban', population: 100_000, urban: 1 }, // 街道, default curve, Tp 50
    { code: 'curve', population: 20_000, share: 0.3, protectionT: 15, curve: [0, 0.2, 0.8, 1.4, 2.0] },
    { code: 'levee', population: 10_000, protectionT: 200 }, // dataset Tp ≥ 100, default curve
  ]);
  const field = new FloodWithImpacts(region, DEFAULTS);
  it('default curve: depth(100) = d100 = 1.5 m and depth(Tp) = 0', () => {
    expect(field.depthAt(0, 100)).toBeCloseTo(1.5, 12);
    expect(field.depthAt(1, 100)).toBeCloseTo(1.5, 12);
    expect(field.depthAt(0, 20)).toBe(0);
    expect(field.depthAt(1, 50)).toBe(0);
    expect(field.depthAt(0, 10)).toBe(0);
    expect(field.depthAt(1, 30)).toBe(0);
  });
  it('default curve: hand-computed values', () => {
    // 镇, T = 200, Tp 20: 1.5·ln(200/20)/ln(100/20) = 1.5·2.302585/1.609438 = 1.5·1.430677 = 2.146015 m
    expect(field.depthAt(0, 200)).toBeCloseTo(2.146015, 6);
    // 街道, T = 200, Tp 50: 1.5·ln 4/ln 2 = 1.5·2 = 3.0 m
    expect(field.depthAt(1, 200)).toBeCloseTo(3.0, 12);
    // 镇, T = 40: 1.5·ln 2/ln 5 = 1.5·0.693147/1.609438 = 0.646015 m
    expect(field.depthAt(0, 40)).toBeCloseTo(0.646015, 6);
  });
  it('dataset curve: linear in ln T between the points, extrapolated beyond, zero at or below Tp', () => {
    for (let k = 0; k < FLOOD_CURVE_T.length; k++) if (FLOOD_CURVE_T[k] > 15) expect(field.depthAt(2, FLOOD_CURVE_T[k])).toBeCloseTo([0, 0.2, 0.8, 1.4, 2.0][k], 12);
    // T = 70: 0.8 + 0.6·ln(70/50)/ln(100/50) = 0.8 + 0.6·0.336472/0.693147 = 0.8 + 0.6·0.485427 = 1.091256 m
    expect(field.depthAt(2, 70)).toBeCloseTo(1.091256, 6);
    // T = 400: 2.0 + 0.6·ln(400/200)/ln(200/100) = 2.6 m (last segment's slope)
    expect(field.depthAt(2, 400)).toBeCloseTo(2.6, 12);
    // T = 15 is the protection standard; T = 16 is above it: 0 + 0.2·ln 1.6/ln 2 = 0.2·0.678072 = 0.135614 m
    expect(field.depthAt(2, 15)).toBe(0);
    expect(field.depthAt(2, 16)).toBeCloseTo(0.135614, 6);
  });
  it('dataset Tp ≥ 100 with the default curve: zero up to Tp, then rising at the class curve rate', () => {
    expect(field.depthAt(3, 100)).toBe(0);
    expect(field.depthAt(3, 200)).toBe(0);
    // 镇 class rate 1.5/ln 5 per unit ln T: T = 400 gives 1.5·ln 2/ln 5 = 0.646015 m
    expect(field.depthAt(3, 400)).toBeCloseTo(0.646015, 6);
  });
  it('flood-plain share: dataset value, else 0.10 coastal / 0.05 inland', () => {
    const r = makeRegion([
      { code: 'a', population: 1000, coastal: 1 },
      { code: 'b', population: 1000 },
      { code: 'c', population: 1000, coastal: 1, share: 0.5 },
    ]);
    expect(Array.from(new FloodWithImpacts(r, DEFAULTS).floodPlainPopulation)).toEqual([100, 50, 500]);
  });
});

describe('hand-computed township impacts', () => {
  const region = makeRegion([
    { code: '430000000001', population: 100_000 },
    { code: '430000000002', population: 20_000, share: 0.3, protectionT: 15, curve: [0, 0.2, 0.8, 1.4, 2.0] },
    { code: '430000000003', population: 50_000, urban: 1 },
  ]);
  it('T = 200, default curve, inland 镇 (population 100,000)', () => {
    const field = new FloodWithImpacts(region, DEFAULTS);
    const out = newImpactBuffer(region.n);
    expect(field.writeFromReturnPeriod(200, out)).toBe(true);
    // P = 100,000 × 0.05 (inland default) = 5,000; depth = 2.146015 m (above)
    // evacuated = 0.8 × 5,000 = 4,000; remaining = 1,000
    // JRC(2.146015) = 0.7207 + 0.146015 × (0.8695 − 0.7207) = 0.7207 + 0.146015 × 0.1488 = 0.742427
    // displaced = 5,000 × 0.742427 = 3,712.135, class I (depth > 2 m)
    // trapped = 1,000 × 0.1 = 100 (depth > 1 m); rescue = 100 team-hours
    // deaths = 1,000 × Φ((ln 2.146015 − 7.60)/2.75) = 1,000 × Φ((0.763613 − 7.60)/2.75) = 1,000 × Φ(−2.485959) = 1,000 × 0.0064601 = 6.4601
    expect(at(out, 0, IMPACT.evacuated)).toBeCloseTo(4000, 9);
    expect(at(out, 0, IMPACT.displacedI)).toBeCloseTo(3712.135, 2);
    expect(at(out, 0, IMPACT.displacedII)).toBe(0);
    expect(at(out, 0, IMPACT.displacedIII)).toBe(0);
    expect(at(out, 0, IMPACT.trapped)).toBeCloseTo(100, 9);
    expect(at(out, 0, IMPACT.rescueTeamHours)).toBeCloseTo(100, 9);
    expect(at(out, 0, IMPACT.deaths)).toBeCloseTo(6.4601, 3);
    expect(at(out, 0, IMPACT.injured)).toBe(0); // model.md gives no flood injury rate
  });
  it('T = 70, dataset curve and share (population 20,000, share 0.3)', () => {
    const field = new FloodWithImpacts(region, DEFAULTS);
    const out = newImpactBuffer(region.n);
    field.writeFromReturnPeriod(70, out);
    // P = 20,000 × 0.3 = 6,000; depth = 1.091256 m (above); evacuated = 4,800; remaining = 1,200
    // JRC(1.091256) = 0.4941 + (0.091256/0.5) × (0.6166 − 0.4941) = 0.4941 + 0.182512 × 0.1225 = 0.516458
    // displaced = 6,000 × 0.516458 = 3,098.75, class II (1–2 m); trapped = 120 (depth > 1 m)
    // deaths = 1,200 × Φ((0.087329 − 7.60)/2.75) = 1,200 × Φ(−2.731880) = 1,200 × 0.0031487 = 3.7784
    expect(at(out, 1, IMPACT.evacuated)).toBeCloseTo(4800, 9);
    expect(at(out, 1, IMPACT.displacedII)).toBeCloseTo(3098.75, 1);
    expect(at(out, 1, IMPACT.displacedI) + at(out, 1, IMPACT.displacedIII)).toBe(0);
    expect(at(out, 1, IMPACT.trapped)).toBeCloseTo(120, 9);
    expect(at(out, 1, IMPACT.deaths)).toBeCloseTo(3.7784, 3);
    // the 街道 (Tp 50) at T = 70: 1.5·ln 1.4/ln 2 = 0.728141 m: class III, nobody trapped
    // P = 2,500; displaced = 2,500 × (0.3266 + (0.228141/0.5) × 0.1675) = 2,500 × 0.403027 = 1,007.57
    expect(at(out, 2, IMPACT.displacedIII)).toBeCloseTo(1007.57, 1);
    expect(at(out, 2, IMPACT.trapped)).toBe(0);
    expect(at(out, 2, IMPACT.evacuated)).toBeCloseTo(2000, 9);
  });
  it('nothing below the protection standard; the row is cleared', () => {
    const field = new FloodWithImpacts(region, DEFAULTS);
    const out = newImpactBuffer(region.n).fill(7);
    expect(field.writeFromReturnPeriod(12, out)).toBe(false); // Tp 20, 15, 50
    expect(out.every((v) => v === 0)).toBe(true);
  });
  it('given depths: no protection applied, unlisted townships dry', () => {
    const field = new FloodWithImpacts(region, DEFAULTS);
    const out = newImpactBuffer(region.n);
    expect(field.writeFromDepths(Float64Array.from([0, 0.5, 0]), out)).toBe(true);
    // P = 6,000; displaced = 6,000 × 0.3266 = 1,959.6 class III; deaths = 1,200 × Φ((ln 0.5 − 7.6)/2.75)
    expect(at(out, 1, IMPACT.displacedIII)).toBeCloseTo(1959.6, 6);
    expect(at(out, 1, IMPACT.trapped)).toBe(0);
    expect(at(out, 0, IMPACT.evacuated)).toBe(0);
  });
});

/**
 * Weihai as the flood model sees it. The flood reads no building mix: the copy leaves building-mix.csv
 * out so these tests depend only on the township and hazard tables.
 */
function loadWeihai(): Region {
  const dir = join(tmp('sim-flood-'), 'weihai');
  cpSync(join(ROOT, 'datasets', 'weihai'), dir, { recursive: true });
  if (existsSync(join(dir, 'building-mix.csv'))) rmSync(join(dir, 'building-mix.csv'));
  return loadRegion(dir, regionAttributes());
}
const WEIHAI = loadWeihai();

describe('annual mode: township return periods', () => {
  const weihai = WEIHAI;
  it('the dry shortcut (no Φ below the protection standard) gives every township exactly depthAt(its return period)', () => {
    // issue 13: townships far below Φ⁻¹(1 − 1/Tp) are set dry without evaluating erfc; the depths must be
    // the numbers the full computation gives, at every z, including near each township's threshold
    for (const p of [DEFAULTS, { ...DEFAULTS, protectionRuralT: 2, protectionUrbanT: 5 }]) {
      const field = new FloodField(weihai, p);
      field.beginBlock(blockStream('flood-dry', 'flood', 0));
      let wet = 0;
      for (let k = 0; k < 4000; k++) {
        const z = -4 + (8 * k) / 4000;
        field.writeFromRegionalZ(z);
        const T = field.returnPeriods;
        for (let i = 0; i < weihai.n; i++) {
          expect(field.depths[i]).toBe(field.depthAt(i, T[i]));
          if (field.depths[i] > 0) wet++;
        }
      }
      expect(wet).toBeGreaterThan(1000); // the wet side is exercised too
    }
  });

  it('the regional dry bound (no Φ⁻¹ for townships certainly dry) leaves every return period and depth as the full computation gives them', () => {
    // issue 13: a township uniform below a bound set once per event is dry without its quantile; the stream,
    // the return periods (computed when read) and the depths must be those of z_t = a·z + b·Φ⁻¹(u) for every u
    for (const p of [DEFAULTS, { ...DEFAULTS, townshipCorrelation: 0.2 }, { ...DEFAULTS, townshipCorrelation: 0.999999999999 }, { ...DEFAULTS, protectionRuralT: 1.5, protectionUrbanT: 300 }]) {
      const field = new FloodField(weihai, p);
      field.beginBlock(blockStream('flood-bound', 'flood', 3));
      const mirror = blockStream('flood-bound', 'flood', 3);
      const a = Math.sqrt(p.townshipCorrelation);
      const b = Math.sqrt(1 - p.townshipCorrelation);
      let wet = 0;
      for (let k = 0; k < 3000; k++) {
        const z = -5 + (10 * k) / 3000;
        const any = field.writeFromRegionalZ(z);
        const T = field.returnPeriods;
        let anyWet = false;
        for (let i = 0; i < weihai.n; i++) {
          let u = mirror();
          while (u === 0) u = mirror();
          const q = normalCdf(-(a * z + b * (0 + 1 * normalQuantile(u))));
          // expect only on a mismatch: a million calls would take most of a minute
          if (T[i] !== (q > 0 ? 1 / q : Number.MAX_VALUE)) expect([k, i, T[i]]).toEqual([k, i, q > 0 ? 1 / q : Number.MAX_VALUE]);
          if (field.depths[i] !== field.depthAt(i, T[i])) expect([k, i, field.depths[i]]).toEqual([k, i, field.depthAt(i, T[i])]);
          if (field.depths[i] > 0) anyWet = true;
        }
        expect(any).toBe(anyWet);
        if (anyWet) wet++;
      }
      expect(wet).toBeGreaterThan(100);
    }
  });

  it('P(T > 100) = 0.01 and P(T > 10) = 0.1 within 3 standard errors; townships correlated with ρ 0.7', () => {
    const field = new FloodWithImpacts(weihai, DEFAULTS);
    field.beginBlock(blockStream('flood-test', 'flood', 0));
    const out = newImpactBuffer(weihai.n);
    const z = (() => {
      const s = blockStream('flood-test', 'regional', 0);
      return () => {
        // Box–Muller for the regional variable: an independent check of the field's own draws
        const u = 1 - s();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * s());
      };
    })();
    const N = 200_000;
    let over100 = 0;
    let over10 = 0;
    let both100 = 0;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let s = 0; s < N; s++) {
      field.writeFromRegionalZ(z(), out);
      const T0 = field.returnPeriods[0];
      const T1 = field.returnPeriods[weihai.n - 1];
      if (T0 > 100) over100++;
      if (T0 > 10) over10++;
      if (T0 > 100 && T1 > 100) both100++;
      // back to the normal scale, Z_t = −Φ⁻¹(1/T_t), for the correlation
      const x = -normalQuantile(1 / T0);
      const y = -normalQuantile(1 / T1);
      sxy += x * y;
      sxx += x * x;
      syy += y * y;
    }
    const check = (count: number, p: number) => {
      const se = Math.sqrt((p * (1 - p)) / N);
      expect(Math.abs(count / N - p)).toBeLessThan(3 * se);
    };
    check(over100, 0.01);
    check(over10, 0.1);
    // correlated townships: joint exceedance of T = 100 far above independence (1e-4)
    expect(both100 / N).toBeGreaterThan(0.002);
    // corr(Z_a, Z_b) = ρ = 0.7; standard error (1 − ρ²)/√N ≈ 0.0011
    expect(Math.abs(sxy / Math.sqrt(sxx * syy) - 0.7)).toBeLessThan(0.006);
  });
  it('ρ = 0 gives independent townships, ρ = 1 identical ones', () => {
    const r = makeRegion([
      { code: 'a', population: 1000 },
      { code: 'b', population: 1000 },
    ]);
    const one = new FloodWithImpacts(r, { ...DEFAULTS, townshipCorrelation: 1 });
    one.beginBlock(blockStream('x', 'y', 0));
    const out = newImpactBuffer(2);
    one.writeFromRegionalZ(2.3263478740408408, out); // Φ(2.326348) = 0.99: T = 100
    expect(one.returnPeriods[0]).toBeCloseTo(100, 4);
    expect(one.returnPeriods[1]).toBe(one.returnPeriods[0]);
    // a large Z keeps its precision (1 − Φ(Z) computed as Φ(−Z)): Z = 8 gives T ≈ 1/6.2210e−16
    one.writeFromRegionalZ(8, out);
    expect(Number.isFinite(one.returnPeriods[0])).toBe(true);
    expect(one.returnPeriods[0]).toBeGreaterThan(1e15);
  });
});

describe('flood kernel', () => {
  const weihai = WEIHAI;
  it('annual mode: an event only when some township floods, at most one a year, same seed same numbers', () => {
    const cfg = floodModule.configure({ mode: 'annual' }, 'hazards[0]');
    const run = () => {
      const k = floodModule.createKernel(weihai, cfg);
      const impact = floodModule.createImpact(weihai, cfg, () => -1);
      const imp = newImpactBuffer(weihai.n);
      k.beginBlock(blockStream('7', 'hazard0', 0), (name) => blockStream('7', `hazard0/${name}`, 0));
      let events = 0;
      let deaths = 0;
      for (let t = 0; t < 5000; t++) {
        let n = 0;
        k.sampleTrial((f) => {
          impact.write(f, imp, new Float64Array(0));
          n++;
          let anyDepth = false;
          for (let i = 0; i < weihai.n; i++) {
            deaths += imp[i * IMPACT_FIELDS + IMPACT.deaths];
            if (imp[i * IMPACT_FIELDS + IMPACT.evacuated] > 0) anyDepth = true;
          }
          expect(anyDepth).toBe(true);
        });
        expect(n).toBeLessThanOrEqual(1);
        events += n;
      }
      return { events, deaths };
    };
    const a = run();
    // P(some township floods) = 1 − ∫ φ(z) Π_t Φ((Φ⁻¹(1 − 1/Tp_t) − √ρ·z)/√(1 − ρ)) dz, by quadrature
    const tp = new FloodWithImpacts(weihai, DEFAULTS).protectionT;
    let pDry = 0;
    const h = 0.001;
    for (let z = -9; z <= 9; z += h) {
      let prod = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
      for (let i = 0; i < weihai.n; i++) prod *= normalCdf((normalQuantile(1 - 1 / tp[i]) - Math.sqrt(0.7) * z) / Math.sqrt(0.3));
      pDry += prod * h;
    }
    const pAny = 1 - pDry;
    expect(Math.abs(a.events / 5000 - pAny)).toBeLessThan(3 * Math.sqrt((pAny * (1 - pAny)) / 5000));
    expect(run()).toEqual(a);
  });
  it('scenario mode with a return period: one deterministic event per trial', () => {
    const cfg = floodModule.configure({ mode: 'scenario', event: { returnPeriod: 100 } }, 'hazards[0]');
    const k = floodModule.createKernel(weihai, cfg);
    k.beginBlock(blockStream('7', 'hazard0', 0), (name) => blockStream('7', `hazard0/${name}`, 0));
    const totals: number[] = [];
    for (let t = 0; t < 3; t++) {
      let n = 0;
      k.sampleTrial((f) => {
        const imp = impactsOf(weihai, cfg, f).impacts;
        n++;
        totals.push(imp.reduce((s, v) => s + v, 0));
      });
      expect(n).toBe(1);
    }
    expect(totals[1]).toBe(totals[0]);
    expect(totals[2]).toBe(totals[0]);
    // every township at T = 100 is above its default protection (20 or 50): depth 1.5 m everywhere
    const field = (k as FloodKernel).field;
    for (let i = 0; i < weihai.n; i++) expect(field.depths[i]).toBeCloseTo(1.5, 12);
  });
  it('scenario mode with depths: given townships only', () => {
    const code = weihai.code[3];
    const cfg = floodModule.configure({ mode: 'scenario', depths: { [code]: 2.5 } }, 'hazards[0]');
    expect(cfg.eventByTownship).toEqual({ [code]: 2.5 });
    const k = floodModule.createKernel(weihai, cfg) as FloodKernel;
    k.beginBlock(blockStream('7', 'hazard0', 0));
    let seen = 0;
    const impact = new FloodImpact(weihai, cfg.params as FloodParams);
    k.sampleTrial((f) => {
      const imp = impactsOf(weihai, cfg, f).impacts;
      seen++;
      for (let i = 0; i < weihai.n; i++) {
        const disp = imp[i * IMPACT_FIELDS + IMPACT.displacedI];
        if (i === 3) expect(disp).toBeCloseTo(impact.floodPlainPopulation[3] * 0.7951, 6);
        else expect(disp).toBe(0);
      }
    });
    expect(seen).toBe(1);
  });
  it('scenario depths with an unknown township code fail when the region is loaded, naming the field', () => {
    const cfg = floodModule.configure({ mode: 'scenario', depths: { '999999999999': 1 } }, 'hazards[2]');
    expect(() => floodModule.createKernel(weihai, cfg)).toThrow(InputError);
    expect(() => floodModule.createKernel(weihai, cfg)).toThrow(/^hazards\[2\]\.depths\.999999999999: expected a township code of the region .*found "999999999999"/);
  });
  it('the default parameters and the JRC table are reported with their sources', () => {
    const cfg = floodModule.configure({ mode: 'annual', parameters: { evacuatedShare: 0.6 } }, 'hazards[0]');
    expect(cfg.used.townshipCorrelation.confidence).toBe('assumption');
    expect(cfg.used.evacuatedShare).toMatchObject({ value: 0.6, overridden: true });
    expect(cfg.used.depthDamageRatio.source).toMatch(/Huizinga/);
    expect(cfg.params.evacuatedShare).toBe(0.6);
  });
});

describe('bad input: InputError starting with the field path, with expected and found', () => {
  const bad = (entry: Partial<HazardEntry>, pattern: RegExp) => {
    const e = { mode: 'scenario', ...entry } as HazardEntry;
    let err: unknown;
    try {
      floodModule.configure(e, 'hazards[1]');
    } catch (x) {
      err = x;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(pattern);
    expect((err as Error).message).toMatch(/expected /);
  };
  it('return period ≤ 1', () => {
    bad({ event: { returnPeriod: 1 } }, /^hazards\[1\]\.event\.returnPeriod: expected a return period in years, a number > 1, found 1$/);
    bad({ event: { returnPeriod: 0.5 } }, /^hazards\[1\]\.event\.returnPeriod: /);
    bad({ event: { returnPeriod: -10 } }, /^hazards\[1\]\.event\.returnPeriod: /);
    bad({ event: { returnPeriod: '100' } }, /^hazards\[1\]\.event\.returnPeriod: .*found "100"/);
  });
  it('negative or non-numeric depths', () => {
    bad({ depths: { '371002001000': -0.5 } }, /^hazards\[1\]\.depths\.371002001000: expected a flood-plain depth in metres \(a number ≥ 0\), found -0\.5$/);
    bad({ depths: { '371002001000': 'deep' } }, /^hazards\[1\]\.depths\.371002001000: /);
    bad({ depths: [1, 2] }, /^hazards\[1\]\.depths: expected a mapping/);
    bad({ depths: {} }, /^hazards\[1\]\.depths: expected a mapping/);
  });
  it('negative parameters, shares outside [0, 1], ρ outside [0, 1]', () => {
    bad({ mode: 'annual', parameters: { depthAt100M: -1 } }, /^hazards\[1\]\.parameters\.depthAt100M: expected a number ≥ 0 \(m\), found -1$/);
    bad({ mode: 'annual', parameters: { rescueHoursPerTrapped: -2 } }, /^hazards\[1\]\.parameters\.rescueHoursPerTrapped: /);
    bad({ mode: 'annual', parameters: { evacuatedShare: 1.2 } }, /^hazards\[1\]\.parameters\.evacuatedShare: expected a number ≤ 1/);
    bad({ mode: 'annual', parameters: { floodPlainShareInland: -0.1 } }, /^hazards\[1\]\.parameters\.floodPlainShareInland: expected a number ≥ 0/);
    bad({ mode: 'annual', parameters: { townshipCorrelation: 1.5 } }, /^hazards\[1\]\.parameters\.townshipCorrelation: expected a number ≤ 1/);
    bad({ mode: 'annual', parameters: { townshipCorrelation: -0.2 } }, /^hazards\[1\]\.parameters\.townshipCorrelation: expected a number ≥ 0/);
    bad({ mode: 'annual', parameters: { protectionUrbanT: 100 } }, /^hazards\[1\]\.parameters\.protectionUrbanT: expected a return period in years > 1 and < 100/);
    bad({ mode: 'annual', parameters: { protectionRuralT: 1 } }, /^hazards\[1\]\.parameters\.protectionRuralT: expected a number > 1/);
    bad({ mode: 'annual', parameters: { shelterClassIAboveM: 0.5 } }, /^hazards\[1\]\.parameters\.shelterClassIAboveM: expected a depth ≥ shelterClassIIFromM/);
    bad({ mode: 'annual', parameters: { jonkmanSigma: 0 } }, /^hazards\[1\]\.parameters\.jonkmanSigma: expected a number > 0/);
    bad({ mode: 'annual', parameters: { rho: 0.5 } }, /^hazards\[1\]\.parameters\.rho: unknown parameter "rho"; expected one of: townshipCorrelation/);
  });
  it('both returnPeriod and depths, or neither, in scenario mode', () => {
    bad({ event: { returnPeriod: 50 }, depths: { '371002001000': 1 } }, /^hazards\[1\]\.depths: expected either event\.returnPeriod or depths .*not both, found both/);
    bad({}, /^hazards\[1\]\.event: expected event\.returnPeriod .* or per-township depths .*found neither$/);
    bad({ event: {} }, /^hazards\[1\]\.event: .*found neither$/);
  });
  it('unknown event fields; event or depths in annual mode', () => {
    bad({ event: { returnPeriod: 50, depth: 2 } }, /^hazards\[1\]\.event\.depth: unknown event field "depth"; expected one of: returnPeriod/);
    bad({ event: { depths: { a: 1 } } }, /^hazards\[1\]\.event\.depths: unknown event field "depths" \(per-township depths go under the hazard entry/);
    bad({ mode: 'annual', event: { returnPeriod: 50 } }, /^hazards\[1\]\.event: expected no event in annual mode/);
    bad({ mode: 'annual', depths: { '371002001000': 1 } }, /^hazards\[1\]\.depths: expected no depths in annual mode/);
  });
  it('a good scenario entry is accepted', () => {
    const c: HazardConfig = floodModule.configure({ mode: 'scenario', event: { returnPeriod: 100 } }, 'hazards[0]');
    expect(c.event).toEqual({ returnPeriod: 100 });
    expect(floodModule.extraKeys).toEqual(['depths']);
  });
});
