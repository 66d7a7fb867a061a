/**
 * Model parameters with their sources. Every default in model.md is declared
 * here (by the model that uses it) with its value, unit, source and whether it
 * is an assumption, so a scenario can override it by name and every run can
 * echo what it used.
 */
import { InputError } from './errors.js';

export type Confidence = 'H' | 'M' | 'L' | 'assumption';

export interface ParamSpec {
  value: number | number[];
  unit: string;
  description: string;
  source: string;
  confidence: Confidence;
  /** Bounds checked on overrides: [min, max], inclusive unless open. */
  min?: number;
  max?: number;
  minExclusive?: boolean;
  /** For arrays: required length. */
  length?: number;
}

export type ParamTable = Record<string, ParamSpec>;

export interface UsedParam {
  value: number | number[];
  unit: string;
  source: string;
  confidence: Confidence;
  overridden: boolean;
  description: string;
}

/**
 * Merge user overrides into a parameter table. Unknown names and out-of-range
 * values are input errors naming the scenario field.
 */
export function resolveParams<T extends ParamTable>(
  table: T,
  overrides: Record<string, unknown> | undefined,
  where: string,
): { values: { [K in keyof T]: T[K]['value'] }; used: Record<string, UsedParam> } {
  const values: Record<string, number | number[]> = {};
  const used: Record<string, UsedParam> = {};
  for (const [k, spec] of Object.entries(table)) {
    values[k] = spec.value;
    used[k] = { value: spec.value, unit: spec.unit, source: spec.source, confidence: spec.confidence, overridden: false, description: spec.description };
  }
  for (const [k, raw] of Object.entries(overrides ?? {})) {
    const spec = table[k];
    if (!spec) {
      const known = Object.keys(table).join(', ');
      throw new InputError(`${where}.${k}: unknown parameter "${k}"; expected one of: ${known}`);
    }
    const v = checkValue(spec, raw, `${where}.${k}`);
    values[k] = v;
    used[k] = { ...used[k], value: v, source: 'scenario override', overridden: true };
  }
  return { values: values as { [K in keyof T]: T[K]['value'] }, used };
}

function checkNumber(spec: ParamSpec, raw: unknown, field: string): number {
  if (typeof raw !== 'number' || !Number.isFinite(raw)) {
    throw new InputError(`${field}: expected a number (${spec.unit}), found ${JSON.stringify(raw)}`);
  }
  if (spec.min !== undefined && (spec.minExclusive ? raw <= spec.min : raw < spec.min)) {
    throw new InputError(`${field}: expected a number ${spec.minExclusive ? '>' : '≥'} ${spec.min} (${spec.unit}), found ${raw}`);
  }
  if (spec.max !== undefined && raw > spec.max) {
    throw new InputError(`${field}: expected a number ≤ ${spec.max} (${spec.unit}), found ${raw}`);
  }
  return raw;
}

function checkValue(spec: ParamSpec, raw: unknown, field: string): number | number[] {
  if (Array.isArray(spec.value)) {
    if (!Array.isArray(raw)) throw new InputError(`${field}: expected a list of ${spec.value.length} numbers, found ${JSON.stringify(raw)}`);
    if (spec.length !== undefined && raw.length !== spec.length) {
      throw new InputError(`${field}: expected a list of ${spec.length} numbers, found ${raw.length}`);
    }
    return raw.map((x, i) => checkNumber(spec, x, `${field}[${i}]`));
  }
  return checkNumber(spec, raw, field);
}
