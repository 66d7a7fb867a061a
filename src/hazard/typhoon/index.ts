/**
 * Typhoon hazard (docs/model.md §2.1): Poisson storm counts, Chinese intensity
 * class, straight track, modified Rankine wind field with inland decay,
 * Emanuel damage. Annual mode samples every event; scenario mode takes the
 * given event fields and samples only those left out, so a fully specified
 * event gives the same impacts in every trial. Annual mode may fix event
 * fields too: every storm of the season then shares them.
 */
import { typhoonReport } from './report.js';
import { TYPHOON_MSG } from './messages.js';
import { InputError } from '../../core/errors.js';
import { resolveParams, type UsedParam } from '../../core/params.js';
import { normalQuantile } from '../../core/normal.js';
import { checkEventFields, isMapping } from '../../core/validate.js';
import { checkFloodParams, FloodField, FLOOD_DEPTH_MEASURE, FLOOD_PARAMS, type FloodParams } from '../flood/index.js';
import { FLOOD_ATTRIBUTES } from '../flood/params.js';
import { categorical, normal, openUniform, poisson, uniform, logNormal, type RandomSource } from '../../core/random.js';
import { TyphoonImpact } from '../../impact/typhoon.js';
import { cutoffDistanceKm, decayedWind, distanceToTrack, inlandDecay, rankinePeakWind, trackOffset } from '../../intensity/typhoon-wind.js';
import { IntensityField } from '../../intensity/types.js';
import { toLocalKm, type Region } from '../../region/types.js';
import type { EventSink, HazardConfig, HazardKernel, HazardModule } from '../types.js';
import { TYPHOON_EVENT_FIELDS, TYPHOON_PARAMS, type TyphoonParams } from './params.js';

const DEG = Math.PI / 180;
/** Field layout: wind (measure 0), the chained flood's depth (measure 1), whether the rain flooded any township (event value 0). */
const WIND = 0;
const FLOOD_DEPTH = 1;
const RAIN_FLOODED = 0;

/** One storm: what the wind field needs. Reused across events. */
export interface TyphoonEvent {
  vmax: number;
  rmaxKm: number;
  headingDeg: number;
  /** Signed offset of the track from the region reference point (km). */
  offsetKm: number;
  /** The uniform that drew vmax within the class distribution (for the rainfall chain). */
  uWind: number;
}

/** Sample Vmax from the class distribution with one uniform: class by cumulative probability, then uniform inside the class. */
export function windFromUniform(u: number, cumulative: Float64Array, lower: readonly number[], superMax: number): number {
  const k = categorical(cumulative, u);
  const pPrev = k === 0 ? 0 : cumulative[k - 1];
  const pk = cumulative[k] - pPrev;
  const w = pk > 0 ? (u - pPrev) / pk : 0.5;
  const lo = lower[k];
  const hi = k + 1 < lower.length ? lower[k + 1] : superMax;
  return lo + w * (hi - lo);
}

export function checkTyphoonParams(p: TyphoonParams, where: string): void {
  const s = p.classProbabilities.reduce((a, b) => a + b, 0);
  if (Math.abs(s - 1) > 1e-6) throw new InputError(`${where}.classProbabilities: expected probabilities that sum to 1, found a sum of ${s}`);
  for (let i = 1; i < p.classLowerBoundsMs.length; i++) {
    if (!(p.classLowerBoundsMs[i] > p.classLowerBoundsMs[i - 1])) {
      throw new InputError(`${where}.classLowerBoundsMs: expected increasing bounds, found ${JSON.stringify(p.classLowerBoundsMs)}`);
    }
  }
  if (!(p.superTyphoonMaxMs > p.classLowerBoundsMs[4])) throw new InputError(`${where}.superTyphoonMaxMs: expected more than the SuperTY lower bound ${p.classLowerBoundsMs[4]}, found ${p.superTyphoonMaxMs}`);
  if (!(p.evacuationFullMs > p.evacuationStartMs)) throw new InputError(`${where}.evacuationFullMs: expected more than evacuationStartMs (${p.evacuationStartMs}), found ${p.evacuationFullMs}`);
  if (!(p.vHalfMs > p.vThreshMs)) throw new InputError(`${where}.vHalfMs: expected more than vThreshMs (${p.vThreshMs}), found ${p.vHalfMs}`);
}

