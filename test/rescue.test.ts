import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { regionAttributes } from '../src/hazard/registry.js';
import { RESCUE_PARAMS, RescueEvaluator, type RescueOutcome, type RescueParams } from '../src/demand/rescue.js';
import { IMPACT, IMPACT_FIELDS } from '../src/impact/types.js';
import { loadRegion } from '../src/region/load.js';
import { aidNeighbourhood, aidSummary, DEFAULT_TRAVEL, distanceKm } from '../src/region/travel.js';
import { KM_PER_DEG_LAT, type Region } from '../src/region/types.js';
import { ROOT } from './helpers.js';

const P = Object.fromEntries(Object.entries(RESCUE_PARAMS).map(([k, v]) => [k, v.value])) as RescueParams;

/**
 * A hand-built region: townships on one meridian at the given km north of 36° N (so great-circle
 * distances are exact differences), with their stationed units, county units and county index.
 */
function region(local: number[], county: number[], countyIndex: number[], northKm?: number[]): Region {
  // by default 200 km apart: 6.5 h of road at 40 km/h, far beyond the 2-hour aid limit
  const km = northKm ?? local.map((_, i) => 200 * i);
  return {
    n: local.length,
    lat: Float64Array.from(km, (k) => 36 + k / KM_PER_DEG_LAT),
    lon: Float64Array.from(km, () => 122),
    rescueUnits: Float64Array.from(local),
    countyRescueUnits: Float64Array.from(county),
    countyIndex: Int32Array.from(countyIndex),
    counties: county.map((_, i) => `c${i}`),
  } as unknown as Region;
}

function impacts(rows: [trapped: number, hours: number][]): Float64Array {
  const imp = new Float64Array(rows.length * IMPACT_FIELDS);
  rows.forEach(([t, h], i) => {
    imp[i * IMPACT_FIELDS + IMPACT.trapped] = t;
    imp[i * IMPACT_FIELDS + IMPACT.rescueTeamHours] = h;
  });
  return imp;
}

function outcome(r: Region, rows: [number, number][], p: RescueParams = P): RescueOutcome {
  const out = { survivors: 0, unmet: 0 };
  new RescueEvaluator(r, p).outcome(impacts(rows), r.rescueUnits, r.countyRescueUnits, out);
  return out;
}

/** model.md §4.3 with survival 0.81 / 0.34 / (0.25, 0.16) / 0.07 on days 1–5, units working 16 h a day. */
describe('rescue outcome at 72 h', () => {
  it('too few teams: 2 units, 100 trapped in collapses (4 h each)', () => {
    // rate = 2 units × 16/24 × 1/4 h = 1/3 extraction an hour → 24 by 72 h, 76 left
    // survivors = (1/3)·(24·0.81 + 24·0.34 + 24·0.25) = 11.2
    const out = outcome(region([2], [0], [0]), [[100, 400]]);
    expect(out.unmet).toBeCloseTo(76, 9);
    expect(out.survivors).toBeCloseTo(11.2, 9);
  });
  it('enough teams: 30 units, 100 trapped by flood (1 h each), all out in 5 h on day 1', () => {
    // rate = 30 × 2/3 × 1 = 20 an hour → done at 5 h; survivors = 100 × 0.81
    const out = outcome(region([30], [0], [0]), [[100, 100]]);
    expect(out.unmet).toBe(0);
    expect(out.survivors).toBeCloseTo(81, 9);
  });
  it('county teams go where the work is', () => {
    // 10 county units split 5/5 by equal workloads; each township: rate = 5 × 2/3 × 50/200 = 0.8333/h, done at 60 h
    // survivors each = 0.8333 × (24·0.81 + 24·0.34 + 12·0.25) = 25.5 (the townships are 200 km apart: no aid)
    const out = outcome(region([0, 0, 7], [10], [0, 0, 0]), [[50, 200], [50, 200], [0, 0]]);
    expect(out.unmet).toBeCloseTo(0, 9);
    expect(out.survivors).toBeCloseTo(51, 9);
  });
  it('no teams at all: everyone still trapped', () => {
    const out = outcome(region([0], [0], [0]), [[40, 160]]);
    expect(out.unmet).toBe(40);
    expect(out.survivors).toBe(0);
  });
});

/**
 * Mutual aid (model.md §5.2): A (county 0) has 100 trapped in collapses (400 unit-hours) and 2 units;
 * B (county 1) is 40 km north: 1.3 × 40 / 40 = 1.3 h of road, within 2 h, across the county line,
 * with 3 units; C (county 1) is 100 km north of A (3.25 h) with 10 units: too far for A, though
 * within reach of B (1.95 h), which has no work. No county teams.
 */
