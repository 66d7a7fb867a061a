/**
 * The holdings tables of a region (holdings/depots.csv, stock.csv, shelters.csv; teams.csv is
 * region/teams.ts), read and checked in one place. The region loader checks them all when the region
 * loads, so a broken holdings table is reported before a run starts, not after its first pass; the
 * planner (plan/holdings.ts) builds its depots and current holdings from the same rows.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { cellNumber, cellText, readCsv, showText } from '../io/csv.js';
import type { Region } from './types.js';

export const DEPOT_TIERS = ['city', 'county', 'township', 'village'] as const;
export type DepotTier = (typeof DEPOT_TIERS)[number];
/** Shelter classes (GB 21734): the same list as engine/layout.ts's SHELTER_CLASSES. */
const SHELTER_CLASS_LIST = ['I', 'II', 'III'] as const;

export interface DepotRow {
  line: number;
  id: string;
  nameZh: string;
  nameEn: string;
  tier: DepotTier;
  countyCode: string;
  townshipCode: string;
  lat: number;
  lon: number;
  floorAreaM2: number;
  /** Undefined when the table has no usable_volume_m3 column (the planner's stacking rule applies). */
  usableVolumeM3: number | undefined;
}

export interface StockRow {
  line: number;
  depotId: string;
  itemId: string;
  quantity: number;
}

export interface ShelterRow {
  line: number;
  id: string;
  countyCode: string;
  townshipCode: string;
  class: (typeof SHELTER_CLASS_LIST)[number];
  capacity: number;
}

type Places = Pick<Region, 'code' | 'counties'>;

const DEPOT_REQUIRED = ['depot_id', 'tier', 'county_code', 'township_code', 'lat', 'lon', 'floor_area_m2'];
const DEPOT_KNOWN = ['name_zh', 'name_en', 'usable_volume_m3'];

/** holdings/depots.csv: unique ids, known tiers, counties and townships of the region, coordinates and areas in range. */
export function readDepots(holdingsDir: string, region: Places): DepotRow[] {
  const file = join(holdingsDir, 'depots.csv');
  const t = readCsv(file, 'depot table', DEPOT_REQUIRED, { known: DEPOT_KNOWN });
  const towns = new Set(region.code);
  const counties = new Set(region.counties);
  const seen = new Map<string, number>();
  const hasVolume = t.columns.includes('usable_volume_m3');
  return t.rows.map((row) => {
    const id = cellText(t, row, 'depot_id');
    const first = seen.get(id);
    if (first !== undefined) throw new InputError(`${file}:${row.line}: field "depot_id": expected a unique depot id, found ${id} again (first at line ${first})`);
    seen.set(id, row.line);
    const tier = cellText(t, row, 'tier', DEPOT_TIERS) as DepotTier;
    const countyCode = cellText(t, row, 'county_code');
    if (!counties.has(countyCode)) throw new InputError(`${file}:${row.line}: field "county_code": expected a county code of townships.csv, found ${showText(countyCode)}`);
    const townshipCode = row.values.township_code ?? '';
    // township and village points need their township; a warehouse's township (its site), when given, must exist too
    if ((tier === 'township' || tier === 'village' || townshipCode !== '') && !towns.has(townshipCode)) {
      throw new InputError(`${file}:${row.line}: field "township_code": expected a township code of townships.csv, found ${townshipCode === '' ? 'an empty cell' : showText(townshipCode)}`);
    }
    return {
      line: row.line,
      id,
      nameZh: row.values.name_zh ?? '',
      nameEn: row.values.name_en ?? '',
      tier,
      countyCode,
      townshipCode,
      lat: cellNumber(t, row, 'lat', { min: -90, max: 90, expected: 'a latitude within [-90, 90]' }),
      lon: cellNumber(t, row, 'lon', { min: -180, max: 180, expected: 'a longitude within [-180, 180]' }),
      floorAreaM2: cellNumber(t, row, 'floor_area_m2', { min: 0, expected: 'a floor area in m² (≥ 0)' }),
      usableVolumeM3: hasVolume ? cellNumber(t, row, 'usable_volume_m3', { min: 0, expected: 'a usable volume in m³ (≥ 0)' }) : undefined,
    };
  });
}

