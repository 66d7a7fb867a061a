/**
 * Peak sustained wind at a township as a typhoon passes (docs/model.md §2.1).
 *
 * Modified Rankine vortex: V(ρ) = Vmax·ρ/Rmax inside Rmax and Vmax·(Rmax/ρ)^x
 * outside. A township at distance r from a straight track sees every radius
 * ρ ≥ r, so its peak is Vmax when r ≤ Rmax and Vmax·(Rmax/r)^x otherwise.
 * Then inland decay after Kaplan & DeMaria (1995, NHC decay routine):
 * V = Vb + (V − Vb)·e^(−αt) where V > Vb, t = distance inland / translation
 * speed; α and Vb interpolated in latitude between the 36°N and 40°N values.
 * Speeds below the cut-off (17.5 m/s, CLIMADA) are zero.
 */

/** Distance (km) from a township at local (x, y) to a straight track of heading θ (east of north) passing at signed offset from the origin. */
export function distanceToTrack(xKm: number, yKm: number, cosH: number, sinH: number, offsetKm: number): number {
  // Unit normal to the track direction (sinθ, cosθ) is (cosθ, −sinθ).
  return Math.abs(xKm * cosH - yKm * sinH - offsetKm);
}

/** Signed offset of a point on the track from the origin along the normal: what distanceToTrack needs. */
export function trackOffset(xKm: number, yKm: number, cosH: number, sinH: number): number {
  return xKm * cosH - yKm * sinH;
}

export function rankinePeakWind(vmax: number, rmaxKm: number, rKm: number, exponent: number): number {
  if (rKm <= rmaxKm) return vmax;
  // the default exponent 0.5 by sqrt: the same numbers (V8 gives pow(x, 0.5) === sqrt(x) for x > 0: test/typhoon-wind.test.ts) at a fraction of pow's cost (issue 13)
  return exponent === 0.5 ? vmax * Math.sqrt(rmaxKm / rKm) : vmax * Math.pow(rmaxKm / rKm, exponent);
}

/**
 * A distance beyond which rankinePeakWind is below `cutoffMs` by a relative margin of 1e-9 (Infinity when there is
 * none): far more than the few ulps of rounding in rankinePeakWind and decayedWind, so a township farther than
 * this, whose inland decay can only lower the wind (factor ≤ 1), has a wind below the cut-off as computed in
 * full — without its sqrt or pow (issue 13). NaN inputs give NaN, which no distance exceeds.
 */
export function cutoffDistanceKm(vmax: number, rmaxKm: number, exponent: number, cutoffMs: number): number {
  if (!(exponent > 0 && cutoffMs > 0)) return Infinity;
  return rmaxKm * Math.pow(vmax / (cutoffMs * (1 - 1e-9)), 1 / exponent);
}

export interface DecayParams {
  alphaSouthPerH: number;
  vbSouthMs: number;
  alphaNorthPerH: number;
  vbNorthMs: number;
  latSouth: number;
  latNorth: number;
  translationKmh: number;
}

/** Kaplan–DeMaria background speed Vb and decay factor e^(−αt) for a township: fixed per township, so computed once. */
export function inlandDecay(latDeg: number, inlandKm: number, p: DecayParams): { vb: number; factor: number } {
  const w = Math.min(1, Math.max(0, (latDeg - p.latSouth) / (p.latNorth - p.latSouth)));
  const alpha = p.alphaSouthPerH + w * (p.alphaNorthPerH - p.alphaSouthPerH);
  const vb = p.vbSouthMs + w * (p.vbNorthMs - p.vbSouthMs);
  const hours = inlandKm / p.translationKmh;
  return { vb, factor: Math.exp(-alpha * hours) };
}

export function decayedWind(v: number, vb: number, factor: number): number {
  return v > vb ? vb + (v - vb) * factor : v;
}
