/**
 * Text and CSV reading with the checks every input file needs: the file is there, is not too big and is
 * UTF-8 text; the CSV has one header with unique, known column names, rows as long as the header, no
 * control characters in any cell, and numbers that are plain decimal numbers. Every error names the
 * file, its line (and field), what was expected and what was found.
 *
 * Limits (stated in datasets/README.md):
 *   - a file may be at most MAX_FILE_BYTES (200 MB); a CSV at most MAX_CSV_ROWS (2,000,000) data rows;
 *   - text must be UTF-8 (a UTF-8 byte-order mark is allowed); UTF-16 and legacy encodings (GBK…) are refused,
 *     GBK / GB18030 with the text it would read as and how to convert it (iconv, Excel "CSV UTF-8");
 *   - cells and column names may not hold control characters (U+0000–U+001F, U+007F–U+009F), line or
 *     paragraph separators (U+2028/9), bidirectional overrides (U+202A–U+202E, U+2066–U+2069) or a stray
 *     byte-order mark: they would be copied into the outputs.
 */
import { readFileSync, statSync } from 'node:fs';
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
  /** Line of the header. */
  headerLine: number;
}

/** Largest input file read (any CSV or YAML file of a dataset or scenario). */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;
/** Most data rows in one CSV file. */
export const MAX_CSV_ROWS = 2_000_000;

const UTF8_HINT = 'expected UTF-8 text (Excel: Save As → "CSV UTF-8"; other editors: save with encoding UTF-8)';

export function readText(file: string, what: string): string {
  let buf: Buffer;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new InputError(`${file}: expected ${what} (a file), found a directory`);
    if (st.size > MAX_FILE_BYTES) {
      throw new InputError(`${file}: expected ${what} of at most ${MAX_FILE_BYTES / 1024 / 1024} MB, found ${(st.size / 1024 / 1024).toFixed(1)} MB`);
    }
    buf = readFileSync(file);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${file}: ${what} not found (no such file)`);
    if (code === 'EISDIR') throw new InputError(`${file}: expected ${what} (a file), found a directory`);
    throw new InputError(`${file}: cannot read ${what}: ${firstLine((e as Error).message)}`);
  }
  return decodeUtf8(file, buf);
}

/** UTF-8 text of a file's bytes (a leading byte-order mark dropped), or an input error naming the encoding found and where. */
export function decodeUtf8(file: string, buf: Uint8Array): string {
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    throw new InputError(`${file}: ${UTF8_HINT}, found UTF-16 (byte-order mark ${hex(buf.subarray(0, 2))})`);
  }
  // UTF-16 without a byte-order mark: ASCII characters come with a NUL byte each
  const head = buf.subarray(0, 4096);
  let nul = 0;
  for (const b of head) if (b === 0) nul++;
  if (nul >= 2 && nul * 4 >= head.length) throw new InputError(`${file}: ${UTF8_HINT}, found UTF-16 (every other byte is NUL; no byte-order mark)`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    const at = firstInvalidUtf8(buf);
    let line = 1;
    for (let i = 0; i < at; i++) if (buf[i] === 0x0a) line++;
    throw new InputError(`${file}:${line}: ${UTF8_HINT}, found bytes that are not UTF-8 (${hex(buf.subarray(at, at + 4))}) at line ${line} (GBK or another legacy encoding?)${legacyHint(file, buf, at)}`);
  }
}

/**
 * For bytes that are not UTF-8: whether the file reads as GB18030 (of which GBK and GB2312 are
 * subsets: what Excel and most Chinese Windows programs write as "CSV"), with the text it would
 * have around the first bad byte so the user can confirm, and how to convert it. sim does not
 * decode legacy encodings itself: a guessed encoding could silently garble names.
 */
function legacyHint(file: string, buf: Uint8Array, at: number): string {
  const how = `convert it to UTF-8: iconv -f GB18030 -t UTF-8 ${shellQuote(file)} > converted.csv, then replace the file with converted.csv; or in Excel: Save As → "CSV UTF-8 (Comma delimited)"; or in WPS / Notepad: save with encoding UTF-8`;
  let text: string;
  try {
    text = new TextDecoder('gb18030', { fatal: true }).decode(buf);
  } catch {
    return `; if it is GBK / GB18030, ${how}`;
  }
  // the decoded text of the bad byte's line (a line starts after an ASCII line break: a whole character)
  let start = at;
  while (start > 0 && buf[start - 1] !== 0x0a) start--;
  let end = at;
  while (end < buf.length && buf[end] !== 0x0a && end - at < 200) end++;
  let excerpt: string;
  try {
    excerpt = new TextDecoder('gb18030', { fatal: true }).decode(buf.subarray(start, end)).replace(/\r$/, '');
  } catch {
    excerpt = '';
  }
  const shown = excerpt && !badCharacter(excerpt) ? ` (that line reads ${showText(excerpt)} in GB18030)` : '';
  return text.length > 0 ? `: the file reads as GBK / GB18030${shown}; ${how}` : '';
}

/** A file name for a shell command line (single-quoted when it has anything but safe characters). */
function shellQuote(f: string): string {
  return /^[\w./+-]+$/.test(f) ? f : `'${f.replace(/'/g, `'\\''`)}'`;
}

