/**
 * Typhoon defaults (docs/model.md §2.1), each with its source. Override any of
 * them in a scenario's `parameters:` by name.
 *
 * Regional (value and source in datasets/<region>/hazard-parameters.yaml):
 * the storm climate around the region — the rate counted within a radius of
 * the city, the class mix calibrated to that count, the track offset that
 * must match the counting radius, and the track heading. Storm structure,
 * decay, damage and evacuation rules stay here as model parameters.
 */
import type { ParamTable, ParamValues } from '../../core/params.js';

const GBT19201 = 'GB/T 19201-2006 tropical cyclone grades (H)';

export const TYPHOON_PARAMS = {
  // The description still names Weihai: it is echoed in summary.json, which this move must not change.
  // range: 0–50 storms a year (the busiest basin sees ~30 a year in all; 50 is beyond any region)
  rate: { regional: true, unit: 'storms/yr', description: 'tropical storms or stronger passing within 300 km of Weihai city', min: 0, max: 50 },
  classProbabilities: {
    regional: true,
    unit: 'probability',
    description: 'share of storms by Chinese class at closest approach: TS, STS, TY, STY, SuperTY',
    min: 0,
    max: 1,
    length: 5,
  },
  // range: 0–100 m/s (no tropical cyclone wind measured above ~96 m/s)
  classLowerBoundsMs: {
    value: [17.2, 24.5, 32.7, 41.5, 51.0],
    unit: 'm/s',
    description: 'lower bound of each class TS, STS, TY, STY, SuperTY (2-min mean, taken as equal to 1-min)',
    source: GBT19201,
    confidence: 'H',
    min: 0,
    length: 5,
    max: 100,
  },
  // range: 51–100 m/s
  superTyphoonMaxMs: {
    value: 65,
    unit: 'm/s',
    description: 'upper bound for sampling a super typhoon speed (GB/T 19201 has none); unused at the default class probabilities',
    source: 'assumption',
    confidence: 'assumption',
    min: 51,
    max: 100,
  },
  // range: > 0 to 2000 km
  offsetHalfWidthKm: {
    regional: true,
    unit: 'km',
    description: 'closest-approach offset of the track from the region reference point is uniform in ±this',
    min: 0,
    minExclusive: true,
    max: 2000,
  },
  headingMeanDeg: { regional: true, unit: '° east of north', description: 'mean track heading', min: -360, max: 360 },
  // range: 0–180°
  headingSdDeg: { regional: true, unit: '°', description: 'standard deviation of the heading', min: 0, max: 180 },
  // range: > 0 to 500 km (as the event field rmaxKm)
  rmaxMedianKm: {
    value: 40,
    unit: 'km',
    description: 'median radius of maximum wind (lognormal)',
    source: "assumption (docs/model.md §2.1; CLIMADA's pressure-based estimate gives 15–57 nm over 872–1021 hPa)",
    confidence: 'assumption',
    min: 0,
    minExclusive: true,
    max: 500,
  },
  // range: 0–3 (ln km)
  rmaxSigmaLn: { value: 0.35, unit: 'ln km', description: 'log standard deviation of Rmax', source: 'assumption (docs/model.md §2.1)', confidence: 'assumption', min: 0, max: 3 },
  vortexExponent: {
    value: 0.5,
    unit: '-',
    description: 'modified Rankine decay exponent outside Rmax',
    source: 'assumption (docs/model.md §2.1; 0.4–0.6 in the literature)',
    confidence: 'assumption',
    min: 0,
    minExclusive: true,
    max: 2,
  },
  // range: 0–100 m/s
  windCutoffMs: { value: 17.5, unit: 'm/s', description: 'site winds below this are zero', source: "CLIMADA's wind cut-off (H)", confidence: 'H', min: 0, max: 100 },
  // decay ranges: α 0–2 per hour, Vb 0–100 m/s
  decayAlphaSouthPerH: { value: 0.095, unit: '1/h', description: 'inland decay rate α at ≤ 36°N', source: 'Kaplan & DeMaria 1995, NHC decay routine (H)', confidence: 'H', min: 0, max: 2 },
  decayVbSouthMs: { value: 13.7, unit: 'm/s', description: 'background speed Vb at ≤ 36°N (26.7 kt)', source: 'Kaplan & DeMaria 1995, NHC decay routine (H)', confidence: 'H', min: 0, max: 100 },
  decayAlphaNorthPerH: { value: 0.183, unit: '1/h', description: 'inland decay rate α at ≥ 40°N', source: 'Kaplan & DeMaria 1995, NHC decay routine (H)', confidence: 'H', min: 0, max: 2 },
  decayVbNorthMs: { value: 15.2, unit: 'm/s', description: 'background speed Vb at ≥ 40°N (29.6 kt)', source: 'Kaplan & DeMaria 1995, NHC decay routine (H)', confidence: 'H', min: 0, max: 100 },
  // range: > 0 to 200 km/h
  translationSpeedKmh: {
    value: 30,
    unit: 'km/h',
    description: 'storm translation speed, turns distance inland into hours over land',
    source: 'assumption (docs/model.md §2.1)',
    confidence: 'assumption',
    min: 0,
    minExclusive: true,
    max: 200,
  },
  // range: 26–300 m/s
  vHalfMs: {
    value: 112.8,
    unit: 'm/s',
    description: 'Emanuel damage function V_half (80.2 as a sensitivity)',
    source: 'Eberenz, Lüthi & Bresch 2021, NHESS 21:393, mainland China TDR1.0 (M)',
    confidence: 'M',
    min: 26,
    max: 300,
  },
  personsPerHousehold: {
    regional: true,
    unit: 'persons per household',
    description: 'average family-household size, to count the houses wind destroys (one house per household)',
    min: 0.5,
    max: 20,
  },
  // wind thresholds: 0–100 m/s
  vThreshMs: { value: 25.7, unit: 'm/s', description: 'Emanuel damage function threshold', source: 'Emanuel 2011 (H)', confidence: 'H', min: 0, max: 100 },
  evacuationStartMs: { value: 17.2, unit: 'm/s', description: 'site wind at which pre-emptive evacuation starts (tropical storm)', source: GBT19201, confidence: 'H', min: 0, max: 100 },
  evacuationFullMs: { value: 32.7, unit: 'm/s', description: 'site wind at which the whole exposed share is evacuated (typhoon)', source: GBT19201, confidence: 'H', min: 0, max: 100 },
  exposedShareCoastal: {
    value: 0.05,
    unit: 'share of population',
    description: 'population exposed to pre-emptive evacuation in a coastal township',
    source: 'assumption (docs/model.md §2.1)',
    confidence: 'assumption',
    min: 0,
    max: 1,
  },
  exposedShareInland: {
    value: 0.01,
    unit: 'share of population',
    description: 'population exposed to pre-emptive evacuation in an inland township',
    source: 'assumption (docs/model.md §2.1)',
    confidence: 'assumption',
    min: 0,
    max: 1,
  },
  rainfallCorrelation: {
    value: 0.6,
    unit: '-',
    description: "correlation of a storm's regional rainfall (normal score) with its wind uniform: Z = ρ·Φ⁻¹(u_w) + √(1−ρ²)·ε (used by the flood chain)",
    source: 'assumption (docs/model.md §2.1 chain: 0.6 and 0.8)',
    confidence: 'assumption',
    min: -1,
    max: 1,
  },
} satisfies ParamTable;

export type TyphoonParams = ParamValues<typeof TYPHOON_PARAMS>;

/** Fields of a scenario-mode event; any left out are sampled as in annual mode. */
export const TYPHOON_EVENT_FIELDS = {
  lat: { min: -90, max: 90, expected: 'a latitude of a point on the track, in degrees' },
  lon: { min: -180, max: 180, expected: 'a longitude of a point on the track, in degrees' },
  headingDeg: { min: -360, max: 360, expected: 'a track heading in degrees east of north' },
  vmax: { min: 17.2, max: 100, expected: 'a maximum sustained wind in m/s (17.2–100)' },
  rmaxKm: { min: 1, max: 500, expected: 'a radius of maximum wind in km (1–500)' },
} as const;
