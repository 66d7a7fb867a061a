/**
 * An error in the user's input: a scenario, dataset or plan file, or a flag.
 * The CLI prints `message` alone (no stack trace) and exits with code 2.
 * The message names where (file, line/column or row and field), what was
 * expected and what was found, so a planner can fix the file without reading code.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(message: string) {
    super(message);
  }
}

export interface Location {
  file: string;
  line?: number;
  column?: number;
  row?: number;
  field?: string;
}

export function where(loc: Location): string {
  let s = loc.file;
  if (loc.line !== undefined) s += `:${loc.line}${loc.column !== undefined ? `:${loc.column}` : ''}`;
  if (loc.row !== undefined) s += ` row ${loc.row}`;
  if (loc.field !== undefined) s += `, field "${loc.field}"`;
  return s;
}

export function inputError(loc: Location, expected: string, found: unknown): InputError {
  const f = typeof found === 'string' ? JSON.stringify(found) : found === undefined ? 'nothing' : JSON.stringify(found);
  return new InputError(`${where(loc)}: expected ${expected}, found ${f}`);
}