describe('rescue outcome with mutual aid across a county line', () => {
  const r = region([2, 3, 10], [0, 0], [0, 1, 1], [0, 40, 100]);
  it('the neighbourhood: B within 2 h of A and of C, C not of A', () => {
    const aid = aidNeighbourhood(r, 2);
    const row = (i: number) => Array.from(aid.index.subarray(aid.start[i], aid.start[i + 1]));
    expect([row(0), row(1), row(2)]).toEqual([[0, 1], [1, 0, 2], [2, 1]]);
    expect(aid.hours[aid.start[0] + 1]).toBeCloseTo(1.3, 12);
    expect(aid.hours[aid.start[1] + 2]).toBeCloseTo(1.95, 12);
    expect(aidSummary(r, aid)).toEqual({ limitHours: 2, meanNeighbours: 4 / 3, maxNeighbours: 2, crossCountyPairs: 1 });
    // computed once per region and limit
    expect(aidNeighbourhood(r, 2)).toBe(aid);
  });
  it("B's units arrive after 1.3 h and work the rest of the 72 hours; C's do not come", () => {
    // Only A has work, so A's and B's units all go to A (H_A = H_B = 400 unit-hours).
    // Share of A's work per hour: A's units 2 × 2/3 / 400 = 1/300 from t = 0, B's 3 × 2/3 / 400 = 1/200 from t = 1.3.
    // By 72 h: 72/300 + (72 − 1.3)/200 = 0.24 + 0.3535 = 0.5935 of the work → 59.35 extracted, 40.65 left.
    // Survivors: 100 × [1/300 × ∫₀⁷² S + 1/200 × ∫₁.₃⁷² S], ∫₀⁷² S = 24 × (0.81 + 0.34 + 0.25) = 33.6, ∫₀^1.3 S = 1.053
    //   = 100 × [0.112 + (33.6 − 1.053)/200] = 11.2 + 16.2735 = 27.4735
    const out = outcome(r, [[100, 400], [0, 0], [0, 0]]);
    expect(out.unmet).toBeCloseTo(40.65, 9);
    expect(out.survivors).toBeCloseTo(27.4735, 9);
    // without aid (limit 0) only A's 2 units work: the first test's 76 left and 11.2 survivors
    const alone = outcome(r, [[100, 400], [0, 0], [0, 0]], { ...P, aidTravelHours: 0 });
    expect(alone.unmet).toBeCloseTo(76, 9);
    expect(alone.survivors).toBeCloseTo(11.2, 9);
    // with a 4-hour limit C's 10 units come too, from 3.25 h: 0.5935 + 10 × 2/3 / 400 × (72 − 3.25) > 1: all out
    expect(outcome(r, [[100, 400], [0, 0], [0, 0]], { ...P, aidTravelHours: 4 }).unmet).toBe(0);
  });
  it('a small job done before the neighbours arrive counts only the units there', () => {
    // 1 person trapped by flood (1 unit-hour) at A with 30 units: done after 1/20 h, before B's units arrive at 1.3 h
    const near = region([30, 3, 10], [0, 0], [0, 1, 1], [0, 40, 100]);
    const out = outcome(near, [[1, 1], [0, 0], [0, 0]]);
    expect(out.unmet).toBe(0);
    expect(out.survivors).toBeCloseTo(0.81, 12);
    // 10 trapped, 40 unit-hours: A's 1/30 per hour from 0 and B's 1/20 from 1.3 h finish at (1 + 1.3/20)/(1/30 + 1/20) = 12.78 h, all on day 1
    const mid = outcome(r, [[10, 40], [0, 0], [0, 0]]);
    expect(mid.unmet).toBe(0);
    expect(mid.survivors).toBeCloseTo(8.1, 12);
    // the same with two far townships added (300 and 400 km): A's neighbourhood is then shorter than its
    // complement and the evaluator walks the arrivals instead of certifying day 1; same answers
    const wide = region([30, 3, 10, 5, 5], [0, 0], [0, 1, 1, 1, 1], [0, 40, 100, 300, 400]);
    expect(outcome(wide, [[1, 1], [0, 0], [0, 0], [0, 0], [0, 0]]).survivors).toBeCloseTo(0.81, 12);
    const wideMid = outcome(region([2, 3, 10, 5, 5], [0, 0], [0, 1, 1, 1, 1], [0, 40, 100, 300, 400]), [[10, 40], [0, 0], [0, 0], [0, 0], [0, 0]]);
    expect(wideMid.unmet).toBe(0);
    expect(wideMid.survivors).toBeCloseTo(8.1, 12);
  });
  it('a team splits over the townships it reaches by their workloads', () => {
    // A: 100 trapped, 400 unit-hours; B: 50 trapped by flood, 50 unit-hours. B's 3 units see H_B = 450: 8/9 to A, 1/9 to B.
    // A's units see H_A = 450 too (A and B). C reaches B: H_C = 50, all 10 units to B from 1.95 h.
    // A: share per hour (2 + 3) × 2/3 × (1/450) from 0 and 1.3 h:
    //   by 72 h: 2·(2/3)/450·72 + 3·(2/3)/450·70.7 = 0.21333 + 0.31422 = 0.52756 → 47.24 left
    const out = outcome(r, [[100, 400], [50, 50], [0, 0]]);
    const fromA = ((2 * 2) / 3 / 450) * 72 + ((3 * 2) / 3 / 450) * (72 - 1.3);
    expect(out.unmet).toBeCloseTo(100 * (1 - fromA), 9);
  });
});

