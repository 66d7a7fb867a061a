/**
 * The region's depots and current holdings (datasets/<region>/holdings/), as a
 * Plan, and compiling any Plan against the region into the typed arrays the
 * evaluator reads.
 */
import { InputError } from '../core/errors.js';
import type { Item } from '../demand/catalogue.js';
import { readDepots, readShelters, readStock } from '../region/holdings.js';
import { loadTeams } from '../region/teams.js';
import { roadHours } from '../region/travel.js';
import type { Region } from '../region/types.js';
import { PLAN_PARAMS, type PlanParams } from './params.js';
import { SHELTER_CLASS_NAMES, type CompiledPlan, type Depot, type Plan, type ShelterClass } from './types.js';

export function loadDepots(region: Region): Depot[] {
  return readDepots(region.holdingsDir, region).map(({ line: _line, usableVolumeM3, ...d }) => ({
    ...d,
    // without the column: floor × 1.8 m³/m², the stacking assumption of PLAN_PARAMS.stackHeightM
    usableVolumeM3: usableVolumeM3 ?? d.floorAreaM2 * PLAN_PARAMS.stackHeightM.value,
  }));
}

/** The current holdings of the dataset as a plan (stock, teams, shelters). */
export function currentHoldings(region: Region, depots: Depot[], items: Item[]): Plan {
  const dir = region.holdingsDir;
  const plan: Plan = {
    name: 'current holdings',
    region: region.name,
    stock: {},
    contracted: {},
    teams: { county: {}, township: {}, village: {} },
    shelters: {},
    note: `from ${dir}`,
  };
  const depotIds = new Set(depots.map((d) => d.id));
  const itemIds = new Set(items.map((i) => i.id));
  for (const { depotId: d, itemId: it, quantity: q } of readStock(dir, depotIds, itemIds) ?? []) (plan.stock[d] ??= {})[it] = q;
  // the rows the region counted its rescue units from: county members, 30-person township teams, 10-person village teams
  for (const { tier, countyCode, townshipCode, members: m } of loadTeams(dir, region)?.rows ?? []) {
    if (tier === 'county') plan.teams.county[countyCode] = (plan.teams.county[countyCode] ?? 0) + m;
    else if (tier === 'township') plan.teams.township[townshipCode] = (plan.teams.township[townshipCode] ?? 0) + m / 30;
    else plan.teams.village[townshipCode] = (plan.teams.village[townshipCode] ?? 0) + m / 10;
  }
  for (const { countyCode: c, class: k, capacity: cap } of readShelters(dir, region) ?? []) {
    const e = ((plan.shelters[c] ??= {})[k] ??= { count: 0, capacity: 0 });
    e.count += 1;
    e.capacity += cap;
  }
  return plan;
}

export { distanceKm } from '../region/travel.js';

/** Hours from a city or county warehouse to a township: road = roadFactor × great circle at truck speed, plus loading (docs/model.md §5.1). */
export function travelHours(d: Depot, region: Region, township: number, p: PlanParams): number {
  return roadHours(d.lat, d.lon, region.lat[township], region.lon[township], p) + p.loadingHours;
}

/**
 * Which depots can serve each township's phase-1 needs within the window (docs/model.md §5.1): its own
 * station and village points always; its county's warehouses and the city warehouse where the trip
 * takes at most phase1Hours. Both the LP and the evaluator use this, so they agree on reach.
 */
export interface Phase1Reach {
  /** Per township: the station and village points that serve it first. */
  local: Depot[][];
  /** Per county (index in region.counties): its warehouses. */
  county: Depot[][];
  city: Depot[];
  /** Per township: 1 where a warehouse of its county (of the city) gets there in time. */
  countyReach: Uint8Array;
  cityReach: Uint8Array;
  /** Townships no depot reaches in time ("code name"). */
  unreachable: string[];
}

export function phase1Reach(region: Region, depots: Depot[], p: PlanParams): Phase1Reach {
  const local = region.code.map((code) => depots.filter((d) => (d.tier === 'township' || d.tier === 'village') && d.townshipCode === code));
  const county = region.counties.map((c) => depots.filter((d) => d.tier === 'county' && d.countyCode === c));
  const city = depots.filter((d) => d.tier === 'city');
  const inTime = (d: Depot, t: number) => travelHours(d, region, t, p) <= p.phase1Hours;
  const countyReach = Uint8Array.from(region.code, (_, t) => (county[region.countyIndex[t]].some((d) => inTime(d, t)) ? 1 : 0));
  const cityReach = Uint8Array.from(region.code, (_, t) => (city.some((d) => inTime(d, t)) ? 1 : 0));
  const unreachable = region.code.flatMap((code, t) => (local[t].length === 0 && !countyReach[t] && !cityReach[t] ? [`${code} ${region.nameZhList[t]}`] : []));
  return { local, county, city, countyReach, cityReach, unreachable };
}

