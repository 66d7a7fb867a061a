import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { InputError } from '../src/core/errors.js';
import { blockStream, openUniform } from '../src/core/random.js';
import { EarthquakeKernel, earthquakeModule, truncatedGutenbergRichter, displacedShare } from '../src/hazard/earthquake/index.js';
import { EARTHQUAKE_PARAMS } from '../src/hazard/earthquake/params.js';
import type { HazardEntry } from '../src/hazard/types.js';
import {
  deathsInType,
  collapseColumn,
  collapseProbability,
  occupancy,
  PAGER_CHINA_COLLAPSE,
  PAGER_CHINA_EMPIRICAL,
  PAGER_CHINA_FATALITY_GIVEN_COLLAPSE,
  PAGER_CHINA_INVENTORY,
  PAGER_CHINA_OCCUPANCY,
  PAGER_MMI_COLUMNS,
  PAGER_TYPES,
  pagerEmpiricalBinnedRate,
  pagerEmpiricalDeathRate,
  pagerPeriod,
  townshipCollapse,
  type PagerType,
} from '../src/impact/pager-china.js';
import { IMPACT, IMPACT_FIELDS } from '../src/impact/types.js';
import { GB18306_EAST, ellipticalIntensity, longAxisIntensity, shortAxisIntensity, siteIntensity } from '../src/intensity/gb18306.js';
import { loadRegion } from '../src/region/load.js';
import { regionAttributes } from '../src/hazard/registry.js';
import { impactsOf } from './helpers.js';
import { configureHazard, loadRegionParameters } from '../src/scenario/region-parameters.js';
import { BUILDING_STOCKS } from '../src/region/types.js';
import { referenceTable, ROOT } from './helpers.js';

const WHERE = 'hazards[0]';
/** Weihai's default source zone, b and Mmax are region values (datasets/weihai/hazard-parameters.yaml): configure as the scenario loader does. */
const WEIHAI = loadRegionParameters(join(ROOT, 'datasets/weihai'));
const configure = (entry: HazardEntry, where: string) => configureHazard(earthquakeModule, entry, where, WEIHAI);

// ------------------------------------------------------------------ GB 18306

describe('GB 18306-2015 eastern-region attenuation', () => {
  it('uses the coefficients of the reference table', () => {
    const rows = referenceTable('gb18306-east-intensity.csv');
    for (const row of rows) {
      const axis = GB18306_EAST[row.axis as 'long' | 'short'];
      expect([axis.A, axis.B, axis.C, axis.R0]).toEqual([Number(row.A), Number(row.B), Number(row.C), Number(row.R0)]);
      expect(GB18306_EAST.sigma).toBe(Number(row.sigma));
    }
  });

  /*
   * Epicentral identity (R = 0):
   *   long:  5.7123 − 4.2903·lg 25 = 5.7123 − 4.2903 × 1.397940 = 5.7123 − 5.997582 = −0.285282
   *   short: 3.6588 − 3.5406·lg 13 = 3.6588 − 3.5406 × 1.113943 = 3.6588 − 3.944028 = −0.285228
   * The table states −0.285 (3 decimals: ±0.0005) and its coefficients have 4 decimals, so each
   * axis carries a rounding error of at most 0.00005 (A) + 0.00005·lg R0 (C) ≤ 0.00012. Hence:
   *   |I(Ms, 0) − (−0.285 + 1.3626·Ms)| ≤ 0.0005 + 0.00012 = 0.00062 (actual 0.00028 and 0.00023)
   *   |I_long(Ms, 0) − I_short(Ms, 0)| ≤ 0.00012 + 0.00011 = 0.00023 (actual 0.000054)
   */
  for (const ms of [6, 6.5, 7, 7.5]) {
    it(`both axes give −0.285 + 1.3626·Ms at the epicentre (Ms ${ms})`, () => {
      const expected = -0.285 + 1.3626 * ms;
      expect(Math.abs(longAxisIntensity(ms, 0) - expected)).toBeLessThanOrEqual(0.00062);
      expect(Math.abs(shortAxisIntensity(ms, 0) - expected)).toBeLessThanOrEqual(0.00062);
      expect(Math.abs(longAxisIntensity(ms, 0) - shortAxisIntensity(ms, 0))).toBeLessThanOrEqual(0.00023);
    });
  }

  /*
   * Ms 6.5 at R = 30 km, by hand:
   *   1.3626 × 6.5 = 8.8569
   *   long:  lg(30 + 25) = lg 55 = 1.740363;  4.2903 × 1.740363 = 7.466678
   *          I_long  = 5.7123 + 8.8569 − 7.466678 = 7.102522
   *   short: lg(30 + 13) = lg 43 = 1.633468;  3.5406 × 1.633468 = 5.783458
   *          I_short = 3.6588 + 8.8569 − 5.783458 = 6.732242
   *   at 45° from the long axis: cos²φ = sin²φ = 1/2, I = (7.102522 + 6.732242)/2 = 6.917382
   *   at 30°: cos²φ = 3/4, I = 0.75 × 7.102522 + 0.25 × 6.732242 = 7.009952
   */
  it('Ms 6.5 at 30 km on the long axis: 7.1025', () => {
    expect(longAxisIntensity(6.5, 30)).toBeCloseTo(7.102522, 5);
    expect(ellipticalIntensity(6.5, 30, 0)).toBeCloseTo(7.102522, 5);
  });
  it('Ms 6.5 at 30 km on the short axis: 6.7322', () => {
    expect(shortAxisIntensity(6.5, 30)).toBeCloseTo(6.732242, 5);
    expect(ellipticalIntensity(6.5, 30, Math.PI / 2)).toBeCloseTo(6.732242, 5);
  });
  it('Ms 6.5 at 30 km, 45° and 30° from the long axis: 6.9174 and 7.0100', () => {
    expect(ellipticalIntensity(6.5, 30, Math.PI / 4)).toBeCloseTo(6.917382, 5);
    expect(ellipticalIntensity(6.5, 30, Math.PI / 6)).toBeCloseTo(7.009952, 5);
  });
  it('orients the ellipse by azimuth east of north', () => {
    // a site 30 km due north of the epicentre: on the long axis at azimuth 0, the short axis at 90, 45° off at 45
    expect(siteIntensity(6.5, 0, 0, 0, 0, 30)).toBeCloseTo(7.102522, 5);
    expect(siteIntensity(6.5, 0, 0, 90, 0, 30)).toBeCloseTo(6.732242, 5);
    expect(siteIntensity(6.5, 0, 0, 45, 0, 30)).toBeCloseTo(6.917382, 5);
    expect(siteIntensity(6.5, 10, 10, 90, 40, 10)).toBeCloseTo(7.102522, 5); // 30 km east, axis east–west
  });
});

