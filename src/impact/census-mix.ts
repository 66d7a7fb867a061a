/**
 * Building mix from the Chinese census (docs/building-mix.md): households by
 * load-bearing class (钢及钢筋混凝土 / 混合 / 砖木 / 其他, plus 木竹草土 where a
 * table splits it off) mapped to PAGER China building types with
 * datasets/census/census-to-pager.csv. Pure: reads the CSVs, computes, returns.
 *
 * Stocks:
 *  - urban_residential (街道 townships): 2010 census 城市 households (table 9-1a);
 *    where that row was not transcribed, the province's all-settings row of
 *    table 9-1 (**assumption**: urban stock no weaker than the provincial
 *    average, so conservative), else the national all-settings row.
 *  - rural_residential (镇 townships): 镇 + 乡村 households combined (the model
 *    treats 镇-type townships as rural: **assumption**). 2010 rows where
 *    transcribed; else the 2005 1% survey rows (town and/or rural, with
 *    木竹草土 split off); else the 2006 agricultural-census forestry-household
 *    row (a proxy, skewed to hill areas); else the national 2005 rows.
 *  - non-residential stocks: PAGER's national rows (no census source found),
 *    rural_nonresidential divided by its published sum 1.003.
 * Occupant shares are taken equal to household shares (**assumption**:
 * household size does not depend on the structure class).
 * Shares are rounded to 5 decimals and each row fixed to sum to exactly 1.
 */
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { bundledDatasets } from '../io/bundled.js';
import { cellNumber, cellText, readCsv, type CsvTable } from '../io/csv.js';
import { PAGER_CHINA_INVENTORY, PAGER_TYPES, type PagerType } from './pager-china.js';
import { BUILDING_STOCKS, type BuildingMix, type BuildingStock } from '../region/types.js';

/** Census load-bearing classes (other_unsplit: a 4-class table's 其他, earth and timber not split off). */
export const CENSUS_CLASSES = ['rc', 'mixed', 'brick_wood', 'earth_wood', 'other', 'other_unsplit'] as const;
export type CensusClass = (typeof CENSUS_CLASSES)[number];
export type MappingSetting = 'urban' | 'rural';

/** Default location of the census tables: the bundled datasets/census. */
export function defaultCensusDir(): string {
  return bundledDatasets('census');
}

/** One transcribed table row: households by class (no_housing excluded from the classes). */
export interface CensusRow {
  table: 'census2010' | 'survey2005' | 'agcensus2006';
  provinceZh: string;
  provinceEn: string;
  setting: 'total' | 'city' | 'town' | 'rural';
  households: number;
  noHousing: number;
  counts: Partial<Record<CensusClass, number>>;
  source: string;
  file: string;
  line: number;
}

export interface MappingRow {
  censusClass: CensusClass;
  setting: MappingSetting;
  shares: Record<PagerType, number>;
  source: string;
  range: string;
}

export interface CensusTables {
  rows: CensusRow[];
  mapping: MappingRow[];
}

const SETTINGS = ['total', 'city', 'town', 'rural'] as const;
const COUNT = { min: 0, integer: true, expected: 'a household count (integer ≥ 0)' };

function readRows(t: CsvTable, table: CensusRow['table'], classes: readonly CensusClass[], fixedSetting?: CensusRow['setting']): CensusRow[] {
  return t.rows.map((row) => {
    const counts: Partial<Record<CensusClass, number>> = {};
    for (const c of classes) counts[c] = cellNumber(t, row, c === 'other_unsplit' ? 'other' : c, COUNT);
    const noHousing = t.columns.includes('no_housing') ? cellNumber(t, row, 'no_housing', COUNT) : 0;
    const households = cellNumber(t, row, 'households', COUNT);
    const r: CensusRow = {
      table,
      provinceZh: cellText(t, row, 'province_zh'),
      provinceEn: cellText(t, row, 'province_en'),
      setting: fixedSetting ?? (cellText(t, row, 'setting', SETTINGS) as CensusRow['setting']),
      households,
      noHousing,
      counts,
      source: row.values.source ?? '',
      file: t.file,
      line: row.line,
    };
    // The 2005 survey tables are weighted estimates published with ±1 rounding; the census and agricultural census add up exactly.
    const sum = noHousing + classes.reduce((s, c) => s + (counts[c] ?? 0), 0);
    const tol = table === 'survey2005' ? 2 : 0;
    if (Math.abs(sum - households) > tol) {
      throw new InputError(`${t.file}:${row.line}: row ${r.provinceZh} ${r.setting}: expected households (${households}) = no_housing + classes, found a sum of ${sum}`);
    }
    return r;
  });
}

