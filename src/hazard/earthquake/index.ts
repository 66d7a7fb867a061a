/**
 * Earthquake hazard, M ≥ 6 (docs/model.md §2.3).
 *
 * Annual mode: source zones (the entry's `zones:` list, or the region's default
 * zone from its datasets/<region>/hazard-parameters.yaml), N ~ Poisson(Σλ6), zone ∝ λ6, magnitude by the truncated
 * Gutenberg–Richter law M = 6 − log10(1 − U(1 − 10^(−b(Mmax−6))))/b,
 * epicentre uniform over the zone's disc (area), long-axis azimuth uniform,
 * local hour uniform over [0, 24). Scenario mode: one event per trial, the
 * given event fields fixed and the others sampled as in annual mode from the
 * first zone (`residuals: 0` switches both residual terms off, for drills and
 * tests). Annual mode may fix event fields too: every event then shares them.
 *
 * Intensity: GB 18306-2015 eastern-region elliptical attenuation
 * (src/intensity/gb18306.ts) with Ms = M, plus ε_event + ε_site, each normal
 * with a share of σ² (half each by default; assumption), ε_site independent per
 * township. Chinese intensity is used as MMI (docs/model.md §2.3).
 *
 * The kernel writes the intensity at each township and the event's local
 * hour; the impacts (PAGER China empirical deaths, semi-empirical collapse
 * and its deaths beside them, displaced) are src/impact/earthquake.ts.
 */
import { InputError } from '../../core/errors.js';
import { resolveParams, type UsedParam } from '../../core/params.js';
import { categorical, normal, openUniform, poisson, type RandomSource } from '../../core/random.js';
import { checkEventFields, checkNumber, isMapping, show } from '../../core/validate.js';
import { EarthquakeImpact } from '../../impact/earthquake.js';
import { PAGER_TYPE_NAMES, PAGER_TYPES, deathsInType, pagerEmpiricalDeaths } from '../../impact/pager-china.js';
import { siteIntensityAxis } from '../../intensity/gb18306.js';
import { IntensityField } from '../../intensity/types.js';
import { KM_PER_DEG_LAT, toLocalKm, type Region } from '../../region/types.js';
import type { EventSink, HazardConfig, HazardEntry, HazardKernel, HazardMetric, HazardModule } from '../types.js';
import { EARTHQUAKE_EVENT_FIELDS, EARTHQUAKE_PARAMS, EARTHQUAKE_ZONE_FIELDS, M_MIN, MMAX_LIMIT, type EarthquakeParams, type SourceZone } from './params.js';
import { earthquakeReport } from './report.js';
import { EARTHQUAKE_MSG } from './messages.js';

export { displacedShare } from '../../impact/earthquake.js';

const DEG = Math.PI / 180;

/** One earthquake: what the intensity field needs. Reused across events. */
export interface EarthquakeEvent {
  /** Index of the source zone it came from. */
  zone: number;
  magnitude: number;
  lat: number;
  lon: number;
  /** Epicentre in the region's local km. */
  xKm: number;
  yKm: number;
  /** Long-axis azimuth, degrees east of north. */
  azimuthDeg: number;
  /** Local hour in [0, 24). */
  hour: number;
  /** Event residual ε_event (intensity units); 0 with residuals off. */
  epsEvent: number;
  /** 1 with residuals on, 0 off. */
  residuals: number;
}

/** Truncated Gutenberg–Richter magnitude from a uniform u in [0, 1): M = 6 − log10(1 − u(1 − 10^(−b(Mmax−6))))/b. */
export function truncatedGutenbergRichter(u: number, b: number, mmax: number, mmin: number = M_MIN): number {
  const c = 1 - Math.pow(10, -b * (mmax - mmin));
  return mmin - Math.log10(1 - u * c) / b;
}

export function checkEarthquakeParams(p: EarthquakeParams, where: string): void {
  for (let k = 1; k < p.displacedIntensities.length; k++) {
    if (!(p.displacedIntensities[k] > p.displacedIntensities[k - 1])) {
      throw new InputError(`${where}.displacedIntensities: expected increasing intensities, found ${JSON.stringify(p.displacedIntensities)}`);
    }
    if (p.displacedShares[k] < p.displacedShares[k - 1]) {
      throw new InputError(`${where}.displacedShares: expected shares that do not decrease with intensity, found ${JSON.stringify(p.displacedShares)}`);
    }
  }
  if (!(p.shelterClassIFromIntensity >= p.shelterClassIIFromIntensity)) {
    throw new InputError(`${where}.shelterClassIFromIntensity: expected at least shelterClassIIFromIntensity (${p.shelterClassIIFromIntensity}), found ${p.shelterClassIFromIntensity}`);
  }
}

