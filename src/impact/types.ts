/**
 * Impacts of one event, per township (model.md §3): a township-major
 * Float64Array of IMPACT_FIELDS values per township. Hazards write it; the
 * demand stage reads it. Expected counts, not integers.
 */
export const IMPACT = {
  evacuated: 0,
  /** Displaced people by the shelter class they need (GB 21734-2008: I ≥ 30 days, II 10–30, III ≤ 10). */
  displacedI: 1,
  displacedII: 2,
  displacedIII: 3,
  injured: 4,
  trapped: 5,
  deaths: 6,
} as const;
export const IMPACT_FIELDS = 7;

export function newImpactBuffer(nTownships: number): Float64Array {
  return new Float64Array(nTownships * IMPACT_FIELDS);
}
