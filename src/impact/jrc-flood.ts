/**
 * JRC global flood depth-damage function, residential buildings, Asia
 * (continental average): Huizinga, J., de Moel, H. & Szewczyk, W. (2017),
 * "Global flood depth-damage functions: methodology and the database with
 * guidelines", JRC Technical Report EUR 28552 EN, doi:10.2760/16510 —
 * as coded in CLIMADA petals (river_flood.py; docs/model.md §2.2; H).
 * Verification table: ../shared/reference/tables/jrc-asia-residential.csv (test/tables/).
 *
 * Water depth (m) → damage ratio (0–1), linear between the points, 0 at and
 * below 0 m, 1 from 6 m on. sim takes the damage ratio as the share of the
 * flood-plain population made homeless (displaced): an assumption, as for the
 * typhoon (the function is calibrated to asset loss, not displacement).
 */

/** Depths of the table, metres. */
export const JRC_ASIA_RESIDENTIAL_DEPTH_M: readonly number[] = [0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0];
/** Damage ratio at each depth. */
export const JRC_ASIA_RESIDENTIAL_RATIO: readonly number[] = [0, 0.3266, 0.4941, 0.6166, 0.7207, 0.8695, 0.9315, 0.9836, 1.0];

export const JRC_ASIA_RESIDENTIAL_SOURCE =
  'JRC global depth-damage functions, residential, Asia (Huizinga, de Moel & Szewczyk 2017, JRC EUR 28552 EN), as coded in CLIMADA petals (H)';

const D = JRC_ASIA_RESIDENTIAL_DEPTH_M;
const R = JRC_ASIA_RESIDENTIAL_RATIO;
const LAST = D.length - 1;

/** Damage ratio at water depth `depthM` (m): 0 for depth ≤ 0 (or NaN), linear between the table points, 1 beyond 6 m. Allocates nothing. */
export function jrcAsiaResidential(depthM: number): number {
  if (!(depthM > 0)) return 0;
  if (depthM >= D[LAST]) return R[LAST];
  let k = 1;
  while (depthM > D[k]) k++;
  // D[k-1] < depthM ≤ D[k]
  const w = (depthM - D[k - 1]) / (D[k] - D[k - 1]);
  return R[k - 1] + w * (R[k] - R[k - 1]);
}