function hex(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c < 0x80) n = 0;
    else if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined) return i;
      if (k === 1 ? d < lo || d > hi : d < 0x80 || d > 0xbf) return i;
    }
    i += n + 1;
  }
  return b.length;
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}

/** Characters no input text may hold: they would be copied into reports and tables as they are. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;

const CHAR_NAMES: Record<number, string> = { 0: 'NUL', 9: 'TAB', 10: 'LF (line break)', 13: 'CR (line break)', 0x1b: 'ESC', 0x7f: 'DEL', 0xfeff: 'byte-order mark', 0x2028: 'line separator', 0x2029: 'paragraph separator' };

/** A value for a message: quoted, with control and invisible characters escaped, cut at 80 characters. */
export function showText(s: string): string {
  const cut = s.length > 80 ? `${s.slice(0, 77)}…` : s;
  return JSON.stringify(cut).replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The problem with a text for outputs (a control or invisible character), or undefined when it is clean. */
export function badCharacter(s: string): string | undefined {
  const m = FORBIDDEN_CHARS.exec(s);
  if (!m) return undefined;
  const code = m[0].charCodeAt(0);
  const name = CHAR_NAMES[code] ?? (code >= 0x202a ? 'a bidirectional-text control' : 'a control character');
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')} (${name}) at character ${m.index + 1} of ${showText(s)}`;
}

export const TEXT_EXPECTED = 'text without control or invisible characters';

/** Columns any table may carry as free text, ignored by the model: note(s), comment(s), source, and any name starting with "x_". */
export function isFreeTextColumn(c: string): boolean {
  return /^(notes?|comments?|source|x_.+)$/.test(c);
}

export interface CsvOptions {
  /**
   * Optional columns the reader uses, besides the required ones. When given (a list, or a test),
   * any other column is refused, except free-text ones (isFreeTextColumn), so that a misspelt
   * optional column is not silently ignored. Omitted: any extra column is allowed.
   */
  known?: readonly string[] | ((column: string) => boolean);
}

export function readCsv(file: string, what: string, required: readonly string[], options: CsvOptions = {}): CsvTable {
  const text = readText(file, what);
  let records: { record: string[]; raw: string; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      columns: false,
      comment: '#',
      comment_no_infix: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      raw: true,
      trim: true,
    }) as unknown as { record: string[]; raw: string; info: { lines: number } }[];
  } catch (e) {
    throw new InputError(malformed(file, text, e as Error & { code?: string; lines?: number }));
  }
  const expectedHeader = required.length ? ` (${required.join(', ')}, …)` : '';
  if (records.length === 0) {
    const onlyComments = text.split(/\r?\n/).some((l) => l.trim() !== '');
    throw new InputError(`${file}: expected ${what}: a header line${expectedHeader} and data rows, found ${onlyComments ? 'only comment lines' : 'an empty file'}`);
  }
  const headerLine = startLine(records[0]);
  const columns = records[0].record;
  columns.forEach((c, k) => {
    const bad = badCharacter(c);
    if (bad) throw new InputError(`${file}:${headerLine}: column ${k + 1} of the header: expected a column name (${TEXT_EXPECTED}), found ${bad}`);
    if (c === '') throw new InputError(`${file}:${headerLine}: column ${k + 1} of the header: expected a column name, found an empty one (a stray comma at the end of the header?)`);
    const first = columns.indexOf(c);
    if (first !== k) throw new InputError(`${file}:${headerLine}: column ${k + 1} of the header: expected unique column names, found "${c}" again (also column ${first + 1})`);
  });
  const missing = required.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new InputError(
      `${file}: missing required column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} in the header (line ${headerLine}); found columns: ${columns.join(', ')}`,
    );
  }
  const known = options.known;
  if (known) {
    const isKnown = typeof known === 'function' ? known : (c: string) => known.includes(c);
    const k = columns.findIndex((c) => !required.includes(c) && !isKnown(c) && !isFreeTextColumn(c));
    if (k >= 0) {
      const list = typeof known === 'function' ? '' : `; expected one of: ${[...required, ...known].join(', ')}`;
      throw new InputError(
        `${file}:${headerLine}: column ${k + 1} of the header: unknown column "${columns[k]}"${list} (free-text columns may be named note, comment, source or x_…)`,
      );
    }
  }
  if (records.length === 1) throw new InputError(`${file}: expected ${what}: at least one data row after the header (line ${headerLine}), found none`);
  if (records.length - 1 > MAX_CSV_ROWS) throw new InputError(`${file}: expected at most ${MAX_CSV_ROWS.toLocaleString('en-US')} data rows, found ${(records.length - 1).toLocaleString('en-US')}`);
  const rows: CsvRow[] = [];
  for (let r = 1; r < records.length; r++) {
    const { record } = records[r];
    const line = startLine(records[r]);
    if (record.length !== columns.length) {
      const hint =
        record.length > columns.length
          ? 'a value with a comma in it needs double quotes, e.g. "1,234" → 1234 or "Tianjin, China"'
          : record.length === 1
            ? 'a line with no commas: a different delimiter (; or tab)?'
            : 'a missing cell: give empty cells as ,,';
      throw new InputError(`${file}:${line}: row: expected ${columns.length} fields as in the header (line ${headerLine}), found ${record.length} (${hint})`);
    }
    const values: Record<string, string> = {};
    for (let k = 0; k < columns.length; k++) {
      const v = record[k];
      const bad = badCharacter(v);
      if (bad) throw new InputError(`${file}:${line}: field "${columns[k]}": expected ${TEXT_EXPECTED}, found ${bad}`);
      values[columns[k]] = v;
    }
    rows.push({ line, values });
  }
  return { file, columns, rows, headerLine };
}