function readMapping(file: string): MappingRow[] {
  const t = readCsv(file, 'census-to-PAGER mapping', ['census_class', 'setting', ...PAGER_TYPES, 'source', 'range']);
  const seen = new Set<string>();
  return t.rows.map((row) => {
    const censusClass = cellText(t, row, 'census_class', CENSUS_CLASSES) as CensusClass;
    const setting = cellText(t, row, 'setting', ['urban', 'rural']) as MappingSetting;
    const key = `${censusClass}/${setting}`;
    if (seen.has(key)) throw new InputError(`${file}:${row.line}: expected each class and setting once, found ${key} again`);
    seen.add(key);
    const shares = {} as Record<PagerType, number>;
    let sum = 0;
    for (const ty of PAGER_TYPES) sum += shares[ty] = cellNumber(t, row, ty, { min: 0, max: 1, expected: 'a share between 0 and 1' });
    if (Math.abs(sum - 1) > 1e-9) throw new InputError(`${file}:${row.line}: row ${key}: expected shares that sum to 1, found ${sum}`);
    return { censusClass, setting, shares, source: cellText(t, row, 'source'), range: cellText(t, row, 'range') };
  });
}

/** Read the census tables and the mapping from a directory (default datasets/census). */
export function loadCensusTables(dir: string = defaultCensusDir()): CensusTables {
  const c10 = readCsv(join(dir, 'census2010-housing-structure.csv'), '2010 census housing table', ['province_zh', 'province_en', 'setting', 'households', 'no_housing', 'rc', 'mixed', 'brick_wood', 'other', 'source']);
  const s05 = readCsv(join(dir, 'census2005-housing-structure.csv'), '2005 survey housing table', ['province_zh', 'province_en', 'setting', 'households', 'no_housing', 'rc', 'mixed', 'brick_wood', 'earth_wood', 'other', 'source']);
  const a06 = readCsv(join(dir, 'agcensus2006-forestry-housing-structure.csv'), '2006 agricultural census housing table', ['province_zh', 'province_en', 'households', 'rc', 'mixed', 'brick_wood', 'earth_wood', 'other', 'source']);
  const rows = [
    ...readRows(c10, 'census2010', ['rc', 'mixed', 'brick_wood', 'other_unsplit']),
    ...readRows(s05, 'survey2005', ['rc', 'mixed', 'brick_wood', 'earth_wood', 'other']),
    ...readRows(a06, 'agcensus2006', ['rc', 'mixed', 'brick_wood', 'earth_wood', 'other'], 'rural'),
  ];
  return { rows, mapping: readMapping(join(dir, 'census-to-pager.csv')) };
}

/** How one residential stock was derived: rows used, class shares, mapping rows, resulting type shares. */
export interface StockDerivation {
  stock: BuildingStock;
  /** Census rows combined (household counts added). */
  rows: CensusRow[];
  classShares: Partial<Record<CensusClass, number>>;
  mappingSetting: MappingSetting;
  /** Type shares before rounding. */
  shares: Record<PagerType, number>;
  /** Source text for the region file's source column. */
  source: string;
  /** Assumptions made for this stock (fallbacks), for the docs. */
  notes: string[];
}

function find(t: CensusTables, table: CensusRow['table'], provinceEn: string, setting: CensusRow['setting']): CensusRow | undefined {
  return t.rows.find((r) => r.table === table && r.setting === setting && r.provinceEn.toLowerCase() === provinceEn.toLowerCase());
}

function derive(t: CensusTables, stock: BuildingStock, rows: CensusRow[], setting: MappingSetting, notes: string[]): StockDerivation {
  const counts: Partial<Record<CensusClass, number>> = {};
  for (const r of rows) for (const c of CENSUS_CLASSES) if (r.counts[c] !== undefined) counts[c] = (counts[c] ?? 0) + r.counts[c]!;
  const total = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
  const classShares: Partial<Record<CensusClass, number>> = {};
  const shares = Object.fromEntries(PAGER_TYPES.map((ty) => [ty, 0])) as Record<PagerType, number>;
  for (const c of CENSUS_CLASSES) {
    if (counts[c] === undefined) continue;
    const s = counts[c]! / total;
    classShares[c] = s;
    const m = t.mapping.find((x) => x.censusClass === c && x.setting === setting);
    if (!m) throw new InputError(`census-to-pager.csv: expected a row for class ${c}, setting ${setting}, found none`);
    for (const ty of PAGER_TYPES) shares[ty] += s * m.shares[ty];
  }
  const label = (r: CensusRow) => `${r.table} ${r.provinceEn} ${r.setting}`;
  const source = `${rows.map(label).join(' + ')} households by load-bearing class × census-to-pager.csv (${setting})${notes.length ? `; ${notes.join('; ')}` : ''}`;
  return { stock, rows, classShares, mappingSetting: setting, shares, source, notes };
}