/** `chain: { flood: { parameters: {…} } }`: the storm's rain brings a flood (docs/model.md §2.1, last item). */
function configureChain(raw: unknown, where: string): { flood: FloodParams; used: Record<string, UsedParam> } | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isMapping(raw)) throw new InputError(`${where}.chain: expected a mapping such as { flood: {} }, found ${JSON.stringify(raw)}`);
  const entries = Object.entries(raw as Record<string, unknown>);
  for (const [k] of entries) if (k !== 'flood') throw new InputError(`${where}.chain.${k}: unknown chained hazard "${k}"; expected: flood`);
  const f = (raw as Record<string, unknown>).flood;
  if (f === undefined) return undefined;
  if (f !== null && !isMapping(f)) throw new InputError(`${where}.chain.flood: expected a mapping (optionally with parameters), found ${JSON.stringify(f)}`);
  const fo = (f ?? {}) as Record<string, unknown>;
  for (const k of Object.keys(fo)) if (k !== 'parameters') throw new InputError(`${where}.chain.flood.${k}: unknown field "${k}"; expected: parameters`);
  if (fo.parameters !== undefined && fo.parameters !== null && !isMapping(fo.parameters)) {
    throw new InputError(`${where}.chain.flood.parameters: expected a mapping of flood parameter names to values, found ${JSON.stringify(fo.parameters)}`);
  }
  const { values, used } = resolveParams(FLOOD_PARAMS, (fo.parameters ?? undefined) as Record<string, unknown> | undefined, `${where}.chain.flood.parameters`);
  checkFloodParams(values as FloodParams, `${where}.chain.flood.parameters`);
  return { flood: values as FloodParams, used };
}

export const typhoonModule: HazardModule = {
  type: 'typhoon',
  params: TYPHOON_PARAMS,
  extraKeys: ['chain'],
  // the rain-flood chain reads the flood's attributes
  attributes: FLOOD_ATTRIBUTES,
  intensity: [{ name: 'windMs', unit: 'm/s', description: 'peak sustained wind at the township as the storm passes (0 below the cut-off)' }, FLOOD_DEPTH_MEASURE],
  eventValues: ['rainFlooded'],
  report: typhoonReport,
  metrics: [
    {
      name: 'housesDestroyed',
      unit: 'houses (households)',
      description: 'houses destroyed or damaged beyond use by wind (collapsed and severely damaged together): people displaced by wind ÷ persons per household',
      kind: 'quantity',
    },
  ],
  notModelled: (config) => ({
    injured: TYPHOON_MSG.notInjured,
    // With the rain-flood chain, deaths and trapped people come from the flood; wind itself still gives none.
    ...(config.settings?.chainFlood
      ? {}
      : {
          deaths: TYPHOON_MSG.notDeaths,
          trapped: TYPHOON_MSG.notTrapped,
        }),
  }),
  configure(raw, where) {
    const { values, used } = resolveParams(TYPHOON_PARAMS, raw.parameters, `${where}.parameters`);
    checkTyphoonParams(values as TyphoonParams, `${where}.parameters`);
    const chain = configureChain(raw.chain, where);
    if (chain) for (const [k, u] of Object.entries(chain.used)) used[`chain.flood.${k}`] = u;
    let event: Record<string, number> | undefined;
    // Annual mode may fix parts of every event too (e.g. "a season of storms like this one").
    if (raw.mode === 'scenario' || raw.event !== undefined) {
      event = checkEventFields(raw.event ?? {}, TYPHOON_EVENT_FIELDS, `${where}.event`);
      if ((event.lat === undefined) !== (event.lon === undefined)) {
        throw new InputError(`${where}.event: expected both lat and lon of a point on the track (or neither), found only ${event.lat === undefined ? 'lon' : 'lat'}`);
      }
    }
    return { type: 'typhoon', mode: raw.mode, params: values, event, used, settings: chain ? { chainFlood: chain.flood } : undefined };
  },
  createKernel(region, config) {
    return new TyphoonKernel(region, config);
  },
  createImpact(region, config, metric) {
    const chainFlood = config.settings?.chainFlood as FloodParams | undefined;
    return new TyphoonImpact(region, config.params as TyphoonParams, chainFlood ? { params: chainFlood, floodMeasure: FLOOD_DEPTH, floodEventValue: RAIN_FLOODED } : undefined, WIND, metric('housesDestroyed'));
  },
};

