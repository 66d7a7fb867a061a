/**
 * Earthquake defaults (docs/model.md §2.3, §4.3), each with its source. Override any
 * of them in a scenario's `parameters:` by name. Source zones are given under
 * the entry's `zones:` list; without one, the region's default zone (zoneLat,
 * zoneLon, zoneRadiusKm, rate6, b, mmax) is used. A listed zone without b or
 * mmax takes these parameters' values.
 *
 * The default zone is regional: its values and sources are in
 * datasets/<region>/hazard-parameters.yaml. b and Mmax are the zone's too
 * (GB 18306 practice: b per seismic belt, Mmax per source area; docs/model.md
 * §2.3 lists both with the zone). An entry with its own `zones:` needs only b
 * and mmax from the region (for zones that leave them out; both are echoed).
 *
 * Tables that are data rather than tunable numbers live with their models:
 * GB 18306 coefficients in src/intensity/gb18306.ts, PAGER collapse,
 * fatality, inventory and occupancy tables in src/impact/pager-china.ts.
 */
import type { ParamTable, ParamValues } from '../../core/params.js';
import type { NumberSpec } from '../../core/validate.js';

/** Lowest magnitude modelled: rate6 is the annual rate of M ≥ this (fixed: it defines rate6). */
export const M_MIN = 6;
/** Highest Mmax accepted (a zone's or the default's). */
export const MMAX_LIMIT = 9.5;

export const EARTHQUAKE_PARAMS = {
  zoneLat: { regional: true, unusedWith: 'zones', unit: '°N', description: 'centre latitude of the default source zone (used when the entry lists no zones)', min: -90, max: 90 },
  zoneLon: { regional: true, unusedWith: 'zones', unit: '°E', description: 'centre longitude of the default source zone (used when the entry lists no zones)', min: -180, max: 180 },
  // range: > 0 to 5000 km (as a listed zone radiusKm)
  zoneRadiusKm: {
    regional: true,
    unusedWith: 'zones',
    unit: 'km',
    description: 'radius of the default source zone; epicentres are uniform over its disc',
    min: 0,
    minExclusive: true,
    max: 5000,
  },
  // range: 0–150 M ≥ 6 events a year (the whole world has ~150)
  rate6: {
    regional: true,
    unusedWith: 'zones',
    unit: 'events/yr',
    description: 'annual rate λ6 of M ≥ 6 earthquakes in the default source zone',
    min: 0,
    max: 150,
  },
  b: {
    regional: true,
    unit: '-',
    description: 'Gutenberg–Richter b-value (default zone, and any listed zone without its own b)',
    min: 0,
    minExclusive: true,
    max: 3,
  },
  mmax: {
    regional: true,
    unit: 'M',
    description: 'maximum magnitude of the truncated Gutenberg–Richter law (default zone, and any listed zone without its own mmax)',
    min: M_MIN,
    minExclusive: true,
    max: MMAX_LIMIT,
  },
  // range: 0–3 intensity degrees
  intensitySigma: {
    value: 0.5826,
    unit: 'intensity degree',
    description: 'standard deviation of the GB 18306 intensity residual',
    source: 'GB 18306-2015 eastern-region attenuation, one public transcription (docs/model.md §2.3; M)',
    confidence: 'M',
    min: 0,
    max: 3,
  },
  eventResidualShare: {
    value: 0.5,
    unit: 'share of σ²',
    description: 'share of the residual variance in the event term ε_event (common to all townships); the rest is the independent site term ε_site',
    source: 'assumption (docs/model.md §2.3: each with half the variance)',
    confidence: 'assumption',
    min: 0,
    max: 1,
  },
  // range: > 0 to 20 intensity degrees
  empiricalTheta: {
    value: 10.328811,
    unit: 'intensity degree',
    description: 'PAGER empirical fatality model θ (China), of the headline deaths: rate Φ(ln(I/θ)/β) by whole intensity',
    source: 'USGS PAGER empirical model, losspager/data/fatality.xml line 47 (Jaiswal & Wald 2010; H)',
    confidence: 'H',
    min: 0,
    minExclusive: true,
    max: 20,
  },
  // range: > 0 to 5
  empiricalBeta: {
    value: 0.100058,
    unit: '-',
    description: 'PAGER empirical fatality model β (China), of the headline deaths',
    source: 'USGS PAGER empirical model, losspager/data/fatality.xml line 47 (Jaiswal & Wald 2010; H)',
    confidence: 'H',
    min: 0,
    minExclusive: true,
    max: 5,
  },
  empiricalScale: {
    value: 0.172,
    unit: 'factor',
    description: 'calibration of the empirical death rate for recent Chinese earthquakes: headline deaths = this × population × Φ(ln(I/θ)/β)',
    source:
      'sim backtest (docs/backtest.md): geometric mean of (observed + 1)/(predicted + 1) deaths over the 6 bundled Chinese earthquakes with a complete intensity map (Changning 2019, Jishishan 2023, Jiuzhaigou 2017, Luding 2022, Pingyuan 2023, Yangbi 2021) = 0.1715; leave-one-out (each event predicted with the factor of the other five): all 6 within a factor of 3, geometric-mean ratio 1.36 (M)',
    confidence: 'M',
    min: 0,
    minExclusive: true,
    max: 10,
  },
  // range: 0–100
  injuredPerDeath: {
    value: 6.5,
    unit: 'injured per death',
    description: 'injured = this × deaths',
    source: 'Hazus indoor casualty rates at collapse: severities 1–3 sum to 65 % vs 10 % deaths (docs/model.md §2.3; M)',
    confidence: 'M',
    min: 0,
    max: 100,
  },
  trappedShareOfSurvivors: {
    value: 0.22,
    unit: 'share',
    description: 'trapped survivors needing extraction = this × (occupants of collapsed buildings − deaths)',
    source: 'assumption built on Yushu 2010 (6,870 extracted from ruins vs 2,698 dead; docs/model.md §2.3)',
    confidence: 'assumption',
    min: 0,
    max: 1,
  },
  // range: 0–1000 team-hours
  rescueTeamHoursPerTrapped: {
    value: 4,
    unit: 'team-hours per extraction',
    description: 'hours of a 10-person team to extract one trapped person from a collapse',
    source: 'assumption (docs/model.md §4.3)',
    confidence: 'assumption',
    min: 0,
    max: 1000,
  },
  displacedIntensities: {
    value: [6.5, 7, 8, 9, 10],
    unit: 'intensity degree',
    description: 'intensities of the displacement curve points (share 0 below the first, the last share above the last, linear between)',
    source: 'ITB displacement model as in InaSAFE (docs/model.md §2.3; M)',
    confidence: 'M',
    min: 0,
    max: 12,
    length: 5,
  },
  displacedShares: {
    value: [0, 0.1, 0.5, 0.75, 1],
    unit: 'share of population',
    description: 'displaced share of the population at each of displacedIntensities',
    source: 'ITB displacement model as in InaSAFE (docs/model.md §2.3; M)',
    confidence: 'M',
    min: 0,
    max: 1,
    length: 5,
  },
  shelterClassIIFromIntensity: {
    value: 7.5,
    unit: 'intensity degree',
    description: 'displaced people need class II shelter (10–30 days) from this intensity, class III below',
    source: 'assumption (docs/model.md §2.3)',
    confidence: 'assumption',
    min: 0,
    max: 12,
  },
  shelterClassIFromIntensity: {
    value: 8.5,
    unit: 'intensity degree',
    description: 'displaced people need class I shelter (≥ 30 days) from this intensity',
    source: 'assumption (docs/model.md §2.3)',
    confidence: 'assumption',
    min: 0,
    max: 12,
  },
} satisfies ParamTable;

