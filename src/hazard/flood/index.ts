/**
 * Flood hazard (docs/model.md §2.2): a season-maximum river/rain flood per year.
 *
 * Annual mode: regional Z ~ N(0,1); township Z_t = √ρ·Z + √(1−ρ)·ε_t (ρ 0.7,
 * assumption); township return period T_t = 1/(1 − Φ(Z_t)), computed as
 * 1/Φ(−Z_t) so that large Z_t keep their precision; then the flood-plain
 * depth from the township's depth curve and the impacts. Each Z_t is N(0,1),
 * so P(T_t > 100) = 0.01 exactly in every township. The event is emitted only
 * when some township has depth > 0 (a season whose floods stay inside the
 * protection standards is no event).
 *
 * Scenario mode: one event per trial, given either as a return period for
 * every township (`event: { returnPeriod: T }`) or as per-township depths in
 * metres (`depths: { <township code>: <m>, … }`; townships not listed are dry,
 * and given depths are flood-plain depths, so the protection standard is not
 * applied to them). Nothing is sampled: every trial gives the same impacts.
 *
 * Depth at return period T (FloodField.depthAt):
 *   - zero at or below the protection standard Tp (dataset flood_protection_T,
 *     else protectionUrbanT for 街道 and protectionRuralT otherwise: GB 50201
 *     classes, docs/model.md §2.2);
 *   - dataset depth curve (T = 10, 20, 50, 100, 200): linear in ln T between
 *     the points, extrapolated linearly in ln T below 10 and above 200 with the
 *     end segments' slopes, never below 0. The curve is read as an undefended
 *     hazard-map curve (as global flood maps are): above Tp the township gets
 *     the curve's depth, so depth can jump from 0 to the curve at Tp (levee
 *     overtopped). A dataset whose curve already includes its defences should
 *     give flood_protection_T = 1 (no extra cut-off);
 *   - default curve (no dataset curve): depth(T) = d100·ln(T/Tp)/ln(100/Tp) for
 *     T > Tp (assumption, docs/model.md §2.2). The formula needs Tp < 100: where the
 *     dataset gives Tp ≥ 100 with no curve, the depth rises from 0 at Tp at the
 *     rate of the township's default-class curve, d100/ln(100/Tp_class) per unit
 *     of ln T (our extension; docs/model.md is silent).
 *
 * The kernel writes the flood-plain depth at each township (intensity); the
 * impacts of a depth are src/impact/flood.ts.
 */
import { InputError } from '../../core/errors.js';
import { normalCdf, normalQuantile } from '../../core/normal.js';
import { resolveParams, type UsedParam } from '../../core/params.js';
import { normal, openUniform, type RandomSource } from '../../core/random.js';
import { checkEventFields, isMapping } from '../../core/validate.js';
import { FloodImpact } from '../../impact/flood.js';
import { JRC_ASIA_RESIDENTIAL_DEPTH_M, JRC_ASIA_RESIDENTIAL_RATIO, JRC_ASIA_RESIDENTIAL_SOURCE } from '../../impact/jrc-flood.js';
import { IntensityField } from '../../intensity/types.js';
import type { Region } from '../../region/types.js';
import type { EventSink, HazardConfig, HazardEntry, HazardKernel, HazardModule } from '../types.js';
import { FLOOD_ATTRIBUTES, FLOOD_CURVE_T, FLOOD_DEPTH_CURVE, FLOOD_EVENT_FIELDS, FLOOD_PARAMS, FLOOD_PROTECTION_T, type FloodParams } from './params.js';
import { FLOOD_MSG } from './messages.js';

export { FLOOD_PARAMS, type FloodParams } from './params.js';

const NC = FLOOD_CURVE_T.length;
const LN_T = Float64Array.from(FLOOD_CURVE_T, (t) => Math.log(t));
/** The default curve is anchored at d100, the depth at this return period. */
const T_REF = 100;

/** The intensity measure of a flood: flood-plain depth at each township. */
export const FLOOD_DEPTH_MEASURE = { name: 'floodDepthM', unit: 'm', description: 'flood-plain depth at the township' } as const;

