/**
 * Optional per-region hazard attributes: hazard.csv (flood plain, protection,
 * depth curve, forest area per township), building-mix.csv (earthquake
 * occupancy by building type) and the rescue teams of holdings/teams.csv.
 * Empty cells mean "no local data": the model default applies and the run
 * counts how many townships used it.
 */
import { existsSync } from 'node:fs';
import { InputError } from '../core/errors.js';
import { cellNumber, cellText, readCsv, readText } from '../io/csv.js';
import { loadTeams } from './teams.js';
import { BUILDING_STOCKS, FLOOD_CURVE_T, type BuildingMix, type BuildingStock, type Region } from './types.js';

export function loadHazardAttributes(r: Region, file: string): void {
  if (!existsSync(file)) {
    r.flags.floodPlainDefault = r.n;
    r.flags.floodCurveDefault = r.n;
    r.flags.forestAreaDefault = r.n;
    return;
  }
  const t = readCsv(file, 'hazard attribute table', ['code']);
  const index = new Map(r.code.map((c, i) => [c, i]));
  const seen = new Set<string>();
  const depthCols = FLOOD_CURVE_T.map((T) => `flood_depth_T${T}`);
  for (const row of t.rows) {
    const code = cellText(t, row, 'code');
    const i = index.get(code);
    if (i === undefined) throw new InputError(`${file}:${row.line}: field "code": expected a township code of townships.csv, found ${JSON.stringify(code)}`);
    if (seen.has(code)) throw new InputError(`${file}:${row.line}: field "code": expected each township once, found ${code} again`);
    seen.add(code);
    if (t.columns.includes('flood_plain_share')) r.floodPlainShare[i] = cellNumber(t, row, 'flood_plain_share', { min: 0, max: 1, optional: true, expected: 'a share between 0 and 1' });
    if (t.columns.includes('flood_protection_T')) r.floodProtectionT[i] = cellNumber(t, row, 'flood_protection_T', { min: 1, optional: true, expected: 'a protection standard in years (≥ 1)' });
    if (t.columns.includes('forest_area_ha')) r.forestAreaHa[i] = cellNumber(t, row, 'forest_area_ha', { min: 0, optional: true, expected: 'a forest area in hectares (≥ 0)' });
    const present = depthCols.filter((c) => t.columns.includes(c) && (row.values[c] ?? '') !== '');
    if (present.length > 0 && present.length < depthCols.length) {
      throw new InputError(`${file}:${row.line}: fields ${depthCols.join(', ')}: expected all five depths of the curve or none, found ${present.length}`);
    }
    if (present.length === depthCols.length) {
      let prev = -Infinity;
      depthCols.forEach((c, k) => {
        const d = cellNumber(t, row, c, { min: 0, expected: 'a flood depth in metres (≥ 0)' });
        if (d < prev) throw new InputError(`${file}:${row.line}: field "${c}": expected a depth that does not decrease with return period (≥ ${prev} m at T${FLOOD_CURVE_T[k - 1]}), found ${d}`);
        prev = d;
        r.floodDepthCurve[i * FLOOD_CURVE_T.length + k] = d;
      });
    }
  }
  for (let i = 0; i < r.n; i++) {
    if (Number.isNaN(r.floodPlainShare[i])) r.flags.floodPlainDefault++;
    if (Number.isNaN(r.floodDepthCurve[i * FLOOD_CURVE_T.length])) r.flags.floodCurveDefault++;
    if (Number.isNaN(r.forestAreaHa[i])) r.flags.forestAreaDefault++;
  }
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
export function loadRescueTeams(r: Region, holdingsDir: string): number {
  const teams = loadTeams(holdingsDir, r);
  for (const team of teams?.rows ?? []) {
    if (team.tier === 'county') r.countyRescueUnits[team.place] += team.members / 10;
    else r.rescueUnits[team.place] += team.members / 10;
  }
  return teams?.rows.length ?? 0;
}