export type EarthquakeParams = ParamValues<typeof EARTHQUAKE_PARAMS>;

/** A field's range and message (the shared validation spec). */
export type FieldSpec = NumberSpec;

/** Fields of a scenario-mode event; any left out are sampled as in annual mode. */
export const EARTHQUAKE_EVENT_FIELDS: Record<string, FieldSpec> = {
  magnitude: { min: M_MIN, max: MMAX_LIMIT, expected: 'a magnitude (Ms, taken as M)' },
  lat: { min: -90, max: 90, expected: 'an epicentre latitude in degrees (−90 to 90)' },
  lon: { min: -180, max: 180, expected: 'an epicentre longitude in degrees (−180 to 180)' },
  azimuthDeg: { min: -360, max: 360, expected: 'a long-axis azimuth in degrees east of north (−360 to 360)' },
  hour: { min: 0, max: 24, maxExclusive: true, expected: 'a local hour of the day, 0 to under 24' },
  residuals: { min: 0, max: 1, integer: true, booleans: true, expected: '1 (intensity residuals on) or 0 (off)' },
};

/** Fields of a source zone in the entry's `zones:` list. */
export const EARTHQUAKE_ZONE_FIELDS: Record<string, FieldSpec & { required: boolean; minExclusive?: boolean }> = {
  lat: { min: -90, max: 90, required: true, expected: 'a zone centre latitude in degrees (−90 to 90)' },
  lon: { min: -180, max: 180, required: true, expected: 'a zone centre longitude in degrees (−180 to 180)' },
  radiusKm: { min: 0, minExclusive: true, max: 5000, required: true, expected: 'a zone radius in km (> 0, up to 5000): a zone needs an area' },
  rate6: { min: 0, max: 500, required: true, expected: 'an annual rate of M ≥ 6 events (≥ 0 per year)' },
  b: { min: 0, minExclusive: true, max: 3, required: false, expected: 'a Gutenberg–Richter b-value (> 0, up to 3)' },
  mmax: { min: M_MIN, minExclusive: true, max: MMAX_LIMIT, required: false, expected: `a maximum magnitude (> ${M_MIN}, up to ${MMAX_LIMIT})` },
};

/** A validated source zone (settings.zones of the HazardConfig). */
export interface SourceZone {
  name: string;
  lat: number;
  lon: number;
  radiusKm: number;
  rate6: number;
  b: number;
  mmax: number;
}