/** A township's return period from its standard normal z_t: 1 / (1 − Φ(z_t)), as Φ(−z_t) (no cancellation in the upper tail; |z_t| < 13 for doubles from the stream, so q > 0). */
function returnPeriodOf(zt: number): number {
  const q = normalCdf(-zt);
  return q > 0 ? 1 / q : Number.MAX_VALUE;
}

/** A township residual ε_t from its uniform, exactly as normal(source) draws it (mean 0, sd 1). */
function residualOf(u: number): number {
  return 0 + 1 * normalQuantile(u);
}

/**
 * Below this uniform every residual ε = Φ⁻¹(u) is under `t` − 9e-4 (as computed: Acklam's quantile is within
 * 1.2e-9 relative, erfc within 1.2e-7, which below z = 3 shifts the quantile by < 3e-5); 0 when there is no such
 * bound (NaN, −∞). Thresholds above 3 are lowered to 3, which only makes the bound safer.
 */
function uniformBelow(t: number): number {
  if (!(t > -Infinity)) return 0;
  const c = normalCdf((t < 3 ? t : 3) - 1e-3) * (1 - 1e-6);
  return c > 0 ? c : 0;
}

/** How far below Φ⁻¹(1 − 1/Tp) a z_t must be to be taken as dry without evaluating Φ: 1e-4 in z is ≥ 4e-4 relative in 1/T, far beyond the error of erfc or the quantile. */
const Z_DRY_MARGIN = 1e-4;

/**
 * The flood field of a region: township return periods and flood-plain depths.
 * Used by the flood hazard and by the typhoon → flood chain (docs/model.md §2.1).
 * Build once per kernel; beginBlock binds the stream of the township residuals;
 * the write methods fill `depths` (a column of the caller's intensity field) and allocate nothing.
 */
export class FloodField {
  readonly n: number;
  /** Each township's return period, filled from `zt` when asked for (writeFromRegionalZ leaves it stale). */
  private readonly rp: Float64Array;
  /** writeFromRegionalZ's township normals z_t: the return periods are computed from them only when read. */
  private readonly zt: Float64Array;
  /** writeFromRegionalZ's township uniforms and regional z: z_t is computed from them only when read (returnPeriods). */
  private readonly uT: Float64Array;
  private regionalZ = 0;
  private rpStale = false;
  /** The smallest zDry, and whether residuals are weighted enough (b) for the regional dry bound. */
  private readonly zDryMin: number;
  /**
   * Below this z_t a township's return period is at most its protection standard, so no depth and no
   * need to evaluate Φ (erfc): Φ⁻¹(1 − 1/Tp) less a margin far wider than the error of either function.
   * Townships within the margin are computed exactly, so depths are the same numbers as without it.
   */
  private readonly zDry: Float64Array;
  /** After the last write: each township's flood-plain depth in metres. */
  readonly depths: Float64Array;
  /** Protection standard Tp per township (years): no flooding at T ≤ Tp. */
  readonly protectionT: Float64Array;
  /** 1 where the dataset gives a depth curve. */
  readonly hasCurve: Uint8Array;
  private readonly curve: Float64Array;
  private readonly defaultSlope: Float64Array;
  private readonly lnProtection: Float64Array;
  private readonly a: number;
  private readonly b: number;
  /** The uniform behind each township residual ε_t = Φ⁻¹(u) (normal(source)'s draw, one at a time). */
  private uEps: RandomSource = () => {
    throw new Error('FloodField: beginBlock(source) must be called before sampling');
  };