/**
 * The evaluator's shortcuts (work scattered over the complement of a neighbourhood, the day-1
 * certificate, the one-pass sums) against a plain reference: travel times from the coordinates,
 * every township's arrivals simulated one by one, survival integrated day by day.
 */
describe('rescue evaluator against a plain reference on Weihai', () => {
  const region = loadRegion(join(ROOT, 'datasets', 'weihai'), regionAttributes());
  const n = region.n;

  function reference(imp: Float64Array, units: Float64Array, countyUnits: Float64Array, p: RescueParams): RescueOutcome {
    const duty = p.dutyHoursPerDay / 24;
    const D = p.deadlineHours;
    const W = Float64Array.from({ length: n }, (_, i) => imp[i * IMPACT_FIELDS + IMPACT.rescueTeamHours]);
    const tau = (i: number, j: number) => (i === j ? 0 : (DEFAULT_TRAVEL.roadFactor * distanceKm(region.lat[i], region.lon[i], region.lat[j], region.lon[j])) / DEFAULT_TRAVEL.truckSpeedKmh);
    const H = Float64Array.from({ length: n }, (_, j) => W.reduce((a, w, k) => a + (w > 0 && tau(j, k) <= p.aidTravelHours ? w : 0), 0));
    const HC = new Float64Array(region.counties.length);
    W.forEach((w, i) => (HC[region.countyIndex[i]] += w));
    const S = (t: number) => p.survivalByDay[Math.min(Math.floor(t / 24), p.survivalByDay.length - 1)];
    const out = { survivors: 0, unmet: 0 };
    for (let i = 0; i < n; i++) {
      const N = imp[i * IMPACT_FIELDS + IMPACT.trapped];
      if (!(W[i] > 0) || !(N > 0)) continue;
      // (arrival, share of the work per hour), in order of arrival
      const arrivals: [number, number][] = [];
      const K = countyUnits[region.countyIndex[i]];
      if (K > 0) arrivals.push([0, (K * duty) / HC[region.countyIndex[i]]]);
      for (let j = 0; j < n; j++) if (units[j] > 0 && tau(i, j) <= p.aidTravelHours) arrivals.push([tau(i, j), (units[j] * duty) / H[j]]);
      arrivals.sort((a, b) => a[0] - b[0]);
      // step through the arrivals and the day boundaries: rate constant in between
      const cuts = [...new Set([...arrivals.map((a) => a[0]), ...Array.from({ length: Math.ceil(D / 24) + 1 }, (_, d) => 24 * d), D])].filter((t) => t <= D).sort((a, b) => a - b);
      let done = 0;
      for (let k = 0; k < cuts.length && done < 1; k++) {
        const t0 = cuts[k];
        const t1 = k + 1 < cuts.length ? cuts[k + 1] : D;
        if (t1 <= t0) continue;
        const r = arrivals.reduce((a, [t, f]) => a + (t <= t0 ? f : 0), 0);
        const dt = r > 0 ? Math.min(t1 - t0, (1 - done) / r) : 0;
        out.survivors += N * r * dt * S(t0);
        done += r * dt;
      }
      out.unmet += N * Math.max(0, 1 - done);
    }
    return out;
  }

  // deterministic pseudo-random events: a few to all townships with work, from a few people to thousands
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const cases: { name: string; p: RescueParams; scale: number }[] = [
    { name: 'small events (finished on day 1)', p: P, scale: 5 },
    { name: 'earthquake-size events (days 1–3, some unmet)', p: P, scale: 400 },
    { name: 'overwhelming events, 4-hour aid', p: { ...P, aidTravelHours: 4 }, scale: 5000 },
    { name: 'no aid', p: { ...P, aidTravelHours: 0 }, scale: 400 },
  ];
  for (const { name, p, scale } of cases) {
    it(name, () => {
      const ev = new RescueEvaluator(region, p);
      const out = { survivors: 0, unmet: 0 };
      for (let k = 0; k < 40; k++) {
        const share = [0.05, 0.3, 1][k % 3];
        const rows = Array.from({ length: n }, (): [number, number] => {
          if (rnd() > share) return [0, 0];
          const trapped = scale * rnd() * rnd();
          return [trapped, trapped * (rnd() < 0.5 ? 1 : 4)];
        });
        const imp = impacts(rows);
        const want = reference(imp, region.rescueUnits, region.countyRescueUnits, p);
        ev.outcome(imp, region.rescueUnits, region.countyRescueUnits, out);
        expect(out.unmet).toBeCloseTo(want.unmet, 6);
        expect(out.survivors).toBeCloseTo(want.survivors, 6);
      }
    });
  }
});