/** Validate the entry's `zones:` list; missing b and mmax take the parameters' values. */
export function parseZones(raw: unknown, p: EarthquakeParams, where: string): SourceZone[] {
  const path = `${where}.zones`;
  if (!Array.isArray(raw)) throw new InputError(`${path}: expected a list of source zones (each with lat, lon, radiusKm, rate6; optional name, b, mmax), found ${show(raw)}`);
  if (raw.length === 0) throw new InputError(`${path}: expected a list of one or more source zones, found an empty list`);
  const zones = raw.map((z, i): SourceZone => {
    const zp = `${path}[${i}]`;
    if (!isMapping(z)) throw new InputError(`${zp}: expected a source zone (a mapping with lat, lon, radiusKm, rate6; optional name, b, mmax), found ${show(z)}`);
    const allowed = ['name', ...Object.keys(EARTHQUAKE_ZONE_FIELDS)];
    for (const k of Object.keys(z)) {
      if (!allowed.includes(k)) throw new InputError(`${zp}.${k}: unknown zone field "${k}"; expected one of: ${allowed.join(', ')}`);
    }
    if (z.name !== undefined && typeof z.name !== 'string' && typeof z.name !== 'number') {
      throw new InputError(`${zp}.name: expected a zone name (text), found ${show(z.name)}`);
    }
    const v: Record<string, number> = {};
    for (const [k, spec] of Object.entries(EARTHQUAKE_ZONE_FIELDS)) {
      if (z[k] === undefined && !spec.required) continue;
      v[k] = checkNumber(spec, z[k], `${zp}.${k}`);
    }
    return { name: z.name === undefined ? `zone ${i + 1}` : String(z.name), lat: v.lat, lon: v.lon, radiusKm: v.radiusKm, rate6: v.rate6, b: v.b ?? p.b, mmax: v.mmax ?? p.mmax };
  });
  const total = zones.reduce((s, z) => s + z.rate6, 0);
  if (total > 500) throw new InputError(`${path}: expected a total rate of M ≥ 6 events of at most 500 per year, found ${total}`);
  return zones;
}

export function defaultZone(p: EarthquakeParams): SourceZone {
  return { name: 'default zone (docs/model.md §2.3)', lat: p.zoneLat, lon: p.zoneLon, radiusKm: p.zoneRadiusKm, rate6: p.rate6, b: p.b, mmax: p.mmax };
}

/** Validate the given event fields; `mmaxLimit` bounds the magnitude (the zone's Mmax). */
export function parseEvent(raw: unknown, mmaxLimit: number, where: string): Record<string, number> {
  const path = `${where}.event`;
  const m = EARTHQUAKE_EVENT_FIELDS.magnitude;
  const max = Math.min(m.max, mmaxLimit);
  const magnitude = { ...m, max, expected: `a magnitude from ${M_MIN} to the zone's Mmax ${max} (Ms, taken as M; raise mmax for a larger one)` };
  const event = checkEventFields(raw, { ...EARTHQUAKE_EVENT_FIELDS, magnitude }, path);
  if ((event.lat === undefined) !== (event.lon === undefined)) {
    throw new InputError(`${path}: expected both lat and lon of the epicentre (or neither), found only ${event.lat === undefined ? 'lon' : 'lat'}`);
  }
  return event;
}