/**
 * holdings/stock.csv (undefined without the file): depots of depots.csv, items of the catalogue
 * (when `itemIds` is given), quantities ≥ 0, each depot and item once.
 */
export function readStock(holdingsDir: string, depotIds: ReadonlySet<string>, itemIds?: ReadonlySet<string>): StockRow[] | undefined {
  const file = join(holdingsDir, 'stock.csv');
  if (!existsSync(file)) return undefined;
  const t = readCsv(file, 'stock table', ['depot_id', 'item_id', 'quantity'], { known: [] });
  const seen = new Map<string, number>();
  return t.rows.map((row) => {
    const depotId = cellText(t, row, 'depot_id');
    if (!depotIds.has(depotId)) throw new InputError(`${file}:${row.line}: field "depot_id": expected a depot of depots.csv, found ${showText(depotId)}`);
    const itemId = cellText(t, row, 'item_id');
    if (itemIds && !itemIds.has(itemId)) throw new InputError(`${file}:${row.line}: field "item_id": expected an item of the catalogue (${[...itemIds].join(', ')}), found ${showText(itemId)}`);
    const key = `${depotId}\u0000${itemId}`;
    const first = seen.get(key);
    if (first !== undefined) throw new InputError(`${file}:${row.line}: fields "depot_id", "item_id": expected each depot and item once, found ${depotId} ${itemId} again (first at line ${first})`);
    seen.set(key, row.line);
    return { line: row.line, depotId, itemId, quantity: cellNumber(t, row, 'quantity', { min: 0, expected: 'a quantity ≥ 0' }) };
  });
}

/** holdings/shelters.csv (undefined without the file): unique ids, counties and townships of the region, class I, II or III, capacities ≥ 0. */
export function readShelters(holdingsDir: string, region: Places): ShelterRow[] | undefined {
  const file = join(holdingsDir, 'shelters.csv');
  if (!existsSync(file)) return undefined;
  const t = readCsv(file, 'shelter table', ['county_code', 'class', 'capacity_persons'], { known: ['shelter_id', 'name_zh', 'name_en', 'township_code', 'area_m2'] });
  const towns = new Set(region.code);
  const counties = new Set(region.counties);
  const seen = new Map<string, number>();
  return t.rows.map((row) => {
    const id = row.values.shelter_id ?? '';
    if (t.columns.includes('shelter_id')) {
      cellText(t, row, 'shelter_id');
      const first = seen.get(id);
      if (first !== undefined) throw new InputError(`${file}:${row.line}: field "shelter_id": expected a unique shelter id, found ${id} again (first at line ${first})`);
      seen.set(id, row.line);
    }
    const countyCode = cellText(t, row, 'county_code');
    if (!counties.has(countyCode)) throw new InputError(`${file}:${row.line}: field "county_code": expected a county code of townships.csv, found ${showText(countyCode)}`);
    const townshipCode = row.values.township_code ?? '';
    if (townshipCode !== '' && !towns.has(townshipCode)) throw new InputError(`${file}:${row.line}: field "township_code": expected a township code of townships.csv (or an empty cell), found ${showText(townshipCode)}`);
    const cls = cellText(t, row, 'class', SHELTER_CLASS_LIST) as ShelterRow['class'];
    const capacity = cellNumber(t, row, 'capacity_persons', { min: 0, expected: 'a capacity in persons (≥ 0)' });
    if (t.columns.includes('area_m2')) cellNumber(t, row, 'area_m2', { min: 0, optional: true, expected: 'an area in m² (≥ 0)' });
    return { line: row.line, id, countyCode, townshipCode, class: cls, capacity };
  });
}
