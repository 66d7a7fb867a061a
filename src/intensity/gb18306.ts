/**
 * Seismic intensity attenuation of GB 18306-2015 (中国地震动参数区划图), eastern
 * region (东部区), elliptical model (docs/model.md §2.3):
 *
 *   I = A + B·Ms + C·lg(R + R0),   R epicentral distance in km, lg = log10
 *
 * Coefficients (one public transcription of the standard's background material; M):
 *
 *   axis    A        B        C        R0    σ
 *   long    5.7123   1.3626   −4.2903  25    0.5826
 *   short   3.6588   1.3626   −3.5406  13    0.5826
 *
 * Check: both axes give the same epicentral intensity (R = 0),
 * 5.7123 − 4.2903·lg 25 = −0.28528 and 3.6588 − 3.5406·lg 13 = −0.28523, i.e.
 * −0.285 + 1.3626·Ms to the table's rounding. Source table:
 * shared/reference/tables/gb18306-east-intensity.csv (copy in test/tables).
 *
 * A site at angle φ from the long axis gets I = I_long·cos²φ + I_short·sin²φ
 * (assumption, docs/model.md §2.3: an interpolation between the two axes, not a
 * formula of the standard). Chinese intensity is used as MMI downstream.
 * Pure functions; the hazard kernel adds the residuals.
 */

export interface AttenuationAxis {
  readonly A: number;
  readonly B: number;
  readonly C: number;
  /** Distance saturation term (km). */
  readonly R0: number;
}

export const GB18306_SOURCE =
  'GB 18306-2015 seismic intensity attenuation, eastern region (东部区), long and short axes (one public transcription of the background material; M)';

/** Eastern-region coefficients, as in the table above. */
export const GB18306_EAST = {
  long: { A: 5.7123, B: 1.3626, C: -4.2903, R0: 25 } as AttenuationAxis,
  short: { A: 3.6588, B: 1.3626, C: -3.5406, R0: 13 } as AttenuationAxis,
  /** Standard deviation of the intensity residual (intensity units). */
  sigma: 0.5826,
} as const;

/** Intensity on one axis at epicentral distance rKm. */
export function axisIntensity(axis: AttenuationAxis, ms: number, rKm: number): number {
  return axis.A + axis.B * ms + axis.C * Math.log10(rKm + axis.R0);
}

/** I_long(Ms, R) = 5.7123 + 1.3626·Ms − 4.2903·lg(R + 25). */
export function longAxisIntensity(ms: number, rKm: number): number {
  return axisIntensity(GB18306_EAST.long, ms, rKm);
}

/** I_short(Ms, R) = 3.6588 + 1.3626·Ms − 3.5406·lg(R + 13). */
export function shortAxisIntensity(ms: number, rKm: number): number {
  return axisIntensity(GB18306_EAST.short, ms, rKm);
}

/** Elliptical intensity given cos²φ of the site's angle φ from the long axis (cos²φ in [0, 1]). */
export function ellipticalIntensityCos2(ms: number, rKm: number, cos2Phi: number): number {
  return cos2Phi * longAxisIntensity(ms, rKm) + (1 - cos2Phi) * shortAxisIntensity(ms, rKm);
}

/** Elliptical intensity at a site at angle phiRad (radians) from the long axis. */
export function ellipticalIntensity(ms: number, rKm: number, phiRad: number): number {
  const c = Math.cos(phiRad);
  return ellipticalIntensityCos2(ms, rKm, c * c);
}

/**
 * Intensity at a site (local east/north km) from an epicentre (local km) with the long
 * axis at azimuthDeg east of north. At the epicentre itself the angle is undefined and the
 * long axis is used (both axes agree there to 1e-4).
 */
export function siteIntensity(ms: number, epiXKm: number, epiYKm: number, azimuthDeg: number, siteXKm: number, siteYKm: number): number {
  const a = (azimuthDeg * Math.PI) / 180;
  return siteIntensityAxis(ms, epiXKm, epiYKm, Math.sin(a), Math.cos(a), siteXKm, siteYKm);
}

/** siteIntensity with the long axis given as a unit vector (sin, cos of the azimuth): computed once per event, not per site. */
export function siteIntensityAxis(ms: number, epiXKm: number, epiYKm: number, axisX: number, axisY: number, siteXKm: number, siteYKm: number): number {
  const dx = siteXKm - epiXKm;
  const dy = siteYKm - epiYKm;
  const r2 = dx * dx + dy * dy;
  if (r2 === 0) return longAxisIntensity(ms, 0);
  const along = dx * axisX + dy * axisY;
  return ellipticalIntensityCos2(ms, Math.sqrt(r2), (along * along) / r2);
}