export const earthquakeModule: HazardModule = {
  type: 'earthquake',
  params: EARTHQUAKE_PARAMS,
  extraKeys: ['zones'],
  intensity: [{ name: 'mmi', unit: 'Chinese intensity (as MMI)', description: 'seismic intensity at the township, GB 18306-2015 eastern-region attenuation with residuals' }],
  eventValues: ['hour'],
  metrics: [
    { name: 'collapsedOccupants', unit: 'people', description: 'occupants of collapsed buildings (PAGER semi-empirical)', kind: 'quantity', rescueLabel: EARTHQUAKE_MSG.collapsedOccupants },
    { name: 'deathsSemiEmpirical', unit: 'people', description: "deaths by PAGER's semi-empirical model for China (collapse by building type, with the region's building mix): the other model beside the headline (empirical) deaths", kind: 'crossCheck' },
    ...PAGER_TYPES.map((t): HazardMetric => ({ name: deathsInType(t), unit: 'people', description: `semi-empirical deaths in buildings of PAGER type ${t} (${PAGER_TYPE_NAMES[t]})`, kind: 'breakdown' })),
  ],
  report: earthquakeReport,
  notModelled: () => ({
    evacuated: EARTHQUAKE_MSG.notEvacuated,
  }),
  configure(raw: HazardEntry, where: string): HazardConfig {
    const { values, used } = resolveParams(EARTHQUAKE_PARAMS, raw.parameters, `${where}.parameters`);
    const p = values as EarthquakeParams;
    checkEarthquakeParams(p, `${where}.parameters`);
    let zones: SourceZone[];
    const usedAll: Record<string, UsedParam> = { ...used };
    if (raw.zones !== undefined) {
      zones = parseZones(raw.zones, p, where);
      // the default zone's position, size and rate are not used: list the scenario's zones instead
      for (const k of ['zoneLat', 'zoneLon', 'zoneRadiusKm', 'rate6']) delete usedAll[k];
      zones.forEach((z, i) => {
        usedAll[`zones[${i}]`] = {
          value: [z.lat, z.lon, z.radiusKm, z.rate6, z.b, z.mmax],
          unit: '[lat °N, lon °E, radius km, rate6 /yr, b, Mmax]',
          source: 'scenario zones',
          confidence: 'assumption',
          overridden: true,
          description: `source zone "${z.name}"`,
        };
      });
    } else zones = [defaultZone(p)];
    let event: Record<string, number> | undefined;
    if (raw.mode === 'scenario' || raw.event !== undefined) {
      // scenario mode samples from the first zone; annual mode may fix a magnitude up to the largest Mmax
      const limit = raw.mode === 'scenario' ? zones[0].mmax : Math.max(...zones.map((z) => z.mmax));
      event = parseEvent(raw.event ?? {}, Math.min(limit, MMAX_LIMIT), where);
    }
    return { type: 'earthquake', mode: raw.mode, params: values, event, settings: { zones }, used: usedAll };
  },
  createKernel(region: Region, config: HazardConfig): HazardKernel {
    return new EarthquakeKernel(region, config);
  },
  createImpact(region, config, metric) {
    return new EarthquakeImpact(region, config.params as EarthquakeParams, {
      collapsedOccupants: metric('collapsedOccupants'),
      deathsSemiEmpirical: metric('deathsSemiEmpirical'),
      deathsByType: PAGER_TYPES.map((t) => metric(deathsInType(t))),
    });
  },
};

export class EarthquakeKernel implements HazardKernel {
  readonly type = 'earthquake' as const;
  readonly p: EarthquakeParams;
  readonly zones: readonly SourceZone[];
  /** The last sampled (or written) event. */
  readonly event: EarthquakeEvent = { zone: 0, magnitude: 0, lat: 0, lon: 0, xKm: 0, yKm: 0, azimuthDeg: 0, hour: 0, epsEvent: 0, residuals: 1 };
  /** Intensity at each township (measure 0) and the local hour (event value 0) of the last written event. */
  readonly field: IntensityField;
  /** Township intensities of the last written event (with residuals): the field's measure. */
  readonly intensity: Float64Array;
  /** Site residuals ε_site of the last sampled event. */
  readonly siteEps: Float64Array;
  private readonly scenario: boolean;
  private readonly given: Record<string, number>;
  private readonly totalRate: number;
  private readonly cumulative: Float64Array;
  private readonly zoneX: Float64Array;
  private readonly zoneY: Float64Array;
  private readonly givenX: number = 0;
  private readonly givenY: number = 0;
  private readonly sdEvent: number;
  private readonly sdSite: number;
  private readonly cosRef: number;
  private count: () => number = () => 0;
  private u: RandomSource = () => 0.5;
  private z: RandomSource = () => 0;

