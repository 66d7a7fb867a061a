/**
 * Flood hazard (model.md §2.2): a season-maximum river/rain flood per year.
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
 *     classes, model.md §2.2);
 *   - dataset depth curve (T = 10, 20, 50, 100, 200): linear in ln T between
 *     the points, extrapolated linearly in ln T below 10 and above 200 with the
 *     end segments' slopes, never below 0. The curve is read as an undefended
 *     hazard-map curve (as global flood maps are): above Tp the township gets
 *     the curve's depth, so depth can jump from 0 to the curve at Tp (levee
 *     overtopped). A dataset whose curve already includes its defences should
 *     give flood_protection_T = 1 (no extra cut-off);
 *   - default curve (no dataset curve): depth(T) = d100·ln(T/Tp)/ln(100/Tp) for
 *     T > Tp (assumption, model.md §2.2). The formula needs Tp < 100: where the
 *     dataset gives Tp ≥ 100 with no curve, the depth rises from 0 at Tp at the
 *     rate of the township's default-class curve, d100/ln(100/Tp_class) per unit
 *     of ln T (our extension; model.md is silent).
 *
 * Impacts per township with depth h > 0 (flood-plain population P = population ×
 * share; share from the dataset, else 0.10 coastal / 0.05 inland, assumption):
 *   evacuated = evacuatedShare·P (0.8, "果断转移", assumption)
 *   displaced = P·JRC(h), shelter class III below 1 m, II 1–2 m, I above 2 m (assumption)
 *   trapped   = (P − evacuated)·trappedShare where h > 1 m (0.1, assumption)
 *   deaths    = (P − evacuated)·F_Jonkman(h) (remaining zone, h in m; M)
 *   injured   = 0: model.md gives no flood injury rate and none is invented here
 *   rescueTeamHours = trapped × 1 h (model.md §4.3, assumption)
 * As model.md words it, displaced counts the whole flood-plain population
 * (evacuated or not), and the demand stage takes evacuated and displaced as
 * disjoint, so evacuated + displaced can exceed P (by up to 0.8·P).
 */
import { InputError } from '../../core/errors.js';
import { normalCdf } from '../../core/normal.js';
import { resolveParams, type UsedParam } from '../../core/params.js';
import { normal, type RandomSource } from '../../core/random.js';
import { jonkmanMortality } from '../../impact/jonkman.js';
import { JRC_ASIA_RESIDENTIAL_DEPTH_M, JRC_ASIA_RESIDENTIAL_RATIO, JRC_ASIA_RESIDENTIAL_SOURCE, jrcAsiaResidential } from '../../impact/jrc-flood.js';
import { clearTownship, IMPACT, IMPACT_FIELDS, newImpactBuffer } from '../../impact/types.js';
import { FLOOD_CURVE_T, type Region } from '../../region/types.js';
import type { EventSink, HazardConfig, HazardEntry, HazardKernel, HazardModule } from '../types.js';
import { FLOOD_EVENT_FIELDS, FLOOD_PARAMS, type FloodParams } from './params.js';

export { FLOOD_PARAMS, type FloodParams } from './params.js';

const NC = FLOOD_CURVE_T.length;
const LN_T = Float64Array.from(FLOOD_CURVE_T, (t) => Math.log(t));
/** The default curve is anchored at d100, the depth at this return period. */
const T_REF = 100;

/** The parts of FloodParams the per-township impact formulas use. */
export type FloodImpactParams = Pick<
  FloodParams,
  'evacuatedShare' | 'trappedShare' | 'trappedAboveDepthM' | 'shelterClassIIFromM' | 'shelterClassIAboveM' | 'rescueHoursPerTrapped' | 'jonkmanMu' | 'jonkmanSigma'
>;

