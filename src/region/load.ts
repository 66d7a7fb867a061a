/**
 * Load and validate a region dataset folder (datasets/<region>/): region.yaml, the township table and
 * every other table of the dataset (counties, villages, hazard attributes, building mix, holdings),
 * so a bad file is refused when the region loads, with its file, line and field.
 *
 * Where files may be (datasets/README.md, "Rules for dataset files"): every file a region reads, named
 * in region.yaml's `files:` or at its default name, must resolve (symbolic links followed) inside the
 * region folder; the item catalogue (`items`, by default ../items.csv) may also be anywhere inside the
 * folder above it (the datasets folder the bundled regions share it from). Paths in `files:` are
 * relative; absolute paths are refused.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../core/errors.js';
import { badCharacter, cellNumber, cellText, readCsv, showText, TEXT_EXPECTED } from '../io/csv.js';
import { readYaml, type YamlFile } from '../io/yaml.js';
import { loadBuildingMix, loadHazardAttributes, loadRescueTeams } from './hazard-attributes.js';
import { readDepots, readShelters, readStock } from './holdings.js';
import { toLocalKm, type HoldingsFound, type Region, type RegionAttribute, type RegionWarning } from './types.js';

const TOWNSHIP_COLUMNS = ['code', 'name_zh', 'name_en', 'urban', 'county_code', 'population', 'lat', 'lon', 'coast_dist_km', 'coastal'] as const;
/** Optional township columns: read (the village counts, the flags) or carried for people (names, type). */
const TOWNSHIP_KNOWN = [
  'type_zh',
  'county_zh',
  'county_en',
  'population_flag',
  'n_residents_committees',
  'n_village_committees',
  'n_other_village_level',
  'n_villages_total',
  'coord_flag',
  'coast_dist_flag',
  'coastal_flag',
];

/** region.yaml's `files:` keys, each a file or a folder, with its default. */
export const REGION_FILES = {
  townships: { kind: 'file', default: 'townships.csv', what: 'township table' },
  counties: { kind: 'file', default: 'counties.csv', what: 'county table' },
  villages: { kind: 'file', default: 'villages.csv', what: 'village table' },
  items: { kind: 'file', default: '../items.csv', what: 'item catalogue' },
  holdings: { kind: 'folder', default: 'holdings', what: 'holdings folder' },
  hazard: { kind: 'file', default: 'hazard.csv', what: 'hazard attribute table' },
  building_mix: { kind: 'file', default: 'building-mix.csv', what: 'building mix table' },
} as const;
type FileKey = keyof typeof REGION_FILES;
const FILE_KEYS = Object.keys(REGION_FILES) as FileKey[];

const META_KEYS = ['name', 'name_zh', 'description', 'source', 'files', 'reference_point', 'counts', 'filled_rows'];
const POINT_KEYS = ['lat', 'lon', 'method'];
const COUNT_KEYS = ['townships', 'counties', 'villages', 'population'];
const FILLED_KEYS = ['coordinates', 'coast_dist_km', 'coastal', 'population_estimated'];
const VILLAGE_KINDS = ['residents_committee', 'village_committee', 'other'];

