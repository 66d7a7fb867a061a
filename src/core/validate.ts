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

/** Longest shown value: a message stays one readable line even when the file holds a megabyte of junk. */
const SHOW_MAX = 120;

/**
 * How a found value is shown in messages: 'nothing' for undefined, YAML's own words for what JSON
 * cannot write (.inf, -.inf, .nan, -0), else JSON (control characters escaped), cut at 120 characters.
 */
export function show(v: unknown): string {
  // JSON.stringify(undefined) is undefined, which would print as "found undefined"
  if (v === undefined) return 'nothing';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '.nan';
    if (v === Infinity) return '.inf';
    if (v === -Infinity) return '-.inf';
    if (Object.is(v, -0)) return '-0';
    return String(v);
  }
  if (typeof v === 'bigint') return String(v);
  let s: string;
  try {
    s = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? (Number.isNaN(x) ? '.nan' : x > 0 ? '.inf' : '-.inf') : x)) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > SHOW_MAX ? `${s.slice(0, SHOW_MAX)}… (${s.length} characters)` : s;
}

/** C0/C1 control characters (NUL, escape, bell…), DEL, and Unicode line/paragraph separators and bidi overrides. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

/**
 * A name copied into outputs (scenario name, plan name, hazard name): text, not blank, no control
 * characters, at most 200 characters. Throws InputError(`${where}: ${field}: expected …, found …`).
 */
export function checkName(v: unknown, where: string, field: string, what: string): string {
  if (typeof v !== 'string' || v.trim() === '') throw new InputError(`${where}: ${field}: expected ${what} (text), found ${show(v)}`);
  const c = CONTROL.exec(v);
  if (c) {
    const code = `U+${c[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    throw new InputError(`${where}: ${field}: expected ${what} (text without control characters), found ${show(v)} with ${code === 'U+0000' ? 'a NUL byte (U+0000)' : `the control character ${code}`} at character ${c.index + 1}`);
  }
  if (v.length > 200) throw new InputError(`${where}: ${field}: expected ${what} of at most 200 characters, found ${v.length} characters`);
  return v;
}

/** Free text copied into outputs (a description, a note): line breaks and tabs allowed, other control characters not. */
export function checkText(v: string, where: string, field: string): string {
  // eslint-disable-next-line no-control-regex
  const c = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u.exec(v);
  if (c) {
    const code = `U+${c[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    throw new InputError(`${where}: ${field}: expected text without control characters, found ${code === 'U+0000' ? 'a NUL byte (U+0000)' : `the control character ${code}`} at character ${c.index + 1}`);
  }
  return v;
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