  /** `depths`: where to write the depths (e.g. a measure of an IntensityField); a new array if left out. */
  constructor(region: Region, p: FloodParams, depths?: Float64Array) {
    const n = region.n;
    this.n = n;
    this.rp = new Float64Array(n);
    this.zt = new Float64Array(n);
    this.uT = new Float64Array(n);
    this.zDry = new Float64Array(n);
    this.depths = depths ?? new Float64Array(n);
    this.protectionT = new Float64Array(n);
    this.hasCurve = new Uint8Array(n);
    this.curve = new Float64Array(n * NC);
    this.defaultSlope = new Float64Array(n);
    this.lnProtection = new Float64Array(n);
    this.a = Math.sqrt(p.townshipCorrelation);
    this.b = Math.sqrt(1 - p.townshipCorrelation);
    const givenT = region.attributes[FLOOD_PROTECTION_T];
    const givenCurve = region.attributes[FLOOD_DEPTH_CURVE];
    for (let i = 0; i < n; i++) {
      const classT = region.urban[i] ? p.protectionUrbanT : p.protectionRuralT;
      const dt = givenT[i];
      const tp = Number.isNaN(dt) ? classT : dt;
      this.protectionT[i] = tp;
      this.lnProtection[i] = Math.log(tp);
      this.zDry[i] = tp > 1 ? normalQuantile(1 - 1 / tp) - Z_DRY_MARGIN : -Infinity;
      this.hasCurve[i] = Number.isNaN(givenCurve[i * NC]) ? 0 : 1;
      for (let k = 0; k < NC; k++) this.curve[i * NC + k] = givenCurve[i * NC + k];
      // default curve: d100·ln(T/Tp)/ln(100/Tp); for Tp ≥ 100 the class curve's slope (see the file comment)
      this.defaultSlope[i] = p.depthAt100M / Math.log(T_REF / (tp < T_REF ? tp : classT));
    }
    // NaN anywhere (no bound) leaves it NaN: no township is then taken as dry by the regional bound
    let zMin = Infinity;
    for (let i = 0; i < n; i++) zMin = Number.isNaN(this.zDry[i]) || Number.isNaN(zMin) ? NaN : Math.min(zMin, this.zDry[i]);
    this.zDryMin = zMin;
  }

  /** Bind the stream of the township residuals ε_t for this block (n draws per writeFromRegionalZ). */
  beginBlock(source: RandomSource): void {
    this.uEps = openUniform(source);
  }

  /** Flood-plain depth (m) of `township` at return period `T` (years). */
  depthAt(township: number, T: number): number {
    if (!(T > this.protectionT[township])) return 0;
    const x = Math.log(T);
    let d: number;
    if (this.hasCurve[township]) {
      const c = this.curve;
      const o = township * NC;
      let k = 1;
      while (k < NC - 1 && x > LN_T[k]) k++;
      // segment [k−1, k]: the first one below T = 10, the last one above T = 200
      d = c[o + k - 1] + ((x - LN_T[k - 1]) * (c[o + k] - c[o + k - 1])) / (LN_T[k] - LN_T[k - 1]);
    } else {
      d = this.defaultSlope[township] * (x - this.lnProtection[township]);
    }
    return d > 0 ? d : 0;
  }

  /**
   * Annual-mode field from the regional standard normal `z`: draws one residual per township
   * (always all n, so the stream stays aligned) and writes every township's depth.
   * Returns whether any township has depth > 0.
   */
  writeFromRegionalZ(z: number): boolean {
    let any = false;
    const a = this.a;
    const b = this.b;
    // A uniform below uCut gives z_t < zDryMin by a margin (9e-4·b) far beyond rounding: the township is dry
    // without evaluating Φ⁻¹ — most townships of most events (issue 13). The same depths as testing each z_t.
    const uCut = b > 1e-6 ? uniformBelow((this.zDryMin - a * z) / b) : 0;
    for (let i = 0; i < this.n; i++) {
      const u = this.uEps();
      this.uT[i] = u;
      if (u < uCut) {
        this.depths[i] = 0;
        continue;
      }
      const zt = a * z + b * residualOf(u);
      if (zt < this.zDry[i]) {
        this.depths[i] = 0; // T ≤ Tp: dry (most townships in most years)
        continue;
      }
      if (this.setDepth(i, this.depthAt(i, returnPeriodOf(zt)))) any = true;
    }
    this.regionalZ = z;
    this.rpStale = true;
    return any;
  }

