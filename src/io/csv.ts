/** CSV reading with the checks every input table needs: file present, required columns, numbers that are numbers. */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { InputError } from '../core/errors.js';

export interface CsvRow {
  /** Line in the file where the record starts (1-based, counting comments and the header). */
  line: number;
  values: Record<string, string>;
}

export interface CsvTable {
  file: string;
  columns: string[];
  rows: CsvRow[];
}

export function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${file}: ${what} not found (no such file)`);
    if (code === 'EISDIR') throw new InputError(`${file}: expected ${what} (a file), found a directory`);
    throw new InputError(`${file}: cannot read ${what}: ${(e as Error).message}`);
  }
}

export function readCsv(file: string, what: string, required: readonly string[]): CsvTable {
  const text = readText(file, what);
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim()),
      comment: '#',
      comment_no_infix: true,
      skip_empty_lines: true,
      info: true,
      trim: true,
    }) as unknown as { record: Record<string, string>; info: { lines: number } }[];
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw new InputError(`${file}${err.lines ? `:${err.lines}` : ''}: malformed CSV: ${err.message.replace(/^Invalid Record Length: /, '')}`);
  }
  const columns = records.length > 0 ? Object.keys(records[0].record) : headerOf(text);
  const missing = required.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new InputError(
      `${file}: missing required column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}; found columns: ${columns.join(', ')}`,
    );
  }
  if (records.length === 0) throw new InputError(`${file}: expected at least one data row, found none`);
  return { file, columns, rows: records.map((r) => ({ line: r.info.lines, values: r.record })) };
}

function headerOf(text: string): string[] {
  const line = text.replace(/^\uFEFF/, '').split(/\r?\n/).find((l) => l.trim() !== '' && !l.startsWith('#'));
  return line ? line.split(',').map((s) => s.trim()) : [];
}

export interface NumberRule {
  min?: number;
  /** The minimum itself is not allowed. */
  minExclusive?: boolean;
  max?: number;
  integer?: boolean;
  optional?: boolean;
  /** Human description of what is expected, e.g. "a population ≥ 0". */
  expected?: string;
}

/** A numeric cell, validated; the error names file, line, row field, expectation and the value found. */
export function cellNumber(t: CsvTable, row: CsvRow, field: string, rule: NumberRule = {}): number {
  const raw = row.values[field];
  const expected =
    rule.expected ??
    `${rule.integer ? 'an integer' : 'a number'}${rule.min !== undefined ? ` ${rule.minExclusive ? '>' : '≥'} ${rule.min}` : ''}${rule.max !== undefined ? ` and ≤ ${rule.max}` : ''}`;
  if (raw === undefined || raw === '') {
    if (rule.optional) return NaN;
    throw new InputError(`${t.file}:${row.line}: field "${field}": expected ${expected}, found an empty cell`);
  }
  const v = Number(raw);
  if (!Number.isFinite(v) || (rule.integer && !Number.isInteger(v)) || (rule.min !== undefined && (rule.minExclusive ? v <= rule.min : v < rule.min)) || (rule.max !== undefined && v > rule.max)) {
    throw new InputError(`${t.file}:${row.line}: field "${field}": expected ${expected}, found ${JSON.stringify(raw)}`);
  }
  return v;
}

export function cellText(t: CsvTable, row: CsvRow, field: string, allowed?: readonly string[]): string {
  const raw = row.values[field] ?? '';
  if (raw === '') throw new InputError(`${t.file}:${row.line}: field "${field}": expected a value, found an empty cell`);
  if (allowed && !allowed.includes(raw)) {
    throw new InputError(`${t.file}:${row.line}: field "${field}": expected one of ${allowed.join(', ')}, found ${JSON.stringify(raw)}`);
  }
  return raw;
}