export class TyphoonKernel implements HazardKernel {
  readonly type = 'typhoon' as const;
  private readonly p: TyphoonParams;
  /** Wind and the chained flood's depth at each township, and whether the rain flooded. */
  readonly field: IntensityField;
  private readonly wind: Float64Array;
  private readonly cumulative: Float64Array;
  private readonly decayVb: Float64Array;
  private readonly decayFactor: Float64Array;
  /** Inland decay never raises the wind anywhere (every factor in [0, 1], every Vb of a sane size): cutoffDistanceKm applies. */
  private readonly decayOnlyLowers: boolean;
  private readonly scenario: boolean;
  private readonly given: Record<string, number>;
  private readonly givenOffsetKm: number | undefined;
  private readonly givenXKm: number = 0;
  private readonly givenYKm: number = 0;
  readonly event: TyphoonEvent = { vmax: 0, rmaxKm: 0, headingDeg: 0, offsetKm: 0, uWind: 0 };
  private count: () => number = () => 0;
  private u: RandomSource = () => 0.5;
  private heading: RandomSource = () => 0;
  private rmax: RandomSource = () => 0;
  private offset: RandomSource = () => 0;
  /** The rain-flood chain, when the scenario asks for it. */
  private readonly flood: FloodField | undefined;
  private rainEps: RandomSource = () => 0;

  constructor(
    private readonly region: Region,
    config: HazardConfig,
  ) {
    this.p = config.params as TyphoonParams;
    this.field = new IntensityField(region.n, 2, 1);
    this.wind = this.field.measure(WIND);
    const cum = new Float64Array(5);
    let acc = 0;
    this.p.classProbabilities.forEach((q, i) => (cum[i] = acc += q));
    cum[4] = 1;
    this.cumulative = cum;
    this.decayVb = new Float64Array(region.n);
    this.decayFactor = new Float64Array(region.n);
    const decay = {
      alphaSouthPerH: this.p.decayAlphaSouthPerH,
      vbSouthMs: this.p.decayVbSouthMs,
      alphaNorthPerH: this.p.decayAlphaNorthPerH,
      vbNorthMs: this.p.decayVbNorthMs,
      latSouth: 36,
      latNorth: 40,
      translationKmh: this.p.translationSpeedKmh,
    };
    for (let i = 0; i < region.n; i++) {
      const d = inlandDecay(region.lat[i], region.coastDistKm[i], decay);
      this.decayVb[i] = d.vb;
      this.decayFactor[i] = d.factor;
    }
    let lowers = true;
    for (let i = 0; i < region.n; i++) if (!(this.decayFactor[i] >= 0 && this.decayFactor[i] <= 1 && Math.abs(this.decayVb[i]) < 1e6)) lowers = false;
    this.decayOnlyLowers = lowers;
    const chainFlood = config.settings?.chainFlood as FloodParams | undefined;
    if (chainFlood) this.flood = new FloodField(region, chainFlood, this.field.measure(FLOOD_DEPTH));
    this.scenario = config.mode === 'scenario';
    this.given = config.event ?? {};
    this.givenOffsetKm = undefined;
    if (this.given.lat !== undefined && this.given.lon !== undefined) {
      [this.givenXKm, this.givenYKm] = toLocalKm(this.given.lat, this.given.lon, region.refLat, region.refLon);
      if (this.given.headingDeg !== undefined) {
        this.givenOffsetKm = trackOffset(this.givenXKm, this.givenYKm, Math.cos(this.given.headingDeg * DEG), Math.sin(this.given.headingDeg * DEG));
      }
    }
  }

