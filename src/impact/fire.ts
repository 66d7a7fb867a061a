/**
 * Forest-fire impacts (docs/model.md §2.4): a fire of evacuationAreaHa or more
 * evacuates a share of its township, rising linearly to evacuationShare at
 * evacuationFullAreaHa; every fire needs firefighting team-days in proportion
 * to its area. No deaths, injuries or displaced people are modelled.
 */
import type { IntensityField } from '../intensity/types.js';
import type { Region } from '../region/types.js';
import { clearTownship, IMPACT, IMPACT_FIELDS, type ImpactModel } from './types.js';

export interface FireImpactParams {
  evacuationAreaHa: number;
  evacuationShare: number;
  evacuationFullAreaHa: number;
  teamDaysPerHa: number;
}

export function fireEvacuated(population: number, areaHa: number, p: FireImpactParams): number {
  if (areaHa < p.evacuationAreaHa) return 0;
  return p.evacuationShare * population * Math.min(1, areaHa / p.evacuationFullAreaHa);
}

/**
 * One fire: burned area (measure `areaMeasure`, ha) at the township named by the event
 * value `siteValue`; only that township's row is written (the previous fire's row is cleared).
 */
export class FireImpact implements ImpactModel {
  private last = -1;

  constructor(
    private readonly region: Region,
    private readonly p: FireImpactParams,
    private readonly slots: { burnedHa: number; fireTeamDays: number },
    private readonly areaMeasure = 0,
    private readonly siteValue = 0,
  ) {}

  write(field: IntensityField, out: Float64Array, metrics: Float64Array): void {
    if (this.last >= 0) clearTownship(out, this.last);
    const township = field.event[this.siteValue];
    const areaHa = field.values[this.areaMeasure * field.nSites + township];
    this.last = township;
    const o = township * IMPACT_FIELDS;
    out[o + IMPACT.evacuated] = fireEvacuated(this.region.population[township], areaHa, this.p);
    metrics[this.slots.burnedHa] = areaHa;
    metrics[this.slots.fireTeamDays] = areaHa * this.p.teamDaysPerHa;
  }
}
