/** PROVISIONAL (replaced by the checks branch): shared validation helpers. */
import { InputError } from './errors.js';

export function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function show(v: unknown): string {
  return v === undefined ? 'nothing' : JSON.stringify(v);
}

export interface NumberSpec {
  min: number;
  max: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  expected: string;
  required?: boolean;
}

export function checkNumber(spec: NumberSpec, v: unknown, field: string): number {
  const ok = typeof v === 'number' && Number.isFinite(v) && (spec.minExclusive ? v > spec.min : v >= spec.min) && (spec.maxExclusive ? v < spec.max : v <= spec.max);
  if (!ok) throw new InputError(`${field}: expected ${spec.expected}, found ${show(v)}`);
  return v as number;
}

export function checkEventFields(raw: unknown, specs: Record<string, NumberSpec>, path: string): Record<string, number> {
  if (!isMapping(raw)) throw new InputError(`${path}: expected a mapping of event fields, found ${show(raw)}`);
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(raw)) {
    const spec = specs[k];
    if (!spec) throw new InputError(`${path}.${k}: unknown event field "${k}"; expected one of: ${Object.keys(specs).join(', ')}`);
    out[k] = checkNumber(spec, v, `${path}.${k}`);
  }
  return out;
}