/** Derivation of the two residential stocks for a province (see the module comment for the fallbacks). */
export function censusMixDerivation(provinceEn: string, census: 2010 | 2020 = 2010, tables: CensusTables = loadCensusTables()): StockDerivation[] {
  if (census === 2020) throw new InputError('census 2020: no 2020 census housing table was transcribed (datasets/census has none); use 2010');
  if (!tables.rows.some((r) => r.provinceEn.toLowerCase() === provinceEn.toLowerCase())) {
    throw new InputError(`province "${provinceEn}": expected one of ${[...new Set(tables.rows.map((r) => r.provinceEn))].join(', ')}`);
  }
  // Urban (街道): 2010 城市, else the province's all-settings row, else national.
  let urban: StockDerivation;
  const city = find(tables, 'census2010', provinceEn, 'city');
  const total = find(tables, 'census2010', provinceEn, 'total');
  if (city) urban = derive(tables, 'urban_residential', [city], 'urban', []);
  else if (total) urban = derive(tables, 'urban_residential', [total], 'urban', ['assumption: 城市 row (table 9-1a) not retrieved, the province all-settings row of table 9-1 stands in (conservative: includes 镇 and 乡村 houses)']);
  else urban = derive(tables, 'urban_residential', [find(tables, 'census2010', 'China', 'total')!], 'urban', [`assumption: no 2010 row for ${provinceEn} retrieved, the national all-settings row of table 9-1 stands in`]);

  // Rural (镇 townships): 镇 + 乡村.
  let rural: StockDerivation;
  const r10 = [find(tables, 'census2010', provinceEn, 'town'), find(tables, 'census2010', provinceEn, 'rural')].filter((x): x is CensusRow => !!x);
  const r05 = [find(tables, 'survey2005', provinceEn, 'town'), find(tables, 'survey2005', provinceEn, 'rural')].filter((x): x is CensusRow => !!x);
  const a06 = find(tables, 'agcensus2006', provinceEn, 'rural');
  const townNote = 'assumption: 镇 townships are rural in the model (镇 and 乡村 households pooled)';
  if (r10.length === 2) rural = derive(tables, 'rural_residential', r10, 'rural', [townNote]);
  else if (r05.length === 2) rural = derive(tables, 'rural_residential', r05, 'rural', [townNote, '2005 1% survey (2010 镇/乡村 rows not retrieved)']);
  else if (r05.length === 1) rural = derive(tables, 'rural_residential', r05, 'rural', [`assumption: only the 2005 ${r05[0].setting} row retrieved; 镇 houses taken as like 乡村 houses (conservative)`]);
  else if (a06) rural = derive(tables, 'rural_residential', [a06], 'rural', ['PROXY: 2006 agricultural census forestry-production households (hill and forest areas; conservative)']);
  else rural = derive(tables, 'rural_residential', [find(tables, 'survey2005', 'China', 'town')!, find(tables, 'survey2005', 'China', 'rural')!], 'rural', ['assumption: national 2005 镇 + 乡村 rows']);
  return [rural, urban];
}

/** Round to 5 decimals and fix the largest share so the row sums to exactly 1 (at 5 decimals). */
export function roundShares(v: readonly number[]): number[] {
  const sum = v.reduce((a, b) => a + b, 0);
  const r = v.map((x) => Math.round((x / sum) * 1e5));
  const diff = 1e5 - r.reduce((a, b) => a + b, 0);
  let k = 0;
  for (let j = 1; j < r.length; j++) if (r[j] > r[k]) k = j;
  r[k] += diff;
  return r.map((x) => x / 1e5);
}

/** Source text of the PAGER non-residential rows kept as they are. */
export const NONRES_SOURCE = 'PAGER China national row (semi_inventory.xlsx sheet CN; no census source for non-residential stock found)';

/** The census-based building mix of a province, per PAGER China type, with per-stock sources. */
export function censusBuildingMix(provinceEn: string, census: 2010 | 2020 = 2010, tables: CensusTables = loadCensusTables()): BuildingMix & { stockSource: Record<BuildingStock, string> } {
  const d = censusMixDerivation(provinceEn, census, tables);
  const shares = {} as Record<BuildingStock, number[]>;
  const stockSource = {} as Record<BuildingStock, string>;
  for (const s of d) {
    shares[s.stock] = roundShares(PAGER_TYPES.map((ty) => s.shares[ty]));
    stockSource[s.stock] = s.source;
  }
  for (const stock of BUILDING_STOCKS) {
    if (shares[stock]) continue;
    const j = PAGER_CHINA_INVENTORY.types;
    shares[stock] = roundShares(PAGER_TYPES.map((ty) => PAGER_CHINA_INVENTORY.shares[stock][j.indexOf(ty)]));
    stockSource[stock] = stock === 'rural_nonresidential' ? `${NONRES_SOURCE}; divided by its published sum 1.003` : NONRES_SOURCE;
  }
  return {
    types: [...PAGER_TYPES],
    shares,
    stockSource,
    source: `Census building mix for ${provinceEn} (datasets/census: 2010 census table 9-1, 2005 1% survey table 11-3, 2006 agricultural census table 5-3-2; mapping census-to-pager.csv; docs/building-mix.md). Residential rows from census households by load-bearing class; non-residential rows PAGER national.`,
  };
}
