/**
 * The landslide impact function: displaced (shelter class II) = population ×
 * intensity × displacedPerIntensity, deaths = displaced × deathsPerDisplaced;
 * its own metric counts the townships with anyone displaced.
 */
import { clearTownship, IMPACT, IMPACT_FIELDS, type ImpactModel } from '../../../src/impact/types.js';
import type { IntensityField } from '../../../src/intensity/types.js';
import type { Region } from '../../../src/region/types.js';
import type { LandslideParams } from './params.js';

export class LandslideImpact implements ImpactModel {
  constructor(
    private readonly region: Region,
    private readonly p: LandslideParams,
    private readonly sitesSlot: number,
  ) {}

  write(field: IntensityField, out: Float64Array, metrics: Float64Array): void {
    let sites = 0;
    for (let i = 0; i < field.nSites; i++) {
      clearTownship(out, i);
      const displaced = this.region.population[i] * field.values[i] * this.p.displacedPerIntensity;
      if (displaced > 0) sites++;
      out[i * IMPACT_FIELDS + IMPACT.displacedII] = displaced;
      out[i * IMPACT_FIELDS + IMPACT.deaths] = displaced * this.p.deathsPerDisplaced;
    }
    metrics[this.sitesSlot] = sites;
  }
}
