/**
 * Landslide (test-only): Poisson(rate) rain events a year; each has a regional
 * rain index R ~ U(0, 1); intensity at a township = R × its susceptibility
 * (hazard.csv landslide_susceptibility, else defaultSusceptibility).
 */
import { resolveParams } from '../../../src/core/params.js';
import { openUniform, poisson, type RandomSource } from '../../../src/core/random.js';
import { fmt } from '../../../src/core/format.js';
import type { EventSink, HazardConfig, HazardKernel, HazardModule } from '../../../src/hazard/types.js';
import { IntensityField } from '../../../src/intensity/types.js';
import type { Region } from '../../../src/region/types.js';
import { LandslideImpact } from './impact.js';
import { LANDSLIDE_ATTRIBUTES, LANDSLIDE_PARAMS, SUSCEPTIBILITY, type LandslideParams } from './params.js';

/** Susceptibility per township: the dataset's where given, else the default. */
export function susceptibility(region: Region, p: LandslideParams): Float64Array {
  const given = region.attributes[SUSCEPTIBILITY];
  return Float64Array.from(given, (v) => (Number.isNaN(v) ? p.defaultSusceptibility : v));
}

class LandslideKernel implements HazardKernel {
  readonly type = 'landslide';
  private readonly field: IntensityField;
  private readonly s: Float64Array;
  private count: () => number = () => 0;
  private u: RandomSource = () => 0.5;

  constructor(
    region: Region,
    private readonly p: LandslideParams,
  ) {
    this.field = new IntensityField(region.n, 1);
    this.s = susceptibility(region, p);
  }

  beginBlock(source: RandomSource): void {
    this.count = poisson(source, this.p.rate);
    this.u = openUniform(source);
  }

  sampleTrial(emit: EventSink): void {
    const n = this.count();
    for (let e = 0; e < n; e++) {
      const r = this.u();
      for (let i = 0; i < this.s.length; i++) this.field.values[i] = r * this.s[i];
      emit(this.field);
    }
  }
}

export const landslideModule: HazardModule = {
  type: 'landslide',
  params: LANDSLIDE_PARAMS,
  attributes: LANDSLIDE_ATTRIBUTES,
  intensity: [{ name: 'landslideIndex', unit: 'index 0–1', description: 'rain index × susceptibility' }],
  metrics: [{ name: 'landslideTownships', unit: 'townships', description: 'townships with anyone displaced by the event', kind: 'quantity' }],
  report: (c) => ['## Landslides', '', `Townships reached by a landslide event, per year: mean ${fmt(c.annual.landslideTownships.mean, 2)}.`, ''],
  configure(raw, where): HazardConfig {
    const { values, used } = resolveParams(LANDSLIDE_PARAMS, raw.parameters, `${where}.parameters`);
    return { type: 'landslide', mode: raw.mode, params: values, used };
  },
  createKernel(region, config) {
    return new LandslideKernel(region, config.params as LandslideParams);
  },
  createImpact(region, config, metric) {
    return new LandslideImpact(region, config.params as LandslideParams, metric('landslideTownships'));
  },
};