  /** After the last write: each township's return period in years (NaN after writeFromDepths). */
  get returnPeriods(): Float64Array {
    if (this.rpStale) {
      const z = this.regionalZ;
      for (let i = 0; i < this.n; i++) {
        this.zt[i] = this.a * z + this.b * residualOf(this.uT[i]);
        this.rp[i] = returnPeriodOf(this.zt[i]);
      }
      this.rpStale = false;
    }
    return this.rp;
  }

  /** Every township at return period `T` (years). Returns whether any township has depth > 0. */
  writeFromReturnPeriod(T: number): boolean {
    let any = false;
    this.rpStale = false;
    for (let i = 0; i < this.n; i++) {
      this.rp[i] = T;
      if (this.setDepth(i, this.depthAt(i, T))) any = true;
    }
    return any;
  }

  /** Given flood-plain depths (m, one per township; protection not applied). Returns whether any township has depth > 0. */
  writeFromDepths(depths: Float64Array): boolean {
    let any = false;
    this.rpStale = false;
    for (let i = 0; i < this.n; i++) {
      this.rp[i] = NaN;
      if (this.setDepth(i, depths[i])) any = true;
    }
    return any;
  }

  private setDepth(i: number, depth: number): boolean {
    const d = depth > 0 ? depth : 0;
    this.depths[i] = d;
    return d > 0;
  }
}

/** Cross-parameter checks beyond each parameter's own range. */
export function checkFloodParams(p: FloodParams, where: string): void {
  for (const k of ['protectionUrbanT', 'protectionRuralT'] as const) {
    if (!(p[k] < T_REF)) throw new InputError(`${where}.${k}: expected a return period in years > 1 and < ${T_REF} (the default depth curve reaches depthAt100M at T = ${T_REF}), found ${p[k]}`);
  }
  if (!(p.shelterClassIAboveM >= p.shelterClassIIFromM)) {
    throw new InputError(`${where}.shelterClassIAboveM: expected a depth ≥ shelterClassIIFromM (${p.shelterClassIIFromM} m), found ${p.shelterClassIAboveM}`);
  }
}

/** The flood depth-damage table, echoed with the parameters (it is data, not overridable). */
export function depthDamageUsed(): UsedParam {
  return {
    value: [...JRC_ASIA_RESIDENTIAL_RATIO],
    unit: `damage ratio at depths ${JRC_ASIA_RESIDENTIAL_DEPTH_M.join(', ')} m (linear between; 1 beyond 6 m)`,
    source: JRC_ASIA_RESIDENTIAL_SOURCE,
    confidence: 'H',
    overridden: false,
    description: 'flood depth-damage function, taken as the displaced share of the flood-plain population (assumption); a fixed table, not overridable',
  };
}

/** Where a config's per-township depths came from, for errors found once the region is loaded. */
type FloodSettings = { depthsField: string };