/** Flood impacts of one township (row cleared first) from its flood-plain depth and flood-plain population. Allocates nothing. */
export function writeFloodImpacts(out: Float64Array, township: number, depthM: number, floodPlainPopulation: number, p: FloodImpactParams): void {
  clearTownship(out, township);
  if (!(depthM > 0)) return;
  const o = township * IMPACT_FIELDS;
  const P = floodPlainPopulation;
  const evacuated = P * p.evacuatedShare;
  const remaining = P - evacuated;
  out[o + IMPACT.evacuated] = evacuated;
  const cls = depthM > p.shelterClassIAboveM ? IMPACT.displacedI : depthM >= p.shelterClassIIFromM ? IMPACT.displacedII : IMPACT.displacedIII;
  out[o + cls] = P * jrcAsiaResidential(depthM);
  const trapped = depthM > p.trappedAboveDepthM ? remaining * p.trappedShare : 0;
  out[o + IMPACT.trapped] = trapped;
  out[o + IMPACT.rescueTeamHours] = trapped * p.rescueHoursPerTrapped;
  out[o + IMPACT.deaths] = remaining * jonkmanMortality(depthM, p.jonkmanMu, p.jonkmanSigma);
  // IMPACT.injured stays 0: model.md §2.2 gives no flood injury rate (none invented here).
}

/**
 * The flood field of a region: township return periods, depths and impacts.
 * Used by the flood hazard and by the typhoon → flood chain (model.md §2.1).
 * Build once per kernel; beginBlock binds the stream of the township residuals;
 * the write methods allocate nothing.
 */
export class FloodField {
  readonly n: number;
  /** After the last write: each township's return period in years (NaN after writeFromDepths). */
  readonly returnPeriods: Float64Array;
  /** After the last write: each township's flood-plain depth in metres. */
  readonly depths: Float64Array;
  /** Flood-plain population per township (population × share). */
  readonly floodPlainPopulation: Float64Array;
  /** Protection standard Tp per township (years): no flooding at T ≤ Tp. */
  readonly protectionT: Float64Array;
  /** 1 where the dataset gives a depth curve. */
  readonly hasCurve: Uint8Array;
  private readonly curve: Float64Array;
  private readonly defaultSlope: Float64Array;
  private readonly lnProtection: Float64Array;
  private readonly a: number;
  private readonly b: number;
  private eps: RandomSource = () => {
    throw new Error('FloodField: beginBlock(source) must be called before sampling');
  };

  constructor(
    region: Region,
    private readonly p: FloodParams,
  ) {
    const n = region.n;
    this.n = n;
    this.returnPeriods = new Float64Array(n);
    this.depths = new Float64Array(n);
    this.floodPlainPopulation = new Float64Array(n);
    this.protectionT = new Float64Array(n);
    this.hasCurve = new Uint8Array(n);
    this.curve = new Float64Array(n * NC);
    this.defaultSlope = new Float64Array(n);
    this.lnProtection = new Float64Array(n);
    this.a = Math.sqrt(p.townshipCorrelation);
    this.b = Math.sqrt(1 - p.townshipCorrelation);
    for (let i = 0; i < n; i++) {
      const ds = region.floodPlainShare[i];
      const share = Number.isNaN(ds) ? (region.coastal[i] ? p.floodPlainShareCoastal : p.floodPlainShareInland) : ds;
      this.floodPlainPopulation[i] = region.population[i] * share;
      const classT = region.urban[i] ? p.protectionUrbanT : p.protectionRuralT;
      const dt = region.floodProtectionT[i];
      const tp = Number.isNaN(dt) ? classT : dt;
      this.protectionT[i] = tp;
      this.lnProtection[i] = Math.log(tp);
      this.hasCurve[i] = Number.isNaN(region.floodDepthCurve[i * NC]) ? 0 : 1;
      for (let k = 0; k < NC; k++) this.curve[i * NC + k] = region.floodDepthCurve[i * NC + k];
      // default curve: d100·ln(T/Tp)/ln(100/Tp); for Tp ≥ 100 the class curve's slope (see the file comment)
      this.defaultSlope[i] = p.depthAt100M / Math.log(T_REF / (tp < T_REF ? tp : classT));
    }
  }