/** The line a record starts on: the parser counts to its end, and its raw text includes the comment and blank lines before it. */
function startLine(r: { raw: string; info: { lines: number } }): number {
  const own = r.raw.replace(/^((#[^\n]*|[ \t\r]*)\n)+/, '').replace(/\r?\n$/, '');
  let breaks = 0;
  for (const c of own) if (c === '\n') breaks++;
  return r.info.lines - breaks;
}

/** The message for a CSV the parser could not read: unbalanced quotes mostly, with the line they start on. */
function malformed(file: string, text: string, e: Error & { code?: string; lines?: number }): string {
  if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
    const open = unclosedQuoteLine(text);
    return `${file}:${open ?? e.lines ?? '?'}: malformed CSV: expected a closing double quote for the quote opened on line ${open ?? '?'}, found the end of the file (a stray " in a value? write it as "")`;
  }
  if (e.code === 'INVALID_OPENING_QUOTE' || e.code === 'CSV_INVALID_CLOSING_QUOTE' || e.code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE') {
    return `${file}${e.lines ? `:${e.lines}` : ''}: malformed CSV: expected a double quote only around a whole value (write a quote inside a quoted value as ""), found ${firstLine(e.message).replace(/^[^:]*: /, '').replace(/ at line \d+.*$/, '')}`;
  }
  return `${file}${e.lines ? `:${e.lines}` : ''}: malformed CSV: ${firstLine(e.message)}`;
}

/** Line where a double quote opens that is never closed (comment lines skipped), if any. */
function unclosedQuoteLine(text: string): number | undefined {
  let line = 1;
  let inQuote = false;
  let openedAt = 0;
  let atLineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (atLineStart && !inQuote && c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      line++;
      continue;
    }
    atLineStart = false;
    if (c === '"') {
      inQuote = !inQuote;
      if (inQuote) openedAt = line;
    } else if (c === '\n') {
      line++;
      atLineStart = true;
    }
  }
  return inQuote ? openedAt : undefined;
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

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Why a cell is not a plain decimal number, as a hint for the message ("" when there is nothing to add). */
function numberHint(raw: string): string {
  if (/^[+-]?(nan|inf|infinity)$/i.test(raw)) return ' (a finite number is needed)';
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/.test(raw)) return ` (no thousands separators: write ${raw.replace(/,/g, '')})`;
  if (/^[+-]?\d{1,3}(\.\d{3})+,\d+$/.test(raw) || /^[+-]?\d+,\d+$/.test(raw)) return ` (a decimal point, not a comma: write ${raw.replace(/\./g, '').replace(',', '.')})`;
  if (/^[+-]?0[xXoObB]/.test(raw)) return ' (a decimal number)';
  const unit = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*[^\d\s].*$/.exec(raw);
  if (unit) return ` (a number without a unit: write ${unit[1]})`;
  if (/[\uff10-\uff19]/.test(raw)) return ' (ASCII digits, not full-width ones)';
  return '';
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
  const v = DECIMAL.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(v) || (rule.integer && !Number.isInteger(v)) || (rule.min !== undefined && (rule.minExclusive ? v <= rule.min : v < rule.min)) || (rule.max !== undefined && v > rule.max)) {
    throw new InputError(`${t.file}:${row.line}: field "${field}": expected ${expected}, found ${showText(raw)}${Number.isFinite(v) ? '' : numberHint(raw)}`);
  }
  return v;
}

export function cellText(t: CsvTable, row: CsvRow, field: string, allowed?: readonly string[]): string {
  const raw = row.values[field] ?? '';
  if (raw === '') throw new InputError(`${t.file}:${row.line}: field "${field}": expected a value, found an empty cell`);
  if (allowed && !allowed.includes(raw)) {
    throw new InputError(`${t.file}:${row.line}: field "${field}": expected one of ${allowed.join(', ')}, found ${showText(raw)}`);
  }
  return raw;
}