  constructor(
    private readonly region: Region,
    config: HazardConfig,
  ) {
    this.p = config.params as EarthquakeParams;
    const zones = (config.settings?.zones as SourceZone[] | undefined) ?? [defaultZone(this.p)];
    this.zones = zones;
    this.field = new IntensityField(region.n, 1, 1);
    this.intensity = this.field.measure(0);
    this.siteEps = new Float64Array(region.n);
    this.scenario = config.mode === 'scenario';
    this.given = config.event ?? {};
    const nz = zones.length;
    this.zoneX = new Float64Array(nz);
    this.zoneY = new Float64Array(nz);
    this.cumulative = new Float64Array(nz);
    let acc = 0;
    zones.forEach((z, i) => {
      [this.zoneX[i], this.zoneY[i]] = toLocalKm(z.lat, z.lon, region.refLat, region.refLon);
      acc += z.rate6;
      this.cumulative[i] = acc;
    });
    this.totalRate = acc;
    for (let i = 0; i < nz; i++) this.cumulative[i] = acc > 0 ? this.cumulative[i] / acc : (i + 1) / nz;
    this.cumulative[nz - 1] = 1;
    if (this.given.lat !== undefined && this.given.lon !== undefined) {
      [this.givenX, this.givenY] = toLocalKm(this.given.lat, this.given.lon, region.refLat, region.refLon);
    }
    const sigma = this.p.intensitySigma;
    this.sdEvent = sigma * Math.sqrt(this.p.eventResidualShare);
    this.sdSite = sigma * Math.sqrt(1 - this.p.eventResidualShare);
    this.cosRef = Math.cos(region.refLat * DEG);
  }

  beginBlock(source: RandomSource): void {
    this.count = this.scenario ? () => 1 : poisson(source, this.totalRate);
    this.u = openUniform(source);
    this.z = normal(source, 0, 1);
  }

  sampleTrial(emit: EventSink): void {
    const n = this.count();
    for (let e = 0; e < n; e++) emit(this.writeIntensity(this.sampleEvent()));
  }

  /**
   * Draw the event's parts in a fixed order (zone, magnitude, epicentre radius and angle,
   * azimuth, hour, ε_event, then ε_site per township), all of them every time, so a
   * given field does not shift the others' draws.
   */
  sampleEvent(): EarthquakeEvent {
    const ev = this.event;
    const g = this.given;
    const uZone = this.u();
    const uMag = this.u();
    const uR = this.u();
    const uTheta = this.u();
    const uAz = this.u();
    const uHour = this.u();
    const zEvent = this.z();
    for (let i = 0; i < this.region.n; i++) this.siteEps[i] = this.z();
    const k = this.scenario ? 0 : categorical(this.cumulative, uZone);
    const zone = this.zones[k];
    ev.zone = k;
    ev.magnitude = g.magnitude ?? truncatedGutenbergRichter(uMag, zone.b, zone.mmax);
    if (g.lat !== undefined && g.lon !== undefined) {
      ev.xKm = this.givenX;
      ev.yKm = this.givenY;
      ev.lat = g.lat;
      ev.lon = g.lon;
    } else {
      // uniform over the disc's area: radius ∝ √U
      const r = zone.radiusKm * Math.sqrt(uR);
      const t = 2 * Math.PI * uTheta;
      ev.xKm = this.zoneX[k] + r * Math.cos(t);
      ev.yKm = this.zoneY[k] + r * Math.sin(t);
      ev.lat = this.region.refLat + ev.yKm / KM_PER_DEG_LAT;
      ev.lon = this.region.refLon + ev.xKm / (KM_PER_DEG_LAT * this.cosRef);
    }
    // an ellipse's axis has no direction: [0, 180) covers every orientation
    ev.azimuthDeg = g.azimuthDeg ?? 180 * uAz;
    ev.hour = g.hour ?? 24 * uHour;
    ev.residuals = g.residuals ?? 1;
    ev.epsEvent = ev.residuals ? this.sdEvent * zEvent : 0;
    return ev;
  }

  /** Township intensities (with residuals) and the local hour of an event into the reusable field. */
  writeIntensity(ev: EarthquakeEvent): IntensityField {
    const r = this.region;
    const a = ev.azimuthDeg * DEG;
    const ax = Math.sin(a);
    const ay = Math.cos(a);
    const siteSd = ev.residuals ? this.sdSite : 0;
    const mmi = this.intensity;
    for (let i = 0; i < r.n; i++) mmi[i] = siteIntensityAxis(ev.magnitude, ev.xKm, ev.yKm, ax, ay, r.xKm[i], r.yKm[i]) + ev.epsEvent + siteSd * this.siteEps[i];
    this.field.event[0] = ev.hour;
    return this.field;
  }

  /** PAGER empirical deaths (China) of the last written event: Σ population × Φ(ln(I/θ)/β), intensity binned as PAGER does. */
  empiricalDeaths(): number {
    return pagerEmpiricalDeaths(this.intensity, this.region.population, this.p.empiricalTheta, this.p.empiricalBeta);
  }
}
