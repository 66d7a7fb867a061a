/**
 * Optional per-region hazard attributes: hazard.csv (flood plain, protection,
 * depth curve, forest area per township), building-mix.csv (earthquake
 * occupancy by building type) and the rescue teams of holdings/teams.csv.
 * Empty cells mean "no local data": the model default applies and the run
 * counts how many townships used it.
 */
import { existsSync } from 'node:fs';
import { InputError } from '../core/errors.js';
import { cellNumber, cellText, readCsv, readText, showText, type CsvRow, type CsvTable } from '../io/csv.js';
import { loadTeams } from './teams.js';
import { BUILDING_STOCKS, type BuildingMix, type BuildingStock, type Region, type RegionAttribute } from './types.js';

/**
 * The declared attributes from hazard.csv into r.attributes (NaN: no local data), counting
 * the townships without local data in r.flags. Flags follow the file's column order (the
 * dataset's own order), then the declarations' order for attributes the file lacks.
 */
export function loadHazardAttributes(r: Region, file: string, declared: readonly RegionAttribute[], known?: (column: string) => boolean): void {
  const attrs: RegionAttribute[] = [];
  for (const a of declared) if (!attrs.some((b) => b.key === a.key)) attrs.push(a);
  for (const a of attrs) r.attributes[a.key] = new Float64Array(r.n * a.columns.length).fill(NaN);
  const t = existsSync(file) ? readCsv(file, 'hazard attribute table', ['code'], { known }) : undefined;
  if (t) {
    const index = new Map(r.code.map((c, i) => [c, i]));
    const seen = new Map<string, number>();
    for (const row of t.rows) {
      const code = cellText(t, row, 'code');
      const i = index.get(code);
      if (i === undefined) throw new InputError(`${file}:${row.line}: field "code": expected a township code of townships.csv, found ${showText(code)}`);
      const first = seen.get(code);
      if (first !== undefined) throw new InputError(`${file}:${row.line}: field "code": expected each township once, found ${code} again (first at line ${first})`);
      seen.set(code, row.line);
      const name = row.values.name_zh ?? '';
      if (name !== '' && name !== r.nameZhList[i]) {
        throw new InputError(`${file}:${row.line}: field "name_zh": expected the name of township ${code} in townships.csv (${showText(r.nameZhList[i])}), found ${showText(name)} (a wrong code?)`);
      }
      for (const a of attrs) readAttribute(t, row, a, r.attributes[a.key], i, file);
    }
  }
  const position = (a: RegionAttribute) => {
    const k = t ? t.columns.indexOf(a.columns[0]) : -1;
    return k < 0 ? Infinity : k;
  };
  const flagged = attrs.filter((a) => a.flag).map((a, k) => ({ a, k, pos: position(a) }));
  flagged.sort((x, y) => x.pos - y.pos || x.k - y.k);
  for (const { a } of flagged) {
    const v = r.attributes[a.key];
    const w = a.columns.length;
    let missing = 0;
    for (let i = 0; i < r.n; i++) if (Number.isNaN(v[i * w])) missing++;
    r.flags[a.flag!] = missing;
  }
}

function readAttribute(t: CsvTable, row: CsvRow, a: RegionAttribute, out: Float64Array, i: number, file: string): void {
  const cols = a.columns;
  const spec = { min: a.min, max: a.max, expected: a.expected };
  if (cols.length === 1) {
    if (t.columns.includes(cols[0])) out[i] = cellNumber(t, row, cols[0], { ...spec, optional: true });
    return;
  }
  const present = cols.filter((c) => t.columns.includes(c) && (row.values[c] ?? '') !== '');
  if (present.length > 0 && present.length < cols.length) {
    throw new InputError(`${file}:${row.line}: fields ${cols.join(', ')}: expected ${a.allOrNone ?? 'all of them or none'}, found ${present.length}`);
  }
  if (present.length === 0) return;
  let prev = -Infinity;
  cols.forEach((c, k) => {
    const d = cellNumber(t, row, c, spec);
    const nd = a.nonDecreasing;
    if (nd && d < prev) throw new InputError(`${file}:${row.line}: field "${c}": expected ${nd.expected} (≥ ${prev} ${a.unit} at ${nd.labels[k - 1]}), found ${d}`);
    prev = d;
    out[i * cols.length + k] = d;
  });
}

export function loadBuildingMix(file: string): BuildingMix | null {
  if (!existsSync(file)) return null;
  const t = readCsv(file, 'building mix table', ['stock']);
  const types = t.columns.filter((c) => c !== 'stock' && c !== 'source');
  if (types.length === 0) throw new InputError(`${file}: expected one column per building type after "stock", found none`);
  const shares: Partial<Record<BuildingStock, number[]>> = {};
  for (const row of t.rows) {
    const stock = cellText(t, row, 'stock', BUILDING_STOCKS) as BuildingStock;
    if (shares[stock]) throw new InputError(`${file}:${row.line}: field "stock": expected each stock once, found ${stock} again`);
    const v = types.map((c) => cellNumber(t, row, c, { min: 0, max: 1, expected: 'an occupant share between 0 and 1' }));
    const sum = v.reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > 0.001) throw new InputError(`${file}:${row.line}: row "${stock}": expected building-type shares that sum to 1 (within 0.001), found a sum of ${Number(sum.toFixed(6))}`);
    shares[stock] = v;
  }
  for (const s of BUILDING_STOCKS) if (!shares[s]) throw new InputError(`${file}: expected a row for stock "${s}", found none`);
  const firstLine = readText(file, 'building mix table').split(/\r?\n/)[0];
  return { types, shares: shares as Record<BuildingStock, number[]>, source: firstLine.startsWith('#') ? firstLine.slice(1).trim() : file };
}

/** Rescue units (10-person) from holdings/teams.csv: township and village teams where they are, county teams by county. */
export function loadRescueTeams(r: Region, holdingsDir: string): number | null {
  const teams = loadTeams(holdingsDir, r);
  for (const team of teams?.rows ?? []) {
    if (team.tier === 'county') r.countyRescueUnits[team.place] += team.members / 10;
    else r.rescueUnits[team.place] += team.members / 10;
  }
  return teams?.rows.length ?? null;
}
