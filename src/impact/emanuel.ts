/**
 * Emanuel (2011) wind damage function, as in CLIMADA's ImpfTropCyclone.from_emanuel_usa:
 *   v = max(V − V_thresh, 0) / (V_half − V_thresh),   f = v³ / (1 + v³).
 * V_thresh 25.7 m/s (Emanuel 2011); V_half 112.8 m/s for mainland China
 * (Eberenz, Lüthi & Bresch 2021, NHESS 21:393, TDR1.0; docs/model.md §2.1, M).
 * Verification values: ../shared/reference/tables/emanuel-verification.csv.
 */
export function emanuelDamage(windMs: number, vHalfMs: number, vThreshMs: number): number {
  // no damage at or below the threshold (most townships of most storms): 0 as v³ / (1 + v³) gives it, without the divisions
  if (!(windMs > vThreshMs)) return 0;
  const v = (windMs - vThreshMs) / (vHalfMs - vThreshMs);
  const v3 = v * v * v;
  return v3 / (1 + v3);
}
