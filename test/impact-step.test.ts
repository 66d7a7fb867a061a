/**
 * The pieces the issue-8 split introduced, against hand-computed numbers: the
 * typhoon → flood chain's combination rule (model.md §2.1: one event, per
 * township the larger of wind and flood, people counted once; displaced people
 * keep the classes of the hazard that displaced more), the intensity field's
 * measure-major layout, and the metric layout built from names.
 */
import { describe, expect, it } from 'vitest';
import { metricLayout, metricNames, observerBlock, PEOPLE_METRICS, RESCUE_METRICS, slot } from '../src/engine/layout.js';
import { combineChainedFlood } from '../src/impact/typhoon.js';
import { IMPACT, IMPACT_FIELDS, newImpactBuffer } from '../src/impact/types.js';
import { IntensityField } from '../src/intensity/types.js';
import type { Item } from '../src/demand/catalogue.js';

describe('typhoon → flood chain: per-township maximum', () => {
  const row = (buf: Float64Array, i: number, v: Partial<Record<keyof typeof IMPACT, number>>) => {
    for (const [k, x] of Object.entries(v)) buf[i * IMPACT_FIELDS + IMPACT[k as keyof typeof IMPACT]] = x;
  };
  const at = (buf: Float64Array, i: number, k: keyof typeof IMPACT) => buf[i * IMPACT_FIELDS + IMPACT[k]];
  const wind = newImpactBuffer(3);
  const flood = newImpactBuffer(3);
  // township 0: the flood displaces more (30 + 40 = 70 > 50): its classes; the wind evacuates more (100 > 80)
  row(wind, 0, { evacuated: 100, displacedIII: 50 });
  row(flood, 0, { evacuated: 80, displacedI: 30, displacedII: 40, deaths: 2, trapped: 5, rescueTeamHours: 5 });
  // township 1: the wind displaces more (90 > 60): its class III stays, nothing of the flood's class II
  row(wind, 1, { evacuated: 10, displacedIII: 90 });
  row(flood, 1, { evacuated: 40, displacedII: 60, deaths: 1 });
  // township 2: no flood
  row(wind, 2, { evacuated: 7, displacedIII: 3 });
  combineChainedFlood(wind, flood, 3);

  it('takes the flood’s shelter classes where it displaced more, and the larger of each other field', () => {
    expect([at(wind, 0, 'displacedI'), at(wind, 0, 'displacedII'), at(wind, 0, 'displacedIII')]).toEqual([30, 40, 0]);
    expect(at(wind, 0, 'evacuated')).toBe(100);
    expect([at(wind, 0, 'deaths'), at(wind, 0, 'trapped'), at(wind, 0, 'rescueTeamHours'), at(wind, 0, 'injured')]).toEqual([2, 5, 5, 0]);
  });
  it('keeps the wind’s classes where the wind displaced more; counts nobody twice', () => {
    expect([at(wind, 1, 'displacedI'), at(wind, 1, 'displacedII'), at(wind, 1, 'displacedIII')]).toEqual([0, 0, 90]);
    expect(at(wind, 1, 'evacuated')).toBe(40);
    expect(at(wind, 1, 'deaths')).toBe(1);
    expect(Array.from(wind.subarray(2 * IMPACT_FIELDS, 3 * IMPACT_FIELDS))).toEqual([7, 0, 0, 3, 0, 0, 0, 0]);
  });
});

describe('intensity field', () => {
  it('is measure-major: measure m at site i is values[m·n + i], and measure(m) is a view', () => {
    const f = new IntensityField(4, 2, 1);
    f.measure(1)[2] = 5;
    expect(f.values[1 * 4 + 2]).toBe(5);
    f.values[3] = 7;
    expect(f.measure(0)[3]).toBe(7);
    expect(f.event.length).toBe(1);
  });
});

describe('metric layout by name', () => {
  const items = [{ id: 'a' }, { id: 'b' }] as Item[];
  it('lists the people metrics first, then the hazards’ quantities, the rescue metrics, the cross-checks and breakdowns (registry order)', () => {
    expect(metricNames()).toEqual([
      ...PEOPLE_METRICS,
      'housesDestroyed',
      'collapsedOccupants',
      'burnedHa',
      'fireTeamDays',
      ...RESCUE_METRICS,
      'deathsSemiEmpirical',
      ...['A', 'UFB1', 'UFB', 'RS', 'UCB', 'C3', 'C1', 'C2', 'S5', 'W'].map((t) => `deathsIn${t}`),
    ]);
  });
  it('places every block after the previous one; observers last, with their histogram flags', () => {
    const l = metricLayout(items, 2, 3, [{ name: 'obs', width: 4, histogram: Uint8Array.from([1, 0, 1, 0]) }]);
    const M = 24; // metrics
    expect([l.annual, l.peak, l.demandTotal, l.demandPhase1, l.shelterClass]).toEqual([0, M, 2 * M, 2 * M + 2, 2 * M + 4]);
    // fire classes: 4; events: 2 hazards; people by hazard: 2 × 6, annual and peak
    expect(l.classes.map((c) => [c.hazard, c.base, c.labels.length])).toEqual([['fire', 2 * M + 7, 4]]);
    expect([l.events, l.byHazardAnnual, l.byHazardPeak]).toEqual([2 * M + 11, 2 * M + 13, 2 * M + 25]);
    expect(observerBlock(l, 'obs')).toEqual({ name: 'obs', base: 2 * M + 37, width: 4 });
    expect(l.nRegion).toBe(2 * M + 41);
    // the observer's last histogrammed slot is its third: histograms stop there
    expect(l.nHistogrammed).toBe(2 * M + 40);
    expect(Array.from(l.histogram.subarray(2 * M + 36))).toEqual([1, 1, 0, 1, 0]);
    expect(l.nTownship).toBe(18);
    expect(slot(l, 'peak', 'sheltered')).toBe(M + 2);
    expect(() => slot(l, 'annual', 'nonsense')).toThrow(/no metric "nonsense"/);
  });
});
