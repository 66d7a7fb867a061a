/**
 * Model parameters with their sources. Every default in docs/model.md is declared
 * here (by the model that uses it) with its value, unit, source and whether it
 * is an assumption, so a scenario can override it by name and every run can
 * echo what it used.
 *
 * A parameter that describes one region rather than the model (a storm count
 * around one city, a default earthquake source zone) is declared `regional`:
 * its value, source and confidence live in the region dataset
 * (datasets/<region>/hazard-parameters.yaml, read by src/scenario/region-parameters.ts),
 * so no region's numbers hide in code as another region's defaults.
 */
import { InputError } from './errors.js';
import { show } from './validate.js';

export type Confidence = 'H' | 'M' | 'L' | 'assumption';
export const CONFIDENCES: readonly Confidence[] = ['H', 'M', 'L', 'assumption'];

interface SpecBase {
  unit: string;
  description: string;
  /**
   * Bounds checked on overrides and region values: [min, max], inclusive unless open. Every
   * parameter has both (test/hostile-scenario.test.ts checks): a physically meaningful range,
   * so a typo (1e9 storms a year) is an input error rather than a sampler's crash or a hang.
   */
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  /** For lists: required length (a regional list parameter is a list because it has one). */
  length?: number;
}

/** A model parameter: its default value and source are in code. */
export interface ModelParamSpec extends SpecBase {
  regional?: false;
  value: number | number[];
  source: string;
  confidence: Confidence;
}

/** A region-specific parameter: no value in code; the region dataset (or the scenario) gives it. */
export interface RegionalParamSpec extends SpecBase {
  regional: true;
  value?: never;
  source?: never;
  confidence?: never;
  /** A key of the hazard entry whose presence makes this parameter unused (earthquake `zones:` replace the default zone), so the region need not give it then. */
  unusedWith?: string;
}

export type ParamSpec = ModelParamSpec | RegionalParamSpec;
export type ParamTable = Record<string, ParamSpec>;

/** The value type of a spec: its code value's type, or for a regional one a list if it has a length. */
export type ParamValue<S> = S extends { value: infer V } ? V : S extends { length: number } ? number[] : number;
export type ParamValues<T extends ParamTable> = { [K in keyof T]: ParamValue<T[K]> };

export function isRegional(spec: ParamSpec): spec is RegionalParamSpec {
  return spec.regional === true;
}

function isList(spec: ParamSpec): boolean {
  return isRegional(spec) ? spec.length !== undefined : Array.isArray(spec.value);
}

export interface UsedParam {
  value: number | number[];
  unit: string;
  source: string;
  confidence: Confidence;
  overridden: boolean;
  description: string;
  /** Set on a regional parameter that nobody gave a value: the scenario loader rejects a hazard that still lists one. */
  missing?: true;
}

/** Source recorded for a regional parameter without a value (never reaches an output: see `missing`). */
export const MISSING_SOURCE = 'none: region-specific, given neither by the region dataset nor by the scenario';

/**
 * Merge user overrides into a parameter table. Unknown names and out-of-range
 * values are input errors naming the scenario field. A regional parameter that
 * is not overridden resolves to NaN and is marked `missing`: the scenario
 * loader passes region values in as overrides and rejects what is still missing,
 * so a hazard never runs on it.
 */
export function resolveParams<T extends ParamTable>(
  table: T,
  overrides: Record<string, unknown> | undefined,
  where: string,
): { values: ParamValues<T>; used: Record<string, UsedParam> } {
  const values: Record<string, number | number[]> = {};
  const used: Record<string, UsedParam> = {};
  for (const [k, spec] of Object.entries(table)) {
    if (isRegional(spec)) {
      const v = spec.length !== undefined ? new Array<number>(spec.length).fill(NaN) : NaN;
      values[k] = v;
      used[k] = { value: v, unit: spec.unit, source: MISSING_SOURCE, confidence: 'assumption', overridden: false, description: spec.description, missing: true };
      continue;
    }
    values[k] = spec.value;
    used[k] = { value: spec.value, unit: spec.unit, source: spec.source, confidence: spec.confidence, overridden: false, description: spec.description };
  }
  for (const [k, raw] of Object.entries(overrides ?? {})) {
    const spec = table[k];
    if (!spec) {
      const known = Object.keys(table).join(', ');
      throw new InputError(`${where}.${k}: unknown parameter "${k}"; expected one of: ${known}`);
    }
    const v = checkParamValue(spec, raw, `${where}.${k}`);
    values[k] = v;
    const { missing: _m, ...rest } = used[k];
    used[k] = { ...rest, value: v, source: 'scenario override', overridden: true };
  }
  return { values: values as ParamValues<T>, used };
}

function checkNumber(spec: ParamSpec, raw: unknown, field: string): number {
  if (typeof raw !== 'number' || !Number.isFinite(raw)) {
    throw new InputError(`${field}: expected a number (${spec.unit}), found ${show(raw)}`);
  }
  if (spec.min !== undefined && (spec.minExclusive ? raw <= spec.min : raw < spec.min)) {
    throw new InputError(`${field}: expected a number ${spec.minExclusive ? '>' : '≥'} ${spec.min} (${spec.unit}), found ${show(raw)}`);
  }
  if (spec.max !== undefined && (spec.maxExclusive ? raw >= spec.max : raw > spec.max)) {
    throw new InputError(`${field}: expected a number ${spec.maxExclusive ? '<' : '≤'} ${spec.max} (${spec.unit}), found ${show(raw)}`);
  }
  return raw;
}

/** Check a value (an override or a region value) against its spec: type, list length, bounds. Errors start with `field`. */
export function checkParamValue(spec: ParamSpec, raw: unknown, field: string): number | number[] {
  if (isList(spec)) {
    const n = spec.length ?? (spec.value as number[]).length;
    if (!Array.isArray(raw)) throw new InputError(`${field}: expected a list of ${n} numbers, found ${show(raw)}`);
    if (raw.length !== n) throw new InputError(`${field}: expected a list of ${n} numbers, found ${raw.length}`);
    return raw.map((x, i) => checkNumber(spec, x, `${field}[${i}]`));
  }
  return checkNumber(spec, raw, field);
}
