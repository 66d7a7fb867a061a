/**
 * Checks shared by every reader of user input (scenario, plan and hazard
 * fields), so that the same mistake gets the same message wherever it is made:
 * "<field>: expected <what>, found <value>".
 */
import { InputError } from './errors.js';

/** A plain mapping (object, not null, not an array). */
export function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** How a found value is shown in messages: 'nothing' for undefined, else JSON. */
export function show(v: unknown): string {
  // JSON.stringify(undefined) is undefined, which would print as "found undefined"
  return v === undefined ? 'nothing' : JSON.stringify(v);
}

/** Numeric range spec for a field. */
export interface NumberSpec {
  min: number;
  max: number;
  /** The minimum itself is out of range. */
  minExclusive?: boolean;
  /** The maximum itself is out of range. */
  maxExclusive?: boolean;
  /** What a valid value is, in words: the message reads "expected <expected>". */
  expected: string;
  /** checkEventFields: the field must be given (a missing one is reported as "found nothing"). */
  required?: boolean;
  /** Whole numbers only. */
  integer?: boolean;
  /** Accept true and false as 1 and 0 (a switch a planner may write either way). */
  booleans?: boolean;
}

/** Check one number against its spec; throws InputError(`${field}: expected ${spec.expected}, found ${show(v)}`). */
export function checkNumber(spec: NumberSpec, v: unknown, field: string): number {
  const n = spec.booleans && typeof v === 'boolean' ? Number(v) : v;
  const ok =
    typeof n === 'number' &&
    Number.isFinite(n) &&
    (!spec.integer || Number.isInteger(n)) &&
    (spec.minExclusive ? n > spec.min : n >= spec.min) &&
    (spec.maxExclusive ? n < spec.max : n <= spec.max);
  // the message shows the value as written (true, not 1)
  if (!ok) throw new InputError(`${field}: expected ${spec.expected}, found ${show(v)}`);
  return n as number;
}

/** Wording a hazard may change in checkEventFields' messages. */
export interface EventFieldOptions {
  /** What the not-a-mapping message expects (default "a mapping of event fields"). */
  expected?: string;
  /** Text after an unknown field's name, e.g. where that field belongs instead; '' for none. */
  unknownHint?: (key: string) => string;
}

/**
 * Validate a mapping of event fields against specs (unknown key → InputError `${path}.${k}: unknown event field "${k}"; expected one of: a, b`;
 * not a mapping → `${path}: expected a mapping of event fields, found …`). Returns the numbers.
 * Fields are checked in the order written, so the first mistake in the file is the one reported;
 * required fields that are missing are reported after that, in the specs' order.
 */
export function checkEventFields(raw: unknown, specs: Record<string, NumberSpec>, path: string, options: EventFieldOptions = {}): Record<string, number> {
  if (!isMapping(raw)) throw new InputError(`${path}: expected ${options.expected ?? 'a mapping of event fields'}, found ${show(raw)}`);
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(raw)) {
    // own keys only: "constructor" or "toString" is an unknown field, not Object.prototype's
    if (!Object.hasOwn(specs, k)) {
      throw new InputError(`${path}.${k}: unknown event field "${k}"${options.unknownHint?.(k) ?? ''}; expected one of: ${Object.keys(specs).join(', ')}`);
    }
    out[k] = checkNumber(specs[k], v, `${path}.${k}`);
  }
  for (const [k, spec] of Object.entries(specs)) {
    if (spec.required && raw[k] === undefined) checkNumber(spec, undefined, `${path}.${k}`);
  }
  return out;
}
