/**
 * Flood defaults (docs/model.md §2.2), each with its source. Override any of them
 * in a scenario's `parameters:` by name. The JRC depth-damage table is data
 * with its own citation (src/impact/jrc-flood.ts), not a parameter.
 */
import type { ParamTable } from '../../core/params.js';
import { JONKMAN_REMAINING_MU, JONKMAN_REMAINING_SIGMA } from '../../impact/jonkman.js';
import { FLOOD_PLAIN_SHARE } from '../../impact/flood.js';
import type { NumberSpec } from '../../core/validate.js';
import type { RegionAttribute } from '../types.js';

/** Return periods (years) of the depth-curve columns of hazard.csv. */
export const FLOOD_CURVE_T = [10, 20, 50, 100, 200] as const;
export const FLOOD_PROTECTION_T = 'floodProtectionT';
export const FLOOD_DEPTH_CURVE = 'floodDepthCurve';

/** What the flood (and the typhoon's rain-flood chain) reads from hazard.csv. */
export const FLOOD_ATTRIBUTES: readonly RegionAttribute[] = [
  {
    key: FLOOD_PLAIN_SHARE,
    columns: ['flood_plain_share'],
    unit: 'share of population',
    description: 'share of the township population living in the flood plain',
    defaultNote: 'floodPlainShareCoastal / floodPlainShareInland (assumption, docs/model.md §2.2)',
    min: 0,
    max: 1,
    expected: 'a share between 0 and 1',
    flag: 'floodPlainDefault',
  },
  {
    key: FLOOD_PROTECTION_T,
    columns: ['flood_protection_T'],
    unit: 'years',
    description: 'flood protection standard (return period)',
    defaultNote: 'protectionUrbanT for 街道, protectionRuralT otherwise (GB 50201-2014 classes, docs/model.md §2.2)',
    min: 1,
    expected: 'a protection standard in years (≥ 1)',
  },
  {
    key: FLOOD_DEPTH_CURVE,
    columns: FLOOD_CURVE_T.map((T) => `flood_depth_T${T}`),
    unit: 'm',
    description: 'flood-plain depth at return periods 10, 20, 50, 100, 200 years (an undefended hazard-map curve)',
    defaultNote: 'the default curve d100·ln(T/Tp)/ln(100/Tp) (assumption, docs/model.md §2.2)',
    min: 0,
    expected: 'a flood depth in metres (≥ 0)',
    allOrNone: 'all five depths of the curve or none',
    nonDecreasing: { expected: 'a depth that does not decrease with return period', labels: FLOOD_CURVE_T.map((T) => `T${T}`) },
    flag: 'floodCurveDefault',
  },
];

const GB50201 =
  'GB 50201-2014 防洪标准 protection classes as summarised in docs/model.md §2.2 (urban class IV 20–50 yr, rural class III–IV 10–30 yr); the mapping 街道 → urban, others → rural and the value inside the class are ours';
const JONKMAN = 'Jonkman, Vrijling & Vrouwenvelder 2008, Nat. Hazards 46:353, "remaining zone", h in m (docs/model.md §2.2; M)';