interface RegionMeta {
  name?: string;
  name_zh?: string;
  files: Partial<Record<FileKey, string>>;
  reference_point?: { lat: number; lon: number };
  counts: Partial<Record<string, number>>;
  filled: Partial<Record<string, number>>;
  /** "file:line:col" of a path in region.yaml. */
  at(path: (string | number)[]): string;
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A YAML value for a message. */
function show(v: unknown): string {
  if (v === undefined || v === null) return 'nothing';
  if (typeof v === 'string') return showText(v);
  if (Array.isArray(v)) return `a list (${showText(JSON.stringify(v)).slice(1, -1)})`;
  if (isMapping(v)) return `a mapping (${showText(JSON.stringify(v)).slice(1, -1)})`;
  return String(v);
}

/** region.yaml, checked field by field (absent: every default applies). */
function readMeta(dir: string): RegionMeta {
  const file = join(dir, 'region.yaml');
  const empty: RegionMeta = { files: {}, counts: {}, filled: {}, at: () => file };
  if (!existsSync(file)) return empty;
  const y: YamlFile = readYaml(file, 'region description');
  const fail = (path: (string | number)[], expected: string, found: unknown) =>
    new InputError(`${y.at(path)}: ${path.join('.') || '(top level)'}: expected ${expected}, found ${show(found)}`);
  const raw = y.data;
  if (!isMapping(raw)) throw fail([], `a mapping with ${META_KEYS.join(', ')} (all optional)`, raw === null ? undefined : raw);
  for (const k of Object.keys(raw)) if (!META_KEYS.includes(k)) throw new InputError(`${y.at([k])}: ${k}: unknown field "${k}"; expected one of: ${META_KEYS.join(', ')}`);
  const text = (path: string[], v: unknown, max: number, required = false): string | undefined => {
    if (v === undefined || (v === null && !required)) return undefined;
    if (typeof v !== 'string' || (required && v.trim() === '')) throw fail(path, `text${required ? ' (not empty)' : ''}`, v);
    const bad = badCharacter(v);
    if (bad) throw new InputError(`${y.at(path)}: ${path.join('.')}: expected ${TEXT_EXPECTED}, found ${bad}`);
    if (v.length > max) throw new InputError(`${y.at(path)}: ${path.join('.')}: expected text of at most ${max} characters, found ${v.length}`);
    return v;
  };
  const meta: RegionMeta = { ...empty, at: y.at };
  meta.name = text(['name'], raw.name, 200, true);
  meta.name_zh = text(['name_zh'], raw.name_zh, 200);
  text(['description'], raw.description, 10_000);
  text(['source'], raw.source, 10_000);
  const files = raw.files;
  if (files !== undefined && files !== null) {
    if (!isMapping(files)) throw fail(['files'], `a mapping of file keys (${FILE_KEYS.join(', ')}) to file names relative to the region folder`, files);
    for (const [k, v] of Object.entries(files)) {
      if (!(FILE_KEYS as string[]).includes(k)) throw new InputError(`${y.at(['files', k])}: files.${k}: unknown file key "${k}"; expected one of: ${FILE_KEYS.join(', ')}`);
      const spec = REGION_FILES[k as FileKey];
      if (typeof v !== 'string' || v.trim() === '') throw fail(['files', k], `the ${spec.what}'s ${spec.kind} name, relative to the region folder (e.g. ${spec.default})`, v);
      const bad = badCharacter(v);
      if (bad) throw new InputError(`${y.at(['files', k])}: files.${k}: expected a ${spec.kind} name (${TEXT_EXPECTED}), found ${bad}`);
      if (isAbsolute(v) || /^[A-Za-z]:[\\/]/.test(v) || v.startsWith('\\')) {
        throw fail(['files', k], `a ${spec.kind} name relative to the region folder (e.g. ${spec.default}), not an absolute path`, v);
      }
      meta.files[k as FileKey] = v;
    }
  }
  const rp = raw.reference_point;
  if (rp !== undefined && rp !== null) {
    if (!isMapping(rp)) throw fail(['reference_point'], 'a mapping { lat, lon, method } (degrees)', rp);
    for (const k of Object.keys(rp)) if (!POINT_KEYS.includes(k)) throw new InputError(`${y.at(['reference_point', k])}: reference_point.${k}: unknown field "${k}"; expected one of: ${POINT_KEYS.join(', ')}`);
    const deg = (k: 'lat' | 'lon', lim: number): number => {
      const v = rp[k];
      if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > lim) throw fail(['reference_point', k], `a ${k === 'lat' ? 'latitude' : 'longitude'} in degrees within [-${lim}, ${lim}]`, v);
      return v;
    };
    meta.reference_point = { lat: deg('lat', 90), lon: deg('lon', 180) };
    text(['reference_point', 'method'], rp.method, 1000);
  }
  const counts = (key: 'counts' | 'filled_rows', keys: string[], out: Partial<Record<string, number>>) => {
    const m = raw[key];
    if (m === undefined || m === null) return;
    if (!isMapping(m)) throw fail([key], `a mapping of ${keys.join(', ')} to whole numbers`, m);
    for (const [k, v] of Object.entries(m)) {
      if (!keys.includes(k)) throw new InputError(`${y.at([key, k])}: ${key}.${k}: unknown field "${k}"; expected one of: ${keys.join(', ')}`);
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw fail([key, k], 'a whole number ≥ 0', v);
      out[k] = v;
    }
  };
  counts('counts', COUNT_KEYS, meta.counts);
  counts('filled_rows', FILLED_KEYS, meta.filled);
  return meta;
}