// ------------------------------------------------------------------ PAGER

describe('PAGER China tables', () => {
  it('embeds the collapse and fatality table of pager-china-collapse.csv', () => {
    const rows = referenceTable('pager-china-collapse.csv');
    expect(rows.map((r) => r.code).sort()).toEqual([...PAGER_TYPES].sort());
    for (const r of rows) {
      const t = r.code as PagerType;
      expect(PAGER_CHINA_COLLAPSE[t]).toEqual(PAGER_MMI_COLUMNS.map((m) => Number(r[`mmi_${m.toFixed(1)}`])));
      expect(PAGER_CHINA_FATALITY_GIVEN_COLLAPSE[t]).toBe(Number(r.fatality_given_collapse));
    }
  });
  it('embeds the inventory of pager-china-inventory.csv', () => {
    const rows = referenceTable('pager-china-inventory.csv');
    expect(rows.map((r) => r.stock).sort()).toEqual([...BUILDING_STOCKS].sort());
    for (const r of rows) {
      const stock = r.stock as (typeof BUILDING_STOCKS)[number];
      expect(PAGER_CHINA_INVENTORY.shares[stock]).toEqual(PAGER_CHINA_INVENTORY.types.map((t) => Number(r[t])));
    }
  });
  it('embeds the occupancy of pager-china-occupancy.csv', () => {
    for (const r of referenceTable('pager-china-occupancy.csv')) {
      const o = PAGER_CHINA_OCCUPANCY[r.setting as 'urban' | 'rural'][r.period as 'day' | 'transit' | 'night'];
      expect([o.residential, o.nonresidential, o.outdoor]).toEqual([Number(r.residential), Number(r.nonresidential), Number(r.outdoor)]);
    }
  });

  it('rounds intensity to 0.5, caps it at 9.0 and has no collapse below 5.75', () => {
    expect(collapseProbability('A', 7.3)).toBe(0.325); // → 7.5 column
    expect(collapseProbability('UFB', 7.3)).toBe(0.09);
    expect(collapseProbability('A', 9.6)).toBe(0.85); // → 9.0
    expect(collapseProbability('A', 12)).toBe(0.85);
    expect(collapseProbability('UFB1', 5.7)).toBe(0); // → 5.5: nothing collapses
    expect(collapseProbability('UFB1', 5.75)).toBe(0.02); // → 6.0
    expect(collapseProbability('UFB1', 6.2499)).toBe(0.02);
    expect(collapseProbability('UFB1', 6.25)).toBe(0.07); // → 6.5 (half up)
    expect(collapseProbability('C1', 8.74)).toBe(0.06); // → 8.5
    expect(collapseProbability('C1', 8.75)).toBe(0.1); // → 9.0
    expect(collapseColumn(Number.NaN)).toBe(-1);
  });

  it("uses PAGER's time-of-day windows, and the day row for rural townships outside the night", () => {
    expect([0, 2, 4.99, 22, 23.5].map(pagerPeriod)).toEqual(['night', 'night', 'night', 'night', 'night']);
    expect([5, 9.99, 17, 21.99].map(pagerPeriod)).toEqual(['transit', 'transit', 'transit', 'transit']);
    expect([10, 12, 16.99].map(pagerPeriod)).toEqual(['day', 'day', 'day']);
    expect(occupancy(true, 7).residential).toBe(0.495);
    expect(occupancy(false, 7)).toEqual(occupancy(false, 12));
    expect(occupancy(false, 2).residential).toBe(0.963);
  });

  /*
   * A rural township (镇) of 10,000 people at intensity 7.0 at 02:00 (night), PAGER China inventory:
   *   rural residential, collapse at 7.0:
   *     A .40×.10 = .04, UFB1 .35×.12 = .042, UFB .10×.04 = .004, RS .025×.055 = .001375,
   *     C3 .03×.002 = .00006, W .095×0 = 0                                  → .087435
   *   deaths: .04×.06 + .042×.06 + .004×.08 + .001375×.06 + .00006×.15
   *         = .0024 + .00252 + .00032 + .0000825 + .000009                 → .0053315
   *   rural non-residential, collapse at 7.0:
   *     A .04×.10 = .004, UFB1 .088×.12 = .01056, UFB .75×.04 = .03, RS .025×.055 = .001375,
   *     C3 .05×.002 = .0001, W 0                                            → .046035
   *   deaths: .004×.06 + .01056×.06 + .03×.08 + .001375×.06 + .0001×.15
   *         = .00024 + .0006336 + .0024 + .0000825 + .000015                → .0033711
   *   night, rural: residential .963, non-residential .033 (outdoor .004: no deaths)
   *     collapse share = .963×.087435 + .033×.046035 = .0841999 + .0015192 = .0857191
   *     deaths/person  = .963×.0053315 + .033×.0033711 = .0051342 + .0001112 = .0052455
   *   × 10,000: 857.19 occupants of collapsed buildings, 52.455 deaths
   */
  it('semi-empirical collapse and deaths of a rural township at night match the hand computation', () => {
    const t = townshipCollapse(7.0, 10000, false, 2, null);
    expect(t.collapseShare).toBeCloseTo(0.0857191, 6);
    expect(t.collapsedOccupants).toBeCloseTo(857.191, 2);
    expect(t.deaths).toBeCloseTo(52.4548, 3);
    expect(townshipCollapse(5.7, 10000, false, 2, null).deaths).toBe(0);
  });

  it('empirical death rates at 7, 8, 9 match pager-china-empirical.csv to 2 significant digits', () => {
    const text = readFileSync(join(ROOT, 'test', 'tables', 'pager-china-empirical.csv'), 'utf8');
    const [theta, beta] = text.split(/\r?\n/)[2].split(',').map(Number);
    expect(PAGER_CHINA_EMPIRICAL.theta).toBe(theta);
    expect(PAGER_CHINA_EMPIRICAL.beta).toBe(beta);
    expect(EARTHQUAKE_PARAMS.empiricalTheta.value).toBe(theta);
    expect(EARTHQUAKE_PARAMS.empiricalBeta.value).toBe(beta);
    const rates = [...text.matchAll(/^# (\d+),([0-9.e-]+)$/gm)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(rates.map(([mmi]) => mmi)).toEqual([7, 8, 9]);
    for (const [mmi, rate] of rates) {
      expect(Number(pagerEmpiricalDeathRate(mmi).toPrecision(2))).toBe(rate);
      expect(pagerEmpiricalBinnedRate(mmi)).toBe(pagerEmpiricalDeathRate(mmi));
    }
    // PAGER bins to whole intensities and applies the rate at 9 from 8.5 up, nothing below 4.5
    expect(pagerEmpiricalBinnedRate(8.49)).toBe(pagerEmpiricalDeathRate(8));
    expect(pagerEmpiricalBinnedRate(9.7)).toBe(pagerEmpiricalDeathRate(9));
    expect(pagerEmpiricalBinnedRate(4.4)).toBe(0);
  });
});

// ------------------------------------------------------------------ magnitudes and sampling

describe('truncated Gutenberg–Richter magnitudes', () => {
  /*
   * M − 6 is exponential with rate β = b·ln 10 truncated to [0, Δ], Δ = Mmax − 6, q = e^(−βΔ) = 10^(−bΔ):
   *   density f(x) = β e^(−βx)/(1 − q) on [0, Δ]
   *   E[M]   = 6 + 1/β − Δq/(1 − q)
   *   Var[M] = 1/β² − Δ²q/(1 − q)²
   * b 0.84, Mmax 7.5: β = 0.84 × 2.302585 = 1.934171, βΔ = 2.901257, q = 0.0549541
   *   E[M]   = 6 + 0.517018 − 1.5 × 0.0549541/0.9450459 = 6 + 0.517018 − 0.087225 = 6.429793
   *   Var[M] = 0.267308 − 2.25 × 0.0549541/0.8931118 = 0.267308 − 0.138446 = 0.128862 (sd 0.358974)
   * With n = 40,000 draws the standard error of the mean is 0.358974/200 = 0.0017949.
   */
  const MEAN = 6.429793;
  const SD = 0.358974;

  it('spans [6, Mmax]', () => {
    expect(truncatedGutenbergRichter(0, 0.84, 7.5)).toBe(6);
    expect(truncatedGutenbergRichter(1, 0.84, 7.5)).toBeCloseTo(7.5, 12);
  });

  it('the sampler has the analytic mean within 3 standard errors', () => {
    const n = 40000;
    const u = openUniform(blockStream('gr-test', 'magnitude', 0));
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const m = truncatedGutenbergRichter(u(), 0.84, 7.5);
      s += m;
      s2 += m * m;
    }
    const mean = s / n;
    expect(Math.abs(mean - MEAN)).toBeLessThan((3 * SD) / Math.sqrt(n));
    expect(Math.sqrt(s2 / n - mean * mean)).toBeCloseTo(SD, 2);
  });

  it("the kernel's magnitudes (scenario mode, magnitude sampled) have the analytic mean within 3 standard errors", () => {
    const region = loadRegion(join(ROOT, 'datasets/weihai'), regionAttributes());
    const config = configure({ mode: 'scenario', event: { residuals: 0 } }, WHERE);
    const k = new EarthquakeKernel(region, config);
    const n = 20000;
    let s = 0;
    let inside = 0;
    let hourMin = Infinity;
    let hourMax = -Infinity;
    // default zone centre (37.5 N, 122.0 E) in the region's local km
    const cx = (122.0 - region.refLon) * 111.195 * Math.cos((region.refLat * Math.PI) / 180);
    const cy = (37.5 - region.refLat) * 111.195;
    for (let b = 0; b * 1024 < n; b++) {
      k.beginBlock(blockStream('gr-kernel', 'earthquake', b));
      for (let t = 0; t < 1024 && b * 1024 + t < n; t++) {
        const ev = k.sampleEvent();
        s += ev.magnitude;
        // epicentres uniform over the disc's area: a quarter of them inside half the radius
        if (Math.hypot(ev.xKm - cx, ev.yKm - cy) < 100) inside++;
        hourMin = Math.min(hourMin, ev.hour);
        hourMax = Math.max(hourMax, ev.hour);
      }
    }
    expect(hourMin).toBeGreaterThanOrEqual(0);
    expect(hourMin).toBeLessThan(0.01);
    expect(hourMax).toBeLessThan(24);
    expect(hourMax).toBeGreaterThan(23.99);
    expect(Math.abs(s / n - MEAN)).toBeLessThan((3 * SD) / Math.sqrt(n));
    // binomial(20,000, 0.25): sd = √(0.25 × 0.75 / 20,000) = 0.00306
    expect(Math.abs(inside / n - 0.25)).toBeLessThan(3 * 0.00306);
  });

  it('annual mode: events per year average Σλ6 (Poisson)', () => {
    const region = loadRegion(join(ROOT, 'datasets/weihai'), regionAttributes());
    const config = configure(
      {
        mode: 'annual',
        zones: [
          { name: 'a', lat: 37.5, lon: 122.0, radiusKm: 100, rate6: 0.3 },
          { name: 'b', lat: 36.5, lon: 121.0, radiusKm: 50, rate6: 0.1, b: 1.0, mmax: 7 },
        ],
      },
      WHERE,
    );
    const k = new EarthquakeKernel(region, config);
    const n = 20000;
    let events = 0;
    let zoneB = 0;
    for (let b = 0; b * 1024 < n; b++) {
      k.beginBlock(blockStream('poisson', 'earthquake', b));
      for (let t = 0; t < 1024 && b * 1024 + t < n; t++)
        k.sampleTrial(() => {
          events++;
          if (k.event.zone === 1) {
            zoneB++;
            expect(k.event.magnitude).toBeLessThanOrEqual(7);
          }
        });
    }
    // Poisson(0.4) per trial: sd of the mean √(0.4/20,000) = 0.00447; zone b's share 0.25 of ~8,000 events (sd ≈ 0.0048)
    expect(Math.abs(events / n - 0.4)).toBeLessThan(3 * 0.00447);
    expect(Math.abs(zoneB / events - 0.25)).toBeLessThan(3 * Math.sqrt((0.25 * 0.75) / events));
  });
});

// ------------------------------------------------------------------ the drill

describe('drill: M6.5 at 02:00 near Weihai city, residuals off', () => {
  const region = loadRegion(join(ROOT, 'datasets/weihai'), regionAttributes());
  const event = { magnitude: 6.5, lat: 37.45, lon: 122.05, azimuthDeg: 30, hour: 2, residuals: 0 };
  const config = configure({ mode: 'scenario', event }, WHERE);
  const k = new EarthquakeKernel(region, config);
  k.beginBlock(blockStream('drill', 'earthquake', 0));
  const impacts = new Float64Array(region.n * IMPACT_FIELDS);
  let nEvents = 0;
  let eventMetric: (name: string) => number = () => NaN;
  k.sampleTrial((field) => {
    const r = impactsOf(region, config, field);
    impacts.set(r.impacts);
    eventMetric = r.metric;
    nEvents++;
  });
  /** Occupants of collapsed buildings in township i: the table lookup the impact model makes (an event metric, not an impact field). */
  const collapsedAt = (i: number) => townshipCollapse(k.intensity[i], region.population[i], region.urban[i] === 1, event.hour, region.buildingMix).collapsedOccupants;
  /** The semi-empirical deaths of township i (trapped are counted from them; the headline deaths are the empirical model's). */
  const semiDeathsAt = (i: number) => townshipCollapse(k.intensity[i], region.population[i], region.urban[i] === 1, event.hour, region.buildingMix).deaths;
  const sum = (f: number) => {
    let s = 0;
    for (let i = 0; i < region.n; i++) s += impacts[i * IMPACT_FIELDS + f];
    return s;
  };

  it('has one event per trial and the same impacts in every trial', () => {
    expect(nEvents).toBe(1);
    const again = new Float64Array(impacts.length);
    k.sampleTrial((field) => again.set(impactsOf(region, config, field).impacts));
    expect(Array.from(again)).toEqual(Array.from(impacts));
  });

  it('headline deaths are the calibrated empirical model; the semi-empirical deaths and their split by type sit beside them', () => {
    const emp = k.empiricalDeaths();
    // headline deaths: empiricalScale × pagerEmpiricalDeaths of the same intensities
    expect(sum(IMPACT.deaths)).toBeCloseTo(EARTHQUAKE_PARAMS.empiricalScale.value * emp, 6);
    // the event metrics: semi-empirical deaths and collapsed occupants are the townships' table lookups summed
    let collapsed = 0;
    let semi = 0;
    for (let i = 0; i < region.n; i++) {
      collapsed += collapsedAt(i);
      semi += semiDeathsAt(i);
    }
    expect(eventMetric('collapsedOccupants')).toBeCloseTo(collapsed, 6);
    expect(eventMetric('deathsSemiEmpirical')).toBeCloseTo(semi, 6);
    const byType = PAGER_TYPES.reduce((a, t) => a + eventMetric(deathsInType(t)), 0);
    expect(byType).toBeCloseTo(semi, 6);
    expect(semi).toBeGreaterThan(0);
    expect(emp).toBeGreaterThan(0);
    expect(semi / emp).toBeGreaterThan(0.1);
    expect(semi / emp).toBeLessThan(10);
  });

  /*
   * 环翠楼街道 (371002001000; 37.50041 N, 122.11398 E; 街道, urban; population 59,426).
   * Local km around the region reference point 37.21165 N, 122.08514 E (111.195 km/°, × cos 37.21165° = 0.796407 east–west):
   *   dx = (122.11398 − 122.05) × 111.195 × 0.796407 = 5.66584 km, dy = (37.50041 − 37.45) × 111.195 = 5.60534 km
   *   R = √(5.66584² + 5.60534²) = 7.97004 km
   *   long axis at 30°: unit (sin 30°, cos 30°) = (0.5, 0.866025); along = 2.83292 + 4.85437 = 7.68729
   *   cos²φ = (7.68729/7.97004)² = 0.930304
   *   I_long  = 5.7123 + 8.8569 − 4.2903·lg 32.97004 = 14.5692 − 4.2903 × 1.518120 = 8.056012
   *   I_short = 3.6588 + 8.8569 − 3.5406·lg 20.97004 = 12.5157 − 3.5406 × 1.321599 = 7.836445
   *   I = 0.930304 × 8.056012 + 0.069696 × 7.836445 = 8.040709 → PAGER column 8.0
   * Urban residential at 8.0: collapse .04×.55 + .05×.35 + .605×.14 + .015×.145 + .02×.03 + .05×.02 + .12×.02 + .05×.05
   *   = .022 + .0175 + .0847 + .002175 + .0006 + .001 + .0024 + .0025 = .132875
   *   deaths .022×.06 + .0175×.06 + .0847×.08 + .002175×.06 + .0006×.08 + .001×.15 + .0024×.15 + .0025×.007 = .009852
   * Urban non-residential at 8.0: collapse .05×.35 + .55×.14 + .01×.145 + .02×.03 + .20×.02 + .02×.05 = .10155
   *   deaths .0175×.06 + .077×.08 + .00145×.06 + .0006×.08 + .004×.15 + .001×.007 = .007952
   * Night, urban: residential .955, non-residential .041
   *   collapse share .955 × .132875 + .041 × .10155 = .1310592; deaths/person .955 × .009852 + .041 × .007952 = .0097347
   *   collapsed occupants 59,426 × .1310592 = 7,788.32; deaths 59,426 × .0097347 = 578.49
   *   injured 6.5 × 578.49 = 3,760.21; trapped .22 × (7,788.32 − 578.49) = 1,586.16; team-hours 4 × 1,586.16 = 6,344.65
   *   displaced: ITB share at 8.040709 = .5 + .040709 × (.75 − .5) = .510177 → 30,317.8, class II (7.5 ≤ I < 8.5)
   */
  it('环翠楼街道 matches the hand computation', () => {
    const i = region.code.indexOf('371002001000');
    expect(i).toBeGreaterThanOrEqual(0);
    expect(region.population[i]).toBe(59426);
    expect(k.intensity[i]).toBeCloseTo(8.040709, 4);
    const o = i * IMPACT_FIELDS;
    // by hand from datasets/weihai/building-mix.csv (census mix), pager-china-collapse.csv at MMI 8.0, the urban
    // night occupancy (0.955 residential, 0.041 non-residential) and PAGER's empirical rate at 8
    // (Φ(ln(8/10.328811)/0.100058) = 0.0053327) × empiricalScale 0.172
    expect(collapsedAt(i)).toBeCloseTo(7274.1, 1);
    expect(semiDeathsAt(i)).toBeCloseTo(554.617, 2);
    expect(impacts[o + IMPACT.deaths]).toBeCloseTo(54.507, 2);
    expect(impacts[o + IMPACT.injured]).toBeCloseTo(354.29, 1);
    expect(impacts[o + IMPACT.trapped]).toBeCloseTo(1478.29, 1);
    expect(impacts[o + IMPACT.rescueTeamHours]).toBeCloseTo(5913.14, 1);
    expect(impacts[o + IMPACT.displacedII]).toBeCloseTo(30317.8, 0);
    expect(impacts[o + IMPACT.displacedI]).toBe(0);
    expect(impacts[o + IMPACT.displacedIII]).toBe(0);
    expect(impacts[o + IMPACT.evacuated]).toBe(0);
  });

  it('every township follows the impact rules', () => {
    const p = EARTHQUAKE_PARAMS;
    for (let i = 0; i < region.n; i++) {
      const o = i * IMPACT_FIELDS;
      const I = k.intensity[i];
      const deaths = impacts[o + IMPACT.deaths];
      const collapsed = collapsedAt(i);
      expect(impacts[o + IMPACT.evacuated]).toBe(0);
      expect(impacts[o + IMPACT.injured]).toBeCloseTo(p.injuredPerDeath.value * deaths, 9);
      expect(impacts[o + IMPACT.trapped]).toBeCloseTo(p.trappedShareOfSurvivors.value * (collapsed - semiDeathsAt(i)), 9);
      expect(deaths).toBeCloseTo(p.empiricalScale.value * region.population[i] * pagerEmpiricalBinnedRate(I), 9);
      expect(impacts[o + IMPACT.rescueTeamHours]).toBeCloseTo(4 * impacts[o + IMPACT.trapped], 9);
      const d = [impacts[o + IMPACT.displacedIII], impacts[o + IMPACT.displacedII], impacts[o + IMPACT.displacedI]];
      const cls = I >= 8.5 ? 2 : I >= 7.5 ? 1 : 0;
      d.forEach((v, c) => (c === cls ? expect(v).toBeCloseTo(region.population[i] * displacedShare(I, p.displacedIntensities.value, p.displacedShares.value), 6) : expect(v).toBe(0)));
      if (I < 5.75) expect(collapsed).toBe(0);
      if (I <= 6.5) expect(d[0] + d[1] + d[2]).toBe(0);
    }
  });

  it('the scenario files configure', () => {
    for (const f of ['scenarios/earthquake.yaml', 'scenarios/earthquake-m65-night.yaml']) {
      const doc = parseYaml(readFileSync(join(ROOT, f), 'utf8'));
      const { type, name: _n, ...h } = doc.hazards[0];
      expect(type).toBe('earthquake');
      const c = configure(h as HazardEntry, WHERE);
      expect(c.type).toBe('earthquake');
    }
    const drill = parseYaml(readFileSync(join(ROOT, 'scenarios/earthquake-m65-night.yaml'), 'utf8'));
    expect(drill.hazards[0].event).toEqual(event);
  });
});

// ------------------------------------------------------------------ bad input

describe('earthquake bad input', () => {
  const bad = (entry: Record<string, unknown>, message: RegExp) => () => {
    let err: unknown;
    try {
      configure({ mode: 'scenario', ...entry } as HazardEntry, WHERE);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(message);
  };
  const zone = { lat: 37.5, lon: 122, radiusKm: 200, rate6: 0.02 };

  it('magnitude below 6', bad({ event: { magnitude: 5.5 } }, /^hazards\[0\]\.event\.magnitude: expected a magnitude from 6 to the zone's Mmax 7\.5.*found 5\.5$/));
  it('magnitude above Mmax', bad({ event: { magnitude: 7.8 } }, /^hazards\[0\]\.event\.magnitude: expected a magnitude from 6 to the zone's Mmax 7\.5.*found 7\.8$/));
  it('magnitude above a zone Mmax', bad({ zones: [{ ...zone, mmax: 7 }], event: { magnitude: 7.2 } }, /^hazards\[0\]\.event\.magnitude: expected .*Mmax 7 .*found 7\.2$/));
  it('b ≤ 0 (parameter)', bad({ parameters: { b: 0 } }, /^hazards\[0\]\.parameters\.b: expected a number > 0 .*found 0$/));
  it('b ≤ 0 (zone)', bad({ zones: [{ ...zone, b: -0.8 }] }, /^hazards\[0\]\.zones\[0\]\.b: expected a Gutenberg–Richter b-value \(> 0.*found -0\.8$/));
  it('zone with radius 0', bad({ zones: [{ ...zone, radiusKm: 0 }] }, /^hazards\[0\]\.zones\[0\]\.radiusKm: expected a zone radius in km \(> 0.*a zone needs an area, found 0$/));
  it('zone without a radius', bad({ zones: [{ lat: 37.5, lon: 122, rate6: 0.02 }] }, /^hazards\[0\]\.zones\[0\]\.radiusKm: expected a zone radius in km .*found nothing$/));
  it('negative zone rate', bad({ zones: [zone, { ...zone, rate6: -0.01 }] }, /^hazards\[0\]\.zones\[1\]\.rate6: expected an annual rate of M ≥ 6 events \(≥ 0 per year\), found -0\.01$/));
  it('negative default rate', bad({ mode: 'annual', parameters: { rate6: -1 } }, /^hazards\[0\]\.parameters\.rate6: expected a number ≥ 0 .*found -1$/));
  it('epicentre latitude beyond 90', bad({ event: { lat: 91, lon: 122 } }, /^hazards\[0\]\.event\.lat: expected an epicentre latitude in degrees \(−90 to 90\), found 91$/));
  it('epicentre longitude beyond 180', bad({ event: { lat: 37, lon: -181 } }, /^hazards\[0\]\.event\.lon: expected an epicentre longitude in degrees \(−180 to 180\), found -181$/));
  it('zone latitude beyond 90', bad({ zones: [{ ...zone, lat: -95 }] }, /^hazards\[0\]\.zones\[0\]\.lat: expected a zone centre latitude .*found -95$/));
  it('epicentre latitude without longitude', bad({ event: { lat: 37 } }, /^hazards\[0\]\.event: expected both lat and lon of the epicentre \(or neither\), found only lat$/));
  it('hour 24', bad({ event: { hour: 24 } }, /^hazards\[0\]\.event\.hour: expected a local hour of the day, 0 to under 24, found 24$/));
  it('negative hour', bad({ event: { hour: -1 } }, /^hazards\[0\]\.event\.hour: expected a local hour .*found -1$/));
  it('hour as text', bad({ event: { hour: '2am' } }, /^hazards\[0\]\.event\.hour: expected a local hour .*found "2am"$/));
  it('residuals other than 0 or 1', bad({ event: { residuals: 0.5 } }, /^hazards\[0\]\.event\.residuals: expected 1 \(intensity residuals on\) or 0 \(off\), found 0\.5$/));
  it('unknown event field', bad({ event: { depthKm: 10 } }, /^hazards\[0\]\.event\.depthKm: unknown event field "depthKm"; expected one of: magnitude, lat, lon, azimuthDeg, hour, residuals$/));
  it('unknown zone field', bad({ zones: [{ ...zone, rate5: 0.1 }] }, /^hazards\[0\]\.zones\[0\]\.rate5: unknown zone field "rate5"; expected one of: name, lat, lon, radiusKm, rate6, b, mmax$/));
  it('zones not a list', bad({ zones: zone }, /^hazards\[0\]\.zones: expected a list of source zones .*found \{"lat":37\.5/));
  it('zones an empty list', bad({ zones: [] }, /^hazards\[0\]\.zones: expected a list of one or more source zones, found an empty list$/));
  it('a zone that is not a mapping', bad({ zones: [3] }, /^hazards\[0\]\.zones\[0\]: expected a source zone .*found 3$/));
  it('Mmax 6 (parameter)', bad({ parameters: { mmax: 6 } }, /^hazards\[0\]\.parameters\.mmax: expected a number > 6 .*found 6$/));
  it('Mmax above 9.5 (parameter)', bad({ parameters: { mmax: 9.6 } }, /^hazards\[0\]\.parameters\.mmax: expected a number ≤ 9\.5 .*found 9\.6$/));
  it('Mmax 6 (zone)', bad({ zones: [{ ...zone, mmax: 6 }] }, /^hazards\[0\]\.zones\[0\]\.mmax: expected a maximum magnitude \(> 6, up to 9\.5\), found 6$/));
  it('Mmax above 9.5 (zone)', bad({ zones: [{ ...zone, mmax: 10 }] }, /^hazards\[0\]\.zones\[0\]\.mmax: expected a maximum magnitude .*found 10$/));
  it('unknown parameter', bad({ parameters: { bvalue: 1 } }, /^hazards\[0\]\.parameters\.bvalue: unknown parameter "bvalue"/));
  it('accepts a good entry and reports the zones it used', () => {
    const c = configure({ mode: 'annual', zones: [{ name: 'Tanlu', ...zone }] } as HazardEntry, WHERE);
    expect(c.settings?.zones).toEqual([{ name: 'Tanlu', ...zone, b: 0.84, mmax: 7.5 }]);
    expect(c.used['zones[0]'].value).toEqual([37.5, 122, 200, 0.02, 0.84, 7.5]);
    expect(c.used.rate6).toBeUndefined();
    expect(c.event).toBeUndefined();
  });
});

describe('the two death models in the outputs', () => {
  it('the engine reports the calibrated empirical deaths of the drill and the semi-empirical ones beside them', async () => {
    const { compileScenario } = await import('../src/scenario/compile.js');
    const { runSimulation } = await import('../src/engine/run.js');
    const { EarthquakeKernel } = await import('../src/hazard/earthquake/index.js');
    const { slot } = await import('../src/engine/layout.js');
    const c = compileScenario('scenarios/earthquake-m65-night.yaml', { trials: 50 });
    const r = await runSimulation(c.spec, { workers: 0 });
    const k = new EarthquakeKernel(c.region, c.spec.hazards[0]);
    k.writeIntensity(k.sampleEvent());
    const at = (name: string) => r.acc.sum(slot(r.layout, 'annual', name)) / r.acc.trials;
    expect(at('deaths')).toBeCloseTo(EARTHQUAKE_PARAMS.empiricalScale.value * k.empiricalDeaths(), 6);
    expect(at('deathsSemiEmpirical')).toBeGreaterThan(at('deaths'));
  });
});
