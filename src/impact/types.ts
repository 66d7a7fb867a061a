/**
 * Impacts of one event, per township (model.md §3): a township-major
 * Float64Array of IMPACT_FIELDS values per township. Hazards write it; the
 * demand and rescue stages read it. Expected counts, not integers.
 */
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
  /** Team-hours of a 10-person unit to extract the trapped (model.md §4.3: 4 h per collapse extraction, 1 h per flood one). */
  rescueTeamHours: 7,
  /** Occupants of collapsed buildings (earthquake): the collapse count in people. */
  collapsedOccupants: 8,
  /** Burned forest area, hectares (forest fire). */
  burnedHa: 9,
  /** Firefighting demand in team-days of a 30-person team (forest fire). */
  fireTeamDays: 10,
  /** Deaths by a second, independent model of the same event (earthquake: PAGER empirical), for comparison only. */
  deathsCrossCheck: 11,
} as const;
export const IMPACT_FIELDS = 12;

export function newImpactBuffer(nTownships: number): Float64Array {
  return new Float64Array(nTownships * IMPACT_FIELDS);
}

/** Zero one township's row. */
export function clearTownship(out: Float64Array, township: number): void {
  out.fill(0, township * IMPACT_FIELDS, (township + 1) * IMPACT_FIELDS);
}