  /** Bind the stream of the township residuals ε_t for this block (n draws per writeFromRegionalZ). */
  beginBlock(source: RandomSource): void {
    this.eps = normal(source);
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
   * (always all n, so the stream stays aligned), writes every township's impacts into `out`.
   * Returns whether any township has depth > 0.
   */
  writeFromRegionalZ(z: number, out: Float64Array): boolean {
    let any = false;
    for (let i = 0; i < this.n; i++) {
      const zt = this.a * z + this.b * this.eps();
      // 1 − Φ(z) as Φ(−z): no cancellation in the upper tail. |z_t| < 13 for doubles from the stream, so q > 0.
      const q = normalCdf(-zt);
      const T = q > 0 ? 1 / q : Number.MAX_VALUE;
      this.returnPeriods[i] = T;
      if (this.writeTownship(i, this.depthAt(i, T), out)) any = true;
    }
    return any;
  }

  /** Every township at return period `T` (years). Returns whether any township has depth > 0. */
  writeFromReturnPeriod(T: number, out: Float64Array): boolean {
    let any = false;
    for (let i = 0; i < this.n; i++) {
      this.returnPeriods[i] = T;
      if (this.writeTownship(i, this.depthAt(i, T), out)) any = true;
    }
    return any;
  }

  /** Given flood-plain depths (m, one per township; protection not applied). Returns whether any township has depth > 0. */
  writeFromDepths(depths: Float64Array, out: Float64Array): boolean {
    let any = false;
    for (let i = 0; i < this.n; i++) {
      this.returnPeriods[i] = NaN;
      if (this.writeTownship(i, depths[i], out)) any = true;
    }
    return any;
  }

  private writeTownship(i: number, depth: number, out: Float64Array): boolean {
    const d = depth > 0 ? depth : 0;
    this.depths[i] = d;
    writeFloodImpacts(out, i, d, this.floodPlainPopulation[i], this.p);
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

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Where a config's per-township depths came from, for errors found once the region is loaded. */
type FloodSettings = { depthsField: string };

function configureFlood(raw: HazardEntry, where: string): HazardConfig {
  const { values, used } = resolveParams(FLOOD_PARAMS, raw.parameters, `${where}.parameters`);
  checkFloodParams(values as FloodParams, `${where}.parameters`);
  const allUsed: Record<string, UsedParam> = {
    ...used,
    depthDamageRatio: {
      value: [...JRC_ASIA_RESIDENTIAL_RATIO],
      unit: `damage ratio at depths ${JRC_ASIA_RESIDENTIAL_DEPTH_M.join(', ')} m (linear between; 1 beyond 6 m)`,
      source: JRC_ASIA_RESIDENTIAL_SOURCE,
      confidence: 'H',
      overridden: false,
      description: 'flood depth-damage function, taken as the displaced share of the flood-plain population (assumption); a fixed table, not overridable',
    },
  };
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
  const given = raw.event ?? {};
  if (!isMapping(given)) throw new InputError(`${where}.event: expected a mapping with returnPeriod, found ${JSON.stringify(given)}`);
  const event: Record<string, number> = {};
  for (const [k, v] of Object.entries(given)) {
    const spec = (FLOOD_EVENT_FIELDS as Record<string, { expected: string }>)[k];
    if (!spec) {
      const hint = k === 'depths' ? ' (per-township depths go under the hazard entry as depths:, not under event:)' : '';
      throw new InputError(`${where}.event.${k}: unknown event field "${k}"${hint}; expected one of: ${Object.keys(FLOOD_EVENT_FIELDS).join(', ')}`);
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 1)) throw new InputError(`${where}.event.${k}: expected ${spec.expected}, found ${JSON.stringify(v)}`);
    event[k] = v;
  }
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
  extraKeys: ['depths'],
  configure: configureFlood,
  createKernel(region, config) {
    return new FloodKernel(region, config);
  },
};

export class FloodKernel implements HazardKernel {
  readonly type = 'flood' as const;
  readonly field: FloodField;
  private readonly impacts: Float64Array;
  private readonly scenario: boolean;
  private readonly returnPeriod: number;
  private readonly givenDepths: Float64Array | null;
  private z: RandomSource = () => 0;

  constructor(region: Region, config: HazardConfig) {
    this.field = new FloodField(region, config.params as FloodParams);
    this.impacts = newImpactBuffer(region.n);
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
      if (this.field.writeFromRegionalZ(this.z(), this.impacts)) emit(this.impacts);
      return;
    }
    if (this.givenDepths) this.field.writeFromDepths(this.givenDepths, this.impacts);
    else this.field.writeFromReturnPeriod(this.returnPeriod, this.impacts);
    emit(this.impacts);
  }
}