function configureFlood(raw: HazardEntry, where: string): HazardConfig {
  const { values, used } = resolveParams(FLOOD_PARAMS, raw.parameters, `${where}.parameters`);
  checkFloodParams(values as FloodParams, `${where}.parameters`);
  const allUsed: Record<string, UsedParam> = { ...used, depthDamageRatio: depthDamageUsed() };
  const settings: FloodSettings = { depthsField: `${where}.depths` };
  const rawDepths = raw.depths;
  if (raw.mode === 'annual') {
    if (raw.event !== undefined && raw.event !== null) {
      throw new InputError(`${where}.event: expected no event in annual mode (the season's flood is sampled; use mode: scenario for a given flood), found ${JSON.stringify(raw.event)}`);
    }
    if (rawDepths !== undefined) {
      throw new InputError(`${where}.depths: expected no depths in annual mode (the season's flood is sampled; use mode: scenario for given depths), found ${JSON.stringify(rawDepths)}`);
    }
    return { type: 'flood', mode: 'annual', params: values, used: allUsed, settings };
  }
  // scenario mode: exactly one of event.returnPeriod and depths
  const event = checkEventFields(raw.event ?? {}, FLOOD_EVENT_FIELDS, `${where}.event`, {
    expected: 'a mapping with returnPeriod',
    unknownHint: (k) => (k === 'depths' ? ' (per-township depths go under the hazard entry as depths:, not under event:)' : ''),
  });
  let eventByTownship: Record<string, number> | undefined;
  if (rawDepths !== undefined) {
    if (!isMapping(rawDepths) || Object.keys(rawDepths).length === 0) {
      throw new InputError(`${where}.depths: expected a mapping of township code to flood-plain depth in metres (at least one township), found ${JSON.stringify(rawDepths)}`);
    }
    eventByTownship = {};
    for (const [code, v] of Object.entries(rawDepths)) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw new InputError(`${where}.depths.${code}: expected a flood-plain depth in metres (a number ≥ 0), found ${JSON.stringify(v)}`);
      }
      eventByTownship[code] = v;
    }
  }
  if (event.returnPeriod !== undefined && eventByTownship) {
    throw new InputError(`${where}.depths: expected either event.returnPeriod or depths for a scenario flood, not both, found both (returnPeriod ${event.returnPeriod})`);
  }
  if (event.returnPeriod === undefined && !eventByTownship) {
    throw new InputError(`${where}.event: expected event.returnPeriod (years, > 1) or per-township depths (depths:) for a scenario flood, found neither`);
  }
  return { type: 'flood', mode: 'scenario', params: values, event, eventByTownship, settings, used: allUsed };
}

export const floodModule: HazardModule = {
  type: 'flood',
  params: FLOOD_PARAMS,
  extraKeys: ['depths'],
  attributes: FLOOD_ATTRIBUTES,
  intensity: [FLOOD_DEPTH_MEASURE],
  notModelled: () => ({
    injured: FLOOD_MSG.notInjured,
  }),
  configure: configureFlood,
  createKernel(region, config) {
    return new FloodKernel(region, config);
  },
  createImpact(region, config) {
    return new FloodImpact(region, config.params as FloodParams);
  },
};

export class FloodKernel implements HazardKernel {
  readonly type = 'flood' as const;
  readonly field: FloodField;
  /** Depth at each township (measure 0). */
  readonly intensity: IntensityField;
  private readonly scenario: boolean;
  private readonly returnPeriod: number;
  private readonly givenDepths: Float64Array | null;
  private z: RandomSource = () => 0;

  constructor(region: Region, config: HazardConfig) {
    this.intensity = new IntensityField(region.n, 1);
    this.field = new FloodField(region, config.params as FloodParams, this.intensity.measure(0));
    this.scenario = config.mode === 'scenario';
    this.returnPeriod = config.event?.returnPeriod ?? NaN;
    this.givenDepths = null;
    if (config.eventByTownship) {
      // township codes can only be checked against the loaded region
      const field = (config.settings as FloodSettings | undefined)?.depthsField ?? 'depths';
      const index = new Map(region.code.map((c, i) => [c, i]));
      const d = new Float64Array(region.n);
      for (const [code, v] of Object.entries(config.eventByTownship)) {
        const i = index.get(code);
        if (i === undefined) throw new InputError(`${field}.${code}: expected a township code of the region (${region.name}, e.g. ${region.code[0]}), found ${JSON.stringify(code)}`);
        d[i] = v;
      }
      this.givenDepths = d;
    }
    if (this.scenario && !this.givenDepths && !(this.returnPeriod > 1)) {
      throw new InputError(`${(config.settings as FloodSettings | undefined)?.depthsField ?? 'depths'}: expected event.returnPeriod or depths for a scenario flood, found neither`);
    }
  }

  beginBlock(source: RandomSource): void {
    this.z = normal(source);
    this.field.beginBlock(source);
  }

  sampleTrial(emit: EventSink): void {
    if (!this.scenario) {
      // one season maximum; an event only if some township floods
      if (this.field.writeFromRegionalZ(this.z())) emit(this.intensity);
      return;
    }
    if (this.givenDepths) this.field.writeFromDepths(this.givenDepths);
    else this.field.writeFromReturnPeriod(this.returnPeriod);
    emit(this.intensity);
  }
}
