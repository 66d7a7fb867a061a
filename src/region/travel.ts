/**
 * Road travel between places of a region, by docs/model.md §5.1's rule: road
 * distance = roadFactor × great-circle distance, driven at truckSpeedKmh.
 * Depots' reach (plan/holdings.ts) and rescue teams' mutual aid
 * (demand/rescue.ts, plan/teams.ts) both use it. It lives here, below demand
 * and plan, so the sampling core can use it without importing the planner.
 */
import type { ParamTable } from '../core/params.js';
import { KM_PER_DEG_LAT, type Region } from './types.js';

/** The travel rule's parameters; PLAN_PARAMS includes them (override under `optimize: parameters:`). */
export const TRAVEL_PARAMS = {
  roadFactor: { value: 1.3, unit: '-', description: "road distance / great-circle distance (depots' reach; rescue teams' mutual aid uses the default, see rescue.aidTravelHours)", source: 'assumption (docs/model.md §5.1)', confidence: 'assumption', min: 1 },
  truckSpeedKmh: { value: 40, unit: 'km/h', description: "relief convoy speed (depots' reach; rescue teams' mutual aid uses the default)", source: 'assumption (docs/model.md §5.1)', confidence: 'assumption', min: 0, minExclusive: true },
} satisfies ParamTable;

export interface TravelRule {
  roadFactor: number;
  truckSpeedKmh: number;
}

/**
 * The rule at its defaults. Mutual aid uses these: the sampling core sees the scenario's rescue
 * parameters but not its `optimize:` ones, and sizing must use the rule the evaluation uses.
 */
export const DEFAULT_TRAVEL: TravelRule = { roadFactor: TRAVEL_PARAMS.roadFactor.value, truckSpeedKmh: TRAVEL_PARAMS.truckSpeedKmh.value };

/** Great-circle distance, km (haversine). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return ((2 * KM_PER_DEG_LAT * 180) / Math.PI) * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Road distance between two points by the rule (road factor × great circle), km. */
export function roadKm(lat1: number, lon1: number, lat2: number, lon2: number, rule: Pick<TravelRule, 'roadFactor'>): number {
  return rule.roadFactor * distanceKm(lat1, lon1, lat2, lon2);
}

/** Driving hours between two points by the rule (no loading time). */
export function roadHours(lat1: number, lon1: number, lat2: number, lon2: number, rule: TravelRule): number {
  return roadKm(lat1, lon1, lat2, lon2, rule) / rule.truckSpeedKmh;
}

/**
 * Per township, the townships whose teams can come to help within `limitHours` of driving
 * (docs/model.md §5.2's mutual aid), county lines ignored, as compressed rows: township i's
 * neighbours are index[start[i]] … index[start[i + 1] − 1], itself first (0 h), then by
 * travel time and township index. Travel is symmetric, so the same rows also list whom
 * each township's teams can reach.
 */
export interface AidNeighbourhood {
  limitHours: number;
  start: Int32Array;
  index: Int32Array;
  hours: Float64Array;
}

const cache = new WeakMap<object, Map<string, AidNeighbourhood>>();

/**
 * The aid neighbourhood of a region: computed once per region object, limit and rule (the
 * evaluators and the team MILP all call this, so they work on the same rows).
 */
export function aidNeighbourhood(region: Pick<Region, 'n' | 'lat' | 'lon'>, limitHours: number, rule: TravelRule = DEFAULT_TRAVEL): AidNeighbourhood {
  const key = `${limitHours}|${rule.roadFactor}|${rule.truckSpeedKmh}`;
  let byKey = cache.get(region);
  const hit = byKey?.get(key);
  if (hit) return hit;
  const n = region.n;
  const start = new Int32Array(n + 1);
  // Only townships within a latitude band can be in reach (great-circle distance ≥ the latitude
  // difference's arc; margin for rounding): scanned in latitude order, each row is still sorted by
  // (hours, itself first, index), so the rows are the same as a scan of every pair, without the n²
  // time of one on a large region.
  const bandDeg = ((limitHours * rule.truckSpeedKmh) / rule.roadFactor / KM_PER_DEG_LAT) * (1 + 1e-9) + 1e-9;
  const byLat = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => region.lat[a] - region.lat[b] || a - b);
  const latSorted = Float64Array.from(byLat, (i) => region.lat[i]);
  const firstAtLeast = (x: number) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (latSorted[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let index = new Int32Array(Math.max(16, n));
  let hours = new Float64Array(index.length);
  for (let i = 0; i < n; i++) {
    const row: { j: number; h: number }[] = [];
    for (let k = firstAtLeast(region.lat[i] - bandDeg); k < n && latSorted[k] <= region.lat[i] + bandDeg; k++) {
      const j = byLat[k];
      const h = i === j ? 0 : roadHours(region.lat[i], region.lon[i], region.lat[j], region.lon[j], rule);
      if (h <= limitHours) row.push({ j, h });
    }
    row.sort((a, b) => a.h - b.h || (a.j === i ? -1 : b.j === i ? 1 : a.j - b.j));
    start[i + 1] = start[i] + row.length;
    if (start[i + 1] > index.length) {
      const grown = Math.max(start[i + 1], 2 * index.length);
      const gi = new Int32Array(grown);
      gi.set(index);
      const gh = new Float64Array(grown);
      gh.set(hours);
      index = gi;
      hours = gh;
    }
    row.forEach((e, k) => ((index[start[i] + k] = e.j), (hours[start[i] + k] = e.h)));
  }
  index = index.slice(0, start[n]);
  hours = hours.slice(0, start[n]);
  const aid: AidNeighbourhood = { limitHours, start, index, hours };
  if (!byKey) cache.set(region, (byKey = new Map()));
  byKey.set(key, aid);
  return aid;
}

/** Neighbours within the limit (other than the township itself): mean and largest count, and cross-county pairs. */
export function aidSummary(region: Pick<Region, 'n' | 'countyIndex'>, aid: AidNeighbourhood): { limitHours: number; meanNeighbours: number; maxNeighbours: number; crossCountyPairs: number } {
  let total = 0;
  let max = 0;
  let cross = 0;
  for (let i = 0; i < region.n; i++) {
    const k = aid.start[i + 1] - aid.start[i] - 1;
    total += k;
    if (k > max) max = k;
    for (let e = aid.start[i]; e < aid.start[i + 1]; e++) if (aid.index[e] > i && region.countyIndex[aid.index[e]] !== region.countyIndex[i]) cross++;
  }
  return { limitHours: aid.limitHours, meanNeighbours: region.n > 0 ? total / region.n : 0, maxNeighbours: max, crossCountyPairs: cross };
}