export const FLOOD_PARAMS = {
  townshipCorrelation: {
    value: 0.7,
    unit: '-',
    description: 'ρ: correlation of the township standard-normal flood variables, Z_t = √ρ·Z + √(1−ρ)·ε_t',
    source: 'assumption (docs/model.md §2.2)',
    confidence: 'assumption',
    min: 0,
    max: 1,
  },
  // range: 0–30 m
  depthAt100M: {
    value: 1.5,
    unit: 'm',
    description: 'd100: flood-plain depth at T = 100 yr on the default depth curve, depth(T) = d100·ln(T/Tp)/ln(100/Tp) for T > Tp (used where the dataset has no curve)',
    source: 'assumption (docs/model.md §2.2)',
    confidence: 'assumption',
    min: 0,
    max: 30,
  },
  // protection standards: > 1 to 10,000 years
  protectionUrbanT: {
    value: 50,
    unit: 'yr',
    description: 'flood protection standard Tp of an urban subdistrict (街道) where the dataset gives none: no flooding at or below this return period',
    source: GB50201,
    confidence: 'L',
    min: 1,
    minExclusive: true,
    max: 10000,
  },
  protectionRuralT: {
    value: 20,
    unit: 'yr',
    description: 'flood protection standard Tp of a town or township (镇/乡) where the dataset gives none',
    source: GB50201,
    confidence: 'L',
    min: 1,
    minExclusive: true,
    max: 10000,
  },
  floodPlainShareCoastal: {
    value: 0.1,
    unit: 'share of population',
    description: 'share of a coastal township’s population living in the flood plain, where the dataset gives none',
    source: 'assumption (docs/model.md §2.2)',
    confidence: 'assumption',
    min: 0,
    max: 1,
  },
  floodPlainShareInland: {
    value: 0.05,
    unit: 'share of population',
    description: 'share of an inland township’s population living in the flood plain, where the dataset gives none',
    source: 'assumption (docs/model.md §2.2)',
    confidence: 'assumption',
    min: 0,
    max: 1,
  },
  evacuatedShare: {
    value: 0.8,
    unit: 'share of flood-plain population',
    description: 'flood-plain population evacuated before the flood where depth > 0 (warning effectiveness, "果断转移")',
    source: 'assumption (docs/model.md §2.2)',
    confidence: 'assumption',
    min: 0,
    max: 1,
  },
  trappedShare: {
    value: 0.1,
    unit: 'share of non-evacuated flood-plain population',
    description: 'non-evacuated flood-plain population trapped and needing extraction where depth > trappedAboveDepthM',
    source: 'assumption (docs/model.md §2.2)',
    confidence: 'assumption',
    min: 0,
    max: 1,
  },
  // depth thresholds: 0–30 m
  trappedAboveDepthM: {
    value: 1.0,
    unit: 'm',
    description: 'people are trapped only where the depth exceeds this',
    source: 'assumption (docs/model.md §2.2)',
    confidence: 'assumption',
    min: 0,
    max: 30,
  },
  shelterClassIIFromM: {
    value: 1.0,
    unit: 'm',
    description: 'displaced people need class II shelter (10–30 days) from this depth on; class III below',
    source: 'assumption (docs/model.md §2.2: < 1 m III, 1–2 m II, > 2 m I)',
    confidence: 'assumption',
    min: 0,
    max: 30,
  },
  shelterClassIAboveM: {
    value: 2.0,
    unit: 'm',
    description: 'displaced people need class I shelter (≥ 30 days) above this depth',
    source: 'assumption (docs/model.md §2.2: < 1 m III, 1–2 m II, > 2 m I)',
    confidence: 'assumption',
    min: 0,
    max: 30,
  },
  // range: 0–1000 team-hours
  rescueHoursPerTrapped: {
    value: 1,
    unit: 'team-hours of a 10-person unit per person',
    description: 'rescue effort per trapped person extracted from a flood',
    source: 'assumption (docs/model.md §4.3)',
    confidence: 'assumption',
    min: 0,
    max: 1000,
  },
  // range: −10 to 10 (ln m)
  jonkmanMu: { min: -10, value: JONKMAN_REMAINING_MU, unit: 'ln m', description: 'μ of the lognormal mortality function F(h) = Φ((ln h − μ)/σ)', source: JONKMAN, confidence: 'M', max: 10 },
  // range: > 0 to 5 (ln m)
  jonkmanSigma: {
    value: JONKMAN_REMAINING_SIGMA,
    unit: 'ln m',
    description: 'σ of the lognormal mortality function',
    source: JONKMAN,
    confidence: 'M',
    min: 0,
    minExclusive: true,
    max: 5,
  },
} satisfies ParamTable;

export type FloodParams = { [K in keyof typeof FLOOD_PARAMS]: (typeof FLOOD_PARAMS)[K]['value'] };

/** Fields of a scenario-mode `event:` (per-township depths go under the entry's `depths:` instead). */
export const FLOOD_EVENT_FIELDS: Record<string, NumberSpec> = {
  returnPeriod: { min: 1, minExclusive: true, max: Infinity, expected: 'a return period in years, a number > 1' },
};