  beginBlock(source: RandomSource, substream: (name: string) => RandomSource): void {
    const p = this.p;
    if (this.flood) {
      const rain = substream('rain-flood');
      this.rainEps = normal(rain);
      this.flood.beginBlock(rain);
    }
    this.count = this.scenario ? () => 1 : poisson(source, p.rate);
    this.u = openUniform(source);
    this.heading = normal(source, p.headingMeanDeg, p.headingSdDeg);
    this.rmax = logNormal(source, p.rmaxMedianKm, p.rmaxSigmaLn);
    this.offset = uniform(source, -p.offsetHalfWidthKm, p.offsetHalfWidthKm);
  }

  sampleTrial(emit: EventSink): void {
    const n = this.count();
    for (let e = 0; e < n; e++) {
      this.sampleEvent();
      this.writeWind(this.event);
      if (this.flood) this.writeRainFlood(this.event.uWind);
      emit(this.field);
    }
  }

  /** Draw the event's parts in a fixed order (so a given field does not shift the others' draws). */
  private sampleEvent(): void {
    const ev = this.event;
    const g = this.given;
    const p = this.p;
    const uW = this.u();
    const heading = this.heading();
    const rmax = this.rmax();
    const offset = this.offset();
    ev.uWind = uW;
    ev.vmax = g.vmax ?? windFromUniform(uW, this.cumulative, p.classLowerBoundsMs, p.superTyphoonMaxMs);
    ev.headingDeg = g.headingDeg ?? heading;
    ev.rmaxKm = g.rmaxKm ?? rmax;
    if (this.givenOffsetKm !== undefined) ev.offsetKm = this.givenOffsetKm;
    else if (g.lat !== undefined && g.lon !== undefined) {
      // a point on the track is given but the heading is sampled: the offset follows from both
      ev.offsetKm = trackOffset(this.givenXKm, this.givenYKm, Math.cos(ev.headingDeg * DEG), Math.sin(ev.headingDeg * DEG));
    } else ev.offsetKm = offset;
  }

  /**
   * The storm's rain flood (docs/model.md §2.1 chain): regional score Z = ρ·Φ⁻¹(u_w) + √(1−ρ²)·ε, then
   * township depths as in §2.2 (the impact model takes the larger of wind and flood, township by township).
   */
  private writeRainFlood(uWind: number): void {
    const rho = this.p.rainfallCorrelation;
    const z = rho * normalQuantile(uWind) + Math.sqrt(1 - rho * rho) * this.rainEps();
    this.field.event[RAIN_FLOODED] = this.flood!.writeFromRegionalZ(z) ? 1 : 0;
  }

  /** Peak wind at each township (0 below the cut-off) of an event into the reusable field. */
  writeWind(ev: TyphoonEvent): IntensityField {
    const r = this.region;
    const p = this.p;
    const cosH = Math.cos(ev.headingDeg * DEG);
    const sinH = Math.sin(ev.headingDeg * DEG);
    // most townships of most storms are beyond it (zero wind): no vortex to evaluate there
    const far = this.decayOnlyLowers ? cutoffDistanceKm(ev.vmax, ev.rmaxKm, p.vortexExponent, p.windCutoffMs) : Infinity;
    for (let i = 0; i < r.n; i++) {
      const dist = distanceToTrack(r.xKm[i], r.yKm[i], cosH, sinH, ev.offsetKm);
      if (dist > far) {
        this.wind[i] = 0;
        continue;
      }
      const v = decayedWind(rankinePeakWind(ev.vmax, ev.rmaxKm, dist, p.vortexExponent), this.decayVb[i], this.decayFactor[i]);
      this.wind[i] = v < p.windCutoffMs ? 0 : v;
    }
    return this.field;
  }
}
