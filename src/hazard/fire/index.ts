/**
 * Forest fire (docs/model.md §2.4): Poisson fires a year, each in a township drawn
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
import { checkEventFields } from '../../core/validate.js';
import { FireImpact } from '../../impact/fire.js';
import { IntensityField } from '../../intensity/types.js';
import type { Region } from '../../region/types.js';
import type { EventSink, HazardConfig, HazardKernel, HazardModule } from '../types.js';
import { FIRE_ATTRIBUTES, FIRE_CLASS_BOUNDS_HA, FIRE_CLASSES, FIRE_EVENT_FIELDS, FIRE_PARAMS, FIRE_SEASON, FOREST_AREA, type FireParams } from './params.js';
import { fireReport } from './report.js';
import { FIRE_MSG } from './messages.js';

export { fireEvacuated } from '../../impact/fire.js';

/** Allocation weights: forest area where known, else village committees (flagged in the outputs). */
export function fireWeights(region: Region): { weights: Float64Array; proxy: boolean } {
  const forest = region.attributes[FOREST_AREA];
  const known = forest.some((v) => !Number.isNaN(v));
  const w = new Float64Array(region.n);
  for (let i = 0; i < region.n; i++) w[i] = known ? (Number.isNaN(forest[i]) ? 0 : forest[i]) : region.villageCommittees[i];
  return { weights: w, proxy: !known };
}

export const fireModule: HazardModule = {
  type: 'fire',
  params: FIRE_PARAMS,
  extraKeys: ['township'],
  attributes: FIRE_ATTRIBUTES,
  intensity: [{ name: 'burnedHa', unit: 'ha', description: 'burned forest area of the fire, at its township (0 elsewhere)' }],
  eventValues: ['township'],
  metrics: [
    { name: 'burnedHa', unit: 'ha', description: 'burned forest area', kind: 'quantity' },
    { name: 'fireTeamDays', unit: 'team-days', description: 'firefighting demand, days of a 30-person team', kind: 'quantity' },
  ],
  eventClasses: { metric: 'burnedHa', bounds: FIRE_CLASS_BOUNDS_HA, labels: FIRE_CLASSES, note: FIRE_SEASON, source: '森林防火条例 art. 40 (H)' },
  notModelled: () => {
    const reason = FIRE_MSG.notModelled;
    return { deaths: reason, injured: reason, trapped: reason, displaced: reason };
  },
  report: fireReport,
  configure(raw, where) {
    const { values, used } = resolveParams(FIRE_PARAMS, raw.parameters, `${where}.parameters`);
    const event = raw.event !== undefined ? checkEventFields(raw.event, FIRE_EVENT_FIELDS, `${where}.event`) : undefined;
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
  createImpact(region, config, metric) {
    return new FireImpact(region, config.params as FireParams, { burnedHa: metric('burnedHa'), fireTeamDays: metric('fireTeamDays') });
  },
};

export class FireKernel implements HazardKernel {
  readonly type = 'fire' as const;
  readonly proxyWeights: boolean;
  /** Burned area at the fire's township; event value 0: that township. */
  readonly field: IntensityField;
  private readonly p: FireParams;
  private readonly cumulative: Float64Array;
  private readonly fixedTownship: number;
  private readonly fixedArea: number | undefined;
  private readonly scenario: boolean;
  private count: () => number = () => 0;
  private u: RandomSource = () => 0.5;
  private area: RandomSource = () => 0;
  private last = -1;

  constructor(region: Region, config: HazardConfig) {
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
    this.field = new IntensityField(region.n, 1, 1);
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
      emit(this.write(township, this.fixedArea ?? a));
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

  /** One fire in one township: only that site's burned area is non-zero. */
  write(township: number, areaHa: number): IntensityField {
    if (this.last >= 0) this.field.values[this.last] = 0;
    this.last = township;
    this.field.values[township] = areaHa;
    this.field.event[0] = township;
    return this.field;
  }
}
