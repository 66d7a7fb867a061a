/**
 * Forest fire (model.md §2.4): Poisson fires a year, each in a township drawn
 * in proportion to its forest area, with a lognormal burned area. A fire of
 * 100 ha or more evacuates part of the township; every fire needs
 * firefighting team-days in proportion to its area.
 *
 * Where the dataset has no forest area, townships are weighted by their
 * village committees (村委会), a proxy for rural land, and the run says so.
 */
import { InputError } from '../../core/errors.js';
import { resolveParams } from '../../core/params.js';
import { logNormal, openUniform, poisson, type RandomSource } from '../../core/random.js';
import { clearTownship, IMPACT, IMPACT_FIELDS, newImpactBuffer } from '../../impact/types.js';
import type { Region } from '../../region/types.js';
import type { EventSink, HazardConfig, HazardKernel, HazardModule } from '../types.js';
import { FIRE_EVENT_FIELDS, FIRE_PARAMS, type FireParams } from './params.js';

/** Allocation weights: forest area where known, else village committees (flagged in the outputs). */
export function fireWeights(region: Region): { weights: Float64Array; proxy: boolean } {
  const known = region.forestAreaHa.some((v) => !Number.isNaN(v));
  const w = new Float64Array(region.n);
  for (let i = 0; i < region.n; i++) w[i] = known ? (Number.isNaN(region.forestAreaHa[i]) ? 0 : region.forestAreaHa[i]) : region.villageCommittees[i];
  return { weights: w, proxy: !known };
}

export function fireEvacuated(population: number, areaHa: number, p: FireParams): number {
  if (areaHa < p.evacuationAreaHa) return 0;
  return p.evacuationShare * population * Math.min(1, areaHa / p.evacuationFullAreaHa);
}

export const fireModule: HazardModule = {
  type: 'fire',
  extraKeys: ['township'],
  configure(raw, where) {
    const { values, used } = resolveParams(FIRE_PARAMS, raw.parameters, `${where}.parameters`);
    let event: Record<string, number> | undefined;
    if (raw.event !== undefined) {
      event = {};
      for (const [k, v] of Object.entries(raw.event)) {
        const spec = (FIRE_EVENT_FIELDS as Record<string, { min: number; max: number; expected: string }>)[k];
        if (!spec) throw new InputError(`${where}.event.${k}: unknown event field "${k}"; expected one of: ${Object.keys(FIRE_EVENT_FIELDS).join(', ')}`);
        if (typeof v !== 'number' || !Number.isFinite(v) || v <= spec.min || v > spec.max) throw new InputError(`${where}.event.${k}: expected ${spec.expected}, found ${JSON.stringify(v)}`);
        event[k] = v;
      }
    }
    const settings: Record<string, unknown> = {};
    if (raw.township !== undefined) {
      if (typeof raw.township !== 'string' && typeof raw.township !== 'number') throw new InputError(`${where}.township: expected a township code, found ${JSON.stringify(raw.township)}`);
      settings.township = String(raw.township);
    }
    return { type: 'fire', mode: raw.mode, params: values, event, used, settings };
  },
  createKernel(region, config) {
    return new FireKernel(region, config);
  },
};

export class FireKernel implements HazardKernel {
  readonly type = 'fire' as const;
  readonly proxyWeights: boolean;
  private readonly p: FireParams;
  private readonly cumulative: Float64Array;
  private readonly impacts: Float64Array;
  private readonly fixedTownship: number;
  private readonly fixedArea: number | undefined;
  private readonly scenario: boolean;
  private count: () => number = () => 0;
  private u: RandomSource = () => 0.5;
  private area: RandomSource = () => 0;
  private last = -1;

  constructor(
    private readonly region: Region,
    config: HazardConfig,
  ) {
    this.p = config.params as FireParams;
    this.scenario = config.mode === 'scenario';
    const { weights, proxy } = fireWeights(region);
    this.proxyWeights = proxy;
    const total = weights.reduce((a, b) => a + b, 0);
    if (!(total > 0)) throw new InputError(`${region.dir}: fire: expected forest area (hazard.csv forest_area_ha) or village committees in some township, found none`);
    this.cumulative = new Float64Array(region.n);
    let acc = 0;
    for (let i = 0; i < region.n; i++) this.cumulative[i] = acc += weights[i] / total;
    this.cumulative[region.n - 1] = 1;
    this.impacts = newImpactBuffer(region.n);
    this.fixedArea = config.event?.areaHa;
    const code = config.settings?.township as string | undefined;
    this.fixedTownship = code === undefined ? -1 : region.code.indexOf(code);
    if (code !== undefined && this.fixedTownship < 0) throw new InputError(`hazards (fire).township: expected a township code of ${region.name}, found ${JSON.stringify(code)}`);
  }

  beginBlock(source: RandomSource): void {
    this.count = this.scenario ? () => 1 : poisson(source, this.p.rate);
    this.u = openUniform(source);
    this.area = logNormal(source, this.p.areaMedianHa, this.p.areaSigmaLn);
  }

  sampleTrial(emit: EventSink): void {
    const n = this.count();
    for (let e = 0; e < n; e++) {
      const u = this.u();
      const a = this.area();
      const township = this.fixedTownship >= 0 ? this.fixedTownship : this.pick(u);
      this.write(township, this.fixedArea ?? a);
      emit(this.impacts);
    }
  }

  private pick(u: number): number {
    // binary search in the cumulative weights
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (u < this.cumulative[mid]) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** One fire in one township; only that township's row is non-zero. */
  write(township: number, areaHa: number): Float64Array {
    if (this.last >= 0) clearTownship(this.impacts, this.last);
    this.last = township;
    const o = township * IMPACT_FIELDS;
    this.impacts[o + IMPACT.evacuated] = fireEvacuated(this.region.population[township], areaHa, this.p);
    this.impacts[o + IMPACT.burnedHa] = areaHa;
    this.impacts[o + IMPACT.fireTeamDays] = areaHa * this.p.teamDaysPerHa;
    return this.impacts;
  }
}
