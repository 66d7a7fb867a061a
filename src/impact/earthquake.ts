/**
 * Earthquake impacts at each township from its intensity (docs/model.md §2.3, §4.3):
 * deaths by PAGER's empirical model for China (the death rate by whole
 * intensity, as PAGER applies it; pager-china.ts) × empiricalScale, its
 * calibration on the bundled historical Chinese earthquakes (`sim backtest`,
 * leave-one-out; docs/backtest.md), where it is the better-supported of PAGER's
 * two models. injured = 6.5 × deaths. PAGER's semi-empirical
 * model (collapse by building type and time of day, with the region's
 * building-mix.csv) gives the occupants of collapsed buildings, from which
 * trapped = 0.22 × (collapsedOccupants − its deaths) and rescueTeamHours = 4 h ×
 * trapped; its deaths are reported beside the headline, by building type.
 * displaced = population × ITB share(I) by shelter class (< 7.5 III, 7.5–8.5
 * II, ≥ 8.5 I), evacuated 0 (no warning: people leave after, as displaced).
 */
import type { IntensityField } from '../intensity/types.js';
import type { Region } from '../region/types.js';
import { N_TYPES, pagerEmpiricalBinnedRate, pagerRateTable, periodIndex, type PagerRateTable } from './pager-china.js';
import { IMPACT, IMPACT_FIELDS, type ImpactModel } from './types.js';

export interface EarthquakeImpactParams {
  injuredPerDeath: number;
  trappedShareOfSurvivors: number;
  rescueTeamHoursPerTrapped: number;
  displacedIntensities: number[];
  displacedShares: number[];
  shelterClassIIFromIntensity: number;
  shelterClassIFromIntensity: number;
  empiricalTheta: number;
  empiricalBeta: number;
  empiricalScale: number;
}

/** Displaced share at intensity I: piecewise linear through the points, 0 below the first, the last share above the last. */
export function displacedShare(mmi: number, intensities: readonly number[], shares: readonly number[]): number {
  const n = intensities.length;
  if (!(mmi > intensities[0])) return mmi === intensities[0] ? shares[0] : 0;
  if (mmi >= intensities[n - 1]) return shares[n - 1];
  for (let k = 1; k < n; k++) {
    if (mmi < intensities[k]) {
      const w = (mmi - intensities[k - 1]) / (intensities[k] - intensities[k - 1]);
      return shares[k - 1] + w * (shares[k] - shares[k - 1]);
    }
  }
  return shares[n - 1];
}

/** Slots of the earthquake's own metrics in the event metric vector. */
export interface EarthquakeMetricSlots {
  collapsedOccupants: number;
  /** Deaths by the semi-empirical model (the headline deaths are the empirical model's). */
  deathsSemiEmpirical: number;
  /** Slot of the deaths in each PAGER type, in PAGER_TYPES order. */
  deathsByType: readonly number[];
}

export class EarthquakeImpact implements ImpactModel {
  readonly rates: PagerRateTable;
  /** PAGER empirical death rate by whole intensity 0–9 (the headline deaths), tabulated once. */
  private readonly empiricalByBin = new Float64Array(10);
  private readonly byType = new Float64Array(N_TYPES);

  constructor(
    private readonly region: Region,
    private readonly p: EarthquakeImpactParams,
    private readonly slots: EarthquakeMetricSlots,
    /** Field layout: the intensity measure, and the event value holding the local hour. */
    private readonly mmiMeasure = 0,
    private readonly hourValue = 0,
  ) {
    this.rates = pagerRateTable(region.buildingMix);
    for (let n = 5; n <= 9; n++) this.empiricalByBin[n] = p.empiricalScale * pagerEmpiricalBinnedRate(n, p.empiricalTheta, p.empiricalBeta);
  }

  write(field: IntensityField, out: Float64Array, metrics: Float64Array): void {
    const r = this.region;
    const p = this.p;
    const n = field.nSites;
    const mmiAt = field.values;
    const m0 = this.mmiMeasure * n;
    const period = periodIndex(field.event[this.hourValue]);
    const rates = this.rates;
    let collapsedSum = 0;
    let semiSum = 0;
    const byType = this.byType;
    const perType = rates.deathsByType;
    byType.fill(0);
    out.fill(0, 0, n * IMPACT_FIELDS);
    for (let i = 0; i < n; i++) {
      const mmi = mmiAt[m0 + i];
      const o = i * IMPACT_FIELDS;
      const pop = r.population[i];
      const j = rates.lookup(mmi, r.urban[i] === 1, period);
      if (j >= 0) {
        const collapsed = pop * rates.collapse[j];
        const semiDeaths = pop * rates.deaths[j];
        const trapped = p.trappedShareOfSurvivors * (collapsed - semiDeaths);
        if (collapsed !== 0) {
          collapsedSum += collapsed;
          semiSum += semiDeaths;
          for (let t = 0, b = j * N_TYPES; t < N_TYPES; t++) byType[t] += pop * perType[b + t];
        }
        out[o + IMPACT.trapped] = trapped;
        out[o + IMPACT.rescueTeamHours] = trapped * p.rescueTeamHoursPerTrapped;
      }
      // PAGER empirical rate by whole-intensity bin (4.5 ≤ I < 5.5 → 5, …, ≥ 8.5 → 9)
      if (mmi >= 4.5) {
        const deaths = pop * this.empiricalByBin[Math.min(9, Math.floor(mmi + 0.5))];
        out[o + IMPACT.deaths] = deaths;
        out[o + IMPACT.injured] = p.injuredPerDeath * deaths;
      }
      const displaced = pop * displacedShare(mmi, p.displacedIntensities, p.displacedShares);
      if (displaced > 0) {
        const cls = mmi >= p.shelterClassIFromIntensity ? IMPACT.displacedI : mmi >= p.shelterClassIIFromIntensity ? IMPACT.displacedII : IMPACT.displacedIII;
        out[o + cls] = displaced;
      }
    }
    metrics[this.slots.collapsedOccupants] = collapsedSum;
    metrics[this.slots.deathsSemiEmpirical] = semiSum;
    const slots = this.slots.deathsByType;
    for (let t = 0; t < N_TYPES; t++) metrics[slots[t]] = byType[t];
  }
}
