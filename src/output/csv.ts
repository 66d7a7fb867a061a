/**
 * CSV for spreadsheets, written by csv-stringify: UTF-8 with BOM so Excel reads Chinese names, CRLF
 * rows, quoting where needed, and no TEXT cell that Excel would run as a formula (a text cell starting
 * with = + - @ tab or CR gets a leading '; numbers, negative ones too, stay numbers).
 *
 * Numbers are written with a fixed precision by column kind (CsvKinds):
 *   int    whole numbers (people counts: a mean of 12.3 evacuees is written 12)
 *   count  whole numbers from 10 up, 3 significant digits below (an expected 0.42 deaths is not 0)
 *   exact  every digit of the double (shortest round trip): tables re-aggregated by their users (ylt.csv, elt.csv)
 *   money  yuan to the fen: at most 2 decimals (columns named *_cny get this by default)
 *   auto   (the rest) whole numbers as they are; others with 6 significant digits, and at most
 *          2 decimals from 10,000 up (no float noise like 0.30000000000000004 or 10-digit means)
 * A non-finite number and null are empty cells (not applicable, never a 0).
 */
import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | null;
export type CsvKind = 'int' | 'count' | 'money' | 'auto' | 'exact';
/** Column name → how its numbers are written (columns not named: 'auto', or 'money' for *_cny). */
export type CsvKinds = Readonly<Record<string, CsvKind>>;

export function formatNumber(v: number, kind: CsvKind = 'auto'): string {
  if (!Number.isFinite(v)) return '';
  let x: number;
  if (kind === 'exact') x = v;
  else if (kind === 'int') x = Math.round(v);
  else if (kind === 'count') x = Math.abs(v) >= 10 ? Math.round(v) : Number(v.toPrecision(3));
  else if (kind === 'money') x = Math.round(v * 100) / 100;
  else if (Number.isInteger(v)) x = v;
  else if (Math.abs(v) >= 1e4) x = Math.round(v * 100) / 100;
  else x = Number(v.toPrecision(6));
  if (Object.is(x, -0)) x = 0;
  return String(x);
}

function kindOf(column: string, kinds: CsvKinds | undefined): CsvKind {
  return kinds?.[column] ?? (column.endsWith('_cny') ? 'money' : 'auto');
}

function options(header: readonly string[], kinds: CsvKinds | undefined, bom: boolean) {
  const colKinds = header.map((h) => kindOf(h, kinds));
  return {
    bom,
    record_delimiter: '\r\n',
    escape_formulas: true,
    cast: {
      number: (v: number, ctx: { index: number }) => formatNumber(v, colKinds[ctx.index] ?? 'auto'),
    },
  };
}

/** One cell as it appears in a CSV (for tests and messages). */
export function csvCell(v: CsvCell, kind: CsvKind = 'auto'): string {
  return stringify([[v]], { record_delimiter: '\n', escape_formulas: true, cast: { number: (x: number) => formatNumber(x, kind) } }).replace(/\n$/, '');
}

/** A whole CSV file: BOM, header, rows. */
export function toCsv(header: string[], rows: readonly (readonly CsvCell[])[], kinds?: CsvKinds): string {
  return stringify([header, ...rows.map((r) => [...r])], options(header, kinds, true));
}

/** Rows of a CSV whose header was written by csvHeader (no BOM): for files written in pieces. */
export function csvRows(header: readonly string[], rows: readonly (readonly CsvCell[])[], kinds?: CsvKinds): string {
  return rows.length === 0 ? '' : stringify(rows.map((r) => [...r]), options(header, kinds, false));
}

/** The BOM and header line of a CSV written in pieces (csvRows). */
export function csvHeader(header: readonly string[]): string {
  return stringify([[...header]], options(header, undefined, true));
}