/** A path with its symbolic links resolved, as far as it exists (the rest appended as written). */
function realPath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    const parent = dirname(p);
    return parent === p ? p : join(realPath(parent), basename(p));
  }
}

function isInside(root: string, p: string): boolean {
  return p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * The absolute path of one of the region's files (as written, for messages and outputs), after
 * checking where it really is: inside the region folder, or for the item catalogue inside the
 * folder above. `at` names where the name was given (region.yaml line) or is the default file.
 */
function regionPath(dir: string, key: FileKey, meta: RegionMeta): string {
  const spec = REGION_FILES[key];
  const given = meta.files[key];
  const rel = given ?? spec.default;
  const abs = resolve(dir, rel);
  const realDir = realPath(dir);
  const root = key === 'items' ? dirname(realDir) : realDir;
  const real = realPath(abs);
  if (!isInside(root, real)) {
    const where = key === 'items' ? `inside the datasets folder ${root} (the region folder's parent)` : `inside the region folder ${realDir}`;
    if (given !== undefined) {
      throw new InputError(`${meta.at(['files', key])}: files.${key}: expected a ${spec.kind} ${where}, found ${showText(given)} (it resolves to ${real})`);
    }
    throw new InputError(`${abs}: expected the ${spec.what} ${where}, found a link to ${real}`);
  }
  if (existsSync(abs)) {
    const isDir = statSync(abs).isDirectory();
    if (spec.kind === 'folder' && !isDir) throw new InputError(`${given !== undefined ? `${meta.at(['files', key])}: files.${key}` : abs}: expected the ${spec.what} (a folder), found a file at ${abs}`);
    if (spec.kind === 'file' && isDir) throw new InputError(`${given !== undefined ? `${meta.at(['files', key])}: files.${key}` : abs}: expected the ${spec.what} (a file), found a folder at ${abs}`);
  }
  return abs;
}

/** A file inside a checked folder (the holdings tables): it too must stay inside the region folder once links are followed. */
export function checkInside(file: string, dir: string, what: string): void {
  if (!existsSync(file)) return;
  const realDir = realPath(dir);
  const real = realPath(file);
  if (!isInside(realDir, real)) throw new InputError(`${file}: expected the ${what} inside the region folder ${realDir}, found a link to ${real}`);
}

/** Load a region with the per-township attributes the hazards declared (hazard registry: regionAttributes()). */
export function loadRegion(dirIn: string, attributes: readonly RegionAttribute[]): Region {
  const dir = resolve(dirIn);
  if (!existsSync(dir)) throw new InputError(`${dirIn}: region dataset folder not found`);
  if (!statSync(dir).isDirectory()) throw new InputError(`${dirIn}: expected a region dataset folder, found a file`);
  const meta = readMeta(dir);
  const paths = Object.fromEntries(FILE_KEYS.map((k) => [k, regionPath(dir, k, meta)])) as Record<FileKey, string>;
  const file = paths.townships;
  const hazardKnown = new Set(['name_zh', 'name_en', ...attributes.flatMap((a) => a.columns)]);
  const t = readCsv(file, 'township table', TOWNSHIP_COLUMNS, { known: TOWNSHIP_KNOWN });
  const n = t.rows.length;
  const r: Region = {
    name: meta.name ?? dirIn,
    nameZh: meta.name_zh ?? '',
    dir,
    n,
    code: [],
    nameZhList: [],
    nameEn: [],
    countyCode: [],
    countyZh: [],
    countyEn: [],
    urban: new Uint8Array(n),
    population: new Float64Array(n),
    lat: new Float64Array(n),
    lon: new Float64Array(n),
    coastal: new Uint8Array(n),
    coastDistKm: new Float64Array(n),
    xKm: new Float64Array(n),
    yKm: new Float64Array(n),
    refLat: 0,
    refLon: 0,
    villageCommittees: new Float64Array(n),
    villages: new Float64Array(n),
    attributes: {},
    buildingMix: null,
    countyIndex: new Int32Array(n),
    counties: [],
    rescueUnits: new Float64Array(n),
    countyRescueUnits: new Float64Array(0),
    flags: { populationEstimated: 0, coordinatesFilled: 0, coastDistFilled: 0, coastalFilled: 0 },
    itemsFile: paths.items,
    holdingsDir: paths.holdings,
  };
  const seen = new Map<string, number>();
  t.rows.forEach((row, i) => {
    const code = cellText(t, row, 'code');
    const prev = seen.get(code);
    if (prev !== undefined) {
      throw new InputError(`${file}:${row.line}: field "code": expected a unique township code, found ${code} again (first at line ${prev})`);
    }
    seen.set(code, row.line);
    r.code.push(code);
    r.nameZhList.push(cellText(t, row, 'name_zh'));
    r.nameEn.push(row.values['name_en'] ?? '');
    r.countyCode.push(cellText(t, row, 'county_code'));
    r.countyZh.push(row.values['county_zh'] ?? '');
    r.countyEn.push(row.values['county_en'] ?? '');
    r.urban[i] = cellNumber(t, row, 'urban', { expected: '0 or 1', min: 0, max: 1, integer: true });
    r.population[i] = cellNumber(t, row, 'population', { min: 0, expected: 'a population (number ≥ 0)' });
    r.lat[i] = cellNumber(t, row, 'lat', { min: -90, max: 90, expected: 'a latitude in degrees within [-90, 90]' });
    r.lon[i] = cellNumber(t, row, 'lon', { min: -180, max: 180, expected: 'a longitude in degrees within [-180, 180]' });
    r.coastDistKm[i] = cellNumber(t, row, 'coast_dist_km', { min: 0, expected: 'a distance to the coast in km (≥ 0)' });
    r.coastal[i] = cellNumber(t, row, 'coastal', { expected: '0 or 1', min: 0, max: 1, integer: true });
    for (const c of ['n_residents_committees', 'n_other_village_level']) if (t.columns.includes(c)) cellNumber(t, row, c, { min: 0, integer: true, optional: true });
    if (t.columns.includes('n_village_committees')) r.villageCommittees[i] = cellNumber(t, row, 'n_village_committees', { min: 0, integer: true });
    if (t.columns.includes('n_villages_total')) r.villages[i] = cellNumber(t, row, 'n_villages_total', { min: 0, integer: true });
    if ((row.values['population_flag'] ?? '').startsWith('estimate')) r.flags.populationEstimated++;
    if ((row.values['coord_flag'] ?? '').startsWith('filled')) r.flags.coordinatesFilled++;
    if ((row.values['coast_dist_flag'] ?? '').startsWith('filled')) r.flags.coastDistFilled++;
    if ((row.values['coastal_flag'] ?? '').startsWith('filled')) r.flags.coastalFilled++;
  });
  const totalPop = r.population.reduce((a, b) => a + b, 0);
  if (!(totalPop > 0)) throw new InputError(`${file}: expected a positive total population, found ${totalPop}`);
  if (!Number.isFinite(totalPop) || totalPop > 2e9) throw new InputError(`${file}: field "population": expected a total population of at most 2,000,000,000, found ${totalPop}`);
  checkCounts(meta, 'townships', n, `the number of township rows in ${file}`);
  // The reference point (the region's "centre" for the storm-track geometry): from region.yaml, else population-weighted.
  let refLat: number;
  let refLon: number;
  if (meta.reference_point) {
    ({ lat: refLat, lon: refLon } = meta.reference_point);
    checkReferencePoint(meta, r);
  } else {
    refLat = 0;
    refLon = 0;
    for (let i = 0; i < n; i++) {
      refLat += (r.lat[i] * r.population[i]) / totalPop;
      refLon += (r.lon[i] * r.population[i]) / totalPop;
    }
  }
  r.refLat = refLat;
  r.refLon = refLon;
  for (let i = 0; i < n; i++) {
    const [x, y] = toLocalKm(r.lat[i], r.lon[i], refLat, refLon);
    r.xKm[i] = x;
    r.yKm[i] = y;
  }
  r.counties = [...new Set(r.countyCode)];
  r.countyCode.forEach((c, i) => (r.countyIndex[i] = r.counties.indexOf(c)));
  r.countyRescueUnits = new Float64Array(r.counties.length);
  const warnings: RegionWarning[] = [];
  const counties = readCounties(paths.counties, t, r, meta, warnings);
  const villages = readVillages(paths.villages, t, r, meta, warnings);
  loadHazardAttributes(r, paths.hazard, attributes, (c) => hazardKnown.has(c) || c.endsWith('_flag'));
  const hazard = existsSync(paths.hazard);
  if (!hazard && attributes.length > 0) {
    const cols = [...new Set(attributes.flatMap((a) => a.columns))];
    warnings.push({ message: `no ${rel(dir, paths.hazard)}: every township takes the model defaults for the hazards' local data (${cols.join(', ')}); the outputs count them as defaults (docs/datasets.md, hazard.csv)` });
  }
  r.buildingMix = loadBuildingMix(paths.building_mix);
  if (!r.buildingMix) {
    warnings.push({ message: `no ${rel(dir, paths.building_mix)}: an earthquake's collapses and trapped people use PAGER's national China building inventory (adobe-heavy), not this region's census mix (docs/building-mix.md)`, hazards: ['earthquake'] });
  }
  for (const f of ['depots.csv', 'stock.csv', 'teams.csv', 'shelters.csv']) checkInside(join(r.holdingsDir, f), dir, `holdings table ${f}`);
  const teams = loadRescueTeams(r, r.holdingsDir);
  const holdings = checkHoldings(r, teams);
  holdingsWarnings(dir, r.holdingsDir, holdings, warnings);
  r.tables = { counties, villages, hazard, buildingMix: r.buildingMix !== null, holdings };
  r.warnings = warnings;
  return r;
}

/** A region file's name for a message: relative to the region folder. */
function rel(dir: string, file: string): string {
  const r = relative(dir, file).split(sep).join('/');
  return r === '' ? '.' : r;
}

/** The warnings for missing holdings: what the run and a plan will lack. */
function holdingsWarnings(dir: string, holdingsDir: string, h: HoldingsFound, out: RegionWarning[]): void {
  const d = rel(dir, holdingsDir);
  if (!h.folder) {
    out.push({ message: `no ${d}/ folder: the region has no current holdings (no depots, stock, rescue teams or shelters): current rescue capacity is 0, the policy checks of today's holdings say "no data", and a run with optimize: stops (it needs ${d}/depots.csv)` });
    return;
  }
  if (h.depots === null) out.push({ message: `no ${d}/depots.csv: no depots; a run with optimize: stops (stock is sized at depots), and ${d}/stock.csv cannot be read` });
  if (h.stock === null) out.push({ message: `no ${d}/stock.csv: today's stock is taken as zero: a plan tops up from nothing and the stock policy checks say "no data"` });
  if (h.teams === null) out.push({ message: `no ${d}/teams.csv: today's rescue teams are unknown: the rescue model counts none (so more people stay trapped at 72 h than with real teams; the report says the teams are unknown), and the team policy checks say "no data"` });
  if (h.shelters === null) out.push({ message: `no ${d}/shelters.csv: no shelters today: the shelter policy checks say "no data" and a plan sizes shelters from zero` });
}

function checkCounts(meta: RegionMeta, key: string, found: number, what: string): void {
  const v = meta.counts[key];
  if (v !== undefined && v !== found) {
    throw new InputError(`${meta.at(['counts', key])}: counts.${key}: expected ${what} (${found}), found ${v} (a row lost or added? correct the file or this count)`);
  }
}

/** The reference point must lie near the townships (1° around their extent): a swapped lat/lon or a typo puts it far away. */
function checkReferencePoint(meta: RegionMeta, r: Region): void {
  const { lat, lon } = meta.reference_point!;
  const min = (a: Float64Array) => a.reduce((x, y) => Math.min(x, y), Infinity);
  const max = (a: Float64Array) => a.reduce((x, y) => Math.max(x, y), -Infinity);
  const [la0, la1, lo0, lo1] = [min(r.lat) - 1, max(r.lat) + 1, min(r.lon) - 1, max(r.lon) + 1];
  if (lat < la0 || lat > la1 || lon < lo0 || lon > lo1) {
    throw new InputError(
      `${meta.at(['reference_point'])}: reference_point: expected a point within 1° of the townships (lat ${la0.toFixed(2)} to ${la1.toFixed(2)}, lon ${lo0.toFixed(2)} to ${lo1.toFixed(2)}), found lat ${lat}, lon ${lon} (lat and lon swapped?)`,
    );
  }
}

/** The row's `code`, refused if an earlier row (recorded in `seen`) has it. */
function uniqueCode(t: ReturnType<typeof readCsv>, row: ReturnType<typeof readCsv>['rows'][number], seen: Map<string, number>, what: string): string {
  const code = cellText(t, row, 'code');
  const first = seen.get(code);
  if (first !== undefined) throw new InputError(`${t.file}:${row.line}: field "code": expected a unique ${what} code, found ${code} again (first at line ${first})`);
  seen.set(code, row.line);
  return code;
}

/**
 * counties.csv (optional): unique codes and names; every township's county is listed. The names fill
 * the townships' county_zh / county_en where townships.csv leaves them out, and must agree with
 * them where it gives them. A county's census population (population_census2020) is compared with
 * its townships' sum: more than 1 % apart is a warning. Returns the rows read (null: no file).
 */
function readCounties(file: string, t: ReturnType<typeof readCsv>, r: Region, meta: RegionMeta, warnings: RegionWarning[]): number | null {
  const names = r.counties.map((code) => {
    const i = r.countyCode.indexOf(code);
    return { zh: r.countyZh[i], en: r.countyEn[i] };
  });
  r.countyNames = names;
  if (!existsSync(file)) {
    const blank = r.countyZh.filter((z) => z === '').length;
    warnings.push({ message: `no ${rel(r.dir, file)}: county codes are not checked against a county list, and county names come from townships.csv county_zh / county_en${blank ? ` (blank for ${blank === r.n ? 'every township' : `${blank} of ${r.n} townships`}: the outputs show no county name there)` : ''}` });
    return null;
  }
  const c = readCsv(file, 'county table', ['code', 'name_zh'], { known: (k) => ['name_en', 'legal_county_zh'].includes(k) || /^(population|gdp)_/.test(k) });
  const seen = new Map<string, number>();
  const byCode = new Map<string, { zh: string; en: string; pop: number; line: number }>();
  const popCol = c.columns.find((k) => k === 'population_census2020') ?? c.columns.find((k) => k.startsWith('population_'));
  for (const row of c.rows) {
    const code = uniqueCode(c, row, seen, 'county');
    const zh = cellText(c, row, 'name_zh');
    let pop = NaN;
    for (const k of c.columns) {
      if (!/^(population|gdp)_/.test(k)) continue;
      const v = cellNumber(c, row, k, { min: 0, optional: true, expected: `a ${k.startsWith('gdp') ? 'GDP' : 'population'} (number ≥ 0) or an empty cell` });
      if (k === popCol) pop = v;
    }
    byCode.set(code, { zh, en: row.values.name_en ?? '', pop, line: row.line });
  }
  t.rows.forEach((row, i) => {
    const county = byCode.get(r.countyCode[i]);
    if (!county) throw new InputError(`${t.file}:${row.line}: field "county_code": expected a county code of ${file}, found ${showText(r.countyCode[i])}`);
    if (r.countyZh[i] === '') r.countyZh[i] = county.zh;
    else if (r.countyZh[i] !== county.zh) {
      throw new InputError(`${t.file}:${row.line}: field "county_zh": expected the name of county ${r.countyCode[i]} in ${file} (${showText(county.zh)}, line ${county.line}), or an empty cell, found ${showText(r.countyZh[i])}`);
    }
    if (r.countyEn[i] === '') r.countyEn[i] = county.en;
  });
  checkCounts(meta, 'counties', c.rows.length, `the number of county rows in ${file}`);
  r.countyNames = r.counties.map((code) => ({ zh: byCode.get(code)!.zh, en: byCode.get(code)!.en }));
  // a county's census total against its townships' sum (populations of another year, or a township missing)
  if (popCol) {
    const sum = new Float64Array(r.counties.length);
    for (let i = 0; i < r.n; i++) sum[r.countyIndex[i]] += r.population[i];
    r.counties.forEach((code, k) => {
      const { pop, zh, line } = byCode.get(code)!;
      if (!(pop > 0) || Math.abs(sum[k] - pop) <= 0.01 * pop) return;
      warnings.push({ message: `${file}:${line}: county ${code} ${zh}: its townships in townships.csv add up to ${Math.round(sum[k]).toLocaleString('en-US')} people, ${popCol} says ${Math.round(pop).toLocaleString('en-US')} (${((100 * (sum[k] - pop)) / pop).toFixed(1)} %): a township missing, or populations of another year? The run uses the townships' figures` });
    });
  }
  return c.rows.length;
}

/**
 * villages.csv (optional): unique codes, townships of townships.csv, known kinds. It gives each
 * township's village-level units (村/社区: what the village-team target of ≥ 80 % of villages counts)
 * and, with `kind`, its village committees (村委会: where forest fires go when hazard.csv has no
 * forest area). townships.csv's n_villages_total / n_village_committees, where given, must agree;
 * where left out, the counts come from this file. Returns the rows read (null: no file).
 */
function readVillages(file: string, t: ReturnType<typeof readCsv>, r: Region, meta: RegionMeta, warnings: RegionWarning[]): number | null {
  const hasTotal = t.columns.includes('n_villages_total');
  const hasCommittees = t.columns.includes('n_village_committees');
  if (!existsSync(file)) {
    const lack: string[] = [];
    if (!hasTotal) lack.push('no village counts (townships.csv has no n_villages_total either): village teams are not sized and the village-team check has no villages to count');
    if (!hasCommittees) lack.push('no village committees (townships.csv has no n_village_committees either): forest fires need forest_area_ha in hazard.csv');
    warnings.push({ message: `no ${rel(r.dir, file)}: village codes are not checked${lack.length ? `; ${lack.join('; ')}` : ' (the village counts come from townships.csv)'}` });
    return null;
  }
  const v = readCsv(file, 'village table', ['code', 'name_zh', 'township_code'], { known: ['kind', 'name_en'] });
  const towns = new Map(r.code.map((c, i) => [c, i]));
  const seen = new Map<string, number>();
  const total = new Float64Array(r.n);
  const committees = new Float64Array(r.n);
  const hasKind = v.columns.includes('kind');
  for (const row of v.rows) {
    uniqueCode(v, row, seen, 'village');
    cellText(v, row, 'name_zh');
    const town = cellText(v, row, 'township_code');
    const i = towns.get(town);
    if (i === undefined) throw new InputError(`${file}:${row.line}: field "township_code": expected a township code of townships.csv, found ${showText(town)}`);
    total[i]++;
    if (hasKind && cellText(v, row, 'kind', VILLAGE_KINDS) === 'village_committee') committees[i]++;
  }
  checkCounts(meta, 'villages', v.rows.length, `the number of village rows in ${file}`);
  const agree = (column: string, given: boolean, counted: Float64Array, into: Float64Array, what: string) => {
    if (!given) {
      into.set(counted);
      return;
    }
    t.rows.forEach((row, i) => {
      if (into[i] !== counted[i]) {
        throw new InputError(`${t.file}:${row.line}: field "${column}": expected the number of ${what} of township ${r.code[i]} in ${file} (${counted[i]}), found ${into[i]} (correct the count, or leave the column out to count ${rel(r.dir, file)})`);
      }
    });
  };
  agree('n_villages_total', hasTotal, total, r.villages, 'village rows');
  if (hasKind) agree('n_village_committees', hasCommittees, committees, r.villageCommittees, 'village rows of kind village_committee');
  else if (!hasCommittees) warnings.push({ message: `${file}: no kind column and townships.csv has no n_village_committees: the region has no village committees, so forest fires need forest_area_ha in hazard.csv` });
  return v.rows.length;
}

/** The holdings tables the planner reads (depots, stock with the catalogue's items, shelters): checked now, not after a run's first pass. */
function checkHoldings(r: Region, teams: number | null): HoldingsFound {
  const folder = existsSync(r.holdingsDir);
  const depotsFile = join(r.holdingsDir, 'depots.csv');
  const depots = existsSync(depotsFile) ? readDepots(r.holdingsDir, r) : null;
  let itemIds: Set<string> | undefined;
  if (existsSync(r.itemsFile) && statSync(r.itemsFile).isFile()) {
    const items = readCsv(r.itemsFile, 'item catalogue', ['item_id']);
    itemIds = new Set(items.rows.map((row) => row.values.item_id));
  }
  const stock = readStock(r.holdingsDir, new Set((depots ?? []).map((d) => d.id)), itemIds);
  const shelters = readShelters(r.holdingsDir, r);
  return { folder, depots: depots?.length ?? null, stock: stock?.length ?? null, teams, shelters: shelters?.length ?? null };
}
