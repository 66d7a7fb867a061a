/**
 * Impacts of one event, per township (docs/model.md §3): a township-major
 * Float64Array of IMPACT_FIELDS values per township, the people fields every
 * hazard shares. Impact models write it; the demand and rescue stages read it.
 * Expected counts, not integers. Quantities of one hazard only (collapse,
 * burned area, …) are that hazard's declared metrics, written per event.
 */
import type { IntensityField } from '../intensity/types.js';

export const IMPACT = {
  evacuated: 0,
  /** Displaced people by the shelter class they need (GB 21734-2008: I ≥ 30 days, II 10–30, III ≤ 10). */
  displacedI: 1,
  displacedII: 2,
  displacedIII: 3,
  injured: 4,
  /** Trapped survivors needing extraction within 72 h (collapse and flood). */
  trapped: 5,
  deaths: 6,
  /** Team-hours of a 10-person unit to extract the trapped (docs/model.md §4.3: 4 h per collapse extraction, 1 h per flood one). */
  rescueTeamHours: 7,
} as const;
export const IMPACT_FIELDS = 8;

export function newImpactBuffer(nTownships: number): Float64Array {
  return new Float64Array(nTownships * IMPACT_FIELDS);
}

/** Zero one township's row. */
export function clearTownship(out: Float64Array, township: number): void {
  // a loop, not fill(0, a, b): for 8 values the builtin call costs more than the stores (issue 13)
  const o = township * IMPACT_FIELDS;
  for (let f = 0; f < IMPACT_FIELDS; f++) out[o + f] = 0;
}

/**
 * From one event's intensity at each site to township impacts (`out`, every row
 * written) and the hazard's own per-event metrics (`metrics`, at the slots the
 * model was given; the caller zeroes them first). Allocates nothing.
 */
export interface ImpactModel {
  write(field: IntensityField, out: Float64Array, metrics: Float64Array): void;
  /**
   * Optional, after each write: the rows that may be non-zero, rows[0 … count) in increasing order (every other
   * row is all +0); count −1 when any row may be. Lets the kernel skip the rows a storm never reached (issue 13).
   */
  readonly nonZeroRows?: RowList;
}

/** A list of township rows: rows[0 … count), or count −1 for all of them. */
export interface RowList {
  rows: Int32Array;
  count: number;
}