/**
 * Compile a plan against the region. Unknown depots, townships, counties or items and negative
 * quantities are input errors naming `where` + the field (e.g. "plans/a.yaml: stock.D-X.tent").
 */
export function compilePlan(plan: Plan, region: Region, depots: Depot[], items: Item[], p: PlanParams, where: string): CompiledPlan {
  const T = region.n;
  const I = items.length;
  const C = region.counties.length;
  const itemIndex = new Map(items.map((it, i) => [it.id, i]));
  const depotById = new Map(depots.map((d) => [d.id, d]));
  const townIndex = new Map(region.code.map((c, i) => [c, i]));
  const countyIndex = new Map(region.counties.map((c, i) => [c, i]));
  const reach = phase1Reach(region, depots, p);
  const cp: CompiledPlan = {
    name: plan.name,
    nItems: I,
    townStock: new Float64Array(T * I),
    countyStock: new Float64Array(C * I),
    cityStock: new Float64Array(I),
    contracted: new Float64Array(I),
    countyReach: reach.countyReach,
    cityReach: reach.cityReach,
    rescueUnits: new Float64Array(T),
    countyRescueUnits: new Float64Array(C),
    shelterCapacity: new Float64Array(C * 3),
  };
  const qty = (v: unknown, field: string): number => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new InputError(`${where}: ${field}: expected a quantity ≥ 0, found ${JSON.stringify(v)}`);
    return v;
  };
  for (const [depotId, byItem] of Object.entries(plan.stock)) {
    const d = depotById.get(depotId);
    if (!d) throw new InputError(`${where}: stock.${depotId}: expected a depot of ${region.name} (holdings/depots.csv, e.g. ${depots[0]?.id}), found ${JSON.stringify(depotId)}`);
    for (const [itemId, q] of Object.entries(byItem ?? {})) {
      const i = itemIndex.get(itemId);
      if (i === undefined) throw new InputError(`${where}: stock.${depotId}.${itemId}: expected an item of the catalogue (${items.map((x) => x.id).join(', ')}), found ${JSON.stringify(itemId)}`);
      const v = qty(q, `stock.${depotId}.${itemId}`);
      // village points and the township station both serve their own township first (nested reach)
      if (d.tier === 'township' || d.tier === 'village') cp.townStock[townIndex.get(d.townshipCode)! * I + i] += v;
      else if (d.tier === 'county') cp.countyStock[countyIndex.get(d.countyCode)! * I + i] += v;
      else cp.cityStock[i] += v;
    }
  }
  for (const [itemId, q] of Object.entries(plan.contracted ?? {})) {
    const i = itemIndex.get(itemId);
    if (i === undefined) throw new InputError(`${where}: contracted.${itemId}: expected an item of the catalogue (${items.map((x) => x.id).join(', ')}), found ${JSON.stringify(itemId)}`);
    cp.contracted[i] += qty(q, `contracted.${itemId}`);
  }
  for (const [c, m] of Object.entries(plan.teams?.county ?? {})) {
    const k = countyIndex.get(c);
    if (k === undefined) throw new InputError(`${where}: teams.county.${c}: expected a county code of ${region.name}, found ${JSON.stringify(c)}`);
    cp.countyRescueUnits[k] += qty(m, `teams.county.${c}`) / 10;
  }
  for (const [kind, units] of [['township', 3], ['village', 1]] as const) {
    for (const [code, n] of Object.entries(plan.teams?.[kind] ?? {})) {
      const t = townIndex.get(code);
      if (t === undefined) throw new InputError(`${where}: teams.${kind}.${code}: expected a township code of ${region.name}, found ${JSON.stringify(code)}`);
      cp.rescueUnits[t] += qty(n, `teams.${kind}.${code}`) * units;
    }
  }
  for (const [c, byClass] of Object.entries(plan.shelters ?? {})) {
    const k = countyIndex.get(c);
    if (k === undefined) throw new InputError(`${where}: shelters.${c}: expected a county code of ${region.name}, found ${JSON.stringify(c)}`);
    for (const [cls, v] of Object.entries(byClass ?? {})) {
      const ci = SHELTER_CLASS_NAMES.indexOf(cls as ShelterClass);
      if (ci < 0) throw new InputError(`${where}: shelters.${c}.${cls}: expected a shelter class I, II or III, found ${JSON.stringify(cls)}`);
      qty(v?.count, `shelters.${c}.${cls}.count`);
      cp.shelterCapacity[k * 3 + ci] += qty(v?.capacity, `shelters.${c}.${cls}.capacity`);
    }
  }
  return cp;
}
