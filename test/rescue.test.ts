import { describe, expect, it } from 'vitest';
import { RESCUE_PARAMS, rescueOutcome, type RescueParams } from '../src/demand/rescue.js';
import { IMPACT, IMPACT_FIELDS } from '../src/impact/types.js';
import type { Region } from '../src/region/types.js';

const P = Object.fromEntries(Object.entries(RESCUE_PARAMS).map(([k, v]) => [k, v.value])) as RescueParams;

function region(local: number[], county: number[], countyIndex: number[]): Region {
  return {
    n: local.length,
    rescueUnits: Float64Array.from(local),
    countyRescueUnits: Float64Array.from(county),
    countyIndex: Int32Array.from(countyIndex),
    counties: county.map((_, i) => `c${i}`),
  } as unknown as Region;
}

function units(r: Region): [Float64Array, Float64Array] {
  return [r.rescueUnits, r.countyRescueUnits];
}

function impacts(rows: [trapped: number, hours: number][]): Float64Array {
  const imp = new Float64Array(rows.length * IMPACT_FIELDS);
  rows.forEach(([t, h], i) => {
    imp[i * IMPACT_FIELDS + IMPACT.trapped] = t;
    imp[i * IMPACT_FIELDS + IMPACT.rescueTeamHours] = h;
  });
  return imp;
}

/** model.md §4.3 with survival 0.81 / 0.34 / (0.25, 0.16) / 0.07 on days 1–5, units working 16 h a day. */
describe('rescue outcome at 72 h', () => {
  it('too few teams: 2 units, 100 trapped in collapses (4 h each)', () => {
    // rate = 2 units × 16/24 × 1/4 h = 1/3 extraction an hour → 24 by 72 h, 76 left
    // survivors = (1/3)·(24·0.81 + 24·0.34 + 24·0.25) = 11.2
    const r = region([2], [0], [0]);
    const out = { survivors: 0, unmet: 0 };
    rescueOutcome(impacts([[100, 400]]), r, ...units(r), P, new Float64Array(1), out);
    expect(out.unmet).toBeCloseTo(76, 9);
    expect(out.survivors).toBeCloseTo(11.2, 9);
  });
  it('enough teams: 30 units, 100 trapped by flood (1 h each), all out in 5 h on day 1', () => {
    // rate = 30 × 2/3 × 1 = 20 an hour → done at 5 h; survivors = 100 × 0.81
    const out = { survivors: 0, unmet: 0 };
    rescueOutcome(impacts([[100, 100]]), region([30], [0], [0]), ...units(region([30], [0], [0])), P, new Float64Array(1), out);
    expect(out.unmet).toBe(0);
    expect(out.survivors).toBeCloseTo(81, 9);
  });
  it('county teams go where the work is', () => {
    // 10 county units split 5/5 by equal workloads; each township: rate = 5 × 2/3 × 50/200 = 0.8333/h, done at 60 h
    // survivors each = 0.8333 × (24·0.81 + 24·0.34 + 12·0.25) = 25.5
    const out = { survivors: 0, unmet: 0 };
    rescueOutcome(impacts([[50, 200], [50, 200], [0, 0]]), region([0, 0, 7], [10], [0, 0, 0]), ...units(region([0, 0, 7], [10], [0, 0, 0])), P, new Float64Array(1), out);
    expect(out.unmet).toBeCloseTo(0, 9);
    expect(out.survivors).toBeCloseTo(51, 9);
  });
  it('no teams at all: everyone still trapped', () => {
    const out = { survivors: 0, unmet: 0 };
    rescueOutcome(impacts([[40, 160]]), region([0], [0], [0]), ...units(region([0], [0], [0])), P, new Float64Array(1), out);
    expect(out.unmet).toBe(40);
    expect(out.survivors).toBe(0);
  });
});
